"""Keyboard alone (issue 16.2): the candidate's journey — interest, sign up, profile, apply —
and an employer's booking, done in Chromium with Tab, Space and Enter only. Every stop of
the focus must be visible, the skip link must lead into the page, the focus must never be
trapped, and form errors must be announced (an alert, and each field described by its
error)."""

import re

import pytest

from candidates.models import Application, Candidate, InterestRegistration
from employers.models import SlotBooking
from tests.factories import EmployerMemberFactory, TripFactory, ensure_sectors
from tests.web.test_browser import browser_page  # noqa: F401 -- fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"

_FOCUS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName + '#' + element.id + '[' + element.type + ']',
        text: (element.textContent || element.value || '').trim().slice(0, 40),
        outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    };
}"""


def tab_to(page, target, *, limit=120):
    """Press Tab until `target` (a locator) has the focus, checking that every element the
    focus stops on shows it. Fails when the focus never arrives (unreachable, or trapped in
    a loop elsewhere)."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS)
        stops.append(focus)
        if not focus["tag"].startswith("BODY"):
            assert focus["outline"] >= 2, f"focus not visible on {focus}"
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"never reached {target}: {[s['text'] for s in stops[-10:]]}")


def type_into(page, target, text):
    tab_to(page, target)
    page.keyboard.type(text)


def press(page, target, key="Enter"):
    tab_to(page, target)
    with page.expect_navigation() if key == "Enter" else _nothing():
        page.keyboard.press(key)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def tick(page, target):
    tab_to(page, target)
    page.keyboard.press("Space")
    assert target.is_checked()


def assert_errors_announced(page, field):
    """An error summary screen readers read out at once, and the field described by its
    own error message."""
    assert page.get_by_role("alert").count() >= 1
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    messages = [page.locator(f"#{i}").inner_text().strip() for i in described]
    assert any(messages), described


@pytest.fixture
def open_trip():
    ensure_sectors()
    return TripFactory(status="published", slug="it-resan", title="IT-resan")


def test_the_skip_link_is_the_first_stop_and_moves_into_the_page(live_server, browser_page):  # noqa: F811
    page = browser_page
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_a_candidate_registers_signs_up_fills_the_profile_and_applies_by_keyboard(
    live_server,
    browser_page,  # noqa: F811
    open_trip,
):
    page = browser_page

    # Interest, first sent without an address: the errors are announced.
    page.goto(live_server.url + "/interest/")
    press(page, page.get_by_role("button", name="Keep me posted"))
    assert_errors_announced(page, page.get_by_label("Email"))
    type_into(page, page.get_by_label("Email"), "asa@example.test")
    tick(page, page.get_by_role("checkbox", name="IT"))
    tick(page, page.get_by_role("checkbox", name="Yes, add me to the talent database"))
    press(page, page.get_by_role("button", name="Keep me posted"))
    assert page.url.endswith("/interest/sent/")
    assert InterestRegistration.objects.filter(email="asa@example.test").exists()

    # Sign up.
    page.goto(live_server.url + "/accounts/signup/candidate/")
    type_into(page, page.get_by_label("Email"), "asa@example.test")
    type_into(page, page.get_by_label("Your name"), "Åsa Öberg")
    type_into(page, page.get_by_label(re.compile(r"^Password:?$")), "ett-långt-lösenord-42")
    type_into(page, page.get_by_label("Password again"), "ett-långt-lösenord-42")
    tick(page, page.get_by_role("checkbox", name="IT"))
    press(page, page.get_by_role("button", name="Create my account"))
    assert Candidate.objects.filter(user__email="asa@example.test").exists()

    # The profile.
    page.goto(live_server.url + "/me/profile/")
    type_into(page, page.get_by_label("Headline / current role"), "Backendutvecklare")
    press(page, page.get_by_role("button", name="Save profile"))
    assert page.get_by_role("status").count() >= 1  # "saved", announced
    assert Candidate.objects.get(user__email="asa@example.test").headline == "Backendutvecklare"

    # Apply, first without a motivation.
    page.goto(f"{live_server.url}/trips/{open_trip.slug}/")
    press(page, page.get_by_role("link", name="Apply for this trip"))
    press(page, page.get_by_role("button", name="Send application"))
    assert_errors_announced(page, page.get_by_label("Why do you want to come on this trip?"))
    type_into(
        page, page.get_by_label("Why do you want to come on this trip?"), "Fjällen och jobben."
    )
    type_into(page, page.get_by_label("Travelling from"), "Göteborg")
    press(page, page.get_by_role("button", name="Send application"))
    application = Application.objects.get(candidate__user__email="asa@example.test")
    assert application.trip == open_trip
    assert application.motivation == "Fjällen och jobben."


def test_an_employer_logs_in_and_books_a_slot_by_keyboard(
    live_server,
    browser_page,  # noqa: F811
    open_trip,
):
    member = EmployerMemberFactory(
        user__email="karin@foretag.test", employer__organisation=open_trip.organisation
    )
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/?next=/trips/{open_trip.slug}/")
    type_into(page, page.get_by_label("Email"), "karin@foretag.test")
    type_into(page, page.get_by_label("Password"), PASSWORD)
    press(page, page.get_by_role("main").get_by_role("button", name="Log in"))
    press(page, page.get_by_role("link", name="Book a slot"))
    press(page, page.get_by_role("button", name="Confirm booking"))

    booking = SlotBooking.objects.get(employer=member.employer, trip=open_trip)
    assert booking.status == "pending_payment"
    assert page.get_by_role("status").count() + page.get_by_role("heading").count() >= 1
