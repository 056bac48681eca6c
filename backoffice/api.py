"""Organisers' API operations that span apps. The trip's status moves here (not in the events
router) because cancelling goes through `backoffice.services.trip_cancel`."""

from django.http import Http404, HttpRequest
from ninja import Router

from core.schemas import ErrorOut
from events.models import TripStatus
from events.schemas import TransitionIn, TripManagedOut
from events.selectors import trip_managed_by
from events.services import trip_transition

from .services import trip_cancel

router = Router(tags=["trips"])
WRITE_ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


@router.post(
    "/trips/{slug}/transition",
    response={200: TripManagedOut, **WRITE_ERRORS},
    # The id it had in the events router: clients generated from the OpenAPI keep their name.
    operation_id="events_api_trip_transition_endpoint",
)
def trip_transition_endpoint(request: HttpRequest, slug: str, payload: TransitionIn):
    """Move the trip to another status; 409 names the current status when not allowed.

    `cancelled` cancels everything hanging on the trip: applicants and employers are emailed,
    active bookings are cancelled with refunds, waitlist offers end and the programme is
    marked cancelled in every feed.
    """
    trip = trip_managed_by(request.auth, slug)
    if trip is None:
        raise Http404
    if payload.status == TripStatus.CANCELLED:
        return trip_cancel(trip=trip, actor=request.auth).trip
    return trip_transition(trip=trip, actor=request.auth, to_status=payload.status)
