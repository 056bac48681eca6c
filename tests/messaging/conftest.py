import pytest

from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerMemberFactory,
    SlotBookingFactory,
    UserFactory,
)


@pytest.fixture
def applicant():
    """Make an application on `trip` with `status` by a user with `email` and `language`."""

    def make(trip, status: str, email: str, language: str = "en", **user_fields):
        user = UserFactory(email=email, language=language, **user_fields)
        return ApplicationFactory(trip=trip, status=status, candidate=CandidateFactory(user=user))

    return make


@pytest.fixture
def booked_member():
    """A member (`email`) of an employer with a booking of `status` on `trip`."""

    def make(trip, status: str, email: str, language: str = "en"):
        member = EmployerMemberFactory(user=UserFactory(email=email, language=language))
        SlotBookingFactory(trip=trip, employer=member.employer, status=status)
        return member.user

    return make


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what services enqueue after commit (the test's transaction never commits)."""
    return django_capture_on_commit_callbacks
