"""Back office: whom to call during a trip (the organiser's phone, the emergency contact) on
the trip form; neither is shown on the public trip page."""

import pytest
from django.urls import reverse

from events.models import Trip

from ..pages import form_errors, page_text, texts
from ..test_manage import _trip_data

pytestmark = pytest.mark.django_db


def _edit_data(trip, future, **overrides):
    data = _trip_data(trip.organisation, future, **overrides)
    del data["organisation"]
    return data


def test_organiser_saves_the_phone_and_emergency_contact(organiser_client, draft_trip, future):
    url = reverse("manage:trip_edit", args=[draft_trip.slug])

    response = organiser_client.post(
        url,
        _edit_data(
            draft_trip,
            future,
            contact_phone="+46 (0)70-174 06 05",
            emergency_contact="Eva Fjäll, 070-174 06 06",
        ),
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["Your changes are saved."]
    draft_trip.refresh_from_db()
    assert draft_trip.contact_phone == "+46 (0)70-174 06 05"
    assert draft_trip.emergency_contact == "Eva Fjäll, 070-174 06 06"
    form = texts(response.content, "form", "form--wide")[0]
    assert "Organiser's phone during the trip" in form
    assert "Name and phone number to call in an emergency during the trip." in form
    assert 'value="+46 (0)70-174 06 05"' in response.content.decode()


PHONE_ERROR = (
    "Enter a phone number of 6 to 40 characters: digits, spaces, +, - and parentheses, "
    "e.g. +46 70 123 45 67."
)


@pytest.mark.parametrize(
    ("phone", "error"),
    [
        ("ring Eva", PHONE_ERROR),
        ("12345", PHONE_ERROR),
        ("070 174 06 05 ext. 2", PHONE_ERROR),
        ("(--) (--)", PHONE_ERROR),
        ("070 174 06 05" * 4, "Ensure this value has at most 40 characters (it has 52)."),
    ],
)
def test_an_invalid_phone_is_a_form_error_and_stores_nothing(
    organiser_client, draft_trip, future, phone, error
):
    url = reverse("manage:trip_edit", args=[draft_trip.slug])

    response = organiser_client.post(
        url, _edit_data(draft_trip, future, title="Ändrad titel", contact_phone=phone)
    )

    assert response.status_code == 200
    assert form_errors(response.content) == [error]
    refreshed = Trip.objects.get(pk=draft_trip.pk)
    assert (refreshed.title, refreshed.contact_phone) == ("Vinterresa till Åre", "")


def test_a_new_trip_can_have_a_phone(organiser_client, organisation, future):
    organiser_client.post(
        reverse("manage:trip_create"),
        _trip_data(organisation, future, contact_phone="063-14 00 00"),
    )

    assert Trip.objects.get().contact_phone == "063-14 00 00"


def test_the_public_trip_page_does_not_show_them(client, published_trip):
    published_trip.contact_phone = "070-174 06 07"
    published_trip.emergency_contact = "Eva Fjäll, 070-174 06 08"
    published_trip.save()

    response = client.get(published_trip.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response.content)
    assert published_trip.title in text
    assert "174 06 07" not in response.content.decode()
    assert "Eva Fjäll" not in response.content.decode()
