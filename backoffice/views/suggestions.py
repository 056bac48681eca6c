"""Back office: people of the talent database to invite to a trip, best fit first, and
inviting the chosen ones by email in one action."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from candidates.forms import SuggestionInviteForm
from candidates.suggestions import trip_suggestions
from candidates.talent import trip_invitations_create
from core.exceptions import ApplicationError
from core.pagination import page_of

from ..decorators import managed_trip

SUGGESTIONS_PAGE_SIZE = 50


@managed_trip
def suggestion_list(request, trip):
    suggestions = trip_suggestions(trip)
    context = {
        "trip": trip,
        "page": page_of(request, suggestions, SUGGESTIONS_PAGE_SIZE),
        "total": len(suggestions),
        "uninvited": suggestions.uninvited(),
    }
    return render(request, "backoffice/suggestions/suggestion_list.html", context)


@require_POST
@managed_trip
def suggestion_invite(request, trip):
    """All or nothing, like the service: someone who cannot be invited any more (applied or
    left the talent database meanwhile) stops the whole action with a message."""
    keys = trip_suggestions(trip).keys()
    form = SuggestionInviteForm(request.POST, keys=keys)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        candidate_ids, registration_ids = form.ids()
        try:
            result = trip_invitations_create(
                trip=trip,
                actor=request.user,
                candidate_ids=candidate_ids,
                registration_ids=registration_ids,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            invited = len(result.created)
            if invited:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d person is invited by email.",
                        "%(count)d people are invited by email.",
                        invited,
                    )
                    % {"count": invited},
                )
            if result.already_invited:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d person had been invited before and was not emailed again.",
                        "%(count)d people had been invited before and were not emailed again.",
                        result.already_invited,
                    )
                    % {"count": result.already_invited},
                )
    page = request.POST.get("page", "")
    url = reverse("manage:trip_suggestions", kwargs={"slug": trip.slug})
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
