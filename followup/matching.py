"""A household's jobs (issue 13.3): the open hiring needs of every employer of the case's
organisation ranked against the partner's occupation, or the person's own skills, by the
same ranking as the organisers' candidate suggestions (candidates.suggestions.need_match),
each with its reasons in words."""

from dataclasses import dataclass

from candidates.suggestions import need_match, need_of
from employers.models import HiringNeed

from .models import FollowUpCase
from .task_selectors import job_tip_needs


@dataclass(frozen=True)
class Match:
    need: HiringNeed
    score: int
    reasons: tuple[str, ...]


def _ranked(case: FollowUpCase, skills: list[str], text: str) -> list[Match]:
    skills = [s.strip().lower() for s in skills if s and s.strip()]
    if not skills and not text.strip():
        return []
    matches = []
    for need in job_tip_needs(case):
        fit = need_match(need_of(need), skills, text)
        if fit.score:
            matches.append(Match(need=need, score=fit.score, reasons=fit.reasons))
    matches.sort(key=lambda m: (-m.score, m.need.pk))
    return matches


def partner_matches(case: FollowUpCase) -> list[Match]:
    """Open hiring needs matching the partner's occupation, best first (then by id); none
    when the partner is not looking for work or has no occupation given."""
    if not case.partner_looking_for_work or not case.partner_occupation.strip():
        return []
    return _ranked(case, [case.partner_occupation], case.partner_occupation)


def person_matches(case: FollowUpCase) -> list[Match]:
    """Open hiring needs matching the person's own profile (skills and headline), if the
    case is linked to one; best first."""
    candidate = case.candidate
    if candidate is None:
        return []
    skills = [str(s) for s in candidate.skills or []]
    return _ranked(case, skills, candidate.headline)
