import io
import re

import pytest
from django.core import mail

from tests.factories import CandidateFactory, TripFactory, sector


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded CVs go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def candidate():
    return CandidateFactory(
        name="Maja Lind",
        user__email="maja@example.test",
        user__full_name="Maja Lind",
        user__language="en",
        city="Göteborg",
        years_experience=6,
    )


@pytest.fixture
def candidate_client(client, candidate):
    client.force_login(candidate.user)
    return client


@pytest.fixture
def trip(organisation):
    """A published trip of the organiser's organisation with two places."""
    return TripFactory(
        organisation=organisation,
        status="published",
        title="Vårresan",
        slug="varresan",
        candidate_capacity=2,
        sectors=[sector("it")],
    )


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def link_in_mail(pattern: str, message=None) -> str:
    """The first path matching `pattern` in the last email (or `message`)."""
    body = (message or mail.outbox[-1]).body
    match = re.search(pattern, body)
    assert match, body
    return match.group(0)
