from django import template

from packs.selectors import pack_access

register = template.Library()


@register.inclusion_tag("packs/_pack_link.html", takes_context=True)
def trip_pack_link(context, trip):
    """A link to the candidate pack for those who may open it (organisers, booked employers)."""
    request = context.get("request")
    access = pack_access(trip, getattr(request, "user", None)) if trip.published_at else None
    return {"trip": trip, "access": access}
