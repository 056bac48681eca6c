"""Back office: copying a trip from its edit page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Trip, TripStatus
from itineraries.models import ItineraryItem
from tests.factories import TripFactory, sector

from ..pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def october_trip(organisation):
    """Saturday 26–Sunday 27 October 2030 (summer time ends on the Sunday), with a programme."""
    trip = TripFactory(
        organisation=organisation,
        status="published",
        slug="hostresan",
        title="Höstresan",
        starts_at=local(2030, 10, 26, 8, 0),
        ends_at=local(2030, 10, 27, 18, 0),
        application_deadline=local(2030, 10, 1, 12, 0),
        sectors=[sector("it"), sector("ekonomi")],
        contact_phone="+46 70 174 06 10",
        emergency_contact="Eva Fjäll, 070-174 06 11",
    )
    ItineraryItem.objects.create(
        trip=trip,
        title="Frukost",
        starts_at=local(2030, 10, 27, 9, 0),
        ends_at=local(2030, 10, 27, 10, 0),
        kind="meal",
    )
    return trip


def test_trip_edit_page_offers_to_copy_the_trip(organiser_client, october_trip):
    response = organiser_client.get(reverse("manage:trip_edit", args=["hostresan"]))

    assert texts(response.content, "h2", None)[-1] == "Copy this trip"
    panel = texts(response.content, "section", "copy-panel")[0]
    assert "The copy starts" in panel
    assert "Title of the copy" in panel
    assert panel.endswith("Copy the trip")


def test_copying_a_trip_opens_the_new_draft(organiser_client, october_trip):
    response = organiser_client.post(
        reverse("manage:trip_copy", args=["hostresan"]),
        {"copy-starts_at": "2031-03-29T08:00", "copy-title": "Vårresan"},
        follow=True,
    )

    assert response.redirect_chain == [
        (reverse("manage:trip_edit", args=["varresan-2031-03-29"]), 302)
    ]
    assert texts(response.content, "p", "message") == [
        "“Höstresan” is copied with its programme to a new draft. Check its details, then "
        "publish it."
    ]
    assert texts(response.content, "h1") == ["Edit “Vårresan”"]
    copy = Trip.objects.get(slug="varresan-2031-03-29")
    assert copy.status == TripStatus.DRAFT
    assert {s.code for s in copy.sectors.all()} == {"it", "ekonomi"}
    assert (copy.contact_phone, copy.emergency_contact) == (
        "+46 70 174 06 10",
        "Eva Fjäll, 070-174 06 11",
    )
    item = ItineraryItem.objects.get(trip=copy)
    assert timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M") == "2031-03-30 09:00"
    programme = organiser_client.get(reverse("manage:programme_editor", args=[copy.slug]))
    assert "Frukost" in page_text(programme.content)


def test_copying_a_trip_without_a_start_shows_the_error(organiser_client, october_trip):
    response = organiser_client.post(reverse("manage:trip_copy", args=["hostresan"]), {})

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Copy “Höstresan”"]
    assert form_errors(response.content) == ["This field is required."]
    assert Trip.objects.count() == 1


def test_copying_a_trip_to_the_end_of_the_calendar_shows_the_reason(organiser_client, october_trip):
    response = organiser_client.post(
        reverse("manage:trip_copy", args=["hostresan"]), {"copy-starts_at": "9999-12-31T08:00"}
    )

    assert response.status_code == 200
    assert form_errors(response.content) == ["The copy's dates would fall outside the calendar."]
    assert Trip.objects.count() == 1


def test_copying_another_organisations_trip_is_404(client, other_organiser, october_trip):
    client.force_login(other_organiser)

    response = client.post(
        reverse("manage:trip_copy", args=["hostresan"]), {"copy-starts_at": "2031-03-29T08:00"}
    )

    assert response.status_code == 404
    assert Trip.objects.count() == 1
