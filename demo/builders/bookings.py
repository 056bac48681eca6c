from datetime import timedelta

from core.exceptions import ApplicationError
from core.models import User
from demo.builders import DemoSeed
from demo.builders.employers import Employers
from demo.builders.organisations import Organisations
from demo.data.employers import BOOKINGS, PAST_BOOKINGS
from demo.data.trips import PAST_TRIP
from employers.invoices import credit_note_issue, invoice_issue
from employers.models import (
    BookingStatus,
    BookingStatusChange,
    Employer,
    PaymentMethod,
    RefundState,
    SlotBooking,
)
from employers.services import booking_hold, booking_transition
from events.models import Trip

B = BookingStatus


def bookings_build(
    seed: DemoSeed, trips: dict[str, Trip], employers: Employers, organisations: Organisations
) -> None:
    """The past trip's bookings, then those of `BOOKINGS`, one plan per (trip, employer): in
    the order of their invoice dates, as their invoices are numbered."""
    _past_bookings(seed, trips[PAST_TRIP.key], employers, organisations)
    for number, (trip_key, employer_key, plans) in enumerate(BOOKINGS, start=101):
        trip = trips[trip_key]
        employer, member = employers[employer_key]
        organiser = organisations[trip.organisation.slug][1]
        if SlotBooking.objects.filter(employer=employer, trip=trip).exists():
            continue
        try:
            for steps in plans:
                _booking(seed, trip, employer, member, organiser, steps, number)
        except ApplicationError as error:
            seed.skipped.append(f"booking {employer} → {trip}: {error}")


def _booking(
    seed: DemoSeed,
    trip: Trip,
    employer: Employer,
    member: User,
    organiser: User,
    steps: list[str],
    number: int,
) -> None:
    """Through booking_hold/booking_transition, then the payment fields those leave to the
    payment flow (`employers.bookings`), which would also email the members: no emails.
    Invoice bookings get their invoice when pending payment and a credit note when
    refunded, as the payment flow issues them."""
    now = seed.now
    # A hold only lives on its own while a Stripe Checkout is open; invoices skip it.
    invoice = B.PENDING_PAYMENT in steps
    method = PaymentMethod.INVOICE if invoice else PaymentMethod.STRIPE
    booking = booking_hold(employer=employer, trip=trip, actor=member, payment_method=method)
    for step in steps:
        booking = booking_transition(
            booking=booking,
            # A lapsed hold is released by the system; organisers record payments.
            actor=None if step == B.CANCELLED and not invoice else organiser,
            to_status=step,
            payment_reference=f"Faktura {now:%Y}-{number}" if step == B.CONFIRMED else "",
        )
        if invoice and step == B.PENDING_PAYMENT:
            invoice_issue(booking=booking, now=now)
        elif invoice and step == B.REFUNDED:
            credit_note_issue(booking=booking, now=now)
    paid = {}
    if B.CONFIRMED in steps:
        paid = {"paid_at": now, "confirmation_sent_at": now}
    if B.REFUNDED in steps:
        paid |= {
            "refund_state": RefundState.DONE,
            "refund_reference": f"Bankgiro {now:%Y}-{number}",
        }
    if paid:
        SlotBooking.objects.filter(pk=booking.pk).update(**paid)
    seed.count("bookings")


def _past_bookings(
    seed: DemoSeed, trip: Trip, employers: Employers, organisations: Organisations
) -> None:
    organiser = organisations[PAST_TRIP.organisation][1]
    for n, key in enumerate(PAST_BOOKINGS):
        employer, member = employers[key]
        if SlotBooking.objects.filter(employer=employer, trip=trip).exists():
            continue
        held_at = trip.published_at + timedelta(days=2 + n, hours=9, minutes=14)
        paid_at = held_at + timedelta(days=12)
        booking = SlotBooking.objects.create(
            employer=employer,
            trip=trip,
            status=B.CONFIRMED,
            amount_ore=trip.slot_price_ore,
            payment_method=PaymentMethod.INVOICE,
            payment_reference=f"Faktura {held_at:%Y}-{n + 1:03d}",
            paid_at=paid_at,
            confirmation_sent_at=paid_at,
            created_by=member,
            created_at=held_at,
        )
        history = [
            ("", B.HELD, member, held_at),
            (B.HELD, B.PENDING_PAYMENT, member, held_at),
            (B.PENDING_PAYMENT, B.CONFIRMED, organiser, paid_at),
        ]
        BookingStatusChange.objects.bulk_create(
            BookingStatusChange(
                booking=booking, from_status=a, to_status=b, actor=actor, created_at=at
            )
            for a, b, actor, at in history
        )
        invoice_issue(booking=booking, now=held_at)
        seed.count("bookings")
