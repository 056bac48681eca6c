"""Conditional GET (ETag → 304 Not Modified) for public pages and lists.

`public_etag(version)` decorates a view with Django's `condition(etag_func=...)`. The tag is
a hash of the data version the view's response shows (`version(request, *args, **kwargs)`,
e.g. `events.selectors.upcoming_trips_version`) and of everything else the response varies on: the
language, the full path (the page repeats it in links), the visitor's CSRF secret (pages
carry forms with a token made from it) and the response's format. Only anonymous visitors
without pending messages get a tag: a signed-in user's responses are `private, no-store`
(core.middleware.PrivateResponsesMiddleware) and show their own header and navigation, so
they are never answered with 304; a pending message shows once, on the next page rendered.

Responses with a tag get `Cache-Control: private, no-cache`: the browser keeps the page and
asks each time (If-None-Match), a shared cache keeps nothing (the page's CSRF token is the
visitor's). `Vary` stays as the middleware sets it (Cookie, Accept-Language).
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import condition
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

PUBLIC_CACHE_CONTROL = "private, no-cache"
JSON_CONTENT_TYPE = f"{JSONRenderer.media_type}; charset={JSONRenderer.charset}"


def tag_for(request: HttpRequest, version: str, *, csrf: bool = True) -> str | None:
    """The ETag (unquoted) of a response showing data at `version` to this request, or None
    when the request gets none (signed in, or a message is waiting to be shown)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    if len(get_messages(request)):  # counts without marking them shown
        return None
    parts = [version, get_language() or "", request.get_full_path()]
    if csrf:
        if not request.META.get("CSRF_COOKIE"):
            get_token(request)  # the secret the page's forms are made from, set when missing
        parts.append(request.META.get("CSRF_COOKIE") or "")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def public_etag(version: Callable[..., str], *, csrf: bool = True) -> Callable:
    """Decorate a GET view: its ETag is `tag_for(request, version(request, ...))`; a request
    whose If-None-Match has it is answered 304 without running the view. `csrf=False` for
    responses with no form (JSON)."""

    def etag_func(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None  # before `version`: its queries are of no use then
        return tag_for(request, version(request, *args, **kwargs), csrf=csrf)

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        conditional = condition(etag_func=etag_func)(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = conditional(request, *args, **kwargs)
            if response.has_header("ETag") and not response.has_header("Cache-Control"):
                response["Cache-Control"] = PUBLIC_CACHE_CONTROL
            return response

        return wrapper

    return decorator


def memoised_on_request[T](request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per request (kept on the request as `name`): the ETag's version and
    the view that renders the data read the same one query."""
    if not hasattr(request, name):
        setattr(request, name, compute())
    return getattr(request, name)


def cached_public_list(
    version: Callable[..., str], *, schema: type[BaseModel], prefix: str, timeout: int = 600
) -> Callable:
    """Decorate a paginated ninja GET list (above `@paginate`) so that anonymous callers get
    an ETag and a 304 for a matching If-None-Match, and the page's JSON is kept in the cache
    under that tag: `version(request, **kwargs)` (one small query) stands for everything the
    page shows, so a page is rendered and validated once per version. The JSON is made as
    ninja makes it — `schema` (the paginated output: items and count) validates the view's
    answer, ninja's JSON renderer writes it. Signed-in callers and bearer tokens (an
    organiser's list also has their drafts) go through ninja as usual, without a tag."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> Any:
            if request.headers.get("Authorization"):
                return view(request, **kwargs)
            user = getattr(request, "user", None)
            tag = None
            if user is None or not user.is_authenticated:
                tag = tag_for(request, version(request, **kwargs), csrf=False)
            if tag is None:
                return view(request, **kwargs)
            etag = quote_etag(tag)
            response = get_conditional_response(request, etag=etag)
            if response is None:
                key = f"{prefix}:{tag}"
                body = cache.get(key)
                if body is None:
                    data = schema.model_validate(view(request, **kwargs)).model_dump()
                    body = JSONRenderer().render(request, data, response_status=200)
                    cache.set(key, body, timeout)
                response = HttpResponse(body, content_type=JSON_CONTENT_TYPE)
            response["ETag"] = etag
            response["Cache-Control"] = PUBLIC_CACHE_CONTROL
            patch_vary_headers(response, ("Authorization",))
            return response

        return wrapper

    return decorator
