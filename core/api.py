from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from . import lockout
from .exceptions import AuthenticationFailed, BadRequest, RateLimited
from .models import User
from .roles import roles_for
from .schemas import ErrorOut, MeOut, TokenIn, TokenOut
from .services import api_token_create, api_token_revoke
from .two_factor import two_factor_enabled, two_factor_required, two_factor_verify

router = Router(tags=["auth"])


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def token_create(request: HttpRequest, payload: TokenIn):
    """Exchange email and password — and `otp`, the code of the authenticator app or a
    recovery code, for an account with two-factor authentication — for a bearer token (shown
    once; store it safely). A missing or wrong code is 401; wrong codes count towards the
    login lockout (then 429). Organisers and coordinators must have set up two-factor
    authentication on the website first."""
    user = authenticate(request, email=payload.email.strip().lower(), password=payload.password)
    if user is None:
        raise AuthenticationFailed(_("Wrong email or password."))
    _second_factor_check(request, user, payload.otp)
    _token, key = api_token_create(user=user)
    return Status(201, {"token": key})


def _second_factor_check(request: HttpRequest, user: User, code: str | None) -> None:
    if not two_factor_enabled(user):
        if two_factor_required(user):
            raise AuthenticationFailed(
                _(
                    "Organisers and coordinators need two-factor authentication: set it up on "
                    "the website (Security) first, then send its code as otp."
                )
            )
        return
    if not code:
        raise AuthenticationFailed(
            _("This account uses two-factor authentication: send the code of your app as otp.")
        )
    credentials = {"username": user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        raise RateLimited(lockout.message())
    if two_factor_verify(user=user, code=code) is None:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if AxesProxyHandler.is_locked(request, credentials):
            raise RateLimited(lockout.message())
        raise AuthenticationFailed(_("Wrong two-factor code."))


@router.delete("/auth/token", response={204: None, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut})
def token_revoke(request: HttpRequest):
    """Revoke the bearer token this request was made with."""
    token = getattr(request, "api_token", None)
    if token is None:
        raise BadRequest(_("This request was not made with a bearer token."))
    api_token_revoke(token=token)
    return Status(204, None)


@router.get("/me", response={200: MeOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut})
def me(request: HttpRequest):
    user = request.auth
    roles = roles_for(user)
    return {
        "email": user.email,
        "name": user.get_full_name(),
        "language": user.language,
        "organiser": roles.organiser,
        "employer": roles.employer,
        "candidate": roles.candidate,
    }
