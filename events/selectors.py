from django.db.models import Q, QuerySet

from core.roles import roles_for

from .models import Organisation, Sector, Trip, TripStatus


def sectors_all() -> QuerySet[Sector]:
    return Sector.objects.all()


def organisations_of_organiser(user) -> QuerySet[Organisation]:
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(organisationmembership__user=user)


def organisations_billing_incomplete(user) -> list[Organisation]:
    """The user's organisations that cannot issue invoices yet (billing details missing)."""
    return [o for o in organisations_of_organiser(user).order_by("name") if o.billing_missing]


def _with_related(qs: QuerySet[Trip]) -> QuerySet[Trip]:
    return qs.select_related("organisation").prefetch_related("sectors")


def trips_published(*, sector: str | None = None) -> QuerySet[Trip]:
    """Trips open to the public, soonest first."""
    qs = Trip.objects.filter(status=TripStatus.PUBLISHED)
    if sector:
        qs = qs.filter(sectors__code=sector)
    return _with_related(qs).order_by("starts_at", "id")


def trips_upcoming_published(*, now) -> QuerySet[Trip]:
    return trips_published().filter(ends_at__gte=now)


def trips_visible_to(user, *, sector: str | None = None) -> QuerySet[Trip]:
    """Published trips, plus every trip of the organisations the user organises."""
    condition = Q(status=TripStatus.PUBLISHED)
    if roles_for(user).organiser:
        condition |= Q(organisation__in=organisations_of_organiser(user))
    qs = Trip.objects.filter(condition)
    if sector:
        qs = qs.filter(sectors__code=sector)
    # A single-sector filter and the organisation condition cannot duplicate rows: no DISTINCT.
    return _with_related(qs).order_by("starts_at", "id")


def trip_detail_visible_to(user, slug: str) -> Trip | None:
    """A trip's page: anyone once it has been published; its organisers always."""
    condition = Q(published_at__isnull=False)
    if roles_for(user).organiser:
        condition |= Q(organisation__in=organisations_of_organiser(user))
    return _with_related(Trip.objects.filter(condition, slug=slug)).first()


def trips_managed_by(user) -> QuerySet[Trip]:
    """Trips the user may change: those of the organisations they are a member of."""
    return _with_related(
        Trip.objects.filter(organisation__in=organisations_of_organiser(user))
    ).order_by("-starts_at", "id")


def trip_managed_by(user, slug: str) -> Trip | None:
    return trips_managed_by(user).filter(slug=slug).first()
