from django import template

register = template.Library()


@register.inclusion_tag("employers/_trip_booking_panel.html", takes_context=True)
def trip_booking_panel(context, trip):
    """The trip page's panel for employers: slots left, price, Book button."""
    return {"trip": trip, "request": context.get("request")}
