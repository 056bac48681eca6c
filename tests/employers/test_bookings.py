"""Booking and paying for slots, offline: the real stripe library against a local fake."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from employers.bookings import (
    PaymentUnavailable,
    booking_cancel,
    booking_create,
    booking_mark_paid,
    booking_refund_mark_done,
)
from employers.models import SlotBooking, StripeEvent
from employers.tasks import release_expired_hold

from ..factories import EmployerFactory, SlotBookingFactory
from ..fake_stripe import event, signed_webhook
from .conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db
WEBHOOK = "/payments/stripe/webhook"


def post_event(client, payload, *, secret=WEBHOOK_SECRET, signature=None):
    body, header = signed_webhook(payload, secret)
    return client.post(
        WEBHOOK,
        body,
        content_type="application/json",
        headers={"Stripe-Signature": signature if signature is not None else header},
    )


def completed(session, event_id="evt_1"):
    return event(event_id, "checkout.session.completed", session)


@pytest.fixture
def booking(fake_stripe, employer, trip, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return booking_create(employer=employer, trip=trip, actor=member)


def test_booking_creates_a_held_slot_and_a_checkout_session_in_sek(fake_stripe, booking):
    assert booking.status == "held"
    assert booking.payment_method == "stripe"
    session = fake_stripe.sessions[booking.checkout_session_id]
    assert booking.checkout_url == session["url"]
    assert (session["amount_total"], session["currency"]) == (1_500_000, "sek")
    assert session["line_items_name"] == "IT-resan"
    assert session["metadata"] == {"booking_id": str(booking.pk)}
    assert session["success_url"] == (
        f"https://jobb.example.se/bookings/{booking.pk}/paid/?session_id={{CHECKOUT_SESSION_ID}}"
    )
    assert session["expires_at"] == int(booking.hold_expires_at.timestamp())


def test_stripe_down_releases_the_hold_and_says_try_again(fake_stripe, employer, trip, member):
    fake_stripe.fail_next = 500
    with pytest.raises(PaymentUnavailable, match="nothing was booked"):
        booking_create(employer=employer, trip=trip, actor=member)
    assert list(SlotBooking.objects.values_list("status", flat=True)) == ["cancelled"]
    # The slot is free again.
    again = booking_create(employer=employer, trip=trip, actor=member)
    assert again.status == "held"


def test_webhook_completed_confirms_and_emails_once(
    client, fake_stripe, booking, django_capture_on_commit_callbacks
):
    session = fake_stripe.complete(booking.checkout_session_id)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, completed(session))
    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "booking confirmed"}
    booking.refresh_from_db()
    assert (booking.status, booking.payment_reference) == ("confirmed", session["payment_intent"])
    assert [m.subject for m in mail.outbox] == ["Booking confirmed: IT-resan"]
    assert mail.outbox[0].to == ["anna@fjallkraft.test"]


def test_replayed_event_is_acknowledged_and_ignored(
    client, fake_stripe, booking, django_capture_on_commit_callbacks
):
    session = fake_stripe.complete(booking.checkout_session_id)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, completed(session))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        replay = post_event(client, completed(session))
    assert replay.status_code == 200
    assert replay.json()["outcome"] == "duplicate"
    assert mail.outbox == []
    assert StripeEvent.objects.count() == 1


def test_success_page_before_the_webhook_confirms_and_email_goes_out_once(
    client, fake_stripe, booking, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    pending = client.get(f"/bookings/{booking.pk}/paid/")
    assert "Payment being confirmed" in pending.content.decode()
    session = fake_stripe.complete(booking.checkout_session_id)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(f"/bookings/{booking.pk}/paid/")
    assert "your slot is confirmed" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        late_webhook = post_event(client, completed(session))
    assert late_webhook.json()["outcome"] == "booking confirmed"
    assert len(mail.outbox) == 1


def test_success_page_of_another_employer_is_404(client, booking):
    client.force_login(EmployerFactory().members.create(email="x@y.test"))
    assert client.get(f"/bookings/{booking.pk}/paid/").status_code == 404


@pytest.mark.parametrize(
    ("signature", "secret"),
    [("", WEBHOOK_SECRET), ("t=1,v1=deadbeef", WEBHOOK_SECRET), (None, "whsec_wrong")],
    ids=["missing", "garbage", "wrong-secret"],
)
def test_bad_signature_is_400_and_changes_nothing(client, fake_stripe, booking, signature, secret):
    session = fake_stripe.complete(booking.checkout_session_id)
    response = post_event(client, completed(session), secret=secret, signature=signature)
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == "held"
    assert not StripeEvent.objects.exists()


def test_stale_signature_timestamp_is_refused(client, fake_stripe, booking):
    session = fake_stripe.complete(booking.checkout_session_id)
    body, header = signed_webhook(completed(session), WEBHOOK_SECRET, timestamp=1_000_000_000)
    response = client.post(
        WEBHOOK, body, content_type="application/json", headers={"Stripe-Signature": header}
    )
    assert response.status_code == 400


def test_malformed_json_is_400(client, fake_stripe):
    import hashlib
    import hmac
    import time

    body = b"{not json"
    ts = int(time.time())
    sig = hmac.new(WEBHOOK_SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    response = client.post(
        WEBHOOK,
        body,
        content_type="application/json",
        headers={"Stripe-Signature": f"t={ts},v1={sig}"},
    )
    assert response.status_code == 400


def test_unknown_event_types_are_acknowledged(client, fake_stripe):
    response = post_event(client, event("evt_x", "customer.created", {"id": "cus_1"}))
    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"


def test_expired_session_releases_the_hold(client, fake_stripe, booking):
    session = fake_stripe.sessions[booking.checkout_session_id]
    response = post_event(client, event("evt_exp", "checkout.session.expired", session))
    assert response.json()["outcome"] == "booking cancelled"
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_expired_after_completed_does_not_undo_the_confirmation(client, fake_stripe, booking):
    session = fake_stripe.complete(booking.checkout_session_id)
    post_event(client, completed(session, "evt_a"))
    post_event(client, event("evt_b", "checkout.session.expired", session))
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_payment_after_release_is_flagged_for_refund_not_resurrected(client, fake_stripe, booking):
    session = fake_stripe.sessions[booking.checkout_session_id]
    post_event(client, event("evt_exp", "checkout.session.expired", session))
    session = fake_stripe.complete(booking.checkout_session_id)
    post_event(client, completed(session, "evt_late"))
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert booking.refund_state == "needed"
    assert "after the booking was cancelled" in booking.refund_note


def test_a_cancelled_booking_is_never_confirmed_by_a_late_payment(
    client, fake_stripe, booking, member
):
    booking_cancel(booking=booking, actor=member, by_organiser=False)
    session = fake_stripe.complete(booking.checkout_session_id)
    post_event(client, completed(session))
    booking.refresh_from_db()
    assert (booking.status, booking.refund_state) == ("cancelled", "needed")


def test_expired_hold_released_by_the_background_task(booking):
    SlotBooking.objects.filter(pk=booking.pk).update(
        created_at=timezone.now() - timedelta(hours=1),
        hold_expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert release_expired_hold.call(booking_id=booking.pk) == "cancelled"
    # A hold that has not expired yet is left alone.
    fresh = SlotBookingFactory()
    assert release_expired_hold.call(booking_id=fresh.pk) == "held"


def _confirm(client, fake_stripe, booking):
    session = fake_stripe.complete(booking.checkout_session_id)
    post_event(client, completed(session, f"evt_c{booking.pk}"))
    booking.refresh_from_db()
    return session


def test_employer_cancels_before_cutoff_and_stripe_refunds(
    client, fake_stripe, booking, member, django_capture_on_commit_callbacks
):
    session = _confirm(client, fake_stripe, booking)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, actor=member, by_organiser=False)
    booking.refresh_from_db()
    assert (booking.status, booking.refund_state) == ("cancelled", "requested")
    [refund] = fake_stripe.refunds.values()
    assert refund["payment_intent"] == session["payment_intent"]
    assert booking.refund_reference == refund["id"]
    assert "What you paid will be refunded." in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        post_event(
            client,
            event(
                "evt_r",
                "charge.refunded",
                {"id": "ch_1", "payment_intent": refund["payment_intent"]},
            ),
        )
    booking.refresh_from_db()
    assert (booking.status, booking.refund_state) == ("refunded", "done")


def test_employer_cancels_after_cutoff_gets_no_refund(
    client, fake_stripe, booking, member, trip, django_capture_on_commit_callbacks
):
    _confirm(client, fake_stripe, booking)
    trip.booking_refund_cutoff = timezone.now() - timedelta(minutes=1)
    trip.save()
    booking.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, actor=member, by_organiser=False)
    booking.refresh_from_db()
    assert (booking.status, booking.refund_state) == ("cancelled", "none")
    assert fake_stripe.refunds == {}
    assert "No refund is due" in mail.outbox[0].body


def test_organiser_cancels_with_or_without_refund(client, fake_stripe, trip, organiser):
    first, second = (EmployerFactory() for _ in range(2))
    bookings = [booking_create(employer=e, trip=trip, actor=None) for e in (first, second)]
    for booking in bookings:
        _confirm(client, fake_stripe, booking)
    booking_cancel(booking=bookings[0], actor=organiser, by_organiser=True, refund=True)
    booking_cancel(booking=bookings[1], actor=organiser, by_organiser=True, refund=False)
    states = [SlotBooking.objects.get(pk=b.pk).refund_state for b in bookings]
    assert states == ["requested", "none"]


def test_refund_failure_is_flagged_for_organisers(
    client, fake_stripe, booking, member, django_capture_on_commit_callbacks
):
    _confirm(client, fake_stripe, booking)
    fake_stripe.fail_next = 402
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, actor=member, by_organiser=False)
    booking.refresh_from_db()
    assert booking.refund_state == "needed"
    assert booking.refund_note.startswith("Stripe refund failed")


def test_invoice_mode_pending_then_marked_paid(
    invoice_mode, employer, trip, member, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(employer=employer, trip=trip, actor=member)
    assert (booking.status, booking.payment_method, booking.hold_expires_at) == (
        "pending_payment",
        "invoice",
        None,
    )
    assert mail.outbox[0].subject == "Booking received: IT-resan — invoice to follow"
    assert "(VAT included) will follow from" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_mark_paid(booking=booking, actor=organiser, reference="OCR 123")
    assert (booking.status, booking.payment_reference) == ("confirmed", "OCR 123")
    assert mail.outbox[-1].subject == "Booking confirmed: IT-resan"


def test_invoice_mode_cancel_before_cutoff_is_marked_for_manual_refund(
    invoice_mode, employer, trip, member, organiser
):
    booking = booking_create(employer=employer, trip=trip, actor=member)
    booking = booking_mark_paid(booking=booking, actor=organiser)
    booking = booking_cancel(booking=booking, actor=member, by_organiser=False)
    assert (booking.status, booking.refund_state) == ("cancelled", "needed")
    booking = booking_refund_mark_done(booking=booking, actor=organiser, reference="bank 42")
    assert (booking.status, booking.refund_state) == ("refunded", "done")


def test_invoice_mode_respects_capacity(invoice_mode, trip):
    for _ in range(2):
        booking_create(employer=EmployerFactory(), trip=trip, actor=None)
    from core.exceptions import CapacityExceeded

    with pytest.raises(CapacityExceeded, match="fully booked"):
        booking_create(employer=EmployerFactory(), trip=trip, actor=None)
