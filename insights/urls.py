from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.sectors, name="sectors"),
    path("trips/<slug:slug>/", views.trip, name="trip"),
    path("funders/", views.funders, name="funders"),
]
