from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from itineraries.models import ItineraryItem

from ..factories import TripFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def october_trip(organisation):
    """A published trip over the last weekend of October 2030 (DST ends Sun 27 Oct 03:00)."""
    return TripFactory(
        organisation=organisation,
        status="published",
        slug="hostresan",
        title="Höstresan",
        starts_at=local(2030, 10, 26, 8, 0),
        ends_at=local(2030, 10, 27, 18, 0),
        application_deadline=local(2030, 10, 1, 12, 0),
    )


def make_item(trip, **fields) -> ItineraryItem:
    start = fields.pop("starts_at", trip.starts_at + timedelta(hours=1))
    defaults = dict(
        title="Fika",
        starts_at=start,
        ends_at=fields.pop("ends_at", start + timedelta(hours=1)),
        kind="meal",
        audience="everyone",
    )
    defaults.update(fields)
    return ItineraryItem.objects.create(trip=trip, **defaults)
