"""Insights at scale (issue 13.8): the sectors page (`/manage/insights/`) and
`GET /api/v1/insights/sectors` on a synthetic data set (`seed_synthetic`'s generator).

`make bench` runs it on its throwaway SQLite file with BENCH_INSIGHTS_CANDIDATES profiles
(3,000 by default). The issue's figure — 300,000 profiles, 500 employers, 200 trips on
PostgreSQL — is measured with

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/jc_bench \
    BENCH_INSIGHTS_CANDIDATES=300000 .venv/bin/python bench/run.py insights

which seeds that database once (a database that already holds as many profiles is reused).
Figures: profiles, median seconds per request for each target, and the queries per request
at the full size and with a tenth of the organisations (equal: they do not grow with data).
"""

import os
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from core.models import User
from demo.synthetic import synthetic_generate
from demo.synthetic.run import SyntheticRun, queries_not_logged
from events.models import Organisation, OrganisationMembership

from .measure import get_ok
from .registry import Config, benchmark

TARGETS = {"page": "/manage/insights/", "api": "/api/v1/insights/sectors"}


def _seed(candidates: int, smoke: bool) -> None:
    have = Candidate.objects.count()
    if have >= candidates:
        return
    scale = candidates / 300_000
    run = SyntheticRun(seed=13, tag="", batch=5000, progress=False)
    with queries_not_logged():
        synthetic_generate(
            run,
            organisations=2 if smoke else 8,
            trips=max(4, round(200 * scale)) if not smoke else 4,
            employers=max(10, round(500 * scale)) if not smoke else 10,
            candidates=candidates - have,
        )


def _organiser() -> User:
    user, _ = User.objects.get_or_create(
        email="insights-bench@bench.test", defaults={"full_name": "Bench Organiser"}
    )
    for organisation in Organisation.objects.all():
        OrganisationMembership.objects.get_or_create(organisation=organisation, user=user)
    return user


def _measure(client: Client, path: str, repetitions: int) -> dict:
    get_ok(client, path)  # warm up
    with CaptureQueriesContext(connection) as captured:
        get_ok(client, path)
    samples = []
    for _ in range(repetitions):
        start = time.perf_counter()
        get_ok(client, path)
        samples.append(time.perf_counter() - start)
    return {
        "median_seconds": round(statistics.median(samples), 4),
        "max_seconds": round(max(samples), 4),
        "queries": len(captured.captured_queries),
        "repetitions": repetitions,
    }


def _summary(name, f):
    parts = [
        f"{target} {f[target]['median_seconds'] * 1000:.0f} ms, {f[target]['queries']} queries"
        for target in TARGETS
    ]
    return f"{name}: {f['profiles']:,} profiles on {f['database']} — " + "; ".join(parts)


@benchmark("insights", summary=_summary)
def insights(config: Config) -> dict:
    candidates = 60 if config.smoke else int(os.environ.get("BENCH_INSIGHTS_CANDIDATES", "3000"))
    _seed(candidates, config.smoke)
    client = Client()
    client.force_login(_organiser())
    repetitions = 2 if config.smoke else 5
    figures: dict = {
        "database": connection.vendor,
        "profiles": Candidate.objects.count(),
        "organisations": Organisation.objects.count(),
    }
    for target, path in TARGETS.items():
        figures[target] = _measure(client, path, repetitions)
    figures["method"] = (
        "in-process Django test client, logged in as an organiser of every organisation; "
        "median of the timed requests after one warm-up; queries of one request"
    )
    return figures
