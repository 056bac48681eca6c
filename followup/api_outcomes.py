"""The outcomes and feedback API (issue 13.4 and 13.7).

Who may do what: members of an employer with a confirmed booking their employer's outcomes
per candidate met and its feedback on the trip; a candidate who attended their own
feedback; coordinators and organisers of the trip's organisation the summary. Anybody else
gets 404, as if the trip had none. Before the trip starts, writes answer 422.
"""

from datetime import date, datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from core.schemas import ErrorOut
from employers.models import Employer
from events.api import WRITE_ERRORS
from events.models import Trip

from .models import OfferAnswer, OutcomeResult
from .outcome_selectors import (
    OutcomeRow,
    candidate_feedback_of,
    employer_of_member,
    feedback_application_of,
    may_see_trip_feedback,
    met_employers,
    outcome_rows,
    trip_feedback_summary,
)
from .outcome_services import candidate_feedback_submit, employer_feedback_submit, outcome_set

router = Router(tags=["outcomes and feedback"])
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class OutcomeOut(Schema):
    application_id: int
    candidate_name: str
    result: OutcomeResult | None = None
    start_date: date | None = None


class OutcomeIn(Schema):
    application_id: int
    result: OutcomeResult
    start_date: date | None = None


class EmployerFeedbackIn(Schema):
    trip_rating: int = Field(ge=1, le=5)
    candidates_rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=3000)


class EmployerFeedbackOut(Schema):
    employer: str
    trip_rating: int
    candidates_rating: int
    comment: str
    submitted_at: datetime


class EmployerRatingIn(Schema):
    employer_id: int
    rating: int = Field(ge=1, le=5)


class MetEmployerOut(Schema):
    employer_id: int
    name: str
    rating: int | None = None


class CandidateFeedbackIn(Schema):
    trip_rating: int = Field(ge=1, le=5)
    employer_ratings: list[EmployerRatingIn] = []
    comment: str = Field("", max_length=3000)
    got_offer: OfferAnswer


class CandidateFeedbackOut(Schema):
    submitted: bool
    trip_rating: int | None = None
    comment: str = ""
    got_offer: OfferAnswer | None = None
    submitted_at: datetime | None = None
    employers: list[MetEmployerOut]


class SummaryOutcomeOut(Schema):
    employer: str
    result: OutcomeResult
    start_date: date | None = None


class SummaryCandidateOut(Schema):
    application_id: int
    candidate_name: str
    outcomes: list[SummaryOutcomeOut]
    trip_rating: int | None = None
    got_offer: OfferAnswer | None = None
    comment: str = ""
    employer_ratings: list[MetEmployerOut]


class SummaryEmployerOut(Schema):
    employer: str
    average_rating: float | None = None
    ratings: int
    results: dict[str, int]
    trip_rating: int | None = None
    candidates_rating: int | None = None
    comment: str = ""


class SummaryOut(Schema):
    candidate_trip_average: float | None = None
    candidate_feedback_count: int
    employer_trip_average: float | None = None
    employer_candidates_average: float | None = None
    employer_feedback_count: int
    results: dict[str, int]
    candidates: list[SummaryCandidateOut]
    employers: list[SummaryEmployerOut]


def _trip(slug: str) -> Trip:
    return get_object_or_404(Trip.objects.select_related("organisation"), slug=slug)


def _employer(request: HttpRequest, slug: str) -> tuple[Trip, Employer]:
    trip = _trip(slug)
    employer = employer_of_member(request.auth, trip)  # type: ignore[attr-defined]
    if employer is None:
        raise Http404
    return trip, employer


def _outcome_out(row: OutcomeRow) -> dict:
    return {
        "application_id": row.application.pk,
        "candidate_name": row.application.candidate.name,
        "result": row.result or None,
        "start_date": row.start_date,
    }


@router.get("/trips/{slug}/outcomes", response={200: list[OutcomeOut], **READ_ERRORS})
def outcomes_get(request: HttpRequest, slug: str):
    """Employers' members: every candidate your employer met on the trip, with the outcome
    you recorded (`result` null while none is)."""
    trip, employer = _employer(request, slug)
    return [_outcome_out(row) for row in outcome_rows(trip, employer)]


@router.put("/trips/{slug}/outcomes", response={200: OutcomeOut, **WRITE_ERRORS})
def outcomes_put(request: HttpRequest, slug: str, payload: OutcomeIn):
    """Record one candidate's outcome: `no`, `interview`, `offer` or `hired` (with
    `start_date`, and only then). Only for candidates you met, once the trip has started
    (422 otherwise). A hire moves the person's follow-up case to *hired*."""
    trip, employer = _employer(request, slug)
    outcome = outcome_set(
        trip=trip,
        employer=employer,
        application=payload.application_id,
        actor=request.auth,  # type: ignore[attr-defined]
        result=payload.result.value,
        start_date=payload.start_date,
    )
    return {
        "application_id": outcome.application_id,
        "candidate_name": outcome.application.candidate.name,
        "result": outcome.result,
        "start_date": outcome.start_date,
    }


@router.put("/trips/{slug}/employer-feedback", response={200: EmployerFeedbackOut, **WRITE_ERRORS})
def employer_feedback_put(request: HttpRequest, slug: str, payload: EmployerFeedbackIn):
    """Employers' members: your employer's feedback on the trip (given again, it replaces
    the earlier one)."""
    trip, employer = _employer(request, slug)
    feedback = employer_feedback_submit(
        trip=trip,
        employer=employer,
        actor=request.auth,  # type: ignore[attr-defined]
        trip_rating=payload.trip_rating,
        candidates_rating=payload.candidates_rating,
        comment=payload.comment,
    )
    return {**_employer_feedback_out(feedback), "employer": employer.name}


def _employer_feedback_out(feedback) -> dict:
    return {
        "trip_rating": feedback.trip_rating,
        "candidates_rating": feedback.candidates_rating,
        "comment": feedback.comment,
        "submitted_at": feedback.submitted_at,
    }


def _candidate_feedback_out(application) -> dict:
    feedback = candidate_feedback_of(application)
    ratings = {r.employer_id: r.rating for r in feedback.employer_ratings.all()} if feedback else {}
    return {
        "submitted": feedback is not None,
        "trip_rating": feedback.trip_rating if feedback else None,
        "comment": feedback.comment if feedback else "",
        "got_offer": feedback.got_offer if feedback else None,
        "submitted_at": feedback.submitted_at if feedback else None,
        "employers": [
            {"employer_id": e.pk, "name": e.name, "rating": ratings.get(e.pk)}
            for e in met_employers(application)
        ],
    }


def _application(request: HttpRequest, slug: str):
    application = feedback_application_of(request.auth, _trip(slug))  # type: ignore[attr-defined]
    if application is None:
        raise Http404
    return application


@router.get("/me/trips/{slug}/feedback", response={200: CandidateFeedbackOut, **READ_ERRORS})
def candidate_feedback_get(request: HttpRequest, slug: str):
    """A candidate who attended the trip: your feedback (`submitted` false before you gave
    it) and the employers you met, which you may rate."""
    return _candidate_feedback_out(_application(request, slug))


@router.put("/me/trips/{slug}/feedback", response={200: CandidateFeedbackOut, **WRITE_ERRORS})
def candidate_feedback_put(request: HttpRequest, slug: str, payload: CandidateFeedbackIn):
    """Give (or change) your feedback: the trip 1–5, employers you met 1–5 (those left out
    are not rated), words, and whether you got an offer (`yes`, `no`, `not_yet`)."""
    application = _application(request, slug)
    candidate_feedback_submit(
        application=application,
        actor=request.auth,  # type: ignore[attr-defined]
        trip_rating=payload.trip_rating,
        employer_ratings={r.employer_id: r.rating for r in payload.employer_ratings},
        comment=payload.comment,
        got_offer=payload.got_offer.value,
    )
    return _candidate_feedback_out(application)


@router.get("/trips/{slug}/feedback", response={200: SummaryOut, **READ_ERRORS})
def feedback_summary_get(request: HttpRequest, slug: str):
    """Coordinators and organisers of the trip's organisation: outcomes, average ratings and
    comments, per candidate and per employer."""
    trip = _trip(slug)
    if not may_see_trip_feedback(request.auth, trip):  # type: ignore[attr-defined]
        raise Http404
    s = trip_feedback_summary(trip)
    return {
        "candidate_trip_average": s.candidate_trip_average,
        "candidate_feedback_count": s.candidate_feedback_count,
        "employer_trip_average": s.employer_trip_average,
        "employer_candidates_average": s.employer_candidates_average,
        "employer_feedback_count": s.employer_feedback_count,
        "results": s.results,
        "candidates": [
            {
                "application_id": row.application.pk,
                "candidate_name": row.application.candidate.name,
                "outcomes": [
                    {"employer": o.employer.name, "result": o.result, "start_date": o.start_date}
                    for o in row.outcomes
                ],
                "trip_rating": row.feedback.trip_rating if row.feedback else None,
                "got_offer": row.feedback.got_offer if row.feedback else None,
                "comment": row.feedback.comment if row.feedback else "",
                "employer_ratings": [
                    {"employer_id": r.employer_id, "name": r.employer.name, "rating": r.rating}
                    for r in row.ratings
                ],
            }
            for row in s.candidates
        ],
        "employers": [
            {
                "employer": row.employer.name,
                "average_rating": row.average_rating,
                "ratings": row.ratings,
                "results": row.results,
                "trip_rating": row.feedback.trip_rating if row.feedback else None,
                "candidates_rating": row.feedback.candidates_rating if row.feedback else None,
                "comment": row.feedback.comment if row.feedback else "",
            }
            for row in s.employers
        ],
    }
