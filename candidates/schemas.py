from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from core.schemas import Email

from .models import (
    Application,
    ApplicationStatus,
    Candidate,
    ConsentPurpose,
    ConsentVia,
    ResidencePermit,
)
from .selectors import profile_completeness


class InterestIn(Schema):
    email: Email
    sectors: list[str] = Field(..., min_length=1, description="Sector codes")
    name: str = Field("", max_length=200)
    city: str = Field("", max_length=100)
    consent: bool = Field(..., description="Must be true: the consent text was shown")
    language: str = Field("sv", pattern="^(sv|en)$")


class InterestOut(Schema):
    detail: str


class ProfileOut(Schema):
    name: str
    email: str
    phone: str
    city: str
    country: str
    sectors: list[str]
    headline: str
    years_experience: int
    skills: list[str]
    languages: list[str]
    earliest_move_date: date | None
    partner_needs_job: bool
    partner_occupation: str
    children_ages: list[int]
    residence_permit_status: str
    has_cv: bool
    consent_talent_db: bool
    consent_share_household: bool
    consent_share_contact: bool
    consent_residence_permit: bool
    completeness: int

    @staticmethod
    def resolve_sectors(candidate: Candidate) -> list[str]:
        return [s.code for s in candidate.sectors.all()]

    @staticmethod
    def resolve_has_cv(candidate: Candidate) -> bool:
        return bool(candidate.cv)

    @staticmethod
    def resolve_consent_talent_db(c: Candidate) -> bool:
        return c.consent_talent_db_at is not None

    @staticmethod
    def resolve_consent_share_household(c: Candidate) -> bool:
        return c.consent_share_household_at is not None

    @staticmethod
    def resolve_consent_share_contact(c: Candidate) -> bool:
        return c.consent_share_contact_at is not None

    @staticmethod
    def resolve_consent_residence_permit(c: Candidate) -> bool:
        return c.residence_permit_consent_at is not None

    @staticmethod
    def resolve_completeness(c: Candidate) -> int:

        return profile_completeness(c)[0]


class ProfilePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    phone: str | None = Field(None, max_length=40)
    city: str | None = Field(None, max_length=100)
    country: str | None = Field(None, max_length=100)
    sectors: list[str] | None = Field(None, min_length=1)
    headline: str | None = Field(None, max_length=200)
    years_experience: int | None = Field(None, ge=0, le=70, strict=True)
    skills: list[str] | None = Field(None, max_length=50)
    languages: list[str] | None = Field(None, max_length=30)
    earliest_move_date: date | None = None
    partner_needs_job: bool | None = None
    partner_occupation: str | None = Field(None, max_length=200)
    children_ages: list[int] | None = Field(None, max_length=15)
    residence_permit_status: ResidencePermit | None = None
    consent_talent_db: bool | None = None
    consent_share_household: bool | None = None
    consent_share_contact: bool | None = None
    consent_residence_permit: bool | None = None


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    created_at: datetime


class ApplicationOut(Schema):
    id: int
    trip: str
    trip_title: str
    status: ApplicationStatus
    motivation: str
    travelling_from: str
    dietary_needs: str
    accessibility_needs: str
    offer_expires_at: datetime | None
    shares_profile: bool = Field(
        ..., description="Shared with this trip's employers (PUT /me/applications/{id}/share)"
    )
    created_at: datetime
    history: list[StatusChangeOut]

    @staticmethod
    def resolve_shares_profile(a: Application) -> bool:
        return a.share_consent_at is not None

    @staticmethod
    def resolve_trip(a: Application) -> str:
        return a.trip.slug

    @staticmethod
    def resolve_trip_title(a: Application) -> str:
        return a.trip.title

    @staticmethod
    def resolve_history(a: Application):
        return list(a.status_changes.all())


class ApplicationIn(Schema):
    trip: str = Field(..., description="Trip slug")
    motivation: str = Field(..., min_length=10, max_length=5000)
    travelling_from: str = Field(..., min_length=1, max_length=200)
    dietary_needs: str = Field("", max_length=300)
    accessibility_needs: str = Field("", max_length=300)


class ApplicantOut(Schema):
    """An application as organisers see it (never shown to candidates or employers)."""

    id: int
    status: ApplicationStatus
    candidate_name: str
    candidate_email: str
    city: str
    country: str
    sectors: list[str]
    headline: str
    years_experience: int
    travelling_from: str
    motivation: str
    dietary_needs: str
    accessibility_needs: str
    offer_expires_at: datetime | None
    created_at: datetime
    note_count: int = 0
    fit_score: int | None = Field(None, description="With `order=fit`: the fit with the trip")
    fit_reasons: list[str] = Field([], description="With `order=fit`: the score's reasons")

    @staticmethod
    def resolve_candidate_name(a: Application) -> str:
        return a.candidate.name

    @staticmethod
    def resolve_candidate_email(a: Application) -> str:
        return a.candidate.email

    @staticmethod
    def resolve_city(a: Application) -> str:
        return a.candidate.city

    @staticmethod
    def resolve_country(a: Application) -> str:
        return a.candidate.country

    @staticmethod
    def resolve_sectors(a: Application) -> list[str]:
        return [s.code for s in a.candidate.sectors.all()]

    @staticmethod
    def resolve_headline(a: Application) -> str:
        return a.candidate.headline

    @staticmethod
    def resolve_fit_score(a: Application) -> int | None:
        fit = getattr(a, "fit", None)
        return fit.score if fit else None

    @staticmethod
    def resolve_fit_reasons(a: Application) -> list[str]:
        fit = getattr(a, "fit", None)
        return list(fit.reasons) if fit else []

    @staticmethod
    def resolve_years_experience(a: Application) -> int:
        return a.candidate.years_experience


class ApplicantFilter(Schema):
    status: ApplicationStatus | None = None
    sector: str | None = None
    min_experience: int | None = Field(None, ge=0, le=70)
    city: str | None = Field(None, max_length=100)
    sort: str = Field(
        "applied", pattern="^-?(applied|experience|city|name|status)$", description="Sort key"
    )
    order: Literal["fit"] | None = Field(
        None, description="`fit`: best fit with the trip first (replaces `sort`)"
    )


class TransitionIn(Schema):
    status: ApplicationStatus


class SuggestionOut(Schema):
    """Someone organisers may invite to apply: a candidate profile or an interest
    registration (the other id is null), with the fit's score and its reasons."""

    candidate: int | None
    registration: int | None
    name: str
    score: int
    reasons: list[str]
    invited_at: datetime | None


Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class InviteIn(Schema):
    candidates: list[Id] = Field([], max_length=1000, description="Candidate ids")
    registrations: list[Id] = Field([], max_length=1000, description="Interest registration ids")


class InviteOut(Schema):
    invited: int = Field(..., description="Invitations created now (one email each)")
    already_invited: int = Field(..., description="Invited before: not emailed again")


class ConsentStateOut(Schema):
    """One consent as it stands: `trip` (a slug) for sharing with that trip's employers."""

    purpose: ConsentPurpose
    granted: bool
    given_at: datetime | None
    text_version: str
    trip: str | None

    @staticmethod
    def resolve_trip(state) -> str | None:
        return state.trip.slug if state.trip else None


class ConsentEventOut(Schema):
    purpose: ConsentPurpose
    granted: bool
    trip: str | None
    text_version: str
    via: ConsentVia
    created_at: datetime

    @staticmethod
    def resolve_trip(event) -> str | None:
        return event.trip.slug if event.trip else None


class ConsentsOut(Schema):
    current: list[ConsentStateOut]
    history: list[ConsentEventOut] = Field(
        ..., description="Every grant and withdrawal, oldest first"
    )


class ConsentIn(Schema):
    granted: bool
    trip: str | None = Field(
        None, max_length=200, description="Trip slug: required for `share_trip`"
    )


class ShareIn(Schema):
    granted: bool = Field(..., description="Share the profile with this trip's employers")


class TalentFilter(Schema):
    sector: str | None = Field(None, max_length=40, description="A sector's code")
    region: str | None = Field(None, max_length=100, description="The city, any case")
    q: str = Field("", max_length=200, description="Words of the headline or the skills")


class TalentOut(Schema):
    """A person in the talent database, as organisers see them in the search."""

    id: int
    name: str
    headline: str
    city: str
    sectors: list[str]

    @staticmethod
    def resolve_sectors(obj) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]
