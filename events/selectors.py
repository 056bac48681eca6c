from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.text import slugify

from core.models import User
from core.roles import roles_for

from .models import Organisation, Sector, Trip, TripStatus


def sectors_all() -> QuerySet[Sector]:
    return Sector.objects.all()


def organisations_of_organiser(user: User | AnonymousUser | None) -> QuerySet[Organisation]:
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(organisationmembership__user=user)


def _with_related(qs: QuerySet[Trip]) -> QuerySet[Trip]:
    return qs.select_related("organisation").prefetch_related("sectors")


def trips_published(*, sector: str | None = None) -> QuerySet[Trip]:
    """Trips open to the public, soonest first."""
    qs = Trip.objects.filter(status=TripStatus.PUBLISHED)
    if sector:
        qs = qs.filter(sectors__code=sector)
    return _with_related(qs).order_by("starts_at", "id")


def trips_upcoming_published(*, now: datetime) -> QuerySet[Trip]:
    return trips_published().filter(ends_at__gte=now)


def trips_visible_to(
    user: User | AnonymousUser | None, *, sector: str | None = None
) -> QuerySet[Trip]:
    """Published trips, plus every trip of the organisations the user organises."""
    condition = Q(status=TripStatus.PUBLISHED)
    if roles_for(user).organiser:
        condition |= Q(organisation__in=organisations_of_organiser(user))
    qs = Trip.objects.filter(condition)
    if sector:
        qs = qs.filter(sectors__code=sector)
    # A single-sector filter and the organisation condition cannot duplicate rows: no DISTINCT.
    return _with_related(qs).order_by("starts_at", "id")


def trip_detail_visible_to(user: User | AnonymousUser | None, slug: str) -> Trip | None:
    """A trip's page: anyone once it has been published; its organisers always."""
    condition = Q(published_at__isnull=False)
    if roles_for(user).organiser:
        condition |= Q(organisation__in=organisations_of_organiser(user))
    return _with_related(Trip.objects.filter(condition, slug=slug)).first()


def trips_managed_by(user: User | AnonymousUser | None) -> QuerySet[Trip]:
    """Trips the user may change: those of the organisations they are a member of."""
    return _with_related(
        Trip.objects.filter(organisation__in=organisations_of_organiser(user))
    ).order_by("-starts_at", "id")


def trip_managed_by(user: User | AnonymousUser | None, slug: str) -> Trip | None:
    return trips_managed_by(user).filter(slug=slug).first()


def trip_slug_free(base: str) -> str:
    """A slug made from `base` that no trip has yet (`base-2`, `base-3`… when taken)."""
    slug = slugify(base)[:70] or "trip"
    candidate, n = slug, 2
    while Trip.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
