"""Every back-office page of a trip answers only that trip's organisers: others' trips are a
404 (never shown to exist), people without the organiser role a 403, visitors the login."""

import pytest
from django.urls import URLPattern, reverse

from backoffice.urls import urlpatterns
from candidates.models import Application
from tests.factories import ApplicationFactory, TripFactory

pytestmark = pytest.mark.django_db

TRIP_PAGES = [
    p.name
    for p in urlpatterns
    if isinstance(p, URLPattern) and "slug" in p.pattern.converters and p.name != "pack_views"
]


def _url(name: str, trip) -> str:
    extra = {key: 1 for key in urlpatterns_by_name[name].pattern.converters if key != "slug"}
    return reverse(f"manage:{name}", kwargs={"slug": trip.slug, **extra})


urlpatterns_by_name = {p.name: p for p in urlpatterns}


def _open(client, name: str, trip):
    """GET the page, or POST to it when it only takes POST (an action)."""
    response = client.get(_url(name, trip))
    return client.post(_url(name, trip)) if response.status_code == 405 else response


def test_every_trip_page_is_covered():
    assert {"trip_edit", "applicant_list", "programme_editor", "trip_bookings"} <= set(TRIP_PAGES)


@pytest.mark.parametrize("name", TRIP_PAGES)
def test_trip_pages_of_another_organisation_are_not_found(client, other_organiser, name):
    trip = TripFactory(status="published", slug="annan-resa")
    client.force_login(other_organiser)
    assert _open(client, name, trip).status_code == 404


@pytest.mark.parametrize("name", TRIP_PAGES)
def test_trip_pages_refuse_people_without_the_organiser_role(client, plain_user, name):
    trip = TripFactory(status="published", slug="en-resa")
    client.force_login(plain_user)
    assert _open(client, name, trip).status_code == 403


@pytest.mark.parametrize("name", TRIP_PAGES)
def test_trip_pages_send_visitors_to_the_login(client, name):
    trip = TripFactory(status="published", slug="en-resa")
    response = _open(client, name, trip)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_pagination_keeps_the_filters(organiser_client, organisation):
    trip = TripFactory(organisation=organisation, status="published", slug="stora-resan")
    ApplicationFactory.create_batch(51, trip=trip, status="submitted")
    ApplicationFactory(trip=trip, status="declined")
    response = organiser_client.get(
        reverse("manage:applicant_list", kwargs={"slug": trip.slug}),
        {"status": "submitted", "sort": "name"},
    )
    html = response.content.decode()
    assert 'href="?status=submitted&amp;sort=name&amp;page=2" rel="next"' in html
    second = organiser_client.get(
        reverse("manage:applicant_list", kwargs={"slug": trip.slug}),
        {"status": "submitted", "sort": "name", "page": 2},
    )
    assert len(second.context["page"].object_list) == 1
    assert Application.objects.filter(trip=trip).count() == 52
