"""The pack models moved from `events` to `packs` without touching their tables: a database
migrated at the commit before the move keeps every pack row, and their permissions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from itineraries.models import MeetingPreference
from packs.models import PackDocument, PackMark, PackView

from ..factories import (
    ApplicationFactory,
    EmployerFactory,
    TripFactory,
    UserFactory,
    org_number,
)

BEFORE_THE_MOVE = ("events", "0004_packview_packdocument_packmark")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _rows_the_packs_refer_to(old_apps):
    """A trip, an employer and an accepted application, written with the models as they were
    before the move (today's models have columns those tables did not have yet)."""
    now = timezone.now()
    organisation = old_apps.get_model("events", "Organisation").objects.create(
        name="Flyttkommunen", slug="flyttkommunen"
    )
    trip = old_apps.get_model("events", "Trip").objects.create(
        organisation=organisation,
        title="Flytt-resan",
        slug="flytt-resan",
        summary="Två dagar",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=32),
        application_deadline=now + timedelta(days=20),
        base_locations="Östersund",
        candidate_capacity=10,
        employer_slots=4,
        slot_price_ore=1_500_000,
        status="published",
        published_at=now,
    )
    employer = old_apps.get_model("employers", "Employer").objects.create(
        organisation=organisation,
        org_number=org_number(4242),
        name="Flyttfirman AB",
        slug="flyttfirman",
        approved_at=now,
    )
    candidate = old_apps.get_model("candidates", "Candidate").objects.create(
        user_id=UserFactory().pk, name="Kim Flytt", email="kim@example.test"
    )
    application = old_apps.get_model("candidates", "Application").objects.create(
        candidate=candidate, trip=trip, status="accepted", motivation="Fjällen."
    )
    return trip, employer, application


@pytest.mark.django_db(transaction=True)
def test_pack_rows_survive_the_move_from_events_to_packs():
    old_apps = _migrate([BEFORE_THE_MOVE, ("packs", None)])
    assert not any(m._meta.app_label == "packs" for m in old_apps.get_models())
    trip, employer, application = _rows_the_packs_refer_to(old_apps)
    viewer = UserFactory()
    # Rows written by the old models, as a database at the commit before the move holds them.
    ContentType.objects.clear_cache()
    old_type = ContentType.objects.get_or_create(app_label="events", model="packmark")[0]
    old_permission = Permission.objects.get_or_create(
        content_type=old_type, codename="view_packmark", defaults={"name": "Can view pack mark"}
    )[0]
    old_apps.get_model("events", "PackMark").objects.create(
        employer_id=employer.pk, application_id=application.pk, interested=True, note="Ring!"
    )
    old_apps.get_model("events", "PackDocument").objects.create(
        trip_id=trip.pk, employer_id=employer.pk, kind="employer", version="v1", state="ready"
    )
    old_apps.get_model("events", "PackView").objects.create(
        trip_id=trip.pk, employer_id=employer.pk, kind="employer", format="pdf", viewer_id=viewer.pk
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    mark = PackMark.objects.get()
    assert (mark.employer_id, mark.application_id, mark.note) == (
        employer.pk,
        application.pk,
        "Ring!",
    )
    # "Interested" became the employer's wish to meet the candidate (packs/0003).
    assert list(
        MeetingPreference.objects.values_list("employer", "application", "side", "level")
    ) == [(employer.pk, application.pk, "employer", "want")]
    document = PackDocument.objects.get()
    assert (document.trip_id, document.employer_id, document.version, document.state) == (
        trip.pk,
        employer.pk,
        "v1",
        "ready",
    )
    assert list(PackView.objects.values_list("trip", "viewer", "format")) == [
        (trip.pk, viewer.pk, "pdf")
    ]
    ContentType.objects.clear_cache()
    old_permission.refresh_from_db()
    assert old_permission.content_type.app_label == "packs"
    assert not ContentType.objects.filter(app_label="events", model="packmark").exists()


BEFORE_THE_WISHES = ("packs", "0002_pack_document_language")


@pytest.mark.django_db(transaction=True)
def test_interested_marks_become_would_like_to_meet_wishes():
    old_apps = _migrate([BEFORE_THE_WISHES])
    # Only the packs app goes back: the rows it refers to are today's.
    trip = TripFactory(status="published")
    employer = EmployerFactory()
    application, other, third = (ApplicationFactory(trip=trip, status="accepted") for _ in range(3))
    marker = UserFactory()
    PackMark = old_apps.get_model("packs", "PackMark")
    PackMark.objects.create(
        employer_id=employer.pk,
        application_id=application.pk,
        interested=True,
        note="Ring!",
        updated_by_id=marker.pk,
    )
    PackMark.objects.create(
        employer_id=employer.pk, application_id=other.pk, interested=False, note="Kanske"
    )
    PackMark.objects.create(employer_id=employer.pk, application_id=third.pk, interested=True)
    # A wish the employer already gave through the API stays as it is.
    MeetingPreference.objects.create(
        employer=employer, application=third, side="employer", level="must"
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    wishes = MeetingPreference.objects.order_by("application_id")
    assert [(w.application_id, w.side, w.level, w.by_organiser) for w in wishes] == [
        (application.pk, "employer", "want", False),
        (third.pk, "employer", "must", False),
    ]
    assert wishes[0].set_by_id == marker.pk
    assert dict(PackMark.objects.values_list("application_id", "note")) == {
        application.pk: "Ring!",
        other.pk: "Kanske",
        third.pk: "",
    }

    # Backwards, a "must" or "want" wish is an interested mark again.
    old_apps = _migrate([BEFORE_THE_WISHES])
    interested = old_apps.get_model("packs", "PackMark").objects.filter(interested=True)
    assert set(interested.values_list("application_id", flat=True)) == {application.pk, third.pk}
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
