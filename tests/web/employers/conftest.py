import io

import pytest

from tests.employers.conftest import fake_stripe, invoice_mode  # noqa: F401
from tests.factories import EmployerMemberFactory, TripFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded logos go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(organisation):
    """A member of an approved employer registered with `organisation`."""
    membership = EmployerMemberFactory(
        employer__organisation=organisation,
        employer__name="Fjällkraft AB",
        user__email="anna@fjallkraft.test",
        user__full_name="Anna Berg",
        user__language="en",
    )
    return membership.user


@pytest.fixture
def employer(member):
    return member.employers.get()


@pytest.fixture
def member_client(client, member, employer):
    client.force_login(member)
    return client


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


def image_bytes(image_format: str = "PNG", size=(40, 20)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 78, 137)).save(buffer, format=image_format)
    return buffer.getvalue()
