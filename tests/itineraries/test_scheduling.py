"""The pure meeting scheduler (itineraries/scheduling.py): properties on random instances,
a brute-force optimum on small ones, and hand-made examples of every unmet reason."""

import math
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itineraries.scheduling import Placement, Request, Result, Unmet, schedule

SMALL_SLOTS = st.integers(0, 3)
SETTINGS = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Instance:
    candidates: list[int]
    tables: dict[int, int]
    requests: list[Request]
    slots: int | None
    locked: list[Placement]
    blocked: dict[int, set[int]]

    def run(self, existing: list[Placement] | tuple[()] = ()) -> Result:
        return schedule(
            candidates=self.candidates,
            tables=self.tables,
            requests=self.requests,
            slots=self.slots,
            locked=self.locked,
            existing=existing,
            blocked=self.blocked,
        )


@st.composite
def instances(
    draw,
    *,
    max_candidates: int = 5,
    max_employers: int = 3,
    max_tables: int = 2,
    max_requests: int = 15,
    slots: st.SearchStrategy = SMALL_SLOTS,
    locks: bool = True,
    blocks: bool = True,
) -> Instance:
    candidates = list(range(1, draw(st.integers(1, max_candidates)) + 1))
    employers = list(range(101, 101 + draw(st.integers(1, max_employers))))
    tables = {e: draw(st.integers(1, max_tables)) for e in employers}
    pairs = [(c, e) for c in candidates for e in employers]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=max_requests))
    requests = [Request(c, e, draw(st.integers(1, 3))) for c, e in chosen]
    slot_count = draw(slots)
    blocked: dict[int, set[int]] = {}
    if blocks and slot_count:
        for c in candidates:
            picked = draw(st.sets(st.integers(0, slot_count - 1), max_size=1))
            if picked:
                blocked[c] = picked
    locked: list[Placement] = []
    if locks and slot_count != 0:
        top = slot_count if slot_count is not None else 4
        # Random locks, any pair (requested or not); conflicting draws are skipped.
        for c, e, table, slot in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(candidates),
                    st.sampled_from(employers),
                    st.integers(1, max_tables),
                    st.integers(0, top - 1),
                ),
                max_size=3,
            )
        ):
            p = Placement(c, e, table, slot)
            if table > tables[e] or slot in blocked.get(c, set()):
                continue
            if any(
                (q.candidate, q.slot) == (c, slot)
                or (q.employer, q.table, q.slot) == (e, table, slot)
                or (q.candidate, q.employer) == (c, e)
                for q in locked
            ):
                continue
            locked.append(p)
    return Instance(candidates, tables, requests, slot_count, locked, blocked)


def assert_valid(instance: Instance, result: Result) -> None:
    placements = result.placements
    assert len({(p.candidate, p.slot) for p in placements}) == len(placements)
    assert len({(p.employer, p.table, p.slot) for p in placements}) == len(placements)
    assert len({(p.candidate, p.employer) for p in placements}) == len(placements)
    for p in placements:
        assert p.table in range(1, instance.tables[p.employer] + 1)
        assert p.slot >= 0
        if instance.slots is not None:
            assert p.slot < instance.slots
        assert p.slot not in instance.blocked.get(p.candidate, set()) or p in instance.locked
    assert set(instance.locked) <= set(placements)
    allowed = {(r.candidate, r.employer) for r in instance.requests}
    allowed |= {(p.candidate, p.employer) for p in instance.locked}
    assert {(p.candidate, p.employer) for p in placements} <= allowed
    assert result.meetings == len(placements)
    assert result.slots_used == max((p.slot + 1 for p in placements), default=0)
    assert result.objective <= result.bound
    placed = {(p.candidate, p.employer) for p in placements}
    unmet = {(u.candidate, u.employer) for u in result.unmet}
    assert unmet == allowed - placed - {(p.candidate, p.employer) for p in instance.locked}
    assert unmet | placed >= {(r.candidate, r.employer) for r in instance.requests}


def tier_counts(instance: Instance, pairs: set[tuple[int, int]]) -> tuple[int, int, int]:
    tiers = Counter(r.tier for r in instance.requests if (r.candidate, r.employer) in pairs)
    return tiers[3], tiers[2], tiers[1]


def brute_force(instance: Instance) -> tuple[int, int, int]:
    """The best (mutual musts, one-sided musts, wants) over every assignment of every
    request to nothing or a free (slot, table), by exhaustive search (pruned only by the
    count of requests left)."""
    assert instance.slots is not None
    locked_pairs = {(p.candidate, p.employer) for p in instance.locked}
    todo = sorted(
        (r for r in instance.requests if (r.candidate, r.employer) not in locked_pairs),
        key=lambda r: -r.tier,
    )
    candidate_busy = {c: set(instance.blocked.get(c, set())) for c in instance.candidates}
    table_busy = {(e, t): set() for e, k in instance.tables.items() for t in range(1, k + 1)}
    for p in instance.locked:
        candidate_busy[p.candidate].add(p.slot)
        table_busy[(p.employer, p.table)].add(p.slot)
    remaining = [Counter(r.tier for r in todo[i:]) for i in range(len(todo) + 1)]
    best = [(-1, -1, -1)]

    def visit(i: int, counts: Counter) -> None:
        optimistic = tuple(counts[t] + remaining[i][t] for t in (3, 2, 1))
        if optimistic <= best[0]:
            return
        if i == len(todo):
            best[0] = optimistic
            return
        r = todo[i]
        for slot in range(instance.slots):
            if slot in candidate_busy[r.candidate]:
                continue
            for t in range(1, instance.tables[r.employer] + 1):
                if slot in table_busy[(r.employer, t)]:
                    continue
                candidate_busy[r.candidate].add(slot)
                table_busy[(r.employer, t)].add(slot)
                counts[r.tier] += 1
                visit(i + 1, counts)
                counts[r.tier] -= 1
                candidate_busy[r.candidate].discard(slot)
                table_busy[(r.employer, t)].discard(slot)
        visit(i + 1, counts)

    visit(0, Counter())
    locked_counts = tier_counts(instance, locked_pairs)
    return tuple(a + b for a, b in zip(best[0], locked_counts, strict=True))


def unlocked(result: Result, instance: Instance) -> list[Placement]:
    return [p for p in result.placements if p not in instance.locked]


# --- properties ----------------------------------------------------------------------------


@SETTINGS
@given(instances(slots=st.one_of(st.none(), st.integers(0, 4))))
def test_schedule_valid_on_random_instances(instance):
    assert_valid(instance, instance.run())


@SETTINGS
@given(
    instances(
        max_candidates=30,
        max_employers=8,
        max_tables=3,
        max_requests=120,
        slots=st.none(),
        locks=False,
        blocks=False,
    )
)
def test_schedule_no_slot_limit_meets_koenig_bound(instance):
    result = instance.run()

    assert_valid(instance, result)
    assert result.meetings == len(instance.requests)
    degree = Counter(r.candidate for r in instance.requests)
    per_employer = Counter(r.employer for r in instance.requests)
    max_degree = max(
        [*degree.values()] + [math.ceil(n / instance.tables[e]) for e, n in per_employer.items()],
        default=0,
    )
    assert result.slots_used == result.lower_bound == max_degree
    assert result.unmet == []
    assert result.objective == result.bound


@SETTINGS
@given(instances(slots=st.integers(0, 3)))
def test_schedule_objective_equals_brute_force(instance):
    result = instance.run()

    assert_valid(instance, result)
    placed = {(p.candidate, p.employer) for p in result.placements}
    assert tier_counts(instance, placed) == brute_force(instance)
    assert result.optimal
    if not instance.locked and not instance.blocked:
        assert result.objective == result.bound


@SETTINGS
@given(instances(slots=st.one_of(st.none(), st.integers(0, 4))))
def test_schedule_rerun_with_existing_moves_nothing(instance):
    first = instance.run()

    again = instance.run(existing=unlocked(first, instance))

    assert again.moved == []
    assert again.dropped == []
    assert again.placements == first.placements


@SETTINGS
@given(
    instances(
        max_candidates=12, max_employers=5, max_tables=3, max_requests=40, slots=st.integers(1, 6)
    ),
    st.data(),
)
def test_schedule_after_a_new_request_keeps_the_existing_valid(instance, data):
    first = instance.run()
    pairs = {(r.candidate, r.employer) for r in instance.requests}
    free = [(c, e) for c in instance.candidates for e in instance.tables if (c, e) not in pairs]
    if not free:
        return
    c, e = data.draw(st.sampled_from(free))
    changed = Instance(
        instance.candidates,
        instance.tables,
        [*instance.requests, Request(c, e, data.draw(st.integers(1, 3)))],
        instance.slots,
        instance.locked,
        instance.blocked,
    )

    result = changed.run(existing=unlocked(first, instance))

    assert_valid(changed, result)
    assert result.objective >= first.objective


# --- hand-made examples --------------------------------------------------------------------


def test_schedule_candidate_with_three_musts_and_two_slots_is_candidate_full():
    result = schedule(
        candidates=[1],
        tables={10: 1, 20: 1, 30: 1},
        requests=[Request(1, 10, 3), Request(1, 20, 3), Request(1, 30, 3)],
        slots=2,
    )

    assert result.meetings == 2
    assert result.unmet == [Unmet(1, 30, 3, "candidate_full")]
    assert result.objective == result.bound == 2 * result.weights[3]


def test_schedule_musts_win_over_wants():
    result = schedule(
        candidates=[1, 2, 3],
        tables={10: 1},
        requests=[Request(1, 10, 1), Request(2, 10, 1), Request(3, 10, 2)],
        slots=1,
    )

    assert result.placements == [Placement(3, 10, 1, 0)]
    assert result.unmet == [
        Unmet(1, 10, 1, "employer_full"),
        Unmet(2, 10, 1, "employer_full"),
    ]


def test_schedule_one_mutual_must_outweighs_two_one_sided():
    # One slot: either 1 meets 10 (mutual), or 1 meets 20 and 2 meets 10 (two one-sided).
    result = schedule(
        candidates=[1, 2],
        tables={10: 1, 20: 1},
        requests=[Request(1, 10, 3), Request(1, 20, 2), Request(2, 10, 2)],
        slots=1,
    )

    assert result.placements == [Placement(1, 10, 1, 0)]
    assert result.objective == result.bound == result.weights[3]
    assert result.weights[3] > 2 * result.weights[2]
    assert result.unmet == [
        Unmet(1, 20, 2, "candidate_full"),
        Unmet(2, 10, 2, "employer_full"),
    ]


def test_schedule_locks_without_common_slot_is_no_common_slot():
    # Candidate 1 is locked with employer 20 in slot 0, employer 10's only table with
    # candidate 2 in slot 1: both have a free slot, but not the same one.
    result = schedule(
        candidates=[1, 2],
        tables={10: 1, 20: 1},
        requests=[Request(1, 10, 3)],
        slots=2,
        locked=[Placement(1, 20, 1, 0), Placement(2, 10, 1, 1)],
    )

    assert result.placements == [Placement(1, 20, 1, 0), Placement(2, 10, 1, 1)]
    assert result.unmet == [Unmet(1, 10, 3, "no_common_slot")]
    assert result.objective == 0
    assert result.bound == result.weights[3]  # the flow cannot see the slots
    assert result.optimal  # the search proved it


def test_schedule_blocked_slot_counts_towards_candidate_full():
    result = schedule(
        candidates=[1],
        tables={10: 1, 20: 1},
        requests=[Request(1, 10, 2), Request(1, 20, 1)],
        slots=2,
        blocked={1: {0}},
    )

    assert result.placements == [Placement(1, 10, 1, 1)]
    assert result.unmet == [Unmet(1, 20, 1, "candidate_full")]


def test_schedule_unknown_participant_is_reported():
    result = schedule(
        candidates=[1],
        tables={10: 1},
        requests=[Request(1, 10, 1), Request(2, 10, 3), Request(1, 99, 2)],
        slots=None,
    )

    assert result.placements == [Placement(1, 10, 1, 0)]
    assert result.unmet == [
        Unmet(1, 99, 2, "not_a_participant"),
        Unmet(2, 10, 3, "not_a_participant"),
    ]


def test_schedule_uses_earliest_slots_and_parallel_tables():
    result = schedule(
        candidates=[1, 2, 3, 4],
        tables={10: 2},
        requests=[Request(c, 10, 1) for c in (1, 2, 3, 4)],
        slots=6,
    )

    assert result.slots_used == result.lower_bound == 2
    assert Counter(p.table for p in result.placements) == {1: 2, 2: 2}


def test_schedule_locked_meeting_kept_even_if_not_requested():
    lock = Placement(1, 10, 1, 2)
    result = schedule(
        candidates=[1, 2],
        tables={10: 1},
        requests=[Request(2, 10, 1)],
        slots=3,
        locked=[lock],
    )

    assert lock in result.placements
    assert result.meetings == 2
    assert result.lower_bound == 2


def test_schedule_existing_placement_kept_in_its_slot():
    existing = [Placement(1, 10, 2, 3)]
    result = schedule(
        candidates=[1, 2],
        tables={10: 2},
        requests=[Request(1, 10, 1), Request(2, 10, 1)],
        slots=4,
        existing=existing,
    )

    # Fewest slots comes before stability: one slot suffices, so the meeting moves.
    assert result.slots_used == 1
    assert result.moved == existing


def test_schedule_existing_placement_dropped_when_no_longer_requested():
    existing = [Placement(1, 10, 1, 0)]
    result = schedule(candidates=[1], tables={10: 1}, requests=[], slots=2, existing=existing)

    assert result.placements == []
    assert result.dropped == existing
    assert result.moved == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"slots": -1}, "slots must be 0 or more"),
        ({"tables": {10: -1}}, "tables"),
        ({"locked": [Placement(1, 10, 2, 0)]}, "table 2 out of range"),
        ({"locked": [Placement(1, 10, 1, 3)]}, "slot 3 out of range"),
        ({"locked": [Placement(1, 10, 1, -1)]}, "slot -1 out of range"),
        ({"locked": [Placement(1, 10, 1, 0), Placement(1, 20, 1, 0)]}, "conflict"),
        ({"locked": [Placement(1, 10, 1, 0), Placement(2, 10, 1, 0)]}, "conflict"),
        ({"locked": [Placement(1, 10, 1, 0), Placement(1, 10, 1, 1)]}, "conflict"),
        ({"locked": [Placement(9, 10, 1, 0)]}, "not a participant"),
        ({"locked": [Placement(1, 10, 1, 0)], "blocked": {1: {0}}}, "blocked"),
        ({"requests": [Request(1, 10, 4)]}, "Unknown tier"),
    ],
)
def test_schedule_invalid_input_raises(kwargs, message):
    arguments = {
        "candidates": [1, 2],
        "tables": {10: 1, 20: 1},
        "requests": [],
        "slots": 3,
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        schedule(**arguments)
