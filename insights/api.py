"""The insights API (issue 13.5): supply against demand per sector, a trip's report and its
cost. Organisers only (403 for everybody else), and only of their own organisations: the
sectors' demand counts their employers' hiring needs, another organisation's trip is 404."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from core.roles import roles_for
from core.schemas import ErrorOut
from events.selectors import organisations_of_organiser, trip_managed_by

from .selectors import TripReport, sector_insights, trip_report
from .services import trip_cost_set

router = Router(tags=["insights"])
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class InsightsCountOut(Schema):
    name: str
    count: int


class InsightsMonthOut(Schema):
    month: date
    new_supply: int
    new_demand: int


class InsightsSectorOut(Schema):
    sector: str = Field(description="The sector's code.")
    name: str
    supply: int = Field(description="Consenting people in the talent database in the sector.")
    demand: int = Field(description="Open positions in the hiring needs of your employers.")
    gap: int = Field(description="demand − supply")
    by_city: list[InsightsCountOut] = Field(
        description="Supply by the city they live in now (top 10)."
    )
    by_employer: list[InsightsCountOut] = Field(description="Demand by employer (top 10).")
    trend: list[InsightsMonthOut] = Field(description="The last 12 months, oldest first.")
    suggested: bool = Field(description="The sector to aim the next trip at (at most one).")


class InsightsSuggestionOut(Schema):
    sector: str | None = Field(description="The suggested sector's code; null if none.")
    suggestion: str = Field(description="Which sector to aim the next trip at, and why.")


class InsightsFunnelOut(Schema):
    invited: int
    applied: int
    accepted: int
    attended: int
    meetings: int
    offers: int
    hired: int
    moved: int


class InsightsConversionOut(Schema):
    applied: float | None
    accepted: float | None
    attended: float | None
    meetings: float | None
    offers: float | None
    hired: float | None
    moved: float | None


class InsightsFeedbackOut(Schema):
    candidates_trip_rating: float | None
    candidates_answers: int
    employers_rating: float | None = Field(
        description="Candidates' average rating of the employers they met."
    )
    employers_ratings: int
    employers_trip_rating: float | None
    employers_candidates_rating: float | None
    employers_answers: int


class InsightsTripReportOut(Schema):
    trip: str
    funnel: InsightsFunnelOut
    conversion: InsightsConversionOut = Field(
        description="Share of the previous stage that reached each stage (0–1); null when "
        "the previous stage had nobody."
    )
    cost: int | None = Field(description="What the trip cost, in öre; null until entered.")
    cost_note: str
    revenue: int = Field(description="Confirmed employer bookings, in öre.")
    cost_per_hire: int | None = Field(description="cost / hired, in öre.")
    net_cost_per_hire: int | None = Field(description="(cost − revenue) / hired, in öre.")
    feedback: InsightsFeedbackOut


class InsightsTripCostIn(Schema):
    amount_ore: int = Field(ge=0, le=10**12)
    note: str = Field(default="", max_length=300)


def _organiser(request: HttpRequest) -> None:
    if not roles_for(request.auth).organiser:
        raise PermissionDenied


@router.get("/insights/sectors", response={200: list[InsightsSectorOut], **READ_ERRORS})
def sectors(request: HttpRequest):
    """One row per sector: supply in the talent database against demand in your
    organisations' hiring needs, by city and by employer, the last 12 months; `suggested`
    marks the sector to aim the next trip at (`GET /insights/suggestion` says why)."""
    insights = _sector_insights(request)
    suggested = insights.suggested.code if insights.suggested else None
    return [
        {
            "sector": row.code,
            "name": row.name,
            "supply": row.supply,
            "demand": row.demand,
            "gap": row.gap,
            "by_city": [{"name": n, "count": c} for n, c in row.by_city],
            "by_employer": [{"name": n, "count": c} for n, c in row.by_employer],
            "trend": [{"month": m, "new_supply": s, "new_demand": d} for m, s, d in row.trend],
            "suggested": row.code == suggested,
        }
        for row in insights.rows
    ]


@router.get("/insights/suggestion", response={200: InsightsSuggestionOut, **READ_ERRORS})
def suggestion(request: HttpRequest):
    """Which sector to aim the next trip at and why, in plain words (the reader's language)."""
    insights = _sector_insights(request)
    return {
        "sector": insights.suggested.code if insights.suggested else None,
        "suggestion": insights.suggestion,
    }


def _sector_insights(request: HttpRequest):
    _organiser(request)
    org_ids = list(organisations_of_organiser(request.auth).values_list("pk", flat=True))
    return sector_insights(org_ids)


def _report_out(report: TripReport) -> dict:
    return {
        "trip": report.trip.slug,
        "funnel": report.funnel,
        "conversion": report.conversion,
        "cost": report.cost_ore,
        "cost_note": report.cost_note,
        "revenue": report.revenue_ore,
        "cost_per_hire": report.cost_per_hire_ore,
        "net_cost_per_hire": report.net_cost_per_hire_ore,
        "feedback": report.feedback,
    }


def _managed_trip(request: HttpRequest, slug: str):
    _organiser(request)
    trip = trip_managed_by(request.auth, slug)
    if trip is None:
        raise Http404
    return trip


@router.get("/trips/{slug}/report", response={200: InsightsTripReportOut, **READ_ERRORS})
def report(request: HttpRequest, slug: str):
    """The trip's funnel invited → applied → accepted → attended → meetings → offers → hired
    → moved (people at each stage), conversion, cost per hire and feedback scores."""
    return _report_out(trip_report(_managed_trip(request, slug)))


@router.put("/trips/{slug}/cost", response={200: InsightsTripReportOut, **WRITE_ERRORS})
def cost_set(request: HttpRequest, slug: str, payload: InsightsTripCostIn):
    """Enter what the trip cost (öre) and what that covers; answers the updated report."""
    trip = _managed_trip(request, slug)
    trip_cost_set(trip=trip, actor=request.auth, amount_ore=payload.amount_ore, note=payload.note)
    return _report_out(trip_report(trip))
