"""HTTP for calendar feeds: conditional requests (ETag/Last-Modified → 304) and headers.

The calendar itself is built by `ical.build_calendar`; this module only decides which items
(and, in a personal feed, meetings) a feed holds and answers cheaply when nothing changed.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.middleware import PRIVATE

from .ical import build_calendar, meeting_summary
from .selectors import (
    feed_version,
    items_for_user,
    items_public,
    meetings_for_user,
    trip_with_public_programme,
    user_for_calendar_key,
)

FEED_CACHE_SECONDS = 24 * 3600
ITEM_FEED_FIELDS = (
    "trip",
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
    # Keep each version built; a new version reuses every event's VEVENT from the cache but
    # those of the events that changed (ical.build_calendar).
    cache_key = f"ics:{feed_key}:{version.etag}:{request.get_host()}"
    body = cache.get(cache_key)
    if body is None:
        trip_urls: dict[int, str] = {}

        def url_for(event) -> str:  # one trip page per trip, not one `reverse` per event
            if event.trip_id not in trip_urls:
                trip_urls[event.trip_id] = request.build_absolute_uri(event.trip.get_absolute_url())
            return trip_urls[event.trip_id]

        body = build_calendar(
            name=name,
            feed_key=feed_key,
            # Only what the VEVENTs show: a feed can hold thousands of items.
            items=items.select_related("trip").only(*ITEM_FEED_FIELDS, "trip__slug"),
            url_for=url_for,
            meetings=meetings.order_by("starts_at", "pk") if meetings is not None else (),
            meeting_summary_for=meeting_summary_for,
            cache=cache,
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
    user = user_for_calendar_key(key)
    if user is None:
        raise Http404
    # A calendar app fetches the feed without saying a language: it is in its owner's.
    with translation.override(user.language or settings.LANGUAGE_CODE):
        name = _("Jämtland Calling: my programme")
        return _feed_response(
            request,
            items=items_for_user(user),
            meetings=meetings_for_user(user),
            # The candidate sees whom they meet; the employer's members, which candidate.
            meeting_summary_for=lambda meeting: meeting_summary(
                meeting, for_candidate=meeting.application.candidate.user_id == user.pk
            ),
            name=name,
            feed_key=f"user:{user.pk}",
            filename="jamtland-calling.ics",
            private=True,
        )
