from datetime import timedelta

from demo.builders import DemoSeed, demo_user
from demo.builders.organisations import Organisations
from demo.data import COORDINATOR_EMAIL
from demo.data.trips import OSTERSUND, PAST_TRIP
from events.models import Trip
from followup.models import CaseSource, ContactChannel, CoordinatorMembership, FollowUpCase
from followup.services import case_create, cases_open_for_attended, contact_add


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
    if not FollowUpCase.objects.filter(organisation=organisation, email="familjen.berg@demo.test"):
        case = case_create(
            organisation=organisation,
            actor=coordinator,
            name="Jonas Berg",
            source=CaseSource.PHONE,
            email="familjen.berg@demo.test",
            phone="070-174 06 20",
            city="Göteborg",
            source_note="Ringde efter att ha sett IT-resan i sociala medier.",
            assignee=coordinator,
            partner_name="Sofia Berg",
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
