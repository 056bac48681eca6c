"""Outcome and feedback pages, mounted at the site root (issue 13.4)."""

from django.urls import path

from . import views_outcomes

urlpatterns = [
    path("employer/trips/<slug:slug>/outcomes/", views_outcomes.outcome_list, name="outcome_list"),
    path(
        "employer/trips/<slug:slug>/feedback/",
        views_outcomes.feedback_employer,
        name="feedback_employer",
    ),
    path(
        "me/trips/<slug:slug>/feedback/",
        views_outcomes.feedback_candidate,
        name="feedback_candidate",
    ),
    path(
        "followup/trips/<slug:slug>/outcomes/",
        views_outcomes.feedback_trip_summary,
        name="feedback_trip_summary",
    ),
]
