"""The organisers' back-office pages about employers' hiring needs, bookings, refunds and
revenue, under /manage/ next to `events.manage_urls` (namespace "manage_employers")."""

from django.urls import path

from . import manage_views as views

app_name = "manage_employers"

urlpatterns = [
    path("hiring-needs/", views.manage_hiring_needs, name="hiring_needs"),
    path("trips/<slug:slug>/bookings/", views.manage_trip_bookings, name="trip_bookings"),
    path(
        "bookings/<int:pk>/mark-paid/",
        views.manage_booking_mark_paid,
        name="booking_mark_paid",
    ),
    path("bookings/<int:pk>/cancel/", views.manage_booking_cancel, name="booking_cancel"),
    path(
        "bookings/<int:pk>/refund-done/",
        views.manage_booking_refund_done,
        name="booking_refund_done",
    ),
    path("refunds/", views.manage_refunds, name="refunds"),
    path("revenue/", views.manage_revenue, name="revenue"),
]
