"""Automatic WCAG 2.1 A/AA checks (issue 16.1): axe-core, from the axe-playwright-python
package (no CDN), run in Chromium on the pages each role reaches, in Swedish and English, with
forms showing their validation errors and the empty states. Any violation fails the test,
listed with its rule, impact and the elements concerned."""

from pathlib import Path

import axe_playwright_python
import pytest

from tests.factories import CandidateFactory, OrganiserFactory
from tests.web.test_browser import browser_page  # noqa: F401 -- fixture

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations of the page as it is now, one line each. The
    script is evaluated by the browser's debugger, so the page's CSP need not allow it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate(
        "(tags) => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def set_language(page, live_server, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_roles_pages_have_no_violations(live_server, browser_page, world, language):  # noqa: F811
    page = browser_page
    found = []
    for user, paths in world.items():
        log_in(page, live_server, user)
        set_language(page, live_server, language)
        for path in paths:
            assert page.goto(live_server.url + path).ok, path
            assert page.locator("html").get_attribute("lang") == language
            found += violations(page)
    assert found == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_forms_showing_their_errors_have_no_violations(
    live_server,
    browser_page,  # noqa: F811
    world,
    language,
):
    page = browser_page
    anonymous, candidate, _member, organiser = list(world)
    found = []
    set_language(page, live_server, language)
    # Sent empty (or wrong): the page comes back with its errors shown.
    for user, path in (
        (anonymous, "/interest/"),
        (anonymous, "/accounts/login/"),
        (anonymous, "/accessibility/"),
        (candidate, "/me/profile/"),
        (candidate, "/account/security/setup/"),
        (organiser, "/manage/trips/new/"),
    ):
        log_in(page, live_server, user)
        set_language(page, live_server, language)
        page.goto(live_server.url + path)
        form = page.locator("main form.form[method=post]").last
        form.evaluate(
            "form => { form.noValidate = true; }"
        )  # the server's errors, not the browser's
        for field in form.locator("input[type=email], input[type=text], textarea").all():
            if field.is_visible() and field.is_editable():
                field.fill("")
        form.locator("[type=submit]").last.click()
        page.wait_for_load_state("load")
        errors = page.locator(".form-errors, .errorlist")
        assert errors.count() > 0, f"{path} showed no errors"
        found += violations(page)
    assert found == []


def test_empty_states_have_no_violations(live_server, browser_page):  # noqa: F811
    page = browser_page
    newcomer = CandidateFactory(name="Ny Kandidat").user
    lone_organiser = OrganiserFactory().user
    found = []
    for user, paths in (
        (None, ["/", "/trips/", "/jobs/"]),
        (newcomer, ["/me/"]),
        (lone_organiser, ["/manage/"]),
    ):
        log_in(page, live_server, user)
        for path in paths:
            assert page.goto(live_server.url + path).ok, path
            assert page.locator(".empty-state").count() > 0, f"{path} has no empty state"
            found += violations(page)
    assert found == []


def test_the_check_finds_what_it_should(live_server, browser_page):  # noqa: F811
    """The harness itself: on a page spoiled on purpose, axe reports each fault."""
    page = browser_page
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend',
                '<img src="/static/img/favicon.svg"><input type="text"><p>Svag kontrast</p>');
            const faint = main.lastElementChild;  // styled through the CSSOM, which CSP allows
            faint.style.color = '#ccc';
            faint.style.background = '#fff';
        }"""
    )

    rules = {line.split(": ")[1].split(" ")[0] for line in violations(page)}

    assert {"image-alt", "label", "color-contrast"} <= rules
