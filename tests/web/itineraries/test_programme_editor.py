"""The organisers' programme editor under /manage/trips/<slug>/programme/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from itineraries.models import ItineraryItem
from tests.factories import EmployerFactory, SlotBookingFactory, TripFactory

from ..pages import form_errors, page_text, texts
from .conftest import local, make_item

pytestmark = pytest.mark.django_db


def editor_url(slug="hostresan") -> str:
    return reverse("manage:programme_editor", kwargs={"slug": slug})


def item_url(name: str, item, slug="hostresan") -> str:
    return reverse(f"manage:programme_item_{name}", kwargs={"slug": slug, "item_id": item.pk})


def local_times(item) -> tuple[str, str]:
    fmt = "%Y-%m-%d %H:%M"
    return (
        timezone.localtime(item.starts_at).strftime(fmt),
        timezone.localtime(item.ends_at).strftime(fmt),
    )


def item_data(**overrides) -> dict:
    data = {
        "title": "Lunch på Jamtli",
        "kind": "meal",
        "starts_at": "2030-10-26T12:00",
        "ends_at": "2030-10-26T13:00",
        "audience": "everyone",
        "employer": "",
        "location_name": "Jamtli",
        "address": "Museiplan, Östersund",
        "latitude": "63.182",
        "longitude": "14.658",
        "description": "Jämtländsk buffé.",
    }
    return {**data, **overrides}


# Access ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, trip):
    response = client.get(editor_url())

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={editor_url()}"


def test_non_organiser_gets_403(client, plain_user, trip):
    client.force_login(plain_user)

    for url in (editor_url(), reverse("manage:programme_item_add", kwargs={"slug": "hostresan"})):
        response = client.get(url)
        assert response.status_code == 403
        assert texts(response.content, "h1") == ["You do not have access to this page"]


def test_another_organisations_programme_is_404(client, other_organiser, trip, programme):
    client.force_login(other_organiser)
    bus = programme["bus"]

    for url in (
        editor_url(),
        reverse("manage:programme_item_add", kwargs={"slug": "hostresan"}),
        reverse("manage:programme_copy", kwargs={"slug": "hostresan"}),
        item_url("edit", bus),
        item_url("cancel", bus),
        item_url("delete", bus),
    ):
        assert client.get(url).status_code == 404, url
    for name in ("duplicate", "cancel", "delete"):
        assert client.post(item_url(name, bus)).status_code == 404, name
    assert client.post(item_url("edit", bus), item_data()).status_code == 404

    assert ItineraryItem.objects.filter(trip=trip).count() == 5
    bus.refresh_from_db()
    assert (bus.title, bus.cancelled, bus.sequence) == ("Buss till Åre", False, 0)


def test_an_item_of_another_trip_is_404_under_this_trip(organiser_client, trip, organisation):
    other_trip = TripFactory(organisation=organisation, slug="andra")
    other_item = make_item(
        other_trip, "Annan", other_trip.starts_at, other_trip.starts_at + timedelta(hours=1)
    )

    assert organiser_client.get(item_url("edit", other_item)).status_code == 404
    assert organiser_client.post(item_url("delete", other_item)).status_code == 404
    assert ItineraryItem.objects.filter(pk=other_item.pk).exists()


# The day-by-day view -------------------------------------------------------------------------


def test_editor_shows_every_item_day_by_day(organiser_client, trip, programme):
    employer = EmployerFactory(name="Jämtkraft AB")
    SlotBookingFactory(trip=trip, employer=employer)
    make_item(
        trip,
        "Möte med Jämtkraft",
        local(2030, 10, 27, 13, 0),
        local(2030, 10, 27, 14, 0),
        kind="employer_visit",
        audience="employer",
        employer=employer,
    )

    response = organiser_client.get(editor_url())

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Programme of “Höstresan”"]
    assert texts(response.content, "h2", "programme__date") == [
        "Saturday 26 October 2030",
        "Sunday 27 October 2030",
    ]
    rows = [
        (when, what, kind, audience)
        for when, what, kind, audience in zip(
            texts(response.content, "td", "programme-row__when"),
            texts(response.content, "th", "programme-row__what"),
            texts(response.content, "td", "programme-row__kind"),
            texts(response.content, "td", "programme-row__audience"),
            strict=True,
        )
    ]
    assert rows == [
        ("08:30–09:00", "Välkomstfika Storsjöteatern · Map Storsjöteatern", "Meal", "Everyone"),
        ("10:00–11:00", "Genomgång för arbetsgivare", "Meetings block", "Employers only"),
        ("20:00–21:00", "Bastu vid Storsjön Cancelled", "Activity", "Everyone"),
        ("00:30–01:30", "Norrsken", "Free time", "Everyone"),
        (
            "09:00–10:30",
            "Buss till Åre Östersund C, Strandgatan 2, Östersund",
            "Travel",
            "Everyone",
        ),
        ("13:00–14:00", "Möte med Jämtkraft", "Employer visit", "One employer: Jämtkraft AB"),
    ]
    assert texts(response.content, "tr", "programme-item--cancelled") == [
        "20:00–21:00 Bastu vid Storsjön Cancelled Activity Everyone "
        "Edit Bastu vid Storsjön Duplicate Bastu vid Storsjön Delete Bastu vid Storsjön"
    ]


def test_editor_empty_state(organiser_client, trip):
    response = organiser_client.get(editor_url())

    body = page_text(response.content)
    assert "This trip has no programme yet." in body
    assert texts(response.content, "p", "toolbar") == [
        "Add an item Copy the programme from another trip Every participant's itinerary (PDF)"
    ]


def test_editor_queries_do_not_grow_with_the_programme(organiser_client, trip):
    employer = EmployerFactory()

    def add(count: int):
        for n in range(count):
            start = trip.starts_at + timedelta(hours=n)
            make_item(
                trip,
                f"Punkt {n}",
                start,
                start + timedelta(minutes=30),
                audience="employer",
                employer=employer,
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(editor_url()).status_code == 200
        return len(captured)

    add(2)
    with_two = queries()
    add(18)
    with_twenty = queries()

    assert with_two == with_twenty


def test_trip_edit_page_links_to_the_programme(organiser_client, trip):
    response = organiser_client.get(reverse("manage:trip_edit", kwargs={"slug": "hostresan"}))

    assert f'href="{editor_url()}"' in response.content.decode()


# Add and edit ------------------------------------------------------------------------------


def test_add_form_starts_at_the_trips_start_in_local_time(organiser_client, trip):
    response = organiser_client.get(
        reverse("manage:programme_item_add", kwargs={"slug": "hostresan"})
    )

    html = response.content.decode()
    assert 'type="datetime-local" name="starts_at" value="2030-10-26T08:00"' in html
    assert 'type="datetime-local" name="ends_at" value="2030-10-26T09:00"' in html


def test_add_item(organiser_client, trip):
    response = organiser_client.post(
        reverse("manage:programme_item_add", kwargs={"slug": "hostresan"}), item_data(), follow=True
    )

    item = ItineraryItem.objects.get()
    assert response.redirect_chain == [(f"{editor_url()}#item-{item.pk}", 302)]
    assert texts(response.content, "p", "message") == [
        "“Lunch på Jamtli” is added to the programme."
    ]
    assert texts(response.content, "th", "programme-row__what") == [
        "Lunch på Jamtli Jamtli, Museiplan, Östersund · Map Jamtli"
    ]
    assert local_times(item) == ("2030-10-26 12:00", "2030-10-26 13:00")
    assert (item.kind, item.audience, item.employer, item.sequence) == ("meal", "everyone", None, 0)
    assert (str(item.latitude), str(item.longitude)) == ("63.182000", "14.658000")


def test_add_item_outside_the_trip_shows_the_services_errors(organiser_client, trip):
    response = organiser_client.post(
        reverse("manage:programme_item_add", kwargs={"slug": "hostresan"}),
        item_data(starts_at="2030-10-26T07:00", ends_at="2030-10-27T19:00"),
    )

    assert response.status_code == 200
    assert form_errors(response.content) == [
        "The item starts before the trip (2030-10-26 08:00).",
        "The item ends after the trip (2030-10-27 18:00).",
    ]
    assert not ItineraryItem.objects.exists()


def test_add_item_checks_shape_in_the_form(organiser_client, trip):
    response = organiser_client.post(
        reverse("manage:programme_item_add", kwargs={"slug": "hostresan"}),
        item_data(title="", latitude="95", kind="party"),
    )

    assert form_errors(response.content) == [
        "This field is required.",
        "Select a valid choice. party is not one of the available choices.",
        "Ensure this value is less than or equal to 90.",
    ]
    assert not ItineraryItem.objects.exists()


@pytest.mark.parametrize("edge", ["0001-01-01T00:30", "9999-12-31T23:30"])
def test_add_item_at_the_edge_of_the_calendar_shows_the_error(organiser_client, trip, edge):
    response = organiser_client.post(
        reverse("manage:programme_item_add", kwargs={"slug": "hostresan"}),
        item_data(starts_at=edge),
    )

    assert response.status_code == 200
    assert form_errors(response.content) == ["Give a date between the years 2000 and 2999."]
    assert not ItineraryItem.objects.exists()


def test_employer_choices_are_the_employers_booked_on_the_trip(organiser_client, trip):
    booked = EmployerFactory(name="Bokat AB")
    SlotBookingFactory(trip=trip, employer=booked)
    cancelled = EmployerFactory(name="Avbokat AB")
    SlotBookingFactory(trip=trip, employer=cancelled, status="cancelled")
    elsewhere = EmployerFactory(name="Annan resa AB")
    SlotBookingFactory(employer=elsewhere)
    url = reverse("manage:programme_item_add", kwargs={"slug": "hostresan"})

    response = organiser_client.get(url)
    assert texts(response.content, "select")[-1] == "— none — Bokat AB"

    response = organiser_client.post(
        url, item_data(audience="employer", employer=elsewhere.pk, title="Besök")
    )
    assert form_errors(response.content) == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    response = organiser_client.post(url, item_data(audience="employer", title="Besök"))
    assert form_errors(response.content) == ["Choose the employer this item is for."]

    organiser_client.post(url, item_data(audience="employer", employer=booked.pk, title="Besök"))
    assert ItineraryItem.objects.get().employer == booked


def test_edit_form_shows_local_times(organiser_client, trip, programme):
    response = organiser_client.get(item_url("edit", programme["night"]))

    html = response.content.decode()
    assert texts(response.content, "h1") == ["Edit “Norrsken”"]
    assert 'type="datetime-local" name="starts_at" value="2030-10-27T00:30"' in html
    assert 'name="title" value="Norrsken"' in html


def test_edit_item(organiser_client, trip, programme):
    bus = programme["bus"]

    response = organiser_client.post(
        item_url("edit", bus),
        item_data(
            title="Buss till Åre",
            kind="travel",
            starts_at="2030-10-27T09:15",
            ends_at="2030-10-27T10:45",
            location_name="Östersund C",
            address="Strandgatan 2, Östersund",
            latitude="",
            longitude="",
            description="",
        ),
        follow=True,
    )

    assert response.redirect_chain == [(f"{editor_url()}#item-{bus.pk}", 302)]
    assert texts(response.content, "p", "message") == ["“Buss till Åre” is saved."]
    bus.refresh_from_db()
    assert local_times(bus) == ("2030-10-27 09:15", "2030-10-27 10:45")
    assert bus.sequence == 1  # calendars see a newer version


def test_saving_an_unchanged_item_changes_nothing(organiser_client, trip, programme):
    welcome = programme["welcome"]
    form = organiser_client.get(item_url("edit", welcome)).context["form"]
    unchanged = {name: form[name].value() or "" for name in form.fields}
    unchanged["starts_at"], unchanged["ends_at"] = "2030-10-26T08:30", "2030-10-26T09:00"

    response = organiser_client.post(item_url("edit", welcome), unchanged, follow=True)

    assert texts(response.content, "p", "message") == ["Nothing was changed."]
    welcome.refresh_from_db()
    assert welcome.sequence == 0
    assert mail.outbox == []


def test_edit_item_to_end_before_it_starts_shows_the_error(organiser_client, trip, programme):
    response = organiser_client.post(
        item_url("edit", programme["bus"]),
        item_data(starts_at="2030-10-27T10:00", ends_at="2030-10-27T09:00"),
    )

    assert form_errors(response.content) == ["The end must be after the start."]
    programme["bus"].refresh_from_db()
    assert local_times(programme["bus"]) == ("2030-10-27 09:00", "2030-10-27 10:30")


# Duplicate, cancel, delete ------------------------------------------------------------------


def test_duplicate_creates_a_second_item_and_opens_it(organiser_client, trip, programme):
    welcome = programme["welcome"]

    response = organiser_client.post(item_url("duplicate", welcome), follow=True)

    copy = ItineraryItem.objects.exclude(pk=welcome.pk).get(title="Välkomstfika")
    assert response.redirect_chain == [(item_url("edit", copy), 302)]
    assert texts(response.content, "p", "message") == [
        "This is a copy of “Välkomstfika”. Change its times and save."
    ]
    assert copy.uid != welcome.uid
    assert (copy.kind, copy.location_name, local_times(copy)) == (
        "meal",
        "Storsjöteatern",
        ("2030-10-26 08:30", "2030-10-26 09:00"),
    )
    response = organiser_client.get(editor_url())
    assert texts(response.content, "span", "programme-item__title").count("Välkomstfika") == 2


def test_duplicate_needs_post(organiser_client, trip, programme):
    assert organiser_client.get(item_url("duplicate", programme["bus"])).status_code == 405


def test_cancel_asks_first_then_marks_the_item(organiser_client, trip, programme):
    bus = programme["bus"]

    confirm = organiser_client.get(item_url("cancel", bus))
    assert texts(confirm.content, "h1") == ["Cancel “Buss till Åre”?"]
    bus.refresh_from_db()
    assert bus.cancelled is False

    response = organiser_client.post(item_url("cancel", bus), follow=True)

    assert response.redirect_chain == [(f"{editor_url()}#item-{bus.pk}", 302)]
    assert texts(response.content, "p", "message") == [
        "“Buss till Åre” is cancelled. It stays in the programme, marked as cancelled."
    ]
    assert texts(response.content, "s", "programme-item__title") == [
        "Bastu vid Storsjön",
        "Buss till Åre",
    ]
    bus.refresh_from_db()
    assert (bus.cancelled, bus.sequence) == (True, 1)


def test_delete_asks_first_then_removes_the_item(organiser_client, trip, programme):
    bus = programme["bus"]

    confirm = organiser_client.get(item_url("delete", bus))
    assert texts(confirm.content, "h1") == ["Delete “Buss till Åre”?"]
    assert ItineraryItem.objects.filter(pk=bus.pk).exists()

    response = organiser_client.post(item_url("delete", bus), follow=True)

    assert response.redirect_chain == [(editor_url(), 302)]
    assert texts(response.content, "p", "message") == ["“Buss till Åre” is deleted."]
    assert not ItineraryItem.objects.filter(pk=bus.pk).exists()
    assert "Buss till Åre" not in page_text(response.content)


# Copy from another trip ---------------------------------------------------------------------


@pytest.fixture
def earlier_trip(organisation):
    """Last year's October trip, on the same weekdays (Saturday 27–Sunday 28 October 2029)."""
    earlier = TripFactory(
        organisation=organisation,
        status="completed",
        slug="hostresan-2029",
        title="Höstresan 2029",
        starts_at=local(2029, 10, 27, 8, 0),
        ends_at=local(2029, 10, 28, 18, 0),
        application_deadline=local(2029, 10, 1, 12, 0),
    )
    make_item(earlier, "Frukost", local(2029, 10, 27, 8, 0), local(2029, 10, 27, 9, 0))
    make_item(earlier, "Skidbuss", local(2029, 10, 28, 10, 0), local(2029, 10, 28, 12, 0))
    make_item(
        earlier, "Inställd", local(2029, 10, 27, 15, 0), local(2029, 10, 27, 16, 0), cancelled=True
    )
    employer = EmployerFactory()
    make_item(
        earlier,
        "Besök hos en arbetsgivare",
        local(2029, 10, 27, 13, 0),
        local(2029, 10, 27, 14, 0),
        audience="employer",
        employer=employer,
    )
    return earlier


def test_copy_page_offers_the_organisations_other_trips(
    organiser_client, trip, earlier_trip, other_organiser
):
    TripFactory(organisation=other_organiser.organisation_, title="Någon annans resa")

    response = organiser_client.get(reverse("manage:programme_copy", kwargs={"slug": "hostresan"}))

    assert texts(response.content, "option") == ["Höstresan 2029 (27 Oct 2029, 4 items)"]


def test_copy_from_an_earlier_trip_moves_it_to_the_new_dates(organiser_client, trip, earlier_trip):
    response = organiser_client.post(
        reverse("manage:programme_copy", kwargs={"slug": "hostresan"}),
        {"source": earlier_trip.pk},
        follow=True,
    )

    assert response.redirect_chain == [(editor_url(), 302)]
    assert texts(response.content, "p", "message") == ["2 items copied from “Höstresan 2029”."]
    copied = {item.title: local_times(item) for item in ItineraryItem.objects.filter(trip=trip)}
    # Same wall-clock times, 364 days later (Sunday 28 Oct 2029 → Sunday 27 Oct 2030, DST end).
    assert copied == {
        "Frukost": ("2030-10-26 08:00", "2030-10-26 09:00"),
        "Skidbuss": ("2030-10-27 10:00", "2030-10-27 12:00"),
    }
    assert texts(response.content, "span", "programme-item__title") == ["Frukost", "Skidbuss"]


def test_copy_that_does_not_fit_copies_nothing_and_says_why(organiser_client, organisation):
    TripFactory(
        organisation=organisation,
        slug="kort",
        title="Kort resa",
        starts_at=local(2030, 10, 26, 8, 0),
        ends_at=local(2030, 10, 26, 18, 0),
        application_deadline=local(2030, 10, 1, 12, 0),
    )
    long = TripFactory(
        organisation=organisation,
        title="Lång resa",
        starts_at=local(2030, 3, 2, 8, 0),
        ends_at=local(2030, 3, 3, 18, 0),
        application_deadline=local(2030, 2, 1, 12, 0),
    )
    make_item(long, "Dag ett", local(2030, 3, 2, 9, 0), local(2030, 3, 2, 10, 0))
    make_item(long, "Dag två", local(2030, 3, 3, 9, 0), local(2030, 3, 3, 10, 0))

    response = organiser_client.post(
        reverse("manage:programme_copy", kwargs={"slug": "kort"}), {"source": long.pk}
    )

    assert response.status_code == 200
    assert form_errors(response.content) == [
        "Nothing was copied: an item of “Lång resa” falls outside this trip's dates once "
        "moved to them.",
        "The item ends after the trip (2030-10-26 18:00).",
    ]
    assert not ItineraryItem.objects.filter(trip__slug="kort").exists()


def test_copy_from_a_trip_without_items_says_so(organiser_client, trip, organisation):
    empty = TripFactory(organisation=organisation, title="Tom resa")

    response = organiser_client.post(
        reverse("manage:programme_copy", kwargs={"slug": "hostresan"}),
        {"source": empty.pk},
        follow=True,
    )

    assert texts(response.content, "p", "message") == [
        "“Tom resa” has no items that can be copied."
    ]


def test_copy_page_without_other_trips(organiser_client, trip):
    response = organiser_client.get(reverse("manage:programme_copy", kwargs={"slug": "hostresan"}))

    assert "Your organisation has no other trips to copy from." in page_text(response.content)
