from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from candidates.models import Candidate, InterestRegistration
from events.models import Trip

from ..factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    HiringNeedFactory,
    SlotBookingFactory,
    TripFactory,
    sector,
)


@dataclass
class Suggestions:
    trip: Trip
    strong: Candidate
    weak: Candidate
    registration: InterestRegistration
    excluded: dict[str, Candidate | InterestRegistration]


def consenting(**fields) -> Candidate:
    return CandidateFactory(
        consent_talent_db_at=timezone.now(), consent_talent_db_version="2026-11", **fields
    )


def registration(email: str, *, name: str = "", confirmed: bool = True, codes=("it",)):
    now = timezone.now()
    made = InterestRegistration.objects.create(
        email=email,
        name=name,
        language="en",
        consent_at=now,
        consent_version="2026-11",
        confirmed_at=now if confirmed else None,
    )
    made.sectors.set([sector(code) for code in codes])
    return made


@pytest.fixture
def suggestions(organisation):
    """A published IT trip whose one confirmed employer (Åre Data) seeks a backend developer;
    a strong and a weak consenting candidate, a registration without a profile, and people
    who must not be suggested."""
    trip = TripFactory(
        organisation=organisation, status="published", slug="it-resan", title="IT-resan"
    )
    are_data = EmployerFactory(name="Åre Data", organisation=organisation)
    SlotBookingFactory(trip=trip, employer=are_data, status="confirmed", hold_expires_at=None)
    HiringNeedFactory(
        employer=are_data,
        role_title="Backend developer",
        description="Python and Django for our booking system.",
    )
    HiringNeedFactory(employer=are_data, role_title="Kotlin developer", status="closed")
    held = EmployerFactory(name="Bara Hållen AB", organisation=organisation)
    SlotBookingFactory(trip=trip, employer=held, status="held")
    HiringNeedFactory(employer=held, role_title="Support technician")
    strong = consenting(
        name="Stina Stark",
        headline="Backend developer",
        skills=["Python", "Django"],
        years_experience=8,
        earliest_move_date=trip.ends_at.date() + timedelta(days=60),
        languages=["svenska", "engelska"],
        user__language="sv",
    )
    weak = consenting(
        name="Vera Vag",
        headline="Support technician",
        skills=[],
        years_experience=1,
        languages=["English"],
        user__language="en",
    )
    applied = consenting(name="Anna Ansökt", skills=["Python"])
    ApplicationFactory(trip=trip, candidate=applied)
    excluded = {
        "no consent": CandidateFactory(name="Nils Nej", skills=["Python", "Django"]),
        "unsubscribed": consenting(name="Ulla Ut", alerts_unsubscribed_at=timezone.now()),
        "applied": applied,
        "other sector": consenting(name="Olle Vård", sectors=[sector("vard-omsorg")]),
        "inactive": consenting(name="Ingrid Inaktiv", user__is_active=False),
        "unconfirmed": registration("obekraftad@example.test"),
        "has a profile": registration(weak.email),
        "other sector registration": registration("vard@example.test", codes=("vard-omsorg",)),
    }
    excluded["unconfirmed"].confirmed_at = None
    excluded["unconfirmed"].save()
    return Suggestions(
        trip=trip,
        strong=strong,
        weak=weak,
        registration=registration("rita@example.test", name="Rita Registrerad"),
        excluded=excluded,
    )
