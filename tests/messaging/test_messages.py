"""Organisers' messages: who gets them, each in their own language, sent once."""

import pytest
from django.core import mail

from core.exceptions import InvalidTransition, ValidationFailed
from messaging.models import MessageAudience, TripMessage
from messaging.selectors import message_recipients
from messaging.services import trip_message_draft_save, trip_message_send
from tests.factories import EmployerMemberFactory, SlotBookingFactory, TripFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip_people(published_trip, applicant, booked_member):
    applicant(published_trip, "accepted", "accepted@example.test")
    applicant(published_trip, "waitlisted", "waiting@example.test", language="sv")
    applicant(published_trip, "declined", "declined@example.test")
    inactive = applicant(published_trip, "accepted", "gone@example.test")
    inactive.candidate.user.is_active = False
    inactive.candidate.user.save()
    booked_member(published_trip, "confirmed", "confirmed@employer.test")
    booked_member(published_trip, "pending_payment", "pending@employer.test")
    booked_member(published_trip, "held", "held@employer.test")
    booked_member(published_trip, "cancelled", "cancelled@employer.test")
    return published_trip


def _emails(users) -> set[str]:
    return {user.email for user in users}


def test_recipients_applicants_by_status(trip_people):
    users = message_recipients(
        trip=trip_people, audience=MessageAudience.APPLICANTS, statuses=["accepted", "waitlisted"]
    )
    assert _emails(users) == {"accepted@example.test", "waiting@example.test"}


def test_recipients_employers_with_confirmed_or_pending_bookings(trip_people):
    users = message_recipients(trip=trip_people, audience=MessageAudience.EMPLOYERS, statuses=[])
    assert _emails(users) == {"confirmed@employer.test", "pending@employer.test"}


def test_recipients_both_counts_each_person_once(trip_people, booked_member):
    # Someone who applied and is also a booked employer's member gets one email.
    candidate_user = next(
        iter(
            message_recipients(
                trip=trip_people, audience=MessageAudience.APPLICANTS, statuses=["accepted"]
            )
        )
    )
    member = EmployerMemberFactory(user=candidate_user)
    SlotBookingFactory(trip=trip_people, employer=member.employer, status="confirmed")
    users = message_recipients(
        trip=trip_people, audience=MessageAudience.BOTH, statuses=["accepted"]
    )
    assert sorted(_emails(users)) == sorted(
        ["accepted@example.test", "confirmed@employer.test", "pending@employer.test"]
    )
    assert users.count() == 3


def test_recipients_other_trips_are_not_included(trip_people, applicant, organisation):
    other = TripFactory(organisation=organisation, status="published")
    applicant(other, "accepted", "elsewhere@example.test")
    users = message_recipients(
        trip=trip_people, audience=MessageAudience.APPLICANTS, statuses=["accepted"]
    )
    assert _emails(users) == {"accepted@example.test"}


def test_draft_to_applicants_needs_statuses(published_trip, organiser):
    with pytest.raises(ValidationFailed) as error:
        trip_message_draft_save(
            trip=published_trip,
            author=organiser,
            audience="applicants",
            statuses=[],
            subject="Hej",
            body="Text",
        )
    assert list(error.value.extra["fields"]) == ["statuses"]


def test_draft_to_employers_drops_statuses(published_trip, organiser):
    draft = trip_message_draft_save(
        trip=published_trip,
        author=organiser,
        audience="employers",
        statuses=["accepted"],
        subject=" Parking ",
        body=" Park at the station. ",
    )
    assert (draft.statuses, draft.subject, draft.body, draft.sent_at) == (
        [],
        "Parking",
        "Park at the station.",
        None,
    )


def test_draft_unknown_status_is_refused(published_trip, organiser):
    with pytest.raises(ValidationFailed):
        trip_message_draft_save(
            trip=published_trip,
            author=organiser,
            audience="both",
            statuses=["bogus"],
            subject="Hej",
            body="Text",
        )


def test_send_emails_each_recipient_in_their_language(trip_people, organiser, on_commit):
    draft = trip_message_draft_save(
        trip=trip_people,
        author=organiser,
        audience="applicants",
        statuses=["accepted", "waitlisted"],
        subject="Packing list",
        body="Bring boots.",
    )
    mail.outbox.clear()
    with on_commit(execute=True):
        sent = trip_message_send(message=draft, actor=organiser)

    assert sent.recipient_count == 2
    assert sent.sent_at is not None
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"accepted@example.test", "waiting@example.test"}
    english, swedish = by_address["accepted@example.test"], by_address["waiting@example.test"]
    assert english.subject == f"Packing list · {trip_people.title}"
    assert "A message from the organisers of" in english.body
    assert "Bring boots." in english.body
    assert "Ett meddelande från arrangörerna av" in swedish.body
    assert "Bring boots." in swedish.body  # the organiser's text is not translated


def test_send_twice_is_refused(trip_people, organiser, on_commit):
    draft = trip_message_draft_save(
        trip=trip_people,
        author=organiser,
        audience="employers",
        statuses=[],
        subject="Lunch",
        body="Lunch is at noon.",
    )
    trip_message_send(message=draft, actor=organiser)
    mail.outbox.clear()
    with on_commit(execute=True), pytest.raises(InvalidTransition):
        trip_message_send(message=draft, actor=organiser)
    assert mail.outbox == []
    assert TripMessage.objects.get().recipient_count == 2


def test_send_to_nobody_is_refused(published_trip, organiser):
    draft = trip_message_draft_save(
        trip=published_trip,
        author=organiser,
        audience="employers",
        statuses=[],
        subject="Lunch",
        body="Lunch is at noon.",
    )
    with pytest.raises(ValidationFailed):
        trip_message_send(message=draft, actor=organiser)
    draft.refresh_from_db()
    assert (draft.sent_at, draft.recipient_count) == (None, 0)


def test_sent_message_cannot_be_changed(trip_people, organiser):
    draft = trip_message_draft_save(
        trip=trip_people,
        author=organiser,
        audience="employers",
        statuses=[],
        subject="Lunch",
        body="Lunch is at noon.",
    )
    trip_message_send(message=draft, actor=organiser)
    with pytest.raises(InvalidTransition):
        trip_message_draft_save(
            trip=trip_people,
            author=organiser,
            audience="employers",
            statuses=[],
            subject="Changed",
            body="Changed",
            message=draft,
        )


def test_inactive_user_between_send_and_task_gets_nothing(trip_people, organiser, on_commit):
    draft = trip_message_draft_save(
        trip=trip_people,
        author=organiser,
        audience="employers",
        statuses=[],
        subject="Lunch",
        body="Lunch is at noon.",
    )
    mail.outbox.clear()
    with on_commit(execute=True):
        trip_message_send(message=draft, actor=organiser)
        type(organiser).objects.filter(email="pending@employer.test").update(is_active=False)
    assert [m.to for m in mail.outbox] == [["confirmed@employer.test"]]


def test_message_is_plain_text_not_html_escaped(trip_people, organiser, on_commit):
    draft = trip_message_draft_save(
        trip=trip_people,
        author=organiser,
        audience="employers",
        statuses=[],
        subject='Fika & "lunch"',
        body="Meet at O'Learys <upstairs> & bring ID.",
    )
    mail.outbox.clear()
    with on_commit(execute=True):
        trip_message_send(message=draft, actor=organiser)
    email = mail.outbox[0]
    assert email.subject == f'Fika & "lunch" · {trip_people.title}'
    assert "Meet at O'Learys <upstairs> & bring ID." in email.body
