import hashlib
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.text import slugify

from core.invitations import invitation_by_token
from core.models import User
from core.roles import roles_for

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


def sectors_all() -> QuerySet[Sector]:
    return Sector.objects.all()


def organisations_of_organiser(user: User | AnonymousUser | None) -> QuerySet[Organisation]:
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(organisationmembership__user=user)


def organisations_billing_incomplete(user: User | AnonymousUser | None) -> list[Organisation]:
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


def trips_upcoming_published(*, now: datetime) -> QuerySet[Trip]:
    return trips_published().filter(ends_at__gte=now)


# What the public trip list shows of each trip (events.schemas.TripRowOut), read as values.
TRIP_ROW_FIELDS = (
    "id",
    "slug",
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
    "status",
    "organisation__slug",
    "organisation__name",
)


def trip_rows(trips: QuerySet[Trip]) -> list[dict]:
    """The trips as plain rows for a list (the API's): two queries — the trips with their
    organisation, and the sector codes of all of them — and no model instances."""
    rows = list(trips.prefetch_related(None).values(*TRIP_ROW_FIELDS))
    codes: dict[int, list[str]] = {row["id"]: [] for row in rows}
    through = Trip.sectors.through.objects.filter(trip_id__in=codes)
    for trip_id, code in through.order_by("sector__position", "sector__code").values_list(
        "trip_id", "sector__code"
    ):
        codes[trip_id].append(code)
    for row in rows:
        row["organisation"] = {
            "slug": row.pop("organisation__slug"),
            "name": row.pop("organisation__name"),
        }
        row["sectors"] = codes[row["id"]]
        row["url"] = reverse("trip_detail", kwargs={"slug": row["slug"]})
    return rows


def upcoming_published_sql(now: datetime) -> tuple[str, list]:
    """`trips_upcoming_published(now=now)`'s condition as SQL (the trips table as `t`) with its
    parameters, for the public lists' version queries written out in SQL: they are read on
    every request, and the ORM's building and compiling of a query costs several times
    running it (`upcoming_trips_version`, `candidates.selectors.trip_list_page`)."""
    adapt = connection.ops.adapt_datetimefield_value
    return "t.status = %s AND t.ends_at >= %s", [TripStatus.PUBLISHED.value, adapt(now)]


def sector_names(*, english: bool) -> list[tuple[str, str]]:
    """(code, name) of every sector in their order, the name in English or Swedish (as
    `Sector.name`), for filter forms' choices. SQL written out: the public trip list's
    filters read it on every request (0.02 ms; the ORM's query took 0.13)."""
    with connection.cursor() as cursor:
        column = "name_en" if english else "name_sv"
        cursor.execute(
            f"SELECT code, {column} FROM {Sector._meta.db_table} ORDER BY position, code"
        )
        return cursor.fetchall()


def upcoming_trips_version(*, now: datetime, limit: int) -> str:
    """A fingerprint of `trips_upcoming_published(now=now)[:limit]` — which trips, in which
    order, and when each last changed — for the home page's cached list and ETag: one short
    statement (0.03 ms, where the ORM's took 0.33). Trip services save the trip when they
    change its sectors, so `updated_at` covers them.
    tests/web/candidates/test_trip_list_version.py holds it to the ORM's list."""
    condition, params = upcoming_published_sql(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, t.updated_at FROM {Trip._meta.db_table} t WHERE {condition}"
            " ORDER BY t.starts_at, t.id LIMIT %s",
            [*params, limit],
        )
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def trip_rows_version(trips: QuerySet[Trip], page: slice) -> tuple[str, int]:
    """A fingerprint of one page of a trip list as `trip_rows` gives it — which trips, when
    each last changed, their organisation's slug and name — and the list's count, for the
    API list's cached answer and ETag: two small queries."""
    rows = list(
        trips.prefetch_related(None)[page].values_list(
            "id", "updated_at", "organisation__slug", "organisation__name"
        )
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16], trips.count()


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


# --- Running an organisation -------------------------------------------------------------------


def organisations_managed_by(user: User | AnonymousUser | None) -> QuerySet[Organisation]:
    """Organisations whose details and organisers the user manages: their own; superusers
    every one. By name."""
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name", "id")
    return organisations_of_organiser(user).order_by("name", "id")


def organisation_managed_by(user: User | AnonymousUser | None, slug: str) -> Organisation | None:
    return organisations_managed_by(user).filter(slug=slug).first()


def organisations_overview() -> QuerySet[Organisation]:
    """Every organisation with its numbers of organisers and trips, for superusers."""
    return Organisation.objects.annotate(
        organiser_count=Count("organisationmembership", distinct=True),
        trip_count=Count("trips", distinct=True),
    ).order_by("name", "id")


def organisers_of(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    """The organisation's organisers, oldest membership first."""
    return (
        OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("created_at", "id")
    )


def organiser_membership_of(organisation: Organisation, pk: int) -> OrganisationMembership | None:
    return organisers_of(organisation).filter(pk=pk).first()


def organiser_invitations_pending(
    organisation: Organisation, *, now: datetime
) -> QuerySet[OrganiserInvitation]:
    """Invitations nobody has accepted or withdrawn yet and that have not expired, newest
    first. They show only the address that was invited, never an account's name."""
    return (
        OrganiserInvitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def organiser_invitation_open_of(organisation: Organisation, pk: int) -> OrganiserInvitation | None:
    """One of the organisation's invitations that can still be withdrawn."""
    return (
        OrganiserInvitation.objects.filter(
            organisation=organisation, pk=pk, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("organisation")
        .first()
    )


def organiser_invitation_for_token(token: str) -> OrganiserInvitation | None:
    """The invitation an emailed link opens, in any state (the page says which)."""
    return invitation_by_token(
        OrganiserInvitation.objects.select_related("organisation", "invited_by"), token
    )


def organisation_with_logo(slug: str) -> Organisation | None:
    """An organisation whose logo may be shown (organisers' logos are public)."""
    return Organisation.objects.exclude(logo="").only("id", "logo").filter(slug=slug).first()


def trip_slug_free(base: str) -> str:
    """A slug made from `base` that no trip has yet (`base-2`, `base-3`… when taken)."""
    slug = slugify(base)[:70] or "trip"
    candidate, n = slug, 2
    while Trip.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


# --- Retention (issue 14.4) --------------------------------------------------------------------


def retention_policy(organisation: Organisation) -> RetentionPolicy:
    """The organisation's retention policy: its saved row, else the defaults (unsaved)."""
    policy = RetentionPolicy.objects.filter(organisation=organisation).first()
    return policy or RetentionPolicy(organisation=organisation)


def retention_policies() -> dict[int, RetentionPolicy]:
    """Every organisation's policy (saved or the defaults), by organisation id: two queries."""
    saved = {p.organisation_id: p for p in RetentionPolicy.objects.all()}
    return {
        org.pk: saved.get(org.pk) or RetentionPolicy(organisation=org)
        for org in Organisation.objects.order_by("name", "id")
    }


def organisations_taking_accessibility_reports() -> QuerySet[Organisation]:
    """Organisations whose contact address can receive a report from the accessibility
    statement's form, by name."""
    return (
        Organisation.objects.exclude(contact_email="")
        .only("pk", "name", "contact_email")
        .order_by("name")
    )


def accessibility_reports_recent(*, client_hash: str, since: datetime) -> int:
    return AccessibilityReport.objects.filter(
        client_hash=client_hash, created_at__gte=since
    ).count()
