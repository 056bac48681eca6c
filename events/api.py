from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.auth import optional_user
from core.conditional import cached_public_list
from core.exceptions import NotPermitted, ValidationFailed
from core.pagination import Pagination, Rows
from core.schemas import ErrorOut

from .models import Sector
from .schemas import (
    SectorOut,
    TripFilter,
    TripIn,
    TripManagedOut,
    TripOut,
    TripPatch,
    TripRowOut,
    TripRowPageOut,
)
from .selectors import (
    organisations_of_organiser,
    sectors_all,
    trip_detail_visible_to,
    trip_managed_by,
    trip_rows,
    trip_rows_version,
    trips_visible_to,
)
from .services import trip_create, trip_update

router = Router(tags=["trips"])
WRITE_ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _sectors_from_codes(codes: list[str]) -> list[Sector]:
    sectors = list(Sector.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {s.code for s in sectors})
    if missing:
        raise ValidationFailed(
            _("Unknown sector: %(codes)s.") % {"codes": ", ".join(missing)},
            extra={"fields": {"sectors": [_("Unknown code: %(c)s") % {"c": c} for c in missing]}},
        )
    return sectors


def _managed_trip_or_404(request, slug: str):
    trip = trip_managed_by(request.auth, slug)
    if trip is None:
        raise Http404
    return trip


@router.get("/sectors", auth=None, response={200: list[SectorOut], 400: ErrorOut})
def sector_list(request: HttpRequest):
    return sectors_all()


def _trip_list_version(request: HttpRequest, filters: TripFilter, **kwargs) -> str:
    """What an anonymous caller's page of the list shows: its trips' fingerprint and count."""
    page = Pagination().page_slice(kwargs.get("ninja_pagination") or Pagination.Input())
    version, count = trip_rows_version(trips_visible_to(None, sector=filters.sector), page)
    return f"{version}:{count}"


@router.get(
    "/trips",
    auth=None,
    response={200: list[TripRowOut], 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
)
@cached_public_list(_trip_list_version, schema=TripRowPageOut, prefix="api-trips")
@paginate(Pagination)
def trip_list(request: HttpRequest, filters: Query[TripFilter]):
    """Published trips, soonest first; organisers also see their organisation's other trips."""
    return Rows(trips_visible_to(optional_user(request), sector=filters.sector), trip_rows)


@router.get(
    "/trips/{slug}",
    auth=None,
    response={200: TripOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def trip_detail(request: HttpRequest, slug: str):
    trip = trip_detail_visible_to(optional_user(request), slug)
    if trip is None:
        raise Http404
    return trip


@router.post("/trips", response={201: TripManagedOut, **WRITE_ERRORS})
def trip_create_endpoint(request: HttpRequest, payload: TripIn):
    """Create a draft trip in one of your organisations."""
    organisations = list(organisations_of_organiser(request.auth))
    if not organisations:
        raise NotPermitted(_("Only organisers can create trips."))
    if payload.organisation:
        organisation = next((o for o in organisations if o.slug == payload.organisation), None)
        if organisation is None:
            raise ValidationFailed(
                _("You are not an organiser of “%(o)s”.") % {"o": payload.organisation},
                extra={"fields": {"organisation": [_("Not one of your organisations.")]}},
            )
    elif len(organisations) == 1:
        organisation = organisations[0]
    else:
        raise ValidationFailed(
            _("You organise for several organisations: say which one."),
            extra={"fields": {"organisation": [_("Required.")]}},
        )
    data = payload.dict(exclude={"organisation", "sectors", "slug"})
    trip = trip_create(
        organisation=organisation,
        actor=request.auth,
        sectors=_sectors_from_codes(payload.sectors),
        slug=payload.slug or "",
        **data,
    )
    return Status(201, trip)


@router.patch("/trips/{slug}", response={200: TripManagedOut, **WRITE_ERRORS})
def trip_patch(request: HttpRequest, slug: str, payload: TripPatch):
    trip = _managed_trip_or_404(request, slug)
    data = payload.dict(exclude_unset=True)
    codes = data.pop("sectors", None)
    data = {k: v for k, v in data.items() if v is not None}
    sectors = _sectors_from_codes(codes) if codes is not None else None
    return trip_update(trip=trip, actor=request.auth, sectors=sectors, **data)
