from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Application, TripInvitation
from tests.factories import ApplicationFactory, EmployerMemberFactory, OrganiserFactory
from tests.web.pages import page_text

from .conftest import consenting, registration

pytestmark = pytest.mark.django_db
JSON = "application/json"
PASSWORD = "fjallvandring-2040"


def _url(trip, tail=""):
    return f"/api/v1/trips/{trip.slug}/suggestions{tail}"


def test_organiser_gets_the_ranked_suggestions(client, organiser, bearer, suggestions):
    body = client.get(_url(suggestions.trip), headers=bearer(organiser)).json()
    assert body["count"] == 3
    assert [
        (item["candidate"], item["registration"], item["name"], item["score"], item["invited_at"])
        for item in body["items"]
    ] == [
        (suggestions.strong.pk, None, "Stina Stark", 96, None),
        (suggestions.weak.pk, None, "Vera Vag", 27, None),
        (None, suggestions.registration.pk, "Rita Registrerad", 20, None),
    ]
    assert body["items"][1]["reasons"] == [
        "Works in IT, a sector of the trip",
        "1 year of experience",
        "Speaks English",
    ]
    paged = client.get(_url(suggestions.trip, "?page=2&page_size=2"), headers=bearer(organiser))
    assert [item["name"] for item in paged.json()["items"]] == ["Rita Registrerad"]


def test_suggestions_reasons_in_swedish_when_asked(client, organiser, bearer, suggestions):
    headers = {**bearer(organiser), "Accept-Language": "sv"}
    body = client.get(_url(suggestions.trip), headers=headers).json()
    assert body["items"][2]["reasons"] == ["Arbetar inom IT, en av resans branscher"]


def test_suggestions_are_for_the_trips_organisers_only(client, bearer, suggestions):
    stranger = OrganiserFactory().user
    employer = EmployerMemberFactory().user
    candidate = suggestions.strong.user
    for user in (stranger, employer, candidate):
        headers = bearer(user)
        assert client.get(_url(suggestions.trip), headers=headers).status_code == 404
        invite = client.post(
            _url(suggestions.trip, "/invite"),
            {"candidates": [suggestions.strong.pk]},
            content_type=JSON,
            headers=headers,
        )
        assert invite.status_code == 404
    assert client.get(_url(suggestions.trip)).status_code == 401
    assert not TripInvitation.objects.exists()


def test_suggestions_query_count_is_the_same_at_two_sizes(client, organiser, bearer, suggestions):
    headers = bearer(organiser)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(suggestions.trip), headers=headers).status_code == 200
        return len(captured)

    queries()  # the first request also records the token's use
    small = queries()
    for n in range(12):
        consenting(name=f"Fler {n}", skills=["Django"])
        registration(f"fler{n}@example.test")
    assert queries() == small


def test_invite_then_follow_the_link_to_the_apply_form(
    client, organiser, bearer, suggestions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(suggestions.trip, "/invite"),
            {"candidates": [suggestions.weak.pk]},
            content_type=JSON,
            headers=bearer(organiser),
        )
    assert response.status_code == 200
    assert response.json() == {"invited": 1, "already_invited": 0}
    [message] = mail.outbox
    assert message.to == [suggestions.weak.email]
    link = next(line for line in message.body.splitlines() if "/apply/" in line)
    path = urlsplit(link.strip()).path
    assert path == "/trips/it-resan/apply/"
    assert client.get(path).status_code == 302  # to the login page first
    client.force_login(suggestions.weak.user)
    form = client.get(path)
    assert form.status_code == 200
    assert "Apply for IT-resan" in page_text(form.content)
    assert not Application.objects.filter(candidate=suggestions.weak).exists()

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            _url(suggestions.trip, "/invite"),
            {"candidates": [suggestions.weak.pk]},
            content_type=JSON,
            headers=bearer(organiser),
        )
    assert again.json() == {"invited": 0, "already_invited": 1}
    assert len(mail.outbox) == 1


def test_a_registrations_link_signs_up_then_opens_the_apply_form(
    client, organiser, bearer, suggestions, django_capture_on_commit_callbacks
):
    from tests.factories import sector

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(suggestions.trip, "/invite"),
            {"registrations": [suggestions.registration.pk]},
            content_type=JSON,
            headers=bearer(organiser),
        )
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/signup/" in line).strip()
    parts = urlsplit(link)
    signup = f"{parts.path}?{parts.query}"
    page = client.get(signup).content.decode()
    assert '<input type="hidden" name="next" value="/trips/it-resan/apply/">' in page
    data = {
        "email": "rita@example.test",
        "full_name": "Rita Registrerad",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "sectors": [sector("it").pk],
        "consent_talent_db": "on",
    }
    response = client.post(signup, data, follow=True)
    assert response.redirect_chain == [("/trips/it-resan/apply/", 302)]
    assert "Apply for IT-resan" in page_text(response.content)


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({}, 422),
        ({"candidates": []}, 422),
        ({"candidates": ["abc"]}, 422),
        ({"candidates": [0]}, 422),
        ({"candidates": [2**40]}, 422),
        ({"candidates": 5}, 422),
        ({"registrations": [987654]}, 422),
    ],
)
def test_invite_bad_ids_are_4xx(client, organiser, bearer, suggestions, payload, status):
    response = client.post(
        _url(suggestions.trip, "/invite"), payload, content_type=JSON, headers=bearer(organiser)
    )
    assert response.status_code == status
    assert "detail" in response.json()
    assert not TripInvitation.objects.exists()


def test_invite_names_who_cannot_be_invited(client, organiser, bearer, suggestions):
    applied = suggestions.excluded["applied"]
    no_consent = suggestions.excluded["no consent"]
    response = client.post(
        _url(suggestions.trip, "/invite"),
        {"candidates": [suggestions.strong.pk, applied.pk, no_consent.pk]},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 422
    ids = ", ".join(str(pk) for pk in sorted([applied.pk, no_consent.pk]))
    assert response.json()["fields"] == {"candidates": [f"Cannot be invited: {ids}."]}
    assert not TripInvitation.objects.exists()


def test_applications_ordered_by_fit(client, organiser, bearer, suggestions):
    trip = suggestions.trip
    weak = ApplicationFactory(trip=trip, candidate=suggestions.weak)
    strong = ApplicationFactory(trip=trip, candidate=suggestions.strong)
    applied = suggestions.excluded["applied"].applications.get()
    headers = bearer(organiser)
    body = client.get(f"/api/v1/trips/{trip.slug}/applications?order=fit", headers=headers).json()
    assert [(a["id"], a["fit_score"]) for a in body["items"]] == [
        (strong.pk, 96),
        (applied.pk, 60),
        (weak.pk, 27),
    ]
    assert body["items"][2]["fit_reasons"] == [
        "Works in IT, a sector of the trip",
        "1 year of experience",
        "Speaks English",
    ]
    plain = client.get(f"/api/v1/trips/{trip.slug}/applications", headers=headers).json()
    assert [(a["id"], a["fit_score"]) for a in plain["items"]] == [
        (applied.pk, None),
        (weak.pk, None),
        (strong.pk, None),
    ]
    bad = client.get(f"/api/v1/trips/{trip.slug}/applications?order=luck", headers=headers)
    assert bad.status_code == 422


def test_applications_by_fit_query_count_is_the_same_at_two_sizes(
    client, organiser, bearer, suggestions
):
    headers = bearer(organiser)
    url = f"/api/v1/trips/{suggestions.trip.slug}/applications?order=fit"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers=headers).status_code == 200
        return len(captured)

    queries()  # the first request also records the token's use
    small = queries()
    for n in range(8):
        ApplicationFactory(trip=suggestions.trip, candidate=consenting(name=f"Sökande {n}"))
    assert queries() == small
