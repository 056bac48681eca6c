"""Web pages of the programme: the personal calendar page, people's own meetings, their
printable meeting schedule and the employers' meeting grid.

The trip page's public programme is the `trip_programme` inclusion tag. Feeds are in feeds.py.
Each view: form validates, one service acts, a domain error becomes a form error or message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.documents import document_response
from core.exceptions import ApplicationError
from core.forms import add_domain_error, form_data
from events.models import Trip

from .documents import personal_itinerary_document, programme_document
from .forms import CandidateWishesForm
from .meeting_documents import (
    meeting_schedule_filename,
    meeting_schedule_for_application,
    meeting_schedule_for_employer,
    meeting_schedule_pdf,
)
from .meeting_forms import MeetingAddForm
from .meeting_selectors import (
    is_trip_organiser,
    meeting_application_of,
    meeting_employer_of,
    meeting_employers,
    meeting_grid,
    meeting_place_of,
    meeting_settings_of,
    meetings_of_trip,
    meetings_visible_to,
    preferences_by_pair,
)
from .meetings import meeting_book, meeting_cancel, meeting_preferences_set
from .models import PreferenceSide
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


@login_required
@require_http_methods(["GET", "POST"])
def my_meetings(request, slug):
    """One trip's meetings for the person opening it: a candidate with a place marks the
    trip's employers and sees their meetings; an employer's member sees theirs, by time.
    Organisers are sent to the back office's wishes; anybody else gets 404."""
    trip = Trip.objects.filter(slug=slug).select_related("organisation").first()
    if trip is None:
        raise Http404
    if is_trip_organiser(request.user, trip):
        return redirect("manage:trip_meeting_wishes", slug=trip.slug)
    settings = meeting_settings_of(trip)
    context = {"trip": trip, "published": settings.published_at is not None}
    employer = meeting_employer_of(request.user, trip)
    if employer is not None:
        meetings = meetings_visible_to(request.user, trip).filter(employer=employer)
        context.update(employer=employer, meetings=list(meetings))
        return render(request, "itineraries/my_meetings_employer.html", context)
    application = meeting_place_of(request.user, trip)
    if application is None:
        raise Http404
    context["application"] = application
    if application.share_consent_at is None:
        return render(request, "itineraries/my_meetings_candidate.html", context)
    employers = list(meeting_employers(trip))
    wishes = {
        employer_id: sides[PreferenceSide.CANDIDATE]
        for (_application_id, employer_id), sides in preferences_by_pair(
            trip, application_ids=[application.pk]
        ).items()
        if PreferenceSide.CANDIDATE in sides
    }
    form = CandidateWishesForm(*form_data(request), employers=employers, wishes=wishes)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_preferences_set(
                trip=trip, actor=request.user, wishes=form.wishes_for(application.pk)
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your meeting wishes are saved."))
            return redirect("my_meetings", slug=trip.slug)
    meetings = meetings_visible_to(request.user, trip).filter(application=application)
    context.update(form=form, meetings=list(meetings))
    return render(request, "itineraries/my_meetings_candidate.html", context)


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


# Itinerary PDFs (built off the request: itineraries.documents) ---------------------------


@require_safe
def trip_programme_pdf(request, slug):
    """The printable programme of a published trip, in the reader's language (public)."""
    trip = trip_with_public_programme(slug)
    if trip is None:
        raise Http404
    return document_response(request, programme_document(trip, language=translation.get_language()))


@login_required
@require_safe
def my_itinerary_pdf(request, slug):
    """The logged-in participant's own itinerary of the trip (a candidate with a place, or
    a member of an employer with a confirmed booking); 404 for anybody else."""
    trip = trip_with_public_programme(slug)
    prepared = (
        personal_itinerary_document(trip, request.user, language=translation.get_language())
        if trip
        else None
    )
    if prepared is None:
        raise Http404
    return document_response(request, prepared)
