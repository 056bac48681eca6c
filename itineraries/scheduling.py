"""PLACEHOLDER until branch `sched` lands the optimal scheduler: greedy, same interface."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    candidate: int
    employer: int
    tier: int


@dataclass(frozen=True)
class Placement:
    candidate: int
    employer: int
    table: int
    slot: int


@dataclass(frozen=True)
class Unmet:
    candidate: int
    employer: int
    tier: int
    reason: str


@dataclass
class Result:
    placements: list[Placement] = field(default_factory=list)
    meetings: int = 0
    slots_used: int = 0
    lower_bound: int = 0
    objective: int = 0
    bound: int = 0
    unmet: list[Unmet] = field(default_factory=list)
    moved: int = 0


def schedule(
    *,
    candidates: Iterable[int],
    tables: Mapping[int, int],
    requests: Iterable[Request],
    slots: int | None,
    locked: Iterable[Placement] = (),
    existing: Iterable[Placement] = (),
    blocked: Mapping[int, set[int]] | None = None,
) -> Result:
    result = Result()
    busy_c: set[tuple[int, int]] = set()
    busy_t: set[tuple[int, int, int]] = set()
    for p in locked:
        result.placements.append(p)
        busy_c.add((p.candidate, p.slot))
        busy_t.add((p.employer, p.table, p.slot))
    limit = slots or 1000
    for r in sorted(requests, key=lambda r: -r.tier):
        placed = False
        for s in range(limit):
            if (r.candidate, s) in busy_c:
                continue
            for t in range(1, tables[r.employer] + 1):
                if (r.employer, t, s) not in busy_t:
                    result.placements.append(Placement(r.candidate, r.employer, t, s))
                    busy_c.add((r.candidate, s))
                    busy_t.add((r.employer, t, s))
                    placed = True
                    break
            if placed:
                break
        if not placed:
            result.unmet.append(Unmet(r.candidate, r.employer, r.tier, "candidate_full"))
    result.meetings = len(result.placements)
    result.slots_used = max((p.slot for p in result.placements), default=-1) + 1
    return result
