"""Copying a whole trip (details, sectors, programme) to new dates: the service through the API."""

import pytest
from django.utils import timezone

from events.models import Trip, TripStatus
from itineraries.models import ItineraryItem

from ..factories import OrganiserFactory, TripFactory, UserFactory, sector
from .conftest import local, make_item

pytestmark = pytest.mark.django_db
JSON = "application/json"
# Saturday 29 March 2031, 08:00 local; daylight-saving time starts the next morning.
SPRING_START = "2031-03-29T08:00:00+01:00"


@pytest.fixture
def autumn_trip(october_trip):
    october_trip.summary = "Två dagar i Åre"
    october_trip.description = "Fjäll och stad."
    october_trip.booking_refund_cutoff = local(2030, 10, 12, 12, 0)
    october_trip.international_applicants = True
    october_trip.save()
    october_trip.sectors.set([sector("it"), sector("ekonomi")])
    make_item(october_trip, title="Frukost", starts_at=local(2030, 10, 27, 9, 0))
    make_item(october_trip, title="Inställt", cancelled=True)
    return october_trip


def copy(client, headers, source="hostresan", **payload):
    payload.setdefault("starts_at", SPRING_START)
    return client.post(f"/api/v1/trips/{source}/copy", payload, content_type=JSON, headers=headers)


def test_trip_copy_answers_201_with_the_new_draft(client, organiser, bearer, autumn_trip):
    response = copy(client, bearer(organiser))
    assert response.status_code == 201
    assert response.json() == {
        "slug": "hostresan-2031-03-29",
        "title": "Höstresan",
        "summary": "Två dagar i Åre",
        "description": "Fjäll och stad.",
        "organisation": {
            "slug": autumn_trip.organisation.slug,
            "name": autumn_trip.organisation.name,
        },
        "sectors": ["ekonomi", "it"],
        "starts_at": "2031-03-29T07:00:00Z",
        # Every date moves 154 days and keeps its local time: 18:00 is now summer time.
        "ends_at": "2031-03-30T16:00:00Z",
        "base_locations": "Östersund, Åre",
        "candidate_capacity": 10,
        "employer_slots": 4,
        "slot_price_ore": 1_500_000,
        "application_deadline": "2031-03-04T11:00:00Z",
        "booking_refund_cutoff": "2031-03-15T11:00:00Z",
        "international_applicants": True,
        "status": "draft",
        "url": "/trips/hostresan-2031-03-29/",
    }
    assert client.get("/api/v1/trips/hostresan-2031-03-29", headers=bearer(organiser)).json() == (
        response.json()
    )


def test_trip_copy_moves_the_programme_keeping_local_times(client, organiser, bearer, autumn_trip):
    copy(client, bearer(organiser))
    new = Trip.objects.get(slug="hostresan-2031-03-29")
    assert new.published_at is None
    assert new.organisation == autumn_trip.organisation
    items = list(ItineraryItem.objects.filter(trip=new))
    assert [i.title for i in items] == ["Frukost"]
    start = timezone.localtime(items[0].starts_at)
    assert (start.date().isoformat(), start.strftime("%H:%M")) == ("2031-03-30", "09:00")
    # The source is unchanged.
    assert ItineraryItem.objects.filter(trip=autumn_trip).count() == 2
    assert Trip.objects.get(pk=autumn_trip.pk).status == TripStatus.PUBLISHED


def test_trip_copy_takes_a_given_title_and_slug(client, organiser, bearer, autumn_trip):
    response = copy(client, bearer(organiser), title="Vårresan", slug="varresan")
    assert (response.status_code, response.json()["slug"], response.json()["title"]) == (
        201,
        "varresan",
        "Vårresan",
    )


def test_trip_copy_derives_a_free_slug_from_the_title_and_date(
    client, organiser, bearer, autumn_trip
):
    TripFactory(slug="varresan-2031-03-29")
    response = copy(client, bearer(organiser), title="Vårresan")
    assert response.json()["slug"] == "varresan-2031-03-29-2"


def test_trip_copy_refuses_a_taken_slug(client, organiser, bearer, autumn_trip):
    TripFactory(slug="varresan")
    response = copy(client, bearer(organiser), slug="varresan")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Trip with this Slug already exists.",
        "fields": {"slug": ["Trip with this Slug already exists."]},
    }
    assert Trip.objects.count() == 2


def test_trip_copy_is_only_for_the_trips_organisers(client, bearer, autumn_trip):
    stranger = OrganiserFactory().user  # organiser of another organisation
    assert copy(client, bearer(stranger)).status_code == 404
    assert copy(client, bearer(UserFactory())).status_code == 404
    assert copy(client, {}).status_code == 401
    assert copy(client, bearer(stranger), source="no-such-trip").json() == {"detail": "Not found."}
    assert Trip.objects.count() == 1


@pytest.mark.parametrize(
    "starts_at",
    [
        "9999-12-31T08:00:00+01:00",  # the end would be in year 10000
        "9999-12-31T23:00:00-05:00",  # year 10000 in UTC
        "0001-01-01T00:30:00+01:00",  # year 0 in UTC
    ],
)
def test_trip_copy_at_the_calendar_edge_is_a_422(client, organiser, bearer, autumn_trip, starts_at):
    response = copy(client, bearer(organiser), starts_at=starts_at)
    assert response.status_code == 422
    message = "Give a date between the years 2000 and 2999."
    assert response.json() == {
        "detail": f"Invalid input. starts_at: {message}",
        "fields": {"starts_at": [message]},
    }
    assert Trip.objects.count() == 1


def test_trip_copy_rolls_back_when_the_programme_does_not_fit(
    client, organiser, bearer, autumn_trip
):
    """Starting later in the day than the programme's first item: nothing is stored."""
    make_item(autumn_trip, title="Tidig buss", starts_at=local(2030, 10, 26, 8, 30))
    response = copy(client, bearer(organiser), starts_at="2031-03-29T10:00:00+01:00")
    assert response.status_code == 422
    assert response.json()["fields"] == {
        "starts_at": ["The item starts before the trip (2031-03-29 10:00)."]
    }
    assert Trip.objects.count() == 1
