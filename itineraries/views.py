"""Web pages of the programme: the organisers' editor, the personal calendar page and one's
printable meeting schedule.

The trip page's public programme is the `trip_programme` inclusion tag. Feeds are in feeds.py.
Each view: form validates, one service acts, a domain error becomes a form error or message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .meeting_documents import (
    meeting_schedule_filename,
    meeting_schedule_for_application,
    meeting_schedule_for_employer,
    meeting_schedule_pdf,
)
from .meeting_selectors import meeting_application_of, meeting_employer_of
from .selectors import (
    calendar_token_active,
    trip_with_public_programme,
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


def meeting_schedule_response(schedule) -> HttpResponse:
    """The printable schedule as a PDF to open (or save) in the browser; personal data, so
    never kept by a cache (the middleware marks it private for the logged-in reader)."""
    response = HttpResponse(meeting_schedule_pdf(schedule), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{meeting_schedule_filename(schedule)}"'
    return response


@login_required
def my_meetings_pdf(request, slug):
    """The logged-in employer member's (their employer's) or candidate's own schedule of the
    trip; 404 for anybody without meetings there to have."""
    trip = trip_with_public_programme(slug)
    if trip is None:
        raise Http404
    employer = meeting_employer_of(request.user, trip)
    if employer is not None:
        return meeting_schedule_response(
            meeting_schedule_for_employer(trip=trip, employer=employer)
        )
    application = meeting_application_of(request.user, trip)
    if application is None:
        raise Http404
    return meeting_schedule_response(
        meeting_schedule_for_application(trip=trip, application=application)
    )
