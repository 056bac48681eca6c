"""The programme on the trip page: what the public sees, and the calendar links."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TripFactory

from ..pages import page_text, texts
from .conftest import local, make_item

pytestmark = pytest.mark.django_db


def test_trip_page_shows_public_items_day_by_day(client, trip, programme):
    response = client.get(trip.get_absolute_url())

    assert texts(response.content, "h3", "programme__date") == [
        "Saturday 26 October 2030",
        "Sunday 27 October 2030",
    ]
    # Items for employers only are not public; the cancelled one stays, marked.
    assert texts(response.content, "ol", "programme__items") == [
        "08:30–09:00 Välkomstfika Storsjöteatern · Map Storsjöteatern "
        "20:00–21:00 Bastu vid Storsjön Cancelled",
        "00:30–01:30 Norrsken 09:00–10:30 Buss till Åre Östersund C, Strandgatan 2, Östersund",
    ]
    assert texts(response.content, "s", "programme-item__title") == ["Bastu vid Storsjön"]
    assert texts(response.content, "li", "programme-item--cancelled") == [
        "20:00–21:00 Bastu vid Storsjön Cancelled"
    ]
    html = response.content.decode()
    assert (
        'href="https://www.openstreetmap.org/?mlat=63.179000&amp;mlon=14.636000'
        '#map=15/63.179000/14.636000"' in html
    )


def test_trip_page_offers_download_and_subscribe_links(client, trip):
    response = client.get(trip.get_absolute_url())

    html = response.content.decode()
    assert 'href="webcal://testserver/trips/hostresan/itinerary.ics"' in html
    assert 'href="/trips/hostresan/itinerary.ics" download' in html
    assert (
        '<input id="trip-feed-url" class="copy-field" type="text" readonly '
        'value="http://testserver/trips/hostresan/itinerary.ics">' in html
    )
    assert texts(response.content, "p", "calendar-links__actions") == [
        "Subscribe Download (.ics) Printable programme (PDF)"
    ]
    # The links work.
    feed = client.get("/trips/hostresan/itinerary.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'href="/trips/hostresan/programme.pdf"' in html
    pdf = client.get("/trips/hostresan/programme.pdf")
    # Built off the request: the first reader waits on a page that opens it when ready.
    assert pdf.status_code == 202
    assert "Your PDF is being prepared" in pdf.content.decode()


def test_trip_page_without_items_says_the_programme_is_coming(client, trip):
    response = client.get(trip.get_absolute_url())

    assert texts(response.content, "p", "programme__empty") == [
        "The programme is not published yet. It will appear here, day by day."
    ]


def test_only_the_trips_organisers_see_the_editor_link(client, trip, other_organiser, organiser):
    editor = reverse("manage:programme_editor", kwargs={"slug": "hostresan"})

    assert editor not in client.get(trip.get_absolute_url()).content.decode()
    client.force_login(other_organiser)
    assert editor not in client.get(trip.get_absolute_url()).content.decode()
    client.force_login(organiser)
    response = client.get(trip.get_absolute_url())
    assert f'href="{editor}"' in response.content.decode()
    assert "Edit the programme" in page_text(response.content)


def test_draft_trip_page_has_no_feed_links_for_its_organiser(organiser_client, draft_trip):
    make_item(
        draft_trip,
        "Utkastpunkt",
        draft_trip.starts_at + timedelta(hours=1),
        draft_trip.starts_at + timedelta(hours=2),
    )

    response = organiser_client.get(draft_trip.get_absolute_url())

    # The feed of a draft answers 404, so it is not offered yet.
    assert "itinerary.ics" not in response.content.decode()
    assert texts(response.content, "p", "note")[-1] == (
        "Calendar links for the programme appear here once the trip is published."
    )
    assert texts(response.content, "span", "programme-item__title") == ["Utkastpunkt"]


def test_trip_page_queries_do_not_grow_with_the_programme(client, organisation):
    def queries(trip) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(trip.get_absolute_url())
        assert response.status_code == 200
        return len(captured)

    def trip_with(count: int, slug: str):
        trip = TripFactory(
            organisation=organisation,
            status="published",
            slug=slug,
            starts_at=local(2030, 10, 26, 8, 0),
            ends_at=local(2030, 10, 27, 18, 0),
            application_deadline=local(2030, 10, 1, 12, 0),
        )
        for n in range(count):
            start = trip.starts_at + timedelta(hours=n)
            make_item(trip, f"Punkt {n}", start, start + timedelta(minutes=45))
        return trip

    small, large = trip_with(2, "liten"), trip_with(20, "stor")

    assert queries(small) == queries(large)
    assert len(texts(client.get(large.get_absolute_url()).content, "li", "programme-item")) == 20
