"""The organisers' back office under /manage/ (namespace "manage")."""

from django.urls import path

from employers import views as employer_views

from . import views

app_name = "manage"

urlpatterns = [
    path("", views.manage_trip_list, name="trip_list"),
    path("trips/new/", views.manage_trip_create, name="trip_create"),
    path("trips/<slug:slug>/", views.manage_trip_edit, name="trip_edit"),
    path("trips/<slug:slug>/status/", views.manage_trip_transition, name="trip_transition"),
    path("employers/", employer_views.manage_employer_list, name="employer_list"),
    path(
        "employers/<int:pk>/approve/",
        employer_views.manage_employer_approve,
        name="employer_approve",
    ),
]
