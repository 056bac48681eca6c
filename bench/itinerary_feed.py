"""A personal calendar feed with 5,000 items: a cold build, a rebuild after one change, a
repeated request and a conditional poll (304), on the configured cache (`backend`: the
database's cache table, or Redis with REDIS_URL).

Figures: seconds and queries for the first full request with an empty cache (`full`: every
VEVENT rendered), for the request after one item changed (`rebuild`: one VEVENT rendered, the
others from the cache), for a repeated unconditional request (`repeat`: the built feed from
the cache) and for a conditional poll with the ETag (`poll`, 304). `targets` holds the issue's
limits (15.3) and whether this run met them (`met`): they are for the 2-core development
machine, and `--smoke` runs do not judge them.
"""

import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from candidates.models import Application, Candidate
from core.models import User
from events.models import Organisation, Sector, Trip, TripStatus
from itineraries.models import ItineraryItem
from itineraries.services import calendar_token_regenerate, itinerary_item_update

from .measure import BenchmarkError
from .registry import Config, benchmark

ITEMS = 5_000
SMOKE_ITEMS = 20
TRIPS = 50
# Issue 15.3, for 5,000 items on the 2-core development machine.
TARGETS = {
    "full_seconds": 1.5,
    "rebuild_seconds": 0.15,
    "poll_seconds": 0.010,
    "poll_queries": 2,
}
# The seed's items start at a fixed time, not at "now": items then never straddle the night
# the clocks go back, whatever day the benchmark runs.
SEED_START = datetime(2031, 1, 6, 8, 0, tzinfo=UTC)


@transaction.atomic
def seed_feed(items: int) -> str:
    """A candidate accepted on TRIPS trips sharing `items` items; returns the feed path."""
    ItineraryItem.objects.all().delete()
    Application.objects.all().delete()
    Trip.objects.filter(slug__startswith="bench-feed-").delete()
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-feed", defaults={"name": "Bench feed kommun"}
    )
    user, _ = User.objects.get_or_create(email="feed@bench.test")
    candidate, _ = Candidate.objects.get_or_create(
        user=user, defaults={"name": "Bench Feed", "email": user.email}
    )
    now = SEED_START
    trips = Trip.objects.bulk_create(
        Trip(
            organisation=organisation,
            title=f"Resa {i}",
            slug=f"bench-feed-{i}",
            summary="x",
            starts_at=now + timedelta(days=30 + 7 * i),
            ends_at=now + timedelta(days=32 + 7 * i),
            application_deadline=now + timedelta(days=20 + 7 * i),
            base_locations="Åre",
            candidate_capacity=10,
            employer_slots=3,
            slot_price_ore=0,
            status=TripStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        for i in range(TRIPS)
    )
    Trip.sectors.through.objects.bulk_create(
        Trip.sectors.through(trip_id=t.pk, sector_id=Sector.objects.first().pk) for t in trips
    )
    Application.objects.bulk_create(
        Application(
            candidate=candidate, trip=t, motivation="x", travelling_from="y", status="accepted"
        )
        for t in trips
    )
    per_trip = max(1, items // TRIPS)
    ItineraryItem.objects.bulk_create(
        ItineraryItem(
            trip=trip,
            title=f"Programpunkt {n} på {trip.title}",
            description="Samling vid Storsjön; ta med varma kläder.",
            starts_at=trip.starts_at + timedelta(minutes=20 * n),
            ends_at=trip.starts_at + timedelta(minutes=20 * n + 15),
            location_name="Åre torg",
            latitude="63.398900",
            longitude="13.081200",
            kind="activity",
            audience="everyone",
        )
        for trip in trips
        for n in range(per_trip)
    )
    return f"/calendar/{calendar_token_regenerate(user=user).key}.ics"


def _timed(client: Client, path: str, **headers) -> tuple[float, int, int]:
    start = time.perf_counter()
    response = client.get(path, headers=headers)
    return time.perf_counter() - start, response.status_code, len(response.content)


def _verdicts(figures: dict) -> dict:
    measured = {
        "full_seconds": figures["full"]["seconds"],
        "rebuild_seconds": figures["rebuild"]["seconds"],
        "poll_seconds": figures["poll"]["seconds"],
        "poll_queries": figures["poll"]["queries"],
    }
    return {
        name: {
            "limit": limit,
            "measured": measured[name],
            "ratio": round(measured[name] / limit, 3),
            "met": measured[name] <= limit,
        }
        for name, limit in TARGETS.items()
    }


def _summary(name: str, f: dict) -> str:
    lines = [
        f"{name}: {f['items']} items, cache {f['backend']}",
        f"  cold build   {f['full']['seconds']:.3f} s ({f['full']['queries']} queries, "
        f"{f['full']['bytes'] / 1024:.0f} KiB)",
        f"  after 1 edit {f['rebuild']['seconds']:.3f} s ({f['rebuild']['queries']} queries, "
        f"{f['rebuild']['rendered']} VEVENT rendered)",
        f"  repeat       {f['repeat']['seconds']:.3f} s",
        f"  poll (304)   {f['poll']['seconds'] * 1000:.2f} ms ({f['poll']['queries']} queries, "
        f"status {f['poll']['status']})",
    ]
    if not f["smoke"]:
        for target, entry in f["targets"].items():
            verdict = "met" if entry["met"] else "NOT MET"
            lines.append(
                f"  target {target:<16} ≤ {entry['limit']}: {entry['measured']} "
                f"(×{entry['ratio']} of the limit) {verdict}"
            )
    return "\n".join(lines)


class _Queries:
    """Counts the queries run inside (an execute wrapper: exact however many there are)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


class _CountingSets:
    """Counts the VEVENT chunks a request stores (the ones it rendered): wraps `set_many`."""

    def __init__(self):
        self.stored = 0

    def __enter__(self):
        self.original = cache.set_many

        def set_many(data, *args, **kwargs):
            self.stored += sum(1 for key in data if key.startswith("ics:ve:"))
            return self.original(data, *args, **kwargs)

        cache.set_many = set_many
        return self

    def __exit__(self, *exc):
        del cache.set_many


@benchmark("itinerary_feed", summary=_summary)
def itinerary_feed(config: Config) -> dict:
    items = SMOKE_ITEMS if config.smoke else ITEMS
    path = seed_feed(items)
    client = Client()
    # Not timed: the first request of the process imports the URLconf and the views.
    client.get("/bench/trivial/")
    cache.clear()
    with _Queries() as first:
        seconds, status, size = _timed(client, path)
    if status != 200:
        raise BenchmarkError(f"GET {path} answered {status}")
    full_queries = first.count
    # One item changes (through its service, as an organiser's edit would).
    item = ItineraryItem.objects.order_by("pk")[items // 2]
    itinerary_item_update(item=item, actor=None, title=f"{item.title} (flyttad)")
    with _Queries() as rebuilt, _CountingSets() as sets:
        rebuild_seconds, rebuild_status, _ = _timed(client, path)
    if rebuild_status != 200:
        raise BenchmarkError(f"GET {path} after one change answered {rebuild_status}")
    repeat_seconds, _, _ = _timed(client, path)
    etag = client.get(path)["ETag"]
    poll_seconds = min(_timed(client, path, if_none_match=etag)[0] for _ in range(5))
    poll_status = client.get(path, headers={"if-none-match": etag}).status_code
    with _Queries() as captured:
        client.get(path, headers={"if-none-match": etag})
    figures = {
        "items": ItineraryItem.objects.count(),
        "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "smoke": config.smoke,
        "full": {"seconds": round(seconds, 4), "queries": full_queries, "bytes": size},
        "rebuild": {
            "seconds": round(rebuild_seconds, 4),
            "queries": rebuilt.count,
            "rendered": sets.stored,
        },
        "repeat": {"seconds": round(repeat_seconds, 4)},
        "poll": {
            "seconds": round(poll_seconds, 5),
            "queries": captured.count,
            "status": poll_status,
        },
    }
    figures["targets"] = _verdicts(figures)
    return figures
