"""Practical information for a participant (travel, accommodation, room sharing): organisers
enter it on the applicant's page; the candidate reads it on their dashboard."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from candidates.models import Application
from tests.factories import ApplicationFactory, CandidateFactory, TripFactory

from ..pages import form_errors, texts

pytestmark = pytest.mark.django_db

PRACTICAL = {
    "travel": "SJ 571 Stockholm 07:10 – Östersund 12:05, 12 March",
    "accommodation": "Hotell Jämteborg, Storgatan 54, Östersund",
    "room_sharing": "Shares with Lina Berg",
}


@pytest.fixture
def trip(organisation):
    return TripFactory(organisation=organisation, status="published", slug="varresan")


@pytest.fixture
def application(trip):
    candidate = CandidateFactory(
        name="Maja Lind", user__email="maja@example.test", user__language="en"
    )
    return ApplicationFactory(candidate=candidate, trip=trip, status="accepted")


def _url(application, name="manage:applicant_practical"):
    return reverse(name, args=[application.trip.slug, application.pk])


def _practical(application) -> tuple[str, str, str]:
    return tuple(
        Application.objects.values_list("travel", "accommodation", "room_sharing").get(
            pk=application.pk
        )
    )


def test_organiser_saves_the_practical_information_and_sees_it(organiser_client, application):
    Application.objects.filter(pk=application.pk).update(
        updated_at=application.updated_at - timedelta(days=1)
    )
    before = Application.objects.get(pk=application.pk).updated_at

    response = organiser_client.post(_url(application), PRACTICAL, follow=True)

    assert response.redirect_chain == [
        (_url(application, "manage:applicant_detail") + "#practical", 302)
    ]
    assert texts(response.content, "p", "message") == ["The practical information is saved."]
    assert _practical(application) == tuple(PRACTICAL.values())
    assert Application.objects.get(pk=application.pk).updated_at > before
    section = texts(response.content, "section", "practical")[0]
    assert section.startswith("Practical information")
    assert section.endswith("Save")
    html = response.content.decode()
    for value in PRACTICAL.values():
        assert f'value="{value}"' in html


def test_blank_fields_clear_what_was_there(organiser_client, application):
    Application.objects.filter(pk=application.pk).update(**PRACTICAL)

    organiser_client.post(
        _url(application), {**PRACTICAL, "travel": "", "room_sharing": "  "}, follow=True
    )

    assert _practical(application) == ("", PRACTICAL["accommodation"], "")


def test_too_long_a_value_is_a_form_error_and_stores_nothing(organiser_client, application):
    response = organiser_client.post(_url(application), {**PRACTICAL, "travel": "x" * 301})

    assert response.status_code == 200
    assert form_errors(response.content) == [
        "Ensure this value has at most 300 characters (it has 301)."
    ]
    assert _practical(application) == ("", "", "")


def test_another_organisations_organiser_cannot_see_or_change_it(
    client, other_organiser, plain_user, application
):
    Application.objects.filter(pk=application.pk).update(**PRACTICAL)
    client.force_login(other_organiser)

    assert client.get(_url(application, "manage:applicant_detail")).status_code == 404
    assert client.post(_url(application), {"travel": "Bus"}).status_code == 404
    client.force_login(plain_user)
    assert client.post(_url(application), {"travel": "Bus"}).status_code == 403
    assert _practical(application) == tuple(PRACTICAL.values())


def test_an_applicant_of_another_trip_is_404(organiser_client, organisation, application):
    other_trip = TripFactory(organisation=organisation, status="published")

    response = organiser_client.post(
        reverse("manage:applicant_practical", args=[other_trip.slug, application.pk]),
        {"travel": "Bus"},
    )

    assert response.status_code == 404
    assert _practical(application) == ("", "", "")


def test_the_candidate_sees_it_read_only_on_their_dashboard(client, organiser_client, application):
    organiser_client.post(_url(application), {**PRACTICAL, "room_sharing": ""})
    client.force_login(application.candidate.user)

    response = client.get(reverse("candidate_dashboard"))

    section = texts(response.content, "section", "practical")
    assert section == [
        "Practical information Travel "
        + PRACTICAL["travel"]
        + " Accommodation "
        + PRACTICAL["accommodation"]
    ]
    assert "Room sharing" not in section[0]
    assert 'name="travel"' not in response.content.decode()


def test_the_dashboard_has_no_practical_section_while_nothing_is_entered(client, application):
    client.force_login(application.candidate.user)

    response = client.get(reverse("candidate_dashboard"))

    assert texts(response.content, "h3", "application__trip") == [application.trip.title]
    assert texts(response.content, "section", "practical") == []


def test_the_form_and_the_dashboard_read_swedish(organiser, application):
    Application.objects.filter(pk=application.pk).update(**PRACTICAL)
    organiser_browser, candidate_browser = Client(), Client()
    organiser_browser.force_login(organiser)
    candidate_browser.force_login(application.candidate.user)

    with translation.override("sv"):
        form = organiser_browser.get(
            _url(application, "manage:applicant_detail"), headers={"Accept-Language": "sv"}
        )
        dashboard = candidate_browser.get(
            reverse("candidate_dashboard"), headers={"Accept-Language": "sv"}
        )

    section = texts(form.content, "section", "practical")[0]
    for words in (
        "Praktisk information",
        "Resa",
        "Tåg eller flyg, med tider.",
        "Boende",
        "Hotell och adress.",
        "Rumsdelning",
        "Vem som delar rum, om någon.",
        "Spara",
    ):
        assert words in section
    assert texts(dashboard.content, "section", "practical")[0].startswith(
        "Praktisk information Resa SJ 571"
    )
