"""Who of an employer comes on the trip ("team on site"): its members write it on their
booking's page while the booking holds a slot; organisers read it on the trip's bookings."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.exceptions import NotPermitted, ValidationFailed
from employers.models import SlotBooking
from employers.services import booking_team_on_site_set
from tests.factories import EmployerMemberFactory, SlotBookingFactory

from ..pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db

TEAM = "Anna Berg, 070-174 06 20\nOla Ek, 070-174 06 21"


@pytest.fixture
def booking(trip, employer):
    return SlotBookingFactory(
        trip=trip, employer=employer, status="confirmed", hold_expires_at=None
    )


def _url(booking):
    return reverse("employer:booking_team", args=[booking.pk])


def _team(booking) -> str:
    return SlotBooking.objects.get(pk=booking.pk).team_on_site


def test_member_saves_the_team_on_site(member_client, booking):
    SlotBooking.objects.filter(pk=booking.pk).update(updated_at=timezone.now() - timedelta(days=1))
    before = SlotBooking.objects.get(pk=booking.pk).updated_at

    response = member_client.post(
        _url(booking),
        {"team_on_site": "  Anna Berg, 070-174 06 20\n\n Ola Ek, 070-174 06 21 "},
        follow=True,
    )

    assert response.redirect_chain == [(_url(booking), 302)]
    assert texts(response.content, "p", "message") == ["Your team on site for IT-resan is saved."]
    assert _team(booking) == TEAM
    assert SlotBooking.objects.get(pk=booking.pk).updated_at > before
    assert TEAM in response.content.decode()  # in the textarea, to change again


def test_the_booking_list_links_to_it_only_while_it_can_change(member_client, booking, trip):
    cancelled = SlotBookingFactory(
        trip=trip,
        employer=booking.employer,
        status="cancelled",
        hold_expires_at=None,
    )

    response = member_client.get(reverse("employer:bookings"))

    html = response.content.decode()
    assert f'href="{_url(booking)}"' in html
    assert f'href="{_url(cancelled)}"' not in html


def test_too_long_a_team_is_a_form_error_and_stores_nothing(member_client, booking):
    response = member_client.post(_url(booking), {"team_on_site": "x" * 1001})

    assert form_errors(response.content) == [
        "Ensure this value has at most 1000 characters (it has 1001)."
    ]
    assert _team(booking) == ""


def test_after_the_trip_or_once_cancelled_it_is_read_only(member_client, booking, trip):
    SlotBooking.objects.filter(pk=booking.pk).update(team_on_site=TEAM)
    trip.starts_at = timezone.now() - timedelta(days=3)
    trip.ends_at = timezone.now() - timedelta(days=2)
    trip.application_deadline = trip.starts_at - timedelta(days=5)
    trip.save()

    page = member_client.get(_url(booking))
    posted = member_client.post(_url(booking), {"team_on_site": "Someone else"}, follow=True)

    assert "who came can no longer be changed" in page_text(page.content)
    assert texts(page.content, "div", "team-on-site") == [TEAM.replace("\n", "")]
    assert TEAM.replace("\n", "<br>") in page.content.decode()
    assert texts(posted.content, "p", "message") == [
        "Who comes on the trip can be changed only for an active booking before the trip ends."
    ]
    assert _team(booking) == TEAM


def test_the_service_refuses_a_cancelled_booking(member, booking):
    SlotBooking.objects.filter(pk=booking.pk).update(status="cancelled")

    with pytest.raises(ValidationFailed, match="only for an active booking"):
        booking_team_on_site_set(booking=booking, actor=member, team_on_site=TEAM)

    assert _team(booking) == ""


def test_another_employer_cannot_see_or_change_it(client, booking, organisation):
    outsider = EmployerMemberFactory(employer__organisation=organisation).user
    client.force_login(outsider)

    assert client.get(_url(booking)).status_code == 404
    assert client.post(_url(booking), {"team_on_site": "Us instead"}).status_code == 404
    with pytest.raises(NotPermitted):
        booking_team_on_site_set(booking=booking, actor=outsider, team_on_site="Us instead")
    assert _team(booking) == ""


def test_organisers_see_it_on_the_trips_bookings(organiser_client, booking, trip):
    SlotBooking.objects.filter(pk=booking.pk).update(team_on_site=TEAM)

    response = organiser_client.get(reverse("manage:trip_bookings", args=[trip.slug]))

    assert texts(response.content, "div", "team-on-site") == [
        "Team on site:" + TEAM.replace("\n", "")
    ]
    assert "Team on site:<br>" + TEAM.replace("\n", "<br>") in response.content.decode()


def test_the_team_page_reads_swedish(member, booking):
    browser = Client()
    browser.force_login(member)

    with translation.override("sv"):
        response = browser.get(_url(booking), headers={"Accept-Language": "sv"})

    text = page_text(response.content)
    assert texts(response.content, "h1") == ["Team på plats"]
    assert "Vilka från Fjällkraft AB som följer med på resan, med telefonnummer." in text
    assert "Tillbaka till era bokningar" in text
