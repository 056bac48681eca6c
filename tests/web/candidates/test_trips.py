"""Trips for candidates: the list with filters, the trip page's apply panel, applying."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.models import Application
from tests.factories import ApplicationFactory, TripFactory, sector

from ..pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return texts(response.content, "h2", "card__title")


def _at(days: int):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def trips(organisation):
    """Three published trips and one draft, in different months and sectors."""
    return {
        "it_soon": TripFactory(
            organisation=organisation,
            status="published",
            title="IT i oktober",
            starts_at=_at(20),
            application_deadline=_at(-1),  # closed for applications
            sectors=[sector("it")],
        ),
        "care": TripFactory(
            organisation=organisation,
            status="published",
            title="Vård i Åre",
            starts_at=_at(60),
            sectors=[sector("vard-omsorg")],
        ),
        "it_later": TripFactory(
            organisation=organisation,
            status="published",
            title="IT senare",
            starts_at=_at(100),
            sectors=[sector("it"), sector("ekonomi")],
        ),
        "draft": TripFactory(organisation=organisation, title="Utkast", starts_at=_at(30)),
    }


def test_trip_list_shows_published_trips_with_places_and_deadline(client, trips):
    ApplicationFactory(trip=trips["care"], status="accepted")

    response = client.get(reverse("trip_list"))

    assert _titles(response) == ["IT i oktober", "Vård i Åre", "IT senare"]
    assert texts(response.content, "p", "trip-card__places") == [
        "10 places left",
        "9 places left",
        "10 places left",
    ]
    deadlines = texts(response.content, "p", "trip-card__deadline")
    assert deadlines[0] == "Applications closed"
    assert (
        deadlines[1]
        == f"Apply by {timezone.localtime(trips['care'].application_deadline):%-d %B %Y}"
    )


def test_trip_list_filters_by_sector_month_and_open(client, trips):
    month = timezone.localtime(trips["care"].starts_at).strftime("%Y-%m")

    by_sector = client.get(reverse("trip_list"), {"sector": "it"})
    by_month = client.get(reverse("trip_list"), {"month": month})
    open_only = client.get(reverse("trip_list"), {"open_only": "on"})
    both = client.get(reverse("trip_list"), {"sector": "it", "open_only": "on"})

    assert _titles(by_sector) == ["IT i oktober", "IT senare"]
    assert _titles(by_month) == ["Vård i Åre"]
    assert _titles(open_only) == ["Vård i Åre", "IT senare"]
    assert _titles(both) == ["IT senare"]


def test_trip_list_with_a_bad_month_shows_the_error_and_all_trips(client, trips):
    response = client.get(reverse("trip_list"), {"month": "oktober"})

    assert form_errors(response.content) == ["Give the month as YYYY-MM."]
    assert len(_titles(response)) == 3


def test_trip_list_is_paginated_keeping_the_filters(client, organisation):
    for n in range(14):
        TripFactory(organisation=organisation, status="published", title=f"Resa {n:02d}")

    first = client.get(reverse("trip_list"), {"sector": "it"})
    second = client.get(reverse("trip_list"), {"sector": "it", "page": 2})

    assert len(_titles(first)) == 12
    assert _titles(second) == ["Resa 12", "Resa 13"]
    assert 'href="?sector=it&amp;page=2"' in first.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_trip_list_queries_do_not_grow_with_rows(candidate_client, candidate, organisation):
    def add_trips(n):
        for _ in range(n):
            trip = TripFactory(organisation=organisation, status="published")
            ApplicationFactory(trip=trip, status="accepted")
            ApplicationFactory(trip=trip, candidate=candidate)

    add_trips(2)
    two = _queries(candidate_client, reverse("trip_list"))
    two_again = _queries(candidate_client, reverse("trip_list"))
    add_trips(18)
    twenty = _queries(candidate_client, reverse("trip_list"))
    twenty_again = _queries(candidate_client, reverse("trip_list"))

    # filter's sectors, count, session, user, applied trips, 3 for the menu's roles, the page's
    # fingerprint, and when the list is not cached at that fingerprint: trips, sectors
    assert two == twenty == 11
    assert two_again == twenty_again == 9


# --- The trip page's apply panel --------------------------------------------------------------


def _panel(response) -> str:
    return texts(response.content, "section", "apply-panel")[0]


def test_apply_panel_for_a_visitor_shows_places_deadline_and_login(client, trip):
    response = client.get(trip.get_absolute_url())

    panel = _panel(response)
    assert panel.startswith("Apply 2 places left Apply by")
    assert "Log in to apply" in panel and "Sign up as candidate" in panel
    assert f'href="/accounts/login/?next=/trips/{trip.slug}/"' in response.content.decode()


def test_apply_panel_for_a_candidate_has_the_apply_button(candidate_client, trip):
    response = candidate_client.get(trip.get_absolute_url())

    assert "Apply for this trip" in _panel(response)
    assert f'href="/trips/{trip.slug}/apply/"' in response.content.decode()


def test_apply_panel_after_applying_shows_the_status(candidate_client, candidate, trip):
    ApplicationFactory(candidate=candidate, trip=trip, status="shortlisted")

    panel = _panel(candidate_client.get(trip.get_absolute_url()))

    assert "You have applied — status: Shortlisted" in panel
    assert "Apply for this trip" not in panel


def test_apply_panel_when_full_and_closed(candidate_client, trip):
    ApplicationFactory(trip=trip, status="accepted")
    ApplicationFactory(trip=trip, status="accepted")
    trip.application_deadline = timezone.now() - timedelta(hours=1)
    trip.save()

    panel = _panel(candidate_client.get(trip.get_absolute_url()))

    assert "Full: new applicants go on the waiting list" in panel
    assert "The application deadline has passed." in panel
    assert "Apply for this trip" not in panel


def test_apply_panel_is_absent_on_a_cancelled_trip(client, organisation):
    trip = TripFactory(organisation=organisation, status="cancelled", published_at=timezone.now())

    response = client.get(trip.get_absolute_url())

    assert texts(response.content, "section", "apply-panel") == []


# --- Applying -----------------------------------------------------------------------------


def _application_data(**overrides):
    return {
        "motivation": "Jag vill bo nära fjällen och jobba med IT.",
        "travelling_from": "Göteborg",
        "dietary_needs": "Vegetarian",
        "accessibility_needs": "",
        **overrides,
    }


def test_apply_then_the_dashboard_shows_submitted(candidate_client, candidate, trip):
    form = candidate_client.get(reverse("trip_apply", args=[trip.slug]))
    assert texts(form.content, "h1") == ["Apply for Vårresan"]
    assert 'value="Göteborg"' in form.content.decode()  # travelling from: their city

    response = candidate_client.post(
        reverse("trip_apply", args=[trip.slug]), _application_data(), follow=True
    )

    assert response.redirect_chain == [(reverse("candidate_dashboard"), 302)]
    assert texts(response.content, "p", "message") == [
        "Thank you! Your application to “Vårresan” is submitted."
    ]
    assert texts(response.content, "h3", "application__trip") == ["Vårresan"]
    assert texts(response.content, "p", "application__status") == ["Status: Submitted"]
    application = Application.objects.get()
    assert (application.candidate, application.trip, application.dietary_needs) == (
        candidate,
        trip,
        "Vegetarian",
    )


def test_apply_without_motivation_is_a_form_error(candidate_client, trip):
    response = candidate_client.post(
        reverse("trip_apply", args=[trip.slug]), _application_data(motivation="")
    )

    assert form_errors(response.content) == ["This field is required."]
    assert not Application.objects.exists()


def test_apply_after_the_deadline_shows_the_services_error(candidate_client, trip):
    trip.application_deadline = timezone.now() - timedelta(minutes=1)
    trip.save()

    response = candidate_client.post(reverse("trip_apply", args=[trip.slug]), _application_data())

    assert form_errors(response.content) == ["The application deadline for this trip has passed."]


def test_apply_twice_goes_to_the_dashboard(candidate_client, candidate, trip):
    ApplicationFactory(candidate=candidate, trip=trip)

    response = candidate_client.get(reverse("trip_apply", args=[trip.slug]), follow=True)

    assert texts(response.content, "p", "message") == ["You have already applied to this trip."]


def test_apply_to_a_draft_is_404_and_non_candidates_get_403(
    candidate_client, client, organisation, plain_user, trip
):
    draft = TripFactory(organisation=organisation)
    assert candidate_client.get(reverse("trip_apply", args=[draft.slug])).status_code == 404
    client.force_login(plain_user)
    assert client.get(reverse("trip_apply", args=[trip.slug])).status_code == 403


def test_trip_list_marks_trips_the_candidate_applied_to(candidate_client, candidate, trip):
    ApplicationFactory(candidate=candidate, trip=trip)

    response = candidate_client.get(reverse("trip_list"))

    assert "You have applied" in page_text(response.content)
