"""Pure functions that build RFC 5545 calendars from programme items and meetings (icalendar 7).

Stable output: PRODID, calendar UID and every event UID are fixed; DTSTAMP and LAST-MODIFIED
are the item's last change, so the same data always serialises to the same bytes.
"""

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import ItineraryItem, Meeting, MeetingStatus

PRODID = "-//Jamtland Calling//Itineraries 1.0//SV"
UID_DOMAIN = "jamtland-calling"
_NAMESPACE = uuid.UUID("6f1d8a4e-58b1-4f0c-9a55-6a7c2b0d9e11")


def calendar_uid(feed_key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, feed_key))


def event_uid(item: ItineraryItem) -> str:
    return f"{item.uid}@{UID_DOMAIN}"


def meeting_uid(meeting: Meeting) -> str:
    """A meeting's own UID: `Meeting.uid` in a namespace of its own, never an item's."""
    return f"meeting-{meeting.uid}@{UID_DOMAIN}"


def meeting_summary(meeting: Meeting, *, for_candidate: bool) -> str:
    """ "Meeting: Åre Data (table 2)" for the candidate, the candidate's name for the employer,
    in the active language."""
    other = meeting.employer.name if for_candidate else meeting.application.candidate.name
    return _("Meeting: %(other)s (table %(table)s)") % {"other": other, "table": meeting.table}


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


def build_meeting_event(meeting: Meeting, *, summary: str, url: str | None = None) -> Event:
    """A meeting as an event at its block's place; a cancelled one stays, CANCELLED."""
    tz = timezone.get_default_timezone()
    block = meeting.block
    return Event.new(
        uid=meeting_uid(meeting),
        summary=summary,
        description=block.title if block is not None else None,
        start=meeting.starts_at.astimezone(tz),
        end=meeting.ends_at.astimezone(tz),
        stamp=meeting.updated_at,
        last_modified=meeting.updated_at,
        created=meeting.created_at,
        sequence=meeting.sequence,
        location=_location(block) if block is not None else None,
        status="CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED",
        url=url,
        categories=["meeting"],
    )


def build_calendar(
    *,
    name: str,
    feed_key: str,
    items: Iterable[ItineraryItem],
    url_for=None,
    meetings: Iterable[Meeting] = (),
    meeting_summary_for=None,
) -> bytes:
    """Serialise `items` and `meetings` as one VCALENDAR with the Europe/Stockholm VTIMEZONE
    it needs.

    `url_for(item_or_meeting)` may give a public page for each event; it must never return
    secrets. `meeting_summary_for(meeting)` names a meeting as its reader sees it (the other
    party). The name is one line (NAME and X-WR-CALNAME cannot hold a line break, and a trip
    title may contain one).
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
    events: list[tuple[ItineraryItem | Meeting, Event]] = [
        (item, build_event(item, url=url_for(item) if url_for else None)) for item in items
    ]
    for meeting in meetings:
        summary = (
            meeting_summary_for(meeting)
            if meeting_summary_for
            else meeting_summary(meeting, for_candidate=False)
        )
        url = url_for(meeting) if url_for else None
        events.append((meeting, build_meeting_event(meeting, summary=summary, url=url)))
    for source, event in events:
        calendar.add_component(event)
        first = source.starts_at if first is None or source.starts_at < first else first
        last = source.ends_at if last is None or source.ends_at > last else last
    if first is not None:
        tz = timezone.get_default_timezone()
        # Whole years around the items, so the VTIMEZONE carries both yearly transitions.
        calendar.add_missing_timezones(
            first_date=date(first.astimezone(tz).year - 1, 1, 1),
            last_date=date(last.astimezone(tz).year + 1, 12, 31),
        )
    return calendar.to_ical()
