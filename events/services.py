"""Writes to organisations and trips. Every status change goes through `trip_transition`."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.exceptions import AlreadyExists, ValidationFailed
from core.tasks import enqueue_on_commit
from core.transitions import check_transition, status_transition

from .models import (
    Organisation,
    OrganisationMembership,
    Sector,
    Trip,
    TripStatus,
)

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


def _unique_slug(base: str) -> str:
    slug = slugify(base)[:70] or "trip"
    candidate, n = slug, 2
    while Trip.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _full_clean(trip: Trip) -> None:
    try:
        trip.full_clean(exclude=["organisation", "sectors"])
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
    actor,
    sectors: list[Sector],
    slug: str = "",
    **fields: Any,
) -> Trip:
    """Create a draft trip. Validates dates and capacities; picks a free slug if none is given."""
    unknown = set(fields) - set(TRIP_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown trip fields: {sorted(unknown)}")
    trip = Trip(
        organisation=organisation, slug=slug or _unique_slug(fields.get("title", "")), **fields
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
def trip_update(*, trip: Trip, actor, sectors: list[Sector] | None = None, **fields: Any) -> Trip:
    """Change a trip's details (not its status). Locks the row to serialise concurrent edits."""
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
    return trip


@transaction.atomic
def trip_transition(*, trip: Trip, actor, to_status: str) -> Trip:
    """Move a trip to `to_status` if the transition table allows it; records who and when.

    Publishing also requires a sector and a start in the future, and (after commit) enqueues
    the invitations to everyone in the talent database whose sectors match.
    """
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
    *, organisation: Organisation, actor, **fields: Any
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


def _organiser_group():

    group, _created = Group.objects.get_or_create(name=ORGANISER_GROUP)
    perms = Permission.objects.none()
    for app_label, models in ORGANISER_ADMIN_MODELS.items():
        perms |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    group.permissions.set(perms)  # kept in step with ORGANISER_ADMIN_MODELS
    return group


@transaction.atomic
def organiser_add(*, organisation: Organisation, user) -> OrganisationMembership:
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
