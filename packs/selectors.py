"""Candidate packs: who may see which pack and what is in it.

A pack exists per trip and employer with a confirmed booking (that employer's view: only
what each accepted candidate consented to share), plus the organisers' full pack and a
participants list. An employer's pack shows that employer's meeting schedule, the full pack
the whole grid of slots × tables. The `pack_version` fingerprint of everything in a pack
decides when its cached PDF (see `services`) is rebuilt.
"""

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.text import slugify

from candidates.models import Application, ApplicationStatus, Candidate
from core.models import User
from employers.models import BookingStatus, Employer, SlotBooking
from events.models import Trip
from events.selectors import organisations_of_organiser
from itineraries.meeting_selectors import (
    Slot,
    meeting_bookings,
    meeting_slots,
    meetings_of_trip,
)
from itineraries.models import (
    Audience,
    ItineraryItem,
    Meeting,
    MeetingPreference,
    MeetingSettings,
    PreferenceSide,
)

from .models import PackKind, PackMark, PackView

# Bump when the pack templates change, so cached PDFs are rebuilt.
PACK_TEMPLATE_VERSION = "3"
PACK_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.ATTENDED)


@dataclass(frozen=True)
class PackAccess:
    kind: str  # PackKind.EMPLOYER or PackKind.FULL
    employer: Employer | None = None

    @property
    def is_organiser(self) -> bool:
        return self.kind == PackKind.FULL


def pack_access(trip: Trip, user: User | AnonymousUser | None) -> PackAccess | None:
    """Organisers of the trip's organisation get the full pack; members of an employer with a
    CONFIRMED booking get that employer's pack; everyone else nothing (→ 404)."""
    if user is None or not user.is_authenticated:
        return None
    if organisations_of_organiser(user).filter(pk=trip.organisation_id).exists():
        return PackAccess(kind=PackKind.FULL)
    employer = (
        Employer.objects.filter(
            employermembership__user=user,
            bookings__trip=trip,
            bookings__status=BookingStatus.CONFIRMED,
        )
        .order_by("name")
        .first()
    )
    return PackAccess(kind=PackKind.EMPLOYER, employer=employer) if employer else None


def pack_pending_booking(trip: Trip, user: User | AnonymousUser | None) -> SlotBooking | None:
    """The user's employer's booking of the trip that is not confirmed yet (held in Checkout
    or awaiting payment): the pack opens to them once it is."""
    if user is None or not user.is_authenticated:
        return None
    return (
        SlotBooking.objects.filter(
            trip=trip,
            employer__employermembership__user=user,
            status__in=[BookingStatus.HELD, BookingStatus.PENDING_PAYMENT],
        )
        .select_related("employer")
        .order_by("created_at")
        .first()
    )


def pack_applications(trip: Trip, access: PackAccess) -> QuerySet[Application]:
    """The accepted candidates in a pack. Employers see only those sharing their profile."""
    qs = Application.objects.filter(trip=trip, status__in=PACK_STATUSES)
    if not access.is_organiser:
        qs = qs.filter(share_consent_at__isnull=False)  # per trip (issue 14.1)
    return (
        qs.select_related("candidate")
        .prefetch_related("candidate__sectors")
        .order_by("candidate__name", "id")
    )


def pack_candidates(trip: Trip, access: PackAccess) -> QuerySet[Candidate]:
    """The candidates a pack (or the participants list, with the full access) shows."""
    ids = Application.objects.filter(trip=trip, status__in=PACK_STATUSES)
    if not access.is_organiser:
        ids = ids.filter(share_consent_at__isnull=False)  # per trip (issue 14.1)
    return Candidate.objects.filter(pk__in=ids.values("candidate_id"))


def pack_programme(trip: Trip, access: PackAccess) -> QuerySet[ItineraryItem]:
    items = ItineraryItem.objects.filter(trip=trip).select_related("employer")
    if not access.is_organiser:
        items = items.filter(
            Q(audience__in=[Audience.EVERYONE, Audience.EMPLOYERS])
            | Q(audience=Audience.EMPLOYER, employer=access.employer)
        )
    return items.order_by("starts_at", "id")


# Columns (employer tables) per printed grid: more would not fit an A4 page across.
GRID_COLUMNS = 6


def pack_meetings(trip: Trip, access: PackAccess) -> QuerySet[Meeting]:
    """The scheduled meetings a pack shows: the employer's own, or (organisers) all."""
    meetings = meetings_of_trip(trip).select_related("block")
    if not access.is_organiser:
        meetings = meetings.filter(employer=access.employer)
    return meetings.order_by("starts_at", "employer__name", "table", "id")


@dataclass(frozen=True)
class GridColumn:
    employer: Employer
    table: int
    tables: int  # the employer's number of tables, to say "table 2" only when there are more


@dataclass(frozen=True)
class GridRow:
    slot: Slot
    cells: list[Meeting | None]


@dataclass(frozen=True)
class GridPart:
    """One printable part of the grid: every slot, for a few employer tables."""

    columns: list[GridColumn]
    rows: list[GridRow]


def pack_meeting_grid(trip: Trip, meetings: list[Meeting]) -> list[GridPart]:
    """The whole schedule as slots × employer tables, cut into parts of `GRID_COLUMNS`
    columns. Empty when the trip has no meeting slots or no employers. Three queries."""
    slots = meeting_slots(trip)
    columns = [
        GridColumn(employer=b.employer, table=t, tables=b.meeting_tables)
        for b in meeting_bookings(trip)
        for t in range(1, b.meeting_tables + 1)
    ]
    if not slots or not columns:
        return []
    at = {(m.starts_at, m.employer_id, m.table): m for m in meetings}
    parts = []
    for first in range(0, len(columns), GRID_COLUMNS):
        part = columns[first : first + GRID_COLUMNS]
        rows = [
            GridRow(
                slot=slot, cells=[at.get((slot.starts_at, c.employer.pk, c.table)) for c in part]
            )
            for slot in slots
        ]
        parts.append(GridPart(columns=part, rows=rows))
    return parts


@dataclass
class CandidateSection:
    """What a pack shows of one candidate: only consented fields are filled in."""

    application_id: int
    candidate_id: int
    name: str
    headline: str
    sectors: list[str]
    years_experience: int
    skills: list[str]
    languages: list[str]
    earliest_move_date: object
    city: str
    country: str
    has_cv: bool
    household: dict | None = None
    contact: dict | None = None
    residence_permit: str | None = None
    needs: dict | None = None  # dietary/accessibility: organisers only
    mark: PackMark | None = None
    wish: MeetingPreference | None = None  # the employer's meeting wish (web pack only)
    anchor: str = field(default="")


def candidate_section(application: Application, access: PackAccess) -> CandidateSection:
    c = application.candidate
    full = access.is_organiser
    section = CandidateSection(
        application_id=application.pk,
        candidate_id=c.pk,
        name=c.name,
        headline=c.headline,
        sectors=[s.name for s in c.sectors.all()],
        years_experience=c.years_experience,
        skills=list(c.skills),
        languages=list(c.languages),
        earliest_move_date=c.earliest_move_date,
        city=c.city,
        country=c.country,
        has_cv=bool(c.cv),
        anchor=f"candidate-{application.pk}",
    )
    if full or c.consent_share_household_at:
        section.household = {
            "partner_needs_job": c.partner_needs_job,
            "partner_occupation": c.partner_occupation,
            "children_ages": list(c.children_ages),
        }
    if full or c.consent_share_contact_at:
        section.contact = {"email": c.email, "phone": c.phone}
    if c.residence_permit_consent_at and c.residence_permit_status:
        section.residence_permit = c.get_residence_permit_status_display()
    if full:
        section.needs = {
            "dietary": application.dietary_needs,
            "accessibility": application.accessibility_needs,
            "travelling_from": application.travelling_from,
        }
    return section


def pack_context(trip: Trip, access: PackAccess, *, with_marks: bool = False) -> dict:
    applications = list(pack_applications(trip, access))
    sections = [candidate_section(a, access) for a in applications]
    if with_marks and access.employer is not None:
        marks = {
            m.application_id: m
            for m in PackMark.objects.filter(
                employer=access.employer, application__in=[a.pk for a in applications]
            )
        }
        wishes = {
            w.application_id: w
            for w in MeetingPreference.objects.filter(
                employer=access.employer,
                side=PreferenceSide.EMPLOYER,
                application__in=[a.pk for a in applications],
            )
        }
        for section in sections:
            section.mark = marks.get(section.application_id)
            section.wish = wishes.get(section.application_id)
    employers = list(
        Employer.objects.filter(bookings__trip=trip, bookings__status=BookingStatus.CONFIRMED)
        .order_by("name")
        .distinct()
    )
    hidden = 0
    if not access.is_organiser:
        hidden = Application.objects.filter(trip=trip, status__in=PACK_STATUSES).count() - len(
            applications
        )
    meetings = list(pack_meetings(trip, access))
    return {
        "trip": trip,
        "access": access,
        "employer": access.employer,
        "employers": employers,
        "programme": list(pack_programme(trip, access)),
        "meetings": meetings,
        "meeting_grid": pack_meeting_grid(trip, meetings) if access.is_organiser else [],
        "in_pack": {s.application_id for s in sections},
        "sections": sections,
        "hidden_count": hidden,
        "generated_at": timezone.now(),
    }


def pack_version(trip: Trip, access: PackAccess, kind: str, language: str) -> str:
    """A fingerprint of everything in the pack (in that language), from five aggregate
    queries. Meetings count whatever their status: a cancellation raises `updated_at` and
    `sequence` as a move does; the meeting settings cut the slots of the grid."""
    apps = Application.objects.filter(trip=trip, status__in=PACK_STATUSES).aggregate(
        n=Count("id"),
        ids=Sum("id"),
        changed=Max("updated_at"),
        candidates=Max("candidate__updated_at"),
    )
    items = (
        pack_programme(trip, access)
        .order_by()
        .aggregate(n=Count("id"), changed=Max("updated_at"), seq=Sum("sequence"))
    )
    bookings = SlotBooking.objects.filter(trip=trip, status=BookingStatus.CONFIRMED).aggregate(
        n=Count("id"), ids=Sum("id"), changed=Max("updated_at")
    )
    employer = access.employer
    meetings = Meeting.objects.filter(trip=trip)
    if not access.is_organiser:
        meetings = meetings.filter(employer=employer)
    meeting_summary = meetings.aggregate(
        n=Count("id"), ids=Sum("id"), changed=Max("updated_at"), seq=Sum("sequence")
    )
    meeting_settings = MeetingSettings.objects.filter(trip=trip).values_list(
        "meeting_minutes", "break_minutes"
    )
    raw = "|".join(
        str(part)
        for part in (
            PACK_TEMPLATE_VERSION,
            kind,
            language,
            trip.pk,
            trip.updated_at,
            employer.pk if employer else "",
            employer.name if employer else "",
            employer.logo.name if employer else "",
            sorted(apps.items()),
            sorted(items.items()),
            sorted(bookings.items()),
            sorted(meeting_summary.items()),
            list(meeting_settings),
        )
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def pack_filename(trip: Trip, access: PackAccess, kind: str) -> str:
    if kind == PackKind.PARTICIPANTS:
        return f"{trip.slug}-participants.pdf"
    if access.employer is not None:
        return f"{trip.slug}-{access.employer.slug or slugify(access.employer.name)}-pack.pdf"
    return f"{trip.slug}-pack.pdf"


def pack_views_for_trip(trip: Trip) -> QuerySet[PackView]:
    return PackView.objects.filter(trip=trip).select_related("viewer", "employer")
