from django.urls import path

from . import views

urlpatterns = [
    path("trips/<slug:slug>/pack/", views.pack_page, name="pack_page"),
    path("trips/<slug:slug>/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("trips/<slug:slug>/pack/status.json", views.pack_status, name="pack_status"),
    path("trips/<slug:slug>/participants.pdf", views.participants_pdf, name="participants_pdf"),
    path(
        "trips/<slug:slug>/pack/marks/<int:application_id>/",
        views.pack_mark,
        name="pack_mark",
    ),
]
