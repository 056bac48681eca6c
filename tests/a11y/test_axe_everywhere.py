"""Issue 16.1, every page: axe-core's WCAG 2.1 A/AA check on each page of the permission
matrix (tests/privacy/matrix.py) that answers a role 200 with HTML, as that role, in Swedish
and in English. The matrix lists every URL pattern and the admin, and fails for a new URL
without a row, so a new page is checked here as soon as it gets its row.

Chromium loads the pages from Django's test client in this thread, through Playwright's
request routing (static files from the staticfiles finders): the matrix world is built once
inside a transaction, which a live server's thread would not see, and each page is requested
in a savepoint rolled back afterwards, as the matrix does.

Many cells show the same page to different people (the home page to all eleven roles, with a
different menu for some). A page whose markup differs from one already checked only in its
words — the same elements, attributes and styles, the same texts empty or not — gets the same
answers from axe's rules, so it is checked once (`skeleton`). A different language is a
different `lang` attribute, so each language is checked on its own.
"""

import hashlib
import mimetypes
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from tests.privacy import matrix
from tests.privacy.matrix_world import ROLES, build_world
from tests.privacy.test_permission_matrix import ADMIN, URLS, _close, _url_for

from .test_axe import violations

# The markup does not depend on the database engine: checked in the SQLite run of the suite
# only (about four minutes here), not again on PostgreSQL.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        connection.vendor == "postgresql", reason="markup is the same on every database"
    ),
]

ORIGIN = "http://testserver"


# Django's own admin markup, for the service's technical staff (not the organisers, who work in
# /manage/): a tabular inline's "delete" checkboxes and a file field with a current file have
# no label. Named in the accessibility statement as known shortcomings.
DJANGO_ADMIN_LABELS = "Django admin: inline delete checkboxes and a replaced file have no label"
KNOWN = {
    key: DJANGO_ADMIN_LABELS
    for key in (
        "admin:candidates_candidate_change",
        "admin:core_user_change",
        "admin:employers_employer_change",
        "admin:events_organisation_change",
    )
}


def _html_pages() -> list:
    """(key, the roles the matrix answers 200) for every GET page."""
    pages = []
    for key, row in matrix.EXPECTED.items():
        if key not in URLS and key not in ADMIN:
            continue  # API operations answer JSON
        method, codes = matrix.parse(row)
        roles = [role for role, code in zip(ROLES, codes, strict=True) if code == "200"]
        if method == "GET" and roles:
            marks = [pytest.mark.xfail(reason=KNOWN[key], strict=True)] if key in KNOWN else []
            pages.append(pytest.param(key, roles, id=key, marks=marks))
    return pages


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        yield w
        w.candidate.cv.delete(save=False)
        transaction.set_rollback(True)


class _Skeleton(HTMLParser):
    # Attributes that differ per request, not per page.
    VOLATILE = {"nonce", "value", "content"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.raw = False

    def handle_starttag(self, tag, attrs):
        kept = sorted((k, "" if k in self.VOLATILE else (v or "")) for k, v in attrs)
        self.parts.append(f"<{tag} {kept}>")
        self.raw = tag == "style"

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")
        self.raw = False

    def handle_data(self, data):
        self.parts.append(data if self.raw else ("t" if data.strip() else ""))


def skeleton(html: str) -> str:
    """The page's markup with every text reduced to "t" (or "" when blank)."""
    parser = _Skeleton()
    parser.feed(html)
    return hashlib.sha256("".join(parser.parts).encode()).hexdigest()


class InProcessSite:
    """Serves Chromium pages from Django's test client, as one person in one language.

    The page itself is requested here, in the test's own context: Playwright calls its route
    handlers in another greenlet, where Django would open a second database connection that
    cannot see the world. The handler only hands over that response, static files (from the
    staticfiles finders) and media files; anything else the page asks for answers 404."""

    def __init__(self, page):
        self.page = page
        self.client = Client(raise_request_exception=False)
        self.documents: dict[str, tuple[int, dict, bytes]] = {}
        self.checked: set[str] = set()  # skeletons of the pages axe has checked
        page.route(f"{ORIGIN}/**", self._answer)

    def act_as(self, session_key: str | None, language: str) -> None:
        self.client.cookies.clear()
        if session_key:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    def goto(self, path: str) -> tuple[int, str]:
        """Request the page; when it is HTML whose skeleton is new, show it in Chromium.
        Returns the status and the content type ("" for a page already checked)."""
        with transaction.atomic():
            response = self.client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            _close(response)
            transaction.set_rollback(True)
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html"):
            shape = skeleton(body.decode())
            if shape in self.checked:
                return response.status_code, ""
            self.checked.add(shape)
            self.documents = {ORIGIN + path: (response.status_code, dict(response.items()), body)}
            self.page.goto(ORIGIN + path)
        return response.status_code, kind

    def _answer(self, route, request) -> None:
        if request.url in self.documents:
            status, headers, body = self.documents[request.url]
            route.fulfill(status=status, headers=headers, body=body)
            return
        path = urlsplit(request.url).path
        found = None
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path.removeprefix(settings.STATIC_URL))
        elif path.startswith(settings.MEDIA_URL):
            candidate = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
            found = str(candidate) if candidate.is_file() else None
        if not found:
            route.fulfill(status=404, body=b"")
            return
        kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
        # Cached by Chromium for the module's run, as a deployment's static files are.
        headers = {"Content-Type": kind, "Cache-Control": "public, max-age=3600"}
        route.fulfill(status=200, body=Path(found).read_bytes(), headers=headers)


@pytest.fixture(scope="module")
def module_page(django_db_blocker):
    import shutil

    from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS

    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browserdeps)")
    mp = pytest.MonkeyPatch()
    mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # see tests/web/test_browser.browser_page
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- browser tests only

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="en-GB", timezone_id="Europe/Stockholm").new_page()
        page.set_default_timeout(20_000)
        yield page
        browser.close()
    mp.undo()


@pytest.fixture(scope="module")
def site(module_page, world):
    return InProcessSite(module_page)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "roles"), _html_pages())
def test_every_page_each_role_reaches_has_no_violations(site, world, key, roles):
    page = site.page
    found = []
    path = _url_for(world, key)
    for role in roles:
        for language in ("sv", "en"):
            cache.clear()
            site.act_as(world.sessions[role], language)
            status, kind = site.goto(path)
            assert status == 200, f"{role}: {status}"
            if not kind:
                continue  # the same page as one checked already
            if not kind.startswith("text/html"):
                break  # a PDF, a calendar or a CSV: its own tests check it
            assert page.locator("html").get_attribute("lang") == language, role
            found += [f"{role}/{language}: {line}" for line in violations(page)]
    assert found == []
