from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from events.schemas import AwareDatetime

from .models import Audience, ItemKind, ItineraryItem


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
