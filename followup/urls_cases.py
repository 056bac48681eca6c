"""The caseload and cases, below /followup/ (URL names prefixed followup_, no namespace)."""

from django.urls import path

from . import views_cases

urlpatterns = [
    path("cases/", views_cases.case_list, name="followup_case_list"),
    path("cases/new/", views_cases.case_new, name="followup_case_new"),
    path("cases/<int:pk>/", views_cases.case_detail, name="followup_case_detail"),
    path("cases/<int:pk>/edit/", views_cases.case_edit, name="followup_case_edit"),
    path("cases/<int:pk>/stage/", views_cases.case_stage, name="followup_case_stage"),
    path("cases/<int:pk>/contacts/", views_cases.case_contact_add, name="followup_contact_add"),
    path(
        "invitations/<str:token>/",
        views_cases.coordinator_invitation,
        name="followup_coordinator_invitation",
    ),
]
