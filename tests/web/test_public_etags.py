"""Public lists answer a conditional GET with 304 while what they show is unchanged
(core.conditional): the home page, the trip list /trips/ and GET /api/v1/trips. Anonymous
visitors only; a signed-in user is always served their own page."""

import json

import pytest
from django.urls import reverse

from candidates.services import application_transition
from events.services import trip_transition, trip_update
from tests.factories import ApplicationFactory, CandidateFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db
PAGES = ("/", "/trips/")
LISTS = (*PAGES, "/api/v1/trips")


@pytest.fixture
def trip(organisation):
    return TripFactory(organisation=organisation, status="published", title="Fjällresan")


def _text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _again(client, path, response, **headers):
    return client.get(path, headers={"If-None-Match": response["ETag"], **headers})


@pytest.mark.parametrize("path", LISTS)
def test_asking_again_with_the_etag_gets_304_without_a_body(client, trip, path):
    first = client.get(path)
    assert first.status_code == 200
    assert "Fjällresan" in _text(first)

    again = _again(client, path, first)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    vary = {v.strip() for v in first["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary


@pytest.mark.parametrize("path", LISTS)
def test_an_edited_trip_changes_the_etag_and_the_page_shows_it(client, trip, organiser, path):
    first = client.get(path)

    trip_update(trip=trip, actor=organiser, title="Fjällresan i mars")
    again = _again(client, path, first)

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Fjällresan i mars" in _text(again)


@pytest.mark.parametrize("path", LISTS)
def test_a_newly_published_trip_changes_the_etag(client, trip, organisation, organiser, path):
    draft = TripFactory(organisation=organisation, title="Sommarresan")
    first = client.get(path)
    assert "Sommarresan" not in _text(first)

    trip_transition(trip=draft, actor=organiser, to_status="published")
    again = _again(client, path, first)

    assert again.status_code == 200
    assert "Sommarresan" in _text(again)


def test_trip_list_etag_follows_the_places_left(client, trip, organiser):
    application = ApplicationFactory(trip=trip, candidate=CandidateFactory())
    first = client.get("/trips/")
    places = f"{trip.candidate_capacity} places left"
    assert places in first.content.decode()

    application_transition(application=application, actor=organiser, to_status="accepted")
    again = _again(client, "/trips/", first)

    assert again.status_code == 200
    assert f"{trip.candidate_capacity - 1} places left" in again.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_another_language_gets_another_etag(client, trip, settings, path):
    english = client.get(path)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    swedish = _again(client, path, english)

    assert swedish.status_code == 200
    assert swedish["ETag"] != english["ETag"]
    assert 'lang="sv"' in swedish.content.decode()


@pytest.mark.parametrize("path", LISTS)
def test_a_signed_in_user_never_gets_a_304_or_an_etag(client, trip, path):
    anonymous = client.get(path)
    someone = UserFactory(email="someone@example.test")
    client.force_login(someone)

    response = _again(client, path, anonymous)

    assert response.status_code == 200
    assert "ETag" not in response
    assert response["Cache-Control"] == "private, no-store"
    if path in PAGES:
        assert "someone@example.test" in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_a_signed_in_users_page_is_not_served_to_the_next_user(client, trip, path):
    client.force_login(UserFactory(email="first@example.test"))
    first = client.get(path)
    client.logout()
    client.force_login(UserFactory(email="second@example.test"))

    second = client.get(path, headers={"If-None-Match": first.get("ETag", '"x"')})

    assert second.status_code == 200
    page = second.content.decode()
    assert "second@example.test" in page
    assert "first@example.test" not in page


def test_api_list_for_an_organiser_is_theirs_and_untagged(client, trip, organiser, bearer):
    own_draft = TripFactory(organisation=organiser.organisation_, title="Vårt utkast")
    anonymous = client.get("/api/v1/trips")

    response = _again(client, "/api/v1/trips", anonymous, **bearer(organiser))

    assert response.status_code == 200
    assert "ETag" not in response
    assert own_draft.slug in [t["slug"] for t in response.json()["items"]]
    assert "Authorization" in anonymous["Vary"]


def test_api_list_from_the_cache_is_the_same_answer(client, trip, bearer):
    TripFactory.create_batch(3, status="published")
    first = client.get("/api/v1/trips?page_size=2")
    cached = client.get("/api/v1/trips?page_size=2")
    # A candidate's token goes through ninja as usual, never through the cache.
    untouched = client.get("/api/v1/trips?page_size=2", headers=bearer(CandidateFactory().user))

    assert first.content == cached.content
    assert first.json() == untouched.json()
    assert first["Content-Type"] == untouched["Content-Type"]
    assert first.json()["count"] == 4


def test_a_page_with_a_message_waiting_shows_it_and_gets_no_etag(client, trip):
    before = client.get("/")
    # Opening the code step without a password first leaves a message for the next page.
    assert client.get(reverse("login_code")).status_code == 302

    page = _again(client, "/", before)

    assert page.status_code == 200
    assert "Log in with your password first." in page.content.decode()
    assert "ETag" not in page
    assert client.get("/").has_header("ETag")


def test_after_signing_in_and_out_the_page_is_sent_again_with_its_new_form_token(client, trip):
    # Signing in renews the CSRF secret: the page kept from before has a stale form token.
    before = client.get("/")
    user = UserFactory(email="kim@example.test")
    user.set_password("a long enough passphrase")
    user.save()
    signed_in = client.post(
        reverse("login"), {"username": "kim@example.test", "password": "a long enough passphrase"}
    )
    assert signed_in.status_code == 302
    client.post(reverse("logout"))

    after = _again(client, "/", before)

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
