"""The project's middleware: bad input refused, private responses, two-factor enforcement and
the record of signed-in sessions (the last two: issue 14.7, see their classes).

Refuse input nothing below can take, early and with a clear 4xx.

- NUL characters in URLs and JSON bodies (400): PostgreSQL cannot store U+0000 in text, so
  such input would otherwise fail deep inside a query as a 500. (Django's forms already
  refuse it in form fields.)
- API bodies that are not JSON (415): django-ninja parses any body as JSON whatever its
  content type, which let JSON sent as `text/plain` past the NUL check. Every API body is
  checked for NUL whatever its type.
- Bodies above DATA_UPLOAD_MAX_MEMORY_SIZE (413), answered in the API's error shape there,
  and uploads above UPLOAD_MAX_BYTES (413, a page saying so; see core.uploads).

API answers use the API's one error shape (`{"detail": ...}`); other pages get plain text.
"""

from urllib.parse import unquote_to_bytes, urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .lockout import client_ip
from .models import UserSession
from .two_factor import (
    NOT_REQUIRED_KEY,
    session_is_verified,
    two_factor_enabled,
    two_factor_required,
)
from .uploads import UploadTooLarge
from .user_sessions import SEEN_RESOLUTION, user_session_touch

API_PREFIX = "/api/"
MESSAGE = "Null characters (U+0000) are not allowed in the request."
JSON_TYPES = frozenset({"application/json"})


def _upload_limit_mb() -> str:
    return f"{settings.UPLOAD_MAX_BYTES / 1024 / 1024:g}"


def _nul_in_url(request) -> bool:
    return "\x00" in request.path or b"\x00" in unquote_to_bytes(
        request.META.get("QUERY_STRING", "")
    )


def _nul_in_body(body: bytes) -> bool:
    return b"\x00" in body or b"\\u0000" in body


def _not_json(request, body: bytes) -> bool:
    """A body that is not JSON. An empty form (what Django's test client and some HTTP
    libraries send for a POST without data) counts as no body."""
    if not body or request.content_type in JSON_TYPES:
        return False
    if request.content_type == "multipart/form-data":
        try:
            return bool(request.POST or request.FILES)
        except (MultiPartParserError, SuspiciousOperation):
            return True
    return True


class RefuseBadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith(API_PREFIX)

        def refuse(message: str, status: int):
            if api:
                return JsonResponse({"detail": message}, status=status)
            return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")

        if _nul_in_url(request):
            return refuse(MESSAGE, 400)
        if not api and request.content_type == "multipart/form-data":
            # Parsed here, before any view or the CSRF check reads it, so that too large an
            # upload is one clear page (core.uploads refuses it before it reaches the disk).
            try:
                request.POST  # noqa: B018 -- parses the form and its files
            except UploadTooLarge:
                return render(request, "413.html", {"limit_mb": _upload_limit_mb()}, status=413)
        if not api and request.content_type not in JSON_TYPES:
            return self.get_response(request)
        # API bodies are parsed as JSON whatever their content type: check every one.
        try:
            body = request.body
        except RequestDataTooBig:
            return refuse(_("The request body is too large."), 413)
        if api and _not_json(request, body):
            return refuse(
                _("The request body must be JSON, sent as Content-Type: application/json."), 415
            )
        if _nul_in_body(body):
            return refuse(MESSAGE, 400)
        return self.get_response(request)


PRIVATE = "private, no-store"


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in user or a bearer
    token (set by the API's auth): packs, CVs, CSV exports, the API's `/me…`, dashboards and
    the back office all show personal data, and no browser or proxy should keep them. A view
    that sets its own Cache-Control keeps it (an employer's logo). The personal calendar feed,
    which has no login, sets the same header itself (itineraries.feeds)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = PRIVATE
        return response


# Pages an organiser or coordinator may open before the second step: logging in and out,
# the code and set-up pages, the language switch, and the privacy and accessibility pages.
TWO_FACTOR_OPEN_URLS = (
    "login",
    "login_code",
    "logout",
    "account_security_setup",
    "set_language",
    "privacy",
    "accessibility",
)


class TwoFactorMiddleware:
    """Organisers and coordinators (`core.two_factor.two_factor_required`) whose session has not
    passed the second step are sent to set up an authenticator app (no device yet) or to enter
    a code (redirect, keeping the page as `next`); API requests with such a session get 403 in
    the API's error shape. Bearer tokens are not concerned: getting one takes the code.

    Cheap on every request: a verified session is known from its own data, and a session found
    not to need it remembers that (NOT_REQUIRED_KEY), so neither asks the database again."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: tuple[str, ...] | None = None

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = (
                *(reverse(name) for name in TWO_FACTOR_OPEN_URLS),
                "/" + settings.STATIC_URL.lstrip("/"),
                "/favicon.ico",
            )
        return path.startswith(self._open_paths)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or session_is_verified(request)
            or request.session.get(NOT_REQUIRED_KEY)
            or self._is_open(request.path)
        ):
            return self.get_response(request)
        if not two_factor_required(user):
            request.session[NOT_REQUIRED_KEY] = True
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            return JsonResponse(
                {
                    "detail": _(
                        "Two-factor authentication is required: log in with your code on the "
                        "website first, or use a bearer token."
                    )
                },
                status=403,
            )
        target = "login_code" if two_factor_enabled(user) else "account_security_setup"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))


SEEN_KEY = "_session_seen"


class SessionActivityMiddleware:
    """Records each signed-in session as a `core.UserSession` (browser, coarse address, last
    seen), writing at most once a minute per session: the session itself remembers when it
    was last recorded (SEEN_KEY). A session that logs out loses its row."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        was_key = (
            session.session_key
            if session is not None and user is not None and user.is_authenticated
            else None
        )
        response = self.get_response(request)
        if session is None:
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            if was_key:  # logged out during this request
                UserSession.objects.filter(session_key=was_key).delete()
            return response
        key = session.session_key
        if not key:
            return response
        now = timezone.now()
        seen = session.get(SEEN_KEY)
        if (
            not isinstance(seen, list)
            or len(seen) != 2
            or seen[0] != key
            or now.timestamp() - float(seen[1]) >= SEEN_RESOLUTION.total_seconds()
        ):
            user_session_touch(
                user=user,
                session_key=key,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                ip=client_ip(request),
                now=now,
            )
            session[SEEN_KEY] = [key, now.timestamp()]
        return response
