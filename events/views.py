"""Public pages: the home page, a trip's page, an organisation's logo, and the page an
organiser invitation's link opens. (Organisers run trips and organisations in backoffice.)"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.conditional import memoised_on_request, public_etag
from core.exceptions import ApplicationError
from core.lockout import client_ip
from core.roles import roles_for
from core.views import invitation_page, logo_response

from .forms import AccessibilityReportForm
from .selectors import (
    organisation_with_logo,
    organisations_of_organiser,
    organisations_taking_accessibility_reports,
    organiser_invitation_for_token,
    trip_detail_visible_to,
    trips_upcoming_published,
    upcoming_trips_version,
)
from .services import accessibility_report_create, organiser_invitation_accept

HOME_TRIPS = 12


def _home_trips(request):
    """The home page's trips (lazy) and their version, once per request: the version is the
    page's ETag and the key of its cached trip list."""

    def compute():
        now = timezone.now()
        trips = trips_upcoming_published(now=now)[:HOME_TRIPS]
        return trips, upcoming_trips_version(now=now, limit=HOME_TRIPS)

    return memoised_on_request(request, "home_trips", compute)


@public_etag(lambda request: _home_trips(request)[1])
def home(request):
    trips, version = _home_trips(request)
    # The list is rendered from the cache while its trips are unchanged (`trips` stays lazy).
    return render(request, "events/home.html", {"trips": trips, "trips_version": version})


def trip_detail(request, slug):
    trip = trip_detail_visible_to(request.user, slug)
    if trip is None:
        raise Http404
    can_manage = (
        roles_for(request.user).organiser
        and organisations_of_organiser(request.user).filter(pk=trip.organisation_id).exists()
    )
    return render(request, "events/trip_detail.html", {"trip": trip, "can_manage": can_manage})


def organisation_logo(request, slug: str):
    """Serve an organisation's logo to anyone (it is shown with its public trips)."""
    organisation = organisation_with_logo(slug)
    if organisation is None:
        raise Http404
    return logo_response(organisation.logo)


def organiser_invitation(request, token: str):
    """The page an organiser invitation's link opens: log in or sign up, then accept."""
    invitation = organiser_invitation_for_token(token)
    name = invitation.organisation.name if invitation else ""
    return invitation_page(
        request,
        invitation,
        accept=organiser_invitation_accept,
        title=_("Become an organiser of %(organisation)s") % {"organisation": name},
        about=_(
            "Organisers plan its recruitment trips, choose the candidates, approve the "
            "employers and run the organisation's settings in the back office."
        ),
        accepted_message=_("Welcome! You are now an organiser of %(organisation)s.")
        % {"organisation": name},
        done_url=reverse("manage:trip_list"),
    )


def accessibility_statement(request):
    """The accessibility statement (tillgänglighetsredogörelse, after DIGG's template) and
    its form for reporting a problem to an organisation's contact address."""
    organisations = organisations_taking_accessibility_reports()
    initial = {"page": request.GET.get("page", "")[:500]}
    if len(organisations) == 1:
        initial["organisation"] = organisations[0]
    form = AccessibilityReportForm(
        request.POST or None, organisations=organisations, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accessibility_report_create(
                organisation=data["organisation"],
                page=data["page"],
                description=data["description"],
                email=data["email"],
                language=request.LANGUAGE_CODE,
                client=client_ip(request),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Thank you. Your report has been sent to %(organisation)s.")
                % {"organisation": data["organisation"].name},
            )
            return redirect(reverse("accessibility") + "#report")
    return render(
        request,
        "events/accessibility.html",
        {
            "form": form,
            "organisations": organisations,
            "reviewed_on": settings.ACCESSIBILITY_REVIEWED_ON,
        },
    )
