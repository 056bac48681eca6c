from django.urls import path

from . import feeds, views

urlpatterns = [
    path("trips/<slug:slug>/itinerary.ics", feeds.trip_feed, name="trip_feed"),
    path("trips/<slug:slug>/programme.pdf", views.trip_programme_pdf, name="trip_programme_pdf"),
    path("calendar/<str:key>.ics", feeds.personal_feed, name="personal_feed"),
    path("trips/<slug:slug>/meetings/grid/", views.meeting_grid_page, name="meeting_grid"),
    path(
        "trips/<slug:slug>/meetings/grid/book/", views.meeting_grid_book, name="meeting_grid_book"
    ),
    path(
        "trips/<slug:slug>/meetings/grid/<int:meeting_id>/cancel/",
        views.meeting_grid_cancel,
        name="meeting_grid_cancel",
    ),
    path("me/calendar/", views.my_calendar, name="my_calendar"),
    path("me/calendar/new-link/", views.my_calendar_regenerate, name="my_calendar_regenerate"),
    path("me/calendar/turn-off/", views.my_calendar_revoke, name="my_calendar_revoke"),
    path("me/trips/<slug:slug>/meetings/", views.my_meetings, name="my_meetings"),
    path("me/trips/<slug:slug>/itinerary.pdf", views.my_itinerary_pdf, name="my_itinerary_pdf"),
    path("me/trips/<slug:slug>/meetings.pdf", views.my_meetings_pdf, name="my_meetings_pdf"),
]
