from django import template

from events.models import TripStatus

from ..selectors import application_of_candidate_for_trip, candidate_of, places_left

register = template.Library()


@register.inclusion_tag("candidates/_trip_apply_panel.html", takes_context=True)
def trip_apply_panel(context, trip):
    """The trip page's panel for candidates: places left, deadline, Apply button or the
    candidate's own application status, log-in hints for visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    published = trip.status == TripStatus.PUBLISHED
    candidate = candidate_of(user) if published else None
    return {
        "trip": trip,
        "request": request,
        "published": published,
        "places_left": places_left(trip) if published else None,
        "is_open": trip.is_open_for_applications,
        "authenticated": bool(user and user.is_authenticated),
        "is_candidate": candidate is not None,
        "application": application_of_candidate_for_trip(candidate, trip),
    }
