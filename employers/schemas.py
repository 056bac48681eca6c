from datetime import date, datetime

from django.urls import reverse
from ninja import Field, Schema

from .models import (
    BookingStatus,
    EmploymentType,
    HiringNeed,
    PaymentMethod,
    RefundState,
    SlotBooking,
)


class HiringNeedOut(Schema):
    id: int
    employer: str
    role_title: str
    sector: str
    positions: int
    employment_type: EmploymentType
    description: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_employer(need: HiringNeed) -> str:
        return need.employer.slug

    @staticmethod
    def resolve_sector(need: HiringNeed) -> str:
        return need.sector.code


class HiringNeedIn(Schema):
    role_title: str = Field(..., min_length=2, max_length=200)
    sector: str = Field(..., description="Sector code")
    positions: int = Field(1, ge=1, le=1000, strict=True)
    employment_type: EmploymentType = EmploymentType.PERMANENT
    description: str = Field("", max_length=5000)


class HiringNeedPatch(Schema):
    role_title: str | None = Field(None, min_length=2, max_length=200)
    sector: str | None = None
    positions: int | None = Field(None, ge=1, le=1000, strict=True)
    employment_type: EmploymentType | None = None
    description: str | None = Field(None, max_length=5000)


class BookingOut(Schema):
    id: int
    trip: str
    employer: str
    status: BookingStatus
    amount_ore: int
    payment_method: PaymentMethod
    payment_reference: str
    hold_expires_at: datetime | None
    checkout_url: str | None
    refund_state: RefundState
    refund_note: str
    po_reference: str
    invoice_number: str | None = Field(
        None, description="Invoice bookings, once the invoice is issued"
    )
    invoice_url: str | None = Field(
        None, description="The invoice PDF (for the employer's members and organisers)"
    )
    due_date: date | None = Field(None, description="When the invoice is to be paid")
    created_at: datetime

    @staticmethod
    def resolve_trip(booking: SlotBooking) -> str:
        return booking.trip.slug

    @staticmethod
    def resolve_employer(booking: SlotBooking) -> str:
        return booking.employer.slug

    @staticmethod
    def resolve_checkout_url(booking: SlotBooking) -> str | None:
        return booking.checkout_url if booking.status == BookingStatus.HELD else None

    @staticmethod
    def resolve_invoice_number(booking: SlotBooking) -> str | None:
        invoice = booking.invoice
        return str(invoice.number) if invoice else None

    @staticmethod
    def resolve_invoice_url(booking: SlotBooking, context) -> str | None:
        invoice = booking.invoice
        if invoice is None:
            return None
        path = reverse("api:invoice_pdf_endpoint", kwargs={"invoice_id": invoice.pk})
        return context["request"].build_absolute_uri(path)

    @staticmethod
    def resolve_due_date(booking: SlotBooking) -> date | None:
        invoice = booking.invoice
        return invoice.due_on if invoice else None


class BookingCreateIn(Schema):
    employer: str | None = Field(None, description="Employer slug, if you belong to several")
    po_reference: str = Field(
        "", max_length=100, description="Invoice bookings: your order number, on the invoice"
    )
    invoice_address: str = Field(
        "", max_length=500, description="Invoice bookings: where the invoice is addressed"
    )


class BookingCancelIn(Schema):
    refund: bool | None = Field(
        None, description="Organisers only: refund what was paid (employers follow the policy)"
    )


class MarkPaidIn(Schema):
    reference: str = Field("", max_length=200, description="e.g. the bank's payment reference")
