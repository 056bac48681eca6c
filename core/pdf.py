"""The one seam to WeasyPrint: render_pdf(template, context) -> bytes.

Every resource a document refers to goes through SafeURLFetcher, which serves only the
project's own static files (`pack-static:<path>`) and the uploaded images a caller allows
(`pack-media:<path>`). Everything else — file:, http(s):, data:, internal addresses — is
refused without being opened, so nothing a user types can make the server read a file or
call a network address.
"""

import functools
import mimetypes
import ssl
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

if TYPE_CHECKING:  # WeasyPrint ships no types: these are Any to mypy, and names to readers
    from weasyprint.urls import URLFetcher

STATIC_SCHEME = "pack-static:"
MEDIA_SCHEME = "pack-media:"


class RefusedResource(ValueError):
    pass


def _safe_relative(path: str) -> str:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not path:
        raise RefusedResource(f"Refused path: {path!r}")
    return str(pure)


@functools.cache
def _unused_ssl_context() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _fetcher_class() -> "type[URLFetcher]":
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        def __init__(self, *, media: Iterable[str] = ()) -> None:
            # An SSL context of its own, never used (no network URL is fetched): WeasyPrint's
            # default loads the system's certificates, 20 ms for every document rendered.
            super().__init__(
                allowed_protocols=(), fail_on_errors=False, ssl_context=_unused_ssl_context()
            )
            self.allowed_media = {str(PurePosixPath(m)) for m in media}
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            try:
                return self._fetch(url)
            except RefusedResource:
                self.refused.append(url)
                raise

        def _fetch(self, url: str) -> URLFetcherResponse:
            if url.startswith(STATIC_SCHEME):
                found = finders.find(_safe_relative(url.removeprefix(STATIC_SCHEME)))
                if not found:
                    raise RefusedResource(f"No such static file: {url}")
                return self._file(url, Path(found))
            if url.startswith(MEDIA_SCHEME):
                path = _safe_relative(url.removeprefix(MEDIA_SCHEME))
                if path not in self.allowed_media:
                    raise RefusedResource(f"Not part of this document: {url}")
                return self._file(url, Path(settings.MEDIA_ROOT) / path)
            raise RefusedResource(f"Refused URL: {url[:200]}")

        @staticmethod
        def _file(url: str, path: Path) -> URLFetcherResponse:
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return SafeURLFetcher


def safe_url_fetcher(*, media: Iterable[str] = ()) -> "URLFetcher":
    return _fetcher_class()(media=media)


def render_pdf(
    template: str,
    context: dict[str, Any],
    *,
    media: Iterable[str] = (),
    fetcher: "URLFetcher | None" = None,
    tagged: bool = True,
) -> bytes:
    """Render a Django template to PDF bytes. WeasyPrint is imported here (slow import).

    Every document we publish is PDF/UA-1 (issue 16.3): tagged (headings, tables with their
    headers, the reading order of the HTML) for screen readers, its language the template's
    `<html lang>`, its title the `<title>`, shown by readers instead of the file name.
    `tagged=False` only for measuring WeasyPrint itself."""
    return render_html_pdf(
        render_to_string(template, context), media=media, fetcher=fetcher, tagged=tagged
    )


def static_stylesheet(path: str) -> tuple[str, Any]:
    """A static CSS file's text and its WeasyPrint `CSS`, parsed once per process (and again
    when the file changes): the parts of an assembled document share their stylesheets."""
    found = finders.find(_safe_relative(path))
    if not found:
        raise RefusedResource(f"No such static file: {path}")
    return _parsed_stylesheet(path, str(found), Path(found).stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _parsed_stylesheet(path: str, found: str, _mtime: int) -> tuple[str, Any]:
    from weasyprint import CSS

    text = Path(found).read_text(encoding="utf-8")
    css = CSS(string=text, base_url=STATIC_SCHEME + path, url_fetcher=safe_url_fetcher())
    return text, css


def render_html_pdf(
    html: str,
    *,
    media: Iterable[str] = (),
    stylesheets: Sequence[str] = (),
    fetcher: "URLFetcher | None" = None,
    tagged: bool = True,
    font_config: Any = None,
) -> bytes:
    """`render_pdf` of HTML already rendered: the parts of an assembled document, which
    share one WeasyPrint `FontConfiguration` (fonts are looked up once, not per part) and
    their `stylesheets` (static paths, `static_stylesheet`: parsed once)."""
    from weasyprint import HTML

    fetcher = fetcher or safe_url_fetcher(media=media)
    document = HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=fetcher)
    options: dict[str, Any] = {
        "font_config": font_config,
        "stylesheets": [static_stylesheet(path)[1] for path in stylesheets],
    }
    if tagged:
        options["pdf_variant"] = "pdf/ua-1"
    return document.write_pdf(**options)
