"""API authentication: Django sessions (with CSRF) or `Authorization: Bearer <token>`."""

from datetime import timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from .exceptions import AuthenticationFailed
from .models import ApiToken

_LAST_USED_RESOLUTION = timedelta(minutes=5)


def user_for_token(key: str):
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None, None
    now = timezone.now()
    # Record use coarsely, so that polling clients do not write on every request.
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


def speak_the_users_language(request, user) -> None:
    """Answer in the caller's language: the Accept-Language header when the client sends one
    (the locale middleware has applied it), else the language the user chose."""
    if "HTTP_ACCEPT_LANGUAGE" not in request.META and getattr(user, "language", None):
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user, api_token = user_for_token(token)
        if user is None:
            return None
        request.user = user
        request.api_token = api_token
        speak_the_users_language(request, user)
        return user


class Session(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user:
            speak_the_users_language(request, user)
        return user or None


session_auth = Session()
bearer_auth = BearerToken()
DEFAULT_AUTH = [bearer_auth, session_auth]


def optional_user(request):
    """The caller on a public endpoint: bearer token, then session, else anonymous (None)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user, api_token = user_for_token(header[7:].strip())
        if user is None:
            raise AuthenticationFailed(_("Invalid or revoked token."))
        request.user = user
        speak_the_users_language(request, user)
        return user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
