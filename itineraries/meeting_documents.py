"""The one-page printable meeting schedule of an employer or a candidate (PDF).

Built on demand from the current meetings in the reader's (active) language, like invoices:
nothing is stored. It shares the packs' print stylesheet, whose fonts draw names in any
script.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from candidates.models import Application
from core.pdf import render_pdf
from employers.models import Employer
from events.models import Trip

from .meeting_selectors import meeting_schedule_of
from .models import Meeting


@dataclass(frozen=True)
class MeetingSchedule:
    trip: Trip
    name: str  # whose schedule: the employer's or the candidate's name
    slug: str  # for the file name
    for_candidate: bool  # the candidate's (the other party is an employer) or an employer's
    meetings: list[Meeting]


def meeting_schedule_for_employer(*, trip: Trip, employer: Employer) -> MeetingSchedule:
    return MeetingSchedule(
        trip=trip,
        name=employer.name,
        slug=employer.slug,
        for_candidate=False,
        meetings=list(meeting_schedule_of(trip, employer=employer)),
    )


def meeting_schedule_for_application(*, trip: Trip, application: Application) -> MeetingSchedule:
    name = application.candidate.name
    return MeetingSchedule(
        trip=trip,
        name=name,
        # A name in another script has no ASCII slug: then the application's number.
        slug=slugify(name) or f"candidate-{application.pk}",
        for_candidate=True,
        meetings=list(meeting_schedule_of(trip, application=application)),
    )


def meeting_schedule_filename(schedule: MeetingSchedule) -> str:
    return f"{schedule.trip.slug}-{schedule.slug}-meetings.pdf"


def meeting_schedule_pdf(schedule: MeetingSchedule) -> bytes:
    """The schedule as a one-page A4 PDF (more pages only for very many meetings)."""
    return render_pdf(
        "pdf/meetings.html",
        {"schedule": schedule, "trip": schedule.trip, "generated_at": timezone.now()},
    )
