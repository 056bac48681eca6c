import pytest

from ..factories import EmployerMemberFactory, TripFactory
from ..fake_stripe import FakeStripe

WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(settings):
    """The real stripe library, talking to a local fake Stripe server."""
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.SITE_URL = "https://jobb.example.se"
    yield fake
    fake.stop()


@pytest.fixture
def invoice_mode(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def member():
    """A member of an approved employer."""
    return EmployerMemberFactory(user__email="anna@fjallkraft.test", user__language="en").user


@pytest.fixture
def employer(member):
    return member.employers.get()


@pytest.fixture
def trip(organisation):
    return TripFactory(
        organisation=organisation,
        status="published",
        slug="it-resan",
        title="IT-resan",
        employer_slots=2,
        slot_price_ore=1_500_000,
    )
