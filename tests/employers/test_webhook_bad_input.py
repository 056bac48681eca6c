"""Signed Stripe events that are not what their type promises: acknowledged (so Stripe stops
retrying), logged, and nothing changes."""

import json
import logging

import pytest

from employers.models import SlotBooking, StripeEvent

from ..fake_stripe import event, signed_webhook
from .conftest import WEBHOOK_SECRET
from .test_bookings import WEBHOOK, post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(fake_stripe, employer, trip, member, django_capture_on_commit_callbacks):
    from employers.bookings import booking_create

    with django_capture_on_commit_callbacks(execute=True):
        return booking_create(employer=employer, trip=trip, actor=member)


def _state():
    return (
        list(SlotBooking.objects.values_list("status", "payment_reference", "refund_reference")),
        StripeEvent.objects.count(),
    )


MALFORMED_OBJECTS = {
    "checkout.session.completed": [
        {},  # no id
        {"id": "cs_1", "metadata": "not-a-dict"},
        {"id": 5, "metadata": {"booking_id": ["1"]}},
        {"id": "cs_1", "payment_intent": 7, "metadata": {"booking_id": "1"}},
        [],
        "cs_1",
        None,
    ],
    "checkout.session.expired": [{}, {"id": "cs_1", "metadata": []}, []],
    "charge.refunded": [{}, {"payment_intent": "pi_1"}, {"id": "ch_1", "payment_intent": {}}, []],
}


@pytest.mark.parametrize(
    ("type_", "obj"),
    [(type_, obj) for type_, objs in MALFORMED_OBJECTS.items() for obj in objs],
)
def test_known_event_with_missing_or_wrong_fields_is_acknowledged_and_logged(
    client, booking, caplog, type_, obj
):
    before = _state()
    with caplog.at_level(logging.WARNING, logger="employers"):
        response = post_event(client, event("evt_bad", type_, obj))
    assert response.status_code == 200, response.content
    assert response.json() == {"received": True, "outcome": "ignored: malformed event"}
    assert _state() == before
    assert "malformed" in caplog.text and "evt_bad" in caplog.text


@pytest.mark.parametrize(
    "payload",
    [
        [event("evt_bad", "checkout.session.completed", {"id": "cs_1"})],
        [],
        "checkout.session.completed",
        7,
        {"id": "evt_bad", "type": "checkout.session.completed"},  # no data
        {"id": "evt_bad", "type": "checkout.session.completed", "data": []},
        {"type": "checkout.session.completed", "data": {"object": {}}},  # no id
        {"id": "evt_bad", "data": {"object": {}}},  # no type
        {"id": ["x"], "type": {"a": 1}, "data": {"object": {}}},
    ],
)
def test_signed_body_that_is_not_an_event_is_acknowledged_and_logged(
    client, booking, caplog, payload
):
    before = _state()
    body, header = signed_webhook(payload, WEBHOOK_SECRET)
    with caplog.at_level(logging.WARNING, logger="employers"):
        response = client.post(
            WEBHOOK, body, content_type="application/json", headers={"Stripe-Signature": header}
        )
    assert response.status_code == 200, response.content
    assert response.json() == {"received": True, "outcome": "ignored: malformed event"}
    assert _state() == before
    assert "malformed" in caplog.text


def test_unsigned_garbage_is_still_400(client, booking):
    response = client.post(
        WEBHOOK,
        json.dumps([1, 2]),
        content_type="application/json",
        headers={"Stripe-Signature": "t=1,v1=00"},
    )
    assert response.status_code == 400
