from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import TripFactory, sector

from .pages import page_text, texts

pytestmark = pytest.mark.django_db


def test_home_lists_published_trips_not_drafts(client, organisation):
    now = timezone.now()
    TripFactory(
        organisation=organisation,
        title="Höstresa",
        status="published",
        starts_at=now + timedelta(days=60),
    )
    TripFactory(
        organisation=organisation,
        title="Sommarresa",
        status="published",
        starts_at=now + timedelta(days=30),
    )
    TripFactory(organisation=organisation, title="Hemligt utkast")  # draft
    TripFactory(organisation=organisation, title="Inställd resa", status="cancelled")

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert texts(response.content, "h3", "card__title") == ["Sommarresa", "Höstresa"]


def test_home_card_shows_dates_places_sectors_and_summary(client, organisation):
    trip = TripFactory(
        organisation=organisation,
        title="Vårresa",
        status="published",
        summary="Skidor, skolor och jobb",
        base_locations="Östersund, Åre",
        international_applicants=True,
        sectors=[sector("it"), sector("vard-omsorg")],
    )

    response = client.get(reverse("home"))

    [card] = texts(response.content, "article", "trip-card")
    start, end = timezone.localtime(trip.starts_at), timezone.localtime(trip.ends_at)
    assert card == (
        f"Vårresa {date_format(start, 'j F Y')}–{date_format(end, 'j F Y')} "
        "Where: Östersund, Åre IT Care Skidor, skolor och jobb "
        "International applicants welcome Read more →"
    )
    assert f'href="{trip.get_absolute_url()}"' in response.content.decode()


def test_home_shows_empty_state_without_trips(client):
    response = client.get(reverse("home"))

    assert texts(response.content, "h3", "card__title") == []
    assert "No trips are open right now." in page_text(response.content)


def _queries_for_home(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries)


def test_home_query_count_does_not_grow_with_trips(client, organisation):
    TripFactory.create_batch(2, organisation=organisation, status="published")
    with_two = _queries_for_home(client)
    TripFactory.create_batch(18, organisation=organisation, status="published")
    with_twenty = _queries_for_home(client)

    # The version of the list, the trips, and their sectors in one prefetch.
    assert with_two == with_twenty == 3


def test_home_serves_an_unchanged_list_from_the_cache_and_shows_a_change(client, organisation):
    from events.services import trip_update

    trips = TripFactory.create_batch(3, organisation=organisation, status="published")
    first = client.get(reverse("home"))
    assert trips[0].title in texts(first.content, "h3", "card__title")

    # Unchanged: only the list's version is read; the cards come from the cache.
    assert _queries_for_home(client) == 1
    cached = client.get(reverse("home"))
    assert texts(cached.content, "ul", "card-grid") == texts(first.content, "ul", "card-grid")

    trip_update(trip=trips[0], actor=None, title="Vinterresan till Åre")
    changed = texts(client.get(reverse("home")).content, "h3", "card__title")
    assert "Vinterresan till Åre" in changed
    assert trips[0].title not in changed

    # A trip that is unpublished leaves the list at once.
    trips[1].status = "draft"
    trips[1].save(update_fields=["status"])
    assert trips[1].title not in texts(client.get(reverse("home")).content, "h3", "card__title")


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.svg")
    assert b"<svg" in Path(finders.find("img/favicon.svg")).read_bytes()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in client.get("/").content.decode()


def test_opening_an_action_with_get_explains_instead_of_a_blank_page(client, organiser):
    client.force_login(organiser)
    response = client.get(reverse("manage:trip_transition", args=["any-trip"]))
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert texts(response.content, "h1") == ["This page is reached with a button"]
    assert "Nothing has been changed." in page_text(response.content)
    api = client.get("/api/v1/auth/token")
    assert api.status_code == 405 and "This page is reached" not in api.content.decode()
