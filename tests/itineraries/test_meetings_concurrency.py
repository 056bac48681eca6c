"""Booking meetings at once, on PostgreSQL with real concurrent transactions: the services
lock the candidate's application, then the employer's booking, so each contender sees the
others' meeting and gets the clean reason — never the unique constraint's "taken"."""

from datetime import timedelta

import pytest

from core.exceptions import CapacityExceeded
from itineraries.meetings import meeting_book
from itineraries.models import Meeting, MeetingSettings

from ..concurrency import run_concurrently
from ..factories import EmployerFactory, EmployerMemberFactory, SlotBookingFactory
from .conftest import local

# The fixture's block: 09:00, 09:25, 09:50, 10:15, 10:40 (20 minutes, 5 between).
SLOTS = [local(2031, 3, 12, 9, 0) + timedelta(minutes=25 * i) for i in range(5)]


def _employer(trip, name: str):
    employer = EmployerFactory(name=name, organisation=trip.organisation)
    SlotBookingFactory(employer=employer, trip=trip, status="confirmed", hold_expires_at=None)
    return employer, EmployerMemberFactory(employer=employer).user


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_employers_grabbing_a_candidates_last_free_slot_exactly_one_wins(meeting_world):
    w = meeting_world
    MeetingSettings.objects.create(trip=w.trip, self_booking=True)
    ada = w.applications[0]
    # Ada meets someone in four of the five slots: 10:40 is her last free one.
    for index, employer in enumerate(w.employers):
        meeting_book(
            trip=w.trip,
            actor=None,
            employer=employer,
            application_id=ada.pk,
            starts_at=SLOTS[index],
            by_organiser=True,
        )
    for index in (2, 3):
        employer, _member = _employer(w.trip, f"Tidig {index}")
        meeting_book(
            trip=w.trip,
            actor=None,
            employer=employer,
            application_id=ada.pk,
            starts_at=SLOTS[index],
            by_organiser=True,
        )
    contenders = [_employer(w.trip, f"Arbetsgivare {i}") for i in range(8)]

    def grab(employer, member):
        return meeting_book(
            trip=w.trip,
            actor=member,
            employer=employer,
            application_id=ada.pk,
            starts_at=SLOTS[4],
        )

    results = run_concurrently(grab, contenders)

    won = [r for r in results if isinstance(r, Meeting)]
    lost = [r for r in results if isinstance(r, CapacityExceeded)]
    assert (len(won), len(lost)) == (1, 7), results
    # Without the row locks the unique constraints still let one win, but the others get
    # "taken" (an IntegrityError) instead of the reason: this checks the locks come first.
    assert {e.extra["reason"] for e in lost} == {"candidate_busy"}
    assert {e.message for e in lost} == {"Ada Lind already has a meeting at 10:40."}
    assert Meeting.objects.filter(application=ada, status="scheduled").count() == 5
    assert Meeting.objects.filter(application=ada, starts_at=SLOTS[4]).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_members_of_one_employer_with_one_table_grabbing_one_slot_one_wins(meeting_world):
    w = meeting_world
    MeetingSettings.objects.create(trip=w.trip, self_booking=True)
    employer = w.employers[0]
    members = [w.members[0]] + [EmployerMemberFactory(employer=employer).user for _ in range(2)]

    def grab(member, application):
        return meeting_book(
            trip=w.trip,
            actor=member,
            employer=employer,
            application_id=application.pk,
            starts_at=SLOTS[0],
        )

    results = run_concurrently(grab, list(zip(members, w.applications, strict=True)))

    won = [r for r in results if isinstance(r, Meeting)]
    lost = [r for r in results if isinstance(r, CapacityExceeded)]
    assert (len(won), len(lost)) == (1, 2), results
    assert {e.extra["reason"] for e in lost} == {"tables_busy"}
    assert {e.message for e in lost} == {"All tables of Åre Data are busy at 09:00."}
    assert Meeting.objects.filter(employer=employer, status="scheduled").count() == 1
