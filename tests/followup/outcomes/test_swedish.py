"""The outcome and feedback pages and emails read Swedish."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from followup.outcome_services import feedback_requests_due

from ...web.pages import page_text
from .conftest import attended

pytestmark = pytest.mark.django_db


def test_the_candidate_feedback_page_is_swedish(outcome_world):
    w = outcome_world
    attended(w.cia)
    client = Client()
    client.force_login(w.cia.candidate.user)

    with translation.override("sv"):
        body = page_text(client.get(f"/me/trips/{w.trip.slug}/feedback/").content)

    assert "Din återkoppling på ”IT-resan”" in body
    assert "Hur var resan? (1 = dåligt, 5 = utmärkt)" in body
    assert "Ditt möte med Åre Data (1–5)" in body
    assert "Fick du ett jobberbjudande?" in body
    assert "How was the trip" not in body


def test_the_employer_outcomes_page_is_swedish(outcome_world):
    w = outcome_world
    client = Client()
    client.force_login(w.are_member)

    with translation.override("sv"):
        body = page_text(client.get(f"/employer/trips/{w.trip.slug}/outcomes/").content)

    assert "Utfall av ”IT-resan”" in body
    assert "Kandidaterna ni träffade" in body
    assert "Anställd" in body
    assert "Er återkoppling på resan" in body


def test_the_summary_and_the_email_are_swedish(outcome_world, django_capture_on_commit_callbacks):
    w = outcome_world
    attended(w.ada)
    client = Client()
    client.force_login(w.coordinator)

    with translation.override("sv"):
        body = page_text(client.get(f"/followup/trips/{w.trip.slug}/outcomes/").content)
        with django_capture_on_commit_callbacks(execute=True):
            feedback_requests_due()

    assert "Utfall och återkoppling: IT-resan" in body
    assert "Per kandidat" in body
    subjects = {m.subject for m in mail.outbox}
    assert "Hur var IT-resan?" in subjects
