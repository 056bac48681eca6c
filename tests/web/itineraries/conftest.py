from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from itineraries.models import ItineraryItem
from tests.factories import TripFactory
from tests.itineraries.conftest import meeting_world  # noqa: F401 -- the meetings scenario

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def make_item(trip, title: str, starts_at: datetime, ends_at: datetime, **fields):
    """An item as it is stored (arrange step; the services are tested on their own)."""
    fields = {"kind": "activity", "audience": "everyone", **fields}
    return ItineraryItem.objects.create(
        trip=trip, title=title, starts_at=starts_at, ends_at=ends_at, **fields
    )


@pytest.fixture
def trip(organisation):
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


@pytest.fixture
def programme(trip):
    """Two days, stored out of order; one item cancelled, one for employers only."""
    return {
        "bus": make_item(
            trip,
            "Buss till Åre",
            local(2030, 10, 27, 9, 0),
            local(2030, 10, 27, 10, 30),
            kind="travel",
            location_name="Östersund C",
            address="Strandgatan 2, Östersund",
        ),
        "welcome": make_item(
            trip,
            "Välkomstfika",
            local(2030, 10, 26, 8, 30),
            local(2030, 10, 26, 9, 0),
            kind="meal",
            location_name="Storsjöteatern",
            latitude="63.179000",
            longitude="14.636000",
        ),
        "sauna": make_item(
            trip,
            "Bastu vid Storsjön",
            local(2030, 10, 26, 20, 0),
            local(2030, 10, 26, 21, 0),
            cancelled=True,
        ),
        "briefing": make_item(
            trip,
            "Genomgång för arbetsgivare",
            local(2030, 10, 26, 10, 0),
            local(2030, 10, 26, 11, 0),
            kind="meetings",
            audience="employers",
        ),
        # 00:30 in Stockholm is still the previous day in UTC: it belongs to Sunday.
        "night": make_item(
            trip,
            "Norrsken",
            local(2030, 10, 27, 0, 30),
            local(2030, 10, 27, 1, 30),
            kind="free_time",
        ),
    }
