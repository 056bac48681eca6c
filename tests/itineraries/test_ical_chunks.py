"""The VEVENT chunks of `ical`: the same bytes as icalendar's own serialisation, assembled into
the same calendar, with and without a cache (no database: unsaved items and meetings)."""

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone
from icalendar import Calendar

from events.models import Trip
from itineraries import ical
from itineraries.models import ItineraryItem, Meeting

# Characters that exercise escaping (\ ; , newlines, \N) and folding (multi-byte UTF-8).
ALPHABET = 'aåäöÅ;,\\\n\r:"é€😀 N' + "x" * 12
T0 = datetime(2031, 3, 30, 0, 30, 7, 123456, tzinfo=UTC)  # DST starts that night


def _text(rnd: random.Random, longest: int) -> str:
    return "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, longest)))


def _items(count: int, seed: int = 15) -> list[ItineraryItem]:
    rnd = random.Random(seed)
    trip = Trip(pk=1, slug="varresan", title="Vårresan")
    items = []
    for n in range(count):
        start = T0 + timedelta(minutes=41 * n)
        items.append(
            ItineraryItem(
                pk=n + 1,
                trip=trip,
                uid=uuid.UUID(int=rnd.getrandbits(128)),
                title=_text(rnd, 160) or "Fika",
                description=_text(rnd, 260),
                starts_at=start,
                ends_at=start + timedelta(minutes=rnd.randint(5, 600)),
                location_name=_text(rnd, 50),
                address=_text(rnd, 90),
                latitude=Decimal("63.398900") if n % 2 else None,
                longitude=Decimal("-13.081200") if n % 2 else None,
                kind=rnd.choice(["travel", "meal", "free_time"]),
                cancelled=n % 7 == 0,
                sequence=n % 5,
                created_at=T0 - timedelta(days=3, microseconds=n),
                updated_at=T0 + timedelta(seconds=n, microseconds=n),
            )
        )
    return items


def _meetings(items: list[ItineraryItem]) -> list[Meeting]:
    meetings = []
    for n, block in enumerate(items[:40]):
        meetings.append(
            Meeting(
                pk=n + 1,
                trip=block.trip,
                block=block if n % 3 else None,
                uid=uuid.UUID(int=n + 99),
                starts_at=block.starts_at,
                ends_at=block.starts_at + timedelta(minutes=20),
                table=n % 4 + 1,
                status="cancelled" if n % 5 == 0 else "scheduled",
                sequence=n,
                created_at=block.created_at,
                updated_at=block.updated_at,
            )
        )
    return meetings


def _reference_calendar(items, meetings, *, name: str, feed_key: str) -> bytes:
    """The whole calendar as icalendar builds it, event by event (the build before chunks)."""
    calendar = Calendar.new(
        prodid=ical.PRODID,
        uid=ical.calendar_uid(feed_key),
        name=" ".join(name.split()),
        refresh_interval=timedelta(hours=1),
        method="PUBLISH",
    )
    calendar.add("x-published-ttl", "PT1H")
    for item in items:
        calendar.add_component(ical.build_event(item, url="https://example.test/trips/x/"))
    for meeting in meetings:
        summary = f"Möte, bord {meeting.table}"
        calendar.add_component(ical.build_meeting_event(meeting, summary=summary))
    sources = [*items, *meetings]
    tz = timezone.get_default_timezone()
    first = min(s.starts_at for s in sources).astimezone(tz)
    last = max(s.ends_at for s in sources).astimezone(tz)
    calendar.add_missing_timezones(
        first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 1, 12, 31)
    )
    return calendar.to_ical()


def _build(items, meetings, *, cache=None) -> bytes:
    return ical.build_calendar(
        name="Min\nkalender",
        feed_key="user:7",
        items=items,
        url_for=lambda event: "https://example.test/trips/x/" if event in items else None,
        meetings=meetings,
        meeting_summary_for=lambda meeting: f"Möte, bord {meeting.table}",
        cache=cache,
    )


class _CountingCache(LocMemCache):
    """Django's in-memory cache, counting the keys it was asked for and the ones it stored."""

    def __init__(self):
        super().__init__("test-ical-chunks", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self.asked = self.stored = 0

    def get_many(self, keys, version=None):
        keys = list(keys)
        self.asked += len(keys)
        return super().get_many(keys, version=version)

    def set_many(self, data, timeout=None, version=None):
        self.stored += len(data)
        return super().set_many(data, timeout=timeout, version=version)


def test_event_chunk_bytes_equal_icalendar_serialisation():
    for item in _items(400):
        url = "https://example.test/trips/varresan/?a=1,2;b" if item.pk % 2 else None
        assert ical.event_chunk(item, url=url).render() == ical.build_event(item, url=url).to_ical()


def test_meeting_chunk_bytes_equal_icalendar_serialisation():
    for meeting in _meetings(_items(40)):
        summary = f"Meeting: Åre Data, {meeting.table}; bord" * (meeting.pk % 4)
        chunk = ical.meeting_chunk(meeting, summary=summary, url="https://example.test/m/")
        reference = ical.build_meeting_event(
            meeting, summary=summary, url="https://example.test/m/"
        )
        assert chunk.render() == reference.to_ical()


def test_assembled_calendar_equals_icalendar_build_and_parses_back():
    items = _items(120)
    meetings = _meetings(items)
    built = _build(items, meetings)
    reference = _reference_calendar(items, meetings, name="Min\nkalender", feed_key="user:7")
    assert built == reference
    parsed = Calendar.from_ical(built)
    assert [e["UID"] for e in parsed.events] == [
        *(ical.event_uid(i) for i in items),
        *(ical.meeting_uid(m) for m in meetings),
    ]
    assert parsed.to_ical() == Calendar.from_ical(reference).to_ical()
    # Every line ends in CRLF, and none is longer than 75 octets (folded at the joins too).
    assert built.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    lines = built.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


def test_cached_build_equals_uncached_and_renders_each_event_once():
    items = _items(60)
    meetings = _meetings(items)
    cache = _CountingCache()
    first = _build(items, meetings, cache=cache)
    assert first == _build(items, meetings)
    assert (cache.asked, cache.stored) == (100, 100)
    again = _build(items, meetings, cache=cache)
    assert again == first
    assert cache.stored == 100  # nothing rendered the second time
    moved = items[50]  # not the block of any meeting (a block's title is its meetings' too)
    moved.title = "Flyttad middag"
    moved.sequence += 1
    moved.updated_at += timedelta(minutes=1)
    changed = _build(items, meetings, cache=cache)
    assert cache.stored == 101  # the one changed event
    assert b"SUMMARY:Flyttad middag\r\n" in changed
    assert changed == _build(items, meetings)


def test_chunk_version_covers_language_and_reader():
    meeting = _meetings(_items(3))[1]
    as_candidate = ical.meeting_chunk(meeting, summary="Meeting: Åre Data (table 2)")
    as_employer = ical.meeting_chunk(meeting, summary="Meeting: Anna Berg (table 2)")
    in_swedish = ical.meeting_chunk(meeting, summary="Möte: Åre Data (bord 2)")
    assert len({as_candidate.cache_key, as_employer.cache_key, in_swedish.cache_key}) == 3
    item = _items(1)[0]
    assert (
        ical.event_chunk(item, url="https://a.test/").cache_key
        != ical.event_chunk(item, url="https://b.test/").cache_key
    )
