from datetime import timedelta

from django.db import transaction

from demo.synthetic.employers import ApprovedEmployer
from demo.synthetic.run import SyntheticRun, between, weighted
from demo.synthetic.trips import TripInfo
from employers.models import (
    BookingStatus,
    BookingStatusChange,
    PaymentMethod,
    RefundState,
    SlotBooking,
)
from events.models import TripStatus

B = BookingStatus
S = TripStatus
BOOKING_WEIGHTS = {
    S.PUBLISHED: {B.HELD: 15, B.PENDING_PAYMENT: 20, B.CONFIRMED: 55, B.CANCELLED: 10},
    S.CLOSED: {B.CONFIRMED: 90, B.REFUNDED: 10},
    S.COMPLETED: {B.CONFIRMED: 90, B.REFUNDED: 10},
}
# Steps after "held". Invoice bookings go straight on to pending payment; a booking that stays
# held, or is cancelled from held, is a Stripe Checkout (open, or lapsed).
BOOKING_PATHS = {
    B.HELD: [],
    B.PENDING_PAYMENT: [B.PENDING_PAYMENT],
    B.CONFIRMED: [B.PENDING_PAYMENT, B.CONFIRMED],
    B.CANCELLED: [B.CANCELLED],
    B.REFUNDED: [B.PENDING_PAYMENT, B.CONFIRMED, B.CANCELLED, B.REFUNDED],
}


def bookings_generate(
    run: SyntheticRun, trips: list[TripInfo], employers: list[ApprovedEmployer]
) -> tuple[None, int]:
    """Book approved employers of this run onto trips, never over a trip's slots."""
    rng, now = run.rng, run.now
    bookable = [t for t in trips if t.status in BOOKING_WEIGHTS]
    if not employers or not bookable:
        return None, 0
    plans = []  # (booking, [(status, time, actor_id)])
    for trip in bookable:
        matching = [e for e in employers if set(e[2]) & set(trip.sector_ids)]
        pool = matching if len(matching) >= 2 else employers
        free = trip.slots - trip.booked
        n = min(len(pool), rng.randint(min(2, free), free)) if free > 0 else 0
        for employer_id, member_id, _ in rng.sample(pool, n):
            status = weighted(rng, BOOKING_WEIGHTS[trip.status])
            if status == B.HELD:
                created_at = now - timedelta(minutes=rng.randint(1, 20))
            else:
                created_at = between(rng, trip.published_at, min(trip.deadline, now))
            path = BOOKING_PATHS[status]
            invoice = B.PENDING_PAYMENT in path
            booking = SlotBooking(
                employer_id=employer_id,
                trip_id=trip.id,
                status=status,
                amount_ore=trip.price,
                payment_method=PaymentMethod.INVOICE if invoice else PaymentMethod.STRIPE,
                hold_expires_at=created_at + timedelta(minutes=30) if status == B.HELD else None,
                created_by_id=member_id,
                created_at=created_at,
            )
            steps, at = [("", B.HELD, created_at, member_id)], created_at
            previous = B.HELD
            for step in path:
                at = between(rng, at, max(at, min(at + timedelta(days=10), now, trip.starts_at)))
                actor = None if step == B.CANCELLED and not invoice else trip.actor_id
                steps.append((previous, step, at, actor))
                previous = step
                if step == B.CONFIRMED:
                    booking.payment_reference = f"faktura-{run.tag}-{trip.id}-{employer_id}"
                    booking.paid_at = booking.confirmation_sent_at = at
            if status == B.REFUNDED:
                booking.refund_state = RefundState.DONE
                booking.refund_reference = f"kredit-{run.tag}-{trip.id}-{employer_id}"
            plans.append((booking, steps))
    with transaction.atomic():
        bookings = run.bulk(SlotBooking, [b for b, _ in plans])
        changes = [
            BookingStatusChange(
                booking_id=booking.pk, from_status=a, to_status=b, created_at=t, actor_id=actor
            )
            for booking, (_, steps) in zip(bookings, plans, strict=True)
            for a, b, t, actor in steps
        ]
        run.bulk(BookingStatusChange, changes)
    return None, len(bookings) + len(changes)
