"""Automatic reminders (`manage.py send_reminders`): due ones go out once, with the clock
moved forward by patching `django.utils.timezone.now` (the only thing mocked)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from candidates.models import ApplicationStatus
from core.models import User
from core.transitions import status_history_record
from itineraries.models import ItineraryItem
from itineraries.services import calendar_token_regenerate
from messaging.models import ReminderKind, ReminderSent
from messaging.services import reminders_send_due
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Move `timezone.now` to a given moment."""

    def at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return at


@pytest.fixture
def trip(published_trip, applicant, booked_member):
    """Starts in 30 days: an accepted candidate (English, with a calendar link), a submitted
    one, a confirmed employer's member (Swedish) and a held booking's member."""
    accepted = applicant(published_trip, "accepted", "accepted@example.test")
    calendar_token_regenerate(user=accepted.candidate.user)
    applicant(published_trip, "submitted", "submitted@example.test")
    booked_member(published_trip, "confirmed", "boss@employer.test", language="sv")
    booked_member(published_trip, "held", "held@employer.test")
    ItineraryItem.objects.create(
        trip=published_trip,
        title="Skiing in Åre",
        kind="activity",
        audience="everyone",
        starts_at=published_trip.starts_at + timedelta(hours=2),
        ends_at=published_trip.starts_at + timedelta(hours=4),
    )
    ItineraryItem.objects.create(
        trip=published_trip,
        title="Employers' breakfast",
        kind="meal",
        audience="employers",
        starts_at=published_trip.starts_at + timedelta(hours=1),
        ends_at=published_trip.starts_at + timedelta(hours=2),
    )
    return published_trip


def reminders_mailed() -> list:
    """The emails sent, but the organisers' daily digest: the same command sends it on its
    first run after 07:00 local time, which these tests' clock may or may not pass (the
    digest has its own tests, in test_digest.py)."""
    organisers = set(
        User.objects.filter(organiser_memberships__isnull=False).values_list("email", flat=True)
    )
    return [m for m in mail.outbox if not organisers & set(m.to)]


def _run(on_commit) -> dict[str, int]:
    with on_commit(execute=True):
        return reminders_send_due()


def test_trip_reminder_not_before_three_days(trip, clock, on_commit):
    clock(trip.starts_at - timedelta(days=3, minutes=1))
    assert _run(on_commit)[ReminderKind.TRIP_STARTS] == 0
    assert reminders_mailed() == []


def test_trip_reminder_three_days_before_with_personal_programme(trip, clock, on_commit):
    clock(trip.starts_at - timedelta(days=3) + timedelta(minutes=1))
    mail.outbox.clear()
    assert _run(on_commit)[ReminderKind.TRIP_STARTS] == 2

    by_address = {m.to[0]: m for m in reminders_mailed()}
    assert set(by_address) == {"accepted@example.test", "boss@employer.test"}
    candidate, employer = by_address["accepted@example.test"], by_address["boss@employer.test"]
    assert candidate.subject == f"{trip.title} starts soon"
    assert "Skiing in Åre" in candidate.body
    assert "Employers' breakfast" not in candidate.body  # not in the candidate's programme
    token = trip.applications.get(status="accepted").candidate.user.calendar_tokens.get()
    assert f"/calendar/{token.key}.ics" in candidate.body
    assert employer.subject == f"{trip.title} börjar snart"  # Swedish
    assert "Employers' breakfast" in employer.body and "Skiing in Åre" in employer.body
    assert "/me/calendar/" in employer.body  # no feed link yet: where to get one
    record = ReminderSent.objects.get(kind=ReminderKind.TRIP_STARTS)
    assert (record.object_id, record.recipient_count) == (trip.pk, 2)


def test_trip_reminder_is_sent_once(trip, clock, on_commit):
    clock(trip.starts_at - timedelta(days=2))
    _run(on_commit)
    mail.outbox.clear()
    clock(trip.starts_at - timedelta(days=1))
    assert _run(on_commit)[ReminderKind.TRIP_STARTS] == 0
    assert reminders_mailed() == []


def test_trip_reminder_skips_cancelled_and_started_trips(trip, clock, on_commit):
    trip.status = "cancelled"
    trip.save()
    clock(trip.starts_at - timedelta(days=1))
    assert _run(on_commit)[ReminderKind.TRIP_STARTS] == 0
    trip.status = "published"
    trip.save()
    clock(trip.starts_at + timedelta(hours=1))  # already begun: too late to remind
    assert _run(on_commit)[ReminderKind.TRIP_STARTS] == 0


@pytest.fixture
def offer(published_trip, applicant):
    """A waitlist offer made now, open for 48 hours."""
    application = applicant(published_trip, "waitlisted", "waiting@example.test")
    application.offer_expires_at = timezone.now() + timedelta(hours=48)
    application.save()
    status_history_record(
        application,
        from_status=ApplicationStatus.WAITLISTED,
        to_status=ApplicationStatus.WAITLISTED,
        actor=None,
    )
    return application


def test_waitlist_reminder_halfway_once(offer, clock, on_commit):
    start = timezone.now()
    mail.outbox.clear()
    clock(start + timedelta(hours=23))
    assert _run(on_commit)[ReminderKind.WAITLIST_OFFER] == 0
    clock(start + timedelta(hours=25))
    assert _run(on_commit)[ReminderKind.WAITLIST_OFFER] == 1
    [email] = reminders_mailed()
    assert email.to == ["waiting@example.test"]
    assert email.subject == f"Reminder: a place on {offer.trip.title} is waiting for you"
    assert "/offers/" in email.body and "/accept/" in email.body and "/decline/" in email.body
    clock(start + timedelta(hours=30))
    assert _run(on_commit)[ReminderKind.WAITLIST_OFFER] == 0
    assert len(reminders_mailed()) == 1


def test_waitlist_reminder_not_for_answered_or_expired_offers(offer, clock, on_commit):
    start = timezone.now()
    offer.status = ApplicationStatus.ACCEPTED
    offer.offer_expires_at = None
    offer.save()
    clock(start + timedelta(hours=25))
    assert _run(on_commit)[ReminderKind.WAITLIST_OFFER] == 0
    assert not ReminderSent.objects.exists()


def test_waitlist_reminder_not_after_the_deadline(offer, clock, on_commit):
    clock(offer.offer_expires_at + timedelta(minutes=1))
    assert _run(on_commit)[ReminderKind.WAITLIST_OFFER] == 0


def test_send_reminders_command_reports_counts(trip, offer, clock, on_commit):
    clock(trip.starts_at - timedelta(days=2))  # also past the offer's deadline
    out = StringIO()
    with on_commit(execute=True):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "trip_starts: 2",
        "waitlist_offer: 0",
        "application_deadline: 0",
        "organiser_digest: 0",
    ]
    with on_commit(execute=True):
        call_command("send_reminders", stdout=out)
    assert ReminderSent.objects.count() == 1


@pytest.fixture
def closing_trip(published_trip, applicant):
    """Applications close in 23 days (the factory's trip); its talent pool: a consenting
    candidate who has not applied, one who has, an unsubscribed one, a confirmed interest
    registration in Swedish, an unconfirmed one, and a consenting candidate of another
    sector."""
    from candidates.models import InterestRegistration
    from tests.factories import CandidateFactory, UserFactory, sector

    now = timezone.now()

    def pool(email, **fields):
        return CandidateFactory(
            user=UserFactory(email=email, language="en"),
            consent_talent_db_at=now,
            consent_talent_db_version="1",
            **fields,
        )

    pool("pool@example.test")
    pool("gone@example.test", alerts_unsubscribed_at=now)
    pool("nurse@example.test", sectors=[sector("vard-omsorg")])
    applied = applicant(published_trip, "submitted", "applied@example.test")
    applied.candidate.consent_talent_db_at = now
    applied.candidate.consent_talent_db_version = "1"
    applied.candidate.save()
    for email, confirmed in [("interest@example.test", now), ("unconfirmed@example.test", None)]:
        registration = InterestRegistration.objects.create(
            email=email,
            language="sv",
            consent_at=now,
            consent_version="1",
            confirmed_at=confirmed,
        )
        registration.sectors.set([sector("it")])
    return published_trip


def test_deadline_reminder_to_the_talent_pool_who_did_not_apply(closing_trip, clock, on_commit):
    clock(closing_trip.application_deadline - timedelta(days=2, minutes=1))
    mail.outbox.clear()
    assert _run(on_commit)[ReminderKind.APPLICATION_DEADLINE] == 0

    clock(closing_trip.application_deadline - timedelta(days=2) + timedelta(minutes=1))
    assert _run(on_commit)[ReminderKind.APPLICATION_DEADLINE] == 2
    by_address = {m.to[0]: m for m in reminders_mailed()}
    assert set(by_address) == {"pool@example.test", "interest@example.test"}
    english = by_address["pool@example.test"]
    assert english.subject == f"Applications for {closing_trip.title} close soon"
    assert closing_trip.get_absolute_url() in english.body
    assert "/unsubscribe/" in english.body
    swedish = by_address["interest@example.test"]
    assert swedish.subject == f"Ansökan till {closing_trip.title} stänger snart"

    mail.outbox.clear()
    clock(closing_trip.application_deadline - timedelta(days=1))
    assert _run(on_commit)[ReminderKind.APPLICATION_DEADLINE] == 0
    assert reminders_mailed() == []


def test_deadline_reminder_not_for_closed_trips(closing_trip, clock, on_commit):
    closing_trip.status = "closed"
    closing_trip.save()
    clock(closing_trip.application_deadline - timedelta(days=1))
    assert _run(on_commit)[ReminderKind.APPLICATION_DEADLINE] == 0


def test_trip_reminder_attaches_each_persons_itinerary(trip, clock, on_commit):
    clock(trip.starts_at - timedelta(days=3) + timedelta(minutes=1))
    mail.outbox.clear()
    _run(on_commit)

    by_address = {m.to[0]: m for m in reminders_mailed()}
    candidate, employer = by_address["accepted@example.test"], by_address["boss@employer.test"]
    assert "Your personal itinerary is attached as a PDF" in candidate.body
    [(name, content, mimetype)] = candidate.attachments
    assert mimetype == "application/pdf"
    assert name.startswith(f"{trip.slug}-") and name.endswith("-itinerary.pdf")
    text = pdf_text(content)
    assert "Skiing in Åre" in text
    assert "Employers' breakfast" not in text  # not the candidate's
    [(name, content, mimetype)] = employer.attachments
    text = pdf_text(content)
    assert "Employers' breakfast" in text and "Skiing in Åre" in text
    assert "Uppdaterad" in text  # the employer's member reads Swedish
