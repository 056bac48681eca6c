"""Use cases that span apps, for organisers. `events` may import none of the apps a trip's
cancellation reaches (applications, bookings, programme), so the use case lives here, above
them all, and every way of cancelling a trip (back office, API) calls it."""

from dataclasses import dataclass

from django.db import transaction

from candidates.services import applications_trip_cancelled
from core.models import User
from core.tasks import enqueue_on_commit
from employers.bookings import booking_cancel
from employers.models import ACTIVE_BOOKING_STATUSES, BookingStatus, RefundState, SlotBooking
from employers.tasks import email_booking_members
from events.models import Trip
from events.services import trip_status_cancel
from itineraries.services import itinerary_cancel


@dataclass(frozen=True)
class TripCancellation:
    """What `trip_cancel` did."""

    trip: Trip
    applicants_told: int
    offers_ended: int
    bookings_cancelled: int
    refunds_queued: int  # Stripe refunds requested and invoice payments marked for refund
    programme_items_cancelled: int


@transaction.atomic
def trip_cancel(*, trip: Trip, actor: User | None, reason: str = "") -> TripCancellation:
    """Cancel a trip and everything hanging on it, in one transaction (all or nothing).

    Locks the trip row first (the order every capacity service uses), then:
    - the trip moves to cancelled (history row; InvalidTransition, 409, from a final status —
      so a second cancellation changes nothing);
    - every programme item not yet cancelled is cancelled: feeds show STATUS:CANCELLED with
      a higher SEQUENCE (meetings do not exist yet);
    - applications keep their status, live waitlist offers end, and each open applicant is
      emailed (`candidates.services.applications_trip_cancelled`);
    - every active booking is cancelled by the organiser with a refund
      (`employers.bookings.booking_cancel`): a paid Stripe booking's refund is requested from
      Stripe after commit, a paid invoice is marked for refund; its members get the
      `trip_cancelled` email (instead of `booking_cancelled`).
    All emails and the Stripe calls are tasks enqueued after commit (`core.tasks`), in each
    recipient's language; `reason`, if given, is quoted in them.
    """
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    trip = trip_status_cancel(trip=trip, actor=actor)
    items = itinerary_cancel(trip=trip, actor=actor)
    applications = applications_trip_cancelled(trip=trip, actor=actor, reason=reason)
    bookings = list(
        SlotBooking.objects.filter(trip=trip, status__in=ACTIVE_BOOKING_STATUSES).order_by(
            "created_at", "id"
        )
    )
    refunds = 0
    for booking in bookings:
        paid = booking.status == BookingStatus.CONFIRMED and booking.paid_at is not None
        booking = booking_cancel(
            booking=booking, actor=actor, by_organiser=True, refund=True, notify=False
        )
        refunded = booking.refund_state in (RefundState.REQUESTED, RefundState.NEEDED)
        if refunded:
            refunds += 1
        enqueue_on_commit(
            email_booking_members,
            booking_id=booking.pk,
            template="trip_cancelled",
            context={"paid": paid, "refund": refunded, "reason": reason},
        )
    return TripCancellation(
        trip=trip,
        applicants_told=applications.told,
        offers_ended=applications.offers_ended,
        bookings_cancelled=len(bookings),
        refunds_queued=refunds,
        programme_items_cancelled=items,
    )
