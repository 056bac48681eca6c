"""The meetings API: settings and tables, wishes both ways, the automatic schedule, booking.

Who may do what: the trip's organisers everything; members of an employer with a confirmed
booking their own wishes and meetings (booking, moving and cancelling once self-booking is
open); a candidate with a place and sharing their profile their own wishes and meetings.
Anybody else gets 404, as if the trip had no meetings.
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from candidates.models import Application
from core.exceptions import NotPermitted, ValidationFailed
from core.pagination import Pagination
from core.schemas import ErrorOut
from employers.models import Employer
from events.api import WRITE_ERRORS
from events.models import Trip

from .meeting_selectors import (
    is_trip_organiser,
    meeting_application_of,
    meeting_bookings,
    meeting_employer_of,
    meeting_preferences_of_trip,
    meeting_settings_of,
    meeting_slots,
    meetings_visible_to,
)
from .meetings import (
    Wish,
    meeting_book,
    meeting_cancel,
    meeting_move,
    meeting_preferences_set,
    meeting_schedule_publish,
    meeting_schedule_run,
    meeting_settings_update,
    meeting_update,
)
from .models import Meeting, MeetingStatus, PreferenceSide
from .schemas import (
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MeetingSettingsOut,
    MeetingSettingsPatch,
    PreferencesIn,
    PreferencesOut,
    ScheduleOut,
)

router = Router(tags=["meetings"])
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@dataclass(frozen=True)
class Role:
    trip: Trip
    organiser: bool = False
    employer: Employer | None = None
    application: Application | None = None


def _role(request: HttpRequest, slug: str) -> Role:
    trip = Trip.objects.filter(slug=slug).select_related("organisation").first()
    if trip is None:
        raise Http404
    user = request.auth  # type: ignore[attr-defined]
    if is_trip_organiser(user, trip):
        return Role(trip, organiser=True)
    employer = meeting_employer_of(user, trip)
    if employer is not None:
        return Role(trip, employer=employer)
    application = meeting_application_of(user, trip)
    if application is not None:
        return Role(trip, application=application)
    raise Http404


def _organiser(request: HttpRequest, slug: str) -> Trip:
    role = _role(request, slug)
    if not role.organiser:
        raise NotPermitted(_("Only the trip's organisers can do this."))
    return role.trip


def _settings_out(trip: Trip) -> dict:
    settings = meeting_settings_of(trip)
    return {
        "meeting_minutes": settings.meeting_minutes,
        "break_minutes": settings.break_minutes,
        "self_booking": settings.self_booking,
        "published_at": settings.published_at,
        "slots": [{"starts_at": s.starts_at, "ends_at": s.ends_at} for s in meeting_slots(trip)],
        "tables": [
            {
                "employer": b.employer.slug,
                "employer_name": b.employer.name,
                "tables": b.meeting_tables,
            }
            for b in meeting_bookings(trip)
        ],
    }


def _employer_of_trip(trip: Trip, slug: str | None) -> Employer:
    booking = meeting_bookings(trip).filter(employer__slug=slug).first() if slug else None
    if booking is None:
        raise ValidationFailed(
            _("“%(slug)s” is not an employer with a confirmed booking on this trip.")
            % {"slug": slug or ""},
            extra={"fields": {"employer": [_("Unknown employer.")]}},
        )
    return booking.employer


@router.get("/trips/{slug}/meeting-settings", response={200: MeetingSettingsOut, **READ_ERRORS})
def settings_get(request: HttpRequest, slug: str):
    """Meeting length, break, self-booking, the slots of the meeting blocks and the tables."""
    return _settings_out(_role(request, slug).trip)


@router.patch("/trips/{slug}/meeting-settings", response={200: MeetingSettingsOut, **WRITE_ERRORS})
def settings_patch(request: HttpRequest, slug: str, payload: MeetingSettingsPatch):
    """Organisers: change the meeting length and break, open or close self-booking, and set
    the number of tables of employers (`[{"employer": "<slug>", "tables": 2}]`)."""
    trip = _organiser(request, slug)
    data = payload.dict(exclude_unset=True)
    tables = None
    if data.get("tables") is not None:
        tables = {
            _employer_of_trip(trip, entry["employer"]).pk: entry["tables"]
            for entry in data["tables"]
        }
    meeting_settings_update(
        trip=trip,
        actor=request.auth,  # type: ignore[attr-defined]
        meeting_minutes=data.get("meeting_minutes"),
        break_minutes=data.get("break_minutes"),
        self_booking=data.get("self_booking"),
        tables=tables,
    )
    return _settings_out(trip)


def _preferences_visible(role: Role):
    prefs = meeting_preferences_of_trip(role.trip).order_by(
        "application__candidate__name", "employer__name", "side"
    )
    if role.organiser:
        return prefs
    if role.employer is not None:
        return prefs.filter(employer=role.employer, side=PreferenceSide.EMPLOYER)
    return prefs.filter(application=role.application, side=PreferenceSide.CANDIDATE)


@router.get("/trips/{slug}/meeting-preferences", response={200: PreferencesOut, **READ_ERRORS})
def preferences_get(request: HttpRequest, slug: str):
    """Your wishes (organisers: everyone's, both sides)."""
    role = _role(request, slug)
    return {"changed": 0, "preferences": list(_preferences_visible(role))}


@router.put("/trips/{slug}/meeting-preferences", response={200: PreferencesOut, **WRITE_ERRORS})
def preferences_put(request: HttpRequest, slug: str, payload: PreferencesIn):
    """Set wishes: employers `[{"application": <id>, "level": "must"|"want"|"no"}]`,
    candidates `[{"employer": "<slug>", "level": …}]`, organisers either with `side` (their
    choice overrides the person's and is shown as the organiser's). `level: null` clears a
    wish; wishes not listed stay as they are."""
    role = _role(request, slug)
    wishes: list[Wish] = []
    for index, entry in enumerate(payload.preferences):
        field = f"preferences.{index}"
        if role.organiser:
            if entry.side is None or entry.application is None or entry.employer is None:
                raise ValidationFailed(
                    _("Organisers give application, employer and side for every wish."),
                    extra={"fields": {field: [_("Give application, employer and side.")]}},
                )
            side = entry.side.value
            employer = _employer_of_trip(role.trip, entry.employer)
            application_id = entry.application
        elif role.employer is not None:
            if entry.application is None:
                raise ValidationFailed(
                    _("Give the candidate's application id."),
                    extra={"fields": {field: [_("This field is required.")]}},
                )
            side, employer, application_id = (
                PreferenceSide.EMPLOYER,
                role.employer,
                entry.application,
            )
        else:
            assert role.application is not None
            side = PreferenceSide.CANDIDATE
            employer = _employer_of_trip(role.trip, entry.employer)
            application_id = role.application.pk
        level = entry.level.value if entry.level else None
        wishes.append(Wish(application_id, employer.pk, level, side=side))
    changed = meeting_preferences_set(
        trip=role.trip,
        actor=request.auth,  # type: ignore[attr-defined]
        wishes=wishes,
        by_organiser=role.organiser,
    )
    return {"changed": changed, "preferences": list(_preferences_visible(role))}


@router.get("/trips/{slug}/meetings", response={200: list[MeetingOut], **READ_ERRORS})
@paginate(Pagination, page_size=500)
def meetings_list(request: HttpRequest, slug: str):
    """Organisers: every meeting; employers and candidates: their own. In time order."""
    role = _role(request, slug)
    return meetings_visible_to(request.auth, role.trip)  # type: ignore[attr-defined]


@router.post("/trips/{slug}/meetings", response={201: MeetingOut, **WRITE_ERRORS})
def meetings_book(request: HttpRequest, slug: str, payload: MeetingIn):
    """Book a meeting at a slot: employers (once self-booking is open) with `application`
    and `starts_at`; organisers name the `employer` too. 409 with the reason when the
    candidate or all the employer's tables are busy then, or the time is not a slot."""
    role = _role(request, slug)
    if role.organiser:
        employer = _employer_of_trip(role.trip, payload.employer)
    elif role.employer is not None:
        employer = role.employer
    else:
        raise NotPermitted(_("Candidates cannot book meetings; tell the organiser your wishes."))
    meeting = meeting_book(
        trip=role.trip,
        actor=request.auth,  # type: ignore[attr-defined]
        employer=employer,
        application_id=payload.application,
        starts_at=payload.starts_at,
        table=payload.table,
        by_organiser=role.organiser,
        locked=payload.locked and role.organiser,
    )
    return Status(201, meetings_visible_to(request.auth, role.trip).get(pk=meeting.pk))  # type: ignore[attr-defined]


@router.post("/trips/{slug}/meetings/schedule", response={200: ScheduleOut, **WRITE_ERRORS})
def meetings_schedule(request: HttpRequest, slug: str):
    """Organisers: compute the optimal schedule from everyone's wishes and store it.

    Mutual must-meets first, then one-sided musts, then wishes; no candidate or table
    double-booked, "not interested" never scheduled, locked meetings kept, as few slots as
    the wishes allow (`lower_bound`), and as few existing meetings moved as it can.
    `unmet_must` explains each must-meet that found no place."""
    trip = _organiser(request, slug)
    return meeting_schedule_run(trip=trip, actor=request.auth).as_dict()  # type: ignore[attr-defined]


@router.post("/trips/{slug}/meetings/publish", response={200: MeetingSettingsOut, **WRITE_ERRORS})
def meetings_publish(request: HttpRequest, slug: str):
    """Organisers: tell everyone their meetings; later changes email the people concerned."""
    trip = _organiser(request, slug)
    meeting_schedule_publish(trip=trip, actor=request.auth)  # type: ignore[attr-defined]
    return _settings_out(trip)


def _meeting_for(request: HttpRequest, meeting_id: int) -> tuple[Meeting, Role]:
    meeting = (
        Meeting.objects.filter(pk=meeting_id, status=MeetingStatus.SCHEDULED)
        .select_related("trip")
        .first()
    )
    if meeting is None:
        raise Http404
    role = _role(request, meeting.trip.slug)
    if not role.organiser and (role.employer is None or role.employer.pk != meeting.employer_id):
        raise Http404
    if not role.organiser and not meeting_settings_of(meeting.trip).self_booking:
        raise NotPermitted(_("The organiser has not opened meeting booking for this trip."))
    return meeting, role


@router.patch("/meetings/{meeting_id}", response={200: MeetingOut, **WRITE_ERRORS})
def meeting_patch(request: HttpRequest, meeting_id: int, payload: MeetingPatch):
    """Move a meeting (`starts_at`, `table`); organisers also lock it and record attendance."""
    meeting, role = _meeting_for(request, meeting_id)
    data = payload.dict(exclude_unset=True)
    if not role.organiser and ({"locked", "attendance"} & set(data)):
        raise NotPermitted(_("Only the organisers lock meetings and record attendance."))
    actor = request.auth  # type: ignore[attr-defined]
    if "starts_at" in data or "table" in data:
        meeting = meeting_move(
            meeting=meeting,
            actor=actor,
            starts_at=data.get("starts_at") or meeting.starts_at,
            table=data.get("table"),
        )
    if "locked" in data or "attendance" in data:
        meeting = meeting_update(
            meeting=meeting,
            actor=actor,
            locked=data.get("locked"),
            attendance=data.get("attendance"),
        )
    return meetings_visible_to(actor, role.trip).get(pk=meeting.pk)


@router.delete("/meetings/{meeting_id}", response={204: None, **WRITE_ERRORS})
def meeting_delete(request: HttpRequest, meeting_id: int):
    """Cancel a meeting (it shows as cancelled in calendars)."""
    meeting, _role_ = _meeting_for(request, meeting_id)
    meeting_cancel(meeting=meeting, actor=request.auth)  # type: ignore[attr-defined]
    return Status(204, None)
