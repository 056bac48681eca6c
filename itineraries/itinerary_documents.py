"""A participant's own itinerary (issue 12.2) and all of a trip's in one PDF (issue 12.4).

A candidate's: the items for candidates and everyone, their meetings with employer name,
table and time, and the practical information the organiser entered for them. An employer's:
the items for employers and for that employer, its meetings with the names of the candidates
its pack may show, and its team on site. Both say whom to call on the day. The documents are
pure renderings of what is current, in the active language; caching them and building them
off the request is the caller's business.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, Literal

from django.utils import timezone
from django.utils.text import slugify

from candidates.models import Application
from core.models import User
from core.pdf import render_pdf
from employers.models import Employer
from employers.selectors import employer_members
from events.models import Trip

from .meeting_selectors import (
    meeting_applications,
    meeting_bookings,
    meeting_employer_of,
    meeting_place_of,
    meeting_schedule_of,
)
from .models import ItemKind, ItineraryItem, Meeting
from .selectors import CANDIDATE_FEED_STATUSES, items_for_candidates, items_for_employer

Role = Literal["candidate", "employer"]


@dataclass(frozen=True)
class ItineraryRow:
    """One line of a day: a programme item, or one of the person's meetings."""

    starts_at: datetime
    ends_at: datetime
    title: str  # an item's (a meeting's row says "Meeting, table N")
    place: ItineraryItem | None  # the item itself, or the meeting's block: where it is
    with_whom: str  # the other side of a meeting
    cancelled: bool
    meeting: Meeting | None = None


@dataclass(frozen=True)
class ItineraryDay:
    day: date
    rows: list[ItineraryRow]


@dataclass(frozen=True)
class Itinerary:
    trip: Trip
    name: str  # whose itinerary: the candidate's or the employer's name
    slug: str  # for the file name
    role: Role
    items: list[ItineraryItem]  # cancelled ones included (printed struck through)
    meetings: list[Meeting]  # scheduled ones only
    # A candidate's practical information, as the organiser entered it.
    travel: str = ""
    accommodation: str = ""
    room_sharing: str = ""
    team_on_site: str = ""  # an employer's, as its booking says
    team_members: list[str] = field(default_factory=list)  # when the booking says nothing
    contact_phone: str = ""
    emergency_contact: str = ""
    contact_email: str = ""

    @property
    def for_candidate(self) -> bool:
        return self.role == "candidate"

    @property
    def has_practical(self) -> bool:
        return bool(self.travel or self.accommodation or self.room_sharing)

    @property
    def has_meeting_blocks(self) -> bool:
        """Whether the person's programme has meetings with the other side (to be scheduled)."""
        return any(i.kind == ItemKind.MEETINGS and not i.cancelled for i in self.items)

    @cached_property
    def days(self) -> list[ItineraryDay]:
        """Items and meetings merged in time order, grouped by local day. A meeting comes
        after the block that holds it (same start)."""
        rows = [(item.starts_at, 0, item.pk, self._item_row(item)) for item in self.items]
        rows += [(m.starts_at, 1, m.pk, self._meeting_row(m)) for m in self.meetings]
        rows.sort(key=lambda r: r[:3])
        days: dict[date, list[ItineraryRow]] = {}
        for starts_at, _order, _pk, row in rows:
            days.setdefault(timezone.localtime(starts_at).date(), []).append(row)
        return [ItineraryDay(day, day_rows) for day, day_rows in days.items()]

    @staticmethod
    def _item_row(item: ItineraryItem) -> ItineraryRow:
        return ItineraryRow(
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            title=item.title,
            place=item,
            with_whom="",
            cancelled=item.cancelled,
        )

    def _meeting_row(self, meeting: Meeting) -> ItineraryRow:
        other = meeting.employer.name if self.for_candidate else meeting.application.candidate.name
        return ItineraryRow(
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            title="",
            place=meeting.block,
            with_whom=other,
            cancelled=False,
            meeting=meeting,
        )


def itinerary_for_application(*, trip: Trip, application: Application) -> Itinerary:
    name = application.candidate.name
    return Itinerary(
        trip=trip,
        name=name,
        # A name in another script has no ASCII slug: then the application's number.
        slug=slugify(name) or f"candidate-{application.pk}",
        role="candidate",
        items=list(items_for_candidates(trip=trip)),
        meetings=list(meeting_schedule_of(trip, application=application)),
        travel=application.travel,
        accommodation=application.accommodation,
        room_sharing=application.room_sharing,
        contact_phone=trip.contact_phone,
        emergency_contact=trip.emergency_contact,
        contact_email=trip.organisation.contact_email,
    )


def itinerary_for_employer(*, trip: Trip, employer: Employer) -> Itinerary:
    booking = meeting_bookings(trip).filter(employer=employer).first()
    team_on_site = booking.team_on_site.strip() if booking is not None else ""
    members = (
        []
        if team_on_site
        else [m.user.get_full_name() for m in employer_members(employer) if m.user.is_active]
    )
    # Only the candidates the employer's pack may show: with a place, sharing their profile.
    meetings = meeting_schedule_of(trip, employer=employer).filter(
        application__in=meeting_applications(trip)
    )
    return Itinerary(
        trip=trip,
        name=employer.name,
        slug=employer.slug,
        role="employer",
        items=list(items_for_employer(trip=trip, employer=employer)),
        meetings=list(meetings),
        team_on_site=team_on_site,
        team_members=members,
        contact_phone=trip.contact_phone,
        emergency_contact=trip.emergency_contact,
        contact_email=trip.organisation.contact_email,
    )


def itinerary_of_user(*, trip: Trip, user: User) -> Itinerary | None:
    """The user's itinerary on the trip: as a candidate with a place on it, else as a member
    of an employer with a confirmed booking; None for anybody else."""
    application = meeting_place_of(user, trip)
    if application is not None:
        return itinerary_for_application(trip=trip, application=application)
    employer = meeting_employer_of(user, trip)
    if employer is not None:
        return itinerary_for_employer(trip=trip, employer=employer)
    return None


def itinerary_participants(trip: Trip) -> list[Itinerary]:
    """Everyone's itinerary, by name: candidates with a place (or who came) and employers
    with a confirmed booking."""
    applications = Application.objects.filter(
        trip=trip, status__in=CANDIDATE_FEED_STATUSES
    ).select_related("candidate")
    itineraries = [itinerary_for_application(trip=trip, application=a) for a in applications]
    itineraries += [
        itinerary_for_employer(trip=trip, employer=b.employer) for b in meeting_bookings(trip)
    ]
    return sorted(itineraries, key=lambda i: (i.name.casefold(), i.role, i.slug))


def itinerary_filename(itinerary: Itinerary) -> str:
    return f"{itinerary.trip.slug}-{itinerary.slug}-itinerary.pdf"


def itineraries_combined_filename(trip: Trip) -> str:
    return f"{trip.slug}-itineraries.pdf"


ITINERARY_TEMPLATE = "pdf/itinerary.html"


def itinerary_context(
    trip: Trip, itineraries: list[Itinerary], *, combined: bool
) -> dict[str, Any]:
    """What the itinerary template prints (`generated_at` is added when it is built)."""
    return {"trip": trip, "itineraries": itineraries, "combined": combined}


def _render(trip: Trip, itineraries: list[Itinerary], *, combined: bool) -> bytes:
    context = itinerary_context(trip, itineraries, combined=combined)
    return render_pdf(ITINERARY_TEMPLATE, {**context, "generated_at": timezone.now()}, tagged=True)


def itinerary_pdf(itinerary: Itinerary) -> bytes:
    """The person's itinerary as a tagged A4 PDF, one page per day where it fits."""
    return _render(itinerary.trip, [itinerary], combined=False)


def itineraries_combined_pdf(trip: Trip, itineraries: list[Itinerary]) -> bytes:
    """Every given itinerary in one PDF for the organisers to print: each person starts on a
    new page and has a bookmark."""
    return _render(trip, itineraries, combined=True)
