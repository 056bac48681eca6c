"""The organisers' applicant review, below /manage/trips/<slug>/ (namespace "applicants")."""

from django.urls import path

from . import manage_views as views

app_name = "applicants"

urlpatterns = [
    path("applicants/", views.applicant_list, name="list"),
    path("applicants/bulk/", views.applicant_bulk, name="bulk"),
    path("applicants.csv", views.applicants_csv, name="csv"),
    path("applicants/<int:pk>/", views.applicant_detail, name="detail"),
    path("applicants/<int:pk>/status/", views.applicant_transition, name="transition"),
    path("applicants/<int:pk>/notes/", views.applicant_note, name="note_add"),
]
