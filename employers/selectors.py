from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from core.invitations import invitation_by_token
from core.models import User
from events.models import Trip, TripStatus
from events.selectors import organisations_of_organiser

from .invoices import invoice_due_on, vat_split
from .models import (
    ACTIVE_BOOKING_STATUSES,
    BookingStatus,
    Employer,
    EmployerInvitation,
    EmployerMembership,
    HiringNeed,
    HiringNeedStatus,
    Invoice,
    InvoiceKind,
    RefundState,
    SlotBooking,
)


def employers_managed_by(user: User | AnonymousUser | None) -> QuerySet[Employer]:
    """Employers registered with the user's organisations: awaiting approval first, then by name."""
    return (
        Employer.objects.filter(organisation__in=organisations_of_organiser(user))
        .select_related("organisation")
        .prefetch_related("sectors", "members")
        .order_by(
            Case(
                When(approved_at__isnull=True, then=Value(0)),
                default=1,
                output_field=IntegerField(),
            ),
            "name",
            "id",
        )
    )


def employer_managed_by(user: User | AnonymousUser | None, pk: int) -> Employer | None:
    return employers_managed_by(user).filter(pk=pk).first()


def employers_of_member(user: User | AnonymousUser | None) -> QuerySet[Employer]:
    if user is None or not user.is_authenticated:
        return Employer.objects.none()
    return Employer.objects.filter(employermembership__user=user).order_by("name", "id")


def bookings_of_member(user: User | AnonymousUser | None) -> QuerySet[SlotBooking]:
    return (
        SlotBooking.objects.filter(employer__in=employers_of_member(user))
        .select_related("trip", "employer")
        .prefetch_related("invoices")
        .order_by("-created_at", "-id")
    )


def bookings_for_trip(trip: Trip) -> QuerySet[SlotBooking]:
    return (
        SlotBooking.objects.filter(trip=trip)
        .select_related("trip", "employer")
        .prefetch_related("invoices")
        .order_by("created_at")
    )


def bookings_managed_by(user: User | AnonymousUser | None) -> QuerySet[SlotBooking]:
    """Bookings on trips of the user's organisations."""
    return (
        SlotBooking.objects.filter(trip__organisation__in=organisations_of_organiser(user))
        .select_related("trip", "employer")
        .prefetch_related("invoices")
    )


def invoice_readable_by(user: User | AnonymousUser | None, pk: int) -> Invoice | None:
    """An invoice or credit note, for the members of its employer and the organisers of its
    organisation; None for everyone else."""
    if user is None or not user.is_authenticated:
        return None
    mine = Q(booking__employer__in=employers_of_member(user)) | Q(
        organisation__in=organisations_of_organiser(user)
    )
    return (
        Invoice.objects.filter(mine, pk=pk)
        .select_related("booking__trip", "booking__employer", "credits")
        .first()
    )


def bookings_awaiting_refund(user: User | AnonymousUser | None) -> QuerySet[SlotBooking]:
    return bookings_managed_by(user).filter(
        refund_state__in=[RefundState.NEEDED, RefundState.REQUESTED]
    )


def revenue_by_trip(user: User | AnonymousUser | None) -> QuerySet[Trip]:
    """Per trip of the user's organisations: confirmed bookings and their amount (öre)."""

    confirmed = Q(bookings__status=BookingStatus.CONFIRMED)
    return (
        Trip.objects.filter(organisation__in=organisations_of_organiser(user))
        .annotate(
            confirmed_bookings=Count("bookings", filter=confirmed),
            revenue_ore=Sum("bookings__amount_ore", filter=confirmed, default=0),
        )
        .order_by("-starts_at")
    )


def hiring_needs_of_employer(employer: Employer) -> QuerySet[HiringNeed]:
    return employer.hiring_needs.select_related("sector").order_by("status", "-created_at")


def hiring_needs_by_sector(user: User | AnonymousUser | None) -> QuerySet[HiringNeed]:
    """Open hiring needs of employers registered with the user's organisations."""
    return (
        HiringNeed.objects.filter(
            employer__organisation__in=organisations_of_organiser(user),
            status=HiringNeedStatus.OPEN,
        )
        .select_related("employer", "sector")
        .order_by("sector__position", "employer__name")
    )


# --- Web pages: dashboard, booking panel, back office (added with the employer pages) -------


def employer_current_for(
    user: User | AnonymousUser | None, chosen_id: int | None = None
) -> Employer | None:
    """The employer a member is working as: the chosen one if they belong to it, else their
    first by name. One query."""

    return (
        employers_of_member(user)
        .select_related("organisation")
        .order_by(
            Case(When(pk=chosen_id or 0, then=Value(0)), default=1, output_field=IntegerField()),
            "name",
            "id",
        )
        .first()
    )


def employer_members(employer: Employer) -> QuerySet[EmployerMembership]:
    """The employer's team, oldest membership first."""

    return (
        EmployerMembership.objects.filter(employer=employer)
        .select_related("user")
        .order_by("created_at", "id")
    )


def employer_invitations_pending(
    employer: Employer, *, now: datetime
) -> QuerySet[EmployerInvitation]:
    """The team's invitations nobody has accepted or withdrawn yet and that have not expired,
    newest first. They show only the address that was invited, never an account's name."""
    return (
        EmployerInvitation.objects.filter(
            employer=employer, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        )
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def employer_invitation_open_of(employer: Employer, pk: int) -> EmployerInvitation | None:
    """One of the team's invitations that can still be withdrawn."""
    return (
        EmployerInvitation.objects.filter(
            employer=employer, pk=pk, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("employer")
        .first()
    )


def employer_invitation_for_token(token: str) -> EmployerInvitation | None:
    """The invitation an emailed link opens, in any state (the page says which)."""
    return invitation_by_token(
        EmployerInvitation.objects.select_related("employer", "invited_by"), token
    )


def employer_membership_of(employer: Employer, pk: int) -> EmployerMembership | None:
    return (
        EmployerMembership.objects.filter(employer=employer, pk=pk).select_related("user").first()
    )


def _slot_taking(now: datetime) -> Q:
    """Bookings that take a slot: confirmed ones, holds that have not expired, and those
    pending payment unless their invoice's grace period is over (released lazily)."""
    lapsed = Invoice.objects.filter(
        booking=OuterRef("pk"), kind=InvoiceKind.INVOICE, release_at__lte=now
    )
    return (
        Q(status=BookingStatus.CONFIRMED)
        | Q(status=BookingStatus.HELD, hold_expires_at__gt=now)
        | Q(Q(status=BookingStatus.PENDING_PAYMENT), ~Exists(lapsed))
    )


def trip_slots_left(trip: Trip, *, now: datetime) -> int:
    """The trip's employer slots minus held (unexpired), pending and confirmed bookings.

    One query. Expired holds and lapsed invoice bookings are released lazily by
    `booking_hold`; they do not count here.
    """
    taken = SlotBooking.objects.filter(_slot_taking(now), trip=trip).count()
    return max(trip.employer_slots - taken, 0)


def booking_active_of_employer(
    employer: Employer, trip: Trip, *, now: datetime
) -> SlotBooking | None:
    """The employer's booking on the trip that takes a slot, if any."""
    return (
        SlotBooking.objects.filter(_slot_taking(now), employer=employer, trip=trip)
        .order_by("-created_at", "-id")
        .first()
    )


def bookings_upcoming_of_employer(employer: Employer, *, now: datetime) -> QuerySet[SlotBooking]:
    """The employer's confirmed bookings on trips that have not ended and go ahead, soonest
    first: the trips its dashboard links to (pack, meetings, itinerary)."""
    return (
        SlotBooking.objects.filter(
            employer=employer, status=BookingStatus.CONFIRMED, trip__ends_at__gte=now
        )
        .exclude(trip__status=TripStatus.CANCELLED)
        .select_related("trip")
        .order_by("trip__starts_at", "trip_id")
    )


def booking_of_member(user: User | AnonymousUser | None, pk: int) -> SlotBooking | None:
    return bookings_of_member(user).select_related("trip__organisation").filter(pk=pk).first()


def booking_managed_by(user: User | AnonymousUser | None, pk: int) -> SlotBooking | None:
    return bookings_managed_by(user).filter(pk=pk).first()


def bookings_for_trip_page(trip: Trip) -> QuerySet[SlotBooking]:
    """A trip's bookings for the organisers' page: active ones first, then by date."""
    return bookings_for_trip(trip).order_by(
        Case(
            When(status__in=[BookingStatus.CANCELLED, BookingStatus.REFUNDED], then=Value(1)),
            default=0,
            output_field=IntegerField(),
        ),
        "created_at",
        "id",
    )


def revenue_total(user: User | AnonymousUser | None) -> dict:
    """Confirmed bookings and their amount (öre) over all trips of the user's organisations."""

    return SlotBooking.objects.filter(
        trip__organisation__in=organisations_of_organiser(user), status=BookingStatus.CONFIRMED
    ).aggregate(bookings=Count("id"), revenue_ore=Sum("amount_ore", default=0))


def hiring_need_of_member(user: User | AnonymousUser | None, pk: int) -> HiringNeed | None:
    return (
        HiringNeed.objects.select_related("employer", "sector")
        .filter(pk=pk, employer__in=employers_of_member(user))
        .first()
    )


def employers_public() -> QuerySet[Employer]:
    """Employers the public may see (logo, description, open roles): approved, with a
    confirmed booking on a trip whose page is public (published at least once)."""
    return Employer.objects.filter(
        approved_at__isnull=False,
        bookings__status=BookingStatus.CONFIRMED,
        bookings__trip__published_at__isnull=False,
    ).distinct()


def employer_with_logo(pk: int, *, public: bool = False) -> Employer | None:
    """An employer whose logo may be shown: to logged-in users any employer's, to everyone
    (`public`) those of `employers_public`, whose logos the trip pages show."""
    employers = employers_public() if public else Employer.objects.all()
    return employers.exclude(logo="").only("id", "logo").filter(pk=pk).first()


def _open_hiring_needs() -> QuerySet[HiringNeed]:
    return (
        HiringNeed.objects.filter(status=HiringNeedStatus.OPEN)
        .select_related("sector")
        .order_by("sector__position", "role_title", "id")
    )


def employers_coming_on_trip(trip: Trip) -> QuerySet[Employer]:
    """The approved employers with a confirmed booking on `trip`, by name, each with its
    open hiring needs (`open_needs`) and sectors prefetched: three queries in all."""
    return (
        Employer.objects.filter(
            approved_at__isnull=False,
            bookings__trip=trip,
            bookings__status=BookingStatus.CONFIRMED,
        )
        .distinct()
        .order_by("name", "id")
        .prefetch_related(
            "sectors", Prefetch("hiring_needs", _open_hiring_needs(), to_attr="open_needs")
        )
    )


def hiring_needs_open(*, sector: str | None = None) -> QuerySet[HiringNeed]:
    """Open roles of approved employers for the public job list, grouped by sector (in the
    sectors' order), then by role; optionally of one sector (its code)."""
    needs = HiringNeed.objects.filter(
        status=HiringNeedStatus.OPEN, employer__approved_at__isnull=False
    )
    if sector:
        needs = needs.filter(sector__code=sector)
    return needs.select_related("sector", "employer").order_by(
        "sector__position", "sector__code", "role_title", "employer__name", "id"
    )


def booking_team_editable(booking: SlotBooking, *, now: datetime | None = None) -> bool:
    """Whether the employer's members may still change who comes on the trip: the booking
    holds a slot (held, pending payment or confirmed) and the trip has not ended."""
    return booking.status in ACTIVE_BOOKING_STATUSES and booking.trip.ends_at > (
        now or timezone.now()
    )


def booking_refund_outlook(booking: SlotBooking, *, now: datetime | None = None) -> dict:
    """What cancelling now means for the employer's money, for the confirmation pages."""
    paid = booking.status == BookingStatus.CONFIRMED and booking.paid_at is not None
    return {"paid": paid, "before_cutoff": (now or timezone.now()) < booking.trip.refund_cutoff}


def booking_terms(trip: Trip, *, now: datetime) -> dict:
    """What booking a slot on `trip` now means, for the confirmation page: the price excl.
    and incl. VAT at the organisation's rate, the refund cut-off and the invoice's terms."""
    organisation = trip.organisation
    net, vat = vat_split(trip.slot_price_ore, organisation.vat_rate)
    return {
        "net_ore": net,
        "vat_ore": vat,
        "gross_ore": trip.slot_price_ore,
        "vat_rate": organisation.vat_rate,
        "refund_cutoff": trip.refund_cutoff,
        "before_cutoff": now < trip.refund_cutoff,
        "due_on": invoice_due_on(
            issued_on=timezone.localdate(now),
            trip=trip,
            terms_days=organisation.payment_terms_days,
        ),
        "payment_terms_days": organisation.payment_terms_days,
        "grace_days": organisation.invoice_grace_days,
    }


def employer_last_invoice_address(employer: Employer) -> str:
    """The invoice address the employer gave last, to suggest it again."""
    booking = (
        SlotBooking.objects.filter(employer=employer)
        .exclude(invoice_address="")
        .order_by("-created_at", "-id")
        .only("invoice_address")
        .first()
    )
    return booking.invoice_address if booking else ""
