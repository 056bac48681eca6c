from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TripFactory, sector

from .pages import page_text, texts

pytestmark = pytest.mark.django_db


def test_trip_page_shows_the_facts(client, organisation):
    local = timezone.get_current_timezone()
    trip = TripFactory(
        organisation=organisation,
        title="Vårresa",
        status="published",
        summary="Skidor, skolor och jobb",
        description="Dag ett: Östersund.\n\nDag två: Åre.",
        starts_at=datetime(2040, 3, 12, 9, 0, tzinfo=local),
        ends_at=datetime(2040, 3, 13, 17, 30, tzinfo=local),
        application_deadline=datetime(2040, 2, 20, 23, 59, tzinfo=local),
        base_locations="Östersund, Åre",
        candidate_capacity=12,
        employer_slots=5,
        slot_price_ore=1_500_050,
        international_applicants=True,
        sectors=[sector("pedagogik"), sector("it")],
    )

    response = client.get(trip.get_absolute_url())

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Vårresa"]
    assert texts(response.content, "ul", "tags") == ["IT Education"]
    assert texts(response.content, "dl") == [
        "Dates 12 March 2040, 09:00 – 13 March 2040, 17:30 "
        "Where Östersund, Åre "
        "Application deadline 20 February 2040, 23:59 "
        "Places for candidates 12 "
        "Employer slots 5 "
        "Price per employer slot SEK 15,000.50 incl. VAT "
        "Employers can cancel with a refund until 27 February 2040, 09:00 "
        "Status Published"
    ]
    body = page_text(response.content)
    assert "Dag ett: Östersund." in body and "Dag två: Åre." in body
    assert "International applicants welcome" in body
    assert "Edit in the back office" not in body


@pytest.mark.parametrize(
    ("status", "banner"),
    [
        ("cancelled", "This trip has been cancelled."),
        ("closed", "Applications for this trip are closed."),
        ("completed", "This trip has taken place."),
        ("published", None),
    ],
)
def test_trip_page_banner_by_status(client, organisation, status, banner):
    trip = TripFactory(organisation=organisation, status=status)
    if status == "cancelled":  # a cancelled trip that had been published stays visible
        trip.published_at = timezone.now()
        trip.save(update_fields=["published_at"])

    response = client.get(trip.get_absolute_url())

    assert texts(response.content, "p", "banner") == ([banner] if banner else [])


def test_draft_trip_is_404_for_anonymous(client, draft_trip):
    assert client.get(draft_trip.get_absolute_url()).status_code == 404


def test_draft_trip_is_404_for_organiser_of_another_organisation(
    client, draft_trip, other_organiser
):
    client.force_login(other_organiser)

    assert client.get(draft_trip.get_absolute_url()).status_code == 404


def test_draft_trip_is_shown_to_its_organiser_with_an_edit_link(organiser_client, draft_trip):
    response = organiser_client.get(draft_trip.get_absolute_url())

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Vinterresa till Åre"]
    assert texts(response.content, "p", "banner") == [
        "Draft: only the organisers can see this page until it is published."
    ]
    edit_url = reverse("manage:trip_edit", kwargs={"slug": "vinterresa"})
    assert f'href="{edit_url}"' in response.content.decode()
    assert "Edit in the back office" in page_text(response.content)


def test_unknown_trip_is_404_with_a_way_back(client):
    response = client.get("/trips/finns-inte/")

    assert response.status_code == 404
    assert texts(response.content, "h1") == ["Page not found"]
