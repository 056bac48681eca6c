from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from candidates.models import Application, ApplicationStatus, Candidate
from candidates.services import (
    APPLICATION_TRANSITIONS,
    application_create,
    application_transition,
    application_withdraw,
)
from core.exceptions import AlreadyExists, CapacityExceeded, DeadlinePassed, InvalidTransition
from events.models import TripStatus

from ..concurrency import run_concurrently
from ..factories import ApplicationFactory, CandidateFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db
ALL = [s.value for s in ApplicationStatus]


def _application_in(status: str, *, started: bool = False) -> Application:
    start = timezone.now() + (timedelta(hours=-2) if started else timedelta(days=30))
    trip = TripFactory(
        status=TripStatus.PUBLISHED,
        starts_at=start,
        application_deadline=start - timedelta(days=1),
    )
    return ApplicationFactory(trip=trip, status=status)


@pytest.mark.parametrize(
    ("current", "target"), [(c, t) for c in ALL for t in ALL if t in APPLICATION_TRANSITIONS[c]]
)
def test_allowed_application_transitions_are_recorded(current, target):
    actor = UserFactory()
    started = target in ("attended", "no_show")
    application = _application_in(current, started=started)
    application_transition(application=application, actor=actor, to_status=target)
    application.refresh_from_db()
    assert application.status == target
    change = application.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == (current, target, actor)


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in ALL for t in ALL if t not in APPLICATION_TRANSITIONS[c]],
)
def test_forbidden_application_transitions_change_nothing(current, target):
    application = _application_in(current, started=True)
    with pytest.raises(InvalidTransition) as error:
        application_transition(application=application, actor=None, to_status=target)
    assert error.value.extra["current_status"] == current
    application.refresh_from_db()
    assert application.status == current


def test_attendance_cannot_be_recorded_before_the_trip():
    application = _application_in("accepted", started=False)
    with pytest.raises(InvalidTransition, match="once the trip has started"):
        application_transition(application=application, actor=None, to_status="attended")


def test_accepting_beyond_capacity_is_refused():
    trip = TripFactory(status=TripStatus.PUBLISHED, candidate_capacity=2)
    ApplicationFactory.create_batch(2, trip=trip, status="accepted")
    late = ApplicationFactory(trip=trip)
    with pytest.raises(CapacityExceeded, match="all 2 places are taken"):
        application_transition(application=late, actor=None, to_status="accepted")
    late.refresh_from_db()
    assert late.status == "submitted"
    # Waitlisting is still possible.
    application_transition(application=late, actor=None, to_status="waitlisted")


def test_apply_records_the_submission():
    trip = TripFactory(status=TripStatus.PUBLISHED)
    candidate = CandidateFactory()
    application = application_create(
        candidate=candidate, trip=trip, motivation="Fjällen!", travelling_from="Malmö"
    )
    assert application.status == "submitted"
    assert list(application.status_changes.values_list("to_status", flat=True)) == ["submitted"]


def test_apply_twice_is_refused():
    application = ApplicationFactory()
    with pytest.raises(AlreadyExists):
        application_create(
            candidate=application.candidate,
            trip=application.trip,
            motivation="igen",
            travelling_from="Malmö",
        )
    assert Application.objects.count() == 1


def test_apply_after_deadline_or_to_a_draft_is_refused():
    candidate = CandidateFactory()
    past_deadline = TripFactory(
        status=TripStatus.PUBLISHED, application_deadline=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(DeadlinePassed):
        application_create(
            candidate=candidate, trip=past_deadline, motivation="x", travelling_from="y"
        )
    with pytest.raises(InvalidTransition, match="not open"):
        application_create(
            candidate=candidate, trip=TripFactory(), motivation="x", travelling_from="y"
        )


def test_withdraw_until_the_trip_starts():
    application = _application_in("accepted", started=False)
    application_withdraw(application=application, actor=application.candidate.user)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    started = _application_in("accepted", started=True)
    with pytest.raises(DeadlinePassed):
        application_withdraw(application=started, actor=None)


def test_one_application_per_candidate_and_trip_in_the_database():
    application = ApplicationFactory()
    with pytest.raises(IntegrityError):
        ApplicationFactory(candidate=application.candidate, trip=application.trip)


def test_residence_permit_status_needs_consent_in_the_database():
    candidate = CandidateFactory()
    with pytest.raises(IntegrityError):
        Candidate.objects.filter(pk=candidate.pk).update(residence_permit_status="temporary")


def test_consent_without_text_version_is_refused_in_the_database():
    candidate = CandidateFactory()
    with pytest.raises(IntegrityError):
        Candidate.objects.filter(pk=candidate.pk).update(consent_talent_db_at=timezone.now())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_organisers_accepting_the_last_place_at_once_exactly_one_wins():
    trip = TripFactory(status=TripStatus.PUBLISHED, candidate_capacity=3)
    ApplicationFactory.create_batch(2, trip=trip, status="accepted")
    contenders = ApplicationFactory.create_batch(2, trip=trip)
    organisers = [UserFactory(), UserFactory()]

    def accept(application, organiser):
        return application_transition(
            application=application, actor=organiser, to_status="accepted"
        )

    results = run_concurrently(accept, list(zip(contenders, organisers, strict=True)))
    won = [r for r in results if isinstance(r, Application)]
    lost = [r for r in results if isinstance(r, CapacityExceeded)]
    assert (len(won), len(lost)) == (1, 1), results
    assert "all 3 places are taken" in lost[0].message
    assert Application.objects.filter(trip=trip, status="accepted").count() == 3
