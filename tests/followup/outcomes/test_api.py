"""The outcomes and feedback API: the same rules as the pages."""

from datetime import timedelta

import pytest

from followup.models import CaseStage, EmployerFeedback, MeetingOutcome

from ...factories import EmployerMemberFactory, OrganiserFactory
from .conftest import attended, case_for, put

pytestmark = pytest.mark.django_db


def api(path: str) -> str:
    return f"/api/v1{path}"


def test_an_employer_reads_and_records_outcomes(client, outcome_world, bearer):
    w = outcome_world
    case = case_for(w.cia)
    headers = bearer(w.are_member)
    url = api(f"/trips/{w.trip.slug}/outcomes")

    rows = client.get(url, headers=headers).json()
    assert [(r["candidate_name"], r["result"]) for r in rows] == [
        ("Ada Lind", None),
        ("Cia Berg", None),
    ]

    response = put(
        client,
        url,
        {"application_id": w.cia.pk, "result": "hired", "start_date": "2031-08-15"},
        headers,
    )

    assert response.status_code == 200, response.json()
    assert response.json() == {
        "application_id": w.cia.pk,
        "candidate_name": "Cia Berg",
        "result": "hired",
        "start_date": "2031-08-15",
    }
    case.refresh_from_db()
    assert case.stage == CaseStage.HIRED


def test_outcome_errors_are_422_with_field_messages(client, outcome_world, bearer):
    w = outcome_world
    headers = bearer(w.are_member)
    url = api(f"/trips/{w.trip.slug}/outcomes")

    no_date = put(client, url, {"application_id": w.ada.pk, "result": "hired"}, headers)
    not_met = put(client, url, {"application_id": w.bo.pk, "result": "offer"}, headers)
    unknown = put(client, url, {"application_id": w.ada.pk, "result": "maybe"}, headers)

    assert no_date.status_code == 422
    assert no_date.json()["fields"] == {"start_date": ["Give the date they start work."]}
    assert not_met.status_code == 422
    assert not_met.json()["fields"] == {
        "application_id": ["You did not meet this candidate on the trip."]
    }
    assert unknown.status_code == 422
    assert "result" in unknown.json()["fields"]
    assert not MeetingOutcome.objects.exists()


def test_before_the_trip_starts_writes_are_422(client, outcome_world, bearer):
    w = outcome_world
    w.clock.set(w.trip.starts_at - timedelta(hours=1))

    response = put(
        client,
        api(f"/trips/{w.trip.slug}/outcomes"),
        {"application_id": w.ada.pk, "result": "no"},
        bearer(w.are_member),
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "The trip has not started yet."


def test_outcomes_are_404_for_everyone_but_booked_members(client, outcome_world, bearer):
    w = outcome_world
    url = api(f"/trips/{w.trip.slug}/outcomes")
    for user in (w.organiser, w.coordinator, w.ada.candidate.user, EmployerMemberFactory().user):
        assert client.get(url, headers=bearer(user)).status_code == 404
    assert (
        client.get(api("/trips/no-such-trip/outcomes"), headers=bearer(w.are_member)).status_code
        == 404
    )
    assert client.get(url).status_code == 401


def test_employer_feedback_by_api(client, outcome_world, bearer):
    w = outcome_world
    url = api(f"/trips/{w.trip.slug}/employer-feedback")

    bad = put(client, url, {"trip_rating": 6, "candidates_rating": 3}, bearer(w.ostersund_member))
    good = put(client, url, {"trip_rating": 5, "candidates_rating": 3}, bearer(w.ostersund_member))
    outsider = put(
        client, url, {"trip_rating": 5, "candidates_rating": 3}, bearer(w.ada.candidate.user)
    )

    assert bad.status_code == 422 and "trip_rating" in bad.json()["fields"]
    assert good.status_code == 200
    assert good.json()["employer"] == "Östersund Kod"
    assert outsider.status_code == 404
    assert list(EmployerFeedback.objects.values_list("employer__name", "trip_rating")) == [
        ("Östersund Kod", 5)
    ]


def test_a_candidate_gives_feedback_by_api(client, outcome_world, bearer):
    w = outcome_world
    attended(w.ada)
    headers = bearer(w.ada.candidate.user)
    url = api(f"/me/trips/{w.trip.slug}/feedback")

    before = client.get(url, headers=headers).json()
    assert before["submitted"] is False
    assert before["employers"] == [{"employer_id": w.are.pk, "name": "Åre Data", "rating": None}]

    unmet = put(
        client,
        url,
        {
            "trip_rating": 4,
            "got_offer": "no",
            "employer_ratings": [{"employer_id": w.ostersund.pk, "rating": 5}],
        },
        headers,
    )
    assert unmet.status_code == 422
    assert unmet.json()["fields"] == {"employer_ratings": ["You can only rate employers you met."]}

    response = put(
        client,
        url,
        {
            "trip_rating": 4,
            "got_offer": "not_yet",
            "employer_ratings": [{"employer_id": w.are.pk, "rating": 5}],
        },
        headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["submitted"], body["trip_rating"], body["got_offer"]) == (True, 4, "not_yet")
    assert body["employers"] == [{"employer_id": w.are.pk, "name": "Åre Data", "rating": 5}]


def test_candidate_feedback_is_404_unless_attended_and_own(client, outcome_world, bearer):
    w = outcome_world
    attended(w.ada)
    url = api(f"/me/trips/{w.trip.slug}/feedback")

    for user in (w.bo.candidate.user, w.are_member, w.organiser):
        assert client.get(url, headers=bearer(user)).status_code == 404
        response = put(client, url, {"trip_rating": 3, "got_offer": "no"}, bearer(user))
        assert response.status_code == 404


def test_the_summary_is_for_coordinators_and_organisers(client, outcome_world, bearer):
    w = outcome_world
    attended(w.ada)
    put(
        client,
        api(f"/me/trips/{w.trip.slug}/feedback"),
        {
            "trip_rating": 3,
            "got_offer": "no",
            "employer_ratings": [{"employer_id": w.are.pk, "rating": 4}],
        },
        bearer(w.ada.candidate.user),
    )
    url = api(f"/trips/{w.trip.slug}/feedback")

    for user in (w.organiser, w.coordinator):
        response = client.get(url, headers=bearer(user))
        assert response.status_code == 200
        body = response.json()
        assert (body["candidate_trip_average"], body["candidate_feedback_count"]) == (3.0, 1)
        are = next(e for e in body["employers"] if e["employer"] == "Åre Data")
        assert (are["average_rating"], are["ratings"]) == (4.0, 1)
    for user in (w.are_member, w.ada.candidate.user, OrganiserFactory().user):
        assert client.get(url, headers=bearer(user)).status_code == 404
