from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from core.exceptions import (
    AlreadyExists,
    CapacityExceeded,
    InvalidTransition,
    NotPermitted,
)
from employers.models import BookingStatus, Employer, SlotBooking
from employers.services import (
    BOOKING_TRANSITIONS,
    booking_hold,
    booking_transition,
    employer_approve,
    employer_register,
)
from events.models import TripStatus

from ..concurrency import run_concurrently
from ..factories import (
    EmployerFactory,
    EmployerMemberFactory,
    OrganisationFactory,
    SlotBookingFactory,
    TripFactory,
    UserFactory,
    org_number,
    sector,
)

pytestmark = pytest.mark.django_db
ALL = [s.value for s in BookingStatus]


def test_register_normalises_the_number_and_awaits_approval():
    user = UserFactory()
    employer = employer_register(
        organisation=OrganisationFactory(),
        user=user,
        name="Fjällkraft AB",
        org_number="5560360793",
        sectors=[sector("it")],
    )
    assert employer.org_number == "556036-0793"
    assert not employer.is_approved
    assert list(employer.members.all()) == [user]
    with pytest.raises(NotPermitted, match="approved"):
        booking_hold(employer=employer, trip=TripFactory(status="published"), actor=user)


def test_register_same_number_twice_is_refused():
    EmployerFactory(org_number="556036-0793")
    with pytest.raises(AlreadyExists) as error:
        employer_register(
            organisation=OrganisationFactory(),
            user=UserFactory(),
            name="Kopia AB",
            org_number="556036 0793",
            sectors=[],
        )
    assert error.value.extra["fields"] == {"org_number": ["Already registered."]}
    assert Employer.objects.count() == 1


def test_approve_records_who_and_when():
    employer = EmployerFactory(approved_at=None)
    organiser = UserFactory()
    employer_approve(employer=employer, actor=organiser)
    employer.refresh_from_db()
    assert employer.approved_by == organiser and employer.approved_at is not None


def test_org_number_format_is_enforced_in_the_database():
    employer = EmployerFactory()
    with pytest.raises(IntegrityError):
        Employer.objects.filter(pk=employer.pk).update(org_number="5560360793")


def test_hold_takes_a_slot_that_expires():
    trip = TripFactory(status=TripStatus.PUBLISHED, employer_slots=1, slot_price_ore=1_250_000)
    booking = booking_hold(employer=EmployerFactory(), trip=trip, actor=None)
    assert booking.status == "held"
    assert booking.amount_ore == 1_250_000
    assert timedelta(minutes=29) < booking.hold_expires_at - timezone.now() <= timedelta(minutes=30)
    with pytest.raises(CapacityExceeded, match="fully booked"):
        booking_hold(employer=EmployerFactory(), trip=trip, actor=None)


def test_an_expired_hold_frees_its_slot_when_capacity_is_checked():
    trip = TripFactory(status=TripStatus.PUBLISHED, employer_slots=1)
    stale = SlotBookingFactory(trip=trip)
    SlotBooking.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(hours=2),
        hold_expires_at=timezone.now() - timedelta(hours=1),
    )
    fresh = booking_hold(employer=EmployerFactory(), trip=trip, actor=None)
    stale.refresh_from_db()
    assert (stale.status, fresh.status) == ("cancelled", "held")


def test_one_active_booking_per_employer_and_trip():
    booking = SlotBookingFactory()
    with pytest.raises(AlreadyExists):
        booking_hold(employer=booking.employer, trip=booking.trip, actor=None)
    with pytest.raises(IntegrityError):
        SlotBookingFactory(employer=booking.employer, trip=booking.trip)


def test_a_cancelled_booking_does_not_block_a_new_one():
    booking = SlotBookingFactory()
    booking_transition(booking=booking, actor=None, to_status="cancelled")
    again = booking_hold(employer=booking.employer, trip=booking.trip, actor=None)
    assert again.status == "held"


def test_bookings_only_on_published_trips():
    with pytest.raises(InvalidTransition, match="not open for bookings"):
        booking_hold(employer=EmployerFactory(), trip=TripFactory(), actor=None)


@pytest.mark.parametrize(
    ("current", "target"), [(c, t) for c in ALL for t in ALL if t in BOOKING_TRANSITIONS[c]]
)
def test_allowed_booking_transitions(current, target):
    booking = SlotBookingFactory(
        status=current, hold_expires_at=timezone.now() + timedelta(minutes=5)
    )
    booking_transition(booking=booking, actor=None, to_status=target)
    booking.refresh_from_db()
    assert booking.status == target
    assert booking.status_changes.get().to_status == target


@pytest.mark.parametrize(
    ("current", "target"), [(c, t) for c in ALL for t in ALL if t not in BOOKING_TRANSITIONS[c]]
)
def test_forbidden_booking_transitions(current, target):
    booking = SlotBookingFactory(
        status=current, hold_expires_at=timezone.now() + timedelta(minutes=5)
    )
    with pytest.raises(InvalidTransition):
        booking_transition(booking=booking, actor=None, to_status=target)
    booking.refresh_from_db()
    assert booking.status == current


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_employers_booking_the_last_slot_at_once_exactly_one_wins():
    trip = TripFactory(status=TripStatus.PUBLISHED, employer_slots=3)
    SlotBookingFactory.create_batch(2, trip=trip, status="confirmed", hold_expires_at=None)
    employers = [EmployerFactory(org_number=org_number(9000 + i)) for i in range(20)]

    def book(employer):
        return booking_hold(employer=employer, trip=trip, actor=None)

    results = run_concurrently(book, [(e,) for e in employers])
    won = [r for r in results if isinstance(r, SlotBooking)]
    lost = [r for r in results if isinstance(r, CapacityExceeded)]
    assert (len(won), len(lost)) == (1, 19), results
    assert {e.message for e in lost} == {"This trip is fully booked."}
    active = SlotBooking.objects.filter(
        trip=trip, status__in=["held", "pending_payment", "confirmed"]
    )
    assert active.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_invoice_bookings_through_the_booking_service(settings):
    from employers.bookings import booking_create

    settings.STRIPE_SECRET_KEY = ""
    trip = TripFactory(status=TripStatus.PUBLISHED, employer_slots=1)
    employers = [EmployerFactory(org_number=org_number(7000 + i)) for i in range(24)]
    results = run_concurrently(
        lambda e: booking_create(employer=e, trip=trip, actor=None), [(e,) for e in employers]
    )
    won = [r for r in results if isinstance(r, SlotBooking)]
    lost = [r for r in results if isinstance(r, CapacityExceeded)]
    assert (len(won), len(lost)) == (1, 23), results
    assert won[0].status == "pending_payment"
    assert SlotBooking.objects.filter(trip=trip).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_two_members_leaving_at_once_leave_one_behind():
    from employers.models import EmployerMembership
    from employers.services import employer_member_leave

    employer = EmployerFactory()
    users = [EmployerMemberFactory(employer=employer).user for _ in range(2)]

    results = run_concurrently(
        lambda user: employer_member_leave(employer=employer, user=user), [(u,) for u in users]
    )

    assert sorted(type(r).__name__ for r in results) == ["EmployerMembership", "ValidationFailed"]
    assert EmployerMembership.objects.filter(employer=employer).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_inviting_one_address_twice_at_once_leaves_one_open_invitation():
    from employers.models import EmployerInvitation
    from employers.services import employer_invitation_create

    membership = EmployerMemberFactory()

    results = run_concurrently(
        lambda: employer_invitation_create(
            employer=membership.employer, actor=membership.user, email="bo@example.test"
        ),
        [(), ()],
    )

    assert all(isinstance(r, EmployerInvitation) for r in results), results
    invitations = EmployerInvitation.objects.filter(email="bo@example.test")
    assert invitations.count() == 2
    assert invitations.filter(revoked_at__isnull=True).count() == 1
