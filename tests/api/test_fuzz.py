"""Property-based checks of the whole API against its own OpenAPI document (schemathesis).

Any generated request — valid or not — must get a documented status and body, never a 500.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from core.services import api_token_create

from ..factories import (
    ApplicationFactory,
    EmployerMemberFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# The coverage phase (boundary values, unexpected methods: the slow part) runs once, as the
# organiser, who reaches the most code; the other roles get the random (fuzzing) phase.
schema_fuzzing_only = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema_fuzzing_only.config.phases.coverage.enabled = False


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Called as a WSGI app, Django closes the database connection after each request (as in
    production); inside a test transaction that would close the test's own connection.
    Django's test client disconnects the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def caller_headers(request, db):
    """One organisation's published trip "a" with an applicant and a booked employer; the
    headers of the caller in the test's `role` (none for anonymous). Built once per test: each
    example runs in a savepoint that is rolled back, so every one starts from this data."""
    callspec = getattr(request.node, "callspec", None)
    role = callspec.params["role"] if callspec else "organiser"
    membership = OrganiserFactory()
    trip = TripFactory(organisation=membership.organisation, slug="a", status="published")
    if role == "anonymous":
        return {}
    if role == "candidate":
        user = ApplicationFactory(trip=trip).candidate.user
    elif role == "employer":
        member = EmployerMemberFactory(employer__organisation=membership.organisation)
        SlotBookingFactory(trip=trip, employer=member.employer)
        user = member.user
    else:
        user = membership.user
    _, key = api_token_create(user=user)
    return {"Authorization": f"Bearer {key}"}


FUZZ_SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _call_and_validate(case, headers):
    with transaction.atomic():  # a savepoint: each example starts from the same data
        case.call_and_validate(
            headers=headers,
            # Business rules (dates in order, known sector codes) reject some schema-valid
            # bodies with a documented 422; that is intended.
            excluded_checks=[positive_data_acceptance],
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ_SETTINGS
def test_api_conforms_to_its_schema_as_an_organiser(case, caller_headers):
    _call_and_validate(case, caller_headers)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "candidate", "employer"])
@schema_fuzzing_only.parametrize()
@FUZZ_SETTINGS
def test_api_conforms_to_its_schema_as_every_other_role(case, role, caller_headers):
    _call_and_validate(case, caller_headers)
