from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from core.exceptions import InvalidTransition, NotPermitted, ValidationFailed
from events.models import Trip, TripStatus
from events.services import (
    TRIP_TRANSITIONS,
    organiser_add,
    trip_create,
    trip_status_cancel,
    trip_transition,
    trip_update,
)

from ..factories import OrganisationFactory, TripFactory, UserFactory, sector

pytestmark = pytest.mark.django_db
ALL = [s.value for s in TripStatus]


def _trip_in(status: str) -> Trip:
    return TripFactory(status=status)


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in ALL for t in ALL if t in TRIP_TRANSITIONS[c]],
)
def test_allowed_trip_transitions(current, target):
    if target == TripStatus.CANCELLED:  # the status move of backoffice.services.trip_cancel
        trip = trip_status_cancel(trip=_trip_in(current), actor=None)
    else:
        trip = trip_transition(trip=_trip_in(current), actor=None, to_status=target)
    assert Trip.objects.get(pk=trip.pk).status == target


@pytest.mark.parametrize("current", ["draft", "published", "closed"])
def test_trip_transition_refuses_cancelling_which_has_its_own_use_case(current):
    trip = _trip_in(current)
    with pytest.raises(InvalidTransition, match="backoffice.services.trip_cancel"):
        trip_transition(trip=trip, actor=None, to_status="cancelled")
    assert Trip.objects.get(pk=trip.pk).status == current
    assert not trip.status_changes.exists()


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in ALL for t in ALL if t not in TRIP_TRANSITIONS[c]],
)
def test_forbidden_trip_transitions_change_nothing(current, target):
    trip = _trip_in(current)
    with pytest.raises(InvalidTransition) as error:
        trip_transition(trip=trip, actor=None, to_status=target)
    assert error.value.extra["current_status"] == current
    assert Trip.objects.get(pk=trip.pk).status == current
    assert not trip.status_changes.exists()


def test_the_lifecycle_is_draft_published_closed_completed():
    assert TRIP_TRANSITIONS["draft"] == {"published", "cancelled"}
    assert TRIP_TRANSITIONS["published"] == {"closed", "cancelled"}
    assert TRIP_TRANSITIONS["closed"] == {"completed", "cancelled"}
    assert TRIP_TRANSITIONS["completed"] == TRIP_TRANSITIONS["cancelled"] == frozenset()


def test_publishing_a_trip_that_already_started_is_refused():
    trip = TripFactory(
        starts_at=timezone.now() - timedelta(hours=1),
        application_deadline=timezone.now() - timedelta(days=2),
    )
    with pytest.raises(ValidationFailed, match="already started"):
        trip_transition(trip=trip, actor=None, to_status="published")


def test_publishing_sets_published_at_once():
    trip = trip_transition(trip=TripFactory(), actor=None, to_status="published")
    first = trip.published_at
    assert first is not None
    trip = trip_transition(trip=trip, actor=None, to_status="closed")
    assert trip.published_at == first


def test_trip_create_picks_a_free_slug():
    org = OrganisationFactory()
    start = timezone.now() + timedelta(days=10)
    common = dict(
        organisation=org,
        actor=None,
        sectors=[sector("it")],
        summary="x",
        starts_at=start,
        ends_at=start + timedelta(days=2),
        base_locations="Åre",
        candidate_capacity=5,
        employer_slots=3,
        slot_price_ore=100,
        application_deadline=start - timedelta(days=1),
    )
    first = trip_create(title="Åre i höst", **common)
    second = trip_create(title="Åre i höst", **common)
    assert (first.slug, second.slug) == ("are-i-host", "are-i-host-2")


def test_trip_create_requires_a_sector():
    start = timezone.now() + timedelta(days=10)
    with pytest.raises(ValidationFailed, match="at least one sector"):
        trip_create(
            organisation=OrganisationFactory(),
            actor=None,
            sectors=[],
            title="Utan sektor",
            summary="x",
            starts_at=start,
            ends_at=start + timedelta(days=2),
            base_locations="Åre",
            candidate_capacity=5,
            employer_slots=3,
            slot_price_ore=100,
            application_deadline=start - timedelta(days=1),
        )
    assert not Trip.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_at": timezone.now() + timedelta(days=29)},  # before the start
        {"application_deadline": timezone.now() + timedelta(days=31)},  # after the start
        {"candidate_capacity": 0},
        {"status": "archived"},
        {"status": "published", "published_at": None},
    ],
    ids=["ends-before-start", "deadline-after-start", "no-places", "bad-status", "no-pub-date"],
)
def test_database_refuses_inconsistent_trips(changes):
    trip = TripFactory(starts_at=timezone.now() + timedelta(days=30))
    with pytest.raises(IntegrityError):
        Trip.objects.filter(pk=trip.pk).update(**changes)


def test_trip_slug_is_unique_in_the_database():
    TripFactory(slug="samma")
    with pytest.raises(IntegrityError):
        TripFactory(slug="samma")


def test_organiser_add_gives_admin_access_with_permissions():
    user = UserFactory()
    org = OrganisationFactory()
    organiser_add(organisation=org, user=user)
    organiser_add(organisation=org, user=user)  # idempotent
    user.refresh_from_db()
    assert user.is_staff
    assert user.organisations.get() == org
    assert user.has_perm("events.change_trip")
    assert user.has_perm("employers.view_slotbooking")
    assert not user.has_perm("core.change_user")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_two_organisers_removing_each_other_at_once_leave_one():
    from events.models import OrganisationMembership
    from events.services import organiser_remove

    from ..concurrency import run_concurrently

    organisation = OrganisationFactory()
    first, second = (organiser_add(organisation=organisation, user=UserFactory()) for _ in "ab")

    results = run_concurrently(
        lambda actor, membership: organiser_remove(
            organisation=organisation, actor=actor, membership=membership
        ),
        [(first.user, second), (second.user, first)],
    )

    removed = [r for r in results if isinstance(r, OrganisationMembership)]
    refused = [r for r in results if isinstance(r, NotPermitted | ValidationFailed)]
    # The loser is refused: the winner removed it (NotPermitted), or it was the last one.
    assert (len(removed), len(refused)) == (1, 1), results
    assert OrganisationMembership.objects.filter(organisation=organisation).count() == 1


def test_trip_update_refuses_a_phone_that_is_not_one_and_keeps_the_old():
    trip = TripFactory(contact_phone="063-14 00 00")

    with pytest.raises(ValidationFailed) as raised:
        trip_update(trip=trip, actor=None, contact_phone="call the office")

    assert list(raised.value.extra["fields"]) == ["contact_phone"]
    assert Trip.objects.get(pk=trip.pk).contact_phone == "063-14 00 00"
    updated = trip_update(trip=trip, actor=None, contact_phone="+46 (0)63 14 00 01")
    assert Trip.objects.get(pk=trip.pk).contact_phone == updated.contact_phone
    assert updated.contact_phone == "+46 (0)63 14 00 01"
