"""People and cases for the tasks tests: an organisation with a coordinator and an
organiser, another organisation with its own coordinator, and a way to make cases."""

import pytest

from followup.models import CoordinatorMembership, FollowUpCase
from tests.factories import OrganisationFactory, OrganiserFactory, UserFactory


def make_coordinator(organisation, **user_fields):
    user = UserFactory(**user_fields)
    CoordinatorMembership.objects.create(organisation=organisation, user=user)
    return user


@pytest.fixture
def org():
    return OrganisationFactory(name="Östersunds kommun")


@pytest.fixture
def coordinator(org):
    return make_coordinator(org, full_name="Cora Koordinator")


@pytest.fixture
def organiser_of_org(org):
    return OrganiserFactory(organisation=org, user__full_name="Olle Organisatör").user


@pytest.fixture
def other_org():
    return OrganisationFactory(name="Åre kommun")


@pytest.fixture
def other_coordinator(other_org):
    return make_coordinator(other_org, full_name="Anna Annan")


@pytest.fixture
def make_case(org, coordinator):
    def make(**fields):
        fields.setdefault("organisation", org)
        fields.setdefault("name", "Kim Flyttare")
        fields.setdefault("email", "kim@example.test")
        fields.setdefault("source", "phone")
        fields.setdefault("assignee", coordinator)
        return FollowUpCase.objects.create(**fields)

    return make


@pytest.fixture
def case(make_case):
    return make_case()
