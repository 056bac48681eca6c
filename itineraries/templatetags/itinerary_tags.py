from django import template
from django.urls import reverse

from events.models import TripStatus

from ..maps import osm_short_url
from ..meeting_selectors import MEETING_APPLICATION_STATUSES
from ..selectors import items_public, programme_is_public

register = template.Library()


@register.filter
def osm_link(place) -> str:
    """The short OpenStreetMap link of an item with coordinates (`itineraries.maps`)."""
    return osm_short_url(place.latitude, place.longitude)


@register.filter
def webcal(url: str) -> str:
    """The subscribe form of a feed URL: calendar apps open webcal:// links themselves."""
    return "webcal://" + url.split("://", 1)[-1]


@register.inclusion_tag("itineraries/_trip_programme.html", takes_context=True)
def trip_programme(context, trip):
    """The trip page's programme: items for everyone, day by day (one query), feed links.

    The trip page's `can_manage` (the viewer organises this trip) adds the editor link.
    """
    request = context.get("request")
    feed_url = None
    if programme_is_public(trip) and request is not None:
        feed_url = request.build_absolute_uri(reverse("trip_feed", kwargs={"slug": trip.slug}))
    return {
        "trip": trip,
        "items": list(items_public(trip=trip)),
        "feed_url": feed_url,
        "can_manage": context.get("can_manage", False),
        "request": request,
    }


@register.inclusion_tag("itineraries/_meetings_link.html")
def meetings_link(application):
    """The candidate dashboard.s links to the page of an application.s meetings (wishes and
    schedule) and to their itinerary PDF, for a place on a trip that goes ahead. No query."""
    show = (
        application.status in MEETING_APPLICATION_STATUSES
        and application.trip.status != TripStatus.CANCELLED
    )
    return {"trip": application.trip, "show": show}
