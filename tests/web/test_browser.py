"""One journey through a real browser: an organiser creates and publishes a trip."""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import OrganiserFactory, ensure_sectors

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
    page.get_by_label("Email").fill("organiser@example.test")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("main").get_by_role("button", name="Log in").click()

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
