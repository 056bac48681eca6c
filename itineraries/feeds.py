"""HTTP for calendar feeds: conditional requests (ETag/Last-Modified → 304) and headers.

The calendar's bytes are written by `ical` (`calendar_bytes` around cached VEVENT chunks);
this module decides which items (and, in a personal feed, meetings) a feed holds, answers
cheaply when nothing changed, and rebuilds only the part of a feed that did.
"""

import hashlib
from dataclasses import astuple

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.middleware import PRIVATE

from .ical import (
    CHUNK_CACHE_SECONDS,
    CHUNK_FORMAT,
    ITEM_FIELDS,
    calendar_bytes,
    chunks_from_cache,
    event_chunk,
    meeting_chunks,
    meeting_summary,
)
from .selectors import (
    FeedSegment,
    feed_segments,
    feed_version,
    items_for_user,
    items_public,
    meetings_for_user,
    trip_with_public_programme,
    user_for_calendar_key,
)

FEED_CACHE_SECONDS = 24 * 3600


def _feed_response(
    request,
    *,
    items,
    name: str,
    feed_key: str,
    filename: str,
    private: bool,
    changed_at=None,
    meetings=None,
    meeting_summary_for=None,
):
    # The version (and so the ETag, Last-Modified and the cache key) covers everything the feed
    # shows: its items, its meetings and its name (the trip's title, or the personal feed's in
    # its owner's language, in which its meetings are named too).
    version = feed_version(
        items, meetings=meetings, salt=f"{feed_key}|{name}", changed_at=changed_at
    )
    etag = quote_etag(version.etag)
    last_modified = int(version.last_modified.timestamp()) if version.last_modified else None
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if conditional is not None:  # 304 Not Modified (or 412 for If-Match)
        return conditional
    # Keep each version built; a new version is assembled from what did not change.
    cache_key = f"ics:{feed_key}:{version.etag}:{request.get_host()}"
    body = cache.get(cache_key)
    if body is None:
        body = _feed_body(
            request,
            items=items,
            name=name,
            feed_key=feed_key,
            meetings=meetings,
            meeting_summary_for=meeting_summary_for,
        )
        cache.set(cache_key, body, timeout=FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # A personal feed's URL is its key: no browser or proxy may keep it (core.middleware).
    response["Cache-Control"] = PRIVATE if private else "public, max-age=300"
    return response


def _segment_key(feed_key: str, segment: FeedSegment, url: str) -> str:
    tz = timezone.get_default_timezone()
    return (
        f"ics:seg:{CHUNK_FORMAT}:"
        + hashlib.blake2b(
            repr((tz.key, feed_key, url, astuple(segment))).encode(), digest_size=12
        ).hexdigest()
    )


def _feed_body(request, *, items, name, feed_key, meetings, meeting_summary_for) -> bytes:
    """The calendar, trip by trip: each trip's part of this feed (its items' VEVENTs) is
    cached under a key of its summary (`selectors.feed_segments`), so after one change only
    that trip's items are read, and of those only the changed one is rendered (every
    event's VEVENT is cached on its own, by a version of what it shows: `ical.EventChunk`).

    Queries: the segments, the items of the trips whose part is not cached (none when every
    part is), the meetings (a personal feed). Cache: the parts (`get_many`), the VEVENTs of
    those items and of the meetings (`get_many`), what was built (`set_many`)."""
    segments = feed_segments(items)
    urls = {
        s.trip_id: request.build_absolute_uri(reverse("trip_detail", kwargs={"slug": s.trip_slug}))
        for s in segments
    }
    keys = {s.trip_id: _segment_key(feed_key, s, urls[s.trip_id]) for s in segments}
    parts = cache.get_many(list(keys.values())) if keys else {}
    missing = [s.trip_id for s in segments if keys[s.trip_id] not in parts]
    rows = []
    if missing:
        rows = list(
            items.filter(trip_id__in=missing)
            .order_by("trip_id", "starts_at", "ends_at", "id")
            .values_list(*ITEM_FIELDS, named=True)
        )
    meeting_list = list(meetings.order_by("starts_at", "pk")) if meetings is not None else []
    for meeting in meeting_list:
        urls.setdefault(
            meeting.trip_id, request.build_absolute_uri(meeting.trip.get_absolute_url())
        )
    meeting_part = meeting_chunks(
        meeting_list, url_for=lambda m: urls[m.trip_id], summary_for=meeting_summary_for
    )
    chunks = [event_chunk(item, url=urls[item.trip_id]) for item in rows]
    bodies, store = chunks_from_cache([*chunks, *meeting_part], cache)
    built = {keys[trip_id]: [] for trip_id in missing}
    for item, body in zip(rows, bodies, strict=False):
        built[keys[item.trip_id]].append(body)
    for key, pieces in built.items():
        parts[key] = store[key] = b"".join(pieces)
    if store:
        cache.set_many(store, timeout=CHUNK_CACHE_SECONDS)
    starts = [s.first_start for s in segments] + [c.starts_at for c in meeting_part]
    ends = [s.last_end for s in segments] + [c.ends_at for c in meeting_part]
    return calendar_bytes(
        name=name,
        feed_key=feed_key,
        parts=[*(parts[keys[s.trip_id]] for s in segments), *bodies[len(chunks) :]],
        first=min(starts, default=None),
        last=max(ends, default=None),
    )


@require_safe
def trip_feed(request, slug: str):
    trip = trip_with_public_programme(slug)
    if trip is None:
        raise Http404
    return _feed_response(
        request,
        items=items_public(trip=trip),
        name=trip.title,
        feed_key=f"trip:{trip.pk}",
        filename=f"{trip.slug}.ics",
        private=False,
        changed_at=trip.updated_at,
    )


@require_safe
def personal_feed(request, key: str):
    owner = user_for_calendar_key(key)
    if owner is None:
        raise Http404
    user = owner.user
    # A calendar app fetches the feed without saying a language: it is in its owner's.
    with translation.override(user.language or settings.LANGUAGE_CODE):
        name = _("Jämtland Calling: my programme")
        return _feed_response(
            request,
            items=items_for_user(user, employer_member=owner.employer_member),
            meetings=meetings_for_user(user, employer_member=owner.employer_member),
            # The candidate sees whom they meet; the employer's members, which candidate.
            meeting_summary_for=lambda meeting: meeting_summary(
                meeting, for_candidate=meeting.application.candidate.user_id == user.pk
            ),
            name=name,
            feed_key=f"user:{user.pk}",
            filename="jamtland-calling.ics",
            private=True,
        )
