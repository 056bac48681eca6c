"""Back office: the trip list, creating, editing and copying trips, and moving their status."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from core.pagination import page_of
from events.forms import TripForm
from events.models import TripStatus
from events.selectors import (
    organisations_billing_incomplete,
    organisations_of_organiser,
    trips_managed_by,
)
from events.services import TRIP_TRANSITIONS, trip_create, trip_transition, trip_update
from itineraries.forms import TripCopyForm
from itineraries.services import trip_copy

from ..decorators import managed_trip, organiser_required
from ..selectors import trip_alert_reach, trip_cancellation_impact
from ..services import trip_cancel

# The button that moves a trip into each status, in the order they are offered.
TRANSITION_BUTTONS = {
    TripStatus.PUBLISHED: gettext_lazy("Publish"),
    TripStatus.CLOSED: gettext_lazy("Close applications"),
    TripStatus.COMPLETED: gettext_lazy("Mark as completed"),
    TripStatus.CANCELLED: gettext_lazy("Cancel trip"),
}


def _transitions(trip) -> list[tuple[str, str]]:
    allowed = TRIP_TRANSITIONS[trip.status]
    return [(status, label) for status, label in TRANSITION_BUTTONS.items() if status in allowed]


@organiser_required
def trip_list(request):
    context = {
        "page": page_of(request, trips_managed_by(request.user)),
        "billing_incomplete": organisations_billing_incomplete(request.user),
    }
    return render(request, "backoffice/trips/trip_list.html", context)


@organiser_required
def trip_create_view(request):
    form = TripForm(request.POST or None, organisations=organisations_of_organiser(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            trip = trip_create(
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                sectors=list(form.cleaned_data["sectors"]),
                **form.trip_fields(),
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The trip “%(title)s” is saved as a draft. Publish it when it is ready.")
                % {"title": trip.title},
            )
            return redirect("manage:trip_edit", slug=trip.slug)
    return render(request, "backoffice/trips/trip_form.html", {"form": form, "trip": None})


@managed_trip
def trip_edit(request, trip):
    form = TripForm(request.POST or None, instance=trip)
    if request.method == "POST" and form.is_valid():
        try:
            trip = trip_update(
                trip=trip,
                actor=request.user,
                sectors=list(form.cleaned_data["sectors"]),
                **form.trip_fields(),
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("manage:trip_edit", slug=trip.slug)
    context = {
        "form": form,
        "trip": trip,
        "transitions": _transitions(trip),
        "copy_form": TripCopyForm(),
    }
    return render(request, "backoffice/trips/trip_form.html", context)


@managed_trip
def trip_copy_view(request, trip):
    """Copy the trip and its programme to a new start; the copy opens as a draft."""
    form = TripCopyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = trip_copy(
                source=trip,
                actor=request.user,
                starts_at=form.cleaned_data["starts_at"],
                title=form.cleaned_data["title"],
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "“%(title)s” is copied with its programme to a new draft. Check its "
                    "details, then publish it."
                )
                % {"title": trip.title},
            )
            return redirect("manage:trip_edit", slug=copy.slug)
    return render(request, "backoffice/trips/trip_copy.html", {"trip": trip, "form": form})


@require_POST
@managed_trip
def trip_transition_view(request, trip):
    """Change a trip's status. Cancelling, and a first publication, first show what they
    will reach and ask for confirmation (a second POST with confirm=yes)."""
    to_status = request.POST.get("status", "")
    confirmed = request.POST.get("confirm") == "yes"
    if to_status == TripStatus.CANCELLED:
        if not confirmed:
            context = {"trip": trip, "impact": trip_cancellation_impact(trip)}
            return render(request, "backoffice/trips/trip_confirm_cancel.html", context)
        return _cancel(request, trip, reason=request.POST.get("reason", "").strip()[:2000])
    if to_status == TripStatus.PUBLISHED and trip.status == TripStatus.DRAFT and not confirmed:
        context = {"trip": trip, "reach": trip_alert_reach(trip)}
        return render(request, "backoffice/trips/trip_confirm_publish.html", context)
    try:
        trip = trip_transition(trip=trip, actor=request.user, to_status=to_status)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        _status_message(request, trip)
    return redirect("manage:trip_edit", slug=trip.slug)


def _cancel(request, trip, *, reason: str):
    try:
        done = trip_cancel(trip=trip, actor=request.user, reason=reason)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("manage:trip_edit", slug=trip.slug)
    _status_message(request, done.trip)
    if done.applicants_told or done.bookings_cancelled or done.programme_items_cancelled:
        messages.info(
            request,
            _(
                "Applicants told: %(applicants)d · waitlist offers ended: %(offers)d · "
                "bookings cancelled: %(bookings)d (refunds queued: %(refunds)d) · "
                "programme items cancelled: %(items)d."
            )
            % {
                "applicants": done.applicants_told,
                "offers": done.offers_ended,
                "bookings": done.bookings_cancelled,
                "refunds": done.refunds_queued,
                "items": done.programme_items_cancelled,
            },
        )
    return redirect("manage:trip_edit", slug=trip.slug)


def _status_message(request, trip) -> None:
    messages.success(
        request,
        _("“%(title)s” is now %(status)s.")
        % {"title": trip.title, "status": trip.get_status_display().lower()},
    )
