"""Itinerary PDFs are built off the request and cached by the fingerprint of what they show
(issue 12.3): the first reader waits on a page that opens the PDF when it is ready; a change
rebuilds it; while a rebuild runs the previous PDF is served with its date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from itineraries.models import ItineraryDocument
from itineraries.services import itinerary_item_update
from tests.pdfs import pdf_text

from ..factories import TripFactory
from .conftest import fetch_pdf, local, make_item

pytestmark = pytest.mark.django_db

URL = "/trips/vinterresan/programme.pdf"


@pytest.fixture
def trip(organisation):
    trip = TripFactory(
        organisation=organisation,
        status="published",
        slug="vinterresan",
        title="Vinterresan",
        starts_at=local(2031, 1, 14, 8, 0),
        ends_at=local(2031, 1, 15, 17, 0),
        application_deadline=local(2031, 1, 1, 12, 0),
    )
    make_item(
        trip,
        title="Skidlektion i Åre",
        starts_at=local(2031, 1, 14, 10, 0),
        ends_at=local(2031, 1, 14, 12, 0),
    )
    return trip


def test_first_reader_waits_then_gets_the_pdf(client, trip, django_capture_on_commit_callbacks):
    # Nothing is rendered in the request: the page says the PDF is on its way, and the
    # build task runs once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True) as build:
        pending = client.get(URL)
        assert pending.status_code == 202
        assert "Your PDF is being prepared" in pending.content.decode()
        assert "vinterresan-programme-en.pdf" in pending.content.decode()
        status = client.get(URL + "?status").json()
        assert status == {"state": "queued", "ready": False, "url": URL}
    assert len(build) == 1

    assert client.get(URL + "?status").json() == {"state": "ready", "ready": True, "url": URL}
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Skidlektion i Åre" in pdf_text(b"".join(response.streaming_content))


def test_an_unchanged_programme_is_not_rebuilt(client, trip, django_capture_on_commit_callbacks):
    fetch_pdf(client, URL, django_capture_on_commit_callbacks)
    built = ItineraryDocument.objects.get(trip=trip)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.get(URL)

    assert again.status_code == 200
    assert callbacks == []  # no build task queued
    assert ItineraryDocument.objects.get(trip=trip).built_at == built.built_at


def test_a_change_is_served_from_the_previous_build_until_the_new_one_is_ready(
    client, trip, django_capture_on_commit_callbacks
):
    fetch_pdf(client, URL, django_capture_on_commit_callbacks)
    item = trip.itinerary_items.get()
    # The change commits, but its rebuild has not run yet (a busy worker).
    with django_capture_on_commit_callbacks(execute=False):
        itinerary_item_update(item=item, actor=None, title="Hundspann i Åre")

    with django_capture_on_commit_callbacks(execute=False) as rebuild:
        meanwhile = client.get(URL)
    assert meanwhile.status_code == 200
    old = b"".join(meanwhile.streaming_content)
    assert "Skidlektion i Åre" in pdf_text(old)
    assert "Hundspann i Åre" not in pdf_text(old)
    assert meanwhile["Last-Modified"]  # the date of the version served
    assert client.get(URL + "?status").json()["state"] == "queued"

    for task in rebuild:  # the worker gets to it
        task()
    response = client.get(URL)
    text = pdf_text(b"".join(response.streaming_content))
    assert "Hundspann i Åre" in text and "Skidlektion i Åre" not in text


def test_a_programme_change_rebuilds_the_existing_documents_without_a_reader(
    client, trip, django_capture_on_commit_callbacks
):
    fetch_pdf(client, URL, django_capture_on_commit_callbacks)
    item = trip.itinerary_items.get()

    with django_capture_on_commit_callbacks(execute=True):
        itinerary_item_update(item=item, actor=None, title="Hundspann i Åre")

    document = ItineraryDocument.objects.get(trip=trip)
    assert document.is_current
    with document.pdf.open("rb") as file:
        assert "Hundspann i Åre" in pdf_text(file.read())


def test_each_language_has_its_own_document(client, trip, django_capture_on_commit_callbacks):
    english = fetch_pdf(client, URL, django_capture_on_commit_callbacks)
    swedish = fetch_pdf(
        client, URL, django_capture_on_commit_callbacks, **{"Accept-Language": "sv"}
    )

    assert "Programme, updated" in pdf_text(english.pdf)
    assert "Program, uppdaterat" in pdf_text(swedish.pdf)
    assert sorted(ItineraryDocument.objects.values_list("language", flat=True)) == ["en", "sv"]


def test_a_build_lost_by_the_worker_is_queued_again(
    client, trip, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as lost:
        client.get(URL)
    assert len(lost) == 1  # enqueued, but the worker died before running it
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert client.get(URL).status_code == 202
    assert again == []  # a fresh queue entry is left to the worker

    ItineraryDocument.objects.update(updated_at=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True) as again:
        client.get(URL)
    assert len(again) == 1
    assert client.get(URL).status_code == 200


def test_a_failed_build_is_reported_then_tried_again_after_a_pause(
    client, trip, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.get(URL)
    document = ItineraryDocument.objects.get(trip=trip)
    ItineraryDocument.objects.filter(pk=document.pk).update(
        state="failed", error="font missing", updated_at=timezone.now()
    )

    # The waiting page's poll sees the failure (and says so) instead of queuing it again.
    with django_capture_on_commit_callbacks(execute=False) as builds:
        assert client.get(URL + "?status").json()["state"] == "failed"
    assert builds == []

    clock.advance(minutes=2)
    with django_capture_on_commit_callbacks(execute=True) as builds:
        assert client.get(URL).status_code == 202
    assert len(builds) == 1
    assert client.get(URL + "?status").json() == {"state": "ready", "ready": True, "url": URL}
