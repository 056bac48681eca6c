"""When a trip ends, its people are asked for their feedback: once per trip."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from followup.models import FeedbackRequest
from followup.outcome_services import feedback_requests_due

from .conftest import attended

pytestmark = pytest.mark.django_db


def test_attended_candidates_and_booked_members_are_emailed_once(
    outcome_world, django_capture_on_commit_callbacks
):
    w = outcome_world
    attended(w.ada, w.cia)  # Bo did not attend
    type(w.ada.candidate.user).objects.filter(pk=w.ada.candidate.user.pk).update(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_requests_due() == 4

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [
            w.ada.candidate.user.email,
            w.cia.candidate.user.email,
            w.are_member.email,
            w.ostersund_member.email,
        ]
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    candidate_mail = by_address[w.ada.candidate.user.email]
    assert candidate_mail.subject == "How was IT-resan?"  # in each recipient's language
    assert by_address[w.cia.candidate.user.email].subject == "Hur var IT-resan?"
    assert f"/me/trips/{w.trip.slug}/feedback/" in candidate_mail.body
    assert f"/employer/trips/{w.trip.slug}/outcomes/" in by_address[w.are_member.email].body
    assert "Åre Data" in by_address[w.are_member.email].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_requests_due() == 0
        call_command("send_feedback_requests", stdout=StringIO())
    assert mail.outbox == []
    assert FeedbackRequest.objects.get().recipient_count == 4


def test_nobody_is_asked_before_the_trip_ended_or_a_week_after(
    outcome_world, django_capture_on_commit_callbacks
):
    w = outcome_world
    attended(w.ada)

    w.clock.set(w.trip.ends_at - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_requests_due() == 0
    w.clock.set(w.trip.ends_at + timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_requests_due() == 0

    assert mail.outbox == []
    assert not FeedbackRequest.objects.exists()


def test_the_command_sends_the_requests(outcome_world, django_capture_on_commit_callbacks):
    w = outcome_world
    attended(w.ada)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_feedback_requests", stdout=out)

    assert out.getvalue().strip() == "feedback_requests: 3"
    assert len(mail.outbox) == 3
