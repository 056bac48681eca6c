"""Keyboard alone (issue 16.2), the back office's two-dimensional pages: the meeting grid (add a
meeting in a free cell, open a meeting's "Change" disclosure, move it, lock it) and the
meeting-wish matrix, in Chromium with Tab, arrows, Space and Enter only. Each change is
announced as a status message after the page reloads."""

import pytest
from django.utils import timezone

from itineraries.models import Meeting, MeetingPreference
from tests.factories import ensure_sectors
from tests.itineraries.conftest import meeting_world  # noqa: F401 -- fixture
from tests.web.test_browser import browser_page  # noqa: F401 -- fixture

from .conftest import log_in
from .test_keyboard import press, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, select, label):
    """Pick an option of a closed <select> with the arrow keys, as a keyboard user does."""
    tab_to(page, select)
    for _ in range(select.locator("option").count()):
        if select.evaluate("s => s.options[s.selectedIndex].text.trim()") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r}")


def announced(page) -> str:
    return " ".join(page.get_by_role("status").all_inner_texts())


@pytest.fixture
def grid_world(meeting_world):  # noqa: F811
    ensure_sectors()
    return meeting_world


def test_an_organiser_adds_moves_and_locks_a_meeting_by_keyboard(
    live_server,
    browser_page,  # noqa: F811
    grid_world,
):
    page, trip = browser_page, grid_world.trip
    log_in(page, live_server, grid_world.organiser)
    page.goto(f"{live_server.url}/manage/trips/{trip.slug}/meetings/")

    # A free cell: the candidate is picked in its list, then "Add".
    cell = page.get_by_label("Candidate at 09:00, Åre Data, table 1")
    choose(page, cell, "Bo Ek")
    press(page, cell.locator("xpath=following-sibling::button"))
    meeting = Meeting.objects.get(trip=trip, application__candidate__name="Bo Ek")
    assert meeting.employer.name == "Åre Data"
    assert announced(page)

    # Its "Change" disclosure opens with Enter; the meeting moves to a later slot.
    summary = page.locator("summary", has_text="the meeting with Bo Ek")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    assert summary.evaluate("s => s.parentElement.open")
    move = page.get_by_label("Move to a free slot")
    choose(page, move, "09:25")
    press(page, page.get_by_role("button", name="Move", exact=True))
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "09:25"
    assert announced(page)

    # And is locked, so the automatic schedule keeps it.
    summary = page.locator("summary", has_text="the meeting with Bo Ek")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    press(page, page.get_by_role("button", name="Lock (automatic scheduling keeps it)"))
    meeting.refresh_from_db()
    assert meeting.locked
    assert page.locator(f"#meeting-{meeting.pk}").get_by_text("Locked").is_visible()


def test_an_organiser_sets_a_meeting_wish_by_keyboard(
    live_server,
    browser_page,  # noqa: F811
    grid_world,
):
    page, trip = browser_page, grid_world.trip
    log_in(page, live_server, grid_world.organiser)
    page.goto(f"{live_server.url}/manage/trips/{trip.slug}/meetings/wishes/")

    wish = page.locator("select").first
    label = page.locator(f"label[for='{wish.get_attribute('id')}']").inner_text()
    choose(page, wish, wish.locator("option").last.inner_text().strip())
    press(page, page.get_by_role("button", name="Save the wishes"))

    assert MeetingPreference.objects.filter(application__trip=trip).count() == 1, label
    assert announced(page)
