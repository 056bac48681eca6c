"""POST /api/v1/trips/{slug}/transition with status=cancelled runs the whole cancellation."""

import pytest
from django.core import mail

from employers.models import SlotBooking
from events.models import TripStatusChange

from ..factories import OrganiserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def transition(client, trip, headers, status="cancelled"):
    return client.post(
        f"/api/v1/trips/{trip.slug}/transition",
        {"status": status},
        content_type=JSON,
        headers=headers,
    )


def test_cancelling_through_the_api_cancels_bookings_and_tells_people(
    client, scenario, trip, organiser, bearer, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.sessions["cs_test_paid"] = {"id": "cs_test_paid", "payment_intent": "pi_test_paid"}
    headers = bearer(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = transition(client, trip, headers)

    assert response.status_code == 200, response.content
    assert (response.json()["slug"], response.json()["status"]) == ("fjallresan", "cancelled")
    assert sorted(SlotBooking.objects.filter(trip=trip).values_list("status", "refund_state")) == [
        ("cancelled", "none"),
        ("cancelled", "none"),
        ("cancelled", "requested"),
    ]
    assert len(mail.outbox) == 7  # five applicants, two employers' members

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = transition(client, trip, headers)

    assert again.status_code == 409
    assert again.json()["current_status"] == "cancelled"
    assert "It is final." in again.json()["detail"]
    assert TripStatusChange.objects.filter(trip=trip).count() == 1
    assert mail.outbox == []


def test_other_statuses_still_move_through_the_same_endpoint(client, trip, organiser, bearer):
    response = transition(client, trip, bearer(organiser), status="closed")

    assert (response.status_code, response.json()["status"]) == (200, "closed")


def test_another_organisations_trip_is_404_and_not_cancelled(client, trip, bearer):
    other = OrganiserFactory().user

    response = transition(client, trip, bearer(other))

    assert response.status_code == 404
    trip.refresh_from_db()
    assert trip.status == "published"
