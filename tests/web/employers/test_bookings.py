"""Booking a slot from the trip page, and the employer's bookings page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.models import SlotBooking
from tests.factories import EmployerFactory, EmployerMemberFactory, SlotBookingFactory, TripFactory

from ..pages import page_text, texts

pytestmark = pytest.mark.django_db


def _panel(response) -> str:
    found = texts(response.content, "section", "booking-panel")
    return found[0] if found else ""


def test_anonymous_visitors_get_a_hint_to_log_in(client, trip):
    response = client.get(trip.get_absolute_url())

    assert texts(response.content, "p", "booking-panel") == ["Employers: log in to book a slot"]
    assert f'href="/accounts/login/?next=/trips/{trip.slug}/"' in response.content.decode()


def test_other_logged_in_users_see_no_booking_panel(client, plain_user, trip):
    client.force_login(plain_user)

    response = client.get(trip.get_absolute_url())

    assert "booking-panel" not in response.content.decode()


def test_member_sees_slots_price_cutoff_and_book_button(member_client, trip, invoice_mode):
    SlotBookingFactory(trip=trip, status="confirmed", hold_expires_at=None)
    # An expired hold does not take a slot.
    now = timezone.now()
    SlotBookingFactory(
        trip=trip, created_at=now - timedelta(hours=1), hold_expires_at=now - timedelta(minutes=1)
    )
    cutoff = timezone.localtime(trip.refund_cutoff).strftime("%-d %B %Y, %H:%M")

    response = member_client.get(trip.get_absolute_url())

    assert _panel(response) == (
        f"Employer slot Slots left 1 of 2 Price SEK 15,000 incl. VAT Cancel with a refund until "
        f"{cutoff} Book a slot You get an invoice; the slot is yours while the payment is pending."
    )
    book = reverse("employer:book", args=[trip.slug])
    assert f'<a class="button" href="{book}">Book a slot</a>' in response.content.decode()


def test_book_in_invoice_mode_shows_the_invoice_page_then_the_status(
    member_client, trip, employer, invoice_mode, django_capture_on_commit_callbacks
):
    url = reverse("employer:book", args=[trip.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            url,
            {"confirm": "yes", "po_reference": " PO-4711 ", "invoice_address": "Box 1\r\n831 21"},
            follow=True,
        )

    booking = SlotBooking.objects.get(employer=employer, trip=trip)
    assert (booking.po_reference, booking.invoice_address) == ("PO-4711", "Box 1\n831 21")
    assert response.redirect_chain == [
        (reverse("employer:booking_invoice", args=[booking.pk]), 302)
    ]
    assert texts(response.content, "h1") == ["Invoice details"]
    # The organisation has not completed its billing details: the invoice is to follow.
    assert texts(response.content, "p", "banner") == [
        "The slot is booked for Fjällkraft AB and yours while the payment is pending. "
        f"{trip.organisation.name} sends the invoice by email as soon as it can."
    ]
    assert texts(response.content, "dl", "invoice") == [
        f"Amount SEK 15,000 incl. VAT Your order no. PO-4711 Organiser {trip.organisation.name} "
        f"Trip IT-resan, {timezone.localtime(trip.starts_at):%-d %B %Y}–"
        f"{timezone.localtime(trip.ends_at):%-d %B %Y} Status Pending payment"
    ]
    assert [m.subject for m in mail.outbox] == ["Booking received: IT-resan — invoice to follow"]

    response = member_client.get(trip.get_absolute_url())

    panel = _panel(response)
    assert "Booking for Fjällkraft AB: Pending payment Invoice details Your bookings" in panel
    assert "Slots left 1 of 2" in panel
    assert "Book a slot" not in panel


def test_booking_asks_for_confirmation_with_price_and_terms_first(
    member_client, trip, employer, invoice_mode, organisation
):
    from events.models import Organisation

    Organisation.objects.filter(pk=organisation.pk).update(
        payment_terms_days=20, invoice_grace_days=5
    )
    SlotBookingFactory(
        employer=employer,
        trip=TripFactory(organisation=organisation),
        status="cancelled",
        hold_expires_at=None,
        invoice_address="Ekonomi\nBox 12",
    )
    url = reverse("employer:book", args=[trip.slug])
    cutoff = timezone.localtime(trip.refund_cutoff).strftime("%-d %B %Y, %H:%M")
    due = timezone.localdate() + timedelta(days=20)

    for response in (member_client.get(url), member_client.post(url)):  # no confirm=yes
        assert texts(response.content, "h1") == ["Confirm your booking"]
        assert texts(response.content, "table", "price-table") == [
            "Excl. VAT SEK 12,000 VAT 25 % SEK 3,000 To pay, incl. VAT SEK 15,000"
        ]
        assert texts(response.content, "ul", "booking-terms") == [
            f"{organisation.name} sends you an invoice by email, to be paid within 20 days and "
            f"at the latest the day before the trip: by {due:%-d %B %Y} if it is issued today. "
            "If the invoice is still unpaid 5 days after its due date, the booking is released "
            "and the slot offered to other employers. "
            f"Cancel until {cutoff} and you pay nothing, or get back what you paid. After that, "
            "cancelling gives no refund."
        ]
        html = response.content.decode()
        assert 'name="po_reference"' in html
        assert ">\nEkonomi\nBox 12</textarea>" in html  # the last address, suggested again
        assert 'name="confirm" value="yes"' in html
    assert not SlotBooking.objects.filter(trip=trip).exists()


def test_fully_booked_shows_the_message(member_client, trip, invoice_mode):
    SlotBookingFactory.create_batch(2, trip=trip, status="pending_payment", hold_expires_at=None)

    page = member_client.get(trip.get_absolute_url())
    assert "Slots left 0 of 2 " in _panel(page)
    assert "This trip is fully booked." in _panel(page)
    assert "Book a slot" not in _panel(page)

    # Someone who loaded the page while a slot was free gets the service's answer.
    response = member_client.post(
        reverse("employer:book", args=[trip.slug]), {"confirm": "yes"}, follow=True
    )

    assert response.redirect_chain == [(trip.get_absolute_url(), 302)]
    assert texts(response.content, "p", "message") == ["This trip is fully booked."]
    assert SlotBooking.objects.filter(trip=trip).count() == 2


def test_unapproved_employer_sees_no_book_button(client, organisation, trip, invoice_mode):
    membership = EmployerMemberFactory(
        employer__organisation=organisation, employer__approved_at=None
    )
    client.force_login(membership.user)

    response = client.get(trip.get_absolute_url())

    panel = _panel(response)
    assert "Book a slot" not in panel
    assert panel.endswith(
        f"Your company is awaiting approval by {organisation.name}. You can book a slot once "
        "it is approved."
    )
    response = client.post(
        reverse("employer:book", args=[trip.slug]), {"confirm": "yes"}, follow=True
    )
    assert texts(response.content, "p", "message") == [
        "Your organisation must be approved by an organiser before booking."
    ]
    assert not SlotBooking.objects.exists()


def test_draft_trip_takes_no_bookings(member_client, organisation, invoice_mode):
    draft = TripFactory(organisation=organisation, status="draft")

    assert member_client.get(reverse("employer:book", args=[draft.slug])).status_code == 404
    url = reverse("employer:book", args=[draft.slug])
    assert member_client.post(url, {"confirm": "yes"}).status_code == 404


def test_closed_trip_shows_no_book_button(member_client, organisation, invoice_mode):
    closed = TripFactory(organisation=organisation, status="closed")

    response = member_client.get(closed.get_absolute_url())

    assert "This trip does not take bookings." in _panel(response)
    assert "Book a slot" not in _panel(response)


def test_booking_needs_an_employer_member(client, plain_user, trip):
    client.force_login(plain_user)

    assert client.get(reverse("employer:book", args=[trip.slug])).status_code == 403


def test_book_with_stripe_redirects_to_checkout(member_client, trip, employer, fake_stripe):
    page = member_client.get(reverse("employer:book", args=[trip.slug]))
    assert texts(page.content, "ul", "booking-terms")[0].startswith(
        "You pay by card right away; the slot is held for you while you pay."
    )
    assert "po_reference" not in page.content.decode()  # no invoice: nothing to print it on

    response = member_client.post(reverse("employer:book", args=[trip.slug]), {"confirm": "yes"})

    booking = SlotBooking.objects.get(employer=employer, trip=trip)
    assert booking.status == "held"
    assert booking.checkout_url == fake_stripe.sessions[booking.checkout_session_id]["url"]
    assert response.status_code == 302
    assert response.url == booking.checkout_url

    panel = _panel(member_client.get(trip.get_absolute_url()))
    until = timezone.localtime(booking.hold_expires_at).strftime("%H:%M")
    assert f"Booking for Fjällkraft AB: Held The slot is held for you until {until}." in panel
    assert (
        f'href="{booking.checkout_url}"'
        in member_client.get(trip.get_absolute_url()).content.decode()
    )


def test_stripe_down_says_nothing_was_booked(member_client, trip, fake_stripe):
    fake_stripe.fail_next = 500

    response = member_client.post(
        reverse("employer:book", args=[trip.slug]), {"confirm": "yes"}, follow=True
    )

    assert texts(response.content, "p", "message") == [
        "The payment service could not be reached; nothing was booked. Try again."
    ]


# --- The employer's bookings page --------------------------------------------------------------


def test_bookings_page_lists_status_amount_and_reference(member_client, employer, organisation):
    trip = TripFactory(organisation=organisation, title="Vårresan", status="published")
    pending = SlotBookingFactory(
        employer=employer, trip=trip, status="pending_payment", hold_expires_at=None
    )
    card = SlotBookingFactory(
        employer=employer,
        trip=TripFactory(organisation=organisation, title="Höstresan", status="published"),
        status="confirmed",
        payment_method="stripe",
        payment_reference="pi_123",
        paid_at=timezone.now(),
        hold_expires_at=None,
        amount_ore=1_250_050,
    )
    SlotBookingFactory(trip=trip)  # another employer's

    response = member_client.get(reverse("employer:bookings"))

    rows = texts(response.content, "tr")[1:]
    assert len(rows) == 2
    assert rows[0].startswith("Höstresan")
    assert rows[0].endswith(
        "Confirmed SEK 12,500.50 Card (Stripe) pi_123 Candidate pack Höstresan Meetings Höstresan "
        "Itinerary (PDF) Höstresan Team on site Höstresan Cancel… Höstresan"
    )
    assert rows[1].startswith("Vårresan")
    assert rows[1].endswith(
        "Pending payment SEK 15,000 Invoice Invoice details Invoice to follow Team on site "
        "Vårresan Cancel… Vårresan"
    )
    assert card.pk != pending.pk


def test_cancel_before_the_cutoff_says_a_refund_applies(
    member_client, employer, trip, django_capture_on_commit_callbacks
):
    booking = SlotBookingFactory(
        employer=employer,
        trip=trip,
        status="confirmed",
        paid_at=timezone.now(),
        hold_expires_at=None,
        payment_reference="invoice-1",
    )
    url = reverse("employer:booking_cancel", args=[booking.pk])
    cutoff = timezone.localtime(trip.refund_cutoff).strftime("%-d %B %Y, %H:%M")

    response = member_client.post(url)

    assert texts(response.content, "p", "refund-outlook") == [
        f"You cancel before the refund cut-off ({cutoff}): what you paid will be refunded."
    ]
    booking.refresh_from_db()
    assert booking.status == "confirmed"  # nothing happens before confirming

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url, {"confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == [
        "Your booking on IT-resan is cancelled. What you paid will be refunded."
    ]
    booking.refresh_from_db()
    assert (booking.status, booking.refund_state) == ("cancelled", "needed")
    assert "Cancelled Refund needed" in page_text(response.content)


def test_cancel_after_the_cutoff_says_no_refund(member_client, employer, trip):
    trip.booking_refund_cutoff = timezone.now() - timedelta(days=1)
    trip.save()
    booking = SlotBookingFactory(
        employer=employer,
        trip=trip,
        status="confirmed",
        paid_at=timezone.now(),
        hold_expires_at=None,
    )
    url = reverse("employer:booking_cancel", args=[booking.pk])
    cutoff = timezone.localtime(trip.booking_refund_cutoff).strftime("%-d %B %Y, %H:%M")

    response = member_client.post(url)

    assert texts(response.content, "p", "refund-outlook") == [
        f"The refund cut-off ({cutoff}) has passed: you get no refund."
    ]

    response = member_client.post(url, {"confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == ["Your booking on IT-resan is cancelled."]
    booking.refresh_from_db()
    assert (booking.status, booking.refund_state) == ("cancelled", "none")


def test_cancel_someone_elses_booking_is_404(member_client, trip):
    other = SlotBookingFactory(trip=trip, status="pending_payment", hold_expires_at=None)

    url = reverse("employer:booking_cancel", args=[other.pk])
    assert member_client.post(url, {"confirm": "yes"}).status_code == 404
    assert (
        member_client.get(reverse("employer:booking_invoice", args=[other.pk])).status_code == 404
    )


def test_bookings_page_query_count_does_not_grow(member_client, employer, organisation):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert member_client.get(reverse("employer:bookings")).status_code == 200
        return len(captured)

    SlotBookingFactory(employer=employer, trip=TripFactory(organisation=organisation))
    few = queries()
    for _ in range(5):
        SlotBookingFactory(employer=employer, trip=TripFactory(organisation=organisation))

    assert queries() == few


def test_trip_page_query_count_with_the_panel_does_not_grow(member_client, trip, invoice_mode):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            member_client.get(trip.get_absolute_url())
        return len(captured)

    trip.employer_slots = 10
    trip.save()
    SlotBookingFactory(trip=trip)
    few = queries()
    for _ in range(5):
        SlotBookingFactory(trip=trip, employer=EmployerFactory())

    assert queries() == few
