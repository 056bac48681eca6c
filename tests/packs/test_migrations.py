"""The pack models moved from `events` to `packs` without touching their tables: a database
migrated at the commit before the move keeps every pack row, and their permissions."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Organisation
from packs.models import PackDocument, PackMark, PackView

from ..factories import ApplicationFactory, EmployerFactory, TripFactory, UserFactory

BEFORE_THE_MOVE = ("events", "0004_packview_packdocument_packmark")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_pack_rows_survive_the_move_from_events_to_packs():
    old_apps = _migrate([BEFORE_THE_MOVE, ("packs", None)])
    assert not any(m._meta.app_label == "packs" for m in old_apps.get_models())
    # The organisation through the old model: its table lacks columns added since (the logo).
    old_organisation = old_apps.get_model("events", "Organisation").objects.create(
        name="Flyttkommunen", slug="flyttkommunen"
    )
    organisation = Organisation(pk=old_organisation.pk)
    trip = TripFactory(slug="flytt-resan", organisation=organisation)
    employer = EmployerFactory(name="Flyttfirman AB", organisation=organisation)
    application = ApplicationFactory(trip=trip, status="accepted")
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
    assert (mark.employer, mark.application, mark.interested, mark.note) == (
        employer,
        application,
        True,
        "Ring!",
    )
    document = PackDocument.objects.get()
    assert (document.trip, document.employer, document.version, document.state) == (
        trip,
        employer,
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
