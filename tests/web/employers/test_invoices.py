"""Invoices on the web: the employer's invoice page, the PDF and who may open it."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employers.invoices import invoice_issue
from employers.models import Invoice, SlotBooking
from events.models import Organisation
from tests.factories import (
    BILLING,
    EmployerFactory,
    EmployerMemberFactory,
    SlotBookingFactory,
    TripFactory,
    UserFactory,
)

from ..pages import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def billed(organisation):
    Organisation.objects.filter(pk=organisation.pk).update(**BILLING)
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def invoice(billed, trip, employer, member):
    booking = SlotBookingFactory(
        trip=trip, employer=employer, status="pending_payment", hold_expires_at=None
    )
    return invoice_issue(booking=booking)


def test_the_invoice_page_gives_what_the_employer_needs_to_pay(
    member_client, billed, trip, employer, invoice_mode, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("employer:book", args=[trip.slug]), {"confirm": "yes"}, follow=True
        )

    booking = SlotBooking.objects.get(employer=employer, trip=trip)
    invoice = booking.invoices.get()
    [dl] = texts(response.content, "dl", "invoice")
    assert dl.startswith(
        "Invoice Invoice 1 (PDF) "
        "Amount SEK 15,000 incl. VAT (SEK 12,000 excl. VAT + SEK 3,000 VAT at 25 %) "
        f"Due date {invoice.due_on:%-d %B %Y} OCR reference {invoice.ocr} "
        "Pay to Testkommunen, bankgiro 5050-1055 "
        f"Organiser {billed.name} Trip IT-resan"
    )
    assert f'href="/invoices/{invoice.pk}.pdf"' in response.content.decode()
    assert [m.subject for m in mail.outbox] == ["Invoice 1: your slot on IT-resan"]


def test_the_pdf_is_for_the_employers_members_and_the_organisers_only(
    client, invoice, member, organiser, other_organiser, trip
):
    url = reverse("invoice_pdf", args=[invoice.pk])
    assert url == f"/invoices/{invoice.pk}.pdf"

    assert client.get(url).url.startswith(reverse("login"))
    for reader in (member, organiser):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"] == 'inline; filename="invoice-1.pdf"'
        assert response.content.startswith(b"%PDF-")
    outsiders = [
        other_organiser,
        EmployerMemberFactory(employer__organisation=trip.organisation).user,
        UserFactory(),
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(reverse("invoice_pdf", args=[invoice.pk + 1])).status_code == 404


def test_list_pages_link_the_invoice_without_more_queries(
    member_client, organiser, billed, employer, trip
):
    organiser_client = Client(headers={"Accept-Language": "en"})
    organiser_client.force_login(organiser)

    def queries(client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_invoiced_booking():
        booking = SlotBookingFactory(
            employer=employer,
            trip=TripFactory(organisation=billed, status="published"),
            status="pending_payment",
            hold_expires_at=None,
        )
        invoice_issue(booking=booking)
        invoice_issue(
            booking=SlotBookingFactory(
                employer=EmployerFactory(),
                trip=trip,
                status="pending_payment",
                hold_expires_at=None,
            )
        )

    pages = [
        (member_client, reverse("employer:bookings")),
        (organiser_client, reverse("manage:trip_bookings", args=[trip.slug])),
    ]
    add_invoiced_booking()
    few = [queries(client, url) for client, url in pages]
    for _ in range(3):
        add_invoiced_booking()

    assert [queries(client, url) for client, url in pages] == few
    page = member_client.get(reverse("employer:bookings")).content.decode()
    assert page.count('class="invoice-link"') == 4
    assert Invoice.objects.count() == 8
