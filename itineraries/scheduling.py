"""The meeting scheduler (issue 11.3): who meets whom, and in which slot at which table.

Pure Python, no Django: the services read the trip into `Request`s, `Placement`s and table
counts, call `schedule`, and write what it returns.

Two steps, each with a guarantee:

1. **Which meetings** — a degree-bounded bipartite b-matching, solved exactly as a min-cost
   flow (networkx's network simplex): source → candidate (capacity: the candidate's free
   slots), candidate → employer (capacity 1, cost −weight), employer → sink (capacity:
   tables × slots − locked meetings), and a cost-0 bypass source → sink. The weights are
   lexicographic (one mutual must-meet outweighs every one-sided must together, one
   one-sided must every want), so the flow maximises mutual musts first, then one-sided
   musts, then wants; a tie-break far below the smallest weight prefers the pairs of the
   existing schedule. The flow's optimum is `Result.bound`: no schedule does better.
2. **Which slot** — a proper edge colouring of the bipartite graph candidates × tables (an
   employer with k tables is split into k table nodes, each given at most ⌈meetings / k⌉),
   by alternating paths (Kempe chains): König's theorem says Δ colours always suffice, Δ
   being the most meetings any one candidate or table has. So without locks every chosen
   meeting gets a slot (`objective == bound`), and with no slot limit the schedule uses
   exactly `lower_bound` slots, the earliest ones.

What is exact and what is best effort:

- Without locked meetings and blocked slots, the result is optimal: maximum priority
  (`objective == bound`), then fewest slots (`slots_used == lower_bound` whenever every
  slot up to the bound is usable, in particular with no slot limit).
- Locked meetings and blocked slots are colours fixed in advance. Extending a partial edge
  colouring is NP-hard (precoloured / list edge colouring of bipartite graphs), so then the
  chosen meetings may not all fit; the alternating paths avoid the fixed colours, and what
  still does not fit is left out (lowest priority last to be tried). On small instances a
  bounded exhaustive search then closes the gap; `Result.optimal` says whether the
  objective is proven optimal (equal to the flow's bound, or the search finished).
- Stability is best effort too: moving as few existing meetings as possible is again a
  precoloured-extension problem. Existing placements are kept in their slot and table
  whenever still chosen and free, and several candidate schedules are compared by
  (objective, fewest slots, fewest existing meetings moved or dropped). An unchanged
  instance reschedules identically: `schedule(..., existing=result.placements)` returns
  the same placements with nothing moved.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

MUTUAL_MUST = 3
ONE_SIDED_MUST = 2
WANT = 1
TIERS = (MUTUAL_MUST, ONE_SIDED_MUST, WANT)

UnmetReason = Literal["candidate_full", "employer_full", "no_common_slot", "not_a_participant"]

# The exhaustive search that closes a gap left by locks: only on instances this small, and
# at most this many search nodes (a few tenths of a second).
EXACT_SEARCH_MAX_MEETINGS = 200
EXACT_SEARCH_NODES = 150_000
# Re-solving with the result as the existing schedule until nothing improves (only with
# locks or blocked slots, where the colouring is best effort); makes a rerun identical.
FIXPOINT_ROUNDS = 8


@dataclass(frozen=True)
class Request:
    """A meeting someone asked for. The caller never passes pairs where either side said no."""

    candidate: int  # application id
    employer: int  # employer id
    tier: int  # 3 = mutual must-meet, 2 = one-sided must, 1 = want


@dataclass(frozen=True)
class Placement:
    candidate: int
    employer: int
    table: int  # 1..tables[employer]
    slot: int  # 0..slots-1, slots in time order


@dataclass(frozen=True)
class Unmet:
    candidate: int
    employer: int
    tier: int
    reason: UnmetReason


@dataclass(frozen=True)
class Result:
    placements: list[Placement]  # all of them, locked included; by slot, employer, table
    meetings: int
    slots_used: int  # highest slot used + 1, or 0
    lower_bound: int  # König: max(candidate's meetings, ⌈employer's meetings / tables⌉)
    objective: int  # sum of the weights of the requested meetings placed (locked included)
    bound: int  # the flow's optimum: no schedule has a higher objective
    unmet: list[Unmet]  # every requested meeting not placed, with the reason
    moved: list[Placement]  # existing placements (as they were) now in another slot or table
    dropped: list[Placement] = field(default_factory=list)  # existing placements not kept at all
    weights: dict[int, int] = field(default_factory=dict)  # tier → weight
    optimal: bool = True  # objective proven optimal (== bound, or exhaustive search done)


Pair = tuple[int, int]  # (candidate, employer)
Spot = tuple[int, int]  # (table, slot)


@dataclass(frozen=True)
class _Edge:
    candidate: int
    employer: int
    tier: int
    weight: int
    existing: Placement | None


@dataclass
class _Problem:
    slots: int | None
    tables: dict[int, int]
    locked: list[Placement]
    blocked: dict[int, set[int]]  # candidate → slots it cannot use (locks excluded)
    requests: dict[Pair, int]  # pair → tier, participants only, deduplicated
    weights: dict[int, int]
    existing: dict[Pair, Placement]  # what the algorithm keeps: requested, unlocked pairs
    existing_given: list[Placement]  # what the caller passed, for `moved` and `dropped`


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
    """The optimal meeting schedule (see the module docstring for what is exact).

    `slots=None` means no slot limit. `locked` placements are kept exactly, requested or
    not. `existing` is the current unlocked schedule, kept where possible. `blocked` maps a
    candidate to slots they cannot use. Raises ValueError for inconsistent input: negative
    slots or tables, an unknown tier, locks outside the tables or slots, on a blocked slot,
    for an unknown participant, or in conflict with each other.
    """
    candidate_set = set(candidates)
    problem, unmet_unknown = _problem(
        candidate_set=candidate_set,
        tables=tables,
        requests=requests,
        slots=slots,
        locked=list(locked),
        existing=list(existing),
        blocked=blocked or {},
    )
    user_existing = problem.existing
    solution = _solve_once(problem)
    if problem.locked or problem.blocked:
        # The colouring is best effort here: solve again from our own result until nothing
        # gets strictly better, so that rerunning on the result changes nothing.
        for _ in range(FIXPOINT_ROUNDS):
            problem.existing = {
                pair: Placement(pair[0], pair[1], table, slot)
                for pair, (table, slot) in solution.spots.items()
            }
            again = _solve_once(problem)
            if again.spots == solution.spots or (
                _quality(problem, again.spots)[:2] <= _quality(problem, solution.spots)[:2]
            ):
                break
            solution = again
    problem.existing = user_existing
    return _result(problem, solution, unmet_unknown)


# --- input ---------------------------------------------------------------------------------


def _problem(
    *,
    candidate_set: set[int],
    tables: Mapping[int, int],
    requests: Iterable[Request],
    slots: int | None,
    locked: list[Placement],
    existing: list[Placement],
    blocked: Mapping[int, set[int]],
) -> tuple[_Problem, list[Unmet]]:
    if slots is not None and slots < 0:
        raise ValueError(f"slots must be 0 or more (or None for no limit), not {slots}.")
    for employer, count in tables.items():
        if count < 0:
            raise ValueError(f"Employer {employer} has {count} tables; at least 0 expected.")
    blocked_clean: dict[int, set[int]] = {}
    for candidate, slot_set in blocked.items():
        for slot in slot_set:
            if slot < 0:
                raise ValueError(f"Candidate {candidate} has a negative blocked slot {slot}.")
        inside = {s for s in slot_set if slots is None or s < slots}
        if candidate in candidate_set and inside:
            blocked_clean[candidate] = inside
    _check_locks(locked, candidate_set, tables, slots, blocked_clean)

    locked_pairs = {(p.candidate, p.employer) for p in locked}
    tiers: dict[Pair, int] = {}
    unknown: dict[Pair, int] = {}
    for request in requests:
        if request.tier not in TIERS:
            raise ValueError(f"Unknown tier {request.tier} for {request}; expected 1, 2 or 3.")
        pair = (request.candidate, request.employer)
        target = (
            tiers if request.candidate in candidate_set and request.employer in tables else unknown
        )
        target[pair] = max(target.get(pair, 0), request.tier)
    unmet_unknown = [
        Unmet(candidate, employer, tier, "not_a_participant")
        for (candidate, employer), tier in sorted(unknown.items())
    ]
    counts = {tier: sum(1 for t in tiers.values() if t == tier) for tier in TIERS}
    weights = {WANT: 1}
    weights[ONE_SIDED_MUST] = counts[WANT] * weights[WANT] + 1
    weights[MUTUAL_MUST] = (
        counts[ONE_SIDED_MUST] * weights[ONE_SIDED_MUST] + counts[WANT] * weights[WANT] + 1
    )
    existing_by_pair = {
        (p.candidate, p.employer): p
        for p in existing
        if (p.candidate, p.employer) in tiers and (p.candidate, p.employer) not in locked_pairs
    }
    problem = _Problem(
        slots=slots,
        tables=dict(tables),
        locked=sorted(locked, key=lambda p: (p.slot, p.employer, p.table, p.candidate)),
        blocked=blocked_clean,
        requests=tiers,
        weights=weights,
        existing=existing_by_pair,
        existing_given=[p for p in existing if (p.candidate, p.employer) not in locked_pairs],
    )
    return problem, unmet_unknown


def _check_locks(
    locked: list[Placement],
    candidate_set: set[int],
    tables: Mapping[int, int],
    slots: int | None,
    blocked: Mapping[int, set[int]],
) -> None:
    seen: dict[tuple[object, ...], Placement] = {}
    for p in locked:
        if p.candidate not in candidate_set:
            raise ValueError(f"Locked {p}: candidate {p.candidate} is not a participant.")
        if p.employer not in tables:
            raise ValueError(f"Locked {p}: employer {p.employer} is not a participant.")
        if not 1 <= p.table <= tables[p.employer]:
            raise ValueError(
                f"Locked {p}: table {p.table} out of range 1..{tables[p.employer]} "
                f"for employer {p.employer}."
            )
        if p.slot < 0 or (slots is not None and p.slot >= slots):
            limit = "0 or more" if slots is None else f"0..{slots - 1}"
            raise ValueError(f"Locked {p}: slot {p.slot} out of range {limit}.")
        if p.slot in blocked.get(p.candidate, set()):
            raise ValueError(f"Locked {p}: candidate {p.candidate} has blocked slot {p.slot}.")
        for key in (
            ("candidate in slot", p.candidate, p.slot),
            ("table in slot", p.employer, p.table, p.slot),
            ("pair", p.candidate, p.employer),
        ):
            other = seen.get(key)
            if other is not None:
                raise ValueError(f"Locked placements conflict ({key[0]}): {other} and {p}.")
            seen[key] = p


# --- one solve: flow, then colourings, then the search for a gap ----------------------------


@dataclass(frozen=True)
class _Solution:
    spots: dict[Pair, Spot]  # the unlocked meetings' (table, slot)
    bound: int  # the flow's optimum plus the locked requested meetings' weight
    proven: bool  # the objective is optimal: equal to the bound, or the search finished


def _solve_once(problem: _Problem) -> _Solution:
    """The best of a few colourings of the flow's choice; the search if a gap remains."""
    edges = _edges(problem)
    if problem.slots is None:
        optimum, chosen = sum(e.weight for e in edges), edges
    else:
        optimum, chosen = _flow(problem, edges)
    bound = _locked_weight(problem) + optimum
    chosen_pairs = {(e.candidate, e.employer) for e in chosen}
    c0 = _lower_bound(problem, chosen_pairs)
    options = [_colour(problem, chosen, c0=c0, balance=True)]
    if problem.existing:
        extra = [
            e
            for e in edges
            if (e.candidate, e.employer) in problem.existing
            and (e.candidate, e.employer) not in chosen_pairs
        ]
        top = max(p.slot for p in problem.existing.values()) + 1
        c0_stable = max(c0, top) if problem.slots is None else min(max(c0, top), problem.slots)
        options.append(_colour(problem, _order([*chosen, *extra]), c0=c0_stable, balance=False))
    # The stable option wins ties: max() keeps the first maximum, so look at it first.
    best = max(reversed(options), key=lambda spots: _quality(problem, spots))
    objective = _objective(problem, best)
    proven = objective == bound
    if not proven and problem.slots is not None and len(edges) <= EXACT_SEARCH_MAX_MEETINGS:
        better, proven = _search(problem, edges, incumbent=objective)
        if better is not None:
            best = better
    return _Solution(spots=best, bound=bound, proven=proven)


def _edges(problem: _Problem) -> list[_Edge]:
    locked_pairs = {(p.candidate, p.employer) for p in problem.locked}
    edges = [
        _Edge(c, e, tier, problem.weights[tier], problem.existing.get((c, e)))
        for (c, e), tier in problem.requests.items()
        if (c, e) not in locked_pairs and problem.tables[e] > 0
    ]
    return _order(edges)


def _order(edges: list[_Edge]) -> list[_Edge]:
    """Highest tier first, existing before new, then by ids (deterministic)."""
    return sorted(edges, key=lambda e: (-e.tier, e.existing is None, e.candidate, e.employer))


def _free_capacities(problem: _Problem) -> tuple[dict[int, int], dict[int, int]]:
    assert problem.slots is not None
    slots = problem.slots
    candidate_free: dict[int, int] = defaultdict(lambda: slots)
    employer_free = {e: k * slots for e, k in problem.tables.items()}
    for c, slot_set in problem.blocked.items():
        candidate_free[c] -= len(slot_set)
    for p in problem.locked:
        candidate_free[p.candidate] -= 1
        employer_free[p.employer] -= 1
    return candidate_free, employer_free


def _flow(problem: _Problem, edges: list[_Edge]) -> tuple[int, list[_Edge]]:
    """Min-cost flow: returns (maximum total weight, the edges carrying flow)."""
    if not edges:
        return 0, []
    candidate_free, employer_free = _free_capacities(problem)
    scale = len(problem.existing) + 1  # the stability tie-break sums to less than one unit
    graph = nx.DiGraph()
    total = len(edges)
    graph.add_node("source", demand=-total)
    graph.add_node("sink", demand=total)
    graph.add_edge("source", "sink", capacity=total, weight=0)
    for c in {e.candidate for e in edges}:
        graph.add_edge("source", ("c", c), capacity=max(candidate_free[c], 0), weight=0)
    for employer in {e.employer for e in edges}:
        graph.add_edge(("e", employer), "sink", capacity=max(employer_free[employer], 0), weight=0)
    for e in edges:
        cost = e.weight * scale + (1 if e.existing is not None else 0)
        graph.add_edge(("c", e.candidate), ("e", e.employer), capacity=1, weight=-cost)
    cost, flow = nx.network_simplex(graph)
    chosen = [e for e in edges if flow[("c", e.candidate)][("e", e.employer)] > 0]
    return (-cost) // scale, chosen


def _locked_weight(problem: _Problem) -> int:
    return sum(
        problem.weights[problem.requests[(p.candidate, p.employer)]]
        for p in problem.locked
        if (p.candidate, p.employer) in problem.requests
    )


def _objective(problem: _Problem, spots: Mapping[Pair, Spot]) -> int:
    return _locked_weight(problem) + sum(problem.weights[problem.requests[pair]] for pair in spots)


def _quality(problem: _Problem, spots: Mapping[Pair, Spot]) -> tuple[int, int, int]:
    """Bigger is better: objective, then fewer slots, then fewer existing moved or dropped."""
    used = max([s for _, s in spots.values()] + [p.slot for p in problem.locked], default=-1)
    disturbed = sum(
        1 for pair, p in problem.existing.items() if spots.get(pair) != (p.table, p.slot)
    )
    return _objective(problem, spots), -(used + 1), -disturbed


def _lower_bound(problem: _Problem, pairs: Iterable[Pair]) -> int:
    per_candidate: dict[int, int] = defaultdict(int)
    per_employer: dict[int, int] = defaultdict(int)
    for c, e in [*pairs, *((p.candidate, p.employer) for p in problem.locked)]:
        per_candidate[c] += 1
        per_employer[e] += 1
    return max(
        [*per_candidate.values()]
        + [math.ceil(n / problem.tables[e]) for e, n in per_employer.items()],
        default=0,
    )


# --- the colouring -------------------------------------------------------------------------

_BLOCKED = -1  # the "other end" of a blocked slot: a fixed colour at a candidate


class _Colouring:
    """A partial proper edge colouring of candidates × tables; colours are slots.

    `at[v][colour]` is the vertex at the other end of v's edge of that colour. Locked
    meetings and blocked slots are fixed: no alternating path goes through them.
    """

    def __init__(self, vertices: int) -> None:
        self.at: list[dict[int, int]] = [{} for _ in range(vertices)]
        self.fixed: set[tuple[int, int]] = set()

    def add(self, u: int, v: int, colour: int) -> None:
        self.at[u][colour] = v
        self.at[v][colour] = u

    def fix(self, u: int, v: int, colour: int) -> None:
        self.add(u, v, colour)
        self.fixed.add((u, colour))
        self.fixed.add((v, colour))

    def block(self, u: int, colour: int) -> None:
        self.at[u][colour] = _BLOCKED
        self.fixed.add((u, colour))

    def try_colour(self, u: int, v: int, limit: int, preferred: int | None) -> bool:
        """Colour the edge u–v with a colour below `limit`, flipping one alternating path."""
        at_u, at_v = self.at[u], self.at[v]
        if (
            preferred is not None
            and preferred < limit
            and preferred not in at_u
            and preferred not in at_v
        ):
            self.add(u, v, preferred)
            return True
        free_u = [c for c in range(limit) if c not in at_u]
        if not free_u:
            return False
        for c in free_u:
            if c not in at_v:
                self.add(u, v, c)
                return True
        free_v = [c for c in range(limit) if c not in at_v]
        for a in free_u:
            for b in free_v:
                if self._flip(v, a, b):
                    self.add(u, v, a)
                    return True
        return False

    def _flip(self, start: int, a: int, b: int) -> bool:
        """Swap colours a and b on the a/b path from `start` (which lacks b), unless fixed."""
        path: list[tuple[int, int, int]] = []  # (vertex, next vertex, colour)
        vertex, colour = start, a
        while True:
            other = self.at[vertex].get(colour)
            if other is None:
                break
            if (vertex, colour) in self.fixed:
                return False
            path.append((vertex, other, colour))
            vertex, colour = other, (b if colour == a else a)
        for x, y, c in path:
            del self.at[x][c]
            del self.at[y][c]
        for x, y, c in path:
            self.add(x, y, b if c == a else a)
        return True


def _colour(problem: _Problem, edges: list[_Edge], *, c0: int, balance: bool) -> dict[Pair, Spot]:
    """Slots and tables for `edges` (in priority order); edges that do not fit are left out.

    Starts with `c0` colours and adds one whenever an edge does not fit, up to the slot
    limit. `balance`: existing placements keep their table only while it holds no more
    than its share (⌈meetings / tables⌉), which König's guarantee needs; otherwise existing
    placements are kept wherever they are free (the stable option).
    """
    limit_max = problem.slots
    candidates = sorted({e.candidate for e in edges} | {p.candidate for p in problem.locked})
    candidates = sorted(set(candidates) | set(problem.blocked))
    index = {c: i for i, c in enumerate(candidates)}
    table_index: dict[tuple[int, int], int] = {}
    for employer in sorted({e.employer for e in edges} | {p.employer for p in problem.locked}):
        for t in range(1, problem.tables[employer] + 1):
            table_index[(employer, t)] = len(candidates) + len(table_index)
    state = _Colouring(len(candidates) + len(table_index))
    load: dict[tuple[int, int], int] = defaultdict(int)
    for p in problem.locked:
        state.fix(index[p.candidate], table_index[(p.employer, p.table)], p.slot)
        load[(p.employer, p.table)] += 1
    for c, slot_set in problem.blocked.items():
        for slot in slot_set:
            state.block(index[c], slot)

    per_employer: dict[int, int] = defaultdict(int)
    for e in edges:
        per_employer[e.employer] += 1
    share = {}
    for employer, n in per_employer.items():
        k = problem.tables[employer]
        locked_here = sum(load[(employer, t)] for t in range(1, k + 1))
        share[employer] = max(
            [math.ceil((n + locked_here) / k)] + [load[(employer, t)] for t in range(1, k + 1)]
        )

    limit = c0
    spots: dict[Pair, Spot] = {}
    # Existing placements first, in their own slot and table where still free.
    for e in edges:
        old = e.existing
        if old is None or not 1 <= old.table <= problem.tables[e.employer]:
            continue
        if old.slot >= limit or (balance and load[(e.employer, old.table)] >= share[e.employer]):
            continue
        u, v = index[e.candidate], table_index[(e.employer, old.table)]
        if old.slot not in state.at[u] and old.slot not in state.at[v]:
            state.add(u, v, old.slot)
            load[(e.employer, old.table)] += 1
            spots[(e.candidate, e.employer)] = (old.table, old.slot)

    # Then tables for the rest: the existing table if under its share, else the emptiest.
    assigned: dict[Pair, int] = {}
    for e in edges:
        pair = (e.candidate, e.employer)
        if pair in spots:
            continue
        k = problem.tables[e.employer]
        old = e.existing
        if (
            old is not None
            and 1 <= old.table <= k
            and load[(e.employer, old.table)] < share[e.employer]
        ):
            table = old.table
        else:
            table = min(range(1, k + 1), key=lambda t: (load[(e.employer, t)], t))
        load[(e.employer, table)] += 1
        assigned[pair] = table

    # Then slots: alternating paths, another table if that fails, one more slot if allowed.
    for e in edges:
        pair = (e.candidate, e.employer)
        if pair not in assigned:
            continue
        u = index[e.candidate]
        preferred = e.existing.slot if e.existing is not None else None
        k = problem.tables[e.employer]
        first = assigned[pair]
        others = sorted(
            (t for t in range(1, k + 1) if t != first), key=lambda t: (load[(e.employer, t)], t)
        )
        while True:
            placed_at = next(
                (
                    t
                    for t in (first, *others)
                    if state.try_colour(u, table_index[(e.employer, t)], limit, preferred)
                ),
                None,
            )
            if placed_at is not None:
                if placed_at != first:
                    load[(e.employer, first)] -= 1
                    load[(e.employer, placed_at)] += 1
                break
            if limit_max is not None and limit >= limit_max:
                load[(e.employer, first)] -= 1
                break
            limit += 1

    # Read every spot back: alternating paths may have moved earlier edges.
    by_vertex = {v: key for key, v in table_index.items()}
    spots = {}
    for c, u in index.items():
        for colour, v in state.at[u].items():
            if v == _BLOCKED or (u, colour) in state.fixed:
                continue
            employer, table = by_vertex[v]
            spots[(c, employer)] = (table, colour)
    return spots


# --- the exhaustive search for small instances with locks -----------------------------------


def _search(
    problem: _Problem, edges: list[_Edge], *, incumbent: int
) -> tuple[dict[Pair, Spot] | None, bool]:
    """Branch and bound over every slot and table for every meeting, within a node budget.

    Returns (a schedule with a higher objective than `incumbent` or None, finished).
    """
    assert problem.slots is not None
    slots = problem.slots
    order = sorted(edges, key=lambda e: (-e.weight, e.candidate, e.employer))
    suffix = [0] * (len(order) + 1)
    for i in range(len(order) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + order[i].weight
    candidate_busy: dict[int, set[int]] = defaultdict(set)
    table_busy: dict[tuple[int, int], set[int]] = defaultdict(set)
    for c, slot_set in problem.blocked.items():
        candidate_busy[c] |= slot_set
    for p in problem.locked:
        candidate_busy[p.candidate].add(p.slot)
        table_busy[(p.employer, p.table)].add(p.slot)
    base = _locked_weight(problem)
    best_value = incumbent - base
    best: dict[Pair, Spot] | None = None
    current: dict[Pair, Spot] = {}
    nodes = 0

    def visit(i: int, value: int) -> bool:
        nonlocal best_value, best, nodes
        nodes += 1
        if nodes > EXACT_SEARCH_NODES:
            return False
        if value + suffix[i] <= best_value:
            return True
        if i == len(order):
            best_value, best = value, dict(current)
            return True
        e = order[i]
        busy = candidate_busy[e.candidate]
        preferred = [e.existing.slot] if e.existing is not None else []
        for slot in preferred + [s for s in range(slots) if s not in preferred]:
            if slot in busy:
                continue
            seen_empty = False
            for t in range(1, problem.tables[e.employer] + 1):
                table = table_busy[(e.employer, t)]
                if slot in table:
                    continue
                if not table:  # empty tables are interchangeable: try one
                    if seen_empty:
                        continue
                    seen_empty = True
                busy.add(slot)
                table.add(slot)
                current[(e.candidate, e.employer)] = (t, slot)
                finished = visit(i + 1, value + e.weight)
                del current[(e.candidate, e.employer)]
                busy.discard(slot)
                table.discard(slot)
                if not finished:
                    return False
        return visit(i + 1, value)

    finished = visit(0, 0)
    return best, finished


# --- the result ----------------------------------------------------------------------------


def _result(problem: _Problem, solution: _Solution, unmet_unknown: list[Unmet]) -> Result:
    spots = solution.spots
    placements = [*problem.locked] + [
        Placement(c, e, table, slot) for (c, e), (table, slot) in spots.items()
    ]
    placements.sort(key=lambda p: (p.slot, p.employer, p.table, p.candidate))
    placed_pairs = {(p.candidate, p.employer) for p in placements}
    given = sorted(problem.existing_given, key=lambda p: (p.slot, p.employer, p.table, p.candidate))
    moved = [
        p
        for p in given
        if (p.candidate, p.employer) in spots
        and spots[(p.candidate, p.employer)] != (p.table, p.slot)
    ]
    dropped = [p for p in given if (p.candidate, p.employer) not in spots]
    return Result(
        placements=placements,
        meetings=len(placements),
        slots_used=max((p.slot for p in placements), default=-1) + 1,
        lower_bound=_lower_bound(problem, placed_pairs - _locked_pairs(problem)),
        objective=_objective(problem, spots),
        bound=solution.bound,
        unmet=_unmet(problem, placements, placed_pairs) + unmet_unknown,
        moved=moved,
        dropped=dropped,
        weights=dict(problem.weights),
        optimal=solution.proven,
    )


def _locked_pairs(problem: _Problem) -> set[Pair]:
    return {(p.candidate, p.employer) for p in problem.locked}


def _unmet(problem: _Problem, placements: list[Placement], placed_pairs: set[Pair]) -> list[Unmet]:
    locked_pairs = _locked_pairs(problem)
    tiers_by_candidate: dict[int, list[int]] = defaultdict(list)
    per_employer: dict[int, int] = defaultdict(int)
    for p in placements:
        pair = (p.candidate, p.employer)
        # A locked meeting holds its slot whatever its priority.
        tier = MUTUAL_MUST + 1 if pair in locked_pairs else problem.requests[pair]
        tiers_by_candidate[p.candidate].append(tier)
        per_employer[p.employer] += 1
    unmet = []
    for (c, e), tier in sorted(problem.requests.items()):
        if (c, e) in placed_pairs:
            continue
        reason: UnmetReason
        if problem.slots is not None and (
            sum(1 for t in tiers_by_candidate[c] if t >= tier) + len(problem.blocked.get(c, ()))
            >= problem.slots
        ):
            reason = "candidate_full"
        elif problem.tables[e] == 0 or (
            problem.slots is not None and per_employer[e] >= problem.tables[e] * problem.slots
        ):
            reason = "employer_full"
        else:
            reason = "no_common_slot"
        unmet.append(Unmet(c, e, tier, reason))
    return unmet
