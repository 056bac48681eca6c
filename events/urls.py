from django.urls import path

from . import pack_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("trips/<slug:slug>/", views.trip_detail, name="trip_detail"),
    path("trips/<slug:slug>/pack/", pack_views.pack_page, name="pack_page"),
    path("trips/<slug:slug>/pack.pdf", pack_views.pack_pdf, name="pack_pdf"),
    path(
        "trips/<slug:slug>/participants.pdf", pack_views.participants_pdf, name="participants_pdf"
    ),
    path(
        "trips/<slug:slug>/pack/marks/<int:application_id>/",
        pack_views.pack_mark,
        name="pack_mark",
    ),
    path("trips/<slug:slug>/pack/views/", pack_views.pack_views_audit, name="pack_views"),
]
