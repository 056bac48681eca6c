"""Candidate pages and the talent-database links from emails. (Organisers review applicants
in backoffice.)"""

from django.urls import path

from . import views

urlpatterns = [
    path("interest/", views.interest_register_view, name="interest_register"),
    path("interest/sent/", views.interest_sent, name="interest_sent"),
    path("interest/confirm/<str:token>/", views.interest_confirm_view, name="interest_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("me/", views.candidate_dashboard, name="candidate_dashboard"),
    path("me/profile/", views.candidate_profile, name="candidate_profile"),
    path(
        "me/applications/<int:pk>/withdraw/",
        views.application_withdraw_view,
        name="application_withdraw",
    ),
    path("me/applications/<int:pk>/share/", views.application_share_view, name="application_share"),
    path("consents/renew/<str:token>/", views.consent_renew_view, name="consent_renew"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("candidates/<int:pk>/cv/", views.candidate_cv, name="candidate_cv"),
    path("trips/", views.trip_list, name="trip_list"),
    path("trips/<slug:slug>/apply/", views.trip_apply, name="trip_apply"),
    path("offers/<str:token>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<str:token>/decline/", views.offer_decline, name="offer_decline"),
]
