"""A page, not an empty response, when a browser opens an action's URL with the wrong method."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults


class MethodNotAllowedPageMiddleware:
    """Django's `require_POST` answers a GET with an empty 405, which a browser shows as a
    blank page (someone following an old link to a confirmation step, or reloading one).
    Web pages get a page that says what happened; the API keeps its JSON errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.path.startswith("/api/"):
            return response
        if getattr(response, "streaming", False) or response.content:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page


def bad_request(request, exception=None):
    """400 for requests Django refuses before any view (a Host header that is not allowed, a
    malformed body): the API answers in its one JSON error shape, web pages with the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)
