"""The person's own security pages, below /account/ (core.views_account)."""

from django.urls import path

from . import views_account

urlpatterns = [
    path("security/", views_account.account_security, name="account_security"),
    path("security/setup/", views_account.account_security_setup, name="account_security_setup"),
    path(
        "security/recovery-codes/",
        views_account.account_recovery_codes,
        name="account_recovery_codes",
    ),
    path("security/turn-off/", views_account.account_two_factor_off, name="account_two_factor_off"),
    path("sessions/", views_account.account_sessions, name="account_sessions"),
    path("sessions/sign-out/", views_account.account_session_revoke, name="account_session_revoke"),
    path(
        "password/",
        views_account.PasswordChangeView.as_view(),
        name="account_password_change",
    ),
]
