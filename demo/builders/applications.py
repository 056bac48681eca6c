from datetime import timedelta

from candidates.consents import consent_set
from candidates.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Candidate,
    ConsentPurpose,
    ConsentVia,
)
from candidates.services import (
    application_create,
    application_practical_set,
    application_transition,
)
from core.exceptions import ApplicationError
from core.models import User
from demo.builders import DemoSeed
from demo.builders.candidates import Candidates
from demo.builders.organisations import Organisations
from demo.data.people import DIETARY, MOTIVATIONS
from demo.data.trips import PAST_TRIP, TRIPS
from events.models import Trip

A = ApplicationStatus

# What organisers enter for accepted candidates, printed in their itineraries (fictional).
PRACTICAL = [
    {
        "travel": "SJ 571 Stockholm C 07:10 → Östersund C 12:05",
        "accommodation": "Clarion Hotel Grand, Prästgatan 16, Östersund",
        "room_sharing": "Enkelrum",
    },
    {
        "travel": "Flyg SK 2113 Arlanda 08:05 → Åre Östersund Airport 09:05",
        "accommodation": "Hotell Jämteborg, Storgatan 54, Östersund",
        "room_sharing": "Dubbelrum, delas med en annan deltagare",
    },
]

# The steps after "submitted" that lead an application to its final status (future trips).
APPLICATION_PATHS: dict[str, list[str]] = {
    A.SUBMITTED: [],
    A.SHORTLISTED: [A.SHORTLISTED],
    A.ACCEPTED: [A.SHORTLISTED, A.ACCEPTED],
    A.WAITLISTED: [A.SHORTLISTED, A.WAITLISTED],
    A.DECLINED: [A.DECLINED],
    A.WITHDRAWN: [A.WITHDRAWN],
}
# The same for the completed trip, with the offsets (from the deadline) when each happened.
# The deadline is 23:59 on the day two weeks before the 08:30 start.
_DECIDED = timedelta(days=1, hours=9, minutes=1)  # two mornings after the deadline
_ON_THE_DAY = timedelta(days=13, hours=9, minutes=31)  # an hour into the trip
PAST_APPLICATION_PATHS: dict[str, list[tuple[str, timedelta]]] = {
    A.ATTENDED: [(A.ACCEPTED, _DECIDED), (A.ATTENDED, _ON_THE_DAY)],
    A.NO_SHOW: [(A.ACCEPTED, _DECIDED), (A.NO_SHOW, _ON_THE_DAY)],
    A.DECLINED: [(A.DECLINED, _DECIDED)],
    A.WITHDRAWN: [(A.ACCEPTED, _DECIDED), (A.WITHDRAWN, timedelta(days=9, hours=19, minutes=41))],
}


def applications_build(
    seed: DemoSeed, candidates: Candidates, trips: dict[str, Trip], organisations: Organisations
) -> None:
    """Each candidate's applications, moved to their final status by the trip's organiser
    (or withdrawn by the candidate); the past trip's with a history written directly."""
    organiser_for = {spec.key: organisations[spec.organisation][1] for spec in TRIPS}
    for index, (spec, candidate) in enumerate(candidates.values()):
        for trip_key, status in spec.applications:
            trip = trips[trip_key]
            if Application.objects.filter(candidate=candidate, trip=trip).exists():
                continue
            fields = {
                "motivation": MOTIVATIONS[trip_key],
                "travelling_from": f"{spec.city}, {spec.country}",
                "dietary_needs": DIETARY[index % len(DIETARY)],
                "accessibility_needs": "Behöver hiss" if index % 17 == 5 else "",
            }
            if trip_key == PAST_TRIP.key:
                _past_application(seed, candidate, trip, status, organiser_for[trip_key], fields)
                continue
            try:
                application = application_create(candidate=candidate, trip=trip, **fields)
                for step in APPLICATION_PATHS[status]:
                    actor = candidate.user if step == A.WITHDRAWN else organiser_for[trip_key]
                    application = application_transition(
                        application=application, actor=actor, to_status=step
                    )
                _share(application)
                if application.status == A.ACCEPTED:
                    application_practical_set(
                        application=application,
                        actor=organiser_for[trip_key],
                        **PRACTICAL[index % len(PRACTICAL)],
                    )
            except ApplicationError as error:
                # e.g. a re-run after the deadline when a row was deleted by hand.
                seed.skipped.append(f"application {candidate} → {trip}: {error}")
                continue
            seed.count("applications")


def _past_application(
    seed: DemoSeed, candidate: Candidate, trip: Trip, status: str, organiser: User, fields: dict
) -> None:
    deadline = trip.application_deadline
    submitted_at = trip.published_at + timedelta(days=3 + candidate.pk % 20, hours=10, minutes=16)
    application = Application.objects.create(
        candidate=candidate, trip=trip, status=status, created_at=submitted_at, **fields
    )
    rows = [
        ApplicationStatusChange(
            application=application,
            from_status="",
            to_status=A.SUBMITTED,
            actor=candidate.user,
            created_at=submitted_at,
        )
    ]
    previous = A.SUBMITTED
    for step, offset in PAST_APPLICATION_PATHS[status]:
        rows.append(
            ApplicationStatusChange(
                application=application,
                from_status=previous,
                to_status=step,
                actor=candidate.user if step == A.WITHDRAWN else organiser,
                created_at=deadline + offset,
            )
        )
        previous = step
    ApplicationStatusChange.objects.bulk_create(rows)
    _share(application)
    seed.count("applications")


def _share(application: Application) -> None:
    """Every demo candidate shares their profile with the employers of the trips they are
    shortlisted, accepted or attended on (asked per trip, issue 14.1)."""
    if application.status in (A.SHORTLISTED, A.ACCEPTED, A.ATTENDED):
        consent_set(
            candidate=application.candidate,
            purpose=ConsentPurpose.SHARE_TRIP,
            trip=application.trip,
            granted=True,
            via=ConsentVia.WEB,
            actor=application.candidate.user,
        )
