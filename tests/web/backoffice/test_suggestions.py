import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import TripInvitation
from tests.candidates.conftest import consenting, registration
from tests.factories import ApplicationFactory

from ..pages import page_text, texts

pytestmark = pytest.mark.django_db


def _page(trip) -> str:
    return reverse("manage:trip_suggestions", kwargs={"slug": trip.slug})


def _invite(trip) -> str:
    return reverse("manage:trip_suggestion_invite", kwargs={"slug": trip.slug})


def test_suggestions_page_lists_the_ranking_with_reasons(organiser_client, suggestions):
    response = organiser_client.get(_page(suggestions.trip))
    assert response.status_code == 200
    assert texts(response.content, "th", "suggestion-name") == [
        "Stina Stark",
        "Vera Vag",
        "Rita Registrerad",
    ]
    body = page_text(response.content)
    assert "Skills match Backend developer at Åre Data: python, django" in body
    assert "96 points" in body
    assert "Nils Nej" not in body  # no consent
    assert "Anna Ansökt" not in body  # applied


def test_suggestions_page_is_swedish_by_default(organiser, suggestions):
    client = Client()
    client.force_login(organiser)
    body = page_text(client.get(_page(suggestions.trip)).content)
    assert "Förslag: IT-resan" in body
    assert "Arbetar inom IT, en av resans branscher" in body
    assert "Bjud in att ansöka via e-post" in body


def test_trip_pages_link_to_the_suggestions(organiser_client, suggestions):
    trip = suggestions.trip
    for name in ("trip_edit", "applicant_list"):
        page = organiser_client.get(reverse(f"manage:{name}", kwargs={"slug": trip.slug}))
        assert f'href="{_page(trip)}"' in page.content.decode()
    assert (
        f'href="{_page(trip)}"'
        in organiser_client.get(reverse("manage:trip_list")).content.decode()
    )


def test_invite_the_ticked_people_once(
    organiser_client, suggestions, django_capture_on_commit_callbacks
):
    trip = suggestions.trip
    people = [f"c{suggestions.strong.pk}", f"r{suggestions.registration.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(_invite(trip), {"people": people}, follow=True)
    assert texts(response.content, "p", "message") == ["2 people are invited by email."]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [suggestions.strong.email, "rita@example.test"]
    )
    # Invited people have no checkbox any more; the others still do.
    page = response.content.decode()
    assert f'value="c{suggestions.strong.pk}"' not in page
    assert f'value="c{suggestions.weak.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        again = organiser_client.post(
            _invite(trip), {"people": [people[0], f"c{suggestions.weak.pk}"]}, follow=True
        )
    assert texts(again.content, "p", "message") == [
        "1 person is invited by email.",
        "1 person had been invited before and was not emailed again.",
    ]
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("people", [[], ["c999999"], ["x1"], ["applied"]])
def test_invite_with_nobody_or_someone_not_suggested_changes_nothing(
    organiser_client, suggestions, people
):
    if people == ["applied"]:
        people = [f"c{suggestions.excluded['applied'].pk}", f"c{suggestions.strong.pk}"]
    response = organiser_client.post(_invite(suggestions.trip), {"people": people}, follow=True)
    assert response.status_code == 200
    [message] = texts(response.content, "p", "message")
    assert message in {
        "Choose at least one person to invite.",
        "Someone you chose can no longer be invited (they may have applied meanwhile). "
        "Nobody was invited; please choose again.",
    }
    assert not TripInvitation.objects.exists()
    assert mail.outbox == []


def test_suggestions_page_query_count_is_the_same_at_two_sizes(organiser_client, suggestions):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(_page(suggestions.trip)).status_code == 200
        return len(captured)

    queries()
    small = queries()
    for n in range(10):
        consenting(name=f"Fler {n}", skills=["Python"])
        registration(f"fler{n}@example.test")
    assert queries() == small


def test_applicant_list_by_fit_shows_the_reasons(organiser_client, suggestions):
    trip = suggestions.trip
    ApplicationFactory(trip=trip, candidate=suggestions.weak)
    ApplicationFactory(trip=trip, candidate=suggestions.strong)
    url = reverse("manage:applicant_list", kwargs={"slug": trip.slug})
    response = organiser_client.get(f"{url}?order=fit")
    assert texts(response.content, "th", "applicant-name") == [
        "Stina Stark",
        "Anna Ansökt",
        "Vera Vag",
    ]
    assert "Can move from" in page_text(response.content)
    plain = organiser_client.get(url)
    assert texts(plain.content, "th", "applicant-name") == [
        "Anna Ansökt",
        "Vera Vag",
        "Stina Stark",
    ]
    assert "Can move from" not in page_text(plain.content)
    csv = organiser_client.get(
        reverse("manage:applicants_csv", kwargs={"slug": trip.slug}) + "?order=fit"
    )
    names = [line.split(",")[0] for line in csv.content.decode("utf-8-sig").splitlines()[1:]]
    assert names == ["Stina Stark", "Anna Ansökt", "Vera Vag"]


def test_applicant_list_by_fit_query_count_is_the_same_at_two_sizes(organiser_client, suggestions):
    url = reverse("manage:applicant_list", kwargs={"slug": suggestions.trip.slug}) + "?order=fit"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(url).status_code == 200
        return len(captured)

    queries()
    small = queries()
    for n in range(8):
        ApplicationFactory(trip=suggestions.trip, candidate=consenting(name=f"Sökande {n}"))
    assert queries() == small
