import pytest

from followup.models import CaseSource, CoordinatorMembership, FollowUpCase

from ...factories import CandidateFactory, OrganisationFactory, OrganiserFactory, UserFactory


def make_coordinator(organisation, **user_fields):
    user = UserFactory(**user_fields)
    CoordinatorMembership.objects.create(organisation=organisation, user=user)
    return user


def make_case(organisation, **fields) -> FollowUpCase:
    fields.setdefault("name", "Alva Berg")
    fields.setdefault("source", CaseSource.PHONE)
    return FollowUpCase.objects.create(organisation=organisation, **fields)


@pytest.fixture
def coordinator(organisation):
    return make_coordinator(organisation, full_name="Cecilia Coordinator")


@pytest.fixture
def other_organisation():
    return OrganisationFactory(name="Other Kommun")


@pytest.fixture
def other_coordinator(other_organisation):
    return make_coordinator(other_organisation, full_name="Otto Other")


@pytest.fixture
def other_organiser(other_organisation):
    return OrganiserFactory(organisation=other_organisation).user


@pytest.fixture
def candidate_user():
    return CandidateFactory().user
