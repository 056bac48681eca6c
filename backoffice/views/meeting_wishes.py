"""Back office: who wants to meet whom on a trip. A matrix of candidates (rows, 50 a page) ×
employers (columns); each cell shows both sides' wishes and the pair's priority, and the
organiser may change either side (stored as set by the organiser)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.exceptions import ApplicationError
from core.forms import add_domain_error, form_data
from core.pagination import page_of
from itineraries.forms import WishMatrixForm
from itineraries.meeting_selectors import (
    meeting_applications,
    meeting_applications_not_sharing,
    meeting_bookings,
    preferences_by_pair,
)
from itineraries.meetings import meeting_preferences_set

from ..decorators import managed_trip

CANDIDATES_PER_PAGE = 50


@managed_trip
@require_http_methods(["GET", "POST"])
def trip_meeting_wishes(request, trip):
    page = page_of(request, meeting_applications(trip), CANDIDATES_PER_PAGE)
    applications = list(page.object_list)
    employers = [booking.employer for booking in meeting_bookings(trip)]
    preferences = preferences_by_pair(trip, application_ids=[a.pk for a in applications])
    form = WishMatrixForm(
        *form_data(request),
        applications=applications,
        employers=employers,
        preferences=preferences,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = meeting_preferences_set(
                trip=trip, actor=request.user, wishes=form.wishes(), by_organiser=True
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                ngettext("%(n)s wish changed.", "%(n)s wishes changed.", changed) % {"n": changed}
                if changed
                else _("No wish changed."),
            )
            url = reverse("manage:trip_meeting_wishes", kwargs={"slug": trip.slug})
            return redirect(f"{url}?page={page.number}" if page.number > 1 else url)
    not_sharing = meeting_applications_not_sharing(trip)
    context = {
        "trip": trip,
        "page": page,
        "form": form,
        "employers": employers,
        "not_sharing": not_sharing,
    }
    return render(request, "backoffice/meetings/wishes.html", context)
