import pytest
from django.db import connection

from core.services import api_token_create

from .factories import OrganiserFactory, TripFactory
from .signin import mark_session_signed_in


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (row locks, real concurrency): set DATABASE_URL"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _english():
    """Tests read English, the source language, so they survive new Swedish translations.
    Swedish (the default language) is checked by tests that ask for it explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A test client whose requests ask for English (Accept-Language), like the tests read."""
    from django.test import Client

    return Client(headers={"Accept-Language": "en"})


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(request, monkeypatch):
    """`Client.force_login(user)` in every test makes a session that has passed the second
    step: organisers and coordinators must use two-factor authentication
    (core.middleware.TwoFactorMiddleware), and without this every test that logs one in would
    be sent to set it up. Their session gets a confirmed TOTPDevice's id, as
    `django_otp.login` would store it (`tests.signin.mark_session_signed_in`). Logging in
    through the form (`client.login`, the browser tests) is not concerned: those enter a
    code. Tests of the enforcement itself opt out with `@pytest.mark.two_factor_enforced`
    (then the session is only recorded, not verified)."""
    from django.test import Client

    verified = "two_factor_enforced" not in request.keywords
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        mark_session_signed_in(self.session, user, verified=verified)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (built calendar feeds live there)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def organiser():
    """An organiser user of one organisation (`organiser.organisation_` is that organisation)."""
    membership = OrganiserFactory()
    user = membership.user
    user.organisation_ = membership.organisation
    return user


@pytest.fixture
def organisation(organiser):
    return organiser.organisation_


@pytest.fixture
def published_trip(organisation):
    return TripFactory(organisation=organisation, status="published")


@pytest.fixture
def bearer():
    """Return headers for a bearer token of the given user."""

    def make(user) -> dict[str, str]:
        _, key = api_token_create(user=user)
        return {"Authorization": f"Bearer {key}"}

    return make


class Clock:
    """The one thing tests may mock: the time `django.utils.timezone.now` tells."""

    def __init__(self, now):
        self.now = now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)

    def set(self, moment) -> None:
        self.now = moment


@pytest.fixture
def clock(monkeypatch):
    """Freeze the clock at the real now; `clock.advance(days=3)` moves it."""
    from django.utils import timezone

    frozen = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen


@pytest.fixture
def db_vendor():
    return connection.vendor
