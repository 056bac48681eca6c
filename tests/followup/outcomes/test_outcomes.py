"""Employers record what came of each candidate they met; a hire moves the person's case."""

from datetime import date, timedelta

import pytest

from core.exceptions import NotPermitted, ValidationFailed
from followup.models import CaseStage, EmployerFeedback, MeetingOutcome
from followup.outcome_services import outcome_set

from ...factories import EmployerMemberFactory
from .conftest import case_for

pytestmark = pytest.mark.django_db


def outcomes_url(w):
    return f"/employer/trips/{w.trip.slug}/outcomes/"


def test_the_outcomes_page_lists_only_the_candidates_the_employer_met(client, outcome_world):
    w = outcome_world
    client.force_login(w.are_member)

    response = client.get(outcomes_url(w))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Ada Lind" in body and "Cia Berg" in body
    assert "Bo Ek" not in body


def test_an_employer_saves_one_row_and_sees_it_recorded(client, outcome_world):
    w = outcome_world
    client.force_login(w.are_member)
    prefix = f"a{w.ada.pk}"

    response = client.post(
        outcomes_url(w),
        {
            "application_id": w.ada.pk,
            f"{prefix}-application_id": w.ada.pk,
            f"{prefix}-result": "interview",
        },
        follow=True,
    )

    assert response.status_code == 200
    outcome = MeetingOutcome.objects.get(application=w.ada, employer=w.are)
    assert (outcome.result, outcome.recorded_by) == ("interview", w.are_member)
    assert "Recorded: Interview" in response.content.decode()


def test_another_employers_candidate_is_refused(client, outcome_world):
    w = outcome_world
    with pytest.raises(ValidationFailed) as refused:
        outcome_set(
            trip=w.trip,
            employer=w.are,
            application=w.bo,
            actor=w.are_member,
            result="offer",
        )
    assert refused.value.extra["fields"] == {
        "application_id": ["You did not meet this candidate on the trip."]
    }

    client.force_login(w.are_member)
    prefix = f"a{w.bo.pk}"
    response = client.post(
        outcomes_url(w),
        {
            "application_id": w.bo.pk,
            f"{prefix}-application_id": w.bo.pk,
            f"{prefix}-result": "offer",
        },
    )
    assert response.status_code == 404
    assert not MeetingOutcome.objects.exists()


def test_a_cancelled_meeting_is_not_a_meeting(outcome_world):
    w = outcome_world
    w.ada.meetings.update(status="cancelled")

    with pytest.raises(ValidationFailed):
        outcome_set(trip=w.trip, employer=w.are, application=w.ada, actor=w.are_member, result="no")


def test_only_members_of_the_employer_record_its_outcomes(outcome_world):
    w = outcome_world
    with pytest.raises(NotPermitted):
        outcome_set(
            trip=w.trip, employer=w.are, application=w.ada, actor=w.ostersund_member, result="no"
        )
    with pytest.raises(NotPermitted):
        outcome_set(trip=w.trip, employer=w.are, application=w.ada, actor=w.organiser, result="no")


def test_hired_needs_a_start_date_and_only_hired_has_one(client, outcome_world):
    w = outcome_world
    client.force_login(w.are_member)
    prefix = f"a{w.ada.pk}"
    data = {"application_id": w.ada.pk, f"{prefix}-application_id": w.ada.pk}

    response = client.post(outcomes_url(w), {**data, f"{prefix}-result": "hired"})

    assert response.status_code == 422
    assert "Give the date they start work." in response.content.decode()
    assert not MeetingOutcome.objects.exists()

    response = client.post(
        outcomes_url(w), {**data, f"{prefix}-result": "offer", f"{prefix}-start_date": "2031-05-01"}
    )
    assert response.status_code == 422
    assert "Only a hire has a start date." in response.content.decode()

    client.post(
        outcomes_url(w), {**data, f"{prefix}-result": "hired", f"{prefix}-start_date": "2031-05-01"}
    )
    outcome = MeetingOutcome.objects.get()
    assert (outcome.result, outcome.start_date) == ("hired", date(2031, 5, 1))


def test_nothing_is_recorded_before_the_trip_starts(outcome_world):
    w = outcome_world
    w.clock.set(w.trip.starts_at - timedelta(minutes=1))

    with pytest.raises(ValidationFailed, match="The trip has not started yet."):
        outcome_set(trip=w.trip, employer=w.are, application=w.ada, actor=w.are_member, result="no")


def test_recording_again_changes_the_one_outcome(outcome_world):
    w = outcome_world
    outcome_set(
        trip=w.trip, employer=w.are, application=w.ada, actor=w.are_member, result="interview"
    )
    outcome_set(trip=w.trip, employer=w.are, application=w.ada, actor=w.are_member, result="no")

    assert list(MeetingOutcome.objects.values_list("result", flat=True)) == ["no"]


def test_a_hire_moves_the_case_to_hired_with_who_and_why(outcome_world):
    w = outcome_world
    case = case_for(w.ada, stage="visited")

    outcome_set(
        trip=w.trip,
        employer=w.are,
        application=w.ada,
        actor=w.are_member,
        result="hired",
        start_date=date(2031, 6, 1),
    )

    case.refresh_from_db()
    assert case.stage == CaseStage.HIRED
    change = case.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == (
        "visited",
        "hired",
        w.are_member,
    )
    assert "Åre Data" in change.note


def test_an_interview_and_an_offer_move_the_case_forward(outcome_world):
    w = outcome_world
    case = case_for(w.cia, stage="visited")

    outcome_set(
        trip=w.trip, employer=w.are, application=w.cia, actor=w.are_member, result="interview"
    )
    case.refresh_from_db()
    assert case.stage == CaseStage.INTERVIEWING
    outcome_set(
        trip=w.trip,
        employer=w.ostersund,
        application=w.cia,
        actor=w.ostersund_member,
        result="offer",
    )
    case.refresh_from_db()
    assert case.stage == CaseStage.OFFER
    assert list(case.status_changes.order_by("id").values_list("to_status", flat=True)) == [
        "interviewing",
        "offer",
    ]


def test_an_offer_does_not_move_a_hired_case_back(outcome_world):
    w = outcome_world
    case = case_for(w.cia, stage="visited")
    outcome_set(
        trip=w.trip,
        employer=w.are,
        application=w.cia,
        actor=w.are_member,
        result="hired",
        start_date=date(2031, 6, 1),
    )

    outcome_set(
        trip=w.trip,
        employer=w.ostersund,
        application=w.cia,
        actor=w.ostersund_member,
        result="offer",
    )

    case.refresh_from_db()
    assert case.stage == CaseStage.HIRED
    assert case.status_changes.count() == 1


def test_a_no_leaves_the_case_alone(outcome_world):
    w = outcome_world
    case = case_for(w.ada, stage="visited")

    outcome_set(trip=w.trip, employer=w.are, application=w.ada, actor=w.are_member, result="no")

    case.refresh_from_db()
    assert case.stage == "visited"
    assert not case.status_changes.exists()


def test_a_member_without_a_booking_on_the_trip_gets_404(client, outcome_world):
    w = outcome_world
    stranger = EmployerMemberFactory().user
    client.force_login(stranger)

    assert client.get(outcomes_url(w)).status_code == 404
    client.force_login(w.candidates[0])
    assert client.get(outcomes_url(w)).status_code == 404


def test_the_bookings_list_links_the_outcomes_once_the_trip_started(client, outcome_world):
    w = outcome_world
    client.force_login(w.are_member)

    assert outcomes_url(w) in client.get("/employer/bookings/").content.decode()

    w.clock.set(w.trip.starts_at - timedelta(days=1))
    assert outcomes_url(w) not in client.get("/employer/bookings/").content.decode()


def test_the_employer_gives_feedback_on_the_same_page(client, outcome_world):
    w = outcome_world
    client.force_login(w.are_member)

    response = client.post(
        f"/employer/trips/{w.trip.slug}/feedback/",
        {"trip_rating": "4", "candidates_rating": "5", "comment": "Bra folk"},
        follow=True,
    )

    assert response.status_code == 200
    assert "You have given your feedback." in response.content.decode()
    feedback = EmployerFeedback.objects.get()
    assert (feedback.employer, feedback.trip_rating, feedback.candidates_rating) == (w.are, 4, 5)
