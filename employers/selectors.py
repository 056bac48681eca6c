from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from events.selectors import organisations_of_organiser

from .models import (
    BookingStatus,
    Employer,
    HiringNeed,
    HiringNeedStatus,
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
        .order_by("-created_at", "-id")
    )


def bookings_for_trip(trip) -> QuerySet[SlotBooking]:
    return SlotBooking.objects.filter(trip=trip).select_related("employer").order_by("created_at")


def bookings_managed_by(user) -> QuerySet[SlotBooking]:
    """Bookings on trips of the user's organisations."""
    return SlotBooking.objects.filter(
        trip__organisation__in=organisations_of_organiser(user)
    ).select_related("trip", "employer")


def bookings_awaiting_refund(user) -> QuerySet[SlotBooking]:
    return bookings_managed_by(user).filter(
        refund_state__in=[RefundState.NEEDED, RefundState.REQUESTED]
    )


def revenue_by_trip(user):
    """Per trip of the user's organisations: confirmed bookings and their amount (öre)."""
    from django.db.models import Count, Sum

    from events.models import Trip

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
