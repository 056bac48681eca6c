from django import template

register = template.Library()


@register.inclusion_tag("itineraries/_trip_programme.html", takes_context=True)
def trip_programme(context, trip):
    """The trip page's programme section (filled in by the itineraries web work)."""
    return {"trip": trip, "request": context.get("request")}
