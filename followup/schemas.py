"""API schemas of the follow-up. Shared naming: Case… for cases, Contact… for the contact
log (the tasks, outcomes and feedback schemas use their own prefixes)."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator

from core.schemas import ErrorOut
from events.schemas import AwareDatetime

from .models import CaseSource, CaseStage, ClosedReason, ContactChannel, FollowUpCase, HousingNeed


def _iso_date(value: object) -> object:
    """A date as JSON carries it: "YYYY-MM-DD" (not a number of seconds)."""
    if value is not None and not isinstance(value, str | date):
        raise ValueError(_("Enter a date as YYYY-MM-DD."))
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class CaseErrorOut(ErrorOut):
    """An error about a case: a stale edit says the version now saved (409), a duplicate
    the open case of the same address (422)."""

    current_version: int | None = None
    existing_case: int | None = None


class CaseChild(Schema):
    age: int = Field(..., ge=0, le=25, strict=True)
    need: Literal["preschool", "school", ""] = ""


class CaseStageChangeOut(Schema):
    from_stage: str
    to_stage: str
    note: str
    actor: str | None
    at: datetime


class CaseApplicationOut(Schema):
    id: int
    trip: str
    trip_title: str
    trip_starts_at: datetime
    status: str


class CaseMeetingOut(Schema):
    id: int
    trip: str
    employer: str
    employer_name: str
    starts_at: datetime
    ends_at: datetime
    status: str


class CaseOut(Schema):
    id: int
    organisation: str
    candidate: int | None
    name: str
    email: str
    phone: str
    city: str
    source: CaseSource
    source_note: str
    stage: CaseStage
    closed_reason: str
    assignee: int | None
    assignee_name: str | None
    partner_name: str
    partner_occupation: str
    partner_looking_for_work: bool
    children: list[CaseChild]
    housing_need: str
    housing_from: date | None
    housing_where: str
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_organisation(case: FollowUpCase) -> str:
        return case.organisation.slug

    @staticmethod
    def resolve_candidate(case: FollowUpCase) -> int | None:
        return case.candidate_id

    @staticmethod
    def resolve_assignee(case: FollowUpCase) -> int | None:
        return case.assignee_id

    @staticmethod
    def resolve_assignee_name(case: FollowUpCase) -> str | None:
        if case.assignee is None:
            return None
        return case.assignee.get_full_name() or case.assignee.email


class CaseDetailOut(CaseOut):
    history: list[CaseStageChangeOut]
    applications: list[CaseApplicationOut]
    meetings: list[CaseMeetingOut]


class CaseFilter(Schema):
    stage: CaseStage | None = None
    assignee: str | None = Field(
        None, max_length=20, description='"me", "nobody" or a user id', pattern=r"^(me|nobody|\d+)$"
    )
    source: CaseSource | None = None
    trip: str | None = Field(None, max_length=100, description="A trip's slug")
    q: str | None = Field(None, max_length=200, description="Search in names and emails")


class CaseIn(Schema):
    organisation: str | None = Field(
        None, description="Slug; needed only for someone who follows up several organisations"
    )
    name: str = Field(..., min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    city: str = Field("", max_length=100)
    source: Literal["phone", "fair", "email", "web", "other"]
    source_note: str = Field("", max_length=300)
    assignee: int | None = Field(None, strict=True)
    partner_name: str = Field("", max_length=200)
    partner_occupation: str = Field("", max_length=200)
    partner_looking_for_work: bool = Field(False, strict=True)
    children: list[CaseChild] = Field(default_factory=list, max_length=20)
    housing_need: HousingNeed = HousingNeed.NONE
    housing_from: IsoDate | None = None
    housing_where: str = Field("", max_length=200)
    notes: str = Field("", max_length=10_000)


class CasePatch(Schema):
    version: int = Field(..., ge=1, strict=True, description="The version the edit starts from")
    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    city: str | None = Field(None, max_length=100)
    source: Literal["phone", "fair", "email", "web", "other"] | None = None
    source_note: str | None = Field(None, max_length=300)
    assignee: int | None = Field(None, strict=True)
    partner_name: str | None = Field(None, max_length=200)
    partner_occupation: str | None = Field(None, max_length=200)
    partner_looking_for_work: bool | None = Field(None, strict=True)
    children: list[CaseChild] | None = Field(None, max_length=20)
    housing_need: HousingNeed | None = None
    housing_from: IsoDate | None = None
    housing_where: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=10_000)


class CaseStageIn(Schema):
    stage: CaseStage
    closed_reason: ClosedReason | Literal[""] = ""
    note: str = Field("", max_length=300)
    version: int | None = Field(None, ge=1, strict=True)


class ContactOut(Schema):
    id: int
    occurred_at: datetime
    channel: ContactChannel
    note: str
    hiring_need: int | None
    link: str
    author: str | None
    created_at: datetime

    @staticmethod
    def resolve_hiring_need(contact) -> int | None:
        return contact.hiring_need_id

    @staticmethod
    def resolve_author(contact) -> str | None:
        if contact.author is None:
            return None
        return contact.author.get_full_name() or contact.author.email


class ContactIn(Schema):
    occurred_at: AwareDatetime | None = None
    channel: Literal["phone", "email", "meeting", "event", "message", "other"]
    note: str = Field("", max_length=5000)
