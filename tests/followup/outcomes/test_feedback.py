"""Candidates' feedback: only the candidate themself, having attended; employers they met."""

import pytest

from core.exceptions import NotPermitted, ValidationFailed
from followup.models import CandidateFeedback
from followup.outcome_services import candidate_feedback_submit

from .conftest import attended

pytestmark = pytest.mark.django_db


def feedback_url(w):
    return f"/me/trips/{w.trip.slug}/feedback/"


def test_a_candidate_who_attended_rates_the_trip_and_the_employers_met(client, outcome_world):
    w = outcome_world
    attended(w.cia)
    client.force_login(w.cia.candidate.user)

    page = client.get(feedback_url(w)).content.decode()
    assert "Your meeting with Åre Data (1–5)" in page
    assert "Your meeting with Östersund Kod (1–5)" in page

    response = client.post(
        feedback_url(w),
        {
            "trip_rating": "5",
            f"employer_{w.are.pk}": "4",
            "got_offer": "yes",
            "comment": "Fantastiskt",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "we have your feedback" in response.content.decode()
    feedback = CandidateFeedback.objects.get(application=w.cia)
    assert (feedback.trip_rating, feedback.got_offer, feedback.comment) == (5, "yes", "Fantastiskt")
    assert {(r.employer, r.rating) for r in feedback.employer_ratings.all()} == {(w.are, 4)}


def test_the_form_offers_only_the_employers_the_candidate_met(client, outcome_world):
    w = outcome_world
    attended(w.ada)
    client.force_login(w.ada.candidate.user)

    page = client.get(feedback_url(w)).content.decode()

    assert "Your meeting with Åre Data" in page
    assert "Östersund Kod" not in page


def test_ratings_only_for_employers_met(outcome_world):
    w = outcome_world
    attended(w.ada)

    with pytest.raises(ValidationFailed) as refused:
        candidate_feedback_submit(
            application=w.ada,
            actor=w.ada.candidate.user,
            trip_rating=4,
            employer_ratings={w.ostersund.pk: 2},
            got_offer="no",
        )

    assert refused.value.extra["fields"] == {
        "employer_ratings": ["You can only rate employers you met."]
    }
    assert not CandidateFeedback.objects.exists()


def test_only_candidates_who_attended_give_feedback(client, outcome_world):
    w = outcome_world  # Bo's application is accepted, not attended
    client.force_login(w.bo.candidate.user)

    assert client.get(feedback_url(w)).status_code == 404
    with pytest.raises(ValidationFailed, match="attended"):
        candidate_feedback_submit(
            application=w.bo,
            actor=w.bo.candidate.user,
            trip_rating=3,
            employer_ratings={},
            got_offer="no",
        )


def test_nobody_gives_feedback_for_someone_else(outcome_world):
    w = outcome_world
    attended(w.ada)

    with pytest.raises(NotPermitted):
        candidate_feedback_submit(
            application=w.ada,
            actor=w.bo.candidate.user,
            trip_rating=1,
            employer_ratings={},
            got_offer="no",
        )
    assert not CandidateFeedback.objects.exists()


def test_a_second_submission_updates_the_first(outcome_world):
    w = outcome_world
    attended(w.cia)
    user = w.cia.candidate.user
    candidate_feedback_submit(
        application=w.cia,
        actor=user,
        trip_rating=2,
        employer_ratings={w.are.pk: 2, w.ostersund.pk: 3},
        got_offer="not_yet",
    )

    candidate_feedback_submit(
        application=w.cia,
        actor=user,
        trip_rating=5,
        employer_ratings={w.are.pk: 5},
        got_offer="yes",
    )

    feedback = CandidateFeedback.objects.get()
    assert (feedback.trip_rating, feedback.got_offer) == (5, "yes")
    assert {(r.employer, r.rating) for r in feedback.employer_ratings.all()} == {(w.are, 5)}


def test_the_dashboard_links_the_feedback_form_of_trips_attended(client, outcome_world):
    w = outcome_world
    attended(w.ada)
    client.force_login(w.ada.candidate.user)
    assert feedback_url(w) in client.get("/me/").content.decode()

    client.force_login(w.bo.candidate.user)  # accepted, did not attend
    assert feedback_url(w) not in client.get("/me/").content.decode()
