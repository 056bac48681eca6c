from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from core.roles import roles_for
from core.views import organiser_required

from .forms import TripForm
from .models import TripStatus
from .selectors import (
    organisations_of_organiser,
    trip_detail_visible_to,
    trip_managed_by,
    trips_managed_by,
    trips_upcoming_published,
)
from .services import TRIP_TRANSITIONS, trip_create, trip_transition, trip_update

# The button that moves a trip into each status, in the order they are offered.
TRANSITION_BUTTONS = {
    TripStatus.PUBLISHED: gettext_lazy("Publish"),
    TripStatus.CLOSED: gettext_lazy("Close applications"),
    TripStatus.COMPLETED: gettext_lazy("Mark as completed"),
    TripStatus.CANCELLED: gettext_lazy("Cancel trip"),
}


def home(request):
    trips = trips_upcoming_published(now=timezone.now())[:12]
    return render(request, "events/home.html", {"trips": trips})


def trip_detail(request, slug):
    trip = trip_detail_visible_to(request.user, slug)
    if trip is None:
        raise Http404
    can_manage = (
        roles_for(request.user).organiser
        and organisations_of_organiser(request.user).filter(pk=trip.organisation_id).exists()
    )
    return render(request, "events/trip_detail.html", {"trip": trip, "can_manage": can_manage})


def _managed_trip_or_404(request, slug):
    trip = trip_managed_by(request.user, slug)
    if trip is None:
        raise Http404
    return trip


def _transitions(trip) -> list[tuple[str, str]]:
    allowed = TRIP_TRANSITIONS[trip.status]
    return [(status, label) for status, label in TRANSITION_BUTTONS.items() if status in allowed]


@organiser_required
def manage_trip_list(request):
    page = Paginator(trips_managed_by(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "events/manage/trip_list.html", {"page": page})


@organiser_required
def manage_trip_create(request):
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
    return render(request, "events/manage/trip_form.html", {"form": form, "trip": None})


@organiser_required
def manage_trip_edit(request, slug):
    trip = _managed_trip_or_404(request, slug)
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
    return render(request, "events/manage/trip_form.html", context)


@require_POST
@organiser_required
def manage_trip_transition(request, slug):
    """Change a trip's status. Cancelling asks for confirmation first (a second POST)."""
    trip = _managed_trip_or_404(request, slug)
    to_status = request.POST.get("status", "")
    if to_status == TripStatus.CANCELLED and request.POST.get("confirm") != "yes":
        return render(request, "events/manage/trip_confirm_cancel.html", {"trip": trip})
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
