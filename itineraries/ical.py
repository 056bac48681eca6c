"""Pure functions that build RFC 5545 calendars from programme items and meetings (icalendar 7).

Stable output: PRODID, calendar UID and every event UID are fixed; DTSTAMP and LAST-MODIFIED
are the item's last change, so the same data always serialises to the same bytes.

A feed is assembled from one chunk of bytes per VEVENT (`EventChunk`): icalendar writes the
VCALENDAR with its VTIMEZONE, and the events' chunks go in before its END line. A chunk is
written by `event_chunk` / `meeting_chunk` — the bytes icalendar's `Event.new(...).to_ical()`
gives (`build_event` / `build_meeting_event`, kept as the reference the tests compare with),
with icalendar's own value types for escaping, at a twentieth of the cost. Each chunk has a
`version`: a digest of everything it shows, so a cache (`build_calendar(cache=...)`) keeps
each rendered once and a feed rebuilt after one change renders only that one.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone
from icalendar.parser import Contentline

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


# What `event_chunk` reads of an item.
ITEM_FIELDS = (
    "trip_id",
    "uid",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location_name",
    "address",
    "latitude",
    "longitude",
    "kind",
    "cancelled",
    "sequence",
    "created_at",
    "updated_at",
)


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


class ChunkCache(Protocol):
    """The part of Django's cache API that `build_calendar` uses (one round trip each)."""

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]: ...

    def set_many(self, data: dict[str, Any], timeout: Any = ...) -> list: ...


# Part of every chunk's cache key: raise it whenever the chunk writer's output changes.
CHUNK_FORMAT = 1
CHUNK_CACHE_SECONDS = 30 * 24 * 3600
_FOOTER = b"END:VCALENDAR\r\n"
# Lines of fewer octets than this are never folded (icalendar folds at 75, RFC 5545).
_FOLD_LIMIT = 75


@dataclass(frozen=True)
class EventChunk:
    """One VEVENT to be: `version` names its bytes, `render()` writes them."""

    version: str
    starts_at: datetime
    ends_at: datetime
    render: Callable[[], bytes]

    @property
    def cache_key(self) -> str:
        return f"ics:ve:{CHUNK_FORMAT}:{self.version}"


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def _text(value: str) -> str:
    """TEXT escaping as icalendar's `vText(value).to_ical()` does it (order matters)."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _line(line: str) -> bytes:
    encoded = line.encode()
    if len(encoded) < _FOLD_LIMIT:
        return encoded + b"\r\n"
    return Contentline(line).to_ical() + b"\r\n"


def _local(value: datetime) -> str:
    tz = timezone.get_default_timezone()
    return f";TZID={tz.key}:{value.astimezone(tz):%Y%m%dT%H%M%S}"


def _utc(value: datetime) -> str:
    return f"{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _vevent(
    *,
    uid: str,
    summary: str,
    description: str | None,
    starts_at: datetime,
    ends_at: datetime,
    changed_at: datetime,
    created_at: datetime,
    sequence: int,
    categories: list[str],
    location: str | None,
    status: str,
    url: str | None,
    geo: tuple[float, float] | None = None,
) -> bytes:
    """The bytes of `Event.new(...).to_ical()` for these fields: icalendar's property order
    (its canonical ones first, the rest by name), value escaping and line folding."""
    stamp = _utc(changed_at)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(summary)}",
        f"DTSTART{_local(starts_at)}",
        f"DTEND{_local(ends_at)}",
        f"DTSTAMP:{stamp}",
        f"UID:{_text(uid)}",
        f"SEQUENCE:{sequence}",
        f"CATEGORIES:{','.join(_text(category) for category in categories)}",
        f"CREATED:{_utc(created_at)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_text(description)}")
    if geo is not None:
        lines.append(f"GEO:{geo[0]};{geo[1]}")
    lines.append(f"LAST-MODIFIED:{stamp}")
    if location is not None:
        lines.append(f"LOCATION:{_text(location)}")
    lines.append(f"STATUS:{status}")
    if url is not None:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return b"".join(_line(line) for line in lines)


def _item_fields(item: ItineraryItem, url: str | None) -> dict:
    has_coordinates = item.latitude is not None and item.longitude is not None
    geo = (float(item.latitude), float(item.longitude)) if has_coordinates else None
    return dict(
        uid=event_uid(item),
        summary=item.title,
        description=item.description or None,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        changed_at=item.updated_at,
        created_at=item.created_at,
        sequence=item.sequence,
        categories=[item.kind],
        location=_location(item),
        status="CANCELLED" if item.cancelled else "CONFIRMED",
        url=url,
        geo=geo,
    )


def _meeting_fields(meeting: Meeting, summary: str, url: str | None) -> dict:
    block = meeting.block
    return dict(
        uid=meeting_uid(meeting),
        summary=summary,
        description=block.title if block is not None else None,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        changed_at=meeting.updated_at,
        created_at=meeting.created_at,
        sequence=meeting.sequence,
        categories=["meeting"],
        location=_location(block) if block is not None else None,
        status="CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED",
        url=url,
    )


def _chunk(fields: dict) -> EventChunk:
    # The version is a digest of everything the VEVENT shows (and the time zone its times are
    # written in), so whatever changes it — the item, the URL's host, the language or the
    # reader a meeting is named for — makes a new chunk, and equal inputs share one.
    tz = timezone.get_default_timezone()
    return EventChunk(
        version=_digest(tz.key, *fields.values()),
        starts_at=fields["starts_at"],
        ends_at=fields["ends_at"],
        render=lambda: _vevent(**fields),
    )


def event_chunk(item: ItineraryItem, *, url: str | None = None) -> EventChunk:
    """The VEVENT of `item`: the bytes of `build_event(item, url=url).to_ical()`. `item` may
    also be a row with the same attributes (`values_list(*ITEM_FIELDS, named=True)`: a feed
    of thousands of items reads them without making models)."""
    return _chunk(_item_fields(item, url))


def meeting_chunk(meeting: Meeting, *, summary: str, url: str | None = None) -> EventChunk:
    """The VEVENT of `meeting`: the bytes of `build_meeting_event(...).to_ical()`."""
    return _chunk(_meeting_fields(meeting, summary, url))


def chunks_from_cache(
    chunks: list[EventChunk], cache: ChunkCache
) -> tuple[list[bytes], dict[str, bytes]]:
    """Each chunk's bytes, from `cache` where it holds them (one `get_many`), and the ones
    rendered here by their keys: the caller stores those (`set_many`, with whatever else it
    stores, so that a feed's build makes one round trip of each)."""
    found = cache.get_many([chunk.cache_key for chunk in chunks]) if chunks else {}
    rendered: dict[str, bytes] = {}
    out = []
    for chunk in chunks:
        key = chunk.cache_key
        body = found.get(key)
        if body is None:
            body = rendered.get(key) or chunk.render()
            rendered[key] = body
        out.append(body)
    return out, rendered


def chunk_bytes(chunks: list[EventChunk], cache: ChunkCache | None = None) -> list[bytes]:
    """Each chunk's bytes, rendered, or through `cache`: those it holds from there, the
    others rendered and stored."""
    if cache is None:
        return [chunk.render() for chunk in chunks]
    out, rendered = chunks_from_cache(chunks, cache)
    if rendered:
        cache.set_many(rendered, timeout=CHUNK_CACHE_SECONDS)
    return out


def calendar_bytes(
    *,
    name: str,
    feed_key: str,
    parts: Iterable[bytes],
    first: datetime | None = None,
    last: datetime | None = None,
) -> bytes:
    """The VCALENDAR around `parts` (VEVENTs' bytes, in order), with the VTIMEZONE for the
    years around `first`..`last` when there are events.

    The name is one line (NAME and X-WR-CALNAME cannot hold a line break, and a trip title
    may contain one)."""
    calendar = Calendar.new(
        prodid=PRODID,
        uid=calendar_uid(feed_key),
        name=" ".join(name.split()),
        refresh_interval=timedelta(hours=1),
        method="PUBLISH",
    )
    calendar.add("x-published-ttl", "PT1H")
    if first is not None and last is not None:
        tz = timezone.get_default_timezone()
        # Whole years around the items, so the VTIMEZONE carries both yearly transitions.
        first_year, last_year = first.astimezone(tz).year - 1, last.astimezone(tz).year + 1
        calendar.add_component(_vtimezone(tz.key, first_year, last_year))
    head = calendar.to_ical()
    assert head.endswith(_FOOTER)
    return b"".join([head[: -len(_FOOTER)], *parts, _FOOTER])


def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )


def build_calendar(
    *,
    name: str,
    feed_key: str,
    items: Iterable[ItineraryItem],
    url_for=None,
    meetings: Iterable[Meeting] = (),
    meeting_summary_for=None,
    cache: ChunkCache | None = None,
) -> bytes:
    """Serialise `items` and `meetings` as one VCALENDAR with the Europe/Stockholm VTIMEZONE
    it needs.

    `url_for(item_or_meeting)` may give a public page for each event; it must never return
    secrets. `meeting_summary_for(meeting)` names a meeting as its reader sees it (the other
    party). With `cache` (Django's cache API), each event's VEVENT is taken from there when it
    was rendered before and stored otherwise.
    """
    chunks = [event_chunk(item, url=url_for(item) if url_for else None) for item in items]
    chunks += meeting_chunks(meetings, url_for=url_for, summary_for=meeting_summary_for)
    return calendar_bytes(
        name=name,
        feed_key=feed_key,
        parts=chunk_bytes(chunks, cache),
        first=min((chunk.starts_at for chunk in chunks), default=None),
        last=max((chunk.ends_at for chunk in chunks), default=None),
    )


def meeting_chunks(meetings: Iterable[Meeting], *, url_for=None, summary_for=None) -> list:
    """The chunks of `meetings`, each named by `summary_for(meeting)` (as the employer's
    members see it by default)."""
    chunks = []
    for meeting in meetings:
        summary = (
            summary_for(meeting) if summary_for else meeting_summary(meeting, for_candidate=False)
        )
        url = url_for(meeting) if url_for else None
        chunks.append(meeting_chunk(meeting, summary=summary, url=url))
    return chunks
