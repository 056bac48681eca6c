"""A case for everyone marked as attended on a trip: made once, with the household the
profile tells, linked to the person's trips, applications and meetings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.services import application_transition, applications_bulk_transition
from followup.models import CaseSource, CaseStage, FollowUpCase
from followup.services import cases_open_for_attended
from itineraries.models import Meeting

from ...factories import ApplicationFactory, CandidateFactory, EmployerFactory, TripFactory
from ...web.pages import page_text
from .conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def started_trip(organisation):
    start = timezone.now() - timedelta(days=1)
    return TripFactory(
        organisation=organisation,
        status="closed",
        title="Vinterresan",
        starts_at=start,
        application_deadline=start - timedelta(days=7),
    )


def accepted(trip, **candidate_fields):
    candidate = CandidateFactory(**candidate_fields)
    return ApplicationFactory(candidate=candidate, trip=trip, status="accepted")


def test_marking_attended_opens_a_case_with_the_household(
    started_trip, organiser, django_capture_on_commit_callbacks
):
    application = accepted(
        started_trip,
        name="Greta Lund",
        phone="070-555 55 55",
        city="Malmö",
        partner_occupation="Electrician",
        partner_needs_job=True,
        children_ages=[0, 3, 7, 17],
    )

    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, actor=organiser, to_status="attended")

    case = FollowUpCase.objects.get()
    assert case.organisation == started_trip.organisation
    assert case.candidate == application.candidate
    assert (case.name, case.phone, case.city) == ("Greta Lund", "070-555 55 55", "Malmö")
    assert case.email == application.candidate.email
    assert case.source == CaseSource.TRIP
    assert case.source_note == "Vinterresan"
    assert case.stage == CaseStage.VISITED
    assert case.partner_occupation == "Electrician"
    assert case.partner_looking_for_work is True
    assert case.children == [
        {"age": 0, "need": ""},
        {"age": 3, "need": "preschool"},
        {"age": 7, "need": "school"},
        {"age": 17, "need": ""},
    ]
    assert case.status_changes.get().to_status == CaseStage.VISITED


def test_no_case_for_no_shows(started_trip, organiser, django_capture_on_commit_callbacks):
    application = accepted(started_trip)

    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, actor=organiser, to_status="no_show")

    assert not FollowUpCase.objects.exists()


def test_opening_cases_is_idempotent(started_trip, organiser, django_capture_on_commit_callbacks):
    applications = [accepted(started_trip), accepted(started_trip)]
    with django_capture_on_commit_callbacks(execute=True):
        applications_bulk_transition(
            applications=applications, actor=organiser, to_status="attended"
        )
    assert FollowUpCase.objects.count() == 2
    case = FollowUpCase.objects.first()
    case.notes = "Keep me"
    case.save()

    assert cases_open_for_attended(trip_id=started_trip.pk) == []

    assert FollowUpCase.objects.count() == 2
    case.refresh_from_db()
    assert case.notes == "Keep me"


def test_a_case_by_hand_with_the_same_address_is_linked_not_doubled(
    started_trip, organisation, organiser, django_capture_on_commit_callbacks
):
    application = accepted(started_trip)
    by_hand = make_case(organisation, email=application.candidate.email.upper())

    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, actor=organiser, to_status="attended")

    assert FollowUpCase.objects.count() == 1
    by_hand.refresh_from_db()
    assert by_hand.candidate == application.candidate
    assert by_hand.stage == CaseStage.VISITED


def test_case_links_to_every_trip_and_application_of_the_person(
    client, coordinator, organisation, started_trip, other_organisation
):
    candidate = CandidateFactory()
    attended = ApplicationFactory(candidate=candidate, trip=started_trip, status="attended")
    employer = EmployerFactory(organisation=organisation, name="Fjällbygg AB")
    Meeting.objects.create(
        trip=started_trip,
        application=attended,
        employer=employer,
        starts_at=started_trip.starts_at,
        ends_at=started_trip.starts_at + timedelta(minutes=20),
    )
    later = TripFactory(organisation=organisation, title="Sommarresan", status="published")
    ApplicationFactory(candidate=candidate, trip=later)
    elsewhere = TripFactory(organisation=other_organisation, title="Their trip")
    ApplicationFactory(candidate=candidate, trip=elsewhere)
    cases_open_for_attended(trip_id=started_trip.pk)
    case = FollowUpCase.objects.get()
    client.force_login(coordinator)

    page = page_text(client.get(reverse("followup_case_detail", kwargs={"pk": case.pk})).content)

    assert "Vinterresan" in page and "Attended" in page
    assert "Sommarresan" in page and "Submitted" in page
    assert "Their trip" not in page  # another organisation's
    assert "Fjällbygg AB · Vinterresan" in page
