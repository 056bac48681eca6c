"""Back office: a trip's meetings — slot settings and tables, the automatic schedule and its
report, publishing, and the grid (slots × employers' tables) where organisers add, move,
lock, cancel meetings and record attendance.

Every action is a plain form POST that redirects back to the grid; a service's refusal (a
busy candidate or table, a time that is no slot) becomes an error message."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.forms import add_domain_error, form_data
from itineraries.meeting_forms import (
    MeetingAddForm,
    MeetingAttendanceForm,
    MeetingLockForm,
    MeetingMoveForm,
    MeetingSettingsForm,
)
from itineraries.meeting_selectors import (
    meeting_blocks,
    meeting_bookings,
    meeting_grid,
    meeting_settings_of,
    meetings_of_trip,
)
from itineraries.meetings import (
    meeting_book,
    meeting_cancel,
    meeting_move,
    meeting_schedule_publish,
    meeting_schedule_run,
    meeting_settings_update,
    meeting_update,
)
from itineraries.models import Attendance

from ..decorators import managed_trip


def _to_grid(trip, meeting_id: int | None = None):
    url = reverse("manage:trip_meetings", kwargs={"slug": trip.slug})
    return redirect(f"{url}#meeting-{meeting_id}" if meeting_id else f"{url}#grid")


def _meeting_or_404(trip, meeting_id: int):
    meeting = meetings_of_trip(trip).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def _last_run(settings) -> dict | None:
    if not settings.last_run:
        return None
    run = dict(settings.last_run)
    run["ran_at"] = parse_datetime(run.get("ran_at") or "")
    run.setdefault("optimal", run.get("objective") == run.get("bound"))
    return run


@managed_trip
def trip_meetings(request, trip):
    """The meetings page; POST saves the settings form (errors shown in place)."""
    settings = meeting_settings_of(trip)
    bookings = list(meeting_bookings(trip))
    form = MeetingSettingsForm(*form_data(request), settings=settings, bookings=bookings)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_settings_update(
                trip=trip,
                actor=request.user,
                meeting_minutes=form.cleaned_data["meeting_minutes"],
                break_minutes=form.cleaned_data["break_minutes"],
                self_booking=form.cleaned_data["self_booking"],
                tables=form.tables(),
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The meeting settings are saved."))
            return redirect("manage:trip_meetings", slug=trip.slug)
    grid = meeting_grid(trip, settings=settings)
    blocks = [
        (block, [s for s in grid.slots if s.block_id == block.pk]) for block in meeting_blocks(trip)
    ]
    context = {
        "blocks": blocks,
        "trip": trip,
        "settings": settings,
        "form": form,
        "bookings": bookings,
        "grid": grid,
        "last_run": _last_run(settings),
        "now": timezone.now(),
        "attendance_choices": Attendance.choices,
    }
    return render(request, "backoffice/meetings/meetings.html", context)


@require_POST
@managed_trip
def meetings_schedule(request, trip):
    try:
        report = meeting_schedule_run(trip=trip, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("manage:trip_meetings", slug=trip.slug)
    done = ngettext(
        "The schedule is computed: %(count)d meeting.",
        "The schedule is computed: %(count)d meetings.",
        report.meetings,
    ) % {"count": report.meetings}
    if report.unmet_must:
        messages.warning(
            request,
            done
            + " "
            + ngettext(
                "%(count)d must-meet found no place: see why below.",
                "%(count)d must-meets found no place: see why below.",
                len(report.unmet_must),
            )
            % {"count": len(report.unmet_must)},
        )
    else:
        messages.success(request, done)
    url = reverse("manage:trip_meetings", kwargs={"slug": trip.slug})
    return redirect(f"{url}#last-run")


@require_POST
@managed_trip
def meetings_publish(request, trip):
    meeting_schedule_publish(trip=trip, actor=request.user)
    messages.success(
        request,
        _(
            "The schedule is published: everyone is told their meetings. From now on, every "
            "change emails the people it concerns."
        ),
    )
    return redirect("manage:trip_meetings", slug=trip.slug)


@require_POST
@managed_trip
def meeting_add(request, trip):
    form = MeetingAddForm(request.POST)
    employer = None
    if form.is_valid():
        employer = meeting_bookings(trip).filter(employer_id=form.cleaned_data["employer"]).first()
    if employer is None:
        messages.error(request, _("Choose a candidate for a free cell of the grid."))
        return _to_grid(trip)
    starts_at, table = form.place()
    try:
        meeting = meeting_book(
            trip=trip,
            actor=request.user,
            employer=employer.employer,
            application_id=form.cleaned_data["application"],
            starts_at=starts_at,
            table=table,
            by_organiser=True,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return _to_grid(trip)
    messages.success(request, _("The meeting is added."))
    return _to_grid(trip, meeting.pk)


@require_POST
@managed_trip
def meeting_move_view(request, trip, meeting_id: int):
    meeting = _meeting_or_404(trip, meeting_id)
    form = MeetingMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a free slot to move the meeting to."))
        return _to_grid(trip, meeting.pk)
    starts_at, table = form.place()
    try:
        meeting_move(meeting=meeting, actor=request.user, starts_at=starts_at, table=table)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The meeting of %(candidate)s with %(employer)s is moved to %(time)s.")
            % {
                "candidate": meeting.application.candidate.name,
                "employer": meeting.employer.name,
                "time": timezone.localtime(starts_at).strftime("%H:%M"),
            },
        )
    return _to_grid(trip, meeting.pk)


@require_POST
@managed_trip
def meeting_lock(request, trip, meeting_id: int):
    meeting = _meeting_or_404(trip, meeting_id)
    form = MeetingLockForm(request.POST)
    if form.is_valid():
        locked = form.cleaned_data["locked"]
        meeting_update(meeting=meeting, actor=request.user, locked=locked)
        messages.success(
            request,
            _("The meeting is locked: automatic scheduling will not move it.")
            if locked
            else _("The meeting is unlocked."),
        )
    return _to_grid(trip, meeting.pk)


@require_POST
@managed_trip
def meeting_cancel_view(request, trip, meeting_id: int):
    meeting = _meeting_or_404(trip, meeting_id)
    meeting_cancel(meeting=meeting, actor=request.user)
    messages.success(
        request,
        _("The meeting of %(candidate)s with %(employer)s is cancelled.")
        % {"candidate": meeting.application.candidate.name, "employer": meeting.employer.name},
    )
    return _to_grid(trip)


@require_POST
@managed_trip
def meeting_attendance(request, trip, meeting_id: int):
    meeting = _meeting_or_404(trip, meeting_id)
    form = MeetingAttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who came."))
        return _to_grid(trip, meeting.pk)
    try:
        meeting_update(
            meeting=meeting, actor=request.user, attendance=form.cleaned_data["attendance"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The attendance is recorded."))
    return _to_grid(trip, meeting.pk)
