"""Who a trip message or reminder goes to, and the messages log."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from candidates.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Candidate,
    InterestRegistration,
)
from core.models import User
from employers.models import BookingStatus, BookingStatusChange, Employer, RefundState, SlotBooking
from events.models import Organisation, Trip, TripStatus

from .models import MessageAudience, OrganiserDigest, ReminderKind, ReminderSent, TripMessage

# Employers whose members a message reaches: a booking that is paid or being paid.
MESSAGE_BOOKING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.PENDING_PAYMENT)
# Who is reminded that the trip starts: people with a place, and paid-up employers.
REMINDER_APPLICATION_STATUSES = (ApplicationStatus.ACCEPTED,)
TRIP_REMINDER_BEFORE = timedelta(days=3)
DEADLINE_REMINDER_BEFORE = timedelta(days=2)


def trip_messages(*, trip: Trip) -> QuerySet[TripMessage]:
    """The log on the trip: messages sent, newest first."""
    return (
        TripMessage.objects.filter(trip=trip, sent_at__isnull=False)
        .select_related("author")
        .order_by("-sent_at", "-id")
    )


def trip_message_draft(*, trip: Trip, pk: int) -> TripMessage | None:
    return TripMessage.objects.filter(trip=trip, pk=pk, sent_at__isnull=True).first()


def applicant_users(*, trip: Trip, statuses: list[str]) -> QuerySet[User]:
    return get_user_model().objects.filter(
        is_active=True,
        candidate__applications__trip=trip,
        candidate__applications__status__in=statuses,
    )


def employer_member_users(*, trip: Trip, statuses: tuple[str, ...]) -> QuerySet[User]:
    return get_user_model().objects.filter(
        is_active=True,
        employer_memberships__employer__bookings__trip=trip,
        employer_memberships__employer__bookings__status__in=statuses,
    )


def message_recipients(*, trip: Trip, audience: str, statuses: list[str]) -> QuerySet[User]:
    """Each person once: applicants with one of `statuses` and/or the active members of
    employers with a confirmed or pending-payment booking."""
    users = get_user_model().objects.none()
    if audience in (MessageAudience.APPLICANTS, MessageAudience.BOTH) and statuses:
        users |= applicant_users(trip=trip, statuses=statuses)
    if audience in (MessageAudience.EMPLOYERS, MessageAudience.BOTH):
        users |= employer_member_users(trip=trip, statuses=MESSAGE_BOOKING_STATUSES)
    return users.distinct().order_by("pk")


def trip_message_recipients(message: TripMessage) -> QuerySet[User]:
    return message_recipients(
        trip=message.trip, audience=message.audience, statuses=list(message.statuses)
    )


def trip_message_rendered(
    *, message: TripMessage, user: User, language: str | None = None
) -> tuple[str, str]:
    """(subject, body) of the email as `user` gets it — in `language` if given (the preview
    is read in the organiser's language), else in the user's own."""
    context: dict[str, object] = {
        "message": message,
        "trip": message.trip,
        "user": user,
        "site_url": settings.SITE_URL,
    }
    with translation.override(language or user.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("email/trip_message_subject.txt", context).split())
        body = render_to_string("email/trip_message.txt", context)
    return subject, body


# --- Reminders ------------------------------------------------------------------------------


def trips_starting_soon(*, now: datetime) -> QuerySet[Trip]:
    """Trips that start within three days and have not been reminded of yet."""
    reminded = ReminderSent.objects.filter(kind=ReminderKind.TRIP_STARTS).values("object_id")
    return (
        Trip.objects.filter(
            status__in=[TripStatus.PUBLISHED, TripStatus.CLOSED],
            starts_at__gt=now,
            starts_at__lte=now + TRIP_REMINDER_BEFORE,
        )
        .exclude(pk__in=reminded)
        .order_by("starts_at", "pk")
    )


def trip_reminder_recipients(*, trip: Trip) -> QuerySet[User]:
    """Candidates with a place and the members of employers with a confirmed booking."""
    users = applicant_users(trip=trip, statuses=list(REMINDER_APPLICATION_STATUSES))
    users |= employer_member_users(trip=trip, statuses=(BookingStatus.CONFIRMED,))
    return users.distinct().order_by("pk")


def waitlist_offers_past_halfway(*, now: datetime) -> list[Application]:
    """Open waitlist offers whose time is at least half gone, not yet reminded of.

    An offer starts at its waitlisted → waitlisted history row (the last one) and ends at
    `offer_expires_at`."""
    reminded = ReminderSent.objects.filter(kind=ReminderKind.WAITLIST_OFFER).values("object_id")
    offers = (
        Application.objects.filter(status=ApplicationStatus.WAITLISTED, offer_expires_at__gt=now)
        .exclude(pk__in=reminded)
        .select_related("trip", "candidate__user")
        .order_by("offer_expires_at", "pk")
    )
    offers_list = list(offers)
    offered_at: dict[int, datetime] = {}
    for change in ApplicationStatusChange.objects.filter(
        application__in=[a.pk for a in offers_list],
        from_status=ApplicationStatus.WAITLISTED,
        to_status=ApplicationStatus.WAITLISTED,
    ).order_by("created_at"):
        offered_at[change.application_id] = change.created_at
    due = []
    for application in offers_list:
        start = offered_at.get(application.pk)
        expires = application.offer_expires_at
        if start is None or expires is None:
            continue
        if now >= start + (expires - start) / 2:
            due.append(application)
    return due


def trips_closing_soon(*, now: datetime) -> QuerySet[Trip]:
    """Published trips whose applications close within two days, not yet reminded of."""
    reminded = ReminderSent.objects.filter(kind=ReminderKind.APPLICATION_DEADLINE).values(
        "object_id"
    )
    return (
        Trip.objects.filter(
            status=TripStatus.PUBLISHED,
            application_deadline__gt=now,
            application_deadline__lte=now + DEADLINE_REMINDER_BEFORE,
        )
        .exclude(pk__in=reminded)
        .order_by("application_deadline", "pk")
    )


def trip_applicant_emails(*, trip: Trip) -> set[str]:
    """The addresses (lower case) of everyone who has applied to `trip`, in any status."""
    rows = Application.objects.filter(trip=trip).values_list(
        "candidate__email", "candidate__user__email"
    )
    return {email.lower() for row in rows for email in row if email}


def deadline_reminder_recipients(*, trip: Trip) -> list[tuple[str, str]]:
    """(email, language) of the trip's matching talent pool who have not applied, each
    address once: confirmed, subscribed interest registrations and candidates in the talent
    database, in the trip's sectors — the people its trip alert invited."""
    sectors = trip.sectors.all()
    registrations = (
        InterestRegistration.objects.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True, sectors__in=sectors
        )
        .values_list("email", "language")
        .distinct()
    )
    candidates = (
        Candidate.objects.filter(
            consent_talent_db_at__isnull=False,
            alerts_unsubscribed_at__isnull=True,
            sectors__in=sectors,
            user__is_active=True,
        )
        .values_list("email", "user__language")
        .distinct()
    )
    applied = trip_applicant_emails(trip=trip)
    seen: dict[str, str] = {}
    for email, language in [*candidates, *registrations]:
        key = email.lower()
        if key not in applied and key not in seen:
            seen[key] = language or settings.LANGUAGE_CODE
    return sorted(seen.items())


# --- The organisers' daily digest -----------------------------------------------------------

# Sent on the first run of `send_reminders` after this local time each day.
DIGEST_LOCAL_TIME = time(7, 0)


@dataclass(frozen=True)
class DigestContent:
    new_applications: list[tuple[Trip, int]]  # per trip, how many came in
    cancellations: list[BookingStatusChange]  # bookings cancelled in the period
    awaiting_approval: list[Employer]
    refunds_to_handle: list[SlotBooking]

    def __bool__(self) -> bool:
        return bool(
            self.new_applications
            or self.cancellations
            or self.awaiting_approval
            or self.refunds_to_handle
        )


def digest_content(
    *, organisation: Organisation, since: datetime, until: datetime
) -> DigestContent:
    """What the organisation's organisers should know: applications and booking
    cancellations in (since, until], and — as they stand — employers awaiting approval and
    refunds an organiser has to make."""
    trips = (
        Trip.objects.filter(
            organisation=organisation,
            applications__created_at__gt=since,
            applications__created_at__lte=until,
        )
        .annotate(new=Count("applications"))
        .order_by("starts_at", "pk")
    )
    cancellations = (
        BookingStatusChange.objects.filter(
            booking__trip__organisation=organisation,
            to_status=BookingStatus.CANCELLED,
            created_at__gt=since,
            created_at__lte=until,
        )
        .select_related("booking__employer", "booking__trip")
        .order_by("created_at", "pk")
    )
    return DigestContent(
        new_applications=[(trip, trip.new) for trip in trips],
        cancellations=list(cancellations),
        awaiting_approval=list(
            Employer.objects.filter(organisation=organisation, approved_at__isnull=True).order_by(
                "created_at", "pk"
            )
        ),
        refunds_to_handle=list(
            SlotBooking.objects.filter(
                trip__organisation=organisation, refund_state=RefundState.NEEDED
            )
            .select_related("employer", "trip")
            .order_by("updated_at", "pk")
        ),
    )


def organisations_due_digest(*, now: datetime) -> QuerySet[Organisation]:
    """Organisations without today's digest, once the local digest time has passed."""
    local = timezone.localtime(now)
    if local.time() < DIGEST_LOCAL_TIME:
        return Organisation.objects.none()
    done = OrganiserDigest.objects.filter(day=local.date()).values("organisation_id")
    return Organisation.objects.exclude(pk__in=done).order_by("pk")


def digest_period_start(*, organisation: Organisation, now: datetime) -> datetime:
    """Where the next digest starts: the end of the previous one, else a day ago."""
    last = (
        OrganiserDigest.objects.filter(organisation=organisation)
        .order_by("-covered_until")
        .values_list("covered_until", flat=True)
        .first()
    )
    return last or now - timedelta(days=1)


def organiser_users(*, organisation: Organisation) -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(is_active=True, organiser_memberships__organisation=organisation)
        .order_by("pk")
    )
