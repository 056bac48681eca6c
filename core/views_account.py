"""The person's own security pages (issue 14.7): the second step of logging in, two-factor
authentication (set up, recovery codes, turn off), sessions and the password change.
Each page validates a form and calls one service of core.two_factor / core.user_sessions."""

from functools import wraps
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from .exceptions import ApplicationError
from .forms import add_domain_error
from .lockout import lockout_response
from .models import User
from .roles import landing_url
from .tasks import email_password_changed, enqueue_on_commit
from .two_factor import (
    recovery_codes_generate,
    session_is_verified,
    session_verify,
    totp_device_confirm,
    totp_device_pending,
    totp_device_start,
    totp_qr_svg,
    totp_secret_text,
    two_factor_enabled,
    two_factor_status,
    two_factor_turn_off,
    two_factor_verify,
)
from .user_sessions import (
    account_credentials_revoke,
    user_session_rekey,
    user_session_revoke,
    user_sessions_of,
    user_sessions_revoke_others,
)

# The person who gave the right password and still owes the code: {"user", "backend", "at"}.
PENDING_KEY = "_two_factor_pending"
PENDING_SECONDS = 10 * 60


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The 6-digit code your authenticator app shows, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class ConfirmCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _next_url(request: HttpRequest) -> str:
    """The `next` page asked for (GET or POST), if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def login_pending_set(request: HttpRequest, user: User) -> None:
    """After the right password of someone with an authenticator app: remember them (not yet
    logged in) for the code step."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", ""),
        "at": timezone.now().timestamp(),
    }


def _pending_user(request: HttpRequest) -> tuple[User | None, str]:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, ""
    if timezone.now().timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, ""
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, str(pending.get("backend", ""))


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: the authenticator's code or a recovery code. For the
    person who has just given their password, or who is logged in and asked for it again.
    Wrong codes count towards the login lockout (core.lockout: 429 page)."""
    next_url = _next_url(request)
    user, backend = _pending_user(request)
    if user is None and request.user.is_authenticated:
        if session_is_verified(request) or not two_factor_enabled(request.user):
            return redirect(next_url or landing_url(request.user))
        user, backend = request.user, request.session.get(BACKEND_SESSION_KEY, "")
    if user is None:
        messages.info(request, _("Log in with your password first."))
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return redirect(reverse("login") + query)

    credentials = {"username": user.email}
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, credentials):
            return lockout_response(request, credentials=credentials)
        if form.is_valid():
            device = two_factor_verify(user=user, code=form.cleaned_data["code"])
            if device is not None:
                if not request.user.is_authenticated or request.user.pk != user.pk:
                    login(request, user, backend=backend or None)
                request.session.pop(PENDING_KEY, None)
                session_verify(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        ngettext(
                            "You used a recovery code; %(left)d is left. Make new ones on the "
                            "security page.",
                            "You used a recovery code; %(left)d are left. Make new ones on the "
                            "security page when you run low.",
                            left,
                        )
                        % {"left": left},
                    )
                return redirect(next_url or landing_url(user))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if AxesProxyHandler.is_locked(request, credentials):
                return lockout_response(request, credentials=credentials)
            form.add_error("code", _("That code is not right. Try the code your app shows now."))
    return render(request, "registration/login_code.html", {"form": form, "next": next_url})


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """Two-factor status and what can be done with it; links to sessions and the password."""
    status = two_factor_status(request.user)
    return render(request, "core/account_security.html", {"status": status})


def second_step_passed(view):
    """For the pages that change the second factor: someone who has one must have passed it
    in this session (a session from before they set it up elsewhere is sent to the code)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if two_factor_enabled(request.user) and not session_is_verified(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('login_code')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped


@login_required
@second_step_passed
@require_http_methods(["GET", "POST"])
def account_security_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: a QR code (and the secret as text) of a new unconfirmed
    device, and its first code to confirm it. Confirmed: the session counts as verified and
    the recovery codes are shown once."""
    next_url = _next_url(request)
    device = totp_device_pending(request.user)
    form = ConfirmCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            device = totp_device_confirm(
                user=request.user, device=device, code=form.cleaned_data["code"]
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            session_verify(request, device)
            codes = recovery_codes_generate(user=request.user)
            messages.success(request, _("Two-factor authentication is on."))
            context = {"codes": codes, "next": next_url, "first_time": True}
            return render(request, "core/recovery_codes.html", context)
    if device is None:
        device = totp_device_start(user=request.user)
    context = {
        "form": form,
        "qr_svg": totp_qr_svg(device),
        "secret": totp_secret_text(device),
        "next": next_url,
        "replacing": two_factor_enabled(request.user),
    }
    return render(request, "core/account_security_setup.html", context)


@login_required
@second_step_passed
@require_http_methods(["GET", "POST"])
def account_recovery_codes(request: HttpRequest) -> HttpResponse:
    """GET: what recovery codes are; POST: ten new ones (the old ones stop working), shown
    this once."""
    if not two_factor_enabled(request.user):
        return redirect("account_security")
    if request.method == "POST":
        codes = recovery_codes_generate(user=request.user)
        return render(request, "core/recovery_codes.html", {"codes": codes})
    status = two_factor_status(request.user)
    return render(request, "core/recovery_codes.html", {"codes": None, "status": status})


@login_required
@second_step_passed
@require_http_methods(["GET", "POST"])
def account_two_factor_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor authentication off, with the password; refused where it is required."""
    status = two_factor_status(request.user)
    form = PasswordConfirmForm(request.POST if request.method == "POST" else None)
    http_status = 200
    if request.method == "POST" and form.is_valid():
        try:
            two_factor_turn_off(
                user=request.user, password=form.cleaned_data["password"], request=request
            )
        except ApplicationError as error:
            add_domain_error(form, error)
            http_status = error.status_code
        else:
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("account_security")
    context = {"form": form, "status": status}
    return render(request, "core/two_factor_off.html", context, status=http_status)


@login_required
def account_sessions(request: HttpRequest) -> HttpResponse:
    """The person's signed-in sessions, this one marked."""
    sessions = list(user_sessions_of(request.user))
    context = {"sessions": sessions, "current_key": request.session.session_key}
    return render(request, "core/account_sessions.html", context)


@login_required
@require_POST
def account_session_revoke(request: HttpRequest) -> HttpResponse:
    """Sign out one session (`session`, by its row id) or every other one (`others`)."""
    if request.POST.get("others"):
        count = user_sessions_revoke_others(
            user=request.user, keep_session_key=request.session.session_key
        )
        messages.success(
            request,
            ngettext(
                "Signed out of %(count)d other session.",
                "Signed out of %(count)d other sessions.",
                count,
            )
            % {"count": count},
        )
        return redirect("account_sessions")
    row = user_sessions_of(request.user).filter(pk=request.POST.get("session") or 0).first()
    if row is None or row.session_key == request.session.session_key:
        messages.error(request, _("That session is not one of your other sessions."))
        return redirect("account_sessions")
    user_session_revoke(user=request.user, session_key=row.session_key)
    messages.success(request, _("That session is signed out."))
    return redirect("account_sessions")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; then every other session ends and every API token is revoked
    (core.user_sessions.account_credentials_revoke), and the person is emailed."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("account_security")

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)  # keeps this session (a new key)
        new_key = self.request.session.session_key
        user_session_rekey(old_key=old_key, new_key=new_key)
        account_credentials_revoke(user=form.user, keep_session_key=new_key)
        enqueue_on_commit(email_password_changed, user_id=form.user.pk)
        messages.success(
            self.request,
            _("Your password is changed. Your other sessions and your API tokens have ended."),
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset by email link; then every session and API token of the account ends,
    and the person is emailed."""

    def form_valid(self, form):
        response = super().form_valid(form)
        account_credentials_revoke(user=form.user)
        enqueue_on_commit(email_password_changed, user_id=form.user.pk)
        return response
