"""Public pages: the home page, a trip's page, an organisation's logo, and the page an
organiser invitation's link opens. (Organisers run trips and organisations in backoffice.)"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import roles_for
from core.views import invitation_page, logo_response

from .selectors import (
    organisation_with_logo,
    organisations_of_organiser,
    organiser_invitation_for_token,
    trip_detail_visible_to,
    trips_upcoming_published,
)
from .services import organiser_invitation_accept


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
