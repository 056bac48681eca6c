"""Reads for candidates, applications and the organisers' review."""

import hashlib
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from core.models import User
from employers.models import BookingStatus
from events.models import Sector, Trip, TripStatus
from events.selectors import organisations_of_organiser, upcoming_published_sql

from .models import (
    ApplicantNote,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Candidate,
)

if TYPE_CHECKING:  # the stubs' type of an annotated queryset's rows
    from django_stubs_ext import WithAnnotations

A = ApplicationStatus


class PlacesLeft(TypedDict):
    """What `with_places_left` adds to each trip."""

    places_taken: int
    places_left: int


def _taken_subquery() -> Coalesce:
    """Accepted applications plus live waitlist offers of the outer trip, as one subquery."""
    now = timezone.now()
    return Coalesce(
        Subquery(
            Application.objects.filter(trip=OuterRef("pk"))
            .filter(Q(status=A.ACCEPTED) | Q(status=A.WAITLISTED, offer_expires_at__gt=now))
            .order_by()
            .values("trip")
            .annotate(n=Count("id"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def with_places_left(qs: QuerySet[Trip]) -> "QuerySet[WithAnnotations[Trip, PlacesLeft]]":
    return qs.annotate(places_taken=_taken_subquery()).annotate(
        places_left=F("candidate_capacity") - F("places_taken")
    )


def trips_for_candidates(
    *, sector: str | None = None, month: date | None = None, open_only: bool = False
) -> QuerySet[Trip]:
    """Published trips with `places_left`, soonest first; filters by sector code, by the
    month the trip starts in, and to those still taking applications."""
    qs = Trip.objects.filter(status=TripStatus.PUBLISHED, ends_at__gte=timezone.now())
    if sector:
        qs = qs.filter(sectors__code=sector)
    if month:
        start, end = month_bounds(month)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    if open_only:
        qs = qs.filter(application_deadline__gt=timezone.now())
    return (
        with_places_left(qs)
        .select_related("organisation")
        .prefetch_related("sectors")
        .order_by("starts_at", "id")
    )


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first moment of `month` and of the month after, in the current time zone."""
    after = (
        date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)
    )
    return (
        timezone.make_aware(datetime(month.year, month.month, 1)),
        timezone.make_aware(datetime(after.year, after.month, 1)),
    )


def trip_list_page(
    *,
    sector: str | None = None,
    month: date | None = None,
    open_only: bool = False,
    page: str | None,
    per_page: int,
    now: datetime,
) -> tuple[int, int, list[tuple]]:
    """For the trip list's page `page` (`?page=`, numbered as `page_of` numbers it) of
    `trips_for_candidates(sector=, month=, open_only=)`: how many trips there are, the page's
    number, and what of each of its trips the list shows that can change — (id, when it last
    changed, places left, whether it takes applications at `now`), in the list's order. Trip
    services save the trip when they change its sectors, so `updated_at` covers them.

    In SQL written out, two short statements: this is read on every request for the list's
    cached rendering and ETag (`trip_list_version`), and building and compiling the ORM's
    count and places-left subquery cost about ten times running them (1.5 ms against 0.1 ms
    on SQLite, which kept `/trips/` at 17–19× the trivial view; issue 15.2). The ORM says the
    same in `trips_for_candidates` and `_taken_subquery`;
    tests/web/candidates/test_trip_list_version.py holds the two to each other."""
    trip, sectors = Trip._meta.db_table, Trip.sectors.through._meta.db_table
    sector_table, application = Sector._meta.db_table, Application._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    upcoming, params = upcoming_published_sql(now)
    where = [upcoming]
    if sector:
        where.append(
            f"EXISTS (SELECT 1 FROM {sectors} ts JOIN {sector_table} s ON s.id = ts.sector_id"
            " WHERE ts.trip_id = t.id AND s.code = %s)"
        )
        params.append(sector)
    if month:
        start, end = month_bounds(month)
        where.append("t.starts_at >= %s AND t.starts_at < %s")
        params += [adapt(start), adapt(end)]
    if open_only:
        where.append("t.application_deadline > %s")
        params.append(adapt(now))
    condition = " AND ".join(where)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {trip} t WHERE {condition}", params)
        count = cursor.fetchone()[0]
        shown = Paginator(range(count), per_page).get_page(page)  # numbered as page_of does
        taken = (
            f"SELECT COUNT(*) FROM {application} a WHERE a.trip_id = t.id AND (a.status = %s"
            " OR (a.status = %s AND a.offer_expires_at > %s))"
        )
        cursor.execute(
            f"SELECT t.id, t.updated_at, t.candidate_capacity - ({taken}),"
            f" t.application_deadline > %s FROM {trip} t WHERE {condition}"
            " ORDER BY t.starts_at, t.id LIMIT %s OFFSET %s",
            [
                A.ACCEPTED.value,
                A.WAITLISTED.value,
                adapt(now),
                adapt(now),
                *params,
                per_page,
                shown.start_index() - 1 if count else 0,
            ],
        )
        rows = [(pk, updated, left, bool(open_)) for pk, updated, left, open_ in cursor]
    return count, shown.number, rows


def trip_list_version(**criteria: Any) -> tuple[int, int, str]:
    """`trip_list_page`'s count and page number, and a fingerprint of its rows."""
    count, number, rows = trip_list_page(**criteria)
    return count, number, hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def places_left(trip: Trip) -> int:
    return with_places_left(Trip.objects.filter(pk=trip.pk)).values_list("places_left", flat=True)[
        0
    ]


def candidate_of(user: User | AnonymousUser | None) -> Candidate | None:
    if user is None or not user.is_authenticated:
        return None
    return Candidate.objects.filter(user=user).prefetch_related("sectors").first()


def applications_of_candidate(candidate: Candidate) -> QuerySet[Application]:
    return (
        Application.objects.filter(candidate=candidate)
        .select_related("trip", "trip__organisation")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ApplicationStatusChange.objects.order_by("created_at", "id"),
            )
        )
        .order_by("-created_at", "-id")
    )


def application_of_candidate(candidate: Candidate, application_id: int) -> Application | None:
    return applications_of_candidate(candidate).filter(pk=application_id).first()


# The name is sorted as `Lower(name)`, which also sorts "de Vries" among the Ds, and which
# no index serves: PostgreSQL sorts the trip's applicants rather than walking the whole talent
# database's (name, id) index (candidate_name_id, for the talent search) until it has found
# a page of them — 375 ms for a trip of 2,000 among 300,000 profiles, 21 ms sorted.
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "applied": ("created_at", "id"),
    "-applied": ("-created_at", "-id"),
    "experience": ("candidate__years_experience", "id"),
    "-experience": ("-candidate__years_experience", "id"),
    "city": ("candidate__city", "id"),
    "name": (Lower("candidate__name").asc(), "id"),
    "status": ("status", "id"),
}


def _note_count() -> Coalesce:
    notes = (
        ApplicantNote.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(notes, output_field=IntegerField()), 0)


def applications_for_trip(
    trip: Trip,
    *,
    status: str | None = None,
    sector: str | None = None,
    min_experience: int | None = None,
    city: str | None = None,
    sort: str = "applied",
) -> QuerySet[Application]:
    """The organisers' applicant list for one trip, filtered and sorted."""
    qs = Application.objects.filter(trip=trip)
    if status:
        qs = qs.filter(status=status)
    if sector:
        qs = qs.filter(candidate__sectors__code=sector)
    if min_experience is not None:
        qs = qs.filter(candidate__years_experience__gte=min_experience)
    if city:
        qs = qs.filter(candidate__city__icontains=city)
    return (
        qs.select_related("candidate", "candidate__user", "trip")
        .prefetch_related("candidate__sectors")
        # A subquery per row shown, not a GROUP BY over every applicant before the page's
        # LIMIT (57 ms at 2,000 applicants on SQLite; bench/applicant_list.py).
        .annotate(note_count=_note_count())
        .order_by(*SORTS.get(sort, SORTS["applied"]))
    )


# What a row of the organisers' applicant list shows (besides the candidate's sectors, which
# are saved with the candidate: `updated_at` covers them).
APPLICANT_ROW_FIELDS = (
    "id",
    "status",
    "created_at",
    "updated_at",
    "note_count",
    "candidate__updated_at",
    "candidate__name",
    "candidate__city",
    "candidate__country",
    "candidate__years_experience",
)


def applicants_page_version(applications: QuerySet[Application]) -> str:
    """A fingerprint of a page of `applications_for_trip` — the rows' values, as plain values
    in one query — for the applicant list's cached table rows."""
    rows = list(applications.prefetch_related(None).values_list(*APPLICANT_ROW_FIELDS))
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def applications_managed_by(user: User | AnonymousUser | None) -> QuerySet[Application]:
    return Application.objects.filter(
        trip__organisation__in=organisations_of_organiser(user)
    ).select_related("candidate", "candidate__user", "trip")


def cv_viewable_by(candidate: Candidate, user: User | AnonymousUser | None) -> bool:
    """The candidate; organisers of a trip they applied to; members of an employer with a
    confirmed booking on a trip they are accepted on — only with the consent to share with
    that trip's employers."""
    if user is None or not user.is_authenticated or not candidate.cv:
        return False
    if candidate.user_id == user.pk:
        return True
    applications = Application.objects.filter(candidate=candidate)
    if applications.filter(trip__organisation__in=organisations_of_organiser(user)).exists():
        return True
    return applications.filter(
        status__in=[A.ACCEPTED, A.ATTENDED],
        share_consent_at__isnull=False,  # shared with THIS trip's employers (issue 14.1)
        trip__bookings__status=BookingStatus.CONFIRMED,
        trip__bookings__employer__employermembership__user=user,
    ).exists()


class CvReader(TypedDict):
    """For whom `cv_viewable_by` lets a user read a CV (what the audit records)."""

    trip: int | None
    organisation: int | None
    employer: int | None


def cv_reader(candidate: Candidate, user: User) -> CvReader:
    """The trip and the organisation (organisers: their latest trip the candidate applied to)
    or the employer (members: their latest confirmed booking of a trip the candidate is
    accepted on) through which `user` reads the candidate's CV. At most two queries."""
    applications = Application.objects.filter(candidate=candidate).order_by("-created_at")
    organised = (
        applications.filter(trip__organisation__in=organisations_of_organiser(user))
        .values_list("trip_id", "trip__organisation_id")
        .first()
    )
    if organised is not None:
        return {"trip": organised[0], "organisation": organised[1], "employer": None}
    booked = (
        applications.filter(
            status__in=[A.ACCEPTED, A.ATTENDED],
            trip__bookings__status=BookingStatus.CONFIRMED,
            trip__bookings__employer__employermembership__user=user,
        )
        .values_list("trip_id", "trip__bookings__employer_id")
        .first()
    )
    if booked is not None:
        return {"trip": booked[0], "organisation": None, "employer": booked[1]}
    return {"trip": None, "organisation": None, "employer": None}


# Fields that make a profile complete, with their weight in the indicator.
COMPLETENESS_FIELDS = (
    "name",
    "phone",
    "city",
    "country",
    "headline",
    "years_experience",
    "skills",
    "languages",
    "earliest_move_date",
    "cv",
)


def profile_completeness(candidate: Candidate) -> tuple[int, list[str]]:
    """Percent complete and the names of the missing fields (sectors count too)."""
    missing = [
        name
        for name in COMPLETENESS_FIELDS
        if getattr(candidate, name) in (None, "", [])
        or (name == "years_experience" and not candidate.years_experience)
    ]
    if not candidate.sectors.exists():
        missing.append("sectors")
    total = len(COMPLETENESS_FIELDS) + 1
    return round(100 * (total - len(missing)) / total), missing


# --- Web pages (candidate pages and the organisers' applicant review) -------------------------


def application_of_candidate_for_trip(
    candidate: Candidate | None, trip: Trip
) -> Application | None:
    if candidate is None:
        return None
    return Application.objects.filter(candidate=candidate, trip=trip).first()


def trip_ids_applied_by(user: User | AnonymousUser | None) -> set[int]:
    """Ids of the trips the user has applied to as a candidate (empty for anyone else)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Application.objects.filter(candidate__user=user)
        .order_by()
        .values_list("trip_id", flat=True)
    )


def applicant_of_trip(trip: Trip, application_id: int) -> Application | None:
    """One application of `trip` for the organisers' detail page, with its status history."""
    return (
        applications_for_trip(trip)
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ApplicationStatusChange.objects.select_related("actor").order_by(
                    "created_at", "id"
                ),
            )
        )
        .filter(pk=application_id)
        .first()
    )


def applicant_notes(application: Application) -> QuerySet[ApplicantNote]:
    """Organisers' internal notes on an application, oldest first. Never for candidates."""
    return ApplicantNote.objects.filter(application=application).select_related("author")


def candidate_with_cv_for(user: User | AnonymousUser | None, candidate_id: int) -> Candidate | None:
    """The candidate whose CV `user` may download (cv_viewable_by), else None."""
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    if candidate is None or not cv_viewable_by(candidate, user):
        return None
    return candidate
