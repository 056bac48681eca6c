from datetime import timedelta

import pytest

from itineraries.models import ItineraryItem

from ..factories import (
    CandidateFactory,
    EmployerFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
)
from .conftest import local, make_item

pytestmark = pytest.mark.django_db
JSON = "application/json"


def item_payload(**overrides):
    data = {
        "trip": "hostresan",
        "title": "Hundspann på Åreskutan",
        "starts_at": "2030-10-26T13:00:00+02:00",
        "ends_at": "2030-10-26T16:00:00+02:00",
        "location_name": "Åreskutan",
        "latitude": "63.3998",
        "longitude": "13.0815",
        "kind": "activity",
    }
    data.update(overrides)
    return data


def test_public_itinerary_lists_public_items_in_time_order(client, october_trip):
    make_item(october_trip, title="Middag", starts_at=local(2030, 10, 26, 19, 0))
    make_item(october_trip, title="Lunch", starts_at=local(2030, 10, 26, 12, 0))
    make_item(october_trip, title="Hemligt", audience="employers")
    body = client.get("/api/v1/trips/hostresan/itinerary").json()
    assert [i["title"] for i in body["items"]] == ["Lunch", "Middag"]
    assert body["items"][0]["starts_at"] == "2030-10-26T10:00:00Z"


def test_itinerary_of_a_draft_trip_is_404(client):
    TripFactory(slug="utkast")
    assert client.get("/api/v1/trips/utkast/itinerary").status_code == 404


def test_organiser_creates_an_item(client, october_trip, organiser, bearer):
    response = client.post(
        "/api/v1/itinerary-items", item_payload(), content_type=JSON, headers=bearer(organiser)
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["title"], body["trip"], body["sequence"], body["cancelled"]) == (
        "Hundspann på Åreskutan",
        "hostresan",
        0,
        False,
    )
    assert ItineraryItem.objects.get().location_name == "Åreskutan"


def test_item_outside_the_trip_is_refused_with_field_errors(
    client, october_trip, organiser, bearer
):
    response = client.post(
        "/api/v1/itinerary-items",
        item_payload(starts_at="2030-10-25T13:00:00+02:00", ends_at="2030-10-28T13:00:00+01:00"),
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"starts_at", "ends_at"}
    assert "starts before the trip" in response.json()["detail"]
    assert not ItineraryItem.objects.exists()


def test_one_employer_audience_needs_the_employer(client, october_trip, organiser, bearer):
    response = client.post(
        "/api/v1/itinerary-items",
        item_payload(audience="employer"),
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"employer": ["Choose the employer this item is for."]}
    employer = EmployerFactory()
    response = client.post(
        "/api/v1/itinerary-items",
        item_payload(audience="employer", employer=employer.slug),
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"employer": ["This employer has no booking on the trip."]}
    SlotBookingFactory(
        trip=october_trip, employer=employer, status="confirmed", hold_expires_at=None
    )
    response = client.post(
        "/api/v1/itinerary-items",
        item_payload(audience="employer", employer=employer.slug),
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 201
    assert response.json()["employer"] == employer.slug


def test_patch_bumps_the_sequence_and_keeps_the_uid(client, october_trip, organiser, bearer):
    item = make_item(october_trip, title="Lunch")
    response = client.patch(
        f"/api/v1/itinerary-items/{item.pk}",
        {"title": "Lunch på Jazzköket", "cancelled": True},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["sequence"], body["cancelled"], body["uid"]) == (
        "Lunch på Jazzköket",
        1,
        True,
        str(item.uid),
    )


def test_other_organisations_items_are_404(client, october_trip, bearer):
    item = make_item(october_trip, title="Lunch")
    stranger = OrganiserFactory().user
    headers = bearer(stranger)
    assert (
        client.patch(
            f"/api/v1/itinerary-items/{item.pk}", {"title": "x"}, content_type=JSON, headers=headers
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/itinerary-items/{item.pk}", headers=headers).status_code == 404
    response = client.post(
        "/api/v1/itinerary-items", item_payload(), content_type=JSON, headers=headers
    )
    assert response.status_code == 404
    assert ItineraryItem.objects.get().title == "Lunch"


def test_delete(client, october_trip, organiser, bearer):
    item = make_item(october_trip)
    response = client.delete(f"/api/v1/itinerary-items/{item.pk}", headers=bearer(organiser))
    assert response.status_code == 204
    assert not ItineraryItem.objects.exists()


def test_calendar_token_endpoint_returns_a_working_feed_url(client, bearer):
    user = CandidateFactory().user
    response = client.post("/api/v1/me/calendar-token", headers=bearer(user))
    assert response.status_code == 201
    body = response.json()
    assert body["url"].startswith("http://testserver/calendar/")
    assert body["webcal_url"] == "webcal://" + body["url"].removeprefix("http://")
    assert client.get(body["url"].removeprefix("http://testserver")).status_code == 200
    again = client.post("/api/v1/me/calendar-token", headers=bearer(user)).json()
    assert client.get(body["url"].removeprefix("http://testserver")).status_code == 404
    assert again["url"] != body["url"]


def test_calendar_token_needs_login(client):
    assert client.post("/api/v1/me/calendar-token").status_code == 401


def test_copy_from_an_earlier_trip_keeps_local_times_across_dst(organisation, october_trip):
    from itineraries.services import itinerary_copy_from_trip

    spring = TripFactory(
        organisation=organisation,
        starts_at=local(2031, 3, 29, 8, 0),  # DST starts Sun 30 March 2031
        ends_at=local(2031, 3, 30, 18, 0),
        application_deadline=local(2031, 3, 1, 8, 0),
    )
    make_item(october_trip, title="Frukost", starts_at=local(2030, 10, 27, 9, 0))
    make_item(october_trip, title="Inställt", cancelled=True)
    copied = itinerary_copy_from_trip(source=october_trip, target=spring, actor=None)
    assert [i.title for i in copied] == ["Frukost"]
    from django.utils import timezone

    start = timezone.localtime(copied[0].starts_at)
    assert (start.date().isoformat(), start.hour, start.minute) == ("2031-03-30", 9, 0)
    assert copied[0].ends_at - copied[0].starts_at == timedelta(hours=1)
    assert copied[0].uid != ItineraryItem.objects.get(trip=october_trip, title="Frukost").uid


@pytest.mark.parametrize(
    "edge", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+05:00", "0001-01-01T00:30:00"]
)
def test_item_times_at_the_edge_of_the_calendar_are_422(
    client, october_trip, organiser, bearer, edge
):
    response = client.post(
        "/api/v1/itinerary-items",
        item_payload(starts_at=edge),
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422, response.content
    assert response.json()["fields"] == {
        "starts_at": ["Give a date between the years 2000 and 2999."]
    }
    item = make_item(october_trip)
    response = client.patch(
        f"/api/v1/itinerary-items/{item.pk}",
        {"ends_at": edge},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422, response.content
    assert ItineraryItem.objects.get().ends_at == item.ends_at
