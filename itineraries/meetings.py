"""Meeting writes: settings and tables, wishes, the automatic schedule, booking, moving,
cancelling, locking and attendance.

Every write that takes a candidate's or a table's time locks the rows it depends on first
(the candidate's application, then the employer's booking), so two employers booking the
same candidate's last free slot at once are served one after the other: one wins, the other
gets a 409 naming what is busy. The partial unique constraints on `Meeting` are the last line
of defence. A removed meeting is kept as cancelled (calendars drop it by its UID).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Application
from core.exceptions import AlreadyExists, CapacityExceeded, NotPermitted, ValidationFailed
from core.models import User
from core.tasks import enqueue_on_commit
from employers.models import BookingStatus, Employer, SlotBooking
from events.models import Trip

from . import scheduling
from .meeting_selectors import (
    MEETING_APPLICATION_STATUSES,
    Slot,
    meeting_applications,
    meeting_bookings,
    meeting_settings_of,
    meeting_slots,
    pair_tier,
    slot_at,
    wishes_by_pair,
)
from .models import (
    Attendance,
    ItineraryItem,
    Meeting,
    MeetingLevel,
    MeetingPreference,
    MeetingSettings,
    MeetingSource,
    MeetingStatus,
    PreferenceSide,
)

MAX_TABLES = 20


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _local_day(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _meetings_changed(trip: Trip, meetings: list[Meeting], change: str) -> None:
    """After commit: the packs that show the schedule are rebuilt (the packs app is above
    this one, so its task is named by path) and, once the schedule is published, the people
    whose meetings changed are told."""
    if not meetings:
        return
    enqueue_on_commit("packs.tasks.refresh_pack_documents", trip_ids=[trip.pk])
    enqueue_on_commit("itineraries.tasks.refresh_itinerary_documents", trip_ids=[trip.pk])
    settings = meeting_settings_of(trip)
    if settings.published_at is not None:
        enqueue_on_commit(
            "itineraries.tasks.notify_meeting_changes",
            trip_id=trip.pk,
            meeting_ids=[m.pk for m in meetings],
            change=change,
        )


def _touch(meeting: Meeting) -> None:
    meeting.sequence += 1
    meeting.updated_at = max(timezone.now(), meeting.updated_at + timedelta(microseconds=1))


def _cancel_each(meetings: list[Meeting]) -> None:
    """Mark the meetings (rows the caller has locked) cancelled: they stay, so calendars drop
    them by their UID."""
    for meeting in meetings:
        meeting.status = MeetingStatus.CANCELLED
        _touch(meeting)
        meeting.save(update_fields=["status", "sequence", "updated_at"])


# Settings and tables ------------------------------------------------------------------


@transaction.atomic
def meeting_settings_update(
    *,
    trip: Trip,
    actor: User | None,
    meeting_minutes: int | None = None,
    break_minutes: int | None = None,
    self_booking: bool | None = None,
    tables: dict[int, int] | None = None,
) -> MeetingSettings:
    """Change how blocks are cut into slots, open or close self-booking, and set the number
    of tables of employers (by employer id) with a confirmed booking on the trip.

    Meetings already scheduled keep their times: the next automatic run moves those that no
    longer fall on a slot."""
    settings, _created = MeetingSettings.objects.select_for_update().get_or_create(trip=trip)
    errors: dict[str, list[str]] = {}
    if meeting_minutes is not None:
        if not 5 <= meeting_minutes <= 240:
            errors["meeting_minutes"] = [_("A meeting lasts between 5 and 240 minutes.")]
        settings.meeting_minutes = meeting_minutes
    if break_minutes is not None:
        if not 0 <= break_minutes <= 120:
            errors["break_minutes"] = [_("A break lasts between 0 and 120 minutes.")]
        settings.break_minutes = break_minutes
    if self_booking is not None:
        settings.self_booking = self_booking
    bookings: dict[int, SlotBooking] = {}
    if tables:
        bookings = {
            b.employer_id: b
            for b in meeting_bookings(trip)
            .select_for_update(of=("self",))
            .filter(employer_id__in=list(tables))
        }
        for employer_id, count in tables.items():
            if employer_id not in bookings:
                errors.setdefault("tables", []).append(
                    _("Employer %(id)s has no confirmed booking on this trip.")
                    % {"id": employer_id}
                )
            elif not 1 <= count <= MAX_TABLES:
                errors.setdefault("tables", []).append(
                    _("An employer has between 1 and %(max)s tables.") % {"max": MAX_TABLES}
                )
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], extra={"fields": errors})
    settings.save()
    for employer_id, booking in bookings.items():
        count = tables[employer_id] if tables else booking.meeting_tables
        if count < booking.meeting_tables:
            busy = Meeting.objects.filter(
                trip=trip,
                employer_id=employer_id,
                status=MeetingStatus.SCHEDULED,
                table__gt=count,
            ).count()
            if busy:
                raise ValidationFailed(
                    _(
                        "%(employer)s has %(count)s meetings at the tables you would remove. "
                        "Move or cancel them first."
                    )
                    % {"employer": booking.employer.name, "count": busy},
                    extra={"fields": {"tables": [_("Meetings at removed tables.")]}},
                )
        if count != booking.meeting_tables:
            booking.meeting_tables = count
            booking.save(update_fields=["meeting_tables", "updated_at"])
    return settings


# Wishes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wish:
    application_id: int
    employer_id: int
    level: str | None  # None clears the wish
    side: str = PreferenceSide.EMPLOYER


@transaction.atomic
def meeting_preferences_set(
    *, trip: Trip, actor: User | None, wishes: list[Wish], by_organiser: bool = False
) -> int:
    """Record wishes (all or nothing). The caller has checked that the actor may speak for
    each wish's side: the employer's member for `employer`, the candidate for `candidate`, or
    an organiser of the trip (`by_organiser`). Returns how many changed."""
    applications = set(meeting_applications(trip).values_list("pk", flat=True))
    employers = set(meeting_bookings(trip).values_list("employer_id", flat=True))
    errors: list[str] = []
    seen: set[tuple[int, int, str]] = set()
    for wish in wishes:
        if wish.side not in PreferenceSide.values:
            errors.append(_("A wish is the employer's or the candidate's."))
        pair = (wish.application_id, wish.employer_id, wish.side)
        if pair in seen:
            errors.append(_("The same pair is listed twice."))
        seen.add(pair)
        if wish.application_id not in applications:
            errors.append(
                _("Application %(id)s is not a candidate who meets employers on this trip.")
                % {"id": wish.application_id}
            )
        if wish.employer_id not in employers:
            errors.append(_("That employer has no confirmed booking on this trip."))
        if wish.level is not None and wish.level not in MeetingLevel.values:
            errors.append(_("A wish is “must”, “want” or “no”."))
    if errors:
        raise ValidationFailed(errors[0], extra={"fields": {"preferences": errors}})
    existing = {
        (p.application_id, p.employer_id, p.side): p
        for p in MeetingPreference.objects.select_for_update().filter(application__trip=trip)
    }
    changed = 0
    now = timezone.now()
    for wish in wishes:
        pair = (wish.application_id, wish.employer_id, wish.side)
        current = existing.get(pair)
        if wish.level is None:
            if current is not None:
                current.delete()
                changed += 1
            continue
        if current is not None and current.level == wish.level:
            continue
        MeetingPreference.objects.update_or_create(
            application_id=wish.application_id,
            employer_id=wish.employer_id,
            side=wish.side,
            defaults={
                "level": wish.level,
                "by_organiser": by_organiser,
                "set_by": actor,
                "updated_at": now,
            },
        )
        changed += 1
    return changed


# The automatic schedule -------------------------------------------------------------------


@dataclass
class UnmetMeeting:
    application_id: int
    candidate_name: str
    employer_id: int
    employer_slug: str
    employer_name: str
    tier: int
    reason: str
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "application": self.application_id,
            "candidate_name": self.candidate_name,
            "employer": self.employer_slug,
            "employer_name": self.employer_name,
            "tier": self.tier,
            "reason": self.reason,
            "explanation": self.explanation,
        }


@dataclass
class ScheduleReport:
    meetings: int
    slots: int
    slots_used: int
    lower_bound: int
    objective: int
    bound: int
    moved: int
    created: int
    cancelled: int
    unmet_must: list[UnmetMeeting] = field(default_factory=list)
    unmet_want: int = 0
    # The objective is proven best: equal to the bound, or (with locked meetings, where the
    # bound may be out of reach) the scheduler's exhaustive search finished.
    optimal: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "meetings": self.meetings,
            "slots": self.slots,
            "slots_used": self.slots_used,
            "lower_bound": self.lower_bound,
            "objective": self.objective,
            "bound": self.bound,
            "moved": self.moved,
            "created": self.created,
            "cancelled": self.cancelled,
            "unmet_must": [u.as_dict() for u in self.unmet_must],
            "unmet_want": self.unmet_want,
            "optimal": self.optimal,
        }


def _explain(reason: str, candidate: str, employer: str) -> str:
    texts = {
        "candidate_full": _(
            "%(candidate)s has no free slot left: every slot holds a meeting that matters as "
            "much or more."
        ),
        "employer_full": _(
            "%(employer)s's tables are full in every slot with meetings that matter as much "
            "or more. Add a table or a meeting block."
        ),
        "no_common_slot": _(
            "%(candidate)s and %(employer)s both have time, but never in the same slot "
            "(locked meetings hold the rest)."
        ),
    }
    text = texts.get(reason, _("There is no slot for %(candidate)s and %(employer)s."))
    return text % {"candidate": candidate, "employer": employer}


def _placement(meeting: Meeting, slots: list[Slot]) -> scheduling.Placement | None:
    slot = slot_at(slots, meeting.starts_at)
    if slot is None or meeting.ends_at != slot.ends_at:
        return None
    return scheduling.Placement(
        candidate=meeting.application_id,
        employer=meeting.employer_id,
        table=meeting.table,
        slot=slot.index,
    )


def _place(meeting: Meeting, slot: Slot, table: int) -> None:
    meeting.starts_at = slot.starts_at
    meeting.ends_at = slot.ends_at
    meeting.block_id = slot.block_id
    meeting.table = table


@transaction.atomic
def meeting_schedule_run(*, trip: Trip, actor: User | None) -> ScheduleReport:
    """Compute the best schedule for everyone's wishes (see `scheduling.schedule`) and store
    it: locked meetings stay, unlocked ones move as little as possible, meetings nobody wants
    any more (or whose people left) are cancelled, new ones are created."""
    settings, _created = MeetingSettings.objects.select_for_update().get_or_create(trip=trip)
    slots = meeting_slots(trip, settings)
    if not slots:
        raise ValidationFailed(
            _(
                "The programme has no meeting block long enough for one meeting. Add an "
                "item of the kind “Meetings block”."
            )
        )
    # Lock everyone's time: self-bookings wait until the schedule is stored.
    applications = {a.pk: a for a in meeting_applications(trip).select_for_update(of=("self",))}
    bookings = {b.employer_id: b for b in meeting_bookings(trip).select_for_update(of=("self",))}
    current = list(
        Meeting.objects.select_for_update()
        .filter(trip=trip, status=MeetingStatus.SCHEDULED)
        .order_by("pk")
    )
    gone = [
        m for m in current if m.application_id not in applications or m.employer_id not in bookings
    ]
    locked: list[scheduling.Placement] = []
    existing: list[scheduling.Placement] = []
    for meeting in current:
        if meeting in gone:
            continue
        placement = _placement(meeting, slots)
        if meeting.locked:
            if placement is None or meeting.table > bookings[meeting.employer_id].meeting_tables:
                raise ValidationFailed(
                    _(
                        "The locked meeting of %(candidate)s with %(employer)s at %(time)s is "
                        "not on a meeting slot or table any more. Move or unlock it first."
                    )
                    % {
                        "candidate": applications[meeting.application_id].candidate.name,
                        "employer": bookings[meeting.employer_id].employer.name,
                        "time": _local_day(meeting.starts_at),
                    }
                )
            locked.append(placement)
        elif placement is not None:
            existing.append(placement)
    requests = [
        scheduling.Request(candidate=a, employer=e, tier=tier)
        for (a, e), wishes in sorted(wishes_by_pair(trip).items())
        if a in applications
        and e in bookings
        and (
            tier := pair_tier(
                wishes.get(PreferenceSide.EMPLOYER), wishes.get(PreferenceSide.CANDIDATE)
            )
        )
    ]
    result = scheduling.schedule(
        candidates=list(applications),
        tables={e: b.meeting_tables for e, b in bookings.items()},
        requests=requests,
        slots=len(slots),
        locked=locked,
        existing=existing,
    )
    by_pair = {(p.candidate, p.employer): p for p in result.placements}
    now = timezone.now()
    cancelled: list[Meeting] = []
    moved: list[Meeting] = []
    kept: set[tuple[int, int]] = set()
    for meeting in current:
        pair = (meeting.application_id, meeting.employer_id)
        target = by_pair.get(pair)
        if meeting in gone or target is None:
            cancelled.append(meeting)
            continue
        kept.add(pair)
        if meeting.locked:
            continue
        slot = slots[target.slot]
        if (meeting.starts_at, meeting.ends_at, meeting.table) != (
            slot.starts_at,
            slot.ends_at,
            target.table,
        ):
            moved.append(meeting)
    _cancel_each(cancelled)
    # Moves in two steps, so that a swap never meets the unique constraints half-way.
    Meeting.objects.filter(pk__in=[m.pk for m in moved]).update(status=MeetingStatus.CANCELLED)
    for meeting in moved:
        target = by_pair[(meeting.application_id, meeting.employer_id)]
        _place(meeting, slots[target.slot], target.table)
        _touch(meeting)
        meeting.save(
            update_fields=["starts_at", "ends_at", "block", "table", "sequence", "updated_at"]
        )
    Meeting.objects.filter(pk__in=[m.pk for m in moved]).update(status=MeetingStatus.SCHEDULED)
    created: list[Meeting] = []
    for pair, target in sorted(by_pair.items()):
        if pair in kept:
            continue
        meeting = Meeting(
            trip=trip,
            application_id=pair[0],
            employer_id=pair[1],
            source=MeetingSource.AUTO,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        _place(meeting, slots[target.slot], target.table)
        created.append(meeting)
    Meeting.objects.bulk_create(created)
    unmet = [
        UnmetMeeting(
            application_id=u.candidate,
            candidate_name=applications[u.candidate].candidate.name,
            employer_id=u.employer,
            employer_slug=bookings[u.employer].employer.slug,
            employer_name=bookings[u.employer].employer.name,
            tier=u.tier,
            reason=u.reason,
            explanation=_explain(
                u.reason,
                applications[u.candidate].candidate.name,
                bookings[u.employer].employer.name,
            ),
        )
        for u in result.unmet
        if u.candidate in applications and u.employer in bookings
    ]
    report = ScheduleReport(
        meetings=result.meetings,
        slots=len(slots),
        slots_used=result.slots_used,
        lower_bound=result.lower_bound,
        objective=result.objective,
        bound=result.bound,
        moved=len(moved),
        created=len(created),
        cancelled=len(cancelled),
        unmet_must=[u for u in unmet if u.tier >= 2],
        unmet_want=sum(1 for u in unmet if u.tier < 2),
        optimal=result.optimal,
    )
    settings.last_run = {**report.as_dict(), "ran_at": now.isoformat()}
    settings.save(update_fields=["last_run", "updated_at"])
    _meetings_changed(trip, cancelled + moved + created, "scheduled")
    return report


@transaction.atomic
def meeting_schedule_publish(*, trip: Trip, actor: User | None) -> MeetingSettings:
    """From now on, every change to a meeting emails the people it concerns."""
    settings, _created = MeetingSettings.objects.select_for_update().get_or_create(trip=trip)
    if settings.published_at is None:
        settings.published_at = timezone.now()
        settings.save(update_fields=["published_at", "updated_at"])
        enqueue_on_commit("itineraries.tasks.notify_schedule_published", trip_id=trip.pk)
    return settings


# Booking, moving, cancelling -------------------------------------------------------------


def _lock_participants(
    trip: Trip, application_id: int, employer: Employer
) -> tuple[Application, SlotBooking]:
    """Lock the candidate's application, then the employer's booking (always this order)."""
    application = (
        Application.objects.select_for_update()
        .select_related("candidate")
        .filter(pk=application_id, trip=trip)
        .first()
    )
    if (
        application is None
        or application.status not in MEETING_APPLICATION_STATUSES
        or application.share_consent_at is None
    ):
        raise ValidationFailed(
            _("That candidate does not meet employers on this trip."),
            extra={"fields": {"application": [_("Not a candidate of this trip's meetings.")]}},
        )
    booking = (
        SlotBooking.objects.select_for_update()
        .filter(trip=trip, employer=employer, status=BookingStatus.CONFIRMED)
        .first()
    )
    if booking is None:
        raise NotPermitted(
            _("%(employer)s has no confirmed booking on this trip.") % {"employer": employer.name}
        )
    return application, booking


def _check_time(
    *,
    trip: Trip,
    application: Application,
    booking: SlotBooking,
    starts_at: datetime,
    table: int | None,
    ignore: Meeting | None = None,
) -> tuple[Slot, int]:
    """The slot at `starts_at` and a free table there, or a 409 saying what is busy."""
    slots = meeting_slots(trip)
    slot = slot_at(slots, starts_at)
    if slot is None:
        upcoming = ", ".join(_local(s.starts_at) for s in slots[:8])
        raise CapacityExceeded(
            _("%(time)s is not a meeting slot. Slots start at: %(slots)s.")
            % {"time": _local_day(starts_at), "slots": upcoming or _("none yet")},
            extra={"reason": "not_a_slot"},
        )
    busy = Meeting.objects.filter(
        trip=trip,
        status=MeetingStatus.SCHEDULED,
        starts_at__lt=slot.ends_at,
        ends_at__gt=slot.starts_at,
    )
    if ignore is not None:
        busy = busy.exclude(pk=ignore.pk)
    if busy.filter(application=application).exists():
        raise CapacityExceeded(
            _("%(candidate)s already has a meeting at %(time)s.")
            % {"candidate": application.candidate.name, "time": _local(slot.starts_at)},
            extra={"reason": "candidate_busy"},
        )
    taken = set(busy.filter(employer_id=booking.employer_id).values_list("table", flat=True))
    if table is not None:
        if not 1 <= table <= booking.meeting_tables:
            raise ValidationFailed(
                _("%(employer)s has tables 1 to %(count)s.")
                % {"employer": booking.employer.name, "count": booking.meeting_tables},
                extra={"fields": {"table": [_("No such table.")]}},
            )
        if table in taken:
            raise CapacityExceeded(
                _("Table %(table)s of %(employer)s is busy at %(time)s.")
                % {
                    "table": table,
                    "employer": booking.employer.name,
                    "time": _local(slot.starts_at),
                },
                extra={"reason": "table_busy"},
            )
        return slot, table
    free = [t for t in range(1, booking.meeting_tables + 1) if t not in taken]
    if not free:
        raise CapacityExceeded(
            _("All tables of %(employer)s are busy at %(time)s.")
            % {"employer": booking.employer.name, "time": _local(slot.starts_at)},
            extra={"reason": "tables_busy"},
        )
    return slot, free[0]


def _refuses(application: Application, employer: Employer) -> str | None:
    sides = dict(
        MeetingPreference.objects.filter(
            application=application, employer=employer, level=MeetingLevel.NO
        ).values_list("side", "level")
    )
    if PreferenceSide.CANDIDATE in sides:
        return _("%(candidate)s has said they are not interested in meeting %(employer)s.")
    if PreferenceSide.EMPLOYER in sides:
        return _("%(employer)s has marked %(candidate)s as not interested.")
    return None


@transaction.atomic
def meeting_book(
    *,
    trip: Trip,
    actor: User | None,
    employer: Employer,
    application_id: int,
    starts_at: datetime,
    table: int | None = None,
    by_organiser: bool = False,
    locked: bool = False,
) -> Meeting:
    """Book a meeting of `employer` with a candidate at the slot starting at `starts_at`.

    Employers may do it once the organiser has opened self-booking; organisers always can.
    409 when the candidate or every table is busy then, or the time is not a slot."""
    if not by_organiser and not meeting_settings_of(trip).self_booking:
        raise NotPermitted(_("The organiser has not opened meeting booking for this trip yet."))
    application, booking = _lock_participants(trip, application_id, employer)
    names = {"candidate": application.candidate.name, "employer": employer.name}
    refusal = _refuses(application, employer)
    if refusal is not None:
        raise CapacityExceeded(refusal % names, extra={"reason": "not_interested"})
    already = Meeting.objects.filter(
        trip=trip, application=application, employer=employer, status=MeetingStatus.SCHEDULED
    ).first()
    if already is not None:
        raise AlreadyExists(
            _("%(employer)s already meets %(candidate)s at %(time)s.")
            % {**names, "time": _local_day(already.starts_at)},
            extra={"reason": "already_meeting"},
        )
    slot, table = _check_time(
        trip=trip, application=application, booking=booking, starts_at=starts_at, table=table
    )
    now = timezone.now()
    meeting = Meeting(
        trip=trip,
        application=application,
        employer=employer,
        source=MeetingSource.BOOKED,
        locked=locked,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    _place(meeting, slot, table)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as error:  # pragma: no cover - the locks above come first
        raise CapacityExceeded(
            _("That slot was taken a moment ago. Choose another."), extra={"reason": "taken"}
        ) from error
    _meetings_changed(trip, [meeting], "booked")
    return meeting


@transaction.atomic
def meeting_move(
    *, meeting: Meeting, actor: User | None, starts_at: datetime, table: int | None = None
) -> Meeting:
    """Move a meeting to another free slot (and table) of its employer."""
    meeting = (
        Meeting.objects.select_for_update().select_related("trip", "employer").get(pk=meeting.pk)
    )
    if meeting.status != MeetingStatus.SCHEDULED:
        raise CapacityExceeded(_("This meeting was cancelled."), extra={"reason": "cancelled"})
    application, booking = _lock_participants(
        meeting.trip, meeting.application_id, meeting.employer
    )
    slot, table = _check_time(
        trip=meeting.trip,
        application=application,
        booking=booking,
        starts_at=starts_at,
        table=table,
        ignore=meeting,
    )
    if (meeting.starts_at, meeting.table) == (slot.starts_at, table):
        return meeting
    _place(meeting, slot, table)
    _touch(meeting)
    meeting.save()
    _meetings_changed(meeting.trip, [meeting], "moved")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User | None) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("trip").get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    _cancel_each([meeting])
    _meetings_changed(meeting.trip, [meeting], "cancelled")
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor: User | None,
    locked: bool | None = None,
    attendance: str | None = None,
) -> Meeting:
    """Lock or unlock a meeting (automatic scheduling never moves a locked one), or record
    whether both came (no-shows are marked per meeting, once it has started)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked is not None:
        meeting.locked = locked
    if attendance is not None:
        if attendance not in Attendance.values:
            raise ValidationFailed(
                _("Unknown attendance."), extra={"fields": {"attendance": [_("Unknown value.")]}}
            )
        if attendance and meeting.starts_at > timezone.now():
            raise ValidationFailed(
                _("Attendance is recorded once the meeting has started."),
                extra={"fields": {"attendance": [_("The meeting has not started yet.")]}},
            )
        meeting.attendance = attendance
    meeting.save(update_fields=["locked", "attendance"])
    return meeting


def meetings_cancel_for_trip(*, trip: Trip, actor: User | None) -> int:
    """Cancel every scheduled meeting of a cancelled trip (feeds show them CANCELLED)."""
    meetings = list(
        Meeting.objects.select_for_update().filter(trip=trip, status=MeetingStatus.SCHEDULED)
    )
    _cancel_each(meetings)
    return len(meetings)


def meetings_cancel_in_block(*, block: ItineraryItem, actor: User | None) -> int:
    """A meeting block was cancelled, deleted or became another kind: its meetings go."""
    meetings = list(
        Meeting.objects.select_for_update().filter(block=block, status=MeetingStatus.SCHEDULED)
    )
    _cancel_each(meetings)
    _meetings_changed(block.trip, meetings, "cancelled")
    return len(meetings)


@transaction.atomic
def meetings_release_departed(*, trip: Trip) -> int:
    """Cancel the scheduled meetings whose candidate or employer no longer takes part."""
    departed = list(
        Meeting.objects.select_for_update()
        .filter(trip=trip, status=MeetingStatus.SCHEDULED)
        .exclude(
            application__in=meeting_applications(trip).values("pk"),
            employer__in=meeting_bookings(trip).values("employer_id"),
        )
    )
    _cancel_each(departed)
    _meetings_changed(trip, departed, "cancelled")
    return len(departed)
