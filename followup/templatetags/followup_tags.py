from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from candidates.models import ApplicationStatus
from employers.models import BookingStatus
from events.models import TripStatus

from ..models import OutcomeResult

register = template.Library()


@register.inclusion_tag("followup/_feedback_link.html")
def feedback_link(application):
    """The candidate dashboard's link to the feedback form of a trip they attended. No
    query."""
    show = (
        application.status == ApplicationStatus.ATTENDED
        and application.trip.status != TripStatus.CANCELLED
    )
    return {"trip": application.trip, "show": show}


@register.filter
def rating(value) -> str:
    """An average rating as people read it in the current language: 4.5 / 4,5."""
    if value is None:
        return "—"
    return formats.number_format(value, decimal_pos=1)


@register.simple_tag
def result_counts(results: dict) -> str:
    """ "Hired 2 · Offer 1" in the order of the results; "—" for none."""
    parts = [
        f"{label} {results[value]}" for value, label in OutcomeResult.choices if results.get(value)
    ]
    return " · ".join(parts) if parts else _("none yet")


@register.inclusion_tag("followup/_outcomes_link.html")
def outcomes_link(booking):
    """The employer's bookings list: a link to the outcomes and feedback of a trip with a
    confirmed booking once the trip has started. No query."""
    show = booking.status == BookingStatus.CONFIRMED and booking.trip.starts_at <= timezone.now()
    return {"trip": booking.trip, "show": show}
