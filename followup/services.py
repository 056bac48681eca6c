"""Writes of the follow-up (issue 13.1–13.2): relocation coordinators (invited by an
organisation's organisers, removed by them), cases made by hand or for everyone who attended
a trip, their edits (optimistic locking: `stages.check_version`), and the contact log.

A case's stage changes only through `stages.case_stage_set`. After every create and update
of a case, `routing.case_needs_route` turns its household's needs into tasks."""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Application, ApplicationStatus, Candidate
from core.exceptions import AlreadyExists, NotPermitted, ValidationFailed
from core.invitations import (
    invitation_accept_check,
    invitation_create,
    invitation_email_normalize,
    invitation_mark_accepted,
    invitation_revoke,
)
from core.models import User
from core.tasks import enqueue_on_commit
from events.models import Organisation, OrganisationMembership, Trip
from events.services import validation_failed

from .access import coordinators_of, follows_up
from .models import (
    CaseSource,
    CaseStage,
    CaseTask,
    ContactChannel,
    ContactEntry,
    CoordinatorInvitation,
    CoordinatorMembership,
    FollowUpCase,
)
from .routing import case_needs_route
from .stages import case_stage_advance, check_version
from .tasks import email_coordinator_invitation

# --- Coordinators ---------------------------------------------------------------------------


def _lock_organised(*, organisation: Organisation, actor: User) -> Organisation:
    """Lock the organisation's row for a change of its coordinators by one of its organisers
    (or a superuser); NotPermitted for anyone else (coordinators do not invite coordinators)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not (
        actor.is_superuser
        or OrganisationMembership.objects.filter(organisation=organisation, user=actor).exists()
    ):
        raise NotPermitted(
            _("Only organisers of %(organisation)s can do this.") % {"organisation": organisation}
        )
    return organisation


@transaction.atomic
def coordinator_invite(
    *, organisation: Organisation, actor: User, email: str, language: str = "sv"
) -> CoordinatorInvitation:
    """Invite `email` to become a relocation coordinator of `organisation`: they become one
    when they accept from the emailed link (`coordinator_invitation_accept`). Withdraws an
    open invitation to the same address; the email goes after commit. NotPermitted unless
    `actor` organises it; AlreadyExists if the address is a coordinator already."""
    organisation = _lock_organised(organisation=organisation, actor=actor)
    email = invitation_email_normalize(email)
    if CoordinatorMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise AlreadyExists(
            _("%(email)s is already a relocation coordinator of %(organisation)s.")
            % {"email": email, "organisation": organisation.name},
            extra={"fields": {"email": [_("Already a relocation coordinator.")]}},
        )
    invitation = invitation_create(
        CoordinatorInvitation,
        email=email,
        invited_by=actor,
        language=language,
        organisation=organisation,
    )
    enqueue_on_commit(email_coordinator_invitation, invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def coordinator_invitation_accept(
    *, invitation: CoordinatorInvitation, user: User
) -> CoordinatorMembership:
    """`user` accepts and becomes a relocation coordinator of the organisation. Raises
    NotPermitted for another address, InvalidTransition or DeadlinePassed if the invitation
    was withdrawn, accepted already or has expired."""
    invitation = CoordinatorInvitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    invitation_accept_check(invitation, user=user, now=now)
    membership, _created = CoordinatorMembership.objects.get_or_create(
        organisation_id=invitation.organisation_id, user=user
    )
    invitation_mark_accepted(invitation, user=user, now=now)
    return membership


@transaction.atomic
def coordinator_invitation_revoke(
    *, invitation: CoordinatorInvitation, actor: User
) -> CoordinatorInvitation:
    """Withdraw an open invitation (its link stops working); organisers only."""
    _lock_organised(organisation=invitation.organisation, actor=actor)
    invitation = CoordinatorInvitation.objects.get(pk=invitation.pk)
    invitation_revoke(invitation)
    return invitation


@transaction.atomic
def coordinator_remove(
    *, organisation: Organisation, actor: User, membership: CoordinatorMembership
) -> CoordinatorMembership:
    """Remove a relocation coordinator (organisers only). Unless they also organise the
    organisation (and so still follow up its cases), their open cases and tasks there are
    unassigned, so that they show up as nobody's rather than disappear."""
    organisation = _lock_organised(organisation=organisation, actor=actor)
    membership = CoordinatorMembership.objects.select_related("user").get(
        pk=membership.pk, organisation=organisation
    )
    membership.delete()
    user = membership.user
    if not OrganisationMembership.objects.filter(organisation=organisation, user=user).exists():
        FollowUpCase.objects.filter(organisation=organisation, assignee=user).update(
            assignee=None, updated_at=timezone.now()
        )
        CaseTask.objects.filter(
            case__organisation=organisation, assignee=user, done_at__isnull=True
        ).update(assignee=None, updated_at=timezone.now())
    return membership


# --- Cases ----------------------------------------------------------------------------------

CHILD_NEEDS = ("preschool", "school", "")
CHILD_MAX_AGE = 25
# What an edit of a case may change (the stage has its own service: stages.case_stage_set).
CASE_EDITABLE_FIELDS = (
    "name",
    "email",
    "phone",
    "city",
    "source",
    "source_note",
    "assignee",
    "partner_name",
    "partner_occupation",
    "partner_looking_for_work",
    "children",
    "housing_need",
    "housing_from",
    "housing_where",
    "notes",
)
# Checked by our own code (clearer messages), not by the model's full_clean.
_CLEAN_EXCLUDE = ["organisation", "candidate", "assignee", "created_by", "children", "stage"]


def _field_error(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, extra={"fields": {field: [message]}})


def children_clean(children: Any) -> list[dict[str, Any]]:
    """The children as stored: a list of {"age": 0–25, "need": "preschool"|"school"|""};
    ValidationFailed (on `children`) for anything else."""
    if children in (None, ""):
        return []
    if not isinstance(children, list):
        raise _field_error("children", _("Children must be a list of ages and needs."))
    cleaned = []
    for number, child in enumerate(children, start=1):
        age = child.get("age") if isinstance(child, dict) else None
        need = child.get("need", "") if isinstance(child, dict) else None
        if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= CHILD_MAX_AGE:
            raise _field_error(
                "children",
                _("Child %(number)d: the age must be a whole number from 0 to %(max)d.")
                % {"number": number, "max": CHILD_MAX_AGE},
            )
        if need is None:
            need = ""
        if need not in CHILD_NEEDS:
            raise _field_error(
                "children",
                _("Child %(number)d: the need must be preschool, school or nothing.")
                % {"number": number},
            )
        cleaned.append({"age": age, "need": need})
    return cleaned


def child_need_for_age(age: int) -> str:
    """The place a child of `age` usually needs: preschool from 1 to 5, school from 6 to 15."""
    if 1 <= age <= 5:
        return "preschool"
    if 6 <= age <= 15:
        return "school"
    return ""


def _email_clean(email: str) -> str:
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise _field_error("email", _("Enter a valid email address.")) from error
    return email


def _check_no_open_duplicate(
    *, organisation_id: int, email: str, excluding: FollowUpCase | None = None
) -> None:
    """One open case per address and organisation: a second one is refused, naming it."""
    if not email:
        return
    others = FollowUpCase.objects.filter(organisation_id=organisation_id, email__iexact=email)
    others = others.exclude(stage=CaseStage.CLOSED)
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
    existing = others.order_by("id").first()
    if existing is not None:
        message = _(
            "%(email)s already has an open case: “%(name)s” (case %(number)d). Open that one "
            "instead of making another."
        ) % {"email": email, "name": existing.name, "number": existing.pk}
        raise ValidationFailed(
            message, extra={"fields": {"email": [message]}, "existing_case": existing.pk}
        )


def _check_assignee(organisation: Organisation, assignee: User | None) -> None:
    if assignee is not None and not coordinators_of(organisation).filter(pk=assignee.pk).exists():
        raise _field_error(
            "assignee",
            _("%(name)s does not follow up this organisation's cases.")
            % {"name": assignee.get_full_name() or assignee.email},
        )


def _check_hand_source(source: str) -> None:
    if source == CaseSource.TRIP or source not in CaseSource.values:
        raise _field_error(
            "source",
            _("Choose how they got in touch (cases from a trip are made automatically)."),
        )


def _full_clean(case: FollowUpCase) -> None:
    try:
        case.full_clean(exclude=_CLEAN_EXCLUDE, validate_constraints=False)
    except ValidationError as error:
        raise validation_failed(error) from error


@transaction.atomic
def case_create(
    *,
    organisation: Organisation,
    actor: User,
    name: str,
    source: str,
    email: str = "",
    phone: str = "",
    city: str = "",
    source_note: str = "",
    assignee: User | None = None,
    partner_name: str = "",
    partner_occupation: str = "",
    partner_looking_for_work: bool = False,
    children: Any = None,
    housing_need: str = "",
    housing_from: date | None = None,
    housing_where: str = "",
    notes: str = "",
) -> FollowUpCase:
    """A case by hand, for someone who got in touch another way than a trip (phone, fair,
    email, …: `source`, never trip). Locks the organisation row, so that two coordinators
    cannot make the same person's case twice: an open case with the same email address is a
    ValidationFailed (422) naming it (`extra["existing_case"]`). The first stage, in contact,
    is recorded in the history. NotPermitted unless `actor` follows up the organisation."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not follows_up(actor, organisation):
        raise NotPermitted(_("Only coordinators and organisers of the organisation can do this."))
    _check_hand_source(source)
    email = _email_clean(email)
    case = FollowUpCase(
        organisation=organisation,
        name=(name or "").strip(),
        email=email,
        phone=(phone or "").strip(),
        city=(city or "").strip(),
        source=source,
        source_note=(source_note or "").strip(),
        assignee=assignee,
        partner_name=(partner_name or "").strip(),
        partner_occupation=(partner_occupation or "").strip(),
        partner_looking_for_work=bool(partner_looking_for_work),
        children=children_clean(children),
        housing_need=housing_need or "",
        housing_from=housing_from,
        housing_where=(housing_where or "").strip(),
        notes=notes or "",
        created_by=actor,
    )
    _full_clean(case)
    _check_assignee(organisation, assignee)
    _check_no_open_duplicate(organisation_id=organisation.pk, email=email)
    case.save()
    case.status_changes.create(from_status="", to_status=case.stage, actor=actor)
    case_needs_route(case=case, actor=actor)
    return case


@transaction.atomic
def case_update(
    *, case: FollowUpCase, actor: User, expected_version: int | None, **fields: Any
) -> FollowUpCase:
    """Change a case's person, household, assignee or notes (CASE_EDITABLE_FIELDS). Locks the
    case; raises stages.CaseConflict (409) if it was saved since `expected_version` (nothing is
    changed then), ValidationFailed for bad input or an address that has another open case.
    Bumps the version."""
    unknown = set(fields) - set(CASE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown case fields: {sorted(unknown)}")
    case = FollowUpCase.objects.select_for_update().select_related("organisation").get(pk=case.pk)
    if not follows_up(actor, case.organisation_id):
        raise NotPermitted(_("Only coordinators and organisers of the organisation can do this."))
    check_version(case, expected_version)
    if "source" in fields and fields["source"] != case.source:
        if case.source == CaseSource.TRIP:
            raise _field_error("source", _("A case from a trip keeps its source."))
        _check_hand_source(fields["source"])
    if "email" in fields:
        fields["email"] = _email_clean(fields["email"])
    if "children" in fields:
        fields["children"] = children_clean(fields["children"])
    for name in ("name", "phone", "city", "source_note", "partner_name", "partner_occupation"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name in ("housing_need", "housing_where", "notes"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    for name, value in fields.items():
        setattr(case, name, value)
    _full_clean(case)
    if "assignee" in fields:
        _check_assignee(case.organisation, fields["assignee"])
    if "email" in fields:
        _check_no_open_duplicate(
            organisation_id=case.organisation_id, email=case.email, excluding=case
        )
    case.version += 1
    case.save()
    case_needs_route(case=case, actor=actor)
    return case


def _case_from_candidate(candidate: Candidate, trip: Trip) -> FollowUpCase:
    children = []
    for age in candidate.children_ages or []:
        if isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= CHILD_MAX_AGE:
            children.append({"age": age, "need": child_need_for_age(age)})
    return FollowUpCase(
        organisation_id=trip.organisation_id,
        candidate=candidate,
        name=candidate.name,
        email=(candidate.email or "").lower(),
        phone=candidate.phone,
        city=candidate.city,
        source=CaseSource.TRIP,
        source_note=trip.title[:300],
        stage=CaseStage.VISITED,
        partner_occupation=candidate.partner_occupation,
        partner_looking_for_work=candidate.partner_needs_job,
        children=children,
    )


def cases_open_for_attended(*, trip_id: int) -> list[FollowUpCase]:
    """A case (stage visited, source trip) for everyone who attended the trip, with the
    household their profile tells (partner, children's ages: preschool for 1–5, school for
    6–15). Idempotent: someone who has a case of the organisation already keeps it; an open
    case made by hand with the same address, not yet linked, is linked to the profile and
    moved on to visited. Returns the cases made or linked."""
    trip = Trip.objects.filter(pk=trip_id).first()
    if trip is None:
        return []
    applications = (
        Application.objects.filter(trip=trip, status=ApplicationStatus.ATTENDED)
        .select_related("candidate")
        .order_by("id")
    )
    done = []
    for application in applications:
        case = _case_open_for(application.candidate, trip)
        if case is not None:
            done.append(case)
    return done


@transaction.atomic
def _case_open_for(candidate: Candidate, trip: Trip) -> FollowUpCase | None:
    organisation_id = trip.organisation_id
    Organisation.objects.select_for_update().get(pk=organisation_id)
    if FollowUpCase.objects.filter(organisation_id=organisation_id, candidate=candidate).exists():
        return None
    email = (candidate.email or "").lower()
    by_hand = (
        FollowUpCase.objects.select_for_update()
        .filter(organisation_id=organisation_id, candidate__isnull=True, email__iexact=email)
        .exclude(stage=CaseStage.CLOSED)
        .order_by("id")
        .first()
        if email
        else None
    )
    if by_hand is not None:
        by_hand.candidate = candidate
        by_hand.version += 1
        by_hand.save(update_fields=["candidate", "version", "updated_at"])
        case = case_stage_advance(
            case=by_hand, actor=None, stage=CaseStage.VISITED, note=trip.title
        )
        case_needs_route(case=case, actor=None)
        return case
    case = _case_from_candidate(candidate, trip)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # made meanwhile by another run of the task
        return None
    case.status_changes.create(
        from_status="", to_status=case.stage, actor=None, note=trip.title[:300]
    )
    case_needs_route(case=case, actor=None)
    return case


# --- The contact log --------------------------------------------------------------------------

# Channels a person records by hand (job tips are recorded when one is sent).
CONTACT_CHANNELS_BY_HAND = tuple(c for c in ContactChannel.values if c != ContactChannel.JOB_TIP)
CONTACT_FUTURE_SLACK = timedelta(days=1)


def contact_add(
    *, case: FollowUpCase, actor: User, occurred_at: datetime | None, channel: str, note: str
) -> ContactEntry:
    """Record a contact with the person: when (not more than a day ahead: time zones), how
    (ContactChannel, except job tips, which sending one records), what was said."""
    if not follows_up(actor, case.organisation_id):
        raise NotPermitted(_("Only coordinators and organisers of the organisation can do this."))
    if channel not in CONTACT_CHANNELS_BY_HAND:
        raise _field_error("channel", _("Choose how you were in contact."))
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + CONTACT_FUTURE_SLACK:
        raise _field_error("occurred_at", _("A contact cannot be in the future."))
    note = (note or "").strip()
    if len(note) > 5000:
        raise _field_error("note", _("Keep the note under 5,000 characters."))
    return ContactEntry.objects.create(
        case=case, occurred_at=occurred_at, channel=channel, note=note, author=actor
    )
