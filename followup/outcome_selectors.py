"""Reads for outcomes and feedback (issue 13.4): whom an employer met on a trip, what they
recorded, which employers a candidate met, the trips whose people are to be asked for their
feedback, and the organisers' summary of a trip. Query counts do not grow with the rows."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, QuerySet

from candidates.models import Application, ApplicationStatus
from core.models import User
from employers.models import BookingStatus, Employer, EmployerMembership
from events.models import Trip, TripStatus
from itineraries.models import Meeting, MeetingStatus

from .access import follows_up
from .models import (
    CandidateFeedback,
    EmployerFeedback,
    EmployerRating,
    FeedbackRequest,
    MeetingOutcome,
)

# People are asked for their feedback within this long after their trip ended.
FEEDBACK_REQUEST_WINDOW = timedelta(days=7)


def trip_started(trip: Trip, *, now: datetime) -> bool:
    return trip.starts_at <= now


def employer_of_member(user: User | AnonymousUser | None, trip: Trip) -> Employer | None:
    """The user's employer with a confirmed booking on the trip (None for anybody else)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Employer.objects.filter(
            employermembership__user=user,
            bookings__trip=trip,
            bookings__status=BookingStatus.CONFIRMED,
        )
        .distinct()
        .order_by("name", "id")
        .first()
    )


def is_booked_member(user: User | None, trip: Trip, employer: Employer) -> bool:
    """The user is a member of `employer`, which has a confirmed booking on the trip."""
    if user is None or not user.is_authenticated:
        return False
    return (
        EmployerMembership.objects.filter(user=user, employer=employer).exists()
        and employer.bookings.filter(trip=trip, status=BookingStatus.CONFIRMED).exists()
    )


def met_meetings(trip: Trip) -> QuerySet[Meeting]:
    return Meeting.objects.filter(trip=trip, status=MeetingStatus.SCHEDULED)


def met_applications(trip: Trip, employer: Employer) -> QuerySet[Application]:
    """The candidates the employer met on the trip (a scheduled meeting), by name."""
    ids = met_meetings(trip).filter(employer=employer).values("application_id")
    return (
        Application.objects.filter(pk__in=ids)
        .select_related("candidate")
        .order_by("candidate__name", "id")
    )


def met_employers(application: Application) -> QuerySet[Employer]:
    """The employers the candidate met on their application's trip, by name."""
    ids = met_meetings(application.trip).filter(application=application).values("employer_id")
    return Employer.objects.filter(pk__in=ids).order_by("name", "id")


@dataclass
class OutcomeRow:
    application: Application
    outcome: MeetingOutcome | None

    @property
    def result(self) -> str:
        return self.outcome.result if self.outcome else ""

    @property
    def start_date(self) -> date | None:
        return self.outcome.start_date if self.outcome else None


def outcome_rows(trip: Trip, employer: Employer) -> list[OutcomeRow]:
    """Every candidate the employer met on the trip with what they recorded: two queries."""
    applications = list(met_applications(trip, employer))
    outcomes = {
        o.application_id: o
        for o in MeetingOutcome.objects.filter(
            employer=employer, application__in=[a.pk for a in applications]
        )
    }
    return [OutcomeRow(a, outcomes.get(a.pk)) for a in applications]


def employer_feedback_of(trip: Trip, employer: Employer) -> EmployerFeedback | None:
    return EmployerFeedback.objects.filter(trip=trip, employer=employer).first()


def feedback_application_of(user: User | AnonymousUser | None, trip: Trip) -> Application | None:
    """The user's own application on the trip, if they attended it (who may give feedback)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Application.objects.filter(
            trip=trip, candidate__user=user, status=ApplicationStatus.ATTENDED
        )
        .select_related("candidate", "trip")
        .first()
    )


def candidate_feedback_of(application: Application) -> CandidateFeedback | None:
    return (
        CandidateFeedback.objects.filter(application=application)
        .prefetch_related("employer_ratings")
        .first()
    )


# --- Asking for feedback -------------------------------------------------------------------


def trips_feedback_due(*, now: datetime) -> QuerySet[Trip]:
    """Trips that ended within the last week and whose people were not asked yet."""
    asked = FeedbackRequest.objects.values("trip_id")
    return (
        Trip.objects.filter(ends_at__lte=now, ends_at__gt=now - FEEDBACK_REQUEST_WINDOW)
        .exclude(status__in=[TripStatus.DRAFT, TripStatus.CANCELLED])
        .exclude(pk__in=asked)
        .order_by("ends_at", "id")
    )


def feedback_candidate_recipients(trip: Trip) -> QuerySet[User]:
    """The candidates who attended the trip (active accounts)."""
    return User.objects.filter(
        is_active=True,
        candidate__applications__trip=trip,
        candidate__applications__status=ApplicationStatus.ATTENDED,
    ).distinct()


def feedback_employer_recipients(trip: Trip) -> list[tuple[int, int]]:
    """(user id, employer id) of every member of an employer with a confirmed booking."""
    return list(
        EmployerMembership.objects.filter(
            user__is_active=True,
            employer__bookings__trip=trip,
            employer__bookings__status=BookingStatus.CONFIRMED,
        )
        .distinct()
        .order_by("employer_id", "user_id")
        .values_list("user_id", "employer_id")
    )


# --- The organisers' summary ---------------------------------------------------------------


def may_see_trip_feedback(user: User | AnonymousUser | None, trip: Trip) -> bool:
    """Coordinators and organisers of the trip's organisation."""
    return follows_up(user, trip.organisation_id)


@dataclass
class CandidateSummary:
    application: Application
    outcomes: list[MeetingOutcome] = field(default_factory=list)
    feedback: CandidateFeedback | None = None
    ratings: list[EmployerRating] = field(default_factory=list)


@dataclass
class EmployerSummary:
    employer: Employer
    average_rating: float | None = None
    ratings: int = 0
    feedback: EmployerFeedback | None = None
    results: dict[str, int] = field(default_factory=dict)


@dataclass
class TripFeedbackSummary:
    trip: Trip
    candidates: list[CandidateSummary]
    employers: list[EmployerSummary]
    candidate_trip_average: float | None
    candidate_feedback_count: int
    employer_trip_average: float | None
    employer_candidates_average: float | None
    employer_feedback_count: int
    results: dict[str, int]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def trip_feedback_summary(trip: Trip) -> TripFeedbackSummary:
    """Per candidate who had meetings or gave feedback: the employers' outcomes, their own
    ratings and words; per employer with a confirmed booking: the candidates' average rating
    of them and their own feedback; the averages of the trip. A fixed number of queries."""
    outcomes = list(
        MeetingOutcome.objects.filter(application__trip=trip)
        .select_related("employer")
        .order_by("employer__name", "id")
    )
    feedbacks = {
        f.application_id: f
        for f in CandidateFeedback.objects.filter(application__trip=trip).prefetch_related(
            "employer_ratings__employer"
        )
    }
    met_ids = set(met_meetings(trip).values_list("application_id", flat=True))
    ids = met_ids | set(feedbacks) | {o.application_id for o in outcomes}
    applications = Application.objects.filter(pk__in=ids).select_related("candidate")
    rows = {a.pk: CandidateSummary(a) for a in applications.order_by("candidate__name", "id")}
    for outcome in outcomes:
        rows[outcome.application_id].outcomes.append(outcome)
    for application_id, feedback in feedbacks.items():
        rows[application_id].feedback = feedback
        rows[application_id].ratings = sorted(
            feedback.employer_ratings.all(), key=lambda r: r.employer.name
        )

    employer_feedback = {
        f.employer_id: f for f in EmployerFeedback.objects.filter(trip=trip).order_by("id")
    }
    rating_stats: dict[int, tuple[float, int]] = {
        row["employer_id"]: (row["average"], row["count"])
        for row in EmployerRating.objects.filter(feedback__application__trip=trip)
        .values("employer_id")
        .annotate(average=Avg("rating"), count=Count("id"))
    }
    employers = []
    booked = Employer.objects.filter(
        bookings__trip=trip, bookings__status=BookingStatus.CONFIRMED
    ).distinct()
    for employer in booked.order_by("name", "id"):
        average, count = rating_stats.get(employer.pk, (None, 0))
        counts: dict[str, int] = {}
        for outcome in outcomes:
            if outcome.employer_id == employer.pk:
                counts[outcome.result] = counts.get(outcome.result, 0) + 1
        employers.append(
            EmployerSummary(
                employer,
                average_rating=_rounded(average),
                ratings=count,
                feedback=employer_feedback.get(employer.pk),
                results=counts,
            )
        )
    results: dict[str, int] = {}
    for outcome in outcomes:
        results[outcome.result] = results.get(outcome.result, 0) + 1
    candidate_stats = CandidateFeedback.objects.filter(application__trip=trip).aggregate(
        average=Avg("trip_rating")
    )
    employer_stats = EmployerFeedback.objects.filter(trip=trip).aggregate(
        trip=Avg("trip_rating"), candidates=Avg("candidates_rating")
    )
    return TripFeedbackSummary(
        trip=trip,
        candidates=list(rows.values()),
        employers=employers,
        candidate_trip_average=_rounded(candidate_stats["average"]),
        candidate_feedback_count=len(feedbacks),
        employer_trip_average=_rounded(employer_stats["trip"]),
        employer_candidates_average=_rounded(employer_stats["candidates"]),
        employer_feedback_count=len(employer_feedback),
        results=results,
    )
