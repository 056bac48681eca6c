from datetime import timedelta

from django.utils import timezone

from candidates.models import Application, ApplicationStatus
from demo.builders import DemoSeed, demo_user
from demo.builders.organisations import Organisations
from demo.data import COORDINATOR_EMAIL
from demo.data.trips import OSTERSUND, PAST_TRIP
from employers.models import BookingStatus
from events.models import Trip
from followup.models import (
    CaseSource,
    ContactChannel,
    CoordinatorMembership,
    FollowUpCase,
    OutcomeResult,
)
from followup.outcome_services import outcome_set
from followup.services import case_create, cases_open_for_attended, contact_add
from itineraries.models import Attendance, Meeting


def followup_build(seed: DemoSeed, trips: dict[str, Trip], organisations: Organisations) -> None:
    """Östersund's relocation coordinator (a demo login) and their caseload: a case for
    everyone who attended the past trip, and one person who phoned, with a household whose
    needs become tasks."""
    organisation, organiser = organisations[OSTERSUND.slug]
    coordinator = demo_user(seed, COORDINATOR_EMAIL, "Elin Inflyttarlots", demo=True)
    _, created = CoordinatorMembership.objects.get_or_create(
        organisation=organisation, user=coordinator
    )
    if created:
        seed.count("coordinators")
    past = trips[PAST_TRIP.key]
    if past.organisation_id == organisation.pk:
        cases = cases_open_for_attended(trip_id=past.pk)
        FollowUpCase.objects.filter(pk__in=[c.pk for c in cases], assignee=None).update(
            assignee=coordinator
        )
        if cases:
            seed.count("follow-up cases", len(cases))
    if past.organisation_id == organisation.pk:
        _past_meetings_and_outcomes(seed, past)
    if not FollowUpCase.objects.filter(
        organisation=organisation, email="familjen.lindqvist@demo.test"
    ):
        case = case_create(
            organisation=organisation,
            actor=coordinator,
            name="Sanna Lindqvist",
            source=CaseSource.PHONE,
            email="familjen.lindqvist@demo.test",
            phone="070-174 06 20",
            city="Göteborg",
            source_note="Ringde efter att ha sett IT-resan i sociala medier.",
            assignee=coordinator,
            partner_name="Omar Lindqvist",
            partner_occupation="Sjuksköterska",
            partner_looking_for_work=True,
            children=[{"age": 4, "need": "preschool"}, {"age": 9, "need": "school"}],
            housing_need="rent",
            housing_from=(seed.now + timedelta(days=120)).date(),
            housing_where="Östersund, gärna Frösön",
        )
        contact_add(
            case=case,
            actor=coordinator,
            occurred_at=seed.now - timedelta(days=2),
            channel=ContactChannel.PHONE,
            note="Första samtalet: söker jobb som backend-utvecklare, flytt till hösten.",
        )
        seed.count("follow-up cases")


def _past_meetings_and_outcomes(seed: DemoSeed, trip: Trip) -> None:
    """The past trip's meetings (written directly, as the trip itself is: services refuse a
    trip that has ended) and what the employers say came of them: interviews, an offer, a
    hire — which moves that person's case on."""
    if Meeting.objects.filter(trip=trip).exists():
        return
    attended = list(
        Application.objects.filter(trip=trip, status=ApplicationStatus.ATTENDED).order_by("pk")
    )
    bookings = list(trip.bookings.filter(status=BookingStatus.CONFIRMED).order_by("pk"))
    if not attended or not bookings:
        return
    day = timezone.localtime(trip.starts_at).replace(hour=13, minute=0)
    for index, application in enumerate(attended):
        booking = bookings[index % len(bookings)]
        starts = day + timedelta(minutes=25 * index)
        Meeting.objects.create(
            trip=trip,
            application=application,
            employer=booking.employer,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=20),
            attendance=Attendance.MET,
        )
        seed.count("meetings")
        member = booking.employer.members.first()
        result = RESULTS[index % len(RESULTS)]
        outcome_set(
            trip=trip,
            employer=booking.employer,
            application=application,
            actor=member,
            result=result,
            start_date=(trip.ends_at + timedelta(days=60)).date()
            if result == OutcomeResult.HIRED
            else None,
        )
        seed.count("outcomes")


RESULTS = [OutcomeResult.HIRED, OutcomeResult.INTERVIEW, OutcomeResult.OFFER, OutcomeResult.NO]
