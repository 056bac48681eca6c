"""Reads for programmes and calendar feeds. Query counts do not grow with items or trips."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)

from candidates.models import Application, ApplicationStatus
from core.models import User
from employers.models import (
    ACTIVE_BOOKING_STATUSES,
    BookingStatus,
    Employer,
    EmployerMembership,
    SlotBooking,
)
from events.models import Trip, TripStatus

from .models import Audience, CalendarToken, ItineraryItem, Meeting

# Candidates see the programme of trips they have a place on (and, afterwards, attended).
CANDIDATE_FEED_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.ATTENDED)
# Which items whom concern: candidates, and every employer with a confirmed booking (items
# for one employer besides: `Audience.EMPLOYER` with that employer).
CANDIDATE_AUDIENCES = (Audience.EVERYONE, Audience.CANDIDATES)
EMPLOYER_AUDIENCES = (Audience.EVERYONE, Audience.EMPLOYERS)


def trip_with_public_programme(slug: str) -> Trip | None:
    """A trip whose programme is public: it has been published and is not a draft."""
    return (
        Trip.objects.filter(slug=slug, published_at__isnull=False)
        .exclude(status=TripStatus.DRAFT)
        .first()
    )


def items_public(*, trip: Trip) -> QuerySet[ItineraryItem]:
    return ItineraryItem.objects.filter(trip=trip, audience=Audience.EVERYONE)


def items_for_trip(*, trip: Trip) -> QuerySet[ItineraryItem]:
    """Every item, for the trip's organisers."""
    return ItineraryItem.objects.filter(trip=trip).select_related("employer")


def _feed_bookings(user: User) -> QuerySet[SlotBooking]:
    """The bookings that put a trip into the personal feed of one of the employer's members:
    confirmed ones; and those cancelled while confirmed on a trip that was cancelled, so that
    the trip's items stay in the feed marked CANCELLED instead of just disappearing."""
    return SlotBooking.objects.filter(employer__employermembership__user=user).filter(
        Q(status=BookingStatus.CONFIRMED)
        | Q(
            trip__status=TripStatus.CANCELLED,
            status_changes__from_status=BookingStatus.CONFIRMED,
            status_changes__to_status=BookingStatus.CANCELLED,
        )
    )


@dataclass(frozen=True)
class FeedOwner:
    """A personal feed's owner (`user_for_calendar_key`), and whether they are an employer's
    member at all: a feed poll builds only the queries that can find something."""

    user: User
    employer_member: bool


def items_for_user(user: User, *, employer_member: bool = True) -> QuerySet[ItineraryItem]:
    """The items of a personal feed: by the user's places on trips and employers' bookings
    (none of those when `employer_member` is False: the user is no employer's member)."""
    candidate_trips = Application.objects.filter(
        candidate__user=user, status__in=CANDIDATE_FEED_STATUSES
    ).values("trip_id")
    condition = Q(trip__in=candidate_trips, audience__in=CANDIDATE_AUDIENCES)
    if employer_member:
        bookings = _feed_bookings(user)
        employer_trips = bookings.values("trip_id")
        employers = bookings.values("employer_id")
        condition |= Q(trip__in=employer_trips, audience__in=EMPLOYER_AUDIENCES) | Q(
            trip__in=employer_trips, audience=Audience.EMPLOYER, employer__in=employers
        )
    return (
        ItineraryItem.objects.filter(condition)
        .exclude(trip__status=TripStatus.DRAFT)
        .select_related("trip")
    )


def items_for_candidates(*, trip: Trip) -> QuerySet[ItineraryItem]:
    """The items of one trip that concern its candidates, cancelled ones included, in time
    order (the rule of `items_for_user`): none while the trip is a draft."""
    return (
        ItineraryItem.objects.filter(trip=trip, audience__in=CANDIDATE_AUDIENCES)
        .exclude(trip__status=TripStatus.DRAFT)
        .order_by("starts_at", "ends_at", "id")
    )


def items_for_employer(*, trip: Trip, employer: Employer) -> QuerySet[ItineraryItem]:
    """The items of one trip that concern one employer: those for every employer and those
    for it alone (the rule of `items_for_user`), cancelled ones included, in time order."""
    condition = Q(audience__in=EMPLOYER_AUDIENCES) | Q(
        audience=Audience.EMPLOYER, employer=employer
    )
    return (
        ItineraryItem.objects.filter(condition, trip=trip)
        .exclude(trip__status=TripStatus.DRAFT)
        .order_by("starts_at", "ends_at", "id")
    )


def meetings_for_user(user: User, *, employer_member: bool = True) -> QuerySet[Meeting]:
    """The meetings of a personal feed, cancelled ones included (calendars then show them
    CANCELLED): the candidate's own on trips they have a place on, and those of the user's
    employers on trips whose items their feed shows (see `_feed_bookings`; none when
    `employer_member` is False)."""
    condition = Q(
        application__candidate__user=user, application__status__in=CANDIDATE_FEED_STATUSES
    )
    if employer_member:
        employer_pairs = _feed_bookings(user).filter(
            trip=OuterRef("trip"), employer=OuterRef("employer")
        )
        condition |= Q(Exists(employer_pairs))
    return (
        Meeting.objects.filter(condition)
        .exclude(trip__status=TripStatus.DRAFT)
        .select_related("trip", "employer", "application__candidate", "block")
    )


@dataclass(frozen=True)
class FeedVersion:
    """What a calendar client's conditional request is compared with, from one query."""

    etag: str
    last_modified: datetime | None


def _aggregate(function: str, field: str, output_field: IntegerField | DateTimeField) -> Func:
    # Written as a plain function, not Django's aggregate, so that the row is a value that a
    # UNION can combine (an aggregate makes its query uncombinable).
    return Func(F(field), function=function, output_field=output_field)


def _summary(rows: QuerySet, source: int) -> QuerySet:
    """One row: how many `rows`, their last change, highest id and summed sequence."""
    return rows.order_by().values_list(
        Value(source, output_field=IntegerField()),
        _aggregate("COUNT", "id", IntegerField()),
        _aggregate("MAX", "updated_at", DateTimeField()),
        _aggregate("MAX", "id", IntegerField()),
        _aggregate("SUM", "sequence", IntegerField()),
    )


def feed_version(
    items: QuerySet[ItineraryItem],
    *,
    meetings: QuerySet[Meeting] | None = None,
    salt: str = "",
    changed_at: datetime | None = None,
) -> FeedVersion:
    """The version of a feed of `items` (and `meetings`), from one query. Every change to an
    item or a meeting raises its `updated_at` and `sequence`, a new one its id. `salt` holds
    whatever else the feed shows (its key and name), `changed_at` when that last changed (a
    trip's title), so either makes a new version."""
    query = _summary(items, 0)
    if meetings is not None:
        query = query.union(_summary(meetings, 1), all=True).order_by()
    rows = sorted(query)
    parts = [{"count": r[1], "last": r[2], "top": r[3], "seq": r[4]} for r in rows]
    lasts = [p["last"] for p in parts] + [changed_at]
    last = max((t for t in lasts if t is not None), default=None)
    raw = "|".join(
        [salt, str(last)] + [f"{p['count']}|{p['top']}|{p['seq']}|{p['last']}" for p in parts]
    )
    return FeedVersion(etag=hashlib.sha256(raw.encode()).hexdigest()[:32], last_modified=last)


@dataclass(frozen=True)
class FeedSegment:
    """The items of one trip in one feed, summed up (`feed_segments`): what the feed's cached
    part for that trip is keyed by."""

    trip_id: int
    trip_slug: str
    count: int
    id_sum: int
    top: int
    sequence_sum: int
    last: datetime
    first_start: datetime
    last_end: datetime


def feed_segments(items: QuerySet[ItineraryItem]) -> list[FeedSegment]:
    """The feed's items trip by trip, in time order of their first items, from one query (no
    item is read: a feed of thousands of items has tens of trips). Any change to an item, and
    any item joining or leaving the feed, changes its trip's segment."""
    rows = (
        items.order_by()
        .values("trip_id", "trip__slug")
        .annotate(
            count=Count("id"),
            id_sum=Sum("id"),
            top=Max("id"),
            sequence_sum=Sum("sequence"),
            last=Max("updated_at"),
            first_start=Min("starts_at"),
            last_end=Max("ends_at"),
        )
    )
    segments = [
        FeedSegment(
            trip_id=row["trip_id"],
            trip_slug=row["trip__slug"],
            count=row["count"],
            id_sum=row["id_sum"],
            top=row["top"],
            sequence_sum=row["sequence_sum"],
            last=row["last"],
            first_start=row["first_start"],
            last_end=row["last_end"],
        )
        for row in rows
    ]
    return sorted(segments, key=lambda s: (s.first_start, s.trip_id))


def user_for_calendar_key(key: str) -> FeedOwner | None:
    """The owner of an active feed token, or None (unknown, revoked, or a wrong verifier);
    from one query."""
    selector, verifier = CalendarToken.split(key)
    token = (
        CalendarToken.objects.select_related("user")
        .filter(selector=selector, revoked_at__isnull=True, user__is_active=True)
        .annotate(employer_member=Exists(EmployerMembership.objects.filter(user=OuterRef("user"))))
        .first()
    )
    if token is None or not hmac.compare_digest(token.verifier, verifier):
        return None
    return FeedOwner(user=token.user, employer_member=token.employer_member)


def calendar_token_active(user: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def affected_users(*, item: ItineraryItem) -> QuerySet[User]:
    """Who is told about a change to `item`: the people whose personal feed shows it."""

    users = get_user_model().objects.none()
    User = get_user_model()
    if item.audience in (Audience.EVERYONE, Audience.CANDIDATES):
        users |= User.objects.filter(
            candidate__applications__trip=item.trip_id,
            candidate__applications__status__in=CANDIDATE_FEED_STATUSES,
        )
    if item.audience != Audience.CANDIDATES:
        bookings = SlotBooking.objects.filter(trip=item.trip_id, status=BookingStatus.CONFIRMED)
        if item.audience == Audience.EMPLOYER:
            bookings = bookings.filter(employer=item.employer_id)
        users |= User.objects.filter(employer_memberships__employer__in=bookings.values("employer"))
    return users.filter(is_active=True).distinct()


def programme_is_public(trip: Trip) -> bool:
    """Whether the trip's public feed answers (the condition of `trip_with_public_programme`)."""
    return trip.published_at is not None and trip.status != TripStatus.DRAFT


def employers_for_programme(*, trip: Trip, include_pk: int | None = None) -> QuerySet[Employer]:
    """Employers an item for "One employer" can be for: those holding a slot on the trip.

    `include_pk` keeps an item's current employer choosable after its booking has ended.
    """
    booked = SlotBooking.objects.filter(trip=trip, status__in=ACTIVE_BOOKING_STATUSES)
    condition = Q(pk__in=booked.values("employer_id"))
    if include_pk is not None:
        condition |= Q(pk=include_pk)
    return Employer.objects.filter(condition).order_by("name", "id")


def trips_to_copy_programme_from(*, trip: Trip) -> QuerySet[Trip]:
    """The organisation's other trips, newest first, with `item_count` (all their items)."""
    return (
        Trip.objects.filter(organisation=trip.organisation_id)
        .exclude(pk=trip.pk)
        .annotate(item_count=Count("itinerary_items"))
        .order_by("-starts_at", "id")
    )
