"""How well people fit a trip: the organisers' suggestions of whom to invite, and the applicant
list ordered by fit (selectors; nothing here writes).

What a trip asks for (`trip_fit`, two queries) is its sectors and the open hiring needs of the
employers with a confirmed booking on it. A person's score is the sum of:

- works in a sector of the trip: 20 ("Works in IT, a sector of the trip");
- skills or headline match an open hiring need: 10 a matching word or skill, at most 30 a
  need and 60 in all ("Skills match Backend developer at Åre Data: python, django");
- years of experience: 2 a year, at most 20 ("8 years of experience");
- earliest move date: 15 if within 6 months of the trip's end (or earlier), 8 within 12
  ("Can move from March 2027");
- languages: Swedish 10 (basic Swedish 5), English 5 ("Speaks Swedish").

Interest registrations without a profile have only a name and sectors, so only the first
line applies to them. Every reason is in the active language. Ties are broken by id
(candidates before registrations), so the order is the same every time.

Who may be suggested follows the consents (candidates/consents.py): a candidate profile with
the talent-database consent, not unsubscribed from trip emails, with an active account, whose
sectors include one of the trip's or of its open hiring needs ("trips and jobs … that match
my sectors"); a confirmed, subscribed interest registration in one of the trip's sectors
("email me when a trip for my sectors is published") whose address has no candidate profile
(the profile, consenting or not, speaks for that person). Nobody who applied to the trip.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employers.models import BookingStatus, HiringNeed, HiringNeedStatus
from events.models import Sector, Trip

from .models import Application, Candidate, InterestRegistration, TripInvitation

SECTOR_POINTS = 20
WORD_POINTS = 10
NEED_MAX_POINTS = 30
NEEDS_MAX_POINTS = 60
YEAR_POINTS = 2
EXPERIENCE_MAX_POINTS = 20
MOVE_SOON_POINTS, MOVE_SOON_MONTHS = 15, 6
MOVE_LATER_POINTS, MOVE_LATER_MONTHS = 8, 12
SWEDISH_POINTS, BASIC_SWEDISH_POINTS, ENGLISH_POINTS = 10, 5, 5
NEED_REASONS_SHOWN = 3

# Words that say nothing about a role, in the two languages needs and profiles are written in.
_STOPWORDS = (
    "och att som för med till av på en ett den det de vi ni du är har inom eller samt vår "
    "våra från hos om under mer år erfarenhet söker arbete tjänst jobb "
    "and the for with to of in on an is are we you our or at as by from who will be "
    "experience years work job role looking senior junior"
)
STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"\w+")
SWEDISH = ("svenska", "swedish", "svensk")
ENGLISH = ("engelska", "english")
BASIC = ("grundläggande", "basic", "lite", "some", "a1", "a2")


def _words(text: str) -> list[str]:
    """The words of `text` that can match, lower-cased, in order, each once."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if len(word) > 1 and not word.isdigit() and word not in STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def _contains_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@dataclass(frozen=True)
class Fit:
    """A score and the reasons for it, in words."""

    score: int
    reasons: tuple[str, ...]


NO_FIT = Fit(0, ())


@dataclass(frozen=True)
class Need:
    """An open hiring need of an employer booked on the trip, as the ranking reads it."""

    id: int
    role_title: str
    employer_name: str
    text: str  # role title and description, lower-cased
    words: frozenset[str]


@dataclass(frozen=True)
class TripFit:
    """What the trip asks for, loaded once; scores any number of people without queries
    (their sectors must be prefetched)."""

    trip_end: date
    sectors: dict[int, Sector]
    needs: tuple[Need, ...]
    need_sector_ids: frozenset[int] = field(default_factory=frozenset)

    def candidate_fit(self, candidate: Candidate) -> Fit:
        points: list[tuple[int, str]] = []
        sector_reason = self._sector_reason(candidate.sectors.all())
        if sector_reason:
            points.append((SECTOR_POINTS, sector_reason))
        points.extend(self._need_points(candidate))
        years = candidate.years_experience
        if years > 0:
            points.append(
                (
                    min(years * YEAR_POINTS, EXPERIENCE_MAX_POINTS),
                    ngettext("%(years)d year of experience", "%(years)d years of experience", years)
                    % {"years": years},
                )
            )
        move = self._move_points(candidate.earliest_move_date)
        if move:
            points.append(move)
        points.extend(_language_points(candidate.languages))
        return Fit(sum(p for p, _reason in points), tuple(reason for _p, reason in points))

    def registration_fit(self, registration: InterestRegistration) -> Fit:
        reason = self._sector_reason(registration.sectors.all())
        return Fit(SECTOR_POINTS, (reason,)) if reason else NO_FIT

    def _sector_reason(self, sectors: Iterable[Sector]) -> str:
        ordered = sorted(sectors, key=lambda s: (s.position, s.code))
        shared = [s.name for s in ordered if s.pk in self.sectors]
        if not shared:
            return ""
        if len(shared) == 1:
            return _("Works in %(sector)s, a sector of the trip") % {"sector": shared[0]}
        return _("Works in %(sectors)s, sectors of the trip") % {"sectors": ", ".join(shared)}

    def _need_points(self, candidate: Candidate) -> list[tuple[int, str]]:
        skills = [str(s).strip().lower() for s in candidate.skills or [] if str(s).strip()]
        matches: list[tuple[int, int, str]] = []
        for need in self.needs:
            fit = need_match(need, skills, candidate.headline)
            if fit.score:
                matches.append((fit.score, need.id, fit.reasons[0]))
        matches.sort(key=lambda m: (-m[0], m[1]))
        total = min(sum(m[0] for m in matches), NEEDS_MAX_POINTS)
        if not matches:
            return []
        # The whole score goes with the first reason: the reasons shown explain it.
        shown = [reason for _p, _id, reason in matches[:NEED_REASONS_SHOWN]]
        return [(total, shown[0]), *((0, reason) for reason in shown[1:])]

    def _move_points(self, moves: date | None) -> tuple[int, str] | None:
        if moves is None:
            return None
        months = (moves.year - self.trip_end.year) * 12 + moves.month - self.trip_end.month
        if months <= MOVE_SOON_MONTHS:
            points = MOVE_SOON_POINTS
        elif months <= MOVE_LATER_MONTHS:
            points = MOVE_LATER_POINTS
        else:
            return None
        return points, _("Can move from %(month)s") % {"month": dateformat.format(moves, "F Y")}


def need_match(need: Need, skills: Sequence[str], text: str = "") -> Fit:
    """How well `skills` (lower-cased phrases, each found whole) and the words of `text` and
    the skills match one hiring need: 10 a matching skill or word, at most 30, with the
    reason ("Skills match Backend developer at Åre Data: python, django"). Also ranks a
    partner's occupation against needs (followup.matching)."""
    words = _words(" ".join([*skills, text]))
    matched: list[str] = []
    for skill in skills:  # a whole skill ("machine learning", "c#") found in the need
        if _contains_phrase(need.text, skill):
            matched.append(skill)
    covered = {w for m in matched for w in _words(m)}
    matched.extend(w for w in words if w in need.words and w not in covered)
    if not matched:
        return NO_FIT
    reason = _("Skills match %(role)s at %(employer)s: %(skills)s") % {
        "role": need.role_title,
        "employer": need.employer_name,
        "skills": ", ".join(matched),
    }
    return Fit(min(len(matched) * WORD_POINTS, NEED_MAX_POINTS), (reason,))


def need_of(hiring_need: HiringNeed) -> Need:
    """A hiring need (its employer loaded) as the ranking reads it."""
    return Need(
        id=hiring_need.pk,
        role_title=hiring_need.role_title,
        employer_name=hiring_need.employer.name,
        text=f"{hiring_need.role_title}\n{hiring_need.description}".lower(),
        words=frozenset(_words(f"{hiring_need.role_title} {hiring_need.description}")),
    )


def _language_points(languages: Sequence[str] | None) -> list[tuple[int, str]]:
    swedish = english = 0
    for language in languages or []:
        text = str(language).lower()
        if any(text.startswith(s) for s in SWEDISH):
            basic = any(b in text for b in BASIC)
            swedish = max(swedish, BASIC_SWEDISH_POINTS if basic else SWEDISH_POINTS)
        elif any(text.startswith(e) for e in ENGLISH):
            english = ENGLISH_POINTS
    points = []
    if swedish == SWEDISH_POINTS:
        points.append((swedish, _("Speaks Swedish")))
    elif swedish:
        points.append((swedish, _("Speaks some Swedish")))
    if english:
        points.append((english, _("Speaks English")))
    return points


def trip_fit(trip: Trip) -> TripFit:
    """What `trip` asks for: its sectors and the open hiring needs of the employers with a
    confirmed booking on it (two queries)."""
    needs = (
        HiringNeed.objects.filter(
            status=HiringNeedStatus.OPEN,
            employer__bookings__trip=trip,
            employer__bookings__status=BookingStatus.CONFIRMED,
        )
        .select_related("employer")
        .distinct()
        .order_by("id")
    )
    loaded = tuple(need_of(need) for need in needs)
    need_sectors = frozenset(need.sector_id for need in needs)
    return TripFit(
        trip_end=trip.ends_at.date(),
        sectors={s.pk: s for s in trip.sectors.all()},
        needs=loaded,
        need_sector_ids=need_sectors,
    )


# --- Who may be suggested -------------------------------------------------------------------


def suggestible_candidates(trip: Trip, fit: TripFit | None = None) -> QuerySet[Candidate]:
    """Candidate profiles that may be invited to `trip` (see the module's docstring)."""
    fit = fit or trip_fit(trip)
    sector_ids = set(fit.sectors) | fit.need_sector_ids
    return (
        Candidate.objects.filter(
            consent_talent_db_at__isnull=False,
            alerts_unsubscribed_at__isnull=True,
            user__is_active=True,
            sectors__in=sector_ids,
        )
        .exclude(applications__trip=trip)
        .distinct()
    )


def suggestible_registrations(trip: Trip) -> QuerySet[InterestRegistration]:
    """Interest registrations without a profile that may be invited to `trip`."""
    profile_addresses = Candidate.objects.annotate(address=Lower("email")).values("address")
    return (
        InterestRegistration.objects.filter(
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
            sectors__in=trip.sectors.all(),
        )
        .exclude(user__candidate__isnull=False)
        .annotate(address=Lower("email"))
        .exclude(address__in=profile_addresses)
        .distinct()
    )


@dataclass(frozen=True)
class Suggestion:
    """One person to invite: a candidate profile or an interest registration."""

    candidate: int | None
    registration: int | None
    name: str
    score: int
    reasons: tuple[str, ...]
    invited_at: datetime | None

    @property
    def key(self) -> str:
        """The checkbox value on the suggestions page: "c12" or "r7"."""
        return f"c{self.candidate}" if self.candidate else f"r{self.registration}"


def trip_suggestions(trip: Trip) -> list[Suggestion]:
    """Everyone who may be invited to `trip`, best fit first (score, then candidates before
    registrations, then id), with who was already invited and when. A constant number of
    queries, however many people there are."""
    fit = trip_fit(trip)
    invited: dict[tuple[str, int], datetime] = {}
    for candidate_id, registration_id, created_at in TripInvitation.objects.filter(
        trip=trip
    ).values_list("candidate_id", "registration_id", "created_at"):
        if candidate_id:
            invited[("c", candidate_id)] = created_at
        else:
            invited[("r", registration_id)] = created_at
    suggestions: list[tuple[int, Suggestion]] = []
    for candidate in suggestible_candidates(trip, fit).prefetch_related("sectors"):
        candidate_fit = fit.candidate_fit(candidate)
        suggestion = Suggestion(
            candidate=candidate.pk,
            registration=None,
            name=candidate.name,
            score=candidate_fit.score,
            reasons=candidate_fit.reasons,
            invited_at=invited.get(("c", candidate.pk)),
        )
        suggestions.append((0, suggestion))
    for registration in suggestible_registrations(trip).prefetch_related("sectors"):
        registration_fit = fit.registration_fit(registration)
        suggestion = Suggestion(
            candidate=None,
            registration=registration.pk,
            name=registration.name or registration.email,
            score=registration_fit.score,
            reasons=registration_fit.reasons,
            invited_at=invited.get(("r", registration.pk)),
        )
        suggestions.append((1, suggestion))
    suggestions.sort(key=lambda s: (-s[1].score, s[0], s[1].candidate or s[1].registration or 0))
    return [suggestion for _kind, suggestion in suggestions]


# --- The applicant list by fit --------------------------------------------------------------


def applications_by_fit(trip: Trip, applications: QuerySet[Application]) -> list[Application]:
    """`applications` (with their candidates and sectors loaded, as
    `selectors.applications_for_trip` does) best fit first, then by id; each gets `fit`
    (a `Fit`)."""
    fit = trip_fit(trip)
    ranked = []
    for application in applications:
        application.fit = fit.candidate_fit(application.candidate)  # type: ignore[attr-defined]
        ranked.append(application)
    ranked.sort(key=lambda a: (-a.fit.score, a.pk))  # type: ignore[attr-defined]
    return ranked
