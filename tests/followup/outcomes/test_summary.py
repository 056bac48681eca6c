"""The organisers' and coordinators' page of a trip's outcomes and feedback."""

from datetime import date

import pytest

from followup.outcome_services import (
    candidate_feedback_submit,
    employer_feedback_submit,
    outcome_set,
)

from ...factories import OrganiserFactory
from ...web.pages import page_text, texts
from .conftest import attended

pytestmark = pytest.mark.django_db


def summary_url(w):
    return f"/followup/trips/{w.trip.slug}/outcomes/"


@pytest.fixture
def answered(outcome_world):
    """Outcomes and feedback from both sides of `outcome_world`."""
    w = outcome_world
    attended(w.ada, w.cia)
    outcome_set(
        trip=w.trip,
        employer=w.are,
        application=w.cia,
        actor=w.are_member,
        result="hired",
        start_date=date(2031, 5, 1),
    )
    outcome_set(trip=w.trip, employer=w.are, application=w.ada, actor=w.are_member, result="offer")
    outcome_set(
        trip=w.trip,
        employer=w.ostersund,
        application=w.cia,
        actor=w.ostersund_member,
        result="offer",
    )
    candidate_feedback_submit(
        application=w.ada,
        actor=w.ada.candidate.user,
        trip_rating=4,
        employer_ratings={w.are.pk: 3},
        comment="Kallt men fint",
        got_offer="yes",
    )
    candidate_feedback_submit(
        application=w.cia,
        actor=w.cia.candidate.user,
        trip_rating=5,
        employer_ratings={w.are.pk: 4, w.ostersund.pk: 2},
        got_offer="yes",
    )
    employer_feedback_submit(
        trip=w.trip, employer=w.are, actor=w.are_member, trip_rating=3, candidates_rating=4
    )
    employer_feedback_submit(
        trip=w.trip,
        employer=w.ostersund,
        actor=w.ostersund_member,
        trip_rating=4,
        candidates_rating=5,
        comment="Fler utvecklare nästa gång",
    )
    return w


def test_the_summary_shows_the_numbers(client, answered):
    w = answered
    client.force_login(w.organiser)

    response = client.get(summary_url(w))

    assert response.status_code == 200
    totals = texts(response.content, "dl", "feedback-totals")[0]
    assert "2 answers · the trip: 4.5 of 5 on average" in totals
    assert "the trip: 3.5 of 5 on average · the candidates: 4.5 of 5 on average" in totals
    assert "Offer 2 · Hired 1" in totals
    employers = texts(response.content, "table", "employer-summary")[0]
    assert "Åre Data Offer 1 · Hired 1 3.5 (2 ratings) 3 4" in employers
    assert "Östersund Kod Offer 1 2.0 (1 rating) 4 5 Fler utvecklare nästa gång" in employers
    candidates = texts(response.content, "table", "candidate-summary")[0]
    assert "Ada Lind Åre Data: Offer 4 Åre Data: 3 Yes Kallt men fint" in candidates
    assert (
        "Cia Berg Åre Data: Hired (from 1 May 2031) Östersund Kod: Offer 5 "
        "Åre Data: 4 Östersund Kod: 2 Yes —" in candidates
    )
    assert "Bo Ek — — — — —" in candidates


def test_coordinators_see_the_summary_and_nobody_else(client, answered):
    w = answered
    client.force_login(w.coordinator)
    assert client.get(summary_url(w)).status_code == 200

    for user in (w.are_member, w.ada.candidate.user, OrganiserFactory().user):
        client.force_login(user)
        assert client.get(summary_url(w)).status_code == 404


def test_an_empty_trip_says_so(client, outcome_world):
    w = outcome_world
    w.trip.meetings.all().delete()
    client.force_login(w.organiser)

    body = page_text(client.get(summary_url(w)).content)

    assert "No meetings, outcomes or feedback on this trip yet." in body
    assert "none yet" in body


def test_the_summary_query_count_does_not_grow_with_the_answers(answered):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from followup.outcome_selectors import trip_feedback_summary

    w = answered
    with CaptureQueriesContext(connection) as before:
        trip_feedback_summary(w.trip)
    attended(w.bo)
    outcome_set(
        trip=w.trip, employer=w.ostersund, application=w.bo, actor=w.ostersund_member, result="no"
    )
    candidate_feedback_submit(
        application=w.bo,
        actor=w.bo.candidate.user,
        trip_rating=2,
        employer_ratings={w.ostersund.pk: 1},
        got_offer="no",
    )

    with CaptureQueriesContext(connection) as after:
        summary = trip_feedback_summary(w.trip)

    assert summary.candidate_feedback_count == 3
    assert len(after) == len(before)
