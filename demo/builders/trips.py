from datetime import timedelta

from django.utils import timezone

from demo.builders import DemoSeed
from demo.builders.organisations import Organisations
from demo.data.trips import FUTURE_TRIPS, PAST_TRIP, TripSpec
from demo.dates import local_datetime
from events.models import Trip, TripStatus, TripStatusChange
from events.services import trip_create, trip_transition


def trips_build(seed: DemoSeed, organisations: Organisations) -> dict[str, Trip]:
    """The three published future trips and the completed past one, by TripSpec.key."""
    trips = {}
    for spec in FUTURE_TRIPS:
        trip = Trip.objects.filter(slug=spec.slug).first()
        if trip is None:
            organisation, organiser = organisations[spec.organisation]
            trip = trip_create(
                organisation=organisation,
                actor=organiser,
                sectors=seed.sectors_for(spec.sectors),
                slug=spec.slug,
                **_trip_fields(seed, spec),
            )
            trip = trip_transition(trip=trip, actor=organiser, to_status=TripStatus.PUBLISHED)
            seed.count("trips")
        trips[spec.key] = trip
    trips[PAST_TRIP.key] = _past_trip(seed, organisations, PAST_TRIP)
    return trips


def _trip_fields(seed: DemoSeed, spec: TripSpec) -> dict:
    start_day = timezone.localdate(seed.now) + timedelta(days=spec.days_from_now)
    starts_at = local_datetime(start_day, 8, 30)
    return {
        "title": spec.title,
        "summary": spec.summary,
        "description": spec.description,
        "starts_at": starts_at,
        "ends_at": local_datetime(start_day + timedelta(days=1), 17, 0),
        "base_locations": spec.base_locations,
        "candidate_capacity": spec.candidate_capacity,
        "employer_slots": spec.employer_slots,
        "slot_price_ore": spec.slot_price_ore,
        "application_deadline": local_datetime(
            start_day - timedelta(days=spec.deadline_days_before), 23, 59
        ),
        "international_applicants": spec.international_applicants,
        # Numbers reserved for fiction by the Swedish regulator (070-174 06 05 … 99).
        "contact_phone": "070-174 06 05",
        "emergency_contact": "Trippledare Maja Holm, 070-174 06 10",
    }


def _past_trip(seed: DemoSeed, organisations: Organisations, spec: TripSpec) -> Trip:
    """The completed first trip, written directly: services only publish future trips."""
    trip = Trip.objects.filter(slug=spec.slug).first()
    if trip is not None:
        return trip
    organisation, organiser = organisations[spec.organisation]
    fields = _trip_fields(seed, spec)
    published_at = fields["application_deadline"] - timedelta(days=40)
    completed_at = fields["ends_at"] + timedelta(days=1)
    trip = Trip(
        organisation=organisation,
        slug=spec.slug,
        status=TripStatus.COMPLETED,
        published_at=published_at,
        created_at=published_at - timedelta(days=10),
        **fields,
    )
    trip.full_clean(exclude=["sectors"])
    trip.save()
    trip.sectors.set(seed.sectors_for(spec.sectors))
    S = TripStatus
    history = [
        (S.DRAFT, S.PUBLISHED, published_at),
        (S.PUBLISHED, S.CLOSED, fields["application_deadline"]),
        (S.CLOSED, S.COMPLETED, completed_at),
    ]
    TripStatusChange.objects.bulk_create(
        TripStatusChange(trip=trip, from_status=a, to_status=b, actor=organiser, created_at=t)
        for a, b, t in history
    )
    seed.count("trips")
    return trip
