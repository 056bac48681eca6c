from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from core.exceptions import NotPermitted, ValidationFailed
from core.pagination import Pagination
from core.schemas import ErrorOut
from events.api import WRITE_ERRORS
from events.models import Sector
from events.selectors import trip_managed_by, trips_published

from .bookings import booking_cancel, booking_create, booking_mark_paid
from .invoices import invoice_filename, invoice_pdf
from .models import Employer, HiringNeed, SlotBooking
from .schemas import (
    BookingCancelIn,
    BookingCreateIn,
    BookingOut,
    HiringNeedIn,
    HiringNeedOut,
    HiringNeedPatch,
    MarkPaidIn,
)
from .selectors import (
    bookings_for_trip,
    bookings_managed_by,
    bookings_of_member,
    employers_of_member,
    hiring_needs_of_employer,
    invoice_readable_by,
)
from .services import hiring_need_close, hiring_need_create, hiring_need_update

router = Router(tags=["employers"])
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BOOKING_ERRORS = {**WRITE_ERRORS, 502: ErrorOut}


class EmployerChoice(Schema):
    employer: str | None = None


def _my_employer(request, slug: str | None) -> Employer:
    employers = list(employers_of_member(request.auth))
    if not employers:
        raise NotPermitted(_("Only members of an employer can do this."))
    if slug:
        match = next((e for e in employers if e.slug == slug), None)
        if match is None:
            raise ValidationFailed(
                _("You are not a member of “%(e)s”.") % {"e": slug},
                extra={"fields": {"employer": [_("Not one of your employers.")]}},
            )
        return match
    if len(employers) > 1:
        raise ValidationFailed(
            _("You belong to several employers: say which one."),
            extra={"fields": {"employer": [_("Required.")]}},
        )
    return employers[0]


def _sector(code: str) -> Sector:
    sector = Sector.objects.filter(code=code).first()
    if sector is None:
        raise ValidationFailed(
            _("Unknown sector: %(c)s.") % {"c": code},
            extra={"fields": {"sector": [_("Unknown code: %(c)s") % {"c": code}]}},
        )
    return sector


@router.get("/me/employer/hiring-needs", response={200: list[HiringNeedOut], **READ_ERRORS})
@paginate(Pagination)
def hiring_need_list(request: HttpRequest, choice: Query[EmployerChoice]):
    return hiring_needs_of_employer(_my_employer(request, choice.employer))


@router.post("/me/employer/hiring-needs", response={201: HiringNeedOut, **WRITE_ERRORS})
def hiring_need_create_endpoint(
    request: HttpRequest, payload: HiringNeedIn, choice: Query[EmployerChoice]
):
    employer = _my_employer(request, choice.employer)
    data = payload.dict(exclude={"sector"})
    need = hiring_need_create(employer=employer, sector=_sector(payload.sector), **data)
    return Status(201, need)


def _my_need_or_404(request, need_id: int) -> HiringNeed:
    need = (
        HiringNeed.objects.select_related("employer", "sector")
        .filter(pk=need_id, employer__in=employers_of_member(request.auth))
        .first()
    )
    if need is None:
        raise Http404
    return need


@router.patch("/me/employer/hiring-needs/{need_id}", response={200: HiringNeedOut, **WRITE_ERRORS})
def hiring_need_patch(request: HttpRequest, need_id: int, payload: HiringNeedPatch):
    need = _my_need_or_404(request, need_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "sector" in data:
        data["sector"] = _sector(data["sector"])
    return hiring_need_update(need=need, actor=request.auth, **data)


@router.post(
    "/me/employer/hiring-needs/{need_id}/close", response={200: HiringNeedOut, **WRITE_ERRORS}
)
def hiring_need_close_endpoint(request: HttpRequest, need_id: int):
    return hiring_need_close(need=_my_need_or_404(request, need_id), actor=request.auth)


@router.post("/trips/{slug}/bookings", response={201: BookingOut, **BOOKING_ERRORS})
def booking_create_endpoint(request: HttpRequest, slug: str, payload: BookingCreateIn):
    """Book a slot. With Stripe the answer carries `checkout_url` (pay there before the hold
    expires); in invoice mode the booking is pending payment and carries its invoice
    (`invoice_number`, `invoice_url`, `due_date`) once the organiser's billing details are
    complete. 409 when fully booked."""
    employer = _my_employer(request, payload.employer)
    trip = trips_published().filter(slug=slug).first()
    if trip is None:
        raise Http404
    booking = booking_create(
        employer=employer,
        trip=trip,
        actor=request.auth,
        po_reference=payload.po_reference,
        invoice_address=payload.invoice_address,
    )
    return Status(201, booking)


@router.get("/me/employer/bookings", response={200: list[BookingOut], **READ_ERRORS})
@paginate(Pagination)
def my_bookings(request: HttpRequest):
    return bookings_of_member(request.auth)


@router.post("/bookings/{booking_id}/cancel", response={200: BookingOut, **WRITE_ERRORS})
def booking_cancel_endpoint(request: HttpRequest, booking_id: int, payload: BookingCancelIn):
    """Employers cancel under the trip's refund policy; organisers choose `refund`."""
    booking = bookings_managed_by(request.auth).filter(pk=booking_id).first()
    if booking is not None:
        return booking_cancel(
            booking=booking, actor=request.auth, by_organiser=True, refund=bool(payload.refund)
        )
    booking = bookings_of_member(request.auth).filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    return booking_cancel(booking=booking, actor=request.auth, by_organiser=False)


@router.get("/trips/{slug}/bookings", response={200: list[BookingOut], **READ_ERRORS})
@paginate(Pagination)
def trip_bookings(request: HttpRequest, slug: str):
    trip = trip_managed_by(request.auth, slug)
    if trip is None:
        raise Http404
    return bookings_for_trip(trip)


@router.post("/bookings/{booking_id}/mark-paid", response={200: BookingOut, **WRITE_ERRORS})
def booking_mark_paid_endpoint(request: HttpRequest, booking_id: int, payload: MarkPaidIn):
    booking: SlotBooking | None = bookings_managed_by(request.auth).filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    return booking_mark_paid(booking=booking, actor=request.auth, reference=payload.reference)


PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The invoice or credit note as a PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get("/invoices/{invoice_id}/pdf", response=READ_ERRORS, openapi_extra=PDF_RESPONSE)
def invoice_pdf_endpoint(request: HttpRequest, invoice_id: int):
    """An invoice or credit note (a booking's `invoice_url`): for the members of its employer
    and the organisers of its organisation; 404 for everyone else."""
    invoice = invoice_readable_by(request.auth, invoice_id)
    if invoice is None:
        raise Http404
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice_filename(invoice)}"'
    response["Cache-Control"] = "private, no-store"
    return response
