from datetime import timedelta

import pytest
from django.utils import timezone

from candidates.models import TripInvitation
from employers.models import BookingStatus
from followup.models import (
    CandidateFeedback,
    CaseSource,
    CaseStage,
    EmployerFeedback,
    EmployerRating,
    FollowUpCase,
    MeetingOutcome,
)
from itineraries.models import Meeting, MeetingStatus
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    HiringNeedFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
    UserFactory,
    sector,
)


def consenting(city: str, sectors: list, **fields):
    now = timezone.now()
    return CandidateFactory(
        city=city,
        sectors=sectors,
        consent_talent_db_at=fields.pop("consent_at", now),
        consent_talent_db_version="2026-11",
        **fields,
    )


@pytest.fixture
def sector_world(organisation):
    """IT: 4 consenting people (3 in Stockholm, 1 in Malmö) and 1 who did not consent;
    demand 7 positions at two of our employers, plus 50 at another organisation's. Care:
    3 people (Göteborg), 9 open positions and 1 closed need. Teaching: 1 person, 20
    positions (too few people for a suggestion)."""
    it, care, teaching = sector("it"), sector("vard-omsorg"), sector("pedagogik")
    for city in ("Stockholm", "Stockholm", "Stockholm", "Malmö"):
        consenting(city, [it])
    CandidateFactory(city="Stockholm", sectors=[it])  # no consent: not in the talent database
    for _i in range(3):
        consenting("Göteborg", [care])
    consenting("Umeå", [teaching])
    ours_a = EmployerFactory(organisation=organisation, name="Jämtkraft")
    ours_b = EmployerFactory(organisation=organisation, name="Region Jämtland Härjedalen")
    HiringNeedFactory(employer=ours_a, sector=it, positions=5)
    HiringNeedFactory(employer=ours_b, sector=it, positions=2)
    HiringNeedFactory(employer=ours_b, sector=care, positions=9)
    HiringNeedFactory(employer=ours_b, sector=care, positions=4, status="closed")
    HiringNeedFactory(employer=ours_a, sector=teaching, positions=20)
    HiringNeedFactory(employer=EmployerFactory(), sector=it, positions=50)  # another organisation
    return {"it": it, "care": care, "teaching": teaching}


@pytest.fixture
def report_world(organisation):
    """A trip with 5 invitations, 6 applications (4 got a place, 3 attended), 2 of them with
    scheduled meetings (plus a cancelled one), outcomes: A hired and offer, B interview;
    A's case has moved. Two confirmed bookings of 15 000 kr, one cancelled. Feedback."""
    trip = TripFactory(organisation=organisation, status="published")
    statuses = ["attended", "attended", "attended", "accepted", "submitted", "declined"]
    apps = [ApplicationFactory(trip=trip, status=s) for s in statuses]
    for _i in range(5):
        TripInvitation.objects.create(trip=trip, candidate=CandidateFactory())
    e1 = EmployerFactory(organisation=organisation)
    e2 = EmployerFactory(organisation=organisation)
    b1 = SlotBookingFactory(trip=trip, employer=e1, status=BookingStatus.CONFIRMED)
    SlotBookingFactory(trip=trip, employer=e2, status=BookingStatus.CONFIRMED)
    SlotBookingFactory(trip=trip, employer=EmployerFactory(), status=BookingStatus.CANCELLED)
    for minutes, (app, employer, status) in enumerate(
        [
            (apps[0], e1, MeetingStatus.SCHEDULED),
            (apps[0], e2, MeetingStatus.SCHEDULED),
            (apps[1], e1, MeetingStatus.SCHEDULED),
            (apps[2], e1, MeetingStatus.CANCELLED),
        ]
    ):
        start = trip.starts_at + timedelta(minutes=20 * minutes)
        Meeting.objects.create(
            trip=trip,
            application=app,
            employer=employer,
            starts_at=start,
            ends_at=start + timedelta(minutes=15),
            status=status,
        )
    MeetingOutcome.objects.create(application=apps[0], employer=e1, result="hired")
    MeetingOutcome.objects.create(application=apps[0], employer=e2, result="offer")
    MeetingOutcome.objects.create(application=apps[1], employer=e1, result="interview")
    FollowUpCase.objects.create(
        organisation=organisation,
        candidate=apps[0].candidate,
        name=apps[0].candidate.name,
        source=CaseSource.TRIP,
        stage=CaseStage.MOVED,
    )
    FollowUpCase.objects.create(
        organisation=organisation,
        candidate=apps[1].candidate,
        name=apps[1].candidate.name,
        source=CaseSource.TRIP,
        stage=CaseStage.INTERVIEWING,
    )
    f1 = CandidateFeedback.objects.create(application=apps[0], trip_rating=5, got_offer="yes")
    CandidateFeedback.objects.create(application=apps[1], trip_rating=4, got_offer="no")
    EmployerRating.objects.create(feedback=f1, employer=e1, rating=3)
    EmployerFeedback.objects.create(trip=trip, employer=e1, trip_rating=4, candidates_rating=2)
    return {"trip": trip, "applications": apps, "bookings": [b1]}


@pytest.fixture
def other_organiser():
    return OrganiserFactory().user


@pytest.fixture
def stranger():
    return UserFactory()
