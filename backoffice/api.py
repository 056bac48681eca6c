"""Organisers' API operations that span apps. The trip's status moves here (not in the events
router) because cancelling goes through `backoffice.services.trip_cancel`."""

from datetime import datetime

from django.contrib.auth import authenticate
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from core.exceptions import NotPermitted
from core.models import Erasure, User
from core.schemas import ErrorOut
from events.models import TripStatus
from events.schemas import TransitionIn, TripManagedOut
from events.selectors import trip_managed_by
from events.services import trip_transition

from .erasure import person_erase
from .personal_data import personal_data_export
from .services import trip_cancel

router = Router(tags=["trips"])
me_router = Router(tags=["me"])
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


ZIP_RESPONSE = {
    "responses": {
        200: {
            "description": "A ZIP with data.json (everything we hold about you) and your CV",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def export_filename() -> str:
    return f"my-data-{timezone.localdate().isoformat()}.zip"


def personal_data_response(user) -> HttpResponse:
    """The ZIP of `personal_data_export` as a download nobody caches (API and web)."""
    response = HttpResponse(personal_data_export(user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response["Cache-Control"] = "private, no-store"
    return response


@me_router.get(
    "/me/export",
    response={400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    openapi_extra=ZIP_RESPONSE,
)
def me_export(request: HttpRequest):
    """Everything we hold about you (GDPR articles 15 and 20): a ZIP with `data.json` at its
    root — account, profile and consents, applications and their history, meetings, feedback,
    follow-up case and contact log, who looked at your data — and your CV under `cv/`."""
    return personal_data_response(request.auth)


# The erasure's schemas live here, with its one operation.
class EraseIn(Schema):
    password: str


class ErasureOut(Schema):
    status: str  # "erased"
    erased_at: datetime


def password_confirmed(request: HttpRequest, user: User, password: str) -> bool:
    """Whether `password` is the user's, checked as a login is: a wrong one counts towards
    the lockout (core.lockout, django-axes), and once locked out even the right one fails
    and the response becomes 429."""
    return authenticate(request, email=user.email, password=password) == user


@me_router.post(
    "/me/erase",
    response={
        202: ErasureOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
)
def me_erase(request: HttpRequest, payload: EraseIn):
    """Erase your account and the personal data we hold about you (GDPR article 17), after
    confirming your password. What goes and what stays: docs/architecture.md, "Erasure".
    A wrong password answers 403 and counts towards the login lockout (then 429). Cached
    PDFs that listed you are rebuilt in the background; a confirmation goes to your address."""
    if not password_confirmed(request, request.auth, payload.password):
        raise NotPermitted(_("Wrong password: nothing was erased."))
    erasure = person_erase(user=request.auth, via=Erasure.Via.API)
    return Status(202, {"status": "erased", "erased_at": erasure.user.erased_at})
