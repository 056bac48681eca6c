"""The admin's "view on site" redirect (/admin/r/<content type>/<id>/) only for objects the
user may see in the admin: an organiser's own organisation's."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from events.models import Trip
from events.services import organiser_add
from tests.factories import OrganisationFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db


def view_on_site(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.fixture
def admin_organiser(client, organiser, organisation):
    organiser_add(organisation=organisation, user=organiser)
    client.force_login(organiser)
    return organiser


def test_organiser_is_redirected_to_own_trip(client, admin_organiser, organisation):
    mine = TripFactory(organisation=organisation, slug="min-resa")

    response = client.get(view_on_site(mine))

    assert response.status_code == 302
    assert response.url.endswith("/trips/min-resa/")


def test_organiser_gets_404_for_another_organisations_draft_trip(client, admin_organiser):
    theirs = TripFactory(organisation=OrganisationFactory(), slug="hemligt-utkast")

    response = client.get(view_on_site(theirs))

    assert response.status_code == 404
    assert "hemligt-utkast" not in response.content.decode()


def test_organiser_gets_404_for_models_outside_their_admin(client, admin_organiser):
    user = UserFactory()
    for url in (
        view_on_site(user),
        reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Trip).pk, "x"]),
        reverse("admin:view_on_site", args=[999_999, 1]),
    ):
        assert client.get(url).status_code == 404, url


def test_superuser_still_views_any_trip_on_site(client):
    theirs = TripFactory(organisation=OrganisationFactory(), slug="annan-resa")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(view_on_site(theirs))

    assert response.status_code == 302
    assert response.url.endswith("/trips/annan-resa/")
