from django.urls import path

from . import feeds

urlpatterns = [
    path("trips/<slug:slug>/itinerary.ics", feeds.trip_feed, name="trip_feed"),
    path("calendar/<str:key>.ics", feeds.personal_feed, name="personal_feed"),
]
