"""Real-browser checks: an organiser creates and publishes a trip, and the main pages load
without breaking their Content-Security-Policy."""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.services import organiser_add
from tests.factories import ApplicationFactory, OrganiserFactory, TripFactory, ensure_sectors
from tests.itineraries.conftest import make_item
from tests.signin import browser_code_step

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Report every Content-Security-Policy violation to the console, where watch_csp sees it.
_REPORT_CSP = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});"""


def watch_csp(page) -> list[str]:
    """The page's CSP violations from now on (across navigations): the
    `securitypolicyviolation` events and Chromium's console errors about the policy."""
    violations: list[str] = []
    page.add_init_script(_REPORT_CSP)

    def on_console(message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "CSP" in text):
            violations.append(f"{page.url}: {text}")

    page.on("console", on_console)
    return violations


@pytest.fixture
def browser_page(monkeypatch):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browserdeps)")
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse the
    # (still synchronous) ORM calls here. Set only for this test: `check --deploy` run by
    # other tests in subprocesses rejects the variable.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB", timezone_id="Europe/Stockholm")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.csp_violations = watch_csp(page)
        yield page
        context.close()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organiser_creates_and_publishes_a_trip(live_server, browser_page):
    ensure_sectors()  # transactional tests flush the migration-seeded sectors
    membership = OrganiserFactory(
        user__email="organiser@example.test", organisation__name="Östersunds kommun"
    )
    assert membership.user.check_password("pw-for-tests-1")
    start = timezone.localtime() + timedelta(days=40)
    page = browser_page

    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Log in").click()
    # Organisers log in in two steps: the password, then their authenticator app's code.
    TOTPDevice.objects.create(user=membership.user, name="app", confirmed=True)
    page.get_by_label("Email").fill("organiser@example.test")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    browser_code_step(page, membership.user)

    page.get_by_role("link", name="Back office").click()
    page.get_by_role("link", name="New trip").first.click()
    page.get_by_label("Title").fill("Fjällresa med Playwright")
    page.get_by_label("Summary").fill("Två dagar i Östersund och Åre")
    page.get_by_role("checkbox", name="IT", exact=True).check()
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT09:00"))
    page.get_by_label("Ends").fill((start + timedelta(days=1)).strftime("%Y-%m-%dT17:00"))
    page.get_by_label("Application deadline").fill(
        (start - timedelta(days=14)).strftime("%Y-%m-%dT23:00")
    )
    page.get_by_label("Base locations").fill("Östersund, Åre")
    page.get_by_label("Candidate places").fill("12")
    page.get_by_label("Employer slots").fill("4")
    page.get_by_label("Price of one employer slot (SEK, incl. VAT)").fill("15000")
    page.get_by_role("button", name="Create draft").click()

    assert page.get_by_role("status").filter(has_text="saved as a draft").is_visible()
    page.get_by_role("button", name="Publish").click()
    assert page.get_by_text("The trip alert will be emailed to").is_visible()
    page.get_by_role("button", name="Yes, publish").click()
    assert page.get_by_text("“Fjällresa med Playwright” is now published.").is_visible()

    page.get_by_role("link", name="Home").click()
    card = page.locator("article.trip-card", has_text="Fjällresa med Playwright")
    assert card.is_visible()
    assert "Östersund, Åre" in card.inner_text()
    assert page.csp_violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_load_without_csp_violations(live_server, browser_page):
    ensure_sectors()
    membership = OrganiserFactory(user__email="organiser@example.test")
    organiser_add(organisation=membership.organisation, user=membership.user)
    membership.user.is_superuser = True  # every admin page
    membership.user.save()
    trip = TripFactory(organisation=membership.organisation, status="published", slug="resan")
    make_item(trip, title="Fika på Jamtli")
    ApplicationFactory(trip=trip, status="accepted")
    page = browser_page
    url = live_server.url

    for path in ("/", "/trips/", "/trips/resan/", "/interest/", "/accounts/login/"):
        assert page.goto(url + path).ok, path
    page.goto(url + "/api/v1/docs")
    page.locator(".swagger-ui .info .title").first.wait_for()  # Swagger UI ran
    page.locator(".opblock").first.wait_for()  # and read the OpenAPI document

    # Organisers log in in two steps: the password, then their authenticator app's code.
    TOTPDevice.objects.create(user=membership.user, name="app", confirmed=True)
    page.goto(url + "/accounts/login/")
    page.get_by_label("Email").fill("organiser@example.test")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    browser_code_step(page, membership.user)
    page.wait_for_url(url + "/manage/")
    for path in (
        "/manage/",
        "/manage/trips/resan/",
        "/manage/trips/resan/applicants/",
        "/manage/trips/resan/programme/",
        "/trips/resan/pack/",
        "/admin/",
        "/admin/events/trip/",
        f"/admin/events/trip/{trip.pk}/change/",
    ):
        assert page.goto(url + path).ok, path
    page.wait_for_load_state("networkidle")

    assert page.csp_violations == []
