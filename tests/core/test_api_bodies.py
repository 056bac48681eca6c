"""What the API does with bodies it cannot take: one JSON error shape, nothing stored."""

import json

import pytest
from django.test import Client

from events.models import Trip

from ..factories import ensure_sectors

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def trip_body(organisation):
    ensure_sectors()
    return {
        "title": "Vårresan",
        "sectors": ["it"],
        "summary": "Två dagar i Jämtland",
        "starts_at": "2031-04-10T08:00:00+02:00",
        "ends_at": "2031-04-11T18:00:00+02:00",
        "base_locations": "Östersund",
        "candidate_capacity": 20,
        "employer_slots": 4,
        "slot_price_ore": 1_200_000,
        "application_deadline": "2031-03-20T12:00:00+01:00",
    }


def test_json_sent_as_text_plain_is_refused_with_415(client, organiser, bearer, trip_body):
    body = json.dumps({**trip_body, "title": "a\u0000b"})  # the NUL guard must not be bypassed
    for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
        response = client.post(
            "/api/v1/trips", body, content_type=content_type, headers=bearer(organiser)
        )
        assert response.status_code == 415, content_type
        assert response.json() == {
            "detail": "The request body must be JSON, sent as Content-Type: application/json."
        }
    assert not Trip.objects.exists()


def test_json_with_a_charset_is_accepted(client, organiser, bearer, trip_body):
    response = client.post(
        "/api/v1/trips",
        json.dumps(trip_body),
        content_type="application/json; charset=utf-8",
        headers=bearer(organiser),
    )
    assert response.status_code == 201, response.content
    assert Trip.objects.get().title == "Vårresan"


def test_a_very_large_body_is_a_clear_4xx(client, organiser, bearer, trip_body):
    huge = json.dumps({**trip_body, "description": "x" * 3_000_000})
    for content_type in ("text/plain", JSON):
        response = client.post(
            "/api/v1/trips", huge, content_type=content_type, headers=bearer(organiser)
        )
        assert response.status_code == 413, content_type
        assert response.json() == {"detail": "The request body is too large."}
    assert not Trip.objects.exists()


def test_a_post_without_data_needs_no_content_type(client, organiser, bearer):
    # Django's test client (like some HTTP libraries) sends an empty multipart form.
    response = client.post("/api/v1/me/calendar-token", headers=bearer(organiser))
    assert response.status_code == 201, response.content
    form = client.post("/api/v1/me/calendar-token", {"a": "b"}, headers=bearer(organiser))
    assert form.status_code == 415
    broken = client.post(
        "/api/v1/me/calendar-token",
        "x",
        content_type="multipart/form-data",
        headers=bearer(organiser),
    )
    assert broken.status_code == 415


def test_json_disguised_as_a_form_is_checked_for_nul_too(client, organiser, bearer, trip_body):
    body = json.dumps({**trip_body, "title": "a\u0000b"})
    response = client.post(
        "/api/v1/trips",
        body,
        content_type="multipart/form-data; boundary=x",
        headers=bearer(organiser),
    )
    assert response.status_code in (400, 415)
    assert not Trip.objects.exists()


def test_a_nul_in_a_json_body_is_still_400(client, organiser, bearer, trip_body):
    body = json.dumps({**trip_body, "title": "a\u0000b"})
    response = client.post("/api/v1/trips", body, content_type=JSON, headers=bearer(organiser))
    assert response.status_code == 400
    assert not Trip.objects.exists()


def test_pages_outside_the_api_keep_their_own_content_types():
    # Forms post form-encoded bodies; the Stripe webhook has its own checks.
    response = Client().post("/accounts/login/", {"username": "a@b.test", "password": "x"})
    assert response.status_code == 200


def test_openapi_declares_the_api_wide_answers(client):
    def no_duplicate_keys(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys  # YAML parsers (Swagger UI's) refuse them
        return dict(pairs)

    body = client.get("/api/v1/openapi.json").content
    paths = json.loads(body, object_pairs_hook=no_duplicate_keys)["paths"]
    assert {"403", "413", "415"} <= set(paths["/api/v1/trips"]["post"]["responses"])
    assert "403" in paths["/api/v1/auth/token"]["delete"]["responses"]  # a session's CSRF
    assert "415" not in paths["/api/v1/trips"]["get"]["responses"]
