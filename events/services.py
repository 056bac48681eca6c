"""Writes to organisations and trips. Every status change goes through `trip_transition`, except
cancelling, whose consequences reach the apps above this one: `backoffice.services.trip_cancel`
does all of it and moves the status with `trip_status_cancel`."""

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import (
    AlreadyExists,
    InvalidTransition,
    NotPermitted,
    RateLimited,
    ValidationFailed,
)
from core.invitations import (
    invitation_accept_check,
    invitation_create,
    invitation_email_normalize,
    invitation_mark_accepted,
    invitation_revoke,
)
from core.models import User
from core.tasks import enqueue_on_commit
from core.transitions import check_transition, status_transition
from core.validators import validate_phone

from .models import (
    AccessibilityReport,
    Organisation,
    OrganisationMembership,
    OrganiserInvitation,
    RetentionPolicy,
    Sector,
    Trip,
    TripStatus,
)
from .selectors import accessibility_reports_recent, trip_slug_free
from .tasks import email_accessibility_report, email_organiser_invitation, email_organisers

S = TripStatus
TRIP_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.PUBLISHED, S.CANCELLED}),
    S.PUBLISHED: frozenset({S.CLOSED, S.CANCELLED}),
    S.CLOSED: frozenset({S.COMPLETED, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}

TRIP_EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "base_locations",
    "candidate_capacity",
    "employer_slots",
    "slot_price_ore",
    "application_deadline",
    "booking_refund_cutoff",
    "international_applicants",
    "contact_phone",
    "emergency_contact",
)


def validation_failed(error: ValidationError) -> ValidationFailed:
    """Turn a Django ValidationError into our error with a field → messages map."""
    if hasattr(error, "error_dict"):
        fields = {
            (name if name != "__all__" else "non_field_errors"): [
                m for e in errs for m in e.messages
            ]
            for name, errs in error.error_dict.items()
        }
    else:
        fields = {"non_field_errors": error.messages}
    first = next(iter(fields.values()))[0]
    return ValidationFailed(first, extra={"fields": fields})


def _full_clean(trip: Trip) -> None:
    try:
        trip.full_clean(exclude=["organisation", "sectors"])
        if trip.contact_phone:
            try:
                validate_phone(trip.contact_phone)
            except ValidationError as error:
                raise ValidationError({"contact_phone": error.messages}) from error
    except ValidationError as error:
        raise validation_failed(error) from error


def _save_sectors(trip: Trip, sectors: list[Sector]) -> None:
    if not sectors:
        raise ValidationFailed(
            _("Choose at least one sector."), extra={"fields": {"sectors": [_("Required.")]}}
        )
    trip.sectors.set(sectors)


@transaction.atomic
def trip_create(
    *,
    organisation: Organisation,
    actor: User | None,
    sectors: list[Sector],
    slug: str = "",
    **fields: Any,
) -> Trip:
    """Create a draft trip. Validates dates and capacities; picks a free slug if none is given."""
    unknown = set(fields) - set(TRIP_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown trip fields: {sorted(unknown)}")
    trip = Trip(
        organisation=organisation, slug=slug or trip_slug_free(fields.get("title", "")), **fields
    )
    _full_clean(trip)
    try:
        with transaction.atomic():
            trip.save()
    except IntegrityError as error:
        raise AlreadyExists(
            _("A trip with the address “%(slug)s” already exists.") % {"slug": trip.slug},
            extra={"fields": {"slug": [_("Already taken.")]}},
        ) from error
    _save_sectors(trip, sectors)
    return trip


@transaction.atomic
def trip_update(
    *, trip: Trip, actor: User | None, sectors: list[Sector] | None = None, **fields: Any
) -> Trip:
    """Change a trip's details (not its status). Locks the row to serialise concurrent edits.
    After commit, the trip's itinerary PDFs (which print its title, dates and whom to call)
    are rebuilt — that app depends on this one, so its task is named by path (core.tasks)."""
    unknown = set(fields) - set(TRIP_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown trip fields: {sorted(unknown)}")
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    for name, value in fields.items():
        setattr(trip, name, value)
    _full_clean(trip)
    trip.save()
    if sectors is not None:
        _save_sectors(trip, sectors)
    enqueue_on_commit("itineraries.tasks.refresh_itinerary_documents", trip_ids=[trip.pk])
    return trip


def trip_transition(*, trip: Trip, actor: User | None, to_status: str) -> Trip:
    """Move a trip to `to_status` if the transition table allows it; records who and when.

    Publishing also requires a sector and a start in the future, and (after commit) enqueues
    the invitations to everyone in the talent database whose sectors match. Cancelling is
    refused here (InvalidTransition): it goes through `backoffice.services.trip_cancel`.
    """
    if to_status == S.CANCELLED:
        # Cancelling tells applicants and employers and cancels bookings and the programme,
        # which live in apps above this one; a bare status change would hide all that.
        raise InvalidTransition(
            "A trip is cancelled with backoffice.services.trip_cancel, which also handles "
            "its applications, bookings and programme.",
            extra={"current_status": trip.status},
        )
    return _trip_move(trip=trip, actor=actor, to_status=to_status)


def trip_status_cancel(*, trip: Trip, actor: User | None) -> Trip:
    """Only the status move to cancelled (trip row locked, table checked, history row).

    Called by `backoffice.services.trip_cancel` inside its transaction, after it has locked
    the trip; call that instead, which also handles the consequences.
    """
    return _trip_move(trip=trip, actor=actor, to_status=S.CANCELLED)


@transaction.atomic
def _trip_move(*, trip: Trip, actor: User | None, to_status: str) -> Trip:
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    # Checked before the publishing rules too, so a move off the table is reported as such.
    check_transition(
        table=TRIP_TRANSITIONS, labels=dict(S.choices), current=trip.status, target=to_status
    )
    now = timezone.now()
    if to_status == S.PUBLISHED:
        if trip.starts_at <= now:
            raise ValidationFailed(_("A trip that has already started cannot be published."))
        if not trip.sectors.exists():
            raise ValidationFailed(_("Choose at least one sector before publishing."))
        trip.published_at = trip.published_at or now
    first_publication = to_status == S.PUBLISHED and trip.status == S.DRAFT
    status_transition(
        trip,
        table=TRIP_TRANSITIONS,
        labels=dict(S.choices),
        to_status=to_status,
        actor=actor,
        at=now,
        update_fields=["published_at", "updated_at"],
    )
    if first_publication:
        # Invite the talent database: the candidates app (which depends on this one) sends
        # the invitations in batches, so its task is named by path (see core.tasks).
        enqueue_on_commit("candidates.tasks.enqueue_trip_alerts", trip_id=trip.pk)
    return trip


BILLING_FIELDS = (
    "billing_name",
    "org_number",
    "billing_address",
    "bankgiro",
    "plusgiro",
    "iban",
    "bic",
    "vat_number",
    "vat_rate",
    "payment_terms_days",
    "invoice_reminder_days",
    "invoice_grace_days",
)


@transaction.atomic
def organisation_billing_update(
    *, organisation: Organisation, actor: User, **fields: Any
) -> Organisation:
    """Change an organisation's billing details (only those: the others are not edited here).

    Locks the organisation's row; validates each field. Invoices already issued keep the
    details they were issued with. Once the details are complete, the invoices that waited for
    them are issued after commit (the employers app's task, named by path: see core.tasks).
    """
    unknown = set(fields) - set(BILLING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown billing fields: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name, value in fields.items():
        setattr(organisation, name, value)
    try:
        organisation.full_clean(exclude=["name", "slug", "contact_email", "website"])
    except ValidationError as error:
        raise validation_failed(error) from error
    organisation.save(update_fields=list(fields))
    if not organisation.billing_missing:
        enqueue_on_commit("employers.tasks.issue_pending_invoices", organisation_id=organisation.pk)
    return organisation


ORGANISER_GROUP = "Organisers"
# Models organisers manage in the Django admin (always scoped to their organisation there).
ORGANISER_ADMIN_MODELS = {
    "events": ["trip"],
    "candidates": ["application"],
    "employers": ["employer", "hiringneed", "slotbooking"],
    "itineraries": ["itineraryitem"],
}


def _organiser_group() -> Group:

    group, _created = Group.objects.get_or_create(name=ORGANISER_GROUP)
    perms = Permission.objects.none()
    for app_label, models in ORGANISER_ADMIN_MODELS.items():
        perms |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    group.permissions.set(perms)  # kept in step with ORGANISER_ADMIN_MODELS
    return group


@transaction.atomic
def organiser_add(*, organisation: Organisation, user: User) -> OrganisationMembership:
    """Make `user` an organiser of `organisation`.

    Side effects: the user becomes staff (for the scoped Django admin) and joins the
    Organisers permission group.
    """
    membership, _created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=user
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(_organiser_group())
    return membership


def _organiser_remove_admin_access(user: User) -> None:
    """Undo `organiser_add`'s admin access for someone who organises nothing any more
    (superusers keep theirs)."""
    if user.is_superuser or OrganisationMembership.objects.filter(user=user).exists():
        return
    user.groups.remove(_organiser_group())
    if user.is_staff:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


# --- Running an organisation: its details, logo and organisers --------------------------------

# The organisation's details its organisers edit in the back office.
ORGANISATION_EDITABLE_FIELDS = (
    "name",
    "contact_email",
    "website",
    # Billing details (org. number, address, bankgiro/plusgiro/IBAN, VAT number and rate,
    # payment terms) come with the invoices (issue 10.2): add their field names here.
)


def _lock_managed_organisation(*, organisation: Organisation, actor: User) -> Organisation:
    """Lock the organisation's row for a change by one of its organisers or a superuser."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not (
        actor.is_superuser
        or OrganisationMembership.objects.filter(organisation=organisation, user=actor).exists()
    ):
        raise NotPermitted(
            _("Only organisers of %(organisation)s can do this.") % {"organisation": organisation}
        )
    return organisation


def _name_taken(name: str) -> AlreadyExists:
    return AlreadyExists(
        _("An organisation named “%(name)s” already exists.") % {"name": name},
        extra={"fields": {"name": [_("Already taken.")]}},
    )


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor: User, **fields: Any) -> Organisation:
    """Change the organisation's details (ORGANISATION_EDITABLE_FIELDS; the slug, used in
    links, stays). Locks its row. Raises NotPermitted unless `actor` is one of its organisers
    or a superuser, AlreadyExists if another organisation has the name."""
    unknown = set(fields) - set(ORGANISATION_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    organisation = _lock_managed_organisation(organisation=organisation, actor=actor)
    for name, value in fields.items():
        setattr(organisation, name, value)
    try:
        with transaction.atomic():
            organisation.save(update_fields=list(fields))
    except IntegrityError as error:
        raise _name_taken(organisation.name) from error
    return organisation


@transaction.atomic
def organisation_logo_set(*, organisation: Organisation, actor: User, file: File) -> Organisation:
    """Store a new logo (already checked: `core.images.validate_logo`) and delete the old file
    after commit. Locks the row; the stored name carries no part of the uploaded name."""
    organisation = _lock_managed_organisation(organisation=organisation, actor=actor)
    old_name = organisation.logo.name if organisation.logo else ""
    storage = organisation.logo.storage
    organisation.logo.save("logo", file, save=False)
    organisation.save(update_fields=["logo"])
    if old_name and old_name != organisation.logo.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return organisation


@transaction.atomic
def organisation_create(
    *,
    actor: User,
    name: str,
    slug: str,
    contact_email: str = "",
    first_organiser_email: str,
    language: str = "sv",
) -> Organisation:
    """Create an organisation and invite its first organiser (`organiser_invitation_create`:
    the email goes after commit). Superusers only (NotPermitted otherwise); AlreadyExists if
    the name or the slug is taken."""
    if not actor.is_superuser:
        raise NotPermitted(_("Only superusers can create organisations."))
    if Organisation.objects.filter(slug=slug).exists():
        raise AlreadyExists(
            _("The address “%(slug)s” is taken.") % {"slug": slug},
            extra={"fields": {"slug": [_("Already taken.")]}},
        )
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name, slug=slug, contact_email=contact_email
            )
    except IntegrityError as error:
        raise _name_taken(name) from error
    organiser_invitation_create(
        organisation=organisation, actor=actor, email=first_organiser_email, language=language
    )
    return organisation


@transaction.atomic
def organiser_invitation_create(
    *, organisation: Organisation, actor: User, email: str, language: str = "sv"
) -> OrganiserInvitation:
    """Invite `email` to become an organiser of `organisation`. Nobody becomes one by being
    invited: the invitee accepts from the emailed link (`organiser_invitation_accept`). No
    account is created or looked up, so the answer is the same whether or not the address has
    one. Locks the organisation row; withdraws an open invitation to the same address; enqueues
    the email (`email_organiser_invitation`) after commit. Raises NotPermitted unless `actor`
    is one of its organisers or a superuser, AlreadyExists if the address is one already."""
    organisation = _lock_managed_organisation(organisation=organisation, actor=actor)
    email = invitation_email_normalize(email)
    if OrganisationMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise AlreadyExists(
            _("%(email)s is already an organiser of %(organisation)s.")
            % {"email": email, "organisation": organisation.name},
            extra={"fields": {"email": [_("Already an organiser.")]}},
        )
    invitation = invitation_create(
        OrganiserInvitation,
        email=email,
        invited_by=actor,
        language=language,
        organisation=organisation,
    )
    enqueue_on_commit(email_organiser_invitation, invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def organiser_invitation_accept(
    *, invitation: OrganiserInvitation, user: User
) -> OrganisationMembership:
    """`user` accepts and becomes an organiser (`organiser_add`: staff, admin permissions).
    Locks the invitation row; raises NotPermitted unless `user` has the invited address,
    InvalidTransition or DeadlinePassed if it was withdrawn, accepted already or has expired."""
    invitation = OrganiserInvitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    invitation_accept_check(invitation, user=user, now=now)
    membership = organiser_add(organisation=invitation.organisation, user=user)
    invitation_mark_accepted(invitation, user=user, now=now)
    return membership


@transaction.atomic
def organiser_invitation_revoke(
    *, invitation: OrganiserInvitation, actor: User
) -> OrganiserInvitation:
    """Withdraw an open invitation (its link stops working). Raises NotPermitted unless
    `actor` is an organiser of its organisation or a superuser."""
    _lock_managed_organisation(organisation=invitation.organisation, actor=actor)
    invitation = OrganiserInvitation.objects.get(pk=invitation.pk)
    invitation_revoke(invitation)
    return invitation


@transaction.atomic
def organiser_remove(
    *, organisation: Organisation, actor: User, membership: OrganisationMembership
) -> OrganisationMembership:
    """Remove an organiser, or (for `actor`'s own membership) leave. Locks the organisation
    row, so that the last two cannot remove each other; raises ValidationFailed for the last
    organiser. Someone who then organises nothing loses the admin access `organiser_add` gave.
    Someone removed by another is told by email (`organiser_removed`, after commit)."""
    organisation = _lock_managed_organisation(organisation=organisation, actor=actor)
    membership = OrganisationMembership.objects.select_related("user").get(
        pk=membership.pk, organisation=organisation
    )
    if OrganisationMembership.objects.filter(organisation=organisation).count() == 1:
        raise ValidationFailed(
            _(
                "%(name)s is the only organiser of %(organisation)s. Invite another organiser "
                "and let them accept first, so that someone can still run it."
            )
            % {"name": membership.user.get_full_name(), "organisation": organisation.name}
        )
    membership.delete()
    _organiser_remove_admin_access(membership.user)
    if membership.user_id != actor.pk:
        enqueue_on_commit(
            email_organisers,
            organisation_id=organisation.pk,
            user_ids=[membership.user_id],
            template="organiser_removed",
            actor_id=actor.pk,
        )
    return membership


# --- Retention (issue 14.4): how long an organisation keeps what its trips gather -------------

# Each period's unit and its sane limits (inclusive), checked here and shown by the form.
RETENTION_LIMITS: dict[str, tuple[int, int]] = {
    "unconfirmed_registration_days": (1, 365),
    "application_months": (1, 120),
    "inactive_account_months": (1, 120),
    "inactive_grace_days": (7, 365),
    "employer_notes_months": (1, 120),
    "audit_months": (1, 120),
}


@transaction.atomic
def retention_policy_update(
    *, organisation: Organisation, actor: User, **fields: int
) -> RetentionPolicy:
    """Set the organisation's retention periods (RETENTION_LIMITS' fields; the others keep
    their values, the defaults for a new row). Locks the organisation's row; NotPermitted
    unless `actor` organises it (or is a superuser); ValidationFailed naming each period
    outside its limits. The next `apply_retention` run applies the new periods."""
    unknown = set(fields) - set(RETENTION_LIMITS)
    if unknown:
        raise TypeError(f"Unknown retention fields: {sorted(unknown)}")
    organisation = _lock_managed_organisation(organisation=organisation, actor=actor)
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        low, high = RETENTION_LIMITS[name]
        if not low <= value <= high:
            errors[name] = [_("Between %(low)s and %(high)s.") % {"low": low, "high": high}]
    if errors:
        raise ValidationFailed(
            _("Some periods are outside their limits."), extra={"fields": errors}
        )
    policy, _created = RetentionPolicy.objects.get_or_create(organisation=organisation)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()
    return policy


# One client may send this many accessibility reports an hour (the form reaches a person's
# inbox, so it must not become a way to flood it).
ACCESSIBILITY_REPORTS_PER_HOUR = 5


def accessibility_report_create(
    *,
    organisation: Organisation,
    page: str,
    description: str,
    email: str = "",
    language: str = "sv",
    client: str = "",
) -> AccessibilityReport:
    """Store a report from the accessibility statement's form and email it to the
    organisation's contact address after commit. NotPermitted when the organisation has no
    contact address; RateLimited when this client sent too many reports in the last hour."""
    if not organisation.contact_email:
        raise NotPermitted(_("This organisation cannot receive reports here."))
    client_hash = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()
    since = timezone.now() - timedelta(hours=1)
    if accessibility_reports_recent(client_hash=client_hash, since=since) >= (
        ACCESSIBILITY_REPORTS_PER_HOUR
    ):
        raise RateLimited(
            _(
                "You have sent several reports in the last hour. Please try again later, or "
                "write to %(email)s."
            )
            % {"email": organisation.contact_email}
        )
    report = AccessibilityReport.objects.create(
        organisation=organisation,
        page=page.strip(),
        description=description.strip(),
        email=email.strip().lower(),
        language=language,
        client_hash=client_hash,
    )
    enqueue_on_commit(email_accessibility_report, report_id=report.pk)
    return report
