"""The organisers' daily digest, sent by `send_reminders` once a day after 07:00 local time."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from employers.bookings import booking_cancel
from employers.models import RefundState
from messaging.models import OrganiserDigest
from messaging.services import organiser_digests_send
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    OrganiserFactory,
    SlotBookingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def morning():
    """The first digest run: within a day after now (what the tests create happens now), at
    or after 07:00 local time."""
    moment = timezone.localtime() + timedelta(hours=1)
    if moment.hour < 7:
        moment = timezone.make_aware(datetime(moment.year, moment.month, moment.day, 8))
    return moment


@pytest.fixture
def clock(monkeypatch):
    def at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return at


def _send(on_commit, now) -> int:
    with on_commit(execute=True):
        return organiser_digests_send(now=now)


def test_nothing_to_tell_sends_nothing(organiser, published_trip, clock, morning, on_commit):
    clock(morning)
    assert _send(on_commit, morning) == 0
    assert mail.outbox == [] and not OrganiserDigest.objects.exists()


def test_not_before_seven(organiser, published_trip, clock, morning, on_commit):
    ApplicationFactory(trip=published_trip)
    early = morning.replace(hour=6, minute=59)
    clock(early)
    assert _send(on_commit, early) == 0


def test_digest_tells_what_needs_the_organisers(
    organiser, organisation, published_trip, clock, morning, on_commit
):
    organiser.language = "en"
    organiser.save()
    colleague = OrganiserFactory(organisation=organisation).user
    OrganiserFactory()  # another organisation's organiser: not told
    ApplicationFactory.create_batch(2, trip=published_trip)
    EmployerFactory(organisation=organisation, name="Fjällbygg AB", approved_at=None)
    EmployerFactory(name="Elsewhere AB", approved_at=None)  # another organisation's
    SlotBookingFactory(
        trip=published_trip,
        employer=EmployerFactory(organisation=organisation, name="Refund AB"),
        status="cancelled",
        refund_state=RefundState.NEEDED,
    )
    clock(morning)
    mail.outbox.clear()
    assert _send(on_commit, morning) == 2

    assert sorted(m.to[0] for m in mail.outbox) == sorted([organiser.email, colleague.email])
    email = next(m for m in mail.outbox if m.to == [organiser.email])
    assert email.subject == f"Today at {organisation.name}: what needs you"
    assert f"{published_trip.title}: 2 new applications" in email.body
    assert f"/manage/trips/{published_trip.slug}/applicants/" in email.body
    assert "Fjällbygg AB" in email.body and "Elsewhere AB" not in email.body
    assert "Refunds to make:" in email.body and "Refund AB" in email.body
    swedish = next(m for m in mail.outbox if m.to == [colleague.email])
    assert "1 nya ansökningar" not in swedish.body and "2 nya ansökningar" in swedish.body


def test_digest_once_a_day_and_only_what_is_new(
    organiser, published_trip, clock, morning, on_commit
):
    ApplicationFactory(trip=published_trip)
    clock(morning)
    assert _send(on_commit, morning) == 1
    later = morning + timedelta(hours=3)
    clock(later)
    ApplicationFactory(trip=published_trip, created_at=later)
    assert _send(on_commit, later) == 0  # today's digest went out

    mail.outbox.clear()
    next_day = morning + timedelta(days=1)
    clock(next_day)
    assert _send(on_commit, next_day) == 1
    assert f"{published_trip.title}: 1 ny ansökan" in mail.outbox[0].body  # Swedish
    digests = list(OrganiserDigest.objects.order_by("day"))
    assert digests[1].covered_from == digests[0].covered_until == morning


def test_booking_cancellations_since_the_last_digest(
    organiser, published_trip, clock, morning, on_commit
):
    organiser.language = "en"
    organiser.save()
    booking = SlotBookingFactory(
        trip=published_trip,
        employer=EmployerFactory(organisation=published_trip.organisation, name="Gone AB"),
        status="confirmed",
    )
    booking_cancel(booking=booking, actor=None, by_organiser=True, refund=False)
    clock(morning)
    assert _send(on_commit, morning) == 1
    body = mail.outbox[-1].body
    assert "Bookings cancelled:" in body and f"Gone AB · {published_trip.title}" in body
