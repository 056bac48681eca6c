"""The personal calendar page: make, show, renew and turn off the private feed link."""

import re

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, CandidateFactory

from ..pages import page_text, texts
from .conftest import make_item

pytestmark = pytest.mark.django_db


def shown_feed_url(response) -> str | None:
    match = re.search(
        r'<input id="personal-feed-url" class="copy-field" type="text" readonly value="([^"]+)">',
        response.content.decode(),
    )
    return match.group(1) if match else None


@pytest.fixture
def candidate_client(client, trip):
    """A candidate with a place on the trip, logged in; the trip has one item for everyone."""
    candidate = CandidateFactory(user__email="anna@example.test")
    ApplicationFactory(candidate=candidate, trip=trip, status="accepted")
    make_item(trip, "Välkomstfika", trip.starts_at, trip.starts_at.replace(hour=9))
    client.force_login(candidate.user)
    return client


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("my_calendar"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/me/calendar/"


def test_without_a_link_the_page_offers_to_make_one(candidate_client):
    response = candidate_client.get(reverse("my_calendar"))

    assert texts(response.content, "h1") == ["My calendar"]
    assert texts(response.content, "h2") == ["You have no calendar link"]
    assert shown_feed_url(response) is None
    assert "Make my calendar link" in page_text(response.content)


def test_the_shown_link_works_until_renewed_or_turned_off(candidate_client):
    made = candidate_client.post(reverse("my_calendar_regenerate"), follow=True)

    assert texts(made.content, "p", "message") == [
        "Your calendar link is ready. Add it to your calendar app."
    ]
    first = shown_feed_url(made)
    assert re.fullmatch(r"http://testserver/calendar/[0-9a-f]{12}[\w-]{32}\.ics", first)
    html = made.content.decode()
    assert f'href="webcal://{first.removeprefix("http://")}"' in html
    assert f'href="{first}" download' in html
    feed = candidate_client.get(first)
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Välkomstfika" in feed.content.decode()

    renewed = candidate_client.post(reverse("my_calendar_regenerate"), follow=True)

    assert texts(renewed.content, "p", "message") == [
        "You have a new calendar link. The old one no longer works: replace it in your "
        "calendar apps."
    ]
    second = shown_feed_url(renewed)
    assert second != first
    assert candidate_client.get(first).status_code == 404
    assert candidate_client.get(second).status_code == 200

    off = candidate_client.post(reverse("my_calendar_revoke"), follow=True)

    assert texts(off.content, "p", "message") == [
        "Your calendar link is turned off. Calendars that used it stop updating."
    ]
    assert shown_feed_url(off) is None
    assert texts(off.content, "h2") == ["You have no calendar link"]
    assert candidate_client.get(second).status_code == 404


def test_the_page_warns_that_a_new_link_replaces_the_old_one(candidate_client):
    response = candidate_client.post(reverse("my_calendar_regenerate"), follow=True)

    assert "A new link replaces this one. The current link stops working at once" in page_text(
        response.content
    )
    assert texts(response.content, "button", "button--ghost")[-1] == "Make a new link"
    assert texts(response.content, "button", "button--danger") == ["Turn off the link"]


def test_changing_the_link_needs_post(candidate_client):
    assert candidate_client.get(reverse("my_calendar_regenerate")).status_code == 405
    assert candidate_client.get(reverse("my_calendar_revoke")).status_code == 405


def test_each_user_sees_only_their_own_link(client, candidate_client, plain_user):
    mine = shown_feed_url(candidate_client.post(reverse("my_calendar_regenerate"), follow=True))
    client.force_login(plain_user)

    response = client.get(reverse("my_calendar"))

    assert shown_feed_url(response) is None
    assert mine not in response.content.decode()
