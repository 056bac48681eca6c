"""Web pages of the programme: the organisers' editor and the personal calendar page.

The trip page's public programme is the `trip_programme` inclusion tag. Feeds are in feeds.py.
Each view: form validates, one service acts, a domain error becomes a form error or message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .selectors import (
    calendar_token_active,
)
from .services import (
    calendar_token_regenerate,
    calendar_token_revoke,
)


@login_required
def my_calendar(request):
    token = calendar_token_active(request.user)
    feed_url = None
    if token is not None:
        path = reverse("personal_feed", kwargs={"key": token.key})
        feed_url = request.build_absolute_uri(path)
    return render(request, "itineraries/my_calendar.html", {"feed_url": feed_url})


@require_POST
@login_required
def my_calendar_regenerate(request):
    had_link = calendar_token_active(request.user) is not None
    calendar_token_regenerate(user=request.user)
    if had_link:
        messages.success(
            request,
            _(
                "You have a new calendar link. The old one no longer works: replace it in "
                "your calendar apps."
            ),
        )
    else:
        messages.success(request, _("Your calendar link is ready. Add it to your calendar app."))
    return redirect("my_calendar")


@require_POST
@login_required
def my_calendar_revoke(request):
    calendar_token_revoke(user=request.user)
    messages.success(
        request, _("Your calendar link is turned off. Calendars that used it stop updating.")
    )
    return redirect("my_calendar")
