"""The benchmark machinery on tiny data sets: structure and query counts, never timings."""

import copy
import json

import pytest

from bench import registry
from bench.registry import Config

SMOKE = Config(repetitions=2, warmup=1, smoke=True)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


@pytest.fixture(autouse=True)
def bench_templates(settings):
    """As in bench/settings.py: bench's fallback templates after the project's own."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], settings.BASE_DIR / "bench" / "templates"]
    settings.TEMPLATES = templates


@pytest.mark.parametrize("name", sorted(registry.load_all()))
def test_benchmark_smoke_returns_json_figures(name):
    results = registry.run(SMOKE, names=[name])

    assert list(results) == [name]
    assert isinstance(results[name], dict)
    json.dumps(results)
    assert registry.summarise(results).startswith(name)


def test_trip_lists_smoke_structure_and_constant_queries():
    figures = registry.run(SMOKE, names=["trip_lists"])["trip_lists"]

    assert figures["sizes"] == [3, 6]
    assert figures["trivial_view"]["path"] == "/bench/trivial/"
    assert set(figures["trivial_view"]["sizes"]) == {"3", "6"}
    for timing in figures["trivial_view"]["sizes"].values():
        assert set(timing) == {"mean_ms", "median_ms", "p95_ms", "repetitions"}
        assert timing["repetitions"] == 2
    for name, path in (("home", "/"), ("api_trips", "/api/v1/trips")):
        entry = figures[name]
        assert entry["path"] == path
        assert set(entry["queries"]) == {"3", "6"}
        assert entry["queries"]["3"] == entry["queries"]["6"] > 0
        assert entry["queries_constant"] is True
        assert set(entry["sizes"]) == {"3", "6"}
        for timing in entry["sizes"].values():
            assert set(timing) == {
                "mean_ms",
                "median_ms",
                "p95_ms",
                "ratio_to_trivial",
                "repetitions",
            }
            assert timing["repetitions"] == 2


def test_run_unknown_benchmark_raises():
    with pytest.raises(KeyError, match="no_such_benchmark"):
        registry.run(SMOKE, names=["no_such_benchmark"])


def test_insights_smoke_constant_queries():
    figures = registry.run(SMOKE, names=["insights"])["insights"]

    assert figures["sizes"] == [20, 40]
    # The data is grown to each size: the second adds only what the first did not make.
    assert [figures["seed"][size]["added"] for size in ("20", "40")] == [20, 20]
    for name, path in (("page", "/manage/insights/"), ("api", "/api/v1/insights/sectors")):
        entry = figures[name]
        assert entry["path"] == path
        assert entry["queries"]["20"] == entry["queries"]["40"] > 0
        assert entry["queries_constant"] is True


def test_benchmarks_after_one_another_in_one_database_as_make_bench_runs_them():
    # applicant_list's applicants are not in the talent database: the synthetic benchmarks
    # after it still grow the talent database to their sizes.
    figures = registry.run(SMOKE, names=["applicant_list", "insights", "talent_search"])

    assert [figures["insights"]["seed"][size]["added"] for size in ("20", "40")] == [20, 20]
    assert figures["talent_search"]["consenting"] == 40


def test_itinerary_feed_smoke_rebuild_renders_one_event_and_poll_is_304_in_two_queries():
    figures = registry.run(SMOKE, names=["itinerary_feed"])["itinerary_feed"]

    assert figures["items"] > 0
    assert figures["full"]["queries"] > 0
    assert figures["rebuild"]["rendered"] == 1
    assert figures["poll"] == {**figures["poll"], "status": 304, "queries": 2}
    assert set(figures["targets"]) == {
        "full_seconds",
        "rebuild_seconds",
        "poll_seconds",
        "poll_queries",
    }
    assert figures["targets"]["poll_queries"]["met"] is True


def test_talent_search_smoke_structure_and_finds_people():
    figures = registry.run(SMOKE, names=["talent_search"])["talent_search"]

    assert figures["profiles"] >= 30
    assert set(figures["mixes"]) == {
        "nothing",
        "sector",
        "sector_region",
        "text_sv",
        "text_en",
        "text_broad",
        "all_three",
        "page",
    }
    assert figures["mixes"]["nothing"]["found"] == figures["consenting"]
    for entry in figures["mixes"].values():
        assert {"p50_ms", "p95_ms", "queries", "repetitions"} <= set(entry)
