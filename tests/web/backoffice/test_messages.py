"""Back office: a trip's messages — log, compose, preview with the count, confirm to send."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from messaging.models import TripMessage
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerMemberFactory,
    SlotBookingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(published_trip):
    for n, status in enumerate(["accepted", "accepted", "waitlisted"]):
        user = UserFactory(email=f"c{n}@example.test", full_name=f"Candidate{n} X", language="sv")
        ApplicationFactory(
            trip=published_trip, status=status, candidate=CandidateFactory(user=user)
        )
    member = EmployerMemberFactory(user=UserFactory(email="boss@employer.test", language="en"))
    SlotBookingFactory(trip=published_trip, employer=member.employer, status="confirmed")
    return published_trip


def _url(name, trip, **kwargs):
    return reverse(f"manage:{name}", kwargs={"slug": trip.slug, **kwargs})


def test_message_list_empty_state(organiser_client, trip):
    response = organiser_client.get(_url("message_list", trip))
    assert response.status_code == 200
    assert "No messages have been sent about this trip yet." in response.text
    assert _url("message_compose", trip) in response.text


def test_compose_preview_send(organiser_client, trip, django_capture_on_commit_callbacks):
    response = organiser_client.post(
        _url("message_compose", trip),
        {"audience": "both", "statuses": ["accepted"], "subject": "Boots", "body": "Bring boots."},
    )
    draft = TripMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("message_preview", trip, pk=draft.pk)

    preview = organiser_client.get(response["Location"])
    assert "This will go to 3 people." in preview.text
    assert "Send to 3 people" in preview.text
    assert "A message from the organisers of" in preview.text  # the organiser's language
    assert "Bring boots." in preview.text
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        sent = organiser_client.post(response["Location"])
    assert sent["Location"] == _url("message_list", trip)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "boss@employer.test",
        "c0@example.test",
        "c1@example.test",
    ]
    log = organiser_client.get(sent["Location"])
    assert "The message is on its way to 3 people." in log.text
    assert "Boots" in log.text
    assert "Accepted" in log.text


def test_compose_to_applicants_without_statuses_is_refused(organiser_client, trip):
    response = organiser_client.post(
        _url("message_compose", trip),
        {"audience": "applicants", "subject": "Boots", "body": "Bring boots."},
    )
    assert response.status_code == 200
    assert "Choose the statuses of the applicants who should get it." in response.text
    assert not TripMessage.objects.exists()


def test_compose_requires_subject_and_body(organiser_client, trip):
    response = organiser_client.post(_url("message_compose", trip), {"audience": "employers"})
    assert response.status_code == 200
    assert response.text.count("This field is required.") == 2


def test_preview_with_nobody_has_no_send_button(organiser_client, trip):
    organiser_client.post(
        _url("message_compose", trip),
        {"audience": "applicants", "statuses": ["declined"], "subject": "S", "body": "B"},
    )
    draft = TripMessage.objects.get()
    response = organiser_client.get(_url("message_preview", trip, pk=draft.pk))
    assert "Nobody would get this message" in response.text
    assert "Send to" not in response.text
    response = organiser_client.post(_url("message_preview", trip, pk=draft.pk), follow=True)
    assert "Nobody would get this message: choose other recipients." in response.text
    draft.refresh_from_db()
    assert draft.sent_at is None


def test_edit_draft_then_sent_message_is_gone_from_edit(organiser_client, trip):
    organiser_client.post(
        _url("message_compose", trip),
        {"audience": "employers", "subject": "S", "body": "B"},
    )
    draft = TripMessage.objects.get()
    edit = organiser_client.get(_url("message_edit", trip, pk=draft.pk))
    assert 'value="S"' in edit.text
    organiser_client.post(
        _url("message_edit", trip, pk=draft.pk),
        {"audience": "employers", "subject": "Changed", "body": "B"},
    )
    draft.refresh_from_db()
    assert (TripMessage.objects.count(), draft.subject) == (1, "Changed")
    organiser_client.post(_url("message_preview", trip, pk=draft.pk))
    assert organiser_client.get(_url("message_edit", trip, pk=draft.pk)).status_code == 404
    assert organiser_client.post(_url("message_preview", trip, pk=draft.pk)).status_code == 404


def test_pages_in_swedish(organiser_client, trip, settings):
    organiser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = organiser_client.get(_url("message_list", trip), headers={"Accept-Language": "sv"})
    assert "Inga meddelanden har skickats om den här resan ännu." in response.text
    response = organiser_client.get(
        _url("message_compose", trip), headers={"Accept-Language": "sv"}
    )
    assert "Sökande med status" in response.text


def test_message_log_query_count(organiser_client, trip, organiser):
    def send(n):
        for i in range(n):
            TripMessage.objects.create(
                trip=trip,
                author=organiser,
                audience="both",
                statuses=["accepted"],
                subject=f"S{i}",
                body="B",
                recipient_count=3,
                sent_at=trip.created_at,
            )

    send(2)
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(_url("message_list", trip))
    send(10)
    with CaptureQueriesContext(connection) as many:
        organiser_client.get(_url("message_list", trip))
    assert len(many) == len(few)
