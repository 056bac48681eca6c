"""Booking a slot and paying for it: Stripe Checkout or invoice, webhooks, cancellation.

State lives in `SlotBooking.status` (moved only through `services._move`, following
BOOKING_TRANSITIONS) and `refund_state`. Stripe is called outside database locks; emails are
sent after commit, and the confirmation email exactly once (`confirmation_sent_at`).
"""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, InvalidTransition, NotPermitted
from core.models import User
from core.tasks import enqueue_on_commit
from events.models import Organisation, Trip

from . import payments
from .invoices import (
    credit_note_issue,
    invoice_issue,
    invoice_remind,
    invoices_issue_pending,
    invoices_reminders_due,
)
from .models import (
    BookingStatus,
    Employer,
    PaymentMethod,
    RefundState,
    SlotBooking,
    StripeEvent,
)
from .services import (
    _move,
    booking_hold,
    invoice_booking_release_if_lapsed,
    invoice_bookings_lapsed,
)
from .tasks import email_booking_members, refund_booking, release_expired_hold

B = BookingStatus


class PaymentUnavailable(ApplicationError):
    status_code = 502


def _locked(booking_id: int) -> SlotBooking | None:
    return (
        SlotBooking.objects.select_for_update()
        .select_related("trip", "employer")
        .filter(pk=booking_id)
        .first()
    )


def _locked_existing(booking_id: int) -> SlotBooking:
    """`_locked` for a booking the caller has in hand: its row is expected to exist."""
    booking = _locked(booking_id)
    assert booking is not None, f"booking {booking_id} is gone"
    return booking


def booking_create(
    *,
    employer: Employer,
    trip: Trip,
    actor: User | None,
    po_reference: str = "",
    invoice_address: str = "",
) -> SlotBooking:
    """Book one of the trip's slots (`po_reference` and `invoice_address` for the invoice).

    With Stripe: a hold that expires (BOOKING_HOLD_DURATION) plus a Checkout Session whose
    URL is stored on the booking; if Stripe fails the hold is released and PaymentUnavailable
    (502) raised. In invoice mode: straight to pending payment with its invoice issued in the
    same transaction (`invoices.invoice_issue`, which emails it); while the organisation's
    billing details are incomplete there is no invoice yet and the members are told it will
    follow. Capacity is enforced by `booking_hold` (trip row lock).
    """
    if not payments.stripe_enabled():
        with transaction.atomic():
            booking = booking_hold(
                employer=employer,
                trip=trip,
                actor=actor,
                payment_method=PaymentMethod.INVOICE,
                po_reference=po_reference,
                invoice_address=invoice_address,
            )
            booking = _move(booking=booking, to_status=B.PENDING_PAYMENT, actor=actor)
            if invoice_issue(booking=booking) is None:
                enqueue_on_commit(
                    email_booking_members, booking_id=booking.pk, template="booking_invoice"
                )
        return booking

    booking = booking_hold(
        employer=employer, trip=trip, actor=actor, payment_method=PaymentMethod.STRIPE
    )
    assert booking.hold_expires_at is not None  # booking_hold sets it
    success = reverse("booking_success", kwargs={"booking_id": booking.pk})
    cancel = reverse("booking_cancelled_checkout", kwargs={"booking_id": booking.pk})
    try:
        session = payments.checkout_session_create(
            booking_id=booking.pk,
            amount_ore=booking.amount_ore,
            trip_title=trip.title,
            customer_email=getattr(actor, "email", "") or "",
            success_url=f"{settings.SITE_URL}{success}?session_id={{CHECKOUT_SESSION_ID}}",
            cancel_url=f"{settings.SITE_URL}{cancel}",
            expires_at=int(booking.hold_expires_at.timestamp()),
        )
    except payments.PaymentProviderError as error:
        with transaction.atomic():
            locked = _locked(booking.pk)
            if locked and locked.status == B.HELD:
                _move(booking=locked, to_status=B.CANCELLED, actor=None)
        raise PaymentUnavailable(
            _("The payment service could not be reached; nothing was booked. Try again.")
        ) from error
    with transaction.atomic():
        booking = _locked_existing(booking.pk)
        booking.checkout_session_id = session.id
        booking.checkout_url = session.url or ""
        booking.save(update_fields=["checkout_session_id", "checkout_url", "updated_at"])
        enqueue_on_commit(
            release_expired_hold, run_after=booking.hold_expires_at, booking_id=booking.pk
        )
    return booking


@transaction.atomic
def booking_payment_received(
    *, booking_id: int, paid: bool, payment_reference: str, source: str
) -> SlotBooking | None:
    """Stripe says the Checkout Session completed (webhook or success-page check).

    Held/pending → confirmed (if paid; else pending payment). A booking already confirmed
    stays so (the other path won). A booking that was cancelled or released meanwhile can no
    longer be honoured: it is flagged for refund and shown to organisers.
    """
    booking = _locked(booking_id)
    if booking is None:
        return None
    if payment_reference and not booking.payment_reference:
        booking.payment_reference = payment_reference
    if booking.status in (B.CANCELLED, B.REFUNDED):
        if paid and booking.refund_state in (RefundState.NONE, ""):
            booking.refund_state = RefundState.NEEDED
            booking.refund_note = _(
                "Payment arrived (%(source)s) after the booking was %(status)s: refund it."
            ) % {"source": source, "status": booking.get_status_display().lower()}
        booking.save()
        return booking
    if booking.status == B.HELD and not paid:
        booking.save()
        return _move(booking=booking, to_status=B.PENDING_PAYMENT, actor=None)
    if booking.status in (B.HELD, B.PENDING_PAYMENT) and paid:
        booking.paid_at = timezone.now()
        booking.save()
        booking = _move(booking=booking, to_status=B.CONFIRMED, actor=None)
        _confirm_once(booking)
        return booking
    booking.save()
    return booking


def _confirm_once(booking: SlotBooking) -> None:
    """Send the confirmation email once, whichever path confirmed (we hold the row lock)."""
    if booking.confirmation_sent_at is None:
        booking.confirmation_sent_at = timezone.now()
        booking.save(update_fields=["confirmation_sent_at"])
        enqueue_on_commit(
            email_booking_members, booking_id=booking.pk, template="booking_confirmed"
        )


@transaction.atomic
def booking_checkout_expired(*, booking_id: int) -> SlotBooking | None:
    """The Checkout Session expired unpaid: release a hold. Anything else is left alone."""
    booking = _locked(booking_id)
    if booking is not None and booking.status == B.HELD:
        booking = _move(booking=booking, to_status=B.CANCELLED, actor=None)
        enqueue_on_commit(email_booking_members, booking_id=booking.pk, template="booking_released")
    return booking


@transaction.atomic
def booking_hold_release_if_expired(*, booking_id: int) -> SlotBooking | None:
    booking = _locked(booking_id)
    if (
        booking is not None
        and booking.status == B.HELD
        and booking.hold_expires_at
        and booking.hold_expires_at <= timezone.now()
    ):
        booking = _move(booking=booking, to_status=B.CANCELLED, actor=None)
    return booking


@transaction.atomic
def booking_refunded(*, payment_reference: str, refund_reference: str = "") -> SlotBooking | None:
    """Stripe refunded the charge: the booking is refunded (from confirmed or cancelled)."""
    booking = (
        SlotBooking.objects.select_for_update()
        .filter(payment_reference=payment_reference)
        .exclude(payment_reference="")
        .first()
    )
    if booking is None:
        return None
    if booking.status in (B.CONFIRMED, B.CANCELLED):
        booking = _move(booking=booking, to_status=B.REFUNDED, actor=None)
        enqueue_on_commit(email_booking_members, booking_id=booking.pk, template="booking_refunded")
    booking.refund_state = RefundState.DONE
    booking.refund_reference = refund_reference or booking.refund_reference
    booking.save(update_fields=["refund_state", "refund_reference", "updated_at"])
    return booking


@transaction.atomic
def booking_mark_paid(
    *, booking: SlotBooking, actor: User | None, reference: str = ""
) -> SlotBooking:
    """Invoice mode: an organiser records the payment; pending payment → confirmed."""
    locked = _locked_existing(booking.pk)
    if locked.status != B.PENDING_PAYMENT:
        raise InvalidTransition(
            _("Only a booking pending payment can be marked paid; this one is %(s)s.")
            % {"s": locked.get_status_display().lower()},
            extra={"current_status": locked.status},
        )
    locked.paid_at = timezone.now()
    locked.payment_reference = reference or locked.payment_reference or f"invoice-{locked.pk}"
    locked.save()
    locked = _move(booking=locked, to_status=B.CONFIRMED, actor=actor)
    _confirm_once(locked)
    return locked


def booking_cancel(
    *,
    booking: SlotBooking,
    actor: User | None,
    by_organiser: bool,
    refund: bool | None = None,
    notify: bool = True,
) -> SlotBooking:
    """Cancel a booking under the trip's policy.

    An employer before the trip's refund cut-off gets a refund of what was paid; after it,
    none. An organiser chooses (`refund`). Stripe payments are refunded through the API (a
    background task after commit); invoice payments are marked for manual refund. An issued
    invoice is credited (a credit note, emailed) when it was not paid or is refunded; a paid
    invoice without refund stands. The members get the `booking_cancelled` email unless
    `notify` is False (a caller that sends its own, like a trip's cancellation).
    """
    with transaction.atomic():
        locked = _locked_existing(booking.pk)
        now = timezone.now()
        if not by_organiser:
            refund = now < locked.trip.refund_cutoff
        paid = locked.status == B.CONFIRMED and locked.paid_at is not None
        locked = _move(booking=locked, to_status=B.CANCELLED, actor=actor)
        if refund and paid:
            stripe_paid = locked.payment_method == PaymentMethod.STRIPE and locked.payment_reference
            locked.refund_state = RefundState.REQUESTED if stripe_paid else RefundState.NEEDED
            if not stripe_paid:
                locked.refund_note = _("Invoice paid: refund manually.")
            locked.save(update_fields=["refund_state", "refund_note", "updated_at"])
            if stripe_paid:
                enqueue_on_commit(refund_booking, booking_id=locked.pk)
        if locked.payment_method == PaymentMethod.INVOICE and (refund or not paid):
            credit_note_issue(booking=locked)
        if notify:
            enqueue_on_commit(
                email_booking_members,
                booking_id=locked.pk,
                template="booking_cancelled",
                context={
                    "refund": bool(refund and paid),
                    "paid": paid,
                    "by_organiser": by_organiser,
                },
            )
    return locked


def booking_refund_send(*, booking_id: int) -> SlotBooking | None:
    """Ask Stripe to refund (outside any lock); failures flag the booking for an organiser."""
    booking = SlotBooking.objects.filter(pk=booking_id).first()
    if booking is None or booking.refund_state != RefundState.REQUESTED:
        return booking
    try:
        refund_id = payments.refund_create(
            payment_intent=booking.payment_reference, booking_id=booking.pk
        )
    except payments.PaymentProviderError as error:
        SlotBooking.objects.filter(pk=booking.pk).update(
            refund_state=RefundState.NEEDED, refund_note=f"Stripe refund failed: {error}"[:300]
        )
        return booking
    SlotBooking.objects.filter(pk=booking.pk).update(refund_reference=refund_id)
    return booking


@transaction.atomic
def booking_refund_mark_done(
    *, booking: SlotBooking, actor: User | None, reference: str = ""
) -> SlotBooking:
    """An organiser records a manual refund (invoice mode, or a flagged late payment)."""
    locked = _locked_existing(booking.pk)
    if locked.refund_state not in (RefundState.NEEDED, RefundState.REQUESTED):
        raise InvalidTransition(_("This booking is not awaiting a refund."))
    if locked.status == B.CANCELLED:
        locked = _move(booking=locked, to_status=B.REFUNDED, actor=actor)
    locked.refund_state = RefundState.DONE
    locked.refund_reference = reference or locked.refund_reference
    locked.save(update_fields=["refund_state", "refund_reference", "updated_at"])
    enqueue_on_commit(email_booking_members, booking_id=locked.pk, template="booking_refunded")
    return locked


def booking_confirm_from_checkout(*, booking: SlotBooking) -> SlotBooking:
    """The success page asks Stripe about the session, to confirm before the webhook."""
    if booking.status != B.HELD or not booking.checkout_session_id:
        return booking
    try:
        session = payments.checkout_session_retrieve(booking.checkout_session_id)
    except payments.PaymentProviderError:
        return booking  # the webhook will confirm; the page keeps saying "being confirmed"
    if session.status == "complete":
        return (
            booking_payment_received(
                booking_id=booking.pk,
                paid=session.payment_status in ("paid", "no_payment_required"),
                payment_reference=session.payment_intent or session.id,
                source="success page",
            )
            or booking
        )
    return booking


# Webhook event types we act on; every other type is acknowledged and ignored.
HANDLED_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.expired",
    "charge.refunded",
}


def stripe_event_process(event: payments.WebhookEvent) -> str:
    """Apply one verified webhook event, at most once per event id. Returns what happened.

    Raises payments.MalformedEvent, recording and changing nothing, if a handled event lacks
    what its type needs."""
    if event.type not in HANDLED_EVENTS:
        return "ignored"
    content: payments.Charge | payments.CheckoutSession = (
        payments.charge_from_event(event)
        if event.type == "charge.refunded"
        else payments.session_from_event(event)
    )
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(event_id=event.id, type=event.type)
            outcome, booking = _apply(event.type, content)
            record.outcome, record.booking = outcome, booking
            record.save(update_fields=["outcome", "booking"])
    except IntegrityError:
        return "duplicate"
    return outcome


def _booking_id(session: payments.CheckoutSession) -> int | None:
    value = session.booking_id or ""
    # Our ids are positive 64-bit integers; anything else cannot be one of our bookings.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def _apply(
    event_type: str, content: payments.CheckoutSession | payments.Charge
) -> tuple[str, SlotBooking | None]:
    if isinstance(content, payments.Charge):
        booking = booking_refunded(
            payment_reference=content.payment_intent or "", refund_reference=content.id
        )
        return ("refunded" if booking else "unknown payment"), booking
    booking_id = _booking_id(content)
    if booking_id is None:
        return "no booking id", None
    if event_type == "checkout.session.expired":
        booking = booking_checkout_expired(booking_id=booking_id)
    else:
        booking = booking_payment_received(
            booking_id=booking_id,
            paid=content.payment_status in ("paid", "no_payment_required"),
            payment_reference=content.payment_intent or content.id,
            source="webhook",
        )
    if booking is None:
        return "unknown booking", None
    return f"booking {booking.status}", booking


def booking_check_member(*, booking: SlotBooking, user: User) -> None:
    if not booking.employer.members.filter(pk=user.pk).exists():
        raise NotPermitted(_("You are not a member of this employer."))


def invoices_process(*, now: datetime | None = None) -> dict[str, int]:
    """The invoice work that is due, for cron (`manage.py process_invoices`); safe to run
    again at any time. Releases the invoice bookings still unpaid after their grace period
    (crediting their invoices), sends the reminders that are due, and issues the invoices
    that waited for billing details. Each step is its own transaction per object."""
    now = now or timezone.now()
    released = [
        invoice_booking_release_if_lapsed(booking_id=pk, now=now)
        for pk in invoice_bookings_lapsed(now=now)
    ]
    reminded = [invoice_remind(invoice_id=pk, now=now) for pk in invoices_reminders_due(now=now)]
    waiting = SlotBooking.objects.filter(
        payment_method=PaymentMethod.INVOICE, status__in=[B.PENDING_PAYMENT, B.CONFIRMED]
    ).exclude(invoices__kind="invoice")
    issued = [
        invoice
        for organisation in Organisation.objects.filter(trips__bookings__in=waiting).distinct()
        if not organisation.billing_missing
        for invoice in invoices_issue_pending(organisation_id=organisation.pk)
    ]
    return {
        "released": sum(1 for b in released if b),
        "reminded": sum(1 for i in reminded if i),
        "issued": len(issued),
    }
