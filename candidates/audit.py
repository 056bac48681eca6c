"""The audit of every access to candidate data (issue 14.5).

`access_record` writes one `AccessLog` row per candidate whose data a page, a file or an API
answer showed: who (the actor), for whom (the employer or the organisation they acted for),
on which trip, what (an `AccessAction`) and where (`via`: a URL name or an API operation id).
It is one INSERT whatever the number of candidates, so a pack of 300 costs what a pack of 3
does. A person reading their own data is not recorded. The selectors read the log per
candidate and per trip for organisers, and per candidate (without the staffer's name) for
the candidate's own export.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from core.models import User
from events.models import Organisation, Trip

from .models import AccessAction, AccessLog, Candidate

type CandidatesArg = Candidate | int | Iterable[Candidate | int] | QuerySet[Candidate]


def _pk(value: Model | int | None) -> int | None:
    return value.pk if isinstance(value, Model) else value


def _id(value: Model | int) -> int:
    return value.pk if isinstance(value, Model) else value


def _candidate_ids(candidates: CandidatesArg, actor: User) -> list[int]:
    """The ids to record, without the actor's own profile (at most one query: a queryset is
    read as ids, plain ids are checked against the actor's profile)."""
    if isinstance(candidates, QuerySet):
        rows = list(candidates.values_list("pk", "user_id"))
        return list(dict.fromkeys(pk for pk, user_id in rows if user_id != actor.pk))
    items: Iterable[Candidate | int] = (
        [candidates] if isinstance(candidates, Candidate | int) else candidates
    )
    ids: list[int] = []
    plain: list[int] = []
    for item in items:
        if isinstance(item, Candidate):
            if item.user_id != actor.pk:
                ids.append(item.pk)
        else:
            ids.append(item)
            plain.append(item)
    if plain:
        own = set(
            Candidate.objects.filter(pk__in=plain, user_id=actor.pk).values_list("pk", flat=True)
        )
        ids = [pk for pk in ids if pk not in own]
    return list(dict.fromkeys(ids))


def access_record(
    *,
    actor: Any,
    action: str,
    candidates: CandidatesArg,
    trip: Trip | int | None = None,
    employer: Model | int | None = None,
    organisation: Organisation | int | None = None,
    via: str = "",
) -> int:
    """Record that `actor` saw the data of `candidates` (a candidate, ids, or a queryset),
    for `employer` or `organisation`, on `trip`. Returns how many rows were written.

    Side effects: one INSERT (bulk) of `AccessLog` rows; nothing for anonymous actors or
    for a candidate reading their own data. No transaction of its own: inside a rolled-back
    transaction the rows go too, as the access did not happen."""
    if actor is None or not actor.is_authenticated:
        return 0
    ids = _candidate_ids(candidates, actor)
    if not ids:
        return 0
    common = {
        "actor_id": actor.pk,
        "action": AccessAction(action).value,
        "trip_id": _pk(trip),
        "employer_id": _pk(employer),
        "organisation_id": _pk(organisation),
        "via": via[:100],
        "created_at": timezone.now(),  # one moment for the one access
    }
    AccessLog.objects.bulk_create([AccessLog(candidate_id=pk, **common) for pk in ids])
    return len(ids)


def request_via(request: Any) -> str:
    """The URL name of the page a request opened (`manage:applicant_detail`), for `via`."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else ""


def _with_names(qs: QuerySet[AccessLog]) -> QuerySet[AccessLog]:
    return qs.select_related("actor", "employer", "organisation", "trip", "candidate")


def access_log_for_candidate(
    candidate: Candidate | int,
    *,
    organisations: QuerySet[Organisation] | Iterable[int],
    action: str = "",
) -> QuerySet[AccessLog]:
    """Accesses to one candidate's data that concern `organisations` (what an organiser may
    see: on their trips, or by someone acting for them), newest first, optionally of one
    action, names joined (one query a page)."""
    ids = (
        organisations.values_list("pk", flat=True)
        if isinstance(organisations, QuerySet)
        else list(organisations)
    )
    qs = AccessLog.objects.filter(candidate_id=_id(candidate)).filter(
        Q(trip__organisation__in=ids) | Q(organisation__in=ids)
    )
    if action:
        qs = qs.filter(action=action)
    return _with_names(qs)


def access_log_for_trip(trip: Trip | int, *, action: str = "") -> QuerySet[AccessLog]:
    """Accesses to candidate data on one trip, newest first, optionally of one action, with
    the candidate's, actor's, employer's and organisation's names joined (one query a page)."""
    qs = AccessLog.objects.filter(trip_id=_id(trip))
    if action:
        qs = qs.filter(action=action)
    return _with_names(qs)


def access_log_of_person(candidate: Candidate) -> QuerySet[AccessLog]:
    """Every access to the candidate's own data, oldest first, for their export: which
    employer, which organisation, on which trip — the export names no staffer."""
    return (
        AccessLog.objects.filter(candidate=candidate)
        .select_related("employer", "organisation", "trip")
        .order_by("created_at", "id")
    )
