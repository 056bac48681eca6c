"""Back office: the trip list, creating and editing trips, and moving their status."""

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

from ..decorators import managed_trip, organiser_required

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
    context = {"form": form, "trip": trip, "transitions": _transitions(trip)}
    return render(request, "backoffice/trips/trip_form.html", context)


@require_POST
@managed_trip
def trip_transition_view(request, trip):
    """Change a trip's status. Cancelling asks for confirmation first (a second POST)."""
    to_status = request.POST.get("status", "")
    if to_status == TripStatus.CANCELLED and request.POST.get("confirm") != "yes":
        return render(request, "backoffice/trips/trip_confirm_cancel.html", {"trip": trip})
    try:
        trip = trip_transition(trip=trip, actor=request.user, to_status=to_status)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": trip.title, "status": trip.get_status_display().lower()},
        )
    return redirect("manage:trip_edit", slug=trip.slug)
