from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.models import Employer
from events.models import Trip, TripStatus
from tests.factories import (
    EmployerFactory,
    EmployerMemberFactory,
    OrganisationFactory,
    TripFactory,
    sector,
)

from .pages import form_errors, page_text, texts

pytestmark = pytest.mark.django_db


def _trip_data(organisation, future, **overrides):
    data = {
        "organisation": organisation.pk,
        "title": "Vårresa 2040",
        "summary": "Två dagar i Östersund och Åre",
        "description": "Skidor, skolor och arbetsgivare.",
        "sectors": [sector("it").pk, sector("vard-omsorg").pk],
        "starts_at": future(40, 9),
        "ends_at": future(41, 17),
        "application_deadline": future(20, 23),
        "base_locations": "Östersund, Åre",
        "candidate_capacity": "15",
        "employer_slots": "5",
        "slot_price_sek": "15000.50",
        "international_applicants": "on",
    }
    return {**data, **overrides}


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("manage:trip_list"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/manage/"


def test_non_organiser_gets_403(client, plain_user):
    client.force_login(plain_user)

    for url in (reverse("manage:trip_list"), reverse("manage:employer_list")):
        response = client.get(url)
        assert response.status_code == 403
        assert texts(response.content, "h1") == ["You do not have access to this page"]


def test_trip_list_shows_only_own_organisations_trips_with_status(
    organiser_client, organisation, other_organiser
):
    now = timezone.now()
    TripFactory(organisation=organisation, title="Utkast", starts_at=now + timedelta(days=9))
    TripFactory(
        organisation=organisation,
        title="Publicerad",
        status="published",
        starts_at=now + timedelta(days=5),
    )
    TripFactory(organisation=other_organiser.organisation_, title="Någon annans")

    response = organiser_client.get(reverse("manage:trip_list"))

    # Latest first: the back office looks ahead and back from the newest trip.
    assert texts(response.content, "th")[5:] == ["Utkast", "Publicerad"]
    assert texts(response.content, "span", "badge") == ["Draft", "Published"]


def test_trip_list_empty_state(organiser_client):
    response = organiser_client.get(reverse("manage:trip_list"))

    assert "Your organisation has no trips yet." in page_text(response.content)


def test_trip_list_paginates_25_with_constant_queries(organiser_client, organisation):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            organiser_client.get(reverse("manage:trip_list"))
        return len(captured)

    TripFactory.create_batch(2, organisation=organisation)
    with_two = queries()
    TripFactory.create_batch(28, organisation=organisation)
    with_thirty = queries()

    assert with_two == with_thirty
    first = organiser_client.get(reverse("manage:trip_list"))
    second = organiser_client.get(reverse("manage:trip_list") + "?page=2")
    assert len(texts(first.content, "tr")) - 1 == 25
    assert len(texts(second.content, "tr")) - 1 == 5
    assert texts(second.content, "nav", "pagination") == ["← Previous Page 2 of 2"]


def test_create_trip(organiser_client, organisation, future):
    response = organiser_client.post(
        reverse("manage:trip_create"), _trip_data(organisation, future), follow=True
    )

    trip = Trip.objects.get()
    assert response.redirect_chain == [(reverse("manage:trip_edit", args=[trip.slug]), 302)]
    assert texts(response.content, "p", "message") == [
        "The trip “Vårresa 2040” is saved as a draft. Publish it when it is ready."
    ]
    assert (trip.title, trip.slug, trip.organisation, trip.status) == (
        "Vårresa 2040",
        "varresa-2040",
        organisation,
        TripStatus.DRAFT,
    )
    assert timezone.localtime(trip.starts_at).strftime("%Y-%m-%dT%H:%M") == future(40, 9)
    assert (trip.candidate_capacity, trip.employer_slots, trip.slot_price_ore) == (15, 5, 1_500_050)
    assert trip.international_applicants is True
    assert {s.code for s in trip.sectors.all()} == {"it", "vard-omsorg"}


def test_create_trip_ending_before_it_starts_shows_the_error(
    organiser_client, organisation, future
):
    response = organiser_client.post(
        reverse("manage:trip_create"),
        _trip_data(organisation, future, starts_at=future(40, 9), ends_at=future(39, 17)),
    )

    assert response.status_code == 200
    assert form_errors(response.content) == ["The trip must end after it starts."]
    assert not Trip.objects.exists()


@pytest.mark.parametrize("edge", ["0001-01-01T00:30", "9999-12-31T23:30"])
def test_create_trip_at_the_edge_of_the_calendar_shows_the_error(
    organiser_client, organisation, future, edge
):
    response = organiser_client.post(
        reverse("manage:trip_create"),
        _trip_data(organisation, future, starts_at=edge, application_deadline=edge),
    )

    assert response.status_code == 200
    assert form_errors(response.content) == ["Give a date between the years 2000 and 2999."] * 2
    assert not Trip.objects.exists()


def test_create_trip_offers_only_own_organisations(
    organiser_client, organisation, other_organiser, future
):
    response = organiser_client.post(
        reverse("manage:trip_create"), _trip_data(other_organiser.organisation_, future)
    )

    assert form_errors(response.content) == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert not Trip.objects.exists()


def test_edit_trip(organiser_client, draft_trip, future, organisation):
    response = organiser_client.post(
        reverse("manage:trip_edit", args=[draft_trip.slug]),
        _trip_data(organisation, future, title="Vinterresa 2040", candidate_capacity="20"),
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["Your changes are saved."]
    draft_trip.refresh_from_db()
    assert (draft_trip.title, draft_trip.candidate_capacity) == ("Vinterresa 2040", 20)


def test_edit_form_shows_local_times_and_price_in_sek(organiser_client, draft_trip):
    response = organiser_client.get(reverse("manage:trip_edit", args=[draft_trip.slug]))

    html = response.content.decode()
    local_start = timezone.localtime(draft_trip.starts_at).strftime("%Y-%m-%dT%H:%M")
    assert f'type="datetime-local" name="starts_at" value="{local_start}"' in html
    assert 'name="slot_price_sek" value="15000"' in html


def test_editing_another_organisations_trip_is_404(client, draft_trip, other_organiser):
    client.force_login(other_organiser)

    assert client.get(reverse("manage:trip_edit", args=[draft_trip.slug])).status_code == 404
    response = client.post(
        reverse("manage:trip_transition", args=[draft_trip.slug]), {"status": "published"}
    )
    assert response.status_code == 404
    draft_trip.refresh_from_db()
    assert draft_trip.status == TripStatus.DRAFT


def test_status_buttons_offer_the_allowed_transitions(organiser_client, draft_trip):
    response = organiser_client.get(reverse("manage:trip_edit", args=[draft_trip.slug]))

    assert texts(response.content, "div", "status-panel__actions") == ["Publish Cancel trip"]


def test_publish_with_the_button(organiser_client, draft_trip):
    response = organiser_client.post(
        reverse("manage:trip_transition", args=[draft_trip.slug]),
        {"status": "published", "confirm": "yes"},
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["“Vinterresa till Åre” is now published."]
    assert texts(response.content, "div", "status-panel__actions") == [
        "Close applications Cancel trip"
    ]
    draft_trip.refresh_from_db()
    assert draft_trip.status == TripStatus.PUBLISHED
    home = organiser_client.get(reverse("home"))
    assert texts(home.content, "h3", "card__title") == ["Vinterresa till Åre"]


def test_publishing_a_trip_that_has_started_shows_the_reason(organiser_client, organisation):
    trip = TripFactory(
        organisation=organisation,
        starts_at=timezone.now() - timedelta(hours=1),
        application_deadline=timezone.now() - timedelta(days=1),
    )

    response = organiser_client.post(
        reverse("manage:trip_transition", args=[trip.slug]),
        {"status": "published", "confirm": "yes"},
        follow=True,
    )

    assert texts(response.content, "p", "message") == [
        "A trip that has already started cannot be published."
    ]
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT


def test_cancel_asks_for_confirmation_first(organiser_client, draft_trip):
    url = reverse("manage:trip_transition", args=[draft_trip.slug])

    response = organiser_client.post(url, {"status": "cancelled"})

    assert texts(response.content, "h1") == ["Cancel “Vinterresa till Åre”?"]
    draft_trip.refresh_from_db()
    assert draft_trip.status == TripStatus.DRAFT

    response = organiser_client.post(url, {"status": "cancelled", "confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == ["“Vinterresa till Åre” is now cancelled."]
    assert texts(response.content, "section", "status-panel") == [
        "Status: Cancelled This status is final."
    ]
    draft_trip.refresh_from_db()
    assert draft_trip.status == TripStatus.CANCELLED


def test_employer_list_pending_first_and_approve(organiser_client, organiser, organisation):
    EmployerFactory(organisation=organisation, name="Godkänd AB")
    pending = EmployerFactory(organisation=organisation, name="Väntande AB", approved_at=None)
    EmployerMemberFactory(employer=pending, user__email="kontakt@vantande.test")
    EmployerFactory(organisation=OrganisationFactory(), name="Någon annans AB", approved_at=None)

    response = organiser_client.get(reverse("manage:employer_list"))

    assert texts(response.content, "th", None)[6:] == ["Väntande AB", "Godkänd AB"]
    assert "kontakt@vantande.test" in page_text(response.content)

    response = organiser_client.post(
        reverse("manage:employer_approve", args=[pending.pk]), follow=True
    )

    assert texts(response.content, "p", "message") == ["Väntande AB is approved."]
    pending.refresh_from_db()
    assert pending.approved_by == organiser
    assert pending.approved_at is not None


def test_employer_list_query_count_does_not_grow(organiser_client, organisation):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            organiser_client.get(reverse("manage:employer_list"))
        return len(captured)

    for employer in EmployerFactory.create_batch(2, organisation=organisation):
        EmployerMemberFactory(employer=employer)
    with_two = queries()
    for employer in EmployerFactory.create_batch(18, organisation=organisation):
        EmployerMemberFactory(employer=employer)

    assert queries() == with_two


def test_approving_another_organisations_employer_is_404(organiser_client):
    other = EmployerFactory(organisation=OrganisationFactory(), approved_at=None)

    response = organiser_client.post(reverse("manage:employer_approve", args=[other.pk]))

    assert response.status_code == 404
    assert Employer.objects.get(pk=other.pk).approved_at is None


def test_employer_list_empty_state(organiser_client):
    response = organiser_client.get(reverse("manage:employer_list"))

    assert "No employers have registered with your organisations yet." in page_text(
        response.content
    )
