from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("trips/<slug:slug>/", views.trip_detail, name="trip_detail"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("organisations/<slug:slug>/logo/", views.organisation_logo, name="organisation_logo"),
    path(
        "organisations/invitations/<str:token>/",
        views.organiser_invitation,
        name="organiser_invitation",
    ),
]
