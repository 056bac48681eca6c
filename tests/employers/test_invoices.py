"""Invoices for invoice bookings: numbering, amounts, frozen details, due dates, OCR, PDF."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from core.validators import luhn_valid
from employers.bookings import (
    booking_cancel,
    booking_create,
    booking_mark_paid,
    booking_refund_mark_done,
    invoices_process,
)
from employers.invoices import (
    credit_note_issue,
    invoice_due_on,
    invoice_issue,
    invoice_pdf,
    ocr_reference,
    vat_split,
)
from employers.models import Invoice, InvoiceSeries, SlotBooking
from employers.selectors import trip_slots_left
from employers.tasks import release_lapsed_booking, remind_invoice
from events.models import Organisation
from events.services import organisation_billing_update

from ..concurrency import run_concurrently
from ..factories import (
    BILLING,
    EmployerFactory,
    EmployerMemberFactory,
    OrganisationFactory,
    SlotBookingFactory,
    TripFactory,
    org_number,
)

pytestmark = pytest.mark.django_db
NB = "\u00a0"


def pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace(NB, " ").split())


@pytest.fixture
def billed(organisation):
    """The organiser's organisation with complete billing details."""
    Organisation.objects.filter(pk=organisation.pk).update(
        **BILLING, contact_email="faktura@kommunen.test"
    )
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def book(invoice_mode, django_capture_on_commit_callbacks):
    def make(trip, member):
        with django_capture_on_commit_callbacks(execute=True):
            booking = booking_create(employer=member.employers.get(), trip=trip, actor=member)
        return SlotBooking.objects.prefetch_related("invoices").get(pk=booking.pk)

    return make


@pytest.mark.parametrize(
    ("gross", "rate", "net", "vat"),
    [
        (1_500_000, 25, 1_200_000, 300_000),
        (1_200_000, 25, 960_000, 240_000),
        (1_000_001, 25, 800_001, 200_000),  # 200 000.2 öre of VAT: down
        (99, 25, 79, 20),  # 19.8: up
        (1_000_000, 12, 892_857, 107_143),
        (1_000_000, 6, 943_396, 56_604),
        (1_000_000, 0, 1_000_000, 0),
    ],
)
def test_vat_is_included_in_the_price_and_rounded_to_whole_ore(gross, rate, net, vat):
    assert vat_split(gross, rate) == (net, vat)


def test_ocr_reference_has_a_length_digit_and_a_luhn_check_digit():
    ocr = ocr_reference(organisation_id=3, number=17)
    assert ocr[:6] == "300017"
    assert ocr[6] == "8"  # eight digits in all
    assert len(ocr) == 8 and luhn_valid(ocr)
    assert ocr_reference(organisation_id=12, number=100_001) == "12100001" + "0" + "3"
    assert luhn_valid(ocr_reference(organisation_id=12, number=100_001))


def test_due_date_follows_the_terms_but_never_the_trip():
    trip = TripFactory.build(starts_at=timezone.make_aware(datetime(2027, 3, 10, 9)))
    due = {
        issued: invoice_due_on(issued_on=issued, trip=trip, terms_days=30)
        for issued in (date(2027, 1, 2), date(2027, 2, 10), date(2027, 3, 9), date(2027, 3, 10))
    }
    assert due == {
        date(2027, 1, 2): date(2027, 2, 1),  # 30 days
        date(2027, 2, 10): date(2027, 3, 9),  # the day before the trip
        date(2027, 3, 9): date(2027, 3, 9),  # booked the day before: due at once
        date(2027, 3, 10): date(2027, 3, 10),
    }


def test_an_invoice_booking_is_invoiced_with_frozen_details_and_emailed_with_its_pdf(
    book, billed, member, clock
):
    clock.set(timezone.make_aware(datetime(2027, 1, 4, 10, 30)))
    trip = TripFactory(
        organisation=billed,
        status="published",
        title="IT-resan",
        slot_price_ore=1_500_000,
        starts_at=timezone.make_aware(datetime(2027, 4, 1, 9)),
        ends_at=timezone.make_aware(datetime(2027, 4, 3, 16)),
        booking_refund_cutoff=timezone.make_aware(datetime(2027, 3, 1, 12)),
    )
    employer = member.employers.get()
    booking = book(trip, member)

    invoice = booking.invoice
    assert (booking.status, invoice.kind, invoice.number) == ("pending_payment", "invoice", 1)
    assert (invoice.issued_on, invoice.due_on) == (date(2027, 1, 4), date(2027, 2, 3))
    assert (invoice.net_ore, invoice.vat_ore, invoice.gross_ore, invoice.vat_rate) == (
        1_200_000,
        300_000,
        1_500_000,
        25,
    )
    assert invoice.ocr == ocr_reference(organisation_id=billed.pk, number=1)
    assert invoice.description == "Employer slot on IT-resan, 1 April 2027–3 April 2027"
    assert invoice.language == "en"
    assert invoice.seller == {
        "name": "Testkommunen",
        "org_number": "212000-2742",
        "address": "Rådhusgatan 1\n831 82 Östersund",
        "email": "faktura@kommunen.test",
        "website": "",
        "bankgiro": "5050-1055",
        "plusgiro": "",
        "iban": "",
        "bic": "",
        "vat_number": "SE212000274201",
    }
    assert invoice.buyer == {
        "name": employer.name,
        "org_number": employer.org_number,
        "address": "",
        "reference": member.full_name,
        "email": "anna@fjallkraft.test",
        "po_reference": "",
    }
    local = timezone.localtime
    assert local(invoice.remind_at) == timezone.make_aware(datetime(2027, 1, 27, 9))
    assert local(invoice.release_at) == timezone.make_aware(datetime(2027, 2, 11, 0))

    [message] = mail.outbox
    assert message.subject == "Invoice 1: your slot on IT-resan"
    assert message.to == ["anna@fjallkraft.test"]
    assert "Amount to pay: SEK 15,000 (SEK 12,000 excl. VAT + SEK 3,000 VAT at 25 %)" in (
        message.body.replace(NB, " ")
    )
    assert f"OCR reference: {invoice.ocr}" in message.body
    assert "Due date: 3 February 2027" in message.body
    assert "Bankgiro: 5050-1055" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("invoice-1.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")


def test_numbers_are_one_series_per_organisation(book, billed, member, organiser):
    other = OrganisationFactory(**BILLING)
    trips = [TripFactory(organisation=billed, status="published") for _ in range(2)]
    other_trip = TripFactory(organisation=other, status="published")
    members = [member, *(EmployerMemberFactory().user for _ in range(2))]

    numbers = [
        (b.trip.organisation_id, b.invoice.number)
        for b in (
            book(trips[0], members[0]),
            book(other_trip, members[1]),
            book(trips[1], members[1]),
            book(trips[0], members[2]),
        )
    ]

    assert numbers == [(billed.pk, 1), (other.pk, 1), (billed.pk, 2), (billed.pk, 3)]
    assert InvoiceSeries.objects.get(organisation=billed).next_number == 4


def test_the_invoice_keeps_the_details_it_was_issued_with(book, billed, member, organiser):
    booking = book(TripFactory(organisation=billed, status="published"), member)

    organisation_billing_update(
        organisation=billed, actor=organiser, bankgiro="991-2346", vat_rate=12
    )

    invoice = Invoice.objects.get(booking=booking)
    assert (invoice.seller["bankgiro"], invoice.vat_rate) == ("5050-1055", 25)


def test_without_billing_details_the_booking_waits_for_its_invoice(
    book, organisation, member, organiser, django_capture_on_commit_callbacks
):
    trip = TripFactory(organisation=organisation, status="published", title="Vårresan")
    booking = book(trip, member)

    assert booking.status == "pending_payment"
    assert list(booking.invoices.all()) == []
    [message] = mail.outbox
    assert message.subject == "Booking received: Vårresan — invoice to follow"
    assert "The invoice for SEK 15,000 (VAT included) will follow from" in (
        message.body.replace(NB, " ")
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        organisation_billing_update(organisation=organisation, actor=organiser, org_number="")
    assert not Invoice.objects.exists()  # still incomplete

    with django_capture_on_commit_callbacks(execute=True):
        organisation_billing_update(organisation=organisation, actor=organiser, **BILLING)

    invoice = Invoice.objects.get(booking=booking)
    assert (invoice.number, invoice.seller["org_number"]) == (1, "212000-2742")
    assert [m.subject for m in mail.outbox] == ["Invoice 1: your slot on Vårresan"]


def test_invoice_issue_is_idempotent_and_only_for_invoice_bookings(billed):
    trip = TripFactory(organisation=billed, status="published")
    booking = SlotBookingFactory(trip=trip, status="pending_payment", hold_expires_at=None)
    first = invoice_issue(booking=booking)
    assert invoice_issue(booking=booking) == first
    card = SlotBookingFactory(
        trip=trip, status="pending_payment", hold_expires_at=None, payment_method="stripe"
    )
    cancelled = SlotBookingFactory(trip=trip, status="cancelled", hold_expires_at=None)
    assert invoice_issue(booking=card) is None
    assert invoice_issue(booking=cancelled) is None
    assert Invoice.objects.count() == 1


def test_no_release_date_when_the_grace_period_runs_past_the_trip(billed, clock):
    trip = TripFactory(
        organisation=billed, status="published", starts_at=clock.now + timedelta(days=20)
    )
    booking = SlotBookingFactory(trip=trip, status="pending_payment", hold_expires_at=None)
    invoice = invoice_issue(booking=booking)
    assert invoice.due_on == timezone.localdate(trip.starts_at) - timedelta(days=1)
    assert invoice.release_at is None
    assert invoice.remind_at is not None


def test_pdf_reads_as_the_customer_reads_it_in_swedish_and_english(billed, clock):
    clock.set(timezone.make_aware(datetime(2027, 1, 4, 10, 30)))
    trip = TripFactory(
        organisation=billed,
        status="published",
        title="Kockresan",
        slot_price_ore=1_200_050,
        starts_at=timezone.make_aware(datetime(2027, 4, 1, 9)),
        ends_at=timezone.make_aware(datetime(2027, 4, 3, 16)),
    )
    members = {
        language: EmployerMemberFactory(
            user__language=language, user__full_name=f"Karin {language}"
        )
        for language in ("sv", "en")
    }
    texts = {}
    for language, membership in members.items():
        booking = SlotBookingFactory(
            trip=trip,
            employer=membership.employer,
            status="pending_payment",
            hold_expires_at=None,
            created_by=membership.user,
            po_reference="PO-4711",
            invoice_address="Ekonomi\nBox 12\n831 21 Östersund",
        )
        texts[language] = pdf_text(invoice_pdf(invoice_issue(booking=booking)))

    sv, en = texts["sv"], texts["en"]
    ocr_sv, ocr_en = (ocr_reference(organisation_id=billed.pk, number=n) for n in (1, 2))
    employer_sv = members["sv"].employer
    assert sv.startswith(
        "Testkommunen Rådhusgatan 1 831 82 Östersund Faktura Nr 1 "
        f"KUND {employer_sv.name} Org.nr {employer_sv.org_number} "
        "Ekonomi Box 12 831 21 Östersund "
        "Fakturadatum 4 januari 2027 Förfallodatum 3 februari 2027 "
        f"OCR-nummer {ocr_sv} Er referens Karin sv Ert ordernummer PO-4711 "
        "Vår kontakt faktura@kommunen.test "
        "BESKRIVNING EXKL. MOMS MOMSSATS MOMS INKL. MOMS "
        "Arbetsgivarplats på Kockresan, 1 april 2027–3 april 2027 "
        "9 600,40 kr 25 % 2 400,10 kr 12 000,50 kr "
        "Summa exkl. moms 9 600,40 kr Moms 25 % 2 400,10 kr Att betala 12 000,50 kr "
        "Betala 12 000,50 kr senast 3 februari 2027 och ange OCR-numret. "
        f"Bankgiro 5050-1055 OCR-nummer {ocr_sv} "
        "Avbokning: avbokar ni till och med 18 mars 2027, 08:00 betalar ni ingenting"
    )
    assert sv.endswith(
        "Är fakturan obetald den 11 februari 2027 släpps bokningen och platsen erbjuds andra "
        "arbetsgivare. Testkommunen · Rådhusgatan 1, 831 82 Östersund · Org.nr 212000-2742 · "
        "Momsreg.nr SE212000274201 · faktura@kommunen.test 1 / 1"
    )
    for expected in (
        "Invoice No. 2 CUSTOMER",
        "Invoice date 4 January 2027 Due date 3 February 2027 "
        f"OCR reference {ocr_en} Your reference Karin en Your order no. PO-4711",
        "Employer slot on Kockresan, 1 April 2027–3 April 2027 "
        "SEK 9,600.40 25 % SEK 2,400.10 SEK 12,000.50",
        "Total excl. VAT SEK 9,600.40 VAT 25 % SEK 2,400.10 Total to pay SEK 12,000.50 "
        "Please pay SEK 12,000.50 by 3 February 2027, quoting the OCR reference.",
        "Cancellation: cancel the booking until 18 March 2027, 08:00 and you pay nothing",
    ):
        assert expected in en, expected


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_invoices_of_one_organisation_get_every_number_once():
    organisation = OrganisationFactory(**BILLING)
    trips = [TripFactory(organisation=organisation, status="published") for _ in range(3)]
    bookings = [
        SlotBookingFactory(
            trip=trips[i % 3],
            employer=EmployerFactory(org_number=org_number(8000 + i)),
            status="pending_payment",
            hold_expires_at=None,
        )
        for i in range(16)
    ]

    results = run_concurrently(lambda b: invoice_issue(booking=b), [(b,) for b in bookings])

    assert all(isinstance(r, Invoice) for r in results), results
    numbers = sorted(
        Invoice.objects.filter(organisation=organisation).values_list("number", flat=True)
    )
    assert numbers == list(range(1, 17))
    assert InvoiceSeries.objects.get(organisation=organisation).next_number == 17


# --- Credit notes ----------------------------------------------------------------------------


@pytest.fixture
def invoiced(book, billed, member, trip):
    """An invoice booking on `trip` with its invoice 1; the outbox emptied."""
    trip.organisation = billed
    booking = book(trip, member)
    mail.outbox.clear()
    return booking


def test_a_refunded_invoice_gets_a_credit_note_in_the_same_series(
    invoiced, member, organiser, django_capture_on_commit_callbacks
):
    booking_mark_paid(booking=invoiced, actor=organiser)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_cancel(booking=invoiced, actor=member, by_organiser=False)

    assert (booking.status, booking.refund_state) == ("cancelled", "needed")
    invoice, credit_note = Invoice.objects.filter(booking=booking).order_by("number")
    assert (credit_note.kind, credit_note.number, credit_note.credits) == (
        "credit_note",
        2,
        invoice,
    )
    assert (credit_note.gross_ore, credit_note.net_ore, credit_note.vat_ore) == (
        1_500_000,
        1_200_000,
        300_000,
    )
    assert (credit_note.seller, credit_note.buyer) == (invoice.seller, invoice.buyer)
    assert credit_note.due_on is None
    assert sorted(m.subject for m in mail.outbox) == [
        "Booking cancelled: IT-resan",
        "Credit note 2 for invoice 1: IT-resan",
    ]
    [message] = [m for m in mail.outbox if m.attachments]
    assert "credits invoice 1 for your slot on IT-resan in full: SEK 15,000." in (
        message.body.replace(NB, " ")
    )
    assert "What you paid will be refunded." in message.body
    [(filename, content, _mimetype)] = message.attachments
    assert filename == "credit-note-2.pdf"
    text = pdf_text(content)
    for expected in (
        "Credit note No. 2",
        f"Credit note date {credit_note.issued_on:%-d %B %Y} Credits invoice 1 "
        f"({invoice.issued_on:%-d %B %Y})",
        "\u2212SEK 12,000 25 % \u2212SEK 3,000 \u2212SEK 15,000",
        "Total credited \u2212SEK 15,000",
        "This credit note cancels invoice 1. What you paid, SEK 15,000, is refunded to you.",
    ):
        assert expected in text, expected
    # Refunding by hand afterwards issues nothing more.
    booking_refund_mark_done(booking=booking, actor=organiser)
    assert Invoice.objects.filter(booking=booking).count() == 2


def test_an_unpaid_invoice_is_credited_when_the_booking_is_cancelled(
    invoiced, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=invoiced, actor=organiser, by_organiser=True, refund=False)

    credit_note = Invoice.objects.get(booking=invoiced, kind="credit_note")
    [message] = [m for m in mail.outbox if m.attachments]
    assert "You do not need to pay the invoice." in message.body
    assert "This credit note cancels invoice 1: do not pay it." in pdf_text(
        invoice_pdf(credit_note)
    )


@pytest.mark.parametrize(
    ("by_organiser", "refund", "after_cutoff", "credited"),
    [
        (False, None, False, True),
        (False, None, True, False),  # no refund after the cut-off: the paid invoice stands
        (True, True, True, True),
        (True, False, False, False),
    ],
)
def test_a_paid_invoice_is_credited_only_when_refunded(
    invoiced, member, organiser, trip, by_organiser, refund, after_cutoff, credited
):
    booking_mark_paid(booking=invoiced, actor=organiser)
    if after_cutoff:
        trip.booking_refund_cutoff = timezone.now() - timedelta(minutes=1)
        trip.save()
    actor = organiser if by_organiser else member
    booking_cancel(booking=invoiced, actor=actor, by_organiser=by_organiser, refund=refund)

    kinds = set(Invoice.objects.filter(booking=invoiced).values_list("kind", flat=True))
    assert kinds == ({"invoice", "credit_note"} if credited else {"invoice"})


def test_card_bookings_get_no_invoice_or_credit_note(fake_stripe, billed, trip, member):
    trip.organisation = billed
    booking = booking_create(employer=member.employers.get(), trip=trip, actor=member)
    booking_cancel(booking=booking, actor=member, by_organiser=False)
    assert not Invoice.objects.exists()
    assert credit_note_issue(booking=booking) is None


def test_credit_note_issue_is_idempotent(invoiced):
    first = credit_note_issue(booking=invoiced)
    assert credit_note_issue(booking=invoiced) == first
    assert InvoiceSeries.objects.get(organisation=first.organisation).next_number == 3


# --- Reminders and release -------------------------------------------------------------------


@pytest.fixture
def lapsing(book, billed, member, clock):
    """Booked on 4 January 2027 for a trip on 1 April: due 3 February, reminded 27 January
    at 09:00, released at the start of 11 February (defaults: 30, 7 and 7 days)."""
    clock.set(timezone.make_aware(datetime(2027, 1, 4, 10, 30)))
    trip = TripFactory(
        organisation=billed,
        status="published",
        title="IT-resan",
        employer_slots=1,
        starts_at=timezone.make_aware(datetime(2027, 4, 1, 9)),
        ends_at=timezone.make_aware(datetime(2027, 4, 3, 16)),
    )
    booking = book(trip, member)
    mail.outbox.clear()
    return booking


def _at(day: int, month: int, hour: int = 0, minute: int = 0):
    return timezone.make_aware(datetime(2027, month, day, hour, minute))


def test_unpaid_invoice_is_reminded_before_its_due_date_then_released_after_the_grace(
    lapsing, clock, django_capture_on_commit_callbacks
):
    def process():
        with django_capture_on_commit_callbacks(execute=True):
            return invoices_process()

    trip = lapsing.trip
    clock.set(_at(27, 1, 8, 59))
    assert process() == {"released": 0, "reminded": 0, "issued": 0}

    clock.set(_at(27, 1, 9))
    assert process() == {"released": 0, "reminded": 1, "issued": 0}
    [reminder] = mail.outbox
    assert reminder.subject == "Reminder: invoice 1 is due on 3 February"
    body = reminder.body.replace(NB, " ")
    assert "We have not yet received the payment of invoice 1" in body
    assert "If the invoice is unpaid on 11 February 2027, the booking is released" in body
    assert [a[0] for a in reminder.attachments] == ["invoice-1.pdf"]
    assert process()["reminded"] == 0  # once
    mail.outbox.clear()

    clock.set(_at(10, 2, 23, 59))
    assert process()["released"] == 0
    assert trip_slots_left(trip, now=clock.now) == 0

    clock.set(_at(11, 2))
    assert trip_slots_left(trip, now=clock.now) == 1  # no longer counted, before any release
    assert process() == {"released": 1, "reminded": 0, "issued": 0}
    lapsing.refresh_from_db()
    assert (lapsing.status, lapsing.refund_state) == ("cancelled", "none")
    credit_note = Invoice.objects.get(booking=lapsing, kind="credit_note")
    [released] = mail.outbox
    assert released.subject == "Slot released: IT-resan"
    assert "Invoice 1 for the slot of" in released.body
    assert "was due on 3 February 2027 and has not been paid" in released.body
    assert f"Credit note {credit_note.number} (attached, PDF) cancels invoice 1" in released.body
    assert [a[0] for a in released.attachments] == ["credit-note-2.pdf"]
    assert lapsing.status_changes.last().actor is None
    assert process() == {"released": 0, "reminded": 0, "issued": 0}  # once


def test_a_paid_invoice_is_neither_reminded_nor_released(lapsing, organiser, clock):
    booking_mark_paid(booking=lapsing, actor=organiser)
    clock.set(_at(1, 3))
    assert invoices_process() == {"released": 0, "reminded": 0, "issued": 0}
    lapsing.refresh_from_db()
    assert lapsing.status == "confirmed"


def test_a_lapsed_booking_frees_its_slot_when_capacity_is_checked(
    lapsing, clock, django_capture_on_commit_callbacks
):
    clock.set(_at(11, 2, 8))
    other = EmployerMemberFactory(
        employer__organisation=lapsing.trip.organisation, user__language="en"
    ).user

    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(employer=other.employers.get(), trip=lapsing.trip, actor=other)

    lapsing.refresh_from_db()
    assert (lapsing.status, booking.status) == ("cancelled", "pending_payment")
    assert sorted(Invoice.objects.values_list("booking_id", "kind", "number")) == sorted(
        [
            (lapsing.pk, "invoice", 1),
            (lapsing.pk, "credit_note", 2),
            (booking.pk, "invoice", 3),
        ]
    )
    assert sorted(m.subject for m in mail.outbox) == [
        "Invoice 3: your slot on IT-resan",
        "Slot released: IT-resan",
    ]


def test_the_deferred_tasks_do_the_same_at_their_time(lapsing, clock):
    invoice = lapsing.invoice
    assert remind_invoice.call(invoice_id=invoice.pk) == "nothing to do"
    assert release_lapsed_booking.call(booking_id=lapsing.pk) == "gone"
    clock.set(_at(27, 1, 9))
    assert remind_invoice.call(invoice_id=invoice.pk) == "reminded"
    assert remind_invoice.call(invoice_id=invoice.pk) == "nothing to do"
    clock.set(_at(11, 2))
    assert release_lapsed_booking.call(booking_id=lapsing.pk) == "cancelled"
    assert release_lapsed_booking.call(booking_id=lapsing.pk) == "gone"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_booking_schedules_the_reminder_and_the_release(
    billed, member, clock, invoice_mode, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    clock.set(timezone.make_aware(datetime(2027, 1, 4, 10, 30)))
    trip = TripFactory(
        organisation=billed,
        status="published",
        starts_at=timezone.make_aware(datetime(2027, 4, 1, 9)),
        ends_at=timezone.make_aware(datetime(2027, 4, 3, 16)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(employer=member.employers.get(), trip=trip, actor=member)

    invoice = booking.invoices.get()
    stored = {
        r.task_path: (r.args_kwargs["kwargs"], r.run_after) for r in DBTaskResult.objects.all()
    }
    assert stored.pop("employers.tasks.email_invoice")[0] == {
        "invoice_id": invoice.pk,
        "template": "invoice_issued",
    }
    assert stored == {
        "employers.tasks.remind_invoice": ({"invoice_id": invoice.pk}, _at(27, 1, 9)),
        "employers.tasks.release_lapsed_booking": ({"booking_id": booking.pk}, _at(11, 2)),
    }


def test_process_invoices_command_says_what_it_did(lapsing, clock):
    from io import StringIO

    from django.core.management import call_command

    clock.set(_at(11, 2))
    out = StringIO()
    call_command("process_invoices", stdout=out)
    assert out.getvalue() == (
        "Invoices: 1 bookings released, 0 reminders sent, 0 invoices issued.\n"
    )


def test_process_invoices_issues_what_waited_for_billing_details(book, organisation, member, clock):
    booking = book(TripFactory(organisation=organisation, status="published"), member)
    assert invoices_process()["issued"] == 0
    Organisation.objects.filter(pk=organisation.pk).update(**BILLING)  # e.g. in the admin
    assert invoices_process()["issued"] == 1
    assert booking.invoices.get().number == 1
    assert invoices_process()["issued"] == 0


def test_invoice_emails_read_swedish_for_a_swedish_member(
    book, billed, clock, django_capture_on_commit_callbacks
):
    clock.set(_at(4, 1, 10, 30))
    trip = TripFactory(
        organisation=billed,
        status="published",
        title="IT-resan",
        starts_at=_at(1, 4, 9),
        ends_at=_at(3, 4, 16),
    )
    member = EmployerMemberFactory(user__language="sv", user__full_name="Karin Sten").user
    book(trip, member)
    clock.set(_at(27, 1, 9))
    with django_capture_on_commit_callbacks(execute=True):
        invoices_process()
    clock.set(_at(11, 2))
    with django_capture_on_commit_callbacks(execute=True):
        invoices_process()

    issued, reminder, released = mail.outbox
    assert [m.subject for m in mail.outbox] == [
        "Faktura 1: er plats på IT-resan",
        "Påminnelse: faktura 1 förfaller 3 februari",
        "Platsen har släppts: IT-resan",
    ]
    body = issued.body.replace(NB, " ")
    assert body.startswith("Hej Karin")
    assert "Att betala: 15 000 kr (12 000 kr exkl. moms + 3 000 kr moms 25 %)" in body
    assert "Förfallodatum: 3 februari 2027" in body
    assert "Har ni redan betalat?" in reminder.body
    assert "Kreditfaktura 2 (bifogad, pdf) makulerar faktura 1: betala den inte." in released.body
    assert [a[0] for a in (*issued.attachments, *released.attachments)] == [
        "faktura-1.pdf",
        "kreditfaktura-2.pdf",
    ]
