"""Back office: who has viewed or downloaded a trip's candidate packs."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from core.pagination import page_of
from events.models import TripStatus
from events.selectors import trip_managed_by
from packs.selectors import pack_views_for_trip


@login_required
def pack_views_audit(request, slug):
    """Not `managed_trip`: this page sits among the pack's own URLs, which employers open too,
    so everyone but the trip's organisers gets a 404 (not a 403 that confirms the trip)."""
    trip = trip_managed_by(request.user, slug)
    if trip is None or trip.published_at is None or trip.status == TripStatus.DRAFT:
        raise Http404
    page = page_of(request, pack_views_for_trip(trip), 50)
    return render(request, "backoffice/pack_views.html", {"trip": trip, "page": page})
