"""Zoom and contrast (issue 16.5), in a real browser: at 320 CSS pixels wide — 1280 at 400 %
zoom — no page scrolls sideways and every data table reflows into one block per row (only
the two-dimensional grids scroll, inside their own frame); in forced-colours mode buttons
keep a visible border and the keyboard focus a visible outline."""

import pytest

from tests.web.test_browser import browser_page  # noqa: F401 -- fixture

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}

# What each page's table-wraps may do at 320 px: scroll (a two-dimensional grid) or not.
TWO_DIMENSIONAL = ".meeting-grid, .wish-matrix__table, [data-reflow='off']"


def test_no_page_scrolls_sideways_at_320_pixels(live_server, browser_page, world):  # noqa: F811
    page = browser_page
    page.set_viewport_size(NARROW)
    problems = []
    for user, paths in world.items():
        log_in(page, live_server, user)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.ok, (path, response.status)
            page.wait_for_load_state("load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                problems.append(f"{path} as {user}: the page is {width} px wide")
            wide_tables = page.evaluate(
                """(skip) => [...document.querySelectorAll('.table-wrap')]
                    .filter((wrap) => !wrap.querySelector(skip))
                    .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
                    .map((wrap) => wrap.querySelector('table')?.className)""",
                TWO_DIMENSIONAL,
            )
            problems += [f"{path} as {user}: table {name} scrolls" for name in wide_tables]
    assert problems == []


def test_a_reflowed_table_keeps_its_roles_and_names_each_value(
    live_server,
    browser_page,  # noqa: F811
    world,
):
    page = browser_page
    page.set_viewport_size(NARROW)
    organiser = list(world)[-1]
    log_in(page, live_server, organiser)

    page.goto(f"{live_server.url}/manage/trips/it-resan/applicants/")

    table = page.locator("table.applicant-table")
    assert table.get_attribute("role") == "table"
    row = page.get_by_role("row").filter(has_text="Åsa Öberg")
    assert row.count() == 1
    city = row.get_by_role("cell").filter(has_text="Göteborg")
    assert city.get_attribute("data-label") == "City"
    label = city.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"City"'
    assert page.get_by_role("columnheader", name="City").count() == 1  # still announced


def test_forced_colours_keep_borders_and_the_focus_visible(
    live_server,
    browser_page,  # noqa: F811
    world,
):
    page = browser_page
    page.emulate_media(forced_colors="active")
    log_in(page, live_server, list(world)[-1])
    page.goto(f"{live_server.url}/manage/trips/it-resan/applicants/")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")

    buttons = page.evaluate(
        """[...document.querySelectorAll('main .button, main button')]
            .filter((b) => b.offsetParent)
            .map((b) => getComputedStyle(b))
            .map((s) => [s.borderTopStyle, parseFloat(s.borderTopWidth)])"""
    )
    assert buttons and all(style != "none" and width >= 1 for style, width in buttons)

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """(() => { const s = getComputedStyle(document.activeElement);
                    return [document.activeElement.tagName, s.outlineStyle,
                            parseFloat(s.outlineWidth)]; })()"""
    )
    assert focused[1] != "none" and focused[2] >= 2, focused
