"""The organisers' talent database search (issue 15.5): GET /api/v1/talent with several
mixes of criteria, and the page /manage/talent/, on synthetic data (demo.synthetic, as
`manage.py seed_synthetic` makes it).

Figures per mix: queries per request, p50/p95/mean per request, how many people it found;
and the time taken to seed the profiles the benchmark had to add. The default size (2,000
profiles) keeps `make bench` short; the issue's size and target (300,000 profiles, p95
under 100 ms) are for PostgreSQL, where the search is full text with a GIN index:

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/jc_bench \
    BENCH_TALENT_PROFILES=300000 .venv/bin/python bench/run.py talent_search

The database is not emptied: profiles already there count towards the size.
"""

import os
import statistics
from urllib.parse import urlencode

from django.test import Client

from candidates.models import Candidate
from core.models import User
from events.models import Organisation, OrganisationMembership

from .measure import (
    BenchmarkError,
    count_queries,
    get_ok,
    p95,
    signed_in_client,
    time_interleaved,
    warm_up,
)
from .registry import Config, benchmark
from .synthetic import grow_to

PROFILES = 2000
SMOKE_PROFILES = 30
MAX_REPETITIONS = 60
API = "/api/v1/talent"
# Mixes of criteria (synthetic headlines and skills are Swedish, some English).
MIXES: dict[str, dict[str, str]] = {
    "nothing": {},
    "sector": {"sector": "it"},
    "sector_region": {"sector": "vard-omsorg", "region": "Umeå"},
    "text_sv": {"q": "sjuksköterskor"},
    "text_en": {"q": "data engineers"},
    "text_broad": {"q": "python"},
    "all_three": {"sector": "it", "region": "Stockholm", "q": "python"},
}
PAGE = "/manage/talent/?" + urlencode({"sector": "it", "region": "Göteborg", "q": "python"})


def _profiles(config: Config) -> int:
    if config.smoke:
        return SMOKE_PROFILES
    return int(os.environ.get("BENCH_TALENT_PROFILES", PROFILES))


def _organiser_client() -> Client:
    user, _created = User.objects.get_or_create(
        email="talent-bench@bench.test", defaults={"full_name": "Talent bench"}
    )
    OrganisationMembership.objects.bulk_create(
        [OrganisationMembership(organisation=o, user=user) for o in Organisation.objects.all()],
        ignore_conflicts=True,
    )
    return signed_in_client(user, headers={"Accept-Language": "sv"})


def _percentiles(samples: list[float]) -> dict[str, float | int]:
    return {
        "p50_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(p95(samples) * 1000, 2),
        "mean_ms": round(statistics.fmean(samples) * 1000, 2),
        "repetitions": len(samples),
    }


@benchmark("talent_search", summary=lambda name, figures: format_summary(name, figures))
def talent_search(config: Config) -> dict:
    size = _profiles(config)
    seed = grow_to(size, seed=17)
    client = _organiser_client()
    paths = {name: f"{API}?{urlencode(mix)}" for name, mix in MIXES.items()}
    paths["page"] = PAGE
    repetitions = min(config.repetitions, MAX_REPETITIONS)
    figures: dict = {
        "profiles": Candidate.objects.count(),
        "consenting": Candidate.objects.filter(consent_talent_db_at__isnull=False).count(),
        "seed": seed,
        "method": "organiser GET through django.test.Client, in-process, DEBUG off",
        "mixes": {},
    }
    found = {
        name: get_ok(client, path).json()["count"] for name, path in paths.items() if name != "page"
    }
    if not any(found.values()):
        raise BenchmarkError("The synthetic data set has nobody in the talent database.")
    for path in paths.values():
        warm_up(client, path, min(config.warmup, 3))
    queries = {name: count_queries(client, path) for name, path in paths.items()}
    samples = time_interleaved(client, paths, repetitions, rounds=3)
    for name, path in paths.items():
        figures["mixes"][name] = {
            "path": path,
            "found": found.get(name),
            "queries": queries[name],
            **_percentiles(samples[name]),
        }
    return figures


def format_summary(name: str, figures: dict) -> str:
    seed = figures["seed"]
    lines = [
        f"{name}: {figures['method']}",
        f"  profiles {figures['profiles']} ({figures['consenting']} consenting); seeded "
        f"{seed['added']} in {seed['seconds']} s",
        f"  {'mix':<15}{'found':>8}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}{'reps':>6}",
    ]
    for mix, entry in figures["mixes"].items():
        found = "" if entry["found"] is None else entry["found"]
        lines.append(
            f"  {mix:<15}{found:>8}{entry['queries']:>9}{entry['p50_ms']:>9.1f}"
            f"{entry['p95_ms']:>9.1f}{entry['repetitions']:>6}"
        )
    return "\n".join(lines)
