"""Web pages of the programme: the personal calendar page and the employers' meeting grid.

The trip page's public programme is the `trip_programme` inclusion tag. Feeds are in feeds.py.
Each view: form validates, one service acts, a domain error becomes a form error or message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from events.models import Trip

from .meeting_forms import MeetingAddForm
from .meeting_selectors import (
    meeting_employer_of,
    meeting_grid,
    meeting_settings_of,
    meetings_of_trip,
)
from .meetings import meeting_book, meeting_cancel
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


# The employers' meeting grid ------------------------------------------------------------


def _meeting_employer(request, slug: str):
    """The trip and the user's employer with a confirmed booking on it; 404 for anybody
    else (organisers use the back office's grid)."""
    trip = get_object_or_404(Trip, slug=slug)
    employer = meeting_employer_of(request.user, trip)
    if employer is None:
        raise Http404
    return trip, employer


@login_required
def meeting_grid_page(request, slug: str):
    """The employer's tables × the trip's slots: their meetings, and while self-booking is
    open the candidates free at each free cell, to book with one click."""
    trip, employer = _meeting_employer(request, slug)
    settings = meeting_settings_of(trip)
    grid = meeting_grid(trip, employer=employer, settings=settings)
    context = {
        "trip": trip,
        "employer": employer,
        "grid": grid,
        "can_book": settings.self_booking,
        "meetings": list(meetings_of_trip(trip).filter(employer=employer).order_by("starts_at")),
    }
    return render(request, "itineraries/meeting_grid.html", context)


def _to_employer_grid(trip):
    return redirect(reverse("meeting_grid", kwargs={"slug": trip.slug}) + "#grid")


@require_POST
@login_required
def meeting_grid_book(request, slug: str):
    trip, employer = _meeting_employer(request, slug)
    form = MeetingAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a candidate for a free cell of the grid."))
        return _to_employer_grid(trip)
    starts_at, table = form.place()
    try:
        meeting = meeting_book(
            trip=trip,
            actor=request.user,
            employer=employer,
            application_id=form.cleaned_data["application"],
            starts_at=starts_at,
            table=table,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You meet %(candidate)s at %(time)s.")
            % {
                "candidate": meeting.application.candidate.name,
                "time": timezone.localtime(meeting.starts_at).strftime("%H:%M"),
            },
        )
    return _to_employer_grid(trip)


@require_POST
@login_required
def meeting_grid_cancel(request, slug: str, meeting_id: int):
    trip, employer = _meeting_employer(request, slug)
    meeting = meetings_of_trip(trip).filter(pk=meeting_id, employer=employer).first()
    if meeting is None:
        raise Http404
    if not meeting_settings_of(trip).self_booking:
        messages.error(
            request,
            _("The organiser has closed meeting booking: ask them to change your meetings."),
        )
        return _to_employer_grid(trip)
    meeting_cancel(meeting=meeting, actor=request.user)
    messages.success(
        request,
        _("Your meeting with %(candidate)s is cancelled.")
        % {"candidate": meeting.application.candidate.name},
    )
    return _to_employer_grid(trip)
