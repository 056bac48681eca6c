from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from events.schemas import AwareDatetime

from .models import (
    Attendance,
    Audience,
    ItemKind,
    ItineraryItem,
    Meeting,
    MeetingLevel,
    MeetingPreference,
    MeetingSource,
    PreferenceSide,
)


class ItemOut(Schema):
    id: int
    uid: UUID
    trip: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    location_name: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    kind: ItemKind
    audience: Audience
    employer: str | None
    cancelled: bool
    sequence: int
    updated_at: datetime

    @staticmethod
    def resolve_trip(item: ItineraryItem) -> str:
        return item.trip.slug

    @staticmethod
    def resolve_employer(item: ItineraryItem) -> str | None:
        return item.employer.slug if item.employer_id else None


class ItemIn(Schema):
    trip: str = Field(..., description="Trip slug")
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    location_name: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    latitude: Decimal | None = Field(None, ge=-90, le=90, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, decimal_places=6)
    kind: ItemKind
    audience: Audience = Audience.EVERYONE
    employer: str | None = Field(None, description="Employer slug, for audience 'employer'")


class ItemPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    location_name: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    latitude: Decimal | None = Field(None, ge=-90, le=90, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, decimal_places=6)
    kind: ItemKind | None = None
    audience: Audience | None = None
    employer: str | None = None
    cancelled: bool | None = None


class CalendarTokenOut(Schema):
    url: str
    webcal_url: str


class PreferenceIn(Schema):
    application: int | None = Field(
        None, description="The candidate's application (employers and organisers)"
    )
    employer: str | None = Field(None, description="Employer slug (candidates and organisers)")
    level: MeetingLevel | None = Field(..., description="must, want, no — or null to clear")
    side: PreferenceSide | None = Field(
        None, description="Organisers: whose wish this is (employer or candidate)"
    )


class PreferencesIn(Schema):
    preferences: list[PreferenceIn] = Field(..., max_length=5000)


class PreferenceOut(Schema):
    application: int
    candidate_name: str
    employer: str
    employer_name: str
    side: PreferenceSide
    level: MeetingLevel
    by_organiser: bool
    updated_at: datetime

    @staticmethod
    def resolve_application(p: MeetingPreference) -> int:
        return p.application_id

    @staticmethod
    def resolve_candidate_name(p: MeetingPreference) -> str:
        return p.application.candidate.name

    @staticmethod
    def resolve_employer(p: MeetingPreference) -> str:
        return p.employer.slug

    @staticmethod
    def resolve_employer_name(p: MeetingPreference) -> str:
        return p.employer.name


class PreferencesOut(Schema):
    changed: int
    preferences: list[PreferenceOut]


class MeetingOut(Schema):
    id: int
    uid: UUID
    application: int
    candidate_name: str
    employer: str
    employer_name: str
    starts_at: datetime
    ends_at: datetime
    table: int
    locked: bool
    source: MeetingSource
    attendance: str
    sequence: int

    @staticmethod
    def resolve_application(m: Meeting) -> int:
        return m.application_id

    @staticmethod
    def resolve_candidate_name(m: Meeting) -> str:
        return m.application.candidate.name

    @staticmethod
    def resolve_employer(m: Meeting) -> str:
        return m.employer.slug

    @staticmethod
    def resolve_employer_name(m: Meeting) -> str:
        return m.employer.name


class MeetingIn(Schema):
    application: int
    starts_at: AwareDatetime
    employer: str | None = Field(None, description="Employer slug (organisers only)")
    table: int | None = Field(None, ge=1, le=20)
    locked: bool = Field(False, description="Organisers: automatic scheduling never moves it")


class MeetingPatch(Schema):
    starts_at: AwareDatetime | None = None
    table: int | None = Field(None, ge=1, le=20)
    locked: bool | None = None
    attendance: Attendance | None = None


class UnmetOut(Schema):
    application: int
    candidate_name: str
    employer: str
    employer_name: str
    tier: int = Field(..., description="3: both must meet; 2: one side must")
    reason: str = Field(..., description="candidate_full, employer_full or no_common_slot")
    explanation: str


class ScheduleOut(Schema):
    meetings: int
    slots: int = Field(..., description="Slots in the trip's meeting blocks")
    slots_used: int
    lower_bound: int = Field(..., description="Fewest slots any schedule of these meetings needs")
    objective: int
    bound: int = Field(..., description="The flow's optimum: no schedule scores higher")
    moved: int
    created: int
    cancelled: int
    unmet_must: list[UnmetOut]
    unmet_want: int
    optimal: bool = Field(
        ..., description="Proven best: objective equals bound, or the exhaustive search finished"
    )


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime


class TablesOut(Schema):
    employer: str
    employer_name: str
    tables: int


class TablesIn(Schema):
    employer: str
    tables: int = Field(..., ge=1, le=20)


class MeetingSettingsOut(Schema):
    meeting_minutes: int
    break_minutes: int
    self_booking: bool
    published_at: datetime | None
    slots: list[SlotOut]
    tables: list[TablesOut]


class MeetingSettingsPatch(Schema):
    meeting_minutes: int | None = Field(None, ge=5, le=240)
    break_minutes: int | None = Field(None, ge=0, le=120)
    self_booking: bool | None = None
    tables: list[TablesIn] | None = Field(None, max_length=200)
