"""The candidate's whole journey in a real browser, with an organiser in a second window."""

import re
import shutil
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.models import User
from events.services import organiser_add
from tests.factories import OrganisationFactory, TripFactory, UserFactory, ensure_sectors, sector

from ...signin import browser_code_step
from ..test_browser import CHROMIUM, CHROMIUM_ARGS, watch_csp
from .conftest import pdf_bytes


@pytest.fixture
def browser(monkeypatch):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browserdeps)")
    # See tests/web/test_browser.py: Playwright's sync API runs an event loop in this thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _window(browser, live_server):
    """A separate browsing context (its own cookies), showing pages in English."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/Stockholm")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_violations = watch_csp(page)
    return page


def _path_in_last_mail(pattern: str) -> str:
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_candidate_journey_from_interest_to_accepted(live_server, browser):
    ensure_sectors()
    organisation = OrganisationFactory(name="Östersunds kommun")
    organiser = UserFactory(email="organiser@example.test", full_name="Olle Organisatör")
    organiser_add(organisation=organisation, user=organiser)
    start = timezone.now() + timedelta(days=40)
    TripFactory(
        organisation=organisation,
        status="published",
        title="Fjällresan för IT-folk",
        slug="fjallresan",
        starts_at=start,
        ends_at=start + timedelta(days=1),
        application_deadline=start - timedelta(days=10),
        candidate_capacity=5,
        sectors=[sector("it")],
    )
    mail.outbox.clear()
    page = _window(browser, live_server)

    # 1. Interest without an account, confirmed from the email.
    page.goto(f"{live_server.url}/interest/")
    page.get_by_label("Email").fill("sara@example.test")
    page.get_by_role("checkbox", name="IT", exact=True).check()
    page.get_by_label("Yes, add me to the talent database").check()
    page.get_by_role("button", name="Keep me posted").click()
    assert page.get_by_role("heading", name="Check your inbox").is_visible()

    page.goto(live_server.url + _path_in_last_mail(r"/interest/confirm/[^/\s]+/"))
    page.get_by_role("button", name="Yes, confirm").click()
    assert page.get_by_role("heading", name="Thank you for confirming").is_visible()

    # 2. Sign up as a candidate.
    page.get_by_role("main").get_by_role("link", name="Sign up as candidate").click()
    page.get_by_label("Email").fill("sara@example.test")
    page.get_by_label("Your name").fill("Sara Sjöberg")
    page.get_by_label("Password:", exact=True).fill("fjäll-och-kod-2031")
    page.get_by_label("Password again").fill("fjäll-och-kod-2031")
    page.get_by_role("checkbox", name="IT", exact=True).check()
    page.get_by_role("button", name="Create my account").click()
    assert page.get_by_text("Welcome, Sara Sjöberg! Your account is ready.").is_visible()

    # 3. Complete the profile, CV included.
    page.goto(f"{live_server.url}/me/profile/")
    page.get_by_role("textbox", name="Phone").fill("070-123 45 67")
    page.get_by_role("textbox", name="Current city").fill("Göteborg")
    page.get_by_role("textbox", name="Country").fill("Sverige")
    page.get_by_role("textbox", name="Headline / current role").fill("Backend developer")
    page.get_by_role("spinbutton", name="Years of experience").fill("6")
    page.get_by_role("textbox", name="Skills").fill("Python, Django, PostgreSQL")
    page.get_by_role("textbox", name="Languages").fill("svenska, engelska")
    page.get_by_label("Earliest move date").fill("2031-08-01")
    page.get_by_label("Upload a new CV").set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Your profile is saved.").is_visible()
    assert page.get_by_role("heading", name="Your profile is 100% complete").is_visible()

    # 4. Apply to the trip from the trips list.
    page.goto(f"{live_server.url}/trips/")
    page.get_by_role("link", name="Fjällresan för IT-folk").click()
    page.get_by_role("link", name="Apply for this trip").click()
    page.get_by_label("Why do you want to come on this trip?").fill("Fjällen och kod!")
    page.get_by_role("button", name="Send application").click()
    application = page.locator("li.application", has_text="Fjällresan för IT-folk")
    assert "Status: Submitted" in application.inner_text()

    # 5. The organiser accepts in the back office, in another window.
    back_office = _window(browser, live_server)
    back_office.goto(f"{live_server.url}/accounts/login/")
    back_office.get_by_label("Email").fill("organiser@example.test")
    back_office.get_by_label("Password").fill("pw-for-tests-1")
    back_office.get_by_role("main").get_by_role("button", name="Log in").click()
    browser_code_step(back_office, User.objects.get(email="organiser@example.test"))
    back_office.get_by_role("link", name="Back office").click()
    back_office.get_by_role("link", name="Fjällresan för IT-folk", exact=True).click()
    back_office.get_by_role("link", name="Applicants").click()
    back_office.get_by_role("checkbox", name="Select Sara Sjöberg").check()
    back_office.get_by_role("button", name="Accept", exact=True).click()
    assert back_office.get_by_text("1 application is now accepted.").is_visible()

    # 6. The candidate sees it.
    page.reload()
    application = page.locator("li.application", has_text="Fjällresan för IT-folk")
    assert "Status: Accepted" in application.inner_text()
    assert page.get_by_text("You are going on").is_visible()
    assert page.csp_violations == back_office.csp_violations == []
