from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from core.validators import validate_calendar_datetime, validate_phone

from .models import Trip, TripStatus


def _aware(value: datetime) -> datetime:
    """Times without an offset are read as local time (Europe/Stockholm). Times near the
    edges of the calendar are refused (a 422 naming the field), not left to overflow."""
    value = timezone.make_aware(value) if timezone.is_naive(value) else value
    try:
        validate_calendar_datetime(value)
    except ValidationError as error:
        raise PydanticCustomError("out_of_calendar", error.messages[0]) from error
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


def _phone(value: str) -> str:
    """A phone number (core.validators.validate_phone), or "" to clear it."""
    value = value.strip()
    if value:
        try:
            validate_phone(value)
        except ValidationError as error:
            raise PydanticCustomError("phone", error.messages[0]) from error
    return value


Phone = Annotated[str, Field(max_length=40), AfterValidator(_phone)]
EmergencyContact = Annotated[str, Field(max_length=300)]


class SectorOut(Schema):
    code: str
    name_sv: str
    name_en: str


class OrganisationRef(Schema):
    slug: str
    name: str


class TripFields(Schema):
    """A trip as the public sees it."""

    slug: str
    title: str
    summary: str
    description: str
    organisation: OrganisationRef
    sectors: list[str]
    starts_at: datetime
    ends_at: datetime
    base_locations: str
    candidate_capacity: int
    employer_slots: int
    slot_price_ore: int
    application_deadline: datetime
    booking_refund_cutoff: datetime | None
    international_applicants: bool
    status: TripStatus
    url: str


class TripOut(TripFields):
    @staticmethod
    def resolve_sectors(trip: Trip) -> list[str]:
        return [sector.code for sector in trip.sectors.all()]

    @staticmethod
    def resolve_url(trip: Trip) -> str:
        return trip.get_absolute_url()


class TripRowOut(TripFields):
    """A trip of the list, from `selectors.trip_rows` (plain values: no model instances,
    no resolvers), the same fields as TripOut."""


class TripRowPageOut(Schema):
    """A page of the public trip list as `@paginate(core.pagination.Pagination)` answers."""

    items: list[TripRowOut]
    count: int


class TripManagedOut(TripOut):
    """A trip as its organisers see it: with whom to call on the day, which the public trip
    list and page leave out."""

    contact_phone: str
    emergency_contact: str


class TripFilter(Schema):
    sector: str | None = Field(None, description="Sector code, e.g. 'it'")


class TripIn(Schema):
    title: str = Field(..., min_length=3, max_length=200)
    slug: str | None = Field(None, pattern=r"^[-a-z0-9]{1,80}$")
    organisation: str | None = Field(
        None, description="Organisation slug; needed only if you organise for several."
    )
    sectors: list[str] = Field(..., min_length=1, description="Sector codes")
    summary: str = Field(..., min_length=1, max_length=300)
    description: str = ""
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    base_locations: str = Field(..., min_length=1, max_length=200)
    candidate_capacity: int = Field(..., ge=1, le=10_000, strict=True)
    employer_slots: int = Field(..., ge=0, le=1_000, strict=True)
    slot_price_ore: int = Field(..., ge=0, le=100_000_000, strict=True)
    application_deadline: AwareDatetime
    booking_refund_cutoff: AwareDatetime | None = Field(
        None, description="Employers may cancel with a refund until then (default 14 days before)"
    )
    international_applicants: bool = False
    contact_phone: Phone = Field("", description="The organiser's phone during the trip")
    emergency_contact: EmergencyContact = Field(
        "", description="Name and phone number to call in an emergency during the trip"
    )


class TripPatch(Schema):
    title: str | None = Field(None, min_length=3, max_length=200)
    sectors: list[str] | None = Field(None, min_length=1)
    summary: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    base_locations: str | None = Field(None, min_length=1, max_length=200)
    candidate_capacity: int | None = Field(None, ge=1, le=10_000, strict=True)
    employer_slots: int | None = Field(None, ge=0, le=1_000, strict=True)
    slot_price_ore: int | None = Field(None, ge=0, le=100_000_000, strict=True)
    application_deadline: AwareDatetime | None = None
    booking_refund_cutoff: AwareDatetime | None = None
    international_applicants: bool | None = None
    contact_phone: Phone | None = None
    emergency_contact: EmergencyContact | None = None


class TransitionIn(Schema):
    status: TripStatus


class TripCopyIn(Schema):
    starts_at: AwareDatetime = Field(
        ..., description="The copy's start; every other date moves by the same number of days"
    )
    title: str | None = Field(None, min_length=3, max_length=200)
    slug: str | None = Field(None, pattern=r"^[-a-z0-9]{1,80}$")
