"""A trip that has happened, with meetings: `outcome_world`.

Built on `meeting_world` (tests/itineraries/conftest.py): three candidates (Ada, Bo, Cia)
and two employers (Åre Data, Östersund Kod) with one member each. Ada met Åre Data, Bo met
Östersund Kod, Cia met both. The clock stands after the trip ended unless a test moves it.
"""

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest

from followup.models import CoordinatorMembership, FollowUpCase
from itineraries.models import Meeting

from ...factories import UserFactory
from ...itineraries.conftest import local, make_item, meeting_world  # noqa: F401 -- fixtures


@pytest.fixture
def outcome_world(meeting_world, clock):  # noqa: F811 -- the imported fixture
    w = meeting_world
    ada, bo, cia = w.applications
    are, ostersund = w.employers

    def meet(application, employer, minute):
        start = local(2031, 3, 12, 9, minute)
        return Meeting.objects.create(
            trip=w.trip,
            application=application,
            employer=employer,
            block=w.block,
            starts_at=start,
            ends_at=start + timedelta(minutes=20),
        )

    meet(ada, are, 0)
    meet(bo, ostersund, 0)
    meet(cia, are, 25)
    meet(cia, ostersund, 50)
    coordinator = UserFactory(full_name="Kim Koordinator")
    CoordinatorMembership.objects.create(organisation=w.trip.organisation, user=coordinator)
    clock.set(w.trip.ends_at + timedelta(hours=2))
    return SimpleNamespace(
        **vars(w),
        ada=ada,
        bo=bo,
        cia=cia,
        are=are,
        ostersund=ostersund,
        are_member=w.members[0],
        ostersund_member=w.members[1],
        coordinator=coordinator,
        clock=clock,
    )


def attended(*applications) -> None:
    for application in applications:
        type(application).objects.filter(pk=application.pk).update(status="attended")
        application.status = "attended"


def case_for(application, stage="visited") -> FollowUpCase:
    return FollowUpCase.objects.create(
        organisation=application.trip.organisation,
        candidate=application.candidate,
        name=application.candidate.name,
        source="trip",
        stage=stage,
    )


def put(client, url, body, headers):
    return client.put(url, data=json.dumps(body), content_type="application/json", headers=headers)
