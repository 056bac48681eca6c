"""Public trip pages: the home page and a trip's page. (Organisers edit trips in backoffice.)"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from core.roles import roles_for

from .selectors import organisations_of_organiser, trip_detail_visible_to, trips_upcoming_published


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
