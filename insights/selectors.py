"""Reads for the organisers' insights (issue 13.5): supply against demand per sector, and a
trip's funnel, cost and feedback. Everything is counted in the database (grouped aggregates),
so the number of queries does not grow with the number of profiles, needs or applications."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from candidates.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Gender,
    ResidencePermit,
    TripInvitation,
)
from candidates.selectors import month_bounds
from employers.models import BookingStatus, HiringNeed, HiringNeedStatus, SlotBooking
from events.models import Organisation, Sector, Trip
from followup.models import (
    CandidateFeedback,
    CaseStage,
    EmployerFeedback,
    EmployerRating,
    FollowUpCase,
    MeetingOutcome,
    OutcomeResult,
)
from itineraries.models import Meeting, MeetingStatus

from .models import TripCost

# A sector needs at least this many consenting people in the talent database before the
# suggestion sends a trip after it: fewer, and there is nobody to invite.
MIN_SUPPLY_FOR_SUGGESTION = 3
TREND_MONTHS = 12
# How many cities and employers each sector's row lists (the largest first).
TOP_ROWS = 10


@dataclass
class SectorRow:
    code: str
    name: str
    supply: int = 0
    demand: int = 0
    by_city: list[tuple[str, int]] = field(default_factory=list)
    by_employer: list[tuple[str, int]] = field(default_factory=list)
    # (first day of the month, new consenting people, new open positions), oldest first.
    trend: list[tuple[date, int, int]] = field(default_factory=list)

    @property
    def gap(self) -> int:
        """Open positions the talent database cannot fill from the sector's own people."""
        return self.demand - self.supply


@dataclass
class SectorInsights:
    rows: list[SectorRow]
    months: list[date]
    suggestion: str
    suggested: SectorRow | None


def _month_starts(today: date, count: int) -> list[date]:
    """The first days of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    months = []
    for _i in range(count):
        months.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def sector_insights(organisation_ids: Iterable[int] | None = None) -> SectorInsights:
    """One row per sector: supply (consenting people in the talent database, who may be
    anywhere, by the city they live in now) against demand (open positions in the hiring
    needs of the organisations' employers — every organisation's when `organisation_ids` is
    None — by employer), the last 12 months' new supply and demand, and a suggestion."""
    sectors = list(Sector.objects.order_by("position", "code"))
    rows = {s.pk: SectorRow(code=s.code, name=s.name) for s in sectors}
    months = _month_starts(timezone.localdate(), TREND_MONTHS)
    since = month_bounds(months[0])[0]

    people = Candidate.objects.filter(consent_talent_db_at__isnull=False, sectors__isnull=False)
    needs = HiringNeed.objects.filter(status=HiringNeedStatus.OPEN)
    if organisation_ids is not None:
        needs = needs.filter(employer__organisation_id__in=list(organisation_ids))

    # The trend: one filtered count per month (plain range comparisons: no per-row date
    # function, so as fast on SQLite as on PostgreSQL).
    bounds = [month_bounds(m)[0] for m in months] + [month_bounds(months[-1])[1]]
    month_keys = [f"m{i}" for i in range(len(months))]

    def per_month(field_name: str, measure: str, *, total: bool) -> dict:
        aggregate = Sum if total else Count
        return {
            key: aggregate(
                measure,
                filter=Q(**{f"{field_name}__gte": bounds[i], f"{field_name}__lt": bounds[i + 1]}),
            )
            for i, key in enumerate(month_keys)
        }

    # Supply by city and its trend in one pass over the people (the one query here that
    # grows with the talent database: at 300,000 people, two passes cost 350 ms). A person
    # has one city and each (person, sector) pair is one row of the M2M table: the cities'
    # counts add up to the sector's supply and their monthly counts to its trend, and no
    # DISTINCT is needed.
    new_supply: dict[int, list[int]] = {}
    by_city = (
        people.values("sectors", "city")
        .annotate(n=Count("id"), **per_month("consent_talent_db_at", "id", total=False))
        .order_by("sectors", "-n", "city")
        .values_list("sectors", "city", "n", *month_keys)
    )
    for sector_id, city, n, *supply_counts in by_city:
        row = rows[sector_id]
        row.supply += n
        if len(row.by_city) < TOP_ROWS:
            row.by_city.append((city.strip() or pgettext("insights", "Not given"), n))
        sector_months = new_supply.setdefault(sector_id, [0] * len(months))
        for i, count in enumerate(supply_counts):
            sector_months[i] += count or 0
    for d in needs.values("sector").annotate(n=Sum("positions")):
        rows[d["sector"]].demand = d["n"] or 0
    by_employer = needs.values("sector", "employer__name").annotate(n=Sum("positions"))
    for e in by_employer.order_by("sector", "-n", "employer__name"):
        row = rows[e["sector"]]
        if len(row.by_employer) < TOP_ROWS:
            row.by_employer.append((e["employer__name"], e["n"] or 0))

    new_demand: dict[int, list[int]] = {}
    demand_months = (
        needs.filter(created_at__gte=since)
        .values("sector")
        .annotate(**per_month("created_at", "positions", total=True))
        .values_list("sector", *month_keys)
    )
    for sector_id, *demand_counts in demand_months:
        new_demand[sector_id] = [n or 0 for n in demand_counts]
    empty = [0] * len(months)
    for pk, row in rows.items():
        row.trend = list(
            zip(months, new_supply.get(pk, empty), new_demand.get(pk, empty), strict=True)
        )

    ordered = list(rows.values())
    suggested, suggestion = _suggestion(ordered)
    return SectorInsights(rows=ordered, months=months, suggestion=suggestion, suggested=suggested)


def _suggestion(rows: list[SectorRow]) -> tuple[SectorRow | None, str]:
    """The sector where open positions outnumber the people most, among those with enough
    people to invite; in plain words with the numbers."""
    candidates = [
        r for r in rows if r.demand > 0 and r.supply >= MIN_SUPPLY_FOR_SUGGESTION and r.gap > 0
    ]
    if not candidates:
        if not any(r.demand for r in rows):
            return None, _("No employer has open positions in hiring needs yet.")
        return None, _(
            "No sector has more open positions than people in the talent database and at "
            "least %(min)d people to invite: any sector with demand will do."
        ) % {"min": MIN_SUPPLY_FOR_SUGGESTION}
    best = max(candidates, key=lambda r: (r.gap, r.demand, -r.supply))
    return best, _(
        "Aim the next trip at %(sector)s: employers have %(demand)d open positions and the "
        "talent database holds %(supply)d consenting people in the sector, %(gap)d positions "
        "more than people — the largest gap of the sectors with at least %(min)d people "
        "to invite."
    ) % {
        "sector": best.name,
        "demand": best.demand,
        "supply": best.supply,
        "gap": best.gap,
        "min": MIN_SUPPLY_FOR_SUGGESTION,
    }


# --- A trip's report ---------------------------------------------------------------------------

FUNNEL_STAGES = (
    "invited",
    "applied",
    "accepted",
    "attended",
    "meetings",
    "offers",
    "hired",
    "moved",
)
PLACE_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.ATTENDED, ApplicationStatus.NO_SHOW)
MOVED_STAGES = (CaseStage.MOVED, CaseStage.SETTLED_6, CaseStage.SETTLED_12)


def funnel_labels() -> dict[str, str]:
    return {
        "invited": _("Invited"),
        "applied": _("Applied"),
        "accepted": _("Got a place"),
        "attended": _("Attended"),
        "meetings": _("Met employers"),
        "offers": _("Got an offer"),
        "hired": pgettext("insights", "Hired"),
        "moved": pgettext("insights", "Moved here"),
    }


@dataclass
class TripReport:
    trip: Trip
    funnel: dict[str, int]
    # stage -> share of the previous stage that reached it (0–1), None when it had nobody.
    conversion: dict[str, float | None]
    cost_ore: int | None
    cost_note: str
    revenue_ore: int
    cost_per_hire_ore: int | None
    net_cost_per_hire_ore: int | None
    feedback: dict[str, float | int | None]


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def trip_report(trip: Trip) -> TripReport:
    """The trip's funnel (people at each stage: invited, applied, got a place, attended, had at
    least one scheduled meeting, got an offer or were hired, were hired, have moved here by
    their follow-up case), conversion between consecutive stages, cost per hire and
    feedback."""
    applications = Application.objects.filter(trip=trip)
    counts = applications.aggregate(
        applied=Count("id"),
        accepted=Count("id", filter=Q(status__in=PLACE_STATUSES)),
        attended=Count("id", filter=Q(status=ApplicationStatus.ATTENDED)),
    )
    outcomes = MeetingOutcome.objects.filter(application__trip=trip).aggregate(
        offers=Count(
            "application",
            distinct=True,
            filter=Q(result__in=(OutcomeResult.OFFER, OutcomeResult.HIRED)),
        ),
        hired=Count("application", distinct=True, filter=Q(result=OutcomeResult.HIRED)),
    )
    attendees = applications.filter(status=ApplicationStatus.ATTENDED).values("candidate")
    funnel = {
        "invited": TripInvitation.objects.filter(trip=trip).count(),
        "applied": counts["applied"],
        "accepted": counts["accepted"],
        "attended": counts["attended"],
        "meetings": Meeting.objects.filter(trip=trip, status=MeetingStatus.SCHEDULED)
        .values("application")
        .distinct()
        .count(),
        "offers": outcomes["offers"],
        "hired": outcomes["hired"],
        "moved": FollowUpCase.objects.filter(
            organisation_id=trip.organisation_id,
            candidate__in=attendees,
            stage__in=MOVED_STAGES,
        ).count(),
    }
    conversion = {
        stage: _ratio(funnel[stage], funnel[previous])
        for previous, stage in zip(FUNNEL_STAGES, FUNNEL_STAGES[1:], strict=False)
    }
    cost = TripCost.objects.filter(trip=trip).first()
    revenue = (
        SlotBooking.objects.filter(trip=trip, status=BookingStatus.CONFIRMED).aggregate(
            total=Sum("amount_ore")
        )["total"]
        or 0
    )
    hires = funnel["hired"]
    cost_ore = cost.amount_ore if cost else None
    per_hire = cost_ore // hires if cost_ore is not None and hires else None
    net_per_hire = (cost_ore - revenue) // hires if cost_ore is not None and hires else None
    candidate_feedback = CandidateFeedback.objects.filter(application__trip=trip).aggregate(
        trip_rating=Avg("trip_rating"), count=Count("id")
    )
    employer_ratings = EmployerRating.objects.filter(feedback__application__trip=trip).aggregate(
        rating=Avg("rating"), count=Count("id")
    )
    employer_feedback = EmployerFeedback.objects.filter(trip=trip).aggregate(
        trip_rating=Avg("trip_rating"),
        candidates_rating=Avg("candidates_rating"),
        count=Count("id"),
    )

    def _avg(value: float | None) -> float | None:
        return round(float(value), 2) if value is not None else None

    feedback: dict[str, float | int | None] = {
        "candidates_trip_rating": _avg(candidate_feedback["trip_rating"]),
        "candidates_answers": candidate_feedback["count"],
        "employers_rating": _avg(employer_ratings["rating"]),
        "employers_ratings": employer_ratings["count"],
        "employers_trip_rating": _avg(employer_feedback["trip_rating"]),
        "employers_candidates_rating": _avg(employer_feedback["candidates_rating"]),
        "employers_answers": employer_feedback["count"],
    }
    return TripReport(
        trip=trip,
        funnel=funnel,
        conversion=conversion,
        cost_ore=cost_ore,
        cost_note=cost.note if cost else "",
        revenue_ore=revenue,
        cost_per_hire_ore=per_hire,
        net_cost_per_hire_ore=net_per_hire,
        feedback=feedback,
    )


# --- The funder report -------------------------------------------------------------------------

AGE_BANDS = ((0, 24, "under_25"), (25, 34, "25_34"), (35, 44, "35_44"), (45, 54, "45_54"))
OUTCOME_ORDER = ("hired", "offer", "interview", "none")


@dataclass
class FunderReport:
    organisation_name: str
    period_from: date
    period_to: date
    participants: int
    # (indicator, category, count) in the order the export shows them.
    rows: list[tuple[str, str, int]]


def _age_band(birth_year: int | None, on: date) -> str:
    if not birth_year:
        return "unknown"
    age = on.year - birth_year
    for low, high, key in AGE_BANDS:
        if low <= age <= high:
            return key
    return "55_plus"


def funder_report(*, organisation_id: int, period_from: date, period_to: date) -> FunderReport:
    """Participant indicators for funders (ESF+ style): people who attended the
    organisation's trips starting within the period, counted by gender, age band (at the end
    of the period), born abroad, residence-permit category (only where they consented to
    share it) and outcome (the best of their meetings' outcomes; moved here by their
    follow-up case). Counts only: never a name or an email."""
    organisation = Organisation.objects.get(pk=organisation_id)
    attended = Application.objects.filter(
        trip__organisation_id=organisation_id,
        trip__starts_at__date__gte=period_from,
        trip__starts_at__date__lte=period_to,
        status=ApplicationStatus.ATTENDED,
    )
    people: dict[int, tuple[str, int | None, bool | None, str, datetime | None]] = {
        pk: (gender, birth_year, born_abroad, permit, permit_consent)
        for pk, gender, birth_year, born_abroad, permit, permit_consent in attended.values_list(
            "candidate_id",
            "candidate__gender",
            "candidate__birth_year",
            "candidate__born_abroad",
            "candidate__residence_permit_status",
            "candidate__residence_permit_consent_at",
        )
    }
    best: dict[int, str] = {}
    rank = {key: i for i, key in enumerate(OUTCOME_ORDER)}
    for candidate_id, result in MeetingOutcome.objects.filter(application__in=attended).values_list(
        "application__candidate_id", "result"
    ):
        key = result if result in rank else "none"
        if rank[key] < rank.get(best.get(candidate_id, "none"), len(rank)):
            best[candidate_id] = key
    moved = set(
        FollowUpCase.objects.filter(
            organisation_id=organisation_id, candidate_id__in=people.keys(), stage__in=MOVED_STAGES
        ).values_list("candidate_id", flat=True)
    )

    genders = {**dict(Gender.choices), "": pgettext("insights", "Not given")}
    bands = {
        "under_25": _("Under 25"),
        "25_34": "25–34",
        "35_44": "35–44",
        "45_54": "45–54",
        "55_plus": _("55 and over"),
        "unknown": _("Unknown"),
    }
    abroad = {True: _("Yes"), False: _("No"), None: _("Unknown")}
    permits = {**dict(ResidencePermit.choices), "": pgettext("insights", "Not given")}
    outcomes = {
        "hired": pgettext("insights", "Hired"),
        "offer": pgettext("insights", "Offer"),
        "interview": pgettext("insights", "Interview"),
        "none": _("None recorded"),
    }
    tallies: dict[str, dict] = {
        "gender": dict.fromkeys(genders, 0),
        "age": dict.fromkeys(bands, 0),
        "abroad": dict.fromkeys(abroad, 0),
        "permit": dict.fromkeys(permits, 0),
        "outcome": dict.fromkeys(outcomes, 0),
    }
    moved_count = 0
    for pk, (gender, birth_year, born_abroad, permit, permit_consent) in people.items():
        tallies["gender"][gender if gender in genders else ""] += 1
        tallies["age"][_age_band(birth_year, period_to)] += 1
        tallies["abroad"][born_abroad] += 1
        tallies["permit"][permit if permit_consent and permit in permits else ""] += 1
        tallies["outcome"][best.get(pk, "none")] += 1
        moved_count += pk in moved
    labels: dict[str, tuple[str, dict]] = {
        "gender": (pgettext("insights", "Gender"), genders),
        "age": (_("Age band"), bands),
        "abroad": (_("Born outside Sweden"), abroad),
        "permit": (_("Residence permit"), permits),
        "outcome": (pgettext("insights", "Outcome"), outcomes),
    }
    rows: list[tuple[str, str, int]] = []
    for key, (indicator, names) in labels.items():
        rows += [(indicator, str(names[value]), n) for value, n in tallies[key].items()]
    rows.append((pgettext("insights", "Outcome"), pgettext("insights", "Moved here"), moved_count))
    return FunderReport(
        organisation_name=organisation.name,
        period_from=period_from,
        period_to=period_to,
        participants=len(people),
        rows=rows,
    )
