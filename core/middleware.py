"""Refuse input nothing below can take, early and with a clear 4xx.

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

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from .uploads import UploadTooLarge

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
