"""Responses with personal data say `Cache-Control: private, no-store`: every response to a
logged-in user or a bearer token, and the personal calendar feed (whose URL is the key)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from candidates.services import candidate_profile_update
from core.services import api_token_create
from itineraries.services import calendar_token_regenerate
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    EmployerMemberFactory,
    SlotBookingFactory,
    TripFactory,
)
from tests.itineraries.conftest import make_item
from tests.web.candidates.conftest import pdf_bytes

pytestmark = pytest.mark.django_db
PRIVATE = "private, no-store"


@pytest.fixture
def trip(organisation):
    trip = TripFactory(organisation=organisation, status="published", slug="it-resan")
    make_item(trip, title="Fika")
    return trip


@pytest.fixture
def candidate(trip):
    candidate = CandidateFactory()
    cv = SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf")
    candidate_profile_update(candidate=candidate, actor=None, cv=cv)
    ApplicationFactory(
        candidate=candidate,
        trip=trip,
        status="accepted",
        share_consent_at=timezone.now(),
        share_consent_version="v",
    )
    return candidate


def test_organiser_responses_are_private(
    client, organiser, trip, candidate, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):  # builds the pack PDFs
        pages = {
            "pack page": client.get("/trips/it-resan/pack/"),
            "back office": client.get(reverse("manage:applicant_list", args=["it-resan"])),
            "CSV export": client.get(reverse("manage:applicants_csv", args=["it-resan"])),
            "CV": client.get(reverse("candidate_cv", args=[candidate.pk])),
        }
    pages["pack PDF"] = client.get("/trips/it-resan/pack.pdf")
    pages["participants PDF"] = client.get("/trips/it-resan/participants.pdf")
    for kind, response in pages.items():
        assert response.status_code == 200, kind
        assert response["Cache-Control"] == PRIVATE, kind


def test_employer_pack_is_private(client, trip, candidate):
    employer = EmployerFactory()
    SlotBookingFactory(trip=trip, employer=employer, status="confirmed", hold_expires_at=None)
    client.force_login(EmployerMemberFactory(employer=employer).user)
    response = client.get("/trips/it-resan/pack/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_personal_feed_is_private_and_the_public_one_public(client, trip, candidate):
    personal = client.get(f"/calendar/{calendar_token_regenerate(user=candidate.user).key}.ics")
    public = client.get("/trips/it-resan/itinerary.ics")
    assert (personal.status_code, personal["Cache-Control"]) == (200, PRIVATE)
    assert (public.status_code, public["Cache-Control"]) == (200, "public, max-age=300")


def test_api_me_answers_are_private_with_a_token_or_a_session(client, candidate):
    _, key = api_token_create(user=candidate.user)
    headers = {"Authorization": f"Bearer {key}"}
    for path in ("/api/v1/me", "/api/v1/me/profile", "/api/v1/me/applications"):
        response = client.get(path, headers=headers)
        assert (response.status_code, response["Cache-Control"]) == (200, PRIVATE), path
    client.force_login(candidate.user)
    assert client.get("/api/v1/me")["Cache-Control"] == PRIVATE


def test_anonymous_public_lists_are_kept_by_the_browser_only_and_revalidated(client, trip):
    # With an ETag (core.conditional): the browser may keep them and asks again each time.
    for path in ("/", "/trips/", "/api/v1/trips"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "private, no-cache", path
        assert response.has_header("ETag"), path


def test_anonymous_trip_page_is_left_alone(client, trip):
    response = client.get("/trips/it-resan/")
    assert response.status_code == 200
    assert "Cache-Control" not in response
