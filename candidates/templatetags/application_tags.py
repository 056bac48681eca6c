from django import template

register = template.Library()


@register.inclusion_tag("candidates/_trip_apply_panel.html", takes_context=True)
def trip_apply_panel(context, trip):
    """The trip page's panel for candidates: places left, deadline, Apply button."""
    return {"trip": trip, "request": context.get("request")}
