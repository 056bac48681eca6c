"""Status changes are announced (issue 16.2): the page that waits for a PDF's first build says
in its status line — which screen readers read out — when the PDF is ready (and then opens
it), when it could not be made, in Chromium. The task backend queues without running here, so
the page really waits, as it does in production until a worker builds the PDF."""

import pytest
from django.utils import timezone

from core.models import CachedDocument
from itineraries.models import ItineraryDocument
from itineraries.tasks import build_itinerary_document
from tests.factories import TripFactory, ensure_sectors
from tests.web.test_browser import browser_page  # noqa: F401 -- fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting_programme(live_server, settings, browser_page):  # noqa: F811
    """The trip's programme PDF requested in the browser before any worker built it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ensure_sectors()
    trip = TripFactory(status="published", slug="fjallresan")
    page = browser_page
    response = page.goto(f"{live_server.url}/trips/{trip.slug}/programme.pdf")
    assert response.status == 202
    status = page.get_by_role("status")
    assert "is being printed from the latest details" in status.inner_text()
    return page, status, ItineraryDocument.objects.get(trip=trip)


def test_the_waiting_page_says_the_pdf_is_ready_and_opens_it(waiting_programme):
    page, status, document = waiting_programme
    opened = []

    def open_pdf(route):
        """The PDF the page opens, checked; answered 204 so that the page (and what it
        said) stays in view instead of Chromium's PDF viewer."""
        pdf = route.fetch()
        opened.append((pdf.status, pdf.headers["content-type"], pdf.body()[:5]))
        route.fulfill(status=204)

    page.route("**/programme.pdf", open_pdf)  # the poll asks for programme.pdf?status

    # What a worker does with the queued task.
    build_itinerary_document.call(document_id=document.pk, version=document.version)

    page.wait_for_function(
        "() => document.querySelector('[role=status]').textContent.includes('is ready')",
        timeout=15_000,
    )
    assert "The PDF is ready and opens now" in status.inner_text()
    page.wait_for_timeout(500)
    assert opened == [(200, "application/pdf", b"%PDF-")]


def test_the_waiting_page_says_when_the_pdf_could_not_be_made(waiting_programme):
    page, status, document = waiting_programme

    ItineraryDocument.objects.filter(pk=document.pk).update(
        state=CachedDocument.State.FAILED, updated_at=timezone.now()
    )

    page.wait_for_function(
        "() => document.querySelector('[role=status]').textContent.includes('could not be made')",
        timeout=15_000,
    )
    assert "tell the organiser of the trip" in status.inner_text()
