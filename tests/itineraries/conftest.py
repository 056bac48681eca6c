from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from itineraries.models import ItineraryItem

from ..factories import TripFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def october_trip(organisation):
    """A published trip over the last weekend of October 2030 (DST ends Sun 27 Oct 03:00)."""
    return TripFactory(
        organisation=organisation,
        status="published",
        slug="hostresan",
        title="Höstresan",
        starts_at=local(2030, 10, 26, 8, 0),
        ends_at=local(2030, 10, 27, 18, 0),
        application_deadline=local(2030, 10, 1, 12, 0),
    )


def make_item(trip, **fields) -> ItineraryItem:
    start = fields.pop("starts_at", trip.starts_at + timedelta(hours=1))
    defaults = dict(
        title="Fika",
        starts_at=start,
        ends_at=fields.pop("ends_at", start + timedelta(hours=1)),
        kind="meal",
        audience="everyone",
    )
    defaults.update(fields)
    return ItineraryItem.objects.create(trip=trip, **defaults)


@pytest.fixture
def meeting_world(organiser):
    """A published trip with one meeting block of two hours (09:00–11:00: five 20-minute
    slots with 5-minute breaks), three accepted candidates who share their profile, and two
    employers with a confirmed booking and one member each."""
    from types import SimpleNamespace

    from django.utils import timezone

    from ..factories import (
        ApplicationFactory,
        CandidateFactory,
        EmployerFactory,
        EmployerMemberFactory,
        SlotBookingFactory,
    )

    trip = TripFactory(
        organisation=organiser.organisation_,
        status="published",
        slug="meetings-trip",
        title="IT-resan",
        starts_at=local(2031, 3, 12, 8, 0),
        ends_at=local(2031, 3, 13, 17, 0),
        application_deadline=local(2031, 2, 20, 12, 0),
    )
    block = make_item(
        trip,
        title="Möten med arbetsgivarna",
        kind="meetings",
        starts_at=local(2031, 3, 12, 9, 0),
        ends_at=local(2031, 3, 12, 11, 0),
    )
    applications = []
    for name in ("Ada Lind", "Bo Ek", "Cia Berg"):
        candidate = CandidateFactory(name=name)
        applications.append(
            ApplicationFactory(
                candidate=candidate,
                trip=trip,
                status="accepted",
                share_consent_at=timezone.now(),
                share_consent_version="2026-01",
            )
        )
    employers, members = [], []
    for name in ("Åre Data", "Östersund Kod"):
        employer = EmployerFactory(name=name, organisation=organiser.organisation_)
        SlotBookingFactory(employer=employer, trip=trip, status="confirmed", hold_expires_at=None)
        employers.append(employer)
        members.append(EmployerMemberFactory(employer=employer).user)
    return SimpleNamespace(
        trip=trip,
        block=block,
        organiser=organiser,
        applications=applications,
        candidates=[a.candidate.user for a in applications],
        employers=employers,
        members=members,
    )


def book_meeting(w, employer, application, hour, minute, table=None):
    """An organiser books a meeting in `meeting_world`'s block (12 March 2031, local time)."""
    from itineraries.meetings import meeting_book

    return meeting_book(
        trip=w.trip,
        actor=w.organiser,
        employer=employer,
        application_id=application.pk,
        starts_at=local(2031, 3, 12, hour, minute),
        table=table,
        by_organiser=True,
    )


def fetch_pdf(client, url: str, capture, **headers):
    """Download a PDF that is built off the request (itineraries.documents): the first
    request answers a page that waits (or the previous build) while the build task runs
    after commit; the next one is the current PDF. Returns that response, its body read
    (`.pdf`)."""
    with capture(execute=True):
        client.get(url, headers=headers)
    response = client.get(url, headers=headers)
    if response.status_code == 200 and response.get("Content-Type") == "application/pdf":
        response.pdf = b"".join(response.streaming_content)
    return response
