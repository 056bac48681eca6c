"""Reads for meetings: the slots of a trip's meeting blocks, who takes part, wishes, and who
sees which meetings. Query counts do not grow with the number of meetings."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, ApplicationStatus
from core.models import User
from employers.models import BookingStatus, Employer, HiringNeed, HiringNeedStatus, SlotBooking
from events.models import Trip
from events.selectors import organisations_of_organiser

from .models import (
    ItemKind,
    ItineraryItem,
    Meeting,
    MeetingLevel,
    MeetingPreference,
    MeetingSettings,
    MeetingStatus,
)

# Candidates who meet employers: those with a place (or who came), sharing their profile
# with the trip's employers — an employer never meets someone their pack may not show.
MEETING_APPLICATION_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.ATTENDED)


@dataclass(frozen=True)
class Slot:
    index: int
    starts_at: datetime
    ends_at: datetime
    block_id: int


def meeting_settings_of(trip: Trip) -> MeetingSettings:
    """The trip's meeting settings; the defaults (unsaved) when none were stored yet."""
    found = MeetingSettings.objects.filter(trip=trip).first()
    return found if found is not None else MeetingSettings(trip=trip)


def meeting_blocks(trip: Trip) -> QuerySet[ItineraryItem]:
    return ItineraryItem.objects.filter(
        trip=trip, kind=ItemKind.MEETINGS, cancelled=False
    ).order_by("starts_at", "id")


def meeting_slots(trip: Trip, settings: MeetingSettings | None = None) -> list[Slot]:
    """Every block cut into meetings of `meeting_minutes` with `break_minutes` between them;
    a meeting that would run past the block's end is not a slot. Overlapping blocks give
    each time once."""
    settings = settings or meeting_settings_of(trip)
    length = timedelta(minutes=settings.meeting_minutes)
    step = length + timedelta(minutes=settings.break_minutes)
    slots: list[Slot] = []
    seen: set[datetime] = set()
    last_end: datetime | None = None
    for block in meeting_blocks(trip):
        start = block.starts_at
        if last_end is not None and start < last_end:
            # An overlapping block continues the slots already cut, never doubles them.
            start = last_end + timedelta(minutes=settings.break_minutes)
        while start + length <= block.ends_at:
            if start not in seen:
                seen.add(start)
                slots.append(Slot(len(slots), start, start + length, block.pk))
                last_end = start + length
            start += step
    return slots


def slot_at(slots: list[Slot], starts_at: datetime) -> Slot | None:
    return next((s for s in slots if s.starts_at == starts_at), None)


def meeting_applications(trip: Trip) -> QuerySet[Application]:
    """The candidates who can have meetings on the trip."""
    return (
        Application.objects.filter(
            trip=trip,
            status__in=MEETING_APPLICATION_STATUSES,
            share_consent_at__isnull=False,
        )
        .select_related("candidate")
        .order_by("candidate__name", "id")
    )


def meeting_applications_not_sharing(trip: Trip) -> int:
    """How many candidates with a place cannot have meetings: they do not share their profile."""
    return Application.objects.filter(
        trip=trip,
        status__in=MEETING_APPLICATION_STATUSES,
        share_consent_at__isnull=True,
    ).count()


def meeting_bookings(trip: Trip) -> QuerySet[SlotBooking]:
    """The employers who meet candidates: confirmed bookings, with their number of tables."""
    return (
        SlotBooking.objects.filter(trip=trip, status=BookingStatus.CONFIRMED)
        .select_related("employer")
        .order_by("employer__name", "id")
    )


def meetings_of_trip(trip: Trip) -> QuerySet[Meeting]:
    return Meeting.objects.filter(trip=trip, status=MeetingStatus.SCHEDULED).select_related(
        "employer", "application__candidate"
    )


def is_trip_organiser(user: User | AnonymousUser | None, trip: Trip) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return organisations_of_organiser(user).filter(pk=trip.organisation_id).exists()


def meeting_employer_of(user: User | AnonymousUser | None, trip: Trip) -> Employer | None:
    """The user's employer with a confirmed booking on the trip (None for anybody else)."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Employer.objects.filter(
            employermembership__user=user,
            bookings__trip=trip,
            bookings__status=BookingStatus.CONFIRMED,
        )
        .order_by("name", "id")
        .first()
    )


def meeting_application_of(user: User | AnonymousUser | None, trip: Trip) -> Application | None:
    """The user's own application on the trip, if it can have meetings."""
    if user is None or not user.is_authenticated:
        return None
    return meeting_applications(trip).filter(candidate__user=user).first()


def meeting_place_of(user: User | AnonymousUser | None, trip: Trip) -> Application | None:
    """The user's application with a place on the trip (accepted, or attended), whether or not
    they share their profile — the page says why one who does not cannot have meetings."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Application.objects.filter(
            trip=trip, status__in=MEETING_APPLICATION_STATUSES, candidate__user=user
        )
        .select_related("candidate")
        .first()
    )


def meeting_employers(trip: Trip) -> QuerySet[Employer]:
    """The employers a candidate can wish to meet (a confirmed booking on the trip), by name,
    each with its open hiring needs in `open_needs`: two queries."""
    needs = HiringNeed.objects.filter(status=HiringNeedStatus.OPEN).order_by("role_title", "id")
    return (
        Employer.objects.filter(bookings__trip=trip, bookings__status=BookingStatus.CONFIRMED)
        .distinct()
        .order_by("name", "id")
        .prefetch_related(Prefetch("hiring_needs", needs, to_attr="open_needs"))
    )


def meetings_visible_to(user: User | AnonymousUser | None, trip: Trip) -> QuerySet[Meeting]:
    """Organisers: every meeting of the trip; an employer's members: the employer's; a
    candidate: their own; anybody else: none."""
    meetings = meetings_of_trip(trip)
    if is_trip_organiser(user, trip):
        return meetings
    employer = meeting_employer_of(user, trip)
    if employer is not None:
        return meetings.filter(employer=employer)
    application = meeting_application_of(user, trip)
    if application is not None:
        return meetings.filter(application=application)
    return meetings.none()


def meeting_preferences_of_trip(trip: Trip) -> QuerySet[MeetingPreference]:
    return MeetingPreference.objects.filter(application__trip=trip).select_related(
        "employer", "application__candidate"
    )


def preferences_by_pair(
    trip: Trip, *, application_ids: list[int] | None = None
) -> dict[tuple[int, int], dict[str, MeetingPreference]]:
    """(application id, employer id) → {side: wish} for the trip's wishes (of these
    applications only, when given): one query."""
    prefs = MeetingPreference.objects.filter(application__trip=trip)
    if application_ids is not None:
        prefs = prefs.filter(application_id__in=application_ids)
    found: dict[tuple[int, int], dict[str, MeetingPreference]] = {}
    for pref in prefs:
        found.setdefault((pref.application_id, pref.employer_id), {})[pref.side] = pref
    return found


def pair_tier(employer_level: str | None, candidate_level: str | None) -> int:
    """3: both must meet; 2: one side must; 1: someone would like to; 0: no meeting wanted
    (nobody asked, or either side is not interested — "not interested" always wins)."""
    levels = (employer_level, candidate_level)
    if MeetingLevel.NO in levels:
        return 0
    musts = levels.count(MeetingLevel.MUST)
    if musts == 2:
        return 3
    if musts == 1:
        return 2
    return 1 if MeetingLevel.WANT in levels else 0


TIER_LABELS = {
    3: _("mutual must"),
    2: _("one-sided must"),
    1: _("want"),
    0: _("none"),
}


def pair_tier_label(employer_level: str | None, candidate_level: str | None) -> str:
    """The pair's priority as organisers read it; "not interested" says so (it wins)."""
    if MeetingLevel.NO in (employer_level, candidate_level):
        return str(_("not interested"))
    return str(TIER_LABELS[pair_tier(employer_level, candidate_level)])


def wishes_by_pair(trip: Trip) -> dict[tuple[int, int], dict[str, str]]:
    """(application id, employer id) → {side: level} for every wish on the trip."""
    wishes: dict[tuple[int, int], dict[str, str]] = {}
    rows = MeetingPreference.objects.filter(application__trip=trip).values_list(
        "application_id", "employer_id", "side", "level"
    )
    for application_id, employer_id, side, level in rows:
        wishes.setdefault((application_id, employer_id), {})[side] = level
    return wishes


def meeting_schedule_of(
    trip: Trip, *, employer: Employer | None = None, application: Application | None = None
) -> QuerySet[Meeting]:
    """One person's scheduled meetings on the trip, in time order: an employer's (all its
    tables) or a candidate's. Exactly one of the two is given."""
    if (employer is None) == (application is None):
        raise ValueError("Give an employer or an application.")
    meetings = meetings_of_trip(trip).select_related("block")
    if employer is not None:
        meetings = meetings.filter(employer=employer)
    else:
        meetings = meetings.filter(application=application)
    return meetings.order_by("starts_at", "table", "id")


# The grid: slots × (employer, table) ----------------------------------------------------


@dataclass(frozen=True)
class GridColumn:
    employer_id: int
    employer_name: str
    table: int
    tables: int  # how many tables the employer has


@dataclass(frozen=True)
class GridTarget:
    """A free place to move a meeting to: a slot and a table of its employer."""

    slot: Slot
    table: int

    @property
    def value(self) -> str:
        return f"{self.slot.starts_at.isoformat()}|{self.table}"


@dataclass
class GridCell:
    slot: Slot
    column: GridColumn
    meeting: Meeting | None = None
    # A meeting's free places to move to; a free cell's candidates who could meet there.
    moves: list[GridTarget] = field(default_factory=list)
    bookable: list[Application] = field(default_factory=list)
    # A meeting off the slots (the length changed) overlaps this free cell.
    blocked: bool = False


@dataclass
class GridRow:
    slot: Slot
    cells: list[GridCell]


@dataclass
class MeetingGrid:
    slots: list[Slot]
    columns: list[GridColumn]
    rows: list[GridRow]
    meetings: int
    # Meetings no longer on a slot (after the length or a block changed), with their moves.
    off_slot: list[GridCell]

    @property
    def many_tables(self) -> bool:
        return any(c.tables > 1 for c in self.columns)


def meeting_grid(
    trip: Trip, *, employer: Employer | None = None, settings: MeetingSettings | None = None
) -> MeetingGrid:
    """The trip's meeting grid (or one employer's columns of it): in every cell the meeting
    there with the free places it could move to, or, when free, the candidates who could meet
    the employer then — free at that time, not meeting the employer already, and neither side
    "not interested". Six queries, whatever the size."""
    slots = meeting_slots(trip, settings)
    booked = meeting_bookings(trip)
    if employer is not None:
        booked = booked.filter(employer=employer)
    bookings = list(booked)
    tables_of = {b.employer_id: b.meeting_tables for b in bookings}
    columns = [
        GridColumn(b.employer_id, b.employer.name, table, b.meeting_tables)
        for b in bookings
        for table in range(1, b.meeting_tables + 1)
    ]
    applications = list(meeting_applications(trip))
    meetings = list(meetings_of_trip(trip).order_by("starts_at", "pk"))
    refused = set(
        MeetingPreference.objects.filter(application__trip=trip, level=MeetingLevel.NO).values_list(
            "application_id", "employer_id"
        )
    )
    pairs = {(m.application_id, m.employer_id) for m in meetings}
    # Per slot: who is busy then (by meeting, so a meeting's own place does not count).
    candidate_busy: list[dict[int, set[int]]] = [{} for _ in slots]
    table_busy: list[dict[tuple[int, int], set[int]]] = [{} for _ in slots]
    placed: dict[tuple[int, int, int], Meeting] = {}
    starts = {s.starts_at: s for s in slots}
    for m in meetings:
        for slot in slots:
            if m.starts_at < slot.ends_at and m.ends_at > slot.starts_at:
                candidate_busy[slot.index].setdefault(m.application_id, set()).add(m.pk)
                table_busy[slot.index].setdefault((m.employer_id, m.table), set()).add(m.pk)
        slot_of = starts.get(m.starts_at)
        if slot_of is not None and slot_of.ends_at == m.ends_at:
            placed[(slot_of.index, m.employer_id, m.table)] = m

    def moves(m: Meeting, column: GridColumn) -> list[GridTarget]:
        targets = []
        for slot in slots:
            if candidate_busy[slot.index].get(m.application_id, set()) - {m.pk}:
                continue
            for table in range(1, column.tables + 1):
                here = slot.starts_at == m.starts_at and table == m.table
                if not here and not table_busy[slot.index].get((m.employer_id, table), set()) - {
                    m.pk
                }:
                    targets.append(GridTarget(slot, table))
        return targets

    rows = []
    for slot in slots:
        cells = []
        for column in columns:
            cell = GridCell(slot, column)
            meeting = placed.get((slot.index, column.employer_id, column.table))
            if meeting is not None:
                cell.meeting = meeting
                cell.moves = moves(meeting, column)
            elif table_busy[slot.index].get((column.employer_id, column.table)):
                cell.blocked = True
            else:
                cell.bookable = [
                    a
                    for a in applications
                    if a.pk not in candidate_busy[slot.index]
                    and (a.pk, column.employer_id) not in pairs
                    and (a.pk, column.employer_id) not in refused
                ]
            cells.append(cell)
        rows.append(GridRow(slot, cells))
    by_column = {(c.employer_id, c.table): c for c in columns}
    shown = {cell.meeting.pk for row in rows for cell in row.cells if cell.meeting is not None}
    off_slot = []
    for m in meetings:
        if m.pk in shown or (employer is not None and m.employer_id != employer.pk):
            continue
        column = by_column.get((m.employer_id, m.table)) or GridColumn(
            # at a table the employer no longer has (or without a booking now)
            m.employer_id,
            m.employer.name,
            m.table,
            tables_of.get(m.employer_id, 0),
        )
        fallback = Slot(-1, m.starts_at, m.ends_at, m.block_id or 0)
        off_slot.append(GridCell(fallback, column, meeting=m, moves=moves(m, column)))
    count = sum(1 for m in meetings if employer is None or m.employer_id == employer.pk)
    return MeetingGrid(slots, columns, rows, count, off_slot)
