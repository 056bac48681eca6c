"""Employer members' pages under /employer/ (namespace "employer")."""

from django.urls import path

from . import views

app_name = "employer"

urlpatterns = [
    path("", views.employer_dashboard, name="dashboard"),
    path("switch/", views.employer_switch, name="switch"),
    path("profile/", views.employer_profile_edit, name="profile"),
    path("logo/", views.employer_logo_upload, name="logo_upload"),
    path("logos/<int:pk>/", views.employer_logo, name="logo"),
    path("team/invite/", views.employer_member_invite_view, name="member_invite"),
    path(
        "team/invitations/<int:pk>/revoke/",
        views.employer_invitation_revoke_view,
        name="invitation_revoke",
    ),
    path("team/<int:pk>/remove/", views.employer_member_remove_view, name="member_remove"),
    path("team/leave/", views.employer_leave_view, name="leave"),
    path("invitations/<str:token>/", views.employer_invitation_view, name="invitation"),
    path("hiring-needs/new/", views.hiring_need_create_view, name="hiring_need_create"),
    path("hiring-needs/<int:pk>/", views.hiring_need_edit_view, name="hiring_need_edit"),
    path("hiring-needs/<int:pk>/close/", views.hiring_need_close_view, name="hiring_need_close"),
    path("trips/<slug:slug>/book/", views.booking_create_view, name="book"),
    path("bookings/", views.employer_bookings, name="bookings"),
    path("bookings/<int:pk>/invoice/", views.booking_invoice, name="booking_invoice"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel_view, name="booking_cancel"),
    path("bookings/<int:pk>/team/", views.booking_team_view, name="booking_team"),
]
