"""The meeting scheduler (issue 11.7) on a synthetic trip: 2,000 candidates, 200 employers
with 1–3 tables each, 10,000 requested meetings (seeded, so every run solves the same one).

Figures: `unlimited` — no slot limit: `seconds`, `meetings`, `slots_used` and `lower_bound`
(König: always equal; the benchmark fails otherwise); `limited` — the same requests in
`SLOTS` slots: `seconds`, `objective`, `bound` (the min-cost flow's optimum, a certificate
that no schedule does better), `optimal`, `meetings`, `met_by_tier`, `unmet` (requested
meetings not placed; also by tier and by reason). Pure Python, no database.
"""

import random
import time
from collections import Counter

from itineraries.scheduling import Request, Result, schedule

from .measure import BenchmarkError
from .registry import Config, Figures, benchmark

CANDIDATES, EMPLOYERS, REQUESTS = 2_000, 200, 10_000
SMOKE_CANDIDATES, SMOKE_EMPLOYERS, SMOKE_REQUESTS = 30, 6, 80
SLOTS = 6
SEED = 11


def instance(
    candidates: int, employers: int, requests: int, *, seed: int = SEED
) -> tuple[list[int], dict[int, int], list[Request]]:
    """Distinct requested pairs; popular employers are asked for more (weights 1–10);
    about 10 % mutual must-meets, 25 % one-sided musts, the rest wants."""
    rng = random.Random(seed)
    candidate_ids = list(range(1, candidates + 1))
    employer_ids = list(range(10_001, 10_001 + employers))
    tables = {e: rng.randint(1, 3) for e in employer_ids}
    popularity = [rng.randint(1, 10) for _ in employer_ids]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < min(requests, candidates * employers):
        employer = rng.choices(employer_ids, weights=popularity)[0]
        pairs.add((rng.choice(candidate_ids), employer))
    tiers = rng.choices((3, 2, 1), weights=(10, 25, 65), k=len(pairs))
    listed = [Request(c, e, tier) for (c, e), tier in zip(sorted(pairs), tiers, strict=True)]
    return candidate_ids, tables, listed


def timed(
    candidates: list[int], tables: dict[int, int], requests: list[Request], slots: int | None
) -> tuple[float, Result]:
    started = time.perf_counter()
    result = schedule(candidates=candidates, tables=tables, requests=requests, slots=slots)
    return time.perf_counter() - started, result


def summary(name: str, figures: Figures) -> str:
    a, b = figures["unlimited"], figures["limited"]
    return (
        f"{name}: {figures['candidates']} candidates × {figures['employers']} employers × "
        f"{figures['requests']} requests\n"
        f"  no slot limit: {a['seconds']:.3f} s, {a['meetings']} meetings in "
        f"{a['slots_used']} slots (lower bound {a['lower_bound']})\n"
        f"  {b['slots']} slots: {b['seconds']:.3f} s, {b['meetings']} meetings, objective "
        f"{b['objective']} / bound {b['bound']} (optimal: {b['optimal']}), unmet {b['unmet']}"
    )


@benchmark("scheduler", summary=summary)
def scheduler(config: Config) -> Figures:
    if config.smoke:
        sizes = (SMOKE_CANDIDATES, SMOKE_EMPLOYERS, SMOKE_REQUESTS)
    else:
        sizes = (CANDIDATES, EMPLOYERS, REQUESTS)
    candidates, tables, requests = instance(*sizes)

    seconds, result = timed(candidates, tables, requests, None)
    if result.slots_used != result.lower_bound or result.meetings != len(requests):
        raise BenchmarkError(
            f"No slot limit: {result.meetings} of {len(requests)} meetings in "
            f"{result.slots_used} slots, but König's bound is {result.lower_bound}."
        )
    unlimited = {
        "seconds": round(seconds, 4),
        "meetings": result.meetings,
        "slots_used": result.slots_used,
        "lower_bound": result.lower_bound,
    }

    seconds, result = timed(candidates, tables, requests, SLOTS)
    if result.objective > result.bound:
        raise BenchmarkError(f"Objective {result.objective} above the bound {result.bound}.")
    unmet = Counter(u.tier for u in result.unmet)
    tier_of = {(r.candidate, r.employer): r.tier for r in requests}
    met = Counter(tier_of[(p.candidate, p.employer)] for p in result.placements)
    limited = {
        "slots": SLOTS,
        "seconds": round(seconds, 4),
        "objective": result.objective,
        "bound": result.bound,
        "optimal": result.optimal,
        "meetings": result.meetings,
        "slots_used": result.slots_used,
        "lower_bound": result.lower_bound,
        "met_by_tier": {str(tier): met[tier] for tier in (3, 2, 1)},
        "unmet": sum(unmet.values()),
        "unmet_by_tier": {str(tier): unmet[tier] for tier in (3, 2, 1)},
        "unmet_reasons": dict(sorted(Counter(u.reason for u in result.unmet).items())),
    }
    return {
        "candidates": sizes[0],
        "employers": sizes[1],
        "requests": len(requests),
        "seed": SEED,
        "unlimited": unlimited,
        "limited": limited,
    }
