from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from .exceptions import AuthenticationFailed, BadRequest
from .roles import roles_for
from .schemas import ErrorOut, MeOut, TokenIn, TokenOut
from .services import api_token_create, api_token_revoke

router = Router(tags=["auth"])


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def token_create(request: HttpRequest, payload: TokenIn):
    """Exchange email and password for a bearer token (shown once; store it safely)."""
    user = authenticate(request, email=payload.email.strip().lower(), password=payload.password)
    if user is None:
        raise AuthenticationFailed(_("Wrong email or password."))
    _token, key = api_token_create(user=user)
    return Status(201, {"token": key})


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
