"""Invoices and credit notes for invoice bookings: numbering, amounts, the frozen details,
due dates, OCR references and the PDF.

An invoice is due `payment_terms_days` after it is issued, but never after the day before the
trip. An unpaid one is reminded `invoice_reminder_days` before it is due (if issued earlier
than that) and its booking released at the start of the day after the grace period
(`invoice_grace_days` after the due date) — unless that is after the trip has started.

Each organisation has one gapless series (`InvoiceSeries`) shared by its invoices and credit
notes, like pretix's numbering per organiser: the series row is locked while a number is taken,
in the same transaction that writes the invoice, so a rollback returns the number and two
concurrent issues never get the same one. Lock order: the booking row, then the series row.

Slot prices include VAT (the amount the employer pays, by card or invoice); an invoice splits
it into the amount excl. VAT and the VAT at the organisation's rate, rounded to whole öre.

An invoice is issued only when the organisation's billing details are complete
(`Organisation.billing_missing`); until then the booking stands without one, and
`invoices_issue_pending` issues it once the organiser fills them in.

The PDF is rendered on demand from the frozen fields, in the invoice's language (that of the
member who booked): the same document each time, so nothing is stored.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.tasks import enqueue_on_commit
from core.validators import luhn_check_digit
from events.models import Organisation, Trip

from .models import (
    BookingStatus,
    Invoice,
    InvoiceKind,
    InvoiceSeries,
    PaymentMethod,
    SlotBooking,
)
from .tasks import email_invoice, release_lapsed_booking, remind_invoice

# A booking in these states gets an invoice (a confirmed one may have been paid before the
# organisation's billing details were complete: it still needs its invoice).
INVOICED_STATUSES = (BookingStatus.PENDING_PAYMENT, BookingStatus.CONFIRMED)
REMINDER_HOUR = 9  # reminders go out in the morning, local time


def vat_split(gross_ore: int, rate: int) -> tuple[int, int]:
    """(amount excl. VAT, VAT) of an amount that includes VAT at `rate` percent; the VAT is
    rounded to the nearest öre (halves up), and the two always add up to `gross_ore`."""
    vat = (2 * gross_ore * rate + 100 + rate) // (2 * (100 + rate))
    return gross_ore - vat, vat


def ocr_reference(*, organisation_id: int, number: int) -> str:
    """A Swedish OCR reference: the organisation id and the five-digit invoice number, a
    length digit (the number of digits including both check digits, modulo 10) and a Luhn
    check digit, so banks refuse a mistyped reference."""
    body = f"{organisation_id}{number:05d}"
    with_length = body + str((len(body) + 2) % 10)
    return with_length + luhn_check_digit(with_length)


def invoice_due_on(*, issued_on: date, trip: Trip, terms_days: int) -> date:
    """The payment terms after the invoice date, but never later than the day before the
    trip starts (nor earlier than the invoice date, for a booking made the day before)."""
    last = timezone.localdate(trip.starts_at) - timedelta(days=1)
    return max(issued_on, min(issued_on + timedelta(days=terms_days), last))


def _local(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _language(booking: SlotBooking) -> str:
    person = booking.created_by or booking.employer.members.order_by("pk").first()
    return getattr(person, "language", "") or settings.LANGUAGE_CODE


def _seller(organisation: Organisation) -> dict:
    return {
        "name": organisation.legal_name,
        "org_number": organisation.org_number,
        "address": organisation.billing_address,
        "email": organisation.contact_email,
        "website": organisation.website,
        "bankgiro": organisation.bankgiro,
        "plusgiro": organisation.plusgiro,
        "iban": organisation.iban,
        "bic": organisation.bic,
        "vat_number": organisation.vat_number,
    }


def _buyer(booking: SlotBooking) -> dict:
    person = booking.created_by
    return {
        "name": booking.employer.name,
        "org_number": booking.employer.org_number,
        "address": booking.invoice_address,
        "reference": (person.full_name or person.email) if person else "",
        "email": person.email if person else "",
        "po_reference": booking.po_reference,
    }


def _description(trip: Trip) -> str:
    starts, ends = timezone.localtime(trip.starts_at), timezone.localtime(trip.ends_at)
    return _("Employer slot on %(trip)s, %(start)s–%(end)s") % {
        "trip": trip.title,
        "start": formats.date_format(starts, "j F Y"),
        "end": formats.date_format(ends, "j F Y"),
    }


def _next_number(organisation: Organisation) -> int:
    """Take the organisation's next number. Call inside the transaction that writes the
    invoice: the series row stays locked until it commits."""
    InvoiceSeries.objects.get_or_create(organisation=organisation)
    series = InvoiceSeries.objects.select_for_update().get(organisation=organisation)
    number = series.next_number
    series.next_number = number + 1
    series.save(update_fields=["next_number"])
    return number


def _locked_booking(booking_id: int) -> SlotBooking:
    """The booking, its row locked (only its own: not the trip's or organisation's)."""
    return (
        SlotBooking.objects.select_for_update(of=("self",))
        .select_related("trip__organisation", "employer", "created_by")
        .get(pk=booking_id)
    )


@transaction.atomic
def invoice_issue(*, booking: SlotBooking, now: datetime | None = None) -> Invoice | None:
    """Issue the invoice of an invoice booking (pending payment or confirmed), once.

    Returns the booking's invoice (an existing one if already issued), or None while the
    organisation's billing details are incomplete or the booking is not invoiced. Locks the
    booking row, then the organisation's series row. After commit, the invoice is emailed
    (with its PDF) to the employer's members.
    """
    now = now or timezone.now()
    booking = _locked_booking(booking.pk)
    existing = booking.invoices.filter(kind=InvoiceKind.INVOICE).first()
    if existing is not None:
        return existing
    organisation = booking.trip.organisation
    invoiced = booking.payment_method == PaymentMethod.INVOICE
    if not invoiced or booking.status not in INVOICED_STATUSES or organisation.billing_missing:
        return None
    language = _language(booking)
    issued_on = timezone.localdate(now)
    due_on = invoice_due_on(
        issued_on=issued_on, trip=booking.trip, terms_days=organisation.payment_terms_days
    )
    remind_on = due_on - timedelta(days=organisation.invoice_reminder_days)
    release_at = _local(due_on + timedelta(days=organisation.invoice_grace_days + 1))
    net, vat = vat_split(booking.amount_ore, organisation.vat_rate)
    number = _next_number(organisation)
    with translation.override(language):
        description = _description(booking.trip)
    invoice = Invoice.objects.create(
        organisation=organisation,
        booking=booking,
        kind=InvoiceKind.INVOICE,
        number=number,
        issued_on=issued_on,
        due_on=due_on,
        ocr=ocr_reference(organisation_id=organisation.pk, number=number),
        net_ore=net,
        vat_ore=vat,
        gross_ore=booking.amount_ore,
        vat_rate=organisation.vat_rate,
        description=description,
        seller=_seller(organisation),
        buyer=_buyer(booking),
        refund_cutoff=booking.trip.refund_cutoff,
        language=language,
        # No reminder for an invoice issued too close to its due date to need one.
        remind_at=_local(remind_on, REMINDER_HOUR) if remind_on > issued_on else None,
        # Releasing frees the slot for others: pointless once the trip has started, so an
        # unpaid booking whose grace period runs past the start is left to the organisers.
        release_at=release_at if release_at < booking.trip.starts_at else None,
        created_at=now,
    )
    enqueue_on_commit(email_invoice, invoice_id=invoice.pk, template="invoice_issued")
    # Deferred where the backend can; `manage.py process_invoices` and the capacity checks
    # do the same work where it cannot (see services.invoice_booking_release_if_lapsed).
    if invoice.remind_at:
        enqueue_on_commit(remind_invoice, run_after=invoice.remind_at, invoice_id=invoice.pk)
    if invoice.release_at:
        enqueue_on_commit(
            release_lapsed_booking, run_after=invoice.release_at, booking_id=booking.pk
        )
    return invoice


@transaction.atomic
def invoice_remind(*, invoice_id: int, now: datetime | None = None) -> Invoice | None:
    """Remind the employer's members of an unpaid invoice whose reminder is due, once (the
    invoice row is locked while `reminder_sent_at` is checked and set). Returns the invoice
    if a reminder was queued, else None."""
    now = now or timezone.now()
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("booking")
        .filter(pk=invoice_id, kind=InvoiceKind.INVOICE)
        .first()
    )
    due = (
        invoice is not None
        and invoice.reminder_sent_at is None
        and invoice.remind_at is not None
        and invoice.remind_at <= now
        and invoice.booking.status == BookingStatus.PENDING_PAYMENT
    )
    if not due:
        return None
    invoice.reminder_sent_at = now
    invoice.save(update_fields=["reminder_sent_at"])
    enqueue_on_commit(email_invoice, invoice_id=invoice.pk, template="invoice_reminder")
    return invoice


def invoices_reminders_due(*, now: datetime) -> list[int]:
    """Ids of unpaid invoices whose reminder is due and not sent."""
    return list(
        Invoice.objects.filter(
            kind=InvoiceKind.INVOICE,
            remind_at__lte=now,
            reminder_sent_at__isnull=True,
            booking__status=BookingStatus.PENDING_PAYMENT,
        )
        .order_by("remind_at", "id")
        .values_list("id", flat=True)
    )


@transaction.atomic
def credit_note_issue(
    *, booking: SlotBooking, now: datetime | None = None, email: str = "credit_note_issued"
) -> Invoice | None:
    """Credit the booking's invoice in full, once: a credit note numbered in the same series,
    with the invoice's details and amounts. For a cancelled invoice booking that was not paid
    (the invoice is void) or is refunded. Returns None if the booking has no invoice.

    Locks the booking row, then the series row. After commit, the credit note is emailed with
    its PDF to the employer's members, with the `email` template.
    """
    now = now or timezone.now()
    booking = _locked_booking(booking.pk)
    invoices = {i.kind: i for i in booking.invoices.all()}
    invoice = invoices.get(InvoiceKind.INVOICE)
    if invoice is None or InvoiceKind.CREDIT_NOTE in invoices:
        return invoices.get(InvoiceKind.CREDIT_NOTE)
    number = _next_number(invoice.organisation)
    credit_note = Invoice.objects.create(
        organisation=invoice.organisation,
        booking=booking,
        kind=InvoiceKind.CREDIT_NOTE,
        number=number,
        credits=invoice,
        issued_on=timezone.localdate(now),
        ocr=invoice.ocr,
        net_ore=invoice.net_ore,
        vat_ore=invoice.vat_ore,
        gross_ore=invoice.gross_ore,
        vat_rate=invoice.vat_rate,
        description=invoice.description,
        seller=invoice.seller,
        buyer=invoice.buyer,
        refund_cutoff=invoice.refund_cutoff,
        language=invoice.language,
        created_at=now,
    )
    enqueue_on_commit(email_invoice, invoice_id=credit_note.pk, template=email)
    return credit_note


def invoices_issue_pending(*, organisation_id: int) -> list[Invoice]:
    """Issue the invoices that waited for the organisation's billing details: every invoice
    booking of its trips, pending payment or confirmed, that has none. One transaction per
    invoice; returns those issued."""
    waiting = SlotBooking.objects.filter(
        trip__organisation_id=organisation_id,
        payment_method=PaymentMethod.INVOICE,
        status__in=INVOICED_STATUSES,
    ).exclude(invoices__kind=InvoiceKind.INVOICE)
    issued = []
    for booking in waiting.order_by("created_at", "id"):
        invoice = invoice_issue(booking=booking)
        if invoice is not None:
            issued.append(invoice)
    return issued


def invoice_filename(invoice: Invoice) -> str:
    with translation.override(invoice.language):
        if invoice.is_credit_note:
            return _("credit-note-%(number)s.pdf") % {"number": invoice.number}
        return _("invoice-%(number)s.pdf") % {"number": invoice.number}


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice or credit note as a PDF, in its language, from its frozen details."""
    sign = -1 if invoice.is_credit_note else 1
    context = {
        "invoice": invoice,
        "seller": invoice.seller,
        "seller_address_line": ", ".join(invoice.seller["address"].splitlines()),
        "buyer": invoice.buyer,
        "credited": invoice.credits,
        "net_ore": sign * invoice.net_ore,
        "vat_ore": sign * invoice.vat_ore,
        "gross_ore": sign * invoice.gross_ore,
        "paid": invoice.is_credit_note and invoice.booking.paid_at is not None,
    }
    with translation.override(invoice.language):
        return render_pdf("pdf/invoice.html", context)
