"""Employer-side writes: registration, approval, hiring needs and slot bookings."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.exceptions import (
    AlreadyExists,
    CapacityExceeded,
    InvalidTransition,
    NotPermitted,
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
from core.services import user_create
from core.tasks import enqueue_on_commit
from core.transitions import status_history_record, status_transition
from events.models import Organisation, Sector, Trip, TripStatus

from .invoices import credit_note_issue
from .models import (
    ACTIVE_BOOKING_STATUSES,
    BookingStatus,
    Employer,
    EmployerInvitation,
    EmployerMembership,
    HiringNeed,
    HiringNeedStatus,
    InvoiceKind,
    PaymentMethod,
    SlotBooking,
)
from .selectors import booking_team_editable
from .tasks import email_employer_invitation, email_employer_people
from .validators import normalize_org_number

B = BookingStatus
BOOKING_TRANSITIONS: dict[str, frozenset[str]] = {
    B.HELD: frozenset({B.PENDING_PAYMENT, B.CONFIRMED, B.CANCELLED}),
    B.PENDING_PAYMENT: frozenset({B.CONFIRMED, B.CANCELLED}),
    B.CONFIRMED: frozenset({B.CANCELLED, B.REFUNDED}),
    B.CANCELLED: frozenset({B.REFUNDED}),
    B.REFUNDED: frozenset(),
}


def _unique_slug(name: str) -> str:
    slug = slugify(name)[:70] or "employer"
    candidate, n = slug, 2
    while Employer.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


@transaction.atomic
def employer_register(
    *,
    organisation: Organisation,
    user: User,
    name: str,
    org_number: str,
    sectors: Iterable[Sector],
    **fields: Any,
) -> Employer:
    """Register an employer (unapproved) with `user` as its first member."""
    number = normalize_org_number(org_number)
    if Employer.objects.filter(org_number=number).exists():
        raise AlreadyExists(
            _("An employer with organisation number %(n)s is already registered.") % {"n": number},
            extra={"fields": {"org_number": [_("Already registered.")]}},
        )
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                organisation=organisation,
                name=name,
                org_number=number,
                slug=_unique_slug(name),
                **fields,
            )
    except IntegrityError as error:  # a concurrent registration won the race
        raise AlreadyExists(_("This employer is already registered.")) from error
    employer.sectors.set(sectors)
    EmployerMembership.objects.create(employer=employer, user=user)
    return employer


@transaction.atomic
def employer_approve(*, employer: Employer, actor: User | None) -> Employer:
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.approved_at is None:
        employer.approved_at = timezone.now()
        employer.approved_by = actor
        employer.save(update_fields=["approved_at", "approved_by"])
    return employer


def hiring_need_create(*, employer: Employer, **fields: Any) -> HiringNeed:
    return HiringNeed.objects.create(employer=employer, **fields)


@transaction.atomic
def booking_hold(
    *,
    employer: Employer,
    trip: Trip,
    actor: User | None,
    payment_method: str = PaymentMethod.INVOICE,
    po_reference: str = "",
    invoice_address: str = "",
) -> SlotBooking:
    """Hold one of the trip's employer slots for BOOKING_HOLD_DURATION.

    `po_reference` and `invoice_address` are printed on an invoice booking's invoice.

    Locks the trip row, releases expired holds and lapsed unpaid invoice bookings, then
    checks held + pending + confirmed bookings against the trip's slots. Raises
    CapacityExceeded when fully booked.
    """
    if not employer.is_approved:
        raise NotPermitted(_("Your organisation must be approved by an organiser before booking."))
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != TripStatus.PUBLISHED:
        raise InvalidTransition(_("This trip is not open for bookings."))
    now = timezone.now()
    _release_expired_holds(trip=trip, now=now)
    _release_lapsed_invoice_bookings(trip=trip, now=now)
    active = SlotBooking.objects.filter(trip=trip, status__in=ACTIVE_BOOKING_STATUSES)
    if active.filter(employer=employer).exists():
        raise AlreadyExists(_("Your organisation already has a booking on this trip."))
    if active.count() >= trip.employer_slots:
        raise CapacityExceeded(_("This trip is fully booked."))
    booking = SlotBooking.objects.create(
        employer=employer,
        trip=trip,
        amount_ore=trip.slot_price_ore,
        hold_expires_at=now + settings.BOOKING_HOLD_DURATION,
        payment_method=payment_method,
        po_reference=po_reference.strip(),
        invoice_address=invoice_address.strip(),
        created_by=actor,
        created_at=now,
    )
    status_history_record(booking, from_status="", to_status=B.HELD, actor=actor, at=now)
    return booking


def _release_expired_holds(*, trip: Trip, now: datetime) -> int:
    expired = list(SlotBooking.objects.filter(trip=trip, status=B.HELD, hold_expires_at__lte=now))
    for booking in expired:
        _move(booking=booking, to_status=B.CANCELLED, actor=None)
    return len(expired)


def _lapsed_invoice_bookings(*, now: datetime) -> QuerySet[SlotBooking]:
    """Invoice bookings still unpaid after their invoice's grace period, on trips that have
    not started (once a trip has started there is no slot left to free)."""
    return SlotBooking.objects.filter(
        status=B.PENDING_PAYMENT,
        payment_method=PaymentMethod.INVOICE,
        invoices__kind=InvoiceKind.INVOICE,
        invoices__release_at__lte=now,
        trip__starts_at__gt=now,
    )


def _release_lapsed_invoice_bookings(*, trip: Trip, now: datetime) -> int:
    lapsed = list(_lapsed_invoice_bookings(now=now).filter(trip=trip))
    for booking in lapsed:
        _release_unpaid(booking=booking, now=now)
    return len(lapsed)


def _release_unpaid(*, booking: SlotBooking, now: datetime) -> SlotBooking:
    booking = _move(booking=booking, to_status=B.CANCELLED, actor=None)
    # The invoice is void: credited, and the credit note goes with the email saying so.
    credit_note_issue(booking=booking, now=now, email="invoice_lapsed")
    return booking


@transaction.atomic
def invoice_booking_release_if_lapsed(
    *, booking_id: int, now: datetime | None = None
) -> SlotBooking | None:
    """Release an invoice booking still unpaid after its grace period (the deferred task and
    `process_invoices`; `booking_hold` does the same for a trip when it checks capacity).

    Locks the booking row. The booking is cancelled (freeing its slot), its invoice credited,
    and the members emailed with the credit note. Anything else is left alone.
    """
    now = now or timezone.now()
    booking = (
        _lapsed_invoice_bookings(now=now)
        .select_for_update(of=("self",))
        .filter(pk=booking_id)
        .first()
    )
    return _release_unpaid(booking=booking, now=now) if booking else None


def invoice_bookings_lapsed(*, now: datetime) -> list[int]:
    """Ids of the invoice bookings `invoice_booking_release_if_lapsed` would release now."""
    return list(_lapsed_invoice_bookings(now=now).order_by("id").values_list("id", flat=True))


def _move(*, booking: SlotBooking, to_status: str, actor: User | None) -> SlotBooking:
    releases_hold = to_status != B.HELD and booking.hold_expires_at is not None
    if booking.status == B.CONFIRMED:
        # The employer's meetings on the trip go with the booking (the itineraries app is
        # above this one: its task is named by path).
        enqueue_on_commit("itineraries.tasks.release_meetings", trip_ids=[booking.trip_id])
    return status_transition(
        booking,
        table=BOOKING_TRANSITIONS,
        labels=dict(B.choices),
        to_status=to_status,
        actor=actor,
        changes={"hold_expires_at": None} if releases_hold else None,
        update_fields=["updated_at"],
    )


@transaction.atomic
def booking_transition(
    *, booking: SlotBooking, actor: User | None, to_status: str, payment_reference: str = ""
) -> SlotBooking:
    """Move a booking along the table, recording who and when."""
    booking = SlotBooking.objects.select_for_update().get(pk=booking.pk)
    if payment_reference:
        booking.payment_reference = payment_reference
        booking.save(update_fields=["payment_reference"])
    return _move(booking=booking, to_status=to_status, actor=actor)


# --- Web sign-up (added with the web skeleton) ---------------------------------------------


@transaction.atomic
def employer_sign_up(
    *,
    email: str,
    password: str,
    full_name: str,
    organisation: Organisation,
    name: str,
    org_number: str,
    sectors: Iterable[Sector],
    language: str = "sv",
) -> Employer:
    """Create a login and register its employer (unapproved) together, or neither.

    Raises AlreadyExists naming `email` or `org_number` when either is taken.
    """

    try:
        with transaction.atomic():
            user = user_create(
                email=email, password=password, full_name=full_name, language=language
            )
    except IntegrityError as error:  # a concurrent sign-up with the same email won the race
        raise AlreadyExists(
            _("An account with this email address already exists."),
            extra={"fields": {"email": [_("Already registered.")]}},
        ) from error
    return employer_register(
        organisation=organisation, user=user, name=name, org_number=org_number, sectors=sectors
    )


# --- Hiring needs ---------------------------------------------------------------------------

HIRING_NEED_FIELDS = ("role_title", "sector", "positions", "employment_type", "description")


@transaction.atomic
def hiring_need_update(*, need: HiringNeed, actor: User | None, **fields: Any) -> HiringNeed:
    unknown = set(fields) - set(HIRING_NEED_FIELDS)
    if unknown:
        raise TypeError(f"Unknown hiring need fields: {sorted(unknown)}")
    need = HiringNeed.objects.select_for_update().get(pk=need.pk)
    for name, value in fields.items():
        setattr(need, name, value)
    need.save()
    return need


@transaction.atomic
def hiring_need_close(*, need: HiringNeed, actor: User | None) -> HiringNeed:
    need = HiringNeed.objects.select_for_update().get(pk=need.pk)
    if need.status != HiringNeedStatus.CLOSED:
        need.status = HiringNeedStatus.CLOSED
        need.save(update_fields=["status", "updated_at"])
    return need


# --- Employer web pages: profile, logo, team, approval email ---------------------------------
# (added with the employer dashboard)


@transaction.atomic
def employer_approve_and_notify(*, employer: Employer, actor: User | None) -> Employer:
    """Approve the employer (`employer_approve`) and, if it was not approved before, email
    its active members after commit (template `employer_approved`). Locks the employer row."""
    locked = Employer.objects.select_for_update().get(pk=employer.pk)
    newly_approved = locked.approved_at is None
    employer = employer_approve(employer=locked, actor=actor)
    if newly_approved:
        enqueue_on_commit(
            email_employer_people,
            employer_id=employer.pk,
            user_ids=list(employer.members.filter(is_active=True).values_list("pk", flat=True)),
            template="employer_approved",
        )
    return employer


@transaction.atomic
def employer_profile_update(
    *,
    employer: Employer,
    actor: User | None,
    name: str,
    description: str,
    website: str,
    sectors: Iterable[Sector],
) -> Employer:
    """Change the company profile. The slug (used in links and the API) stays as it was."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    employer.name = name
    employer.description = description
    employer.website = website
    employer.save(update_fields=["name", "description", "website"])
    employer.sectors.set(sectors)
    return employer


@transaction.atomic
def employer_logo_set(*, employer: Employer, actor: User | None, file: File) -> Employer:
    """Store a new logo (already checked: `core.images.validate_logo`) and delete the old file
    after commit. The stored name carries no part of the uploaded file's name."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    old_name = employer.logo.name if employer.logo else ""
    storage = employer.logo.storage
    employer.logo.save("logo", file, save=False)
    employer.save(update_fields=["logo"])
    if old_name and old_name != employer.logo.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return employer


# --- The team: invitations, removing members, leaving ----------------------------------------


def _lock_employer_of_member(*, employer: Employer, user: User) -> Employer:
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if not EmployerMembership.objects.filter(employer=employer, user=user).exists():
        raise NotPermitted(_("Only members of %(employer)s can do this.") % {"employer": employer})
    return employer


@transaction.atomic
def employer_invitation_create(
    *, employer: Employer, actor: User, email: str, language: str = "sv"
) -> EmployerInvitation:
    """Invite `email` to the employer's team. Nobody joins by being invited: the invitee
    accepts from the emailed link (`employer_invitation_accept`). No account is created or
    looked up, so the answer is the same whether or not the address has one.

    Locks the employer row. An open invitation to the same address is withdrawn (its link
    stops working). Enqueues the invitation email (`email_employer_invitation`) after commit.
    Raises NotPermitted unless the employer is approved and `actor` is its member,
    AlreadyExists if the address is in the team already (the team sees its members anyway).
    """
    employer = _lock_employer_of_member(employer=employer, user=actor)
    if not employer.is_approved:
        raise NotPermitted(
            _("You can invite colleagues once %(organisation)s has approved %(employer)s.")
            % {"organisation": employer.organisation.name, "employer": employer.name}
        )
    email = invitation_email_normalize(email)
    if EmployerMembership.objects.filter(employer=employer, user__email__iexact=email).exists():
        raise AlreadyExists(
            _("%(email)s is already in your team.") % {"email": email},
            extra={"fields": {"email": [_("Already in your team.")]}},
        )
    invitation = invitation_create(
        EmployerInvitation, email=email, invited_by=actor, language=language, employer=employer
    )
    enqueue_on_commit(email_employer_invitation, invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def employer_invitation_accept(*, invitation: EmployerInvitation, user: User) -> EmployerMembership:
    """`user` accepts the invitation and joins the team. Locks the invitation row; raises
    NotPermitted unless `user` has the invited address, InvalidTransition or DeadlinePassed
    if it was withdrawn, accepted already or has expired. Someone already in the team stays
    in it (the invitation is marked accepted)."""
    invitation = EmployerInvitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    invitation_accept_check(invitation, user=user, now=now)
    membership, _created = EmployerMembership.objects.get_or_create(
        employer_id=invitation.employer_id, user=user, defaults={"created_at": now}
    )
    invitation_mark_accepted(invitation, user=user, now=now)
    return membership


@transaction.atomic
def employer_invitation_revoke(
    *, invitation: EmployerInvitation, actor: User
) -> EmployerInvitation:
    """Withdraw an open invitation (its link stops working). Raises NotPermitted unless
    `actor` is a member of its employer."""
    _lock_employer_of_member(employer=invitation.employer, user=actor)
    invitation = EmployerInvitation.objects.get(pk=invitation.pk)
    invitation_revoke(invitation)
    return invitation


@transaction.atomic
def employer_member_remove(
    *, employer: Employer, actor: User, membership: EmployerMembership
) -> EmployerMembership:
    """Remove a colleague from the team and tell them by email (`employer_member_removed`,
    after commit). Locks the employer row. Raises NotPermitted unless `actor` is a member,
    ValidationFailed for removing oneself (that is leaving: `employer_member_leave`)."""
    employer = _lock_employer_of_member(employer=employer, user=actor)
    membership = EmployerMembership.objects.select_related("user").get(
        pk=membership.pk, employer=employer
    )
    if membership.user_id == actor.pk:
        raise ValidationFailed(_("To remove yourself, leave the team."))
    membership.delete()
    enqueue_on_commit(
        email_employer_people,
        employer_id=employer.pk,
        user_ids=[membership.user_id],
        template="employer_member_removed",
        actor_id=actor.pk,
    )
    return membership


@transaction.atomic
def employer_member_leave(*, employer: Employer, user: User) -> EmployerMembership:
    """`user` leaves the employer's team. Locks the employer row, so that the last two
    members cannot both leave; raises ValidationFailed for the last member, who would leave
    the employer with nobody to manage it."""
    employer = _lock_employer_of_member(employer=employer, user=user)
    if EmployerMembership.objects.filter(employer=employer).count() == 1:
        raise ValidationFailed(
            _(
                "You are the only member of %(employer)s. Invite a colleague and let them "
                "accept before you leave, so that someone can still manage it."
            )
            % {"employer": employer.name}
        )
    membership = EmployerMembership.objects.get(employer=employer, user=user)
    membership.delete()
    return membership


# --- Who comes on the trip (issue 12.2) ------------------------------------------------------

TEAM_ON_SITE_MAX = 1000


@transaction.atomic
def booking_team_on_site_set(
    *, booking: SlotBooking, actor: User, team_on_site: str
) -> SlotBooking:
    """Set who of the employer comes on the trip, with their phone numbers (printed in the
    employer's itinerary; organisers see it on the trip's bookings). Only the employer's
    members (NotPermitted), while the booking holds a slot and the trip has not ended
    (ValidationFailed). Lines are trimmed and empty ones dropped; a change moves
    `updated_at`. Locks the booking."""
    booking = SlotBooking.objects.select_for_update().select_related("trip").get(pk=booking.pk)
    if not EmployerMembership.objects.filter(employer_id=booking.employer_id, user=actor).exists():
        raise NotPermitted(_("Only the employer's members can change who comes on the trip."))
    if not booking_team_editable(booking):
        raise ValidationFailed(
            _(
                "Who comes on the trip can be changed only for an active booking before the "
                "trip ends."
            )
        )
    text = "\n".join(line.strip() for line in team_on_site.splitlines() if line.strip())
    if len(text) > TEAM_ON_SITE_MAX:
        message = _("Write at most %(max)d characters.") % {"max": TEAM_ON_SITE_MAX}
        raise ValidationFailed(message, extra={"fields": {"team_on_site": [message]}})
    if text != booking.team_on_site:
        booking.team_on_site = text
        booking.save(update_fields=["team_on_site", "updated_at"])
        # The employer's itinerary prints it; that app depends on this one (core.tasks).
        enqueue_on_commit(
            "itineraries.tasks.refresh_itinerary_documents", trip_ids=[booking.trip_id]
        )
    return booking
