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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import overload

from django.db.models import Exists, OuterRef, QuerySet
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
class Profile:
    """What a score reads of a candidate profile: plain values, from a model or a row."""

    sector_ids: frozenset[int]
    skills: Sequence[str]
    headline: str
    years_experience: int
    earliest_move_date: date | None
    languages: Sequence[str] | None


def profile_of(candidate: Candidate) -> Profile:
    """A candidate (sectors prefetched) as a score reads it."""
    return Profile(
        sector_ids=frozenset(s.pk for s in candidate.sectors.all()),
        skills=candidate.skills or [],
        headline=candidate.headline,
        years_experience=candidate.years_experience,
        earliest_move_date=candidate.earliest_move_date,
        languages=candidate.languages,
    )


@dataclass(frozen=True)
class TripFit:
    """What the trip asks for, loaded once; scores any number of people without queries
    (their sectors must be prefetched). `explain=False` gives the same score without the
    reasons in words, which cost more than the score (for ranking everyone before a page of
    them is shown)."""

    trip_end: date
    sectors: dict[int, Sector]
    needs: tuple[Need, ...]
    need_sector_ids: frozenset[int] = field(default_factory=frozenset)

    def candidate_fit(self, candidate: Candidate) -> Fit:
        return self.profile_fit(profile_of(candidate))

    def profile_fit(self, profile: Profile, *, explain: bool = True) -> Fit:
        points: list[tuple[int, str]] = []
        if not profile.sector_ids.isdisjoint(self.sectors):
            points.append(
                (SECTOR_POINTS, self._sector_reason(profile.sector_ids) if explain else "")
            )
        points.extend(self._need_points(profile, explain))
        years = profile.years_experience
        if years > 0:
            reason = (
                ngettext("%(years)d year of experience", "%(years)d years of experience", years)
                % {"years": years}
                if explain
                else ""
            )
            points.append((min(years * YEAR_POINTS, EXPERIENCE_MAX_POINTS), reason))
        move = self._move_points(profile.earliest_move_date, explain)
        if move:
            points.append(move)
        points.extend(_language_points(profile.languages, explain))
        score = sum(p for p, _reason in points)
        return Fit(score, tuple(reason for _p, reason in points) if explain else ())

    def registration_fit(self, registration: InterestRegistration) -> Fit:
        return self.sectors_fit(frozenset(s.pk for s in registration.sectors.all()))

    def sectors_fit(self, sector_ids: frozenset[int]) -> Fit:
        """The fit of someone known only by their sectors (an interest registration)."""
        reason = self._sector_reason(sector_ids)
        return Fit(SECTOR_POINTS, (reason,)) if reason else NO_FIT

    def _sector_reason(self, sector_ids: frozenset[int]) -> str:
        shared = sorted(
            (self.sectors[pk] for pk in sector_ids if pk in self.sectors),
            key=lambda s: (s.position, s.code),
        )
        names = [s.name for s in shared]
        if not names:
            return ""
        if len(names) == 1:
            return _("Works in %(sector)s, a sector of the trip") % {"sector": names[0]}
        return _("Works in %(sectors)s, sectors of the trip") % {"sectors": ", ".join(names)}

    def _need_points(self, profile: Profile, explain: bool) -> list[tuple[int, str]]:
        skills = [str(s).strip().lower() for s in profile.skills or [] if str(s).strip()]
        matches: list[tuple[int, int, str]] = []
        for need in self.needs:
            fit = need_match(need, skills, profile.headline, explain=explain)
            if fit.score:
                matches.append((fit.score, need.id, fit.reasons[0] if explain else ""))
        matches.sort(key=lambda m: (-m[0], m[1]))
        total = min(sum(m[0] for m in matches), NEEDS_MAX_POINTS)
        if not matches:
            return []
        # The whole score goes with the first reason: the reasons shown explain it.
        shown = [reason for _p, _id, reason in matches[:NEED_REASONS_SHOWN]]
        return [(total, shown[0]), *((0, reason) for reason in shown[1:] if explain)]

    def _move_points(self, moves: date | None, explain: bool) -> tuple[int, str] | None:
        if moves is None:
            return None
        months = (moves.year - self.trip_end.year) * 12 + moves.month - self.trip_end.month
        if months <= MOVE_SOON_MONTHS:
            points = MOVE_SOON_POINTS
        elif months <= MOVE_LATER_MONTHS:
            points = MOVE_LATER_POINTS
        else:
            return None
        if not explain:
            return points, ""
        return points, _("Can move from %(month)s") % {"month": dateformat.format(moves, "F Y")}


def need_match(need: Need, skills: Sequence[str], text: str = "", *, explain: bool = True) -> Fit:
    """How well `skills` (lower-cased phrases, each found whole) and the words of `text` and
    the skills match one hiring need: 10 a matching skill or word, at most 30, with the
    reason ("Skills match Backend developer at Åre Data: python, django"; none unless
    `explain`). Also ranks a partner's occupation against needs (followup.matching)."""
    words = _words(" ".join([*skills, text]))
    matched: list[str] = []
    for skill in skills:  # a whole skill ("machine learning", "c#") found in the need
        if _contains_phrase(need.text, skill):
            matched.append(skill)
    covered = {w for m in matched for w in _words(m)}
    matched.extend(w for w in words if w in need.words and w not in covered)
    if not matched:
        return NO_FIT
    score = min(len(matched) * WORD_POINTS, NEED_MAX_POINTS)
    if not explain:
        return Fit(score, ())
    reason = _("Skills match %(role)s at %(employer)s: %(skills)s") % {
        "role": need.role_title,
        "employer": need.employer_name,
        "skills": ", ".join(matched),
    }
    return Fit(score, (reason,))


def need_of(hiring_need: HiringNeed) -> Need:
    """A hiring need (its employer loaded) as the ranking reads it."""
    return Need(
        id=hiring_need.pk,
        role_title=hiring_need.role_title,
        employer_name=hiring_need.employer.name,
        text=f"{hiring_need.role_title}\n{hiring_need.description}".lower(),
        words=frozenset(_words(f"{hiring_need.role_title} {hiring_need.description}")),
    )


def _language_points(
    languages: Sequence[str] | None, explain: bool = True
) -> list[tuple[int, str]]:
    swedish = english = 0
    for language in languages or []:
        text = str(language).lower()
        if text.startswith(SWEDISH):
            basic = any(b in text for b in BASIC)
            swedish = max(swedish, BASIC_SWEDISH_POINTS if basic else SWEDISH_POINTS)
        elif text.startswith(ENGLISH):
            english = ENGLISH_POINTS
    points = []
    if swedish == SWEDISH_POINTS:
        points.append((swedish, _("Speaks Swedish") if explain else ""))
    elif swedish:
        points.append((swedish, _("Speaks some Swedish") if explain else ""))
    if english:
        points.append((english, _("Speaks English") if explain else ""))
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
    through = Candidate.sectors.through
    # EXISTS rather than joins: no DISTINCT over the rows (tens of thousands at national scale).
    return Candidate.objects.filter(
        Exists(through.objects.filter(candidate_id=OuterRef("pk"), sector_id__in=sector_ids)),
        ~Exists(Application.objects.filter(candidate_id=OuterRef("pk"), trip=trip)),
        consent_talent_db_at__isnull=False,
        alerts_unsubscribed_at__isnull=True,
        user__is_active=True,
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


class Suggestions(Sequence[Suggestion]):
    """Everyone who may be invited to a trip, best fit first: all scored at once (without
    the reasons in words), and each `Suggestion`, with its reasons, made when it is read —
    a page of them. Slices and counts like a list, for pagination."""

    def __init__(self, fit: TripFit, entries: list[tuple]):
        # (score, 0 for a candidate or 1 for a registration, id, name, profile or sector
        # ids, invited at), in the order shown.
        self.fit, self.entries = fit, entries

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> Suggestion: ...
    @overload
    def __getitem__(self, index: slice) -> list[Suggestion]: ...
    def __getitem__(self, index: int | slice) -> Suggestion | list[Suggestion]:
        if isinstance(index, slice):
            return [self._suggestion(entry) for entry in self.entries[index]]
        return self._suggestion(self.entries[index])

    def keys(self) -> list[str]:
        """Every suggestion's `key`, without making the suggestions."""
        return [f"{'cr'[kind]}{pk}" for _score, kind, pk, *_rest in self.entries]

    def uninvited(self) -> int:
        return sum(1 for entry in self.entries if entry[5] is None)

    def _suggestion(self, entry: tuple) -> Suggestion:
        score, kind, pk, name, known, invited_at = entry
        fit = self.fit.profile_fit(known) if kind == 0 else self.fit.sectors_fit(known)
        return Suggestion(
            candidate=pk if kind == 0 else None,
            registration=pk if kind == 1 else None,
            name=name,
            score=score,
            reasons=fit.reasons,
            invited_at=invited_at,
        )


def trip_suggestions(trip: Trip) -> Suggestions:
    """Everyone who may be invited to `trip`, best fit first (score, then candidates before
    registrations, then id), with who was already invited and when. A constant number of
    queries, however many people there are; the candidates are read as plain rows, with one
    EXISTS per sector of the trip for the sectors a score counts (at national scale, tens of
    thousands of profiles: model instances and their prefetched sectors cost seconds)."""
    fit = trip_fit(trip)
    invited: dict[tuple[int, int], datetime] = {}
    for candidate_id, registration_id, created_at in TripInvitation.objects.filter(
        trip=trip
    ).values_list("candidate_id", "registration_id", "created_at"):
        if candidate_id:
            invited[(0, candidate_id)] = created_at
        else:
            invited[(1, registration_id)] = created_at
    through = Candidate.sectors.through
    in_sector = {
        f"in_sector_{pk}": Exists(through.objects.filter(candidate_id=OuterRef("pk"), sector_id=pk))
        for pk in fit.sectors
    }
    rows = (
        suggestible_candidates(trip, fit)
        .annotate(**in_sector)
        .values_list(
            "pk",
            "name",
            "skills",
            "headline",
            "years_experience",
            "earliest_move_date",
            "languages",
            *in_sector,
        )
        .order_by()
    )
    sector_ids = list(fit.sectors)
    entries: list[tuple] = []
    for pk, name, skills, headline, years, moves, languages, *flags in rows:
        profile = Profile(
            sector_ids=frozenset(s for s, flag in zip(sector_ids, flags, strict=True) if flag),
            skills=skills or [],
            headline=headline,
            years_experience=years,
            earliest_move_date=moves,
            languages=languages,
        )
        score = fit.profile_fit(profile, explain=False).score
        entries.append((score, 0, pk, name, profile, invited.get((0, pk))))
    for registration in suggestible_registrations(trip).prefetch_related("sectors"):
        known = frozenset(s.pk for s in registration.sectors.all())
        entries.append(
            (
                fit.sectors_fit(known).score,
                1,
                registration.pk,
                registration.name or registration.email,
                known,
                invited.get((1, registration.pk)),
            )
        )
    entries.sort(key=lambda entry: (-entry[0], entry[1], entry[2]))
    return Suggestions(fit, entries)


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
