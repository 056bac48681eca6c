"""Reads that span apps for the organisers' confirmation pages: what cancelling or publishing a
trip will reach, counted the way the services act (a few aggregate queries, no rows loaded)."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from candidates.models import Application, ApplicationStatus, Candidate, InterestRegistration
from candidates.services import OPEN_APPLICATION_STATUSES
from candidates.talent import alert_recipients_count
from core.models import User
from employers.models import ACTIVE_BOOKING_STATUSES, BookingStatus, SlotBooking
from events.models import Organisation, Trip
from followup.models import FollowUpCase
from itineraries.models import ItineraryItem


@dataclass(frozen=True)
class CancellationImpact:
    """What `backoffice.services.trip_cancel` will do to `trip`."""

    # (status, label, count) for every status with applications, in the table's order.
    applicants_by_status: list[tuple[str, str, int]]
    applicants_told: int  # open applications: one email each
    live_offers: int  # waitlist offers still open (they end)
    bookings_paid: int  # confirmed and paid: refunded (Stripe) or credited (invoice)
    bookings_unpaid: int  # held or awaiting payment: cancelled, nothing to refund
    employer_people: int  # active members of the booking employers: emailed
    programme_items: int  # not yet cancelled: marked cancelled in every feed

    @property
    def bookings(self) -> int:
        return self.bookings_paid + self.bookings_unpaid

    @property
    def people(self) -> int:
        return self.applicants_told + self.employer_people


def trip_cancellation_impact(trip: Trip) -> CancellationImpact:
    """Counts for the cancel confirmation page (four queries)."""
    now = timezone.now()
    rows = (
        Application.objects.filter(trip=trip)
        .values("status")
        .annotate(n=Count("id"), offers=Count("id", filter=Q(offer_expires_at__gt=now)))
        .order_by()
    )
    counts = {row["status"]: (row["n"], row["offers"]) for row in rows}
    by_status = [
        (status, str(label), counts[status][0])
        for status, label in ApplicationStatus.choices
        if status in counts
    ]
    active = SlotBooking.objects.filter(trip=trip, status__in=ACTIVE_BOOKING_STATUSES)
    paid_filter = Q(status=BookingStatus.CONFIRMED, paid_at__isnull=False)
    bookings = active.aggregate(
        paid=Count("id", filter=paid_filter), unpaid=Count("id", filter=~paid_filter)
    )
    people = (
        User.objects.filter(
            is_active=True, employer_memberships__employer__in=active.values("employer_id")
        )
        .distinct()
        .count()
    )
    return CancellationImpact(
        applicants_by_status=by_status,
        applicants_told=sum(counts.get(s, (0, 0))[0] for s in OPEN_APPLICATION_STATUSES),
        live_offers=sum(offers for _n, offers in counts.values()),
        bookings_paid=bookings["paid"],
        bookings_unpaid=bookings["unpaid"],
        employer_people=people,
        programme_items=ItineraryItem.objects.filter(trip=trip, cancelled=False).count(),
    )


def trip_alert_reach(trip: Trip) -> int:
    """How many addresses in the talent database the trip alert of a first publication will
    reach (one query; see `candidates.talent.alert_recipients_count`)."""
    return alert_recipients_count(trip)


@dataclass(frozen=True)
class ErasureImpact:
    """What `backoffice.erasure.person_erase` will erase of a candidate, for the organiser's
    confirmation page: everywhere, not only in the organiser's organisation."""

    applications_here: list[Application]  # to this organisation's trips
    applications_elsewhere: int  # to other organisations' trips
    has_cv: bool
    followup_cases: int
    registrations: int


def candidate_erasable_by_organisation(
    organisation: Organisation, candidate_id: int
) -> Candidate | None:
    """The candidate, not yet erased, who applied to or was invited to one of the
    organisation's trips; None otherwise (the page is then a 404)."""
    return (
        Candidate.objects.filter(pk=candidate_id, user__erased_at__isnull=True)
        .filter(
            Q(applications__trip__organisation=organisation)
            | Q(trip_invitations__trip__organisation=organisation)
        )
        .select_related("user")
        .distinct()
        .first()
    )


def erasure_impact(candidate: Candidate, organisation: Organisation) -> ErasureImpact:
    applications = list(Application.objects.filter(candidate=candidate).select_related("trip"))
    here = [a for a in applications if a.trip.organisation_id == organisation.pk]
    emails = Q(email__iexact=candidate.email) | Q(email__iexact=candidate.user.email)
    return ErasureImpact(
        applications_here=here,
        applications_elsewhere=len(applications) - len(here),
        has_cv=bool(candidate.cv.name),
        followup_cases=FollowUpCase.objects.filter(Q(candidate=candidate) | emails).count(),
        registrations=InterestRegistration.objects.filter(Q(user=candidate.user) | emails).count(),
    )
