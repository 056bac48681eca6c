from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from core.exceptions import ValidationFailed
from core.pagination import Pagination
from core.schemas import ErrorOut
from employers.models import Employer
from events.api import WRITE_ERRORS
from events.schemas import TripCopyIn, TripOut
from events.selectors import trip_managed_by, trips_managed_by

from .models import ItineraryItem
from .schemas import CalendarTokenOut, ItemIn, ItemOut, ItemPatch
from .selectors import items_public, trip_with_public_programme
from .services import (
    calendar_token_regenerate,
    itinerary_item_create,
    itinerary_item_delete,
    itinerary_item_update,
    trip_copy,
)

router = Router(tags=["itineraries"])


def _employer(slug: str | None) -> Employer | None:
    if not slug:
        return None
    employer = Employer.objects.filter(slug=slug).first()
    if employer is None:
        raise ValidationFailed(
            _("Unknown employer “%(slug)s”.") % {"slug": slug},
            extra={"fields": {"employer": [_("Unknown employer.")]}},
        )
    return employer


def _managed_item_or_404(request, item_id: int) -> ItineraryItem:
    item = (
        ItineraryItem.objects.select_related("trip", "employer")
        .filter(pk=item_id, trip__in=trips_managed_by(request.auth))
        .first()
    )
    if item is None:
        raise Http404
    return item


@router.get(
    "/trips/{slug}/itinerary",
    auth=None,
    response={200: list[ItemOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
@paginate(Pagination, page_size=200)
def trip_itinerary(request: HttpRequest, slug: str):
    """The public programme of a published trip (items for everyone), in time order."""
    trip = trip_with_public_programme(slug)
    if trip is None:
        raise Http404
    return items_public(trip=trip).select_related("trip", "employer")


@router.post("/trips/{slug}/copy", response={201: TripOut, **WRITE_ERRORS}, tags=["trips"])
def trip_copy_endpoint(request: HttpRequest, slug: str, payload: TripCopyIn):
    """Copy a trip and its programme to a new start as a draft (the trip's organisers only)."""
    source = trip_managed_by(request.auth, slug)
    if source is None:
        raise Http404
    trip = trip_copy(
        source=source,
        actor=request.auth,
        starts_at=payload.starts_at,
        title=payload.title or "",
        slug=payload.slug or "",
    )
    return Status(201, trip)


@router.post("/itinerary-items", response={201: ItemOut, **WRITE_ERRORS})
def item_create(request: HttpRequest, payload: ItemIn):
    trip = trip_managed_by(request.auth, payload.trip)
    if trip is None:
        raise Http404
    data = payload.dict(exclude={"trip", "employer"})
    item = itinerary_item_create(
        trip=trip, actor=request.auth, employer=_employer(payload.employer), **data
    )
    return Status(201, item)


@router.patch("/itinerary-items/{item_id}", response={200: ItemOut, **WRITE_ERRORS})
def item_patch(request: HttpRequest, item_id: int, payload: ItemPatch):
    item = _managed_item_or_404(request, item_id)
    data = payload.dict(exclude_unset=True)
    if "employer" in data:
        data["employer"] = _employer(data["employer"])
    data = {k: v for k, v in data.items() if v is not None or k in ("latitude", "longitude")}
    return itinerary_item_update(item=item, actor=request.auth, **data)


@router.delete("/itinerary-items/{item_id}", response={204: None, **WRITE_ERRORS})
def item_delete(request: HttpRequest, item_id: int):
    itinerary_item_delete(item=_managed_item_or_404(request, item_id), actor=request.auth)
    return Status(204, None)


@router.post("/me/calendar-token", response={201: CalendarTokenOut, 400: ErrorOut, 401: ErrorOut})
def calendar_token(request: HttpRequest):
    """Make a new personal feed URL; the previous one stops working."""
    token = calendar_token_regenerate(user=request.auth)
    url = request.build_absolute_uri(reverse("personal_feed", kwargs={"key": token.key}))
    return Status(201, {"url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]})
