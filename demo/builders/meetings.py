from django.db import transaction

from candidates.models import Application
from core.exceptions import ApplicationError
from core.models import User
from demo.builders import DemoSeed
from demo.builders.candidates import Candidates
from demo.builders.employers import Employers
from demo.builders.organisations import Organisations
from demo.data.trips import CANDIDATE_WISHES, EMPLOYER_WISHES, IT_TRIP, MEETING_TABLES
from events.models import Trip
from itineraries.meetings import (
    Wish,
    meeting_preferences_set,
    meeting_schedule_run,
    meeting_settings_update,
)
from itineraries.models import Meeting, MeetingSettings, PreferenceSide


def meetings_build(
    seed: DemoSeed,
    trips: dict[str, Trip],
    employers: Employers,
    candidates: Candidates,
    organisations: Organisations,
) -> None:
    """The IT trip's meeting settings (the defaults) and tables, wishes both ways, and the
    schedule computed from them, through the services (the caller suppresses their emails).
    Not published: publishing is the organiser's step to try. Left alone once the trip has
    meeting settings."""
    trip = trips[IT_TRIP.key]
    if MeetingSettings.objects.filter(trip=trip).exists():
        return
    organiser = organisations[trip.organisation.slug][1]
    applications = {
        email: application
        for email, (_spec, candidate) in candidates.items()
        if (application := candidate.applications.filter(trip=trip).first()) is not None
    }
    try:
        with transaction.atomic():  # all or nothing, so that a re-run tries again
            _meetings(trip, organiser, employers, candidates, applications)
    except (ApplicationError, KeyError) as error:
        # e.g. a booking or application changed or deleted by hand since the last seeding.
        seed.skipped.append(f"meetings of {trip}: {error}")
        return
    seed.count("meeting wishes", len(EMPLOYER_WISHES) + len(CANDIDATE_WISHES))
    seed.count("meetings", Meeting.objects.filter(trip=trip).count())


def _meetings(
    trip: Trip,
    organiser: User,
    employers: Employers,
    candidates: Candidates,
    applications: dict[str, Application],
) -> None:
    meeting_settings_update(
        trip=trip,
        actor=organiser,
        tables={employers[key][0].pk: n for key, n in MEETING_TABLES.items()},
    )
    # Each side speaks for itself, as on its pages.
    for key, email, level in EMPLOYER_WISHES:
        employer, member = employers[key]
        wish = Wish(applications[email].pk, employer.pk, level, PreferenceSide.EMPLOYER)
        meeting_preferences_set(trip=trip, actor=member, wishes=[wish])
    for email, key, level in CANDIDATE_WISHES:
        employer = employers[key][0]
        wish = Wish(applications[email].pk, employer.pk, level, PreferenceSide.CANDIDATE)
        meeting_preferences_set(trip=trip, actor=candidates[email][1].user, wishes=[wish])
    meeting_schedule_run(trip=trip, actor=organiser)
