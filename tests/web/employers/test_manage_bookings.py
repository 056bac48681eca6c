"""The organisers' back office: a trip's bookings and their actions, refunds, revenue,
and approving employers (with the email)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.bookings import booking_cancel, booking_create
from employers.invoices import invoice_issue
from events.models import Organisation
from tests.employers.conftest import WEBHOOK_SECRET
from tests.factories import (
    BILLING,
    EmployerFactory,
    EmployerMemberFactory,
    OrganisationFactory,
    SlotBookingFactory,
    TripFactory,
)
from tests.fake_stripe import event, signed_webhook

from ..pages import page_text, texts

pytestmark = pytest.mark.django_db


def _rows(response) -> list[str]:
    return texts(response.content, "tr")[1:]


@pytest.fixture
def bookings(trip, organisation):
    """On `trip`: an invoice pending payment, a paid card booking, a cancelled one."""
    now = timezone.now()
    pending = SlotBookingFactory(
        trip=trip,
        employer=EmployerFactory(organisation=organisation, name="Alfa AB"),
        status="pending_payment",
        hold_expires_at=None,
    )
    Organisation.objects.filter(pk=organisation.pk).update(**BILLING)
    invoice_issue(booking=pending)
    paid = SlotBookingFactory(
        trip=trip,
        employer=EmployerFactory(organisation=organisation, name="Beta AB"),
        status="confirmed",
        payment_method="stripe",
        payment_reference="pi_beta",
        paid_at=now,
        hold_expires_at=None,
    )
    cancelled = SlotBookingFactory(
        trip=trip,
        employer=EmployerFactory(organisation=organisation, name="Gamma AB"),
        status="cancelled",
        hold_expires_at=None,
    )
    return pending, paid, cancelled


def test_trip_bookings_page_lists_bookings(organiser_client, trip, bookings):
    pending, paid, cancelled = bookings

    response = organiser_client.get(reverse("manage:trip_bookings", args=[trip.slug]))

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Employer bookings"]
    rows = _rows(response)
    assert [row.split(" ")[0] for row in rows] == ["Alfa", "Beta", "Gamma"]
    invoice = pending.invoices.get()
    due = f"{invoice.due_on:%-d %b %Y}"
    assert f" Pending payment SEK 15,000 Invoice Invoice 1 due {due} Payment reference" in rows[0]
    assert f'href="/invoices/{invoice.pk}.pdf"' in response.content.decode()
    assert "Mark paid Alfa AB Cancel Alfa AB" in rows[0]
    assert " Confirmed SEK 15,000 Card (Stripe) pi_beta " in rows[1]
    assert rows[1].endswith("Cancel with refund Beta AB Cancel without refund Beta AB")
    assert rows[2].endswith(" Cancelled SEK 15,000 Invoice")
    assert "Cancel" not in rows[2].split("Invoice", 1)[1]


def test_mark_paid_confirms_the_booking(
    organiser_client, trip, bookings, django_capture_on_commit_callbacks
):
    pending = bookings[0]
    EmployerMemberFactory(employer=pending.employer, user__email="alfa@example.test")
    url = reverse("manage:trip_bookings", args=[trip.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("manage:booking_mark_paid", args=[pending.pk]),
            {"reference": "BG 123-4567", "next": url},
            follow=True,
        )

    assert response.redirect_chain == [(url, 302)]
    assert texts(response.content, "p", "message") == [
        "The booking of Alfa AB is marked paid and confirmed."
    ]
    assert " Confirmed SEK 15,000 Invoice Invoice 1 BG 123-4567 Cancel" in _rows(response)[0]
    assert "BG 123-4567" in _rows(response)[0]
    pending.refresh_from_db()
    assert (pending.status, pending.payment_reference) == ("confirmed", "BG 123-4567")
    assert [m.to for m in mail.outbox] == [["alfa@example.test"]]


def test_mark_paid_twice_says_why_not(organiser_client, bookings):
    paid = bookings[1]

    response = organiser_client.post(
        reverse("manage:booking_mark_paid", args=[paid.pk]), follow=True
    )

    assert texts(response.content, "p", "message") == [
        "Only a booking pending payment can be marked paid; this one is confirmed."
    ]


def test_cancel_with_refund_asks_then_flags_the_refund(organiser_client, trip, bookings):
    pending, paid, _ = bookings
    url = reverse("manage:booking_cancel", args=[paid.pk])

    response = organiser_client.post(url, {"refund": "yes"})

    assert texts(response.content, "h1") == ["Cancel the booking of Beta AB on IT-resan?"]
    assert texts(response.content, "p", "refund-outlook") == [
        "What they paid is refunded to their card through Stripe."
    ]
    paid.refresh_from_db()
    assert paid.status == "confirmed"

    response = organiser_client.post(url, {"refund": "yes", "confirm": "yes"}, follow=True)

    assert texts(response.content, "p", "message") == [
        "The booking of Beta AB is cancelled, with a refund."
    ]
    paid.refresh_from_db()
    assert (paid.status, paid.refund_state) == ("cancelled", "requested")
    assert "Cancelled SEK 15,000 Card (Stripe) pi_beta Refund requested" in page_text(
        response.content
    )


def test_cancel_without_refund(organiser_client, bookings):
    paid = bookings[1]

    response = organiser_client.post(
        reverse("manage:booking_cancel", args=[paid.pk]),
        {"refund": "no", "confirm": "yes"},
        follow=True,
    )

    assert texts(response.content, "p", "message") == [
        "The booking of Beta AB is cancelled, without a refund."
    ]
    paid.refresh_from_db()
    assert (paid.status, paid.refund_state) == ("cancelled", "none")


def test_mark_refund_done(organiser_client, trip, bookings):
    pending = bookings[0]
    pending.status, pending.paid_at = "confirmed", timezone.now()
    pending.save()
    booking_cancel(booking=pending, actor=None, by_organiser=True, refund=True)
    pending.refresh_from_db()
    assert pending.refund_state == "needed"

    response = organiser_client.post(
        reverse("manage:booking_refund_done", args=[pending.pk]),
        {"reference": "Återbetald 2 maj"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("manage:trip_bookings", args=[trip.slug]), 302)]
    assert texts(response.content, "p", "message") == ["The refund to Alfa AB is recorded as done."]
    pending.refresh_from_db()
    assert (pending.status, pending.refund_state) == ("refunded", "done")
    assert pending.refund_reference == "Återbetald 2 maj"


def test_next_must_be_our_own_page(organiser_client, trip, bookings):
    response = organiser_client.post(
        reverse("manage:booking_mark_paid", args=[bookings[0].pk]),
        {"next": "https://evil.example/"},
    )

    assert response.url == reverse("manage:trip_bookings", args=[trip.slug])


def test_another_organisations_trip_and_bookings_are_404(client, other_organiser, trip, bookings):
    client.force_login(other_organiser)

    assert client.get(reverse("manage:trip_bookings", args=[trip.slug])).status_code == 404
    for name in ("booking_mark_paid", "booking_cancel", "booking_refund_done"):
        response = client.post(reverse(f"manage:{name}", args=[bookings[0].pk]), {"confirm": "yes"})
        assert response.status_code == 404
    bookings[0].refresh_from_db()
    assert bookings[0].status == "pending_payment"


def test_booking_pages_are_for_organisers(member_client, trip):
    for url in (
        reverse("manage:trip_bookings", args=[trip.slug]),
        reverse("manage:revenue"),
        reverse("manage:refunds"),
    ):
        assert member_client.get(url).status_code == 403


def test_revenue_sums_confirmed_bookings(organiser_client, organisation, trip, bookings):
    later = TripFactory(
        organisation=organisation,
        title="Sommarresan",
        starts_at=trip.starts_at + timezone.timedelta(days=60),
        ends_at=trip.ends_at + timezone.timedelta(days=60),
        application_deadline=trip.application_deadline + timezone.timedelta(days=60),
        employer_slots=3,
    )
    for amount in (1_000_000, 250_050):
        SlotBookingFactory(trip=later, status="confirmed", hold_expires_at=None, amount_ore=amount)
    SlotBookingFactory(trip=later, status="refunded", hold_expires_at=None)
    SlotBookingFactory(
        trip=TripFactory(organisation=OrganisationFactory()),
        status="confirmed",
        hold_expires_at=None,
    )

    response = organiser_client.get(reverse("manage:revenue"))

    rows = _rows(response)
    assert [row.split(" ")[0] for row in rows] == ["Sommarresan", "IT-resan", "All"]
    assert rows[0].endswith("2 of 3 SEK 12,500.50")
    assert rows[1].endswith("1 of 2 SEK 15,000")
    assert rows[2] == "All trips 3 SEK 27,500.50"


def test_refunds_page_lists_a_late_payment_flagged_by_the_webhook(
    organiser_client, client, trip, fake_stripe, organisation
):
    member = EmployerMemberFactory(
        employer__organisation=organisation, employer__name="Sen AB"
    ).user
    booking = booking_create(employer=member.employers.get(), trip=trip, actor=member)
    booking_cancel(booking=booking, actor=member, by_organiser=False)
    session = fake_stripe.complete(booking.checkout_session_id)
    body, header = signed_webhook(
        event("evt_late", "checkout.session.completed", session), WEBHOOK_SECRET
    )
    client.post(
        "/payments/stripe/webhook",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )

    response = organiser_client.get(reverse("manage:refunds"))

    rows = _rows(response)
    assert len(rows) == 1
    assert rows[0].startswith("Sen AB IT-resan Cancelled SEK 15,000 Card (Stripe) pi_")
    assert rows[0].endswith(
        "Refund needed Payment arrived (webhook) after the booking was cancelled: refund it. "
        "Refund reference Mark refund done Sen AB"
    )

    response = organiser_client.post(
        reverse("manage:booking_refund_done", args=[booking.pk]),
        {"next": reverse("manage:refunds")},
        follow=True,
    )

    assert texts(response.content, "p", "message") == ["The refund to Sen AB is recorded as done."]
    assert _rows(response) == []
    assert "No refunds are waiting." in page_text(response.content)


def test_approval_emails_the_members(
    organiser_client, organisation, django_capture_on_commit_callbacks
):
    organisation.name = "Krokoms kommun"
    organisation.save()
    pending = EmployerFactory(organisation=organisation, name="Väntande AB", approved_at=None)
    EmployerMemberFactory(employer=pending, user__email="a@vantande.test", user__language="en")
    EmployerMemberFactory(employer=pending, user__email="b@vantande.test", user__language="sv")

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("manage:employer_approve", args=[pending.pk]))

    assert sorted(m.to[0] for m in mail.outbox) == ["a@vantande.test", "b@vantande.test"]
    english = next(m for m in mail.outbox if m.to == ["a@vantande.test"])
    assert english.subject == "Väntande AB is approved: you can book trips"
    assert "Krokoms kommun has approved Väntande AB." in english.body
    assert "/employer/" in english.body

    # Approving again sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("manage:employer_approve", args=[pending.pk]))
    assert mail.outbox == []


# --- Query counts --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_trip_bookings_query_count_does_not_grow(organiser_client, trip, organisation):
    url = reverse("manage:trip_bookings", args=[trip.slug])
    SlotBookingFactory(trip=trip, status="pending_payment", hold_expires_at=None)
    few = _queries(organiser_client, url)
    for status in ("confirmed", "cancelled", "refunded", "pending_payment"):
        SlotBookingFactory(trip=trip, status=status, hold_expires_at=None, refund_state="needed")

    assert _queries(organiser_client, url) == few


def test_refunds_and_revenue_query_counts_do_not_grow(organiser_client, organisation):
    def make():
        trip = TripFactory(organisation=organisation)
        SlotBookingFactory(trip=trip, status="confirmed", hold_expires_at=None)
        SlotBookingFactory(
            trip=trip, status="cancelled", hold_expires_at=None, refund_state="needed"
        )

    make()
    few = [_queries(organiser_client, reverse(f"manage:{n}")) for n in ("refunds", "revenue")]
    for _ in range(4):
        make()

    assert [
        _queries(organiser_client, reverse(f"manage:{n}")) for n in ("refunds", "revenue")
    ] == few
