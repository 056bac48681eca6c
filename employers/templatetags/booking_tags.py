from django import template
from django.utils import timezone

from .. import payments
from ..models import BookingStatus
from ..selectors import booking_active_of_employer, employers_coming_on_trip, trip_slots_left
from ..views import current_employer

register = template.Library()


@register.inclusion_tag("employers/_trip_booking_panel.html", takes_context=True)
def trip_booking_panel(context, trip):
    """The trip page's panel for employers: slots left, price, refund cut-off, and the
    member's booking or a Book button. Anonymous visitors get a hint to log in; other
    logged-in users (candidates, organisers) see nothing."""
    request = context.get("request")
    user = getattr(request, "user", None)
    panel = {"trip": trip, "request": request, "anonymous": not (user and user.is_authenticated)}
    employer = None if panel["anonymous"] else current_employer(request)
    if employer is None:
        return panel
    now = timezone.now()
    slots_left = trip_slots_left(trip, now=now)
    booking = booking_active_of_employer(employer, trip, now=now)
    panel.update(
        employer=employer,
        slots_left=slots_left,
        booking=booking,
        BookingStatus=BookingStatus,
        stripe=payments.stripe_enabled(),
    )
    return panel


@register.inclusion_tag("employers/_trip_employers.html")
def trip_employers(trip):
    """The trip page's "who is coming": employers whose booking is confirmed, with logo,
    description and open roles (what their profile page promises candidates see)."""
    return {"employers": list(employers_coming_on_trip(trip))}
