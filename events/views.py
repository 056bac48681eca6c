from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .selectors import trip_detail_visible_to, trips_upcoming_published


def home(request):
    trips = trips_upcoming_published(now=timezone.now())[:12]
    return render(request, "events/home.html", {"trips": trips})


def trip_detail(request, slug):
    trip = trip_detail_visible_to(request.user, slug)
    if trip is None:
        raise Http404
    return render(request, "events/trip_detail.html", {"trip": trip})
