"""The Django admin for programme items: scoped to the organiser's organisations, and every
save goes through the services (so `sequence` grows and feeds change)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.services import organiser_add
from itineraries.models import ItineraryItem
from tests.factories import OrganisationFactory, TripFactory

from ..pages import texts
from .conftest import local, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, organiser, organisation):
    """The organiser as staff, with the admin permissions for programme items, logged in."""
    organiser_add(organisation=organisation, user=organiser)
    organiser.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="itineraries", content_type__model="itineraryitem"
        )
    )
    client.force_login(organiser)
    return client


def change_data(item, **overrides) -> dict:
    start, end = local(2030, 10, 26, 12, 0), local(2030, 10, 26, 13, 0)
    data = {
        "title": item.title,
        "description": "",
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%Y-%m-%d"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "location_name": "",
        "address": "",
        "latitude": "",
        "longitude": "",
        "kind": item.kind,
        "audience": item.audience,
        "employer": "",
    }
    return {**data, **overrides}


def test_organiser_sees_only_own_organisations_items(admin_client, trip, programme):
    other_trip = TripFactory(organisation=OrganisationFactory(), title="Någon annans")
    make_item(other_trip, "Främmande", other_trip.starts_at, other_trip.ends_at, kind="free_time")

    response = admin_client.get(reverse("admin:itineraries_itineraryitem_changelist"))

    assert response.status_code == 200
    assert sorted(texts(response.content, "td", "field-title")) == [
        "Bastu vid Storsjön",
        "Buss till Åre",
        "Genomgång för arbetsgivare",
        "Norrsken",
        "Välkomstfika",
    ]
    assert texts(response.content, "th", "field-trip") == ["Höstresan"] * 5


def test_sequence_and_uid_are_read_only(admin_client, trip, programme):
    response = admin_client.get(
        reverse("admin:itineraries_itineraryitem_change", args=[programme["bus"].pk])
    )

    form = response.context["adminform"].form
    assert not {"sequence", "uid", "trip"} & set(form.fields)
    assert str(programme["bus"].uid) in response.content.decode()


def test_admin_change_goes_through_the_service(admin_client, trip, programme):
    bus = programme["bus"]
    url = reverse("admin:itineraries_itineraryitem_change", args=[bus.pk])

    response = admin_client.post(url, change_data(bus, title="Buss till Åre och Duved"))

    assert response.status_code == 302
    bus.refresh_from_db()
    assert (bus.title, bus.sequence) == ("Buss till Åre och Duved", 1)


def test_admin_change_outside_the_trip_shows_the_services_error(admin_client, trip, programme):
    bus = programme["bus"]
    url = reverse("admin:itineraries_itineraryitem_change", args=[bus.pk])

    response = admin_client.post(url, change_data(bus, ends_at_0="2030-10-28"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "ends_at": ["The item ends after the trip (2030-10-27 18:00)."]
    }
    bus.refresh_from_db()
    assert (bus.title, bus.sequence) == ("Buss till Åre", 0)


def test_admin_add_goes_through_the_service(admin_client, trip):
    response = admin_client.post(
        reverse("admin:itineraries_itineraryitem_add"),
        {
            **change_data(ItineraryItem(title="Middag", kind="meal", audience="everyone")),
            "trip": trip.pk,
        },
    )

    assert response.status_code == 302
    item = ItineraryItem.objects.get()
    assert (item.trip, item.title, item.sequence) == (trip, "Middag", 0)


def test_admin_add_offers_only_own_trips(admin_client, trip):
    TripFactory(organisation=OrganisationFactory(), title="Någon annans")

    response = admin_client.get(reverse("admin:itineraries_itineraryitem_add"))

    form = response.context["adminform"].form
    assert [t.title for t in form.fields["trip"].queryset] == ["Höstresan"]


def test_admin_cancel_action(admin_client, trip, programme):
    admin_client.post(
        reverse("admin:itineraries_itineraryitem_changelist"),
        {"action": "cancel_items", "_selected_action": [programme["bus"].pk]},
    )

    programme["bus"].refresh_from_db()
    assert (programme["bus"].cancelled, programme["bus"].sequence) == (True, 1)


@pytest.mark.parametrize("edge", [("0001-01-01", "00:30:00"), ("9999-12-31", "23:30:00")])
def test_admin_change_at_the_edge_of_the_calendar_is_a_form_error(
    admin_client, trip, programme, edge
):
    bus = programme["bus"]
    url = reverse("admin:itineraries_itineraryitem_change", args=[bus.pk])

    response = admin_client.post(url, change_data(bus, starts_at_0=edge[0], starts_at_1=edge[1]))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "starts_at": ["Give a date between the years 2000 and 2999."]
    }
    bus.refresh_from_db()
    assert (bus.title, bus.sequence) == ("Buss till Åre", 0)
