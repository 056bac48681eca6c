"""Login lockout (django-axes): after LOGIN_FAILURE_LIMIT failed logins for one account, or
from one address, logging in there is refused for LOGIN_COOLOFF — on the login page, the
API's token endpoint and the admin alike. Settings in config/settings/base.py (AXES_*)."""

from axes.backends import AxesBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class LockoutModelBackend(AxesBackend):
    """Django's ModelBackend, refusing a locked-out login first. The only backend, so that
    `login(request, user)` after a sign-up needs no `backend` argument."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises AxesBackendPermissionDenied (authenticate() then answers None) if locked out.
        # Without a request (the shell, a command) there is no client to lock out.
        if request is not None:
            super().authenticate(request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )


def username(request, credentials: dict | None) -> str | None:
    """The account a login attempt is for: the form's `username` or the API's `email`,
    normalised as the login matches it (case-insensitively)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None:
        value = request.POST.get("username")
    return value.strip().lower() if isinstance(value, str) else None


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or — behind TRUSTED_PROXIES proxies that each add
    to X-Forwarded-For — the address the outermost trusted proxy saw."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed login attempts. Try again in %(minutes)d minutes, or reset your password."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """429 with the message: the API's error shape for the API, a page for everyone else."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message()}, status=status)
    return render(request, "registration/locked_out.html", {"message": message()}, status=status)
