from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("trips/<slug:slug>/", views.trip_detail, name="trip_detail"),
]
