from django.urls import path

from . import feeds, views

# The programme editor lives in the back office's URL space (/manage/…), next to the trip.
MANAGE = "manage/trips/<slug:slug>/programme/"

urlpatterns = [
    path("trips/<slug:slug>/itinerary.ics", feeds.trip_feed, name="trip_feed"),
    path("calendar/<str:key>.ics", feeds.personal_feed, name="personal_feed"),
    path("me/calendar/", views.my_calendar, name="my_calendar"),
    path("me/calendar/new-link/", views.my_calendar_regenerate, name="my_calendar_regenerate"),
    path("me/calendar/turn-off/", views.my_calendar_revoke, name="my_calendar_revoke"),
    path(MANAGE, views.programme_editor, name="programme_editor"),
    path(f"{MANAGE}add/", views.programme_item_add, name="programme_item_add"),
    path(f"{MANAGE}copy/", views.programme_copy, name="programme_copy"),
    path(f"{MANAGE}<int:item_id>/", views.programme_item_edit, name="programme_item_edit"),
    path(
        f"{MANAGE}<int:item_id>/duplicate/",
        views.programme_item_duplicate,
        name="programme_item_duplicate",
    ),
    path(
        f"{MANAGE}<int:item_id>/cancel/", views.programme_item_cancel, name="programme_item_cancel"
    ),
    path(
        f"{MANAGE}<int:item_id>/delete/", views.programme_item_delete, name="programme_item_delete"
    ),
]
