"""Public trip lists: the home page, the trip list page /trips/ and GET /api/v1/trips at a
small and a large size.

Figures per endpoint: queries per request at each size (and whether they are constant), and
mean time per request, absolute and as a ratio to the trivial JSON view timed in the same run
(a machine-independent figure to compare across runs and machines).
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone

from events.models import Organisation, Sector, Trip, TripStatus

from .measure import BenchmarkError, count_queries, get_ok, milliseconds, time_interleaved, warm_up
from .registry import Config, benchmark
from .urls import TRIVIAL_PATH

ENDPOINTS = {"home": "/", "trips": "/trips/", "api_trips": "/api/v1/trips"}
SIZES = (10, 1000)
SMOKE_SIZES = (3, 6)
ORGANISATIONS = 5


@transaction.atomic
def seed_published_trips(count: int) -> None:
    """Replace every trip with `count` published upcoming trips, each in 1–3 sectors."""
    Trip.objects.all().delete()
    Organisation.objects.filter(slug__startswith="bench-").delete()
    sectors = list(Sector.objects.order_by("position", "code"))
    if not sectors:
        raise BenchmarkError("No sectors: the events data migration has not run.")
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench kommun {i}", slug=f"bench-{i}") for i in range(ORGANISATIONS)
    )
    now = timezone.now()
    trips = Trip.objects.bulk_create(
        Trip(
            organisation=organisations[i % ORGANISATIONS],
            title=f"Rekryteringsresa {i}",
            slug=f"bench-trip-{i}",
            summary="Två dagar i Jämtland: fjäll, stad, skolor och bostäder.",
            description="Träffa arbetsgivare i Östersund och Åre. " * 5,
            starts_at=now + timedelta(days=14 + i % 365, hours=i % 24),
            ends_at=now + timedelta(days=16 + i % 365, hours=i % 24),
            application_deadline=now + timedelta(days=7 + i % 365),
            base_locations="Östersund, Åre",
            candidate_capacity=12,
            employer_slots=5,
            slot_price_ore=1_500_000,
            international_applicants=i % 2 == 0,
            status=TripStatus.PUBLISHED,
            published_at=now,
        )
        for i in range(count)
    )
    through = Trip.sectors.through
    through.objects.bulk_create(
        through(trip_id=trip.pk, sector_id=sectors[(i + k) % len(sectors)].pk)
        for i, trip in enumerate(trips)
        for k in range(1 + i % 3)
    )


def _template_in_use(name: str) -> str:
    origin = Path(get_template(name).origin.name)
    try:
        shown = str(origin.relative_to(settings.BASE_DIR))
    except ValueError:
        shown = str(origin)
    return shown + (" (bench fallback)" if origin.is_relative_to(Path(__file__).parent) else "")


@benchmark("trip_lists", summary=lambda name, figures: format_summary(name, figures))
def trip_lists(config: Config) -> dict:
    sizes = SMOKE_SIZES if config.smoke else SIZES
    client = Client()
    targets = {"trivial_view": TRIVIAL_PATH, **ENDPOINTS}
    figures: dict = {
        "sizes": list(sizes),
        "warmup": config.warmup,
        "method": "anonymous GET through django.test.Client, in-process, DEBUG off",
        "trivial_view": {"path": TRIVIAL_PATH, "sizes": {}},
        **{
            name: {"path": path, "queries": {}, "queries_constant": None, "sizes": {}}
            for name, path in ENDPOINTS.items()
        },
    }
    figures["home"]["template"] = _template_in_use("events/home.html")

    for size in sizes:
        seed_published_trips(size)
        key = str(size)
        count = get_ok(client, ENDPOINTS["api_trips"]).json()["count"]
        if count != size:
            raise BenchmarkError(f"/api/v1/trips counts {count} trips, {size} were created.")
        for path in targets.values():
            warm_up(client, path, config.warmup)
        for name in ENDPOINTS:
            figures[name]["queries"][key] = count_queries(client, targets[name])

        samples = time_interleaved(client, targets, config.repetitions)
        trivial = milliseconds(samples["trivial_view"])
        figures["trivial_view"]["sizes"][key] = trivial
        for name in ENDPOINTS:
            timing = milliseconds(samples[name])
            timing["ratio_to_trivial"] = round(timing["mean_ms"] / trivial["mean_ms"], 2)
            figures[name]["sizes"][key] = timing

    for name in ENDPOINTS:
        figures[name]["queries_constant"] = len(set(figures[name]["queries"].values())) == 1
    return figures


def format_summary(name: str, figures: dict) -> str:
    lines = [
        f"{name}: {figures['method']}",
        f"  home template: {figures['home']['template']}",
        f"  {'target':<13}{'path':<17}{'trips':>6}{'queries':>9}{'mean ms':>10}"
        f"{'median ms':>11}{'× trivial':>11}{'reps':>7}",
    ]
    for target in ("trivial_view", *ENDPOINTS):
        entry = figures[target]
        for size, timing in entry["sizes"].items():
            queries = entry.get("queries", {}).get(size, "")
            ratio = timing.get("ratio_to_trivial", 1.0)
            lines.append(
                f"  {target:<13}{entry['path']:<17}{size:>6}{queries!s:>9}"
                f"{timing['mean_ms']:>10.3f}{timing['median_ms']:>11.3f}{ratio:>11.2f}"
                f"{timing['repetitions']:>7}"
            )
    for target in ENDPOINTS:
        constant = figures[target]["queries_constant"]
        verdict = "yes" if constant else "NO — queries grow with the number of trips"
        lines.append(f"  queries constant for {target}: {verdict}")
    return "\n".join(lines)
