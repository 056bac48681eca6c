"""Pure functions that build RFC 5545 calendars from programme items (icalendar 7).

Stable output: PRODID, calendar UID and every event UID are fixed; DTSTAMP and LAST-MODIFIED
are the item's last change, so the same data always serialises to the same bytes.
"""

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from .models import ItineraryItem

PRODID = "-//Jamtland Calling//Itineraries 1.0//SV"
UID_DOMAIN = "jamtland-calling"
_NAMESPACE = uuid.UUID("6f1d8a4e-58b1-4f0c-9a55-6a7c2b0d9e11")


def calendar_uid(feed_key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, feed_key))


def event_uid(item: ItineraryItem) -> str:
    return f"{item.uid}@{UID_DOMAIN}"


def _location(item: ItineraryItem) -> str | None:
    parts = [p for p in (item.location_name, item.address) if p]
    return ", ".join(parts) or None


def build_event(item: ItineraryItem, *, url: str | None = None) -> Event:
    tz = timezone.get_default_timezone()
    event = Event.new(
        uid=event_uid(item),
        summary=item.title,
        description=item.description or None,
        start=item.starts_at.astimezone(tz),
        end=item.ends_at.astimezone(tz),
        stamp=item.updated_at,
        last_modified=item.updated_at,
        created=item.created_at,
        sequence=item.sequence,
        location=_location(item),
        status="CANCELLED" if item.cancelled else "CONFIRMED",
        url=url,
        categories=[item.kind],
    )
    if item.has_coordinates:
        event.add("geo", (float(item.latitude), float(item.longitude)))
    return event


def build_calendar(
    *,
    name: str,
    feed_key: str,
    items: Iterable[ItineraryItem],
    url_for=None,
) -> bytes:
    """Serialise `items` as one VCALENDAR with the Europe/Stockholm VTIMEZONE it needs.

    `url_for(item)` may give a public page for each item; it must never return secrets.
    The name is one line (NAME and X-WR-CALNAME cannot hold a line break, and a trip title
    may contain one).
    """
    calendar = Calendar.new(
        prodid=PRODID,
        uid=calendar_uid(feed_key),
        name=" ".join(name.split()),
        refresh_interval=timedelta(hours=1),
        method="PUBLISH",
    )
    calendar.add("x-published-ttl", "PT1H")
    first = last = None
    for item in items:
        calendar.add_component(build_event(item, url=url_for(item) if url_for else None))
        first = item.starts_at if first is None or item.starts_at < first else first
        last = item.ends_at if last is None or item.ends_at > last else last
    if first is not None:
        tz = timezone.get_default_timezone()
        # Whole years around the items, so the VTIMEZONE carries both yearly transitions.
        calendar.add_missing_timezones(
            first_date=date(first.astimezone(tz).year - 1, 1, 1),
            last_date=date(last.astimezone(tz).year + 1, 12, 31),
        )
    return calendar.to_ical()
