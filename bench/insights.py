"""The organisers' insights: the sectors page /manage/insights/ and GET /api/v1/insights/sectors
on synthetic data (demo.synthetic, as `manage.py seed_synthetic` makes it) at two sizes.

Figures per endpoint: queries per request at each size (which must not grow) and mean,
median and p95 time per request. The default sizes (1,000 and 10,000 profiles) keep `make bench`
short; `BENCH_INSIGHTS_SIZES=1000,300000 bench/run.py insights` runs the issue's size (the
data is grown to each size, with employers and trips in the issue's proportion: 500
employers and 200 trips per 300,000 profiles; profiles already in the database count, so a
database seeded once serves this and bench/talent_search.py). The issue's target (under
300 ms) is for PostgreSQL: give bench/settings.py a database made for it,

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/jc_bench \
    BENCH_INSIGHTS_SIZES=1000,300000 .venv/bin/python bench/run.py insights
"""

import os

from django.test import Client

from core.models import User
from events.models import Organisation, OrganisationMembership

from .measure import (
    BenchmarkError,
    count_queries,
    get_ok,
    milliseconds,
    signed_in_client,
    time_interleaved,
    warm_up,
)
from .registry import Config, benchmark
from .synthetic import grow_to

ENDPOINTS = {"page": "/manage/insights/", "api": "/api/v1/insights/sectors"}
SIZES = (1000, 10000)
SMOKE_SIZES = (20, 40)
MAX_REPETITIONS = 20


def _sizes(config: Config) -> tuple[int, ...]:
    if config.smoke:
        return SMOKE_SIZES
    given = os.environ.get("BENCH_INSIGHTS_SIZES", "")
    sizes = tuple(int(s) for s in given.split(",") if s.strip()) if given else SIZES
    if list(sizes) != sorted(sizes) or len(sizes) < 2:
        raise BenchmarkError("BENCH_INSIGHTS_SIZES: at least two sizes, smallest first.")
    return sizes


def _organiser_client() -> Client:
    user, _created = User.objects.get_or_create(
        email="insights-bench@bench.test", defaults={"full_name": "Insights bench"}
    )
    OrganisationMembership.objects.bulk_create(
        [OrganisationMembership(organisation=o, user=user) for o in Organisation.objects.all()],
        ignore_conflicts=True,
    )
    return signed_in_client(user, headers={"Accept-Language": "sv"})


@benchmark("insights", summary=lambda name, figures: format_summary(name, figures))
def insights(config: Config) -> dict:
    sizes = _sizes(config)
    repetitions = min(config.repetitions, MAX_REPETITIONS)
    figures: dict = {
        "sizes": list(sizes),
        "method": "organiser GET through django.test.Client, in-process, DEBUG off",
        **{
            name: {"path": path, "queries": {}, "queries_constant": None, "sizes": {}}
            for name, path in ENDPOINTS.items()
        },
    }
    for size in sizes:
        figures.setdefault("seed", {})[str(size)] = grow_to(size, seed=13)
        client = _organiser_client()
        key = str(size)
        supply = sum(row["supply"] for row in get_ok(client, ENDPOINTS["api"]).json())
        if supply == 0:
            raise BenchmarkError("The synthetic data set has nobody in the talent database.")
        for path in ENDPOINTS.values():
            warm_up(client, path, min(config.warmup, 3))
        for name, path in ENDPOINTS.items():
            figures[name]["queries"][key] = count_queries(client, path)
        samples = time_interleaved(client, ENDPOINTS, repetitions, rounds=2)
        for name in ENDPOINTS:
            figures[name]["sizes"][key] = milliseconds(samples[name])
    for name in ENDPOINTS:
        figures[name]["queries_constant"] = len(set(figures[name]["queries"].values())) == 1
    return figures


def format_summary(name: str, figures: dict) -> str:
    lines = [
        f"{name}: {figures['method']}",
        f"  {'target':<8}{'path':<27}{'profiles':>9}{'queries':>9}{'mean ms':>10}"
        f"{'median ms':>11}{'p95 ms':>9}{'reps':>7}",
    ]
    for target in ENDPOINTS:
        entry = figures[target]
        for size, timing in entry["sizes"].items():
            lines.append(
                f"  {target:<8}{entry['path']:<27}{size:>9}{entry['queries'][size]:>9}"
                f"{timing['mean_ms']:>10.1f}{timing['median_ms']:>11.1f}"
                f"{timing['p95_ms']:>9.1f}{timing['repetitions']:>7}"
            )
    for target in ENDPOINTS:
        constant = figures[target]["queries_constant"]
        verdict = "yes" if constant else "NO — queries grow with the data"
        lines.append(f"  queries constant for {target}: {verdict}")
    return "\n".join(lines)
