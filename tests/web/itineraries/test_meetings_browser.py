"""Meetings in a real browser: an employer marks a candidate in the pack, the organiser
computes the schedule, and the candidate finds the meeting in their calendar feed."""

import pytest

from ...signin import browser_code_step
from ..candidates.test_journey_browser import _window, browser  # noqa: F401 -- fixture

PASSWORD = "pw-for-tests-1"


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_employer_marks_organiser_schedules_candidate_sees_it(
    live_server,
    browser,  # noqa: F811 -- the fixture imported above
    meeting_world,
):
    w = meeting_world

    # 1. The employer marks Ada "Must meet" in the candidate pack.
    employer = _window(browser, live_server)
    _log_in(employer, live_server, w.members[0].email)
    employer.goto(f"{live_server.url}/trips/{w.trip.slug}/pack/")
    ada = employer.locator("section.pack__candidate", has_text="Ada Lind")
    ada.get_by_label("Meeting wish").select_option(label="Must meet")
    ada.get_by_role("button", name="Save").click()
    ada = employer.locator("section.pack__candidate", has_text="Ada Lind")
    assert ada.get_by_label("Meeting wish").input_value() == "must"

    # 2. The organiser computes the schedule in the back office.
    organiser = _window(browser, live_server)
    _log_in(organiser, live_server, w.organiser.email)
    browser_code_step(organiser, w.organiser)  # organisers log in with their app's code too
    organiser.goto(f"{live_server.url}/manage/trips/{w.trip.slug}/meetings/")
    organiser.get_by_role("button", name="Compute the schedule").click()
    grid = organiser.locator("table", has_text="Ada Lind")
    assert grid.count() >= 1
    assert "Åre Data" in organiser.content()

    # 3. Ada sees it on her meetings page and in her calendar feed.
    candidate = _window(browser, live_server)
    _log_in(candidate, live_server, w.candidates[0].email)
    candidate.goto(f"{live_server.url}/me/trips/{w.trip.slug}/meetings/")
    assert candidate.get_by_text("Åre Data").first.is_visible()
    candidate.goto(f"{live_server.url}/me/calendar/")
    candidate.get_by_role("button", name="Make my calendar link").click()
    feed_url = candidate.locator("#personal-feed-url").input_value()
    feed = candidate.request.get(feed_url).text()
    assert "BEGIN:VEVENT" in feed
    assert "Åre Data" in feed

    for page in (employer, organiser, candidate):
        assert page.csp_violations == []
