from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import OrganiserFactory, TripFactory, UserFactory


@pytest.fixture
def client(client, settings):
    """Pages in English: the source language, so assertions survive new Swedish translations.

    Swedish is the default; tests about the language itself remove this cookie.
    """
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def other_organiser():
    """An organiser of another organisation."""
    membership = OrganiserFactory()
    user = membership.user
    user.organisation_ = membership.organisation
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def plain_user():
    """Logged-in material without any role."""
    return UserFactory(email="someone@example.test")


@pytest.fixture
def draft_trip(organisation):
    return TripFactory(organisation=organisation, title="Vinterresa till Åre", slug="vinterresa")


@pytest.fixture
def future():
    """A local wall-clock datetime some weeks ahead, as typed into a datetime-local input."""

    def at(days: int, hour: int = 9) -> str:
        moment = timezone.localtime() + timedelta(days=days)
        return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")

    return at
