from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from events.models import Trip
from events.selectors import organisations_of_organiser

from .invoices import invoice_due_on, vat_split
from .models import (
    BookingStatus,
    Employer,
    EmployerMembership,
    HiringNeed,
    HiringNeedStatus,
    Invoice,
    InvoiceKind,
    RefundState,
    SlotBooking,
)


def employers_managed_by(user) -> QuerySet[Employer]:
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


def employer_managed_by(user, pk: int) -> Employer | None:
    return employers_managed_by(user).filter(pk=pk).first()


def employers_of_member(user) -> QuerySet[Employer]:
    if user is None or not user.is_authenticated:
        return Employer.objects.none()
    return Employer.objects.filter(employermembership__user=user).order_by("name", "id")


def bookings_of_member(user) -> QuerySet[SlotBooking]:
    return (
        SlotBooking.objects.filter(employer__in=employers_of_member(user))
        .select_related("trip", "employer")
        .prefetch_related("invoices")
        .order_by("-created_at", "-id")
    )


def bookings_for_trip(trip) -> QuerySet[SlotBooking]:
    return (
        SlotBooking.objects.filter(trip=trip)
        .select_related("employer")
        .prefetch_related("invoices")
        .order_by("created_at")
    )


def bookings_managed_by(user) -> QuerySet[SlotBooking]:
    """Bookings on trips of the user's organisations."""
    return (
        SlotBooking.objects.filter(trip__organisation__in=organisations_of_organiser(user))
        .select_related("trip", "employer")
        .prefetch_related("invoices")
    )


def invoice_readable_by(user, pk: int) -> Invoice | None:
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


def bookings_awaiting_refund(user) -> QuerySet[SlotBooking]:
    return bookings_managed_by(user).filter(
        refund_state__in=[RefundState.NEEDED, RefundState.REQUESTED]
    )


def revenue_by_trip(user):
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


def hiring_needs_of_employer(employer) -> QuerySet[HiringNeed]:
    return employer.hiring_needs.select_related("sector").order_by("status", "-created_at")


def hiring_needs_by_sector(user) -> QuerySet[HiringNeed]:
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


def employer_current_for(user, chosen_id: int | None = None) -> Employer | None:
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


def employer_members(employer) -> QuerySet:
    """The employer's team, oldest membership first."""

    return (
        EmployerMembership.objects.filter(employer=employer)
        .select_related("user")
        .order_by("created_at", "id")
    )


def _slot_taking(now) -> Q:
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


def trip_slots_left(trip, *, now) -> int:
    """The trip's employer slots minus held (unexpired), pending and confirmed bookings.

    One query. Expired holds and lapsed invoice bookings are released lazily by
    `booking_hold`; they do not count here.
    """
    taken = SlotBooking.objects.filter(_slot_taking(now), trip=trip).count()
    return max(trip.employer_slots - taken, 0)


def booking_active_of_employer(employer, trip, *, now) -> SlotBooking | None:
    """The employer's booking on the trip that takes a slot, if any."""
    return (
        SlotBooking.objects.filter(_slot_taking(now), employer=employer, trip=trip)
        .order_by("-created_at", "-id")
        .first()
    )


def booking_of_member(user, pk: int) -> SlotBooking | None:
    return bookings_of_member(user).select_related("trip__organisation").filter(pk=pk).first()


def booking_managed_by(user, pk: int) -> SlotBooking | None:
    return bookings_managed_by(user).filter(pk=pk).first()


def bookings_for_trip_page(trip) -> QuerySet[SlotBooking]:
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


def revenue_total(user) -> dict:
    """Confirmed bookings and their amount (öre) over all trips of the user's organisations."""

    return SlotBooking.objects.filter(
        trip__organisation__in=organisations_of_organiser(user), status=BookingStatus.CONFIRMED
    ).aggregate(bookings=Count("id"), revenue_ore=Sum("amount_ore", default=0))


def hiring_need_of_member(user, pk: int) -> HiringNeed | None:
    return (
        HiringNeed.objects.select_related("employer", "sector")
        .filter(pk=pk, employer__in=employers_of_member(user))
        .first()
    )


def employer_with_logo(pk: int) -> Employer | None:
    """An employer whose logo may be shown (logos are public to logged-in users)."""
    return Employer.objects.exclude(logo="").only("id", "logo").filter(pk=pk).first()


def booking_refund_outlook(booking: SlotBooking, *, now=None) -> dict:
    """What cancelling now means for the employer's money, for the confirmation pages."""
    paid = booking.status == BookingStatus.CONFIRMED and booking.paid_at is not None
    return {"paid": paid, "before_cutoff": (now or timezone.now()) < booking.trip.refund_cutoff}


def booking_terms(trip: Trip, *, now) -> dict:
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
