"""Issue 14.5: every access to candidate data is audited — applicant pages, CVs, CSV exports,
packs (web and PDF), API reads, the admin, follow-up cases — organisers read the log per
trip and per candidate, and the candidate finds it (without staffers' names) in their export."""

import io
import json
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.audit import access_record
from candidates.models import AccessLog, Candidate
from followup.models import CoordinatorMembership, FollowUpCase
from packs.models import PackView

from ..factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
    UserFactory,
)
from ..web.pages import texts

pytestmark = pytest.mark.django_db


def rows(**filters) -> list[tuple]:
    """The audit as (candidate name, actor, employer, organisation, trip, action, via)."""
    return sorted(
        AccessLog.objects.filter(**filters).values_list(
            "candidate__name",
            "actor_id",
            "employer_id",
            "organisation_id",
            "trip_id",
            "action",
            "via",
        )
    )


def entries(response) -> list[tuple[str, str, str, str]]:
    """The log page's rows as (candidate or trip, who, for whom, what)."""
    content = response.content
    first = texts(content, "td", "access-log__candidate") or texts(
        content, "td", "access-log__trip"
    )
    return list(
        zip(
            first,
            texts(content, "td", "access-log__actor"),
            texts(content, "td", "access-log__for"),
            texts(content, "td", "access-log__action"),
            strict=True,
        )
    )


def accepted(trip, name, *, shares=True):
    return ApplicationFactory(
        candidate=CandidateFactory(name=name),
        trip=trip,
        status="accepted",
        share_consent_at=timezone.now() if shares else None,
        share_consent_version="2026-01" if shares else "",
    )


@pytest.fixture
def world(organiser):
    """A published trip of the organiser's organisation with Ada (accepted, sharing, a CV),
    Bo (accepted, not sharing) and Cia (submitted); Åre Data has a confirmed booking."""
    organisation = organiser.organisation_
    trip = TripFactory(
        organisation=organisation, status="published", slug="audit-trip", title="IT-resan"
    )
    ada = accepted(trip, "Ada Lind")
    ada.candidate.cv.save("ada.pdf", ContentFile(b"%PDF-1.7\nAda's CV"))
    bo = accepted(trip, "Bo Ek", shares=False)
    cia = ApplicationFactory(candidate=CandidateFactory(name="Cia Berg"), trip=trip)
    employer = EmployerFactory(name="Åre Data", organisation=organisation)
    SlotBookingFactory(employer=employer, trip=trip, status="confirmed", hold_expires_at=None)
    member = EmployerMemberFactory(employer=employer, user__full_name="Eva Arbetsgivare").user
    other = OrganiserFactory()
    return SimpleNamespace(
        organisation=organisation,
        organiser=organiser,
        trip=trip,
        ada=ada,
        bo=bo,
        cia=cia,
        employer=employer,
        member=member,
        other_organiser=other.user,
        other_organisation=other.organisation,
    )


# Each kind of access writes the right rows


def test_an_organiser_opening_an_applicant_is_recorded(client, world):
    w = world
    client.force_login(w.organiser)

    response = client.get(reverse("manage:applicant_detail", args=[w.trip.slug, w.ada.pk]))

    assert response.status_code == 200
    assert rows() == [
        (
            "Ada Lind",
            w.organiser.pk,
            None,
            w.organisation.pk,
            w.trip.pk,
            "applicant_view",
            "manage:applicant_detail",
        )
    ]


def test_cv_downloads_are_recorded_for_the_organisation_or_the_employer(client, world):
    w = world
    url = reverse("candidate_cv", args=[w.ada.candidate.pk])

    client.force_login(w.organiser)
    assert client.get(url).status_code == 200
    client.force_login(w.member)
    assert client.get(url).status_code == 200

    assert rows() == sorted(
        [
            (
                "Ada Lind",
                w.organiser.pk,
                None,
                w.organisation.pk,
                w.trip.pk,
                "cv_download",
                "candidate_cv",
            ),
            (
                "Ada Lind",
                w.member.pk,
                w.employer.pk,
                None,
                w.trip.pk,
                "cv_download",
                "candidate_cv",
            ),
        ]
    )


def test_a_refused_cv_download_is_not_recorded(client, world):
    client.force_login(world.other_organiser)

    assert client.get(reverse("candidate_cv", args=[world.ada.candidate.pk])).status_code == 404
    assert rows() == []


def test_a_csv_export_records_one_row_per_candidate_in_the_file(client, world):
    w = world
    client.force_login(w.organiser)

    response = client.get(
        reverse("manage:applicants_csv", args=[w.trip.slug]), {"status": "accepted"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Ada Lind" in body and "Bo Ek" in body and "Cia Berg" not in body
    assert [(r[0], r[3], r[4], r[5]) for r in rows()] == [
        ("Ada Lind", w.organisation.pk, w.trip.pk, "csv_export"),
        ("Bo Ek", w.organisation.pk, w.trip.pk, "csv_export"),
    ]


def test_an_employer_reading_their_pack_records_the_candidates_it_shows(client, world):
    w = world
    client.force_login(w.member)

    assert client.get(f"/trips/{w.trip.slug}/pack/").status_code == 200

    # Bo does not share his profile: the employer's pack does not show him.
    assert rows() == [
        ("Ada Lind", w.member.pk, w.employer.pk, None, w.trip.pk, "pack_web", "pack_page")
    ]
    assert PackView.objects.filter(viewer=w.member, format="web").count() == 1


def test_the_organisers_full_pack_records_every_participant_for_the_organisation(client, world):
    w = world
    client.force_login(w.organiser)

    assert client.get(f"/trips/{w.trip.slug}/pack/").status_code == 200

    assert [(r[0], r[2], r[3], r[5]) for r in rows()] == [
        ("Ada Lind", None, w.organisation.pk, "pack_web"),
        ("Bo Ek", None, w.organisation.pk, "pack_web"),
    ]


def test_pack_pdfs_record_the_candidates_they_show(
    client, world, django_capture_on_commit_callbacks
):
    w = world
    client.force_login(w.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/trips/{w.trip.slug}/pack/")
    AccessLog.objects.all().delete()

    response = client.get(f"/trips/{w.trip.slug}/pack.pdf")

    assert response.status_code == 200
    assert rows() == [
        ("Ada Lind", w.member.pk, w.employer.pk, None, w.trip.pk, "pack_pdf", "pack_pdf")
    ]
    assert PackView.objects.filter(viewer=w.member, format="pdf").count() == 1

    client.force_login(w.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/trips/{w.trip.slug}/pack/")
    AccessLog.objects.all().delete()
    assert client.get(f"/trips/{w.trip.slug}/participants.pdf").status_code == 200
    assert [(r[0], r[3], r[5], r[6]) for r in rows()] == [
        ("Ada Lind", w.organisation.pk, "pack_pdf", "participants_pdf"),
        ("Bo Ek", w.organisation.pk, "pack_pdf", "participants_pdf"),
    ]


def test_an_api_list_of_applications_records_the_candidates_of_the_page_answered(
    client, world, bearer
):
    w = world
    headers = bearer(w.organiser)

    response = client.get(
        f"/api/v1/trips/{w.trip.slug}/applications",
        {"page_size": 2, "sort": "name"},
        headers=headers,
    )

    assert response.status_code == 200
    names = [item["candidate_name"] for item in response.json()["items"]]
    assert len(names) == 2
    assert [(r[0], r[1], r[3], r[4], r[5], r[6]) for r in rows()] == sorted(
        (
            name,
            w.organiser.pk,
            w.organisation.pk,
            w.trip.pk,
            "api_read",
            "candidates_api_trip_applications",
        )
        for name in names
    )


def test_an_api_list_refused_or_empty_records_nothing(client, world, bearer):
    response = client.get(
        f"/api/v1/trips/{world.trip.slug}/applications", headers=bearer(world.other_organiser)
    )

    assert response.status_code == 404
    assert rows() == []


def test_admin_change_pages_of_candidates_and_applications_are_recorded(client, world):
    w = world
    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(root)

    candidate_page = reverse("admin:candidates_candidate_change", args=[w.bo.candidate.pk])
    application_page = reverse("admin:candidates_application_change", args=[w.ada.pk])
    assert client.get(candidate_page).status_code == 200
    assert client.get(application_page).status_code == 200
    assert client.get(reverse("admin:candidates_candidate_changelist")).status_code == 200

    assert rows() == [
        (
            "Ada Lind",
            root.pk,
            None,
            None,
            w.trip.pk,
            "admin_view",
            "admin:candidates_application_change",
        ),
        ("Bo Ek", root.pk, None, None, None, "admin_view", "admin:candidates_candidate_change"),
    ]


def test_an_organiser_in_the_admin_is_recorded_for_their_organisation(client, world):
    from events.services import organiser_add  # noqa: PLC0415 -- leaf

    w = world
    organiser_add(organisation=w.organisation, user=w.organiser)
    client.force_login(w.organiser)

    page = reverse("admin:candidates_application_change", args=[w.ada.pk])
    assert client.get(page).status_code == 200

    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows()] == [
        ("Ada Lind", w.organiser.pk, w.organisation.pk, w.trip.pk, "admin_view")
    ]


def test_follow_up_case_pages_and_api_are_recorded(client, world, bearer):
    w = world
    coordinator = UserFactory(full_name="Kim Koordinator")
    CoordinatorMembership.objects.create(organisation=w.organisation, user=coordinator)
    case = FollowUpCase.objects.create(
        organisation=w.organisation, candidate=w.ada.candidate, name="Ada Lind", source="trip"
    )
    walk_in = FollowUpCase.objects.create(
        organisation=w.organisation, name="Dan Walk-in", source="other"
    )
    client.force_login(coordinator)

    assert client.get(reverse("followup_case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("followup_case_detail", args=[walk_in.pk])).status_code == 200
    headers = bearer(coordinator)
    assert client.get(f"/api/v1/cases/{case.pk}", headers=headers).status_code == 200

    assert rows() == [
        (
            "Ada Lind",
            coordinator.pk,
            None,
            w.organisation.pk,
            None,
            "case_view",
            "followup_api_cases_case_get",
        ),
        (
            "Ada Lind",
            coordinator.pk,
            None,
            w.organisation.pk,
            None,
            "case_view",
            "followup_case_detail",
        ),
    ]


# Own reads are not recorded


def test_a_candidate_reading_their_own_data_is_not_recorded(client, world, bearer):
    ada = world.ada.candidate
    client.force_login(ada.user)
    headers = bearer(ada.user)

    assert client.get(reverse("candidate_cv", args=[ada.pk])).status_code == 200
    assert client.get("/api/v1/me/profile", headers=headers).status_code == 200
    assert client.get("/api/v1/me/applications", headers=headers).status_code == 200
    assert client.post(reverse("manage:my_data_export")).status_code == 200

    assert rows() == []


def test_access_record_leaves_out_the_actor_s_own_profile_however_candidates_are_given(world):
    w = world
    ada = w.ada.candidate
    everyone = Candidate.objects.filter(applications__trip=w.trip)

    cases = [
        (ada, []),
        (ada.pk, []),
        ([ada.pk, w.bo.candidate.pk], ["Bo Ek"]),
        ([ada, w.bo.candidate, w.bo.candidate], ["Bo Ek"]),
        (everyone, ["Bo Ek", "Cia Berg"]),
    ]
    for given, expected in cases:
        AccessLog.objects.all().delete()
        written = access_record(actor=ada.user, action="profile_view", candidates=given)
        assert ([r[0] for r in rows()], written) == (expected, len(expected))


# Organisers read the log: per trip and per candidate; other organisations get 404


def _seed_log(w):
    access_record(
        actor=w.member,
        action="pack_web",
        candidates=[w.ada.candidate],
        trip=w.trip,
        employer=w.employer,
        via="pack_page",
    )
    access_record(
        actor=w.organiser,
        action="cv_download",
        candidates=[w.ada.candidate, w.bo.candidate],
        trip=w.trip,
        organisation=w.organisation,
        via="candidate_cv",
    )


def test_the_trip_access_log_lists_who_for_whom_and_what_and_filters_by_action(client, world):
    w = world
    _seed_log(w)
    other_trip = TripFactory(organisation=w.other_organisation)
    access_record(
        actor=w.other_organiser,
        action="applicant_view",
        candidates=w.ada.candidate,
        trip=other_trip,
        organisation=other_trip.organisation,
    )
    client.force_login(w.organiser)
    url = reverse("manage:trip_access_log", args=[w.trip.slug])

    page = client.get(url)
    filtered = client.get(url, {"action": "pack_web"})

    assert page.status_code == 200
    assert entries(page) == [
        ("Bo Ek", w.organiser.full_name, w.organisation.name, "Downloaded the CV"),
        ("Ada Lind", w.organiser.full_name, w.organisation.name, "Downloaded the CV"),
        ("Ada Lind", "Eva Arbetsgivare", "Åre Data", "Read in a candidate pack (web)"),
    ]  # newest first; not the other organisation's trip
    assert entries(filtered) == [
        ("Ada Lind", "Eva Arbetsgivare", "Åre Data", "Read in a candidate pack (web)")
    ]
    nonsense = client.get(url, {"action": "nonsense"})
    assert nonsense.status_code == 200 and len(entries(nonsense)) == 3


def test_the_trip_access_log_reads_swedish(client, world):
    w = world
    _seed_log(w)
    client.force_login(w.organiser)

    response = client.get(
        reverse("manage:trip_access_log", args=[w.trip.slug]), headers={"Accept-Language": "sv"}
    )

    assert texts(response.content, "h1") == ["Vem som har tittat på kandidaternas uppgifter"]
    assert texts(response.content, "td", "access-log__action") == [
        "Laddade ner CV:t",
        "Laddade ner CV:t",
        "Läste i ett kandidatpaket (webb)",
    ]


def test_the_trip_access_log_is_a_404_for_another_organisation(client, world):
    client.force_login(world.other_organiser)

    response = client.get(reverse("manage:trip_access_log", args=[world.trip.slug]))

    assert response.status_code == 404


def test_the_applicant_page_links_to_the_candidate_s_access_log(client, world):
    w = world
    _seed_log(w)
    other = w.other_organisation
    other_trip = TripFactory(organisation=other, title="Another organisation's trip")
    ApplicationFactory(candidate=w.ada.candidate, trip=other_trip)
    access_record(
        actor=w.other_organiser,
        action="applicant_view",
        candidates=w.ada.candidate,
        trip=other_trip,
        organisation=other,
    )
    client.force_login(w.organiser)
    url = reverse("manage:applicant_access_log", args=[w.trip.slug, w.ada.pk])

    detail = client.get(reverse("manage:applicant_detail", args=[w.trip.slug, w.ada.pk]))
    page = client.get(url)

    assert f'href="{url}"' in detail.content.decode()
    # This very opening of her applicant page, her CV download and her pack read.
    assert entries(page) == [
        ("IT-resan", w.organiser.full_name, w.organisation.name, "Viewed an application"),
        ("IT-resan", w.organiser.full_name, w.organisation.name, "Downloaded the CV"),
        ("IT-resan", "Eva Arbetsgivare", "Åre Data", "Read in a candidate pack (web)"),
    ]
    assert "Another organisation" not in page.content.decode()
    client.force_login(w.other_organiser)
    assert client.get(url).status_code == 404


def test_the_trip_access_log_reads_a_page_in_the_same_queries_at_two_sizes(client, world):
    w = world
    client.force_login(w.organiser)
    url = reverse("manage:trip_access_log", args=[w.trip.slug])
    counts = []
    for size in (2, 12):
        for n in range(size):
            application = accepted(w.trip, f"Extra {size}-{n}")
            access_record(
                actor=w.member,
                action="pack_web",
                candidates=application.candidate,
                trip=w.trip,
                employer=w.employer,
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert len(entries(response)) == 14
    assert counts[0] == counts[1]


# The candidate's export


def test_the_export_lists_accesses_by_employer_and_organisation_not_by_staffer(client, world):
    w = world
    _seed_log(w)
    client.force_login(w.ada.candidate.user)

    response = client.post(reverse("manage:my_data_export"))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    text = archive.read("data.json").decode()
    data = json.loads(text)
    assert [
        (a["action"], a["action_label"], a["employer"], a["organisation"], a["trip"])
        for a in data["accesses"]
    ] == [
        ("pack_web", "Read in a candidate pack (web)", "Åre Data", "", "IT-resan"),
        ("cv_download", "Downloaded the CV", "", w.organisation.name, "IT-resan"),
    ]
    assert all(a["when"] for a in data["accesses"])
    for staffer in (w.member, w.organiser):
        assert staffer.email not in text and staffer.full_name not in text
    assert "pack_views_of_your_data" not in data


# The write is cheap


def test_the_pack_page_writes_its_audit_in_one_insert_whatever_the_pack_size(client, world):
    w = world
    client.force_login(w.organiser)
    counts = []
    for extra in (0, 10):
        for n in range(extra):
            accepted(w.trip, f"Extra {n}")
        client.get(f"/trips/{w.trip.slug}/pack/")  # queues the PDFs of this content
        AccessLog.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/trips/{w.trip.slug}/pack/").status_code == 200
        inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "candidates_accesslog"')]
        assert len(inserts) == 1
        assert AccessLog.objects.filter(action="pack_web").count() == 2 + extra
        counts.append(len(queries))

    assert counts[0] == counts[1]
