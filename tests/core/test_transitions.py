from datetime import timedelta

import pytest
from django.utils import timezone

from core.exceptions import InvalidTransition
from core.transitions import status_history_record, status_transition
from events.models import Trip, TripStatus

from ..factories import TripFactory, UserFactory

pytestmark = pytest.mark.django_db
S = TripStatus
LABELS = dict(S.choices)
# Not the trip table (which never goes back to draft): the helper applies the one it is given.
TABLE = {S.DRAFT: frozenset({S.PUBLISHED}), S.PUBLISHED: frozenset({S.DRAFT})}


def test_status_transition_records_actor_time_from_and_to():
    trip, actor = TripFactory(status=S.PUBLISHED), UserFactory()
    at = timezone.now() - timedelta(minutes=5)

    moved = status_transition(
        trip, table=TABLE, labels=LABELS, to_status=S.DRAFT, actor=actor, at=at
    )

    assert moved is trip
    assert trip.status == S.DRAFT
    assert Trip.objects.get(pk=trip.pk).status == S.DRAFT
    change = trip.status_changes.get()
    assert (change.from_status, change.to_status, change.actor, change.created_at) == (
        S.PUBLISHED,
        S.DRAFT,
        actor,
        at,
    )


def test_status_transition_without_a_time_records_now():
    trip = TripFactory(status=S.PUBLISHED)
    before = timezone.now()

    status_transition(trip, table=TABLE, labels=LABELS, to_status=S.DRAFT, actor=None)

    change = trip.status_changes.get()
    assert change.actor is None
    assert before <= change.created_at <= timezone.now()


def test_status_transition_saves_changes_and_update_fields_only():
    trip = TripFactory()
    published_at = timezone.now() - timedelta(days=1)
    Trip.objects.filter(pk=trip.pk).update(title="Changed elsewhere")
    trip.summary = "Not saved: not listed"
    updated_before = trip.updated_at

    status_transition(
        trip,
        table=TABLE,
        labels=LABELS,
        to_status=S.PUBLISHED,
        actor=None,
        changes={"published_at": published_at},
        update_fields=["updated_at"],
    )

    saved = Trip.objects.get(pk=trip.pk)
    assert (saved.status, saved.published_at, saved.title, saved.summary) == (
        S.PUBLISHED,
        published_at,
        "Changed elsewhere",
        "Two days in Jämtland",
    )
    assert saved.updated_at > updated_before


def test_status_transition_off_the_table_changes_nothing():
    trip = TripFactory(status=S.CANCELLED)

    with pytest.raises(InvalidTransition) as error:
        status_transition(
            trip,
            table=TABLE,
            labels=LABELS,
            to_status=S.DRAFT,
            actor=None,
            changes={"published_at": timezone.now()},
        )

    assert (
        error.value.message
        == "Cannot change status from Cancelled (cancelled) to Draft (draft). It is final."
    )
    assert error.value.extra == {"current_status": S.CANCELLED, "allowed": []}
    assert (trip.status, trip.published_at) == (S.CANCELLED, None)
    assert Trip.objects.get(pk=trip.pk).status == S.CANCELLED
    assert not trip.status_changes.exists()


def test_status_transition_to_an_unknown_status_names_the_known_ones():
    trip = TripFactory()

    with pytest.raises(InvalidTransition) as error:
        status_transition(trip, table=TABLE, labels=LABELS, to_status="lost", actor=None)

    assert error.value.message == (
        "Unknown status 'lost'. Known: cancelled, closed, completed, draft, published."
    )
    assert error.value.extra == {"current_status": S.DRAFT}
    assert trip.status == S.DRAFT
    assert not trip.status_changes.exists()


def test_status_history_record_adds_a_row_without_moving():
    trip, actor = TripFactory(), UserFactory()

    change = status_history_record(trip, from_status="", to_status=S.DRAFT, actor=actor)

    assert list(trip.status_changes.values_list("from_status", "to_status", "actor")) == [
        ("", S.DRAFT, actor.pk)
    ]
    assert change.trip == trip
    assert Trip.objects.get(pk=trip.pk).status == S.DRAFT
    assert str(change) == f"{trip}: ∅ → draft"
