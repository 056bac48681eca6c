"""Everything we hold about one person, as a ZIP (issue 14.2, GDPR articles 15 and 20).

`personal_data_export(user)` gathers the account, the candidate profile with its consents,
interest registrations, applications with their history, practical information, trip
invitations, meetings and meeting wishes, employers' notes about them, who looked at their
data (`accesses`), follow-up cases with their history, tasks and contact log (internal notes
included), outcomes, feedback; for employer members their memberships, bookings and their
employers' invoices; for organisers and coordinators their memberships and the invitations
they sent. It lives here because backoffice is the one app that may import every app holding
personal data. Secrets (password hashes, token hashes) are never written.
"""

import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from candidates.audit import access_log_of_person
from candidates.models import (
    Application,
    Candidate,
    ConsentEvent,
    InterestRegistration,
    TripInvitation,
)
from core.models import User
from core.two_factor import two_factor_enabled
from employers.models import EmployerMembership, Invoice, SlotBooking
from events.models import OrganisationMembership, OrganiserInvitation
from followup.models import (
    CandidateFeedback,
    CoordinatorInvitation,
    CoordinatorMembership,
    FollowUpCase,
    MeetingOutcome,
)
from itineraries.models import Meeting, MeetingPreference
from packs.models import PackMark

# Field names never written, whatever the model: secrets and hashes of secrets.
SECRET_FIELDS = frozenset({"password", "key_hash", "token_hash", "token", "secret"})

EMAILS_NOTE = (
    "We keep no per-recipient log of the emails we send. Organisers' messages to a trip "
    "(messaging.TripMessage) and automatic reminders (messaging.ReminderSent) are stored "
    "with a count of recipients only; the emails sent to you followed from the applications, "
    "invitations and bookings listed in this file."
)


def _value(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Every concrete field of `obj` (a foreign key as its id, plus its text as `<name>_label`)."""
    skipped = SECRET_FIELDS | set(exclude)
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skipped:
            continue
        if field.is_relation:
            row[field.attname] = getattr(obj, field.attname)
            related = getattr(obj, field.name)
            if related is not None and field.name not in ("actor", "updated_by"):
                row[f"{field.name}_label"] = str(related)
        else:
            row[field.name] = _value(field.value_from_object(obj))
    for field in obj._meta.many_to_many:
        row[field.name] = [str(item) for item in getattr(obj, field.name).all()]
    return row


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.full_name,
        "language": user.language,
        "date_joined": _value(user.date_joined),
        "last_login": _value(user.last_login),
        "is_active": user.is_active,
        "api_tokens": [
            _row(token, exclude=("user",)) for token in user.api_tokens.all().order_by("id")
        ],
        # Where they are logged in (the session's key is a secret: left out).
        "sessions": [
            _row(session, exclude=("user", "session_key"))
            for session in user.user_sessions.all().order_by("id")
        ],
        "two_factor_authentication": two_factor_enabled(user),
    }


def _application(application: Application) -> dict[str, Any]:
    row = _row(application, exclude=("candidate",))
    row["status_history"] = [
        _row(change, exclude=("application",)) for change in application.status_changes.all()
    ]
    row["practical_information"] = {
        "travel": application.travel,
        "accommodation": application.accommodation,
        "room_sharing": application.room_sharing,
    }
    row["meetings"] = [
        _row(meeting, exclude=("application",))
        for meeting in Meeting.objects.filter(application=application).order_by("starts_at", "id")
    ]
    row["meeting_preferences"] = [
        _row(preference, exclude=("application",))
        for preference in MeetingPreference.objects.filter(application=application).order_by("id")
    ]
    row["employer_notes"] = [
        _row(mark, exclude=("application",))
        for mark in PackMark.objects.filter(application=application).order_by("id")
    ]
    row["meeting_outcomes"] = [
        _row(outcome, exclude=("application",))
        for outcome in MeetingOutcome.objects.filter(application=application).order_by("id")
    ]
    feedback = CandidateFeedback.objects.filter(application=application).first()
    if feedback is None:
        row["feedback"] = None
    else:
        row["feedback"] = _row(feedback, exclude=("application",))
        row["feedback"]["employer_ratings"] = [
            _row(rating, exclude=("feedback",)) for rating in feedback.employer_ratings.all()
        ]
    return row


def _accesses(candidate: Candidate | None) -> list[dict[str, Any]]:
    """Who looked at the person's data (candidates.audit): when, what, for which employer or
    organisation, on which trip — never the individual staffer."""
    if candidate is None:
        return []
    return [
        {
            "when": _value(entry.created_at),
            "action": entry.action,
            "action_label": str(entry.get_action_display()),
            "employer": entry.employer.name if entry.employer else "",
            "organisation": entry.organisation.name if entry.organisation else "",
            "trip": entry.trip.title if entry.trip else "",
        }
        for entry in access_log_of_person(candidate)
    ]


def _case(case: FollowUpCase) -> dict[str, Any]:
    row = _row(case)
    row["stage_history"] = [_row(change, exclude=("case",)) for change in case.status_changes.all()]
    row["tasks"] = [_row(task, exclude=("case",)) for task in case.tasks.all().order_by("id")]
    row["contact_log"] = [
        _row(entry, exclude=("case",)) for entry in case.contacts.all().order_by("id")
    ]
    return row


def _candidate_part(user: User) -> dict[str, Any]:
    candidate = Candidate.objects.filter(user=user).first()
    emails = {user.email.lower()}
    if candidate is not None:
        emails.add(candidate.email.lower())
    email_q = Q()
    for email in emails:
        email_q |= Q(email__iexact=email)
    registrations = list(InterestRegistration.objects.filter(email_q | Q(user=user)))
    cases = FollowUpCase.objects.filter(email_q | Q(candidate__user=user))
    applications: list[Application] = []
    if candidate is not None:
        applications = list(
            Application.objects.filter(candidate=candidate).select_related("trip", "candidate")
        )
    invitations = TripInvitation.objects.filter(
        Q(candidate__user=user) | Q(registration__in=registrations)
    )
    return {
        "candidate_profile": _row(candidate, exclude=("user",)) if candidate else None,
        "interest_registrations": [_row(r, exclude=("user",)) for r in registrations],
        "applications": [_application(a) for a in applications],
        "trip_invitations": [_row(i) for i in invitations.order_by("id")],
        # Every grant and withdrawal of a consent: purpose, trip, text version, time, how.
        "consent_history": [
            _row(event, exclude=("candidate", "registration"))
            for event in ConsentEvent.objects.filter(
                Q(candidate__user=user) | Q(registration__in=registrations)
            ).order_by("created_at", "id")
        ],
        "accesses": _accesses(candidate),
        "followup_cases": [_case(c) for c in cases.distinct().order_by("id")],
    }


def _employer_part(user: User) -> dict[str, Any]:
    memberships = EmployerMembership.objects.filter(user=user).select_related("employer")
    employer_ids = [m.employer_id for m in memberships]
    invoices = Invoice.objects.filter(booking__employer_id__in=employer_ids).order_by("id")
    return {
        "employer_memberships": [_row(m, exclude=("user",)) for m in memberships.order_by("id")],
        "bookings_you_created": [
            _row(b) for b in SlotBooking.objects.filter(created_by=user).order_by("id")
        ],
        "invoices_of_your_employers": [_row(i) for i in invoices],
    }


def _organiser_part(user: User) -> dict[str, Any]:
    return {
        "organisation_memberships": [
            _row(m, exclude=("user",))
            for m in OrganisationMembership.objects.filter(user=user).order_by("id")
        ],
        "coordinator_memberships": [
            _row(m, exclude=("user",))
            for m in CoordinatorMembership.objects.filter(user=user).order_by("id")
        ],
        "invitations_you_sent": [
            _row(i)
            for model in (OrganiserInvitation, CoordinatorInvitation)
            for i in model.objects.filter(invited_by=user).order_by("id")
        ],
    }


def personal_data(user: User) -> dict[str, Any]:
    """The content of data.json: everything we hold about `user`."""
    return {
        "generated_at": _value(timezone.now()),
        "account": _account(user),
        **_candidate_part(user),
        **_employer_part(user),
        **_organiser_part(user),
        "emails": {"note": EMAILS_NOTE},
    }


def personal_data_export(user: User) -> bytes:
    """A ZIP with `data.json` at its root and the CV (if any) under `cv/<filename>`."""
    data = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        candidate = Candidate.objects.filter(user=user).first()
        if candidate is not None and candidate.cv.name:
            filename = candidate.cv.name.rsplit("/", 1)[-1]
            with candidate.cv.open("rb") as cv:
                archive.writestr(f"cv/{filename}", cv.read())
    return buffer.getvalue()
