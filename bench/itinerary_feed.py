"""A personal calendar feed with 5,000 items: a full build, and a repeated poll (304).

Figures: seconds and queries for the first full request (build and serialise), for a
repeated unconditional request (a client that does not cache: the built feed comes from the
server's cache), and for a conditional poll with the ETag (304).
"""

import time
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import Application, Candidate
from core.models import User
from events.models import Organisation, Sector, Trip, TripStatus
from itineraries.models import ItineraryItem
from itineraries.services import calendar_token_regenerate

from .measure import BenchmarkError
from .registry import Config, benchmark

ITEMS = 5_000
SMOKE_ITEMS = 20
TRIPS = 50


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
    now = timezone.now()
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
            published_at=now,
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


@benchmark(
    "itinerary_feed",
    summary=lambda name, f: (
        f"{name}: {f['items']} items — full build {f['full']['seconds']:.3f} s "
        f"({f['full']['queries']} queries, {f['full']['bytes'] / 1024:.0f} KiB), "
        f"repeat {f['repeat']['seconds']:.3f} s, "
        f"poll with ETag {f['poll']['seconds'] * 1000:.2f} ms "
        f"({f['poll']['queries']} queries, status {f['poll']['status']})"
    ),
)
def itinerary_feed(config: Config) -> dict:
    items = SMOKE_ITEMS if config.smoke else ITEMS
    path = seed_feed(items)
    client = Client()
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        seconds, status, size = _timed(client, path)
    if status != 200:
        raise BenchmarkError(f"GET {path} answered {status}")
    full_queries = len(first.captured_queries)
    repeat_seconds, _, _ = _timed(client, path)
    etag = client.get(path)["ETag"]
    poll_seconds, poll_status, _ = _timed(client, path, if_none_match=etag)
    with CaptureQueriesContext(connection) as captured:
        client.get(path, headers={"if-none-match": etag})
    return {
        "items": ItineraryItem.objects.count(),
        "full": {"seconds": round(seconds, 4), "queries": full_queries, "bytes": size},
        "repeat": {"seconds": round(repeat_seconds, 4)},
        "poll": {
            "seconds": round(poll_seconds, 5),
            "queries": len(captured.captured_queries),
            "status": poll_status,
        },
    }
