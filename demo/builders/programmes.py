from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from demo.builders import DemoSeed
from demo.data.trips import IT_TRIP, PROGRAMME
from demo.dates import local_datetime
from employers.models import Employer
from events.models import Trip
from itineraries.models import ItineraryItem


def programme_build(seed: DemoSeed, trips: dict[str, Trip]) -> None:
    """The IT trip's two days, with items for every audience and one cancelled item.
    Written directly (no change emails); existing items are left alone."""
    trip = trips[IT_TRIP.key]
    if ItineraryItem.objects.filter(trip=trip).exists():
        return
    day0 = timezone.localdate(trip.starts_at)
    visited = Employer.objects.filter(name="Frösö Kod AB").first()
    for offset, start, end, title, kind, audience, place, lat, lon, cancelled in PROGRAMME:
        if audience == "employer" and visited is None:
            continue
        day = day0 + timedelta(days=offset)
        ItineraryItem.objects.create(
            trip=trip,
            title=title,
            starts_at=local_datetime(day, *start),
            ends_at=local_datetime(day, *end),
            kind=kind,
            audience=audience,
            employer=visited if audience == "employer" else None,
            location_name=place,
            latitude=Decimal(lat) if lat else None,
            longitude=Decimal(lon) if lon else None,
            cancelled=cancelled,
        )
        seed.count("programme items")
