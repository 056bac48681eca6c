import pytest

from employers.models import HiringNeed, Invoice, SlotBooking
from events.models import Organisation

from ..factories import (
    BILLING,
    EmployerFactory,
    EmployerMemberFactory,
    HiringNeedFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_hiring_needs_create_list_edit_close(client, member, employer, bearer):
    headers = bearer(member)
    response = client.post(
        "/api/v1/me/employer/hiring-needs",
        {"role_title": "Backendutvecklare", "sector": "it", "positions": 3},
        content_type=JSON,
        headers=headers,
    )
    assert response.status_code == 201, response.json()
    need = response.json()
    assert (need["employer"], need["sector"], need["positions"], need["status"]) == (
        employer.slug,
        "it",
        3,
        "open",
    )
    patched = client.patch(
        f"/api/v1/me/employer/hiring-needs/{need['id']}",
        {"positions": 2, "employment_type": "fixed_term"},
        content_type=JSON,
        headers=headers,
    ).json()
    assert (patched["positions"], patched["employment_type"]) == (2, "fixed_term")
    closed = client.post(f"/api/v1/me/employer/hiring-needs/{need['id']}/close", headers=headers)
    assert closed.json()["status"] == "closed"
    listing = client.get("/api/v1/me/employer/hiring-needs", headers=headers).json()
    assert [(n["role_title"], n["status"]) for n in listing["items"]] == [
        ("Backendutvecklare", "closed")
    ]


def test_hiring_need_with_unknown_sector_is_422(client, member, bearer):
    response = client.post(
        "/api/v1/me/employer/hiring-needs",
        {"role_title": "Kock", "sector": "astronaut"},
        content_type=JSON,
        headers=bearer(member),
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"sector": ["Unknown code: astronaut"]}


def test_other_employers_hiring_need_is_404(client, member, bearer):
    other = HiringNeedFactory()
    response = client.patch(
        f"/api/v1/me/employer/hiring-needs/{other.pk}",
        {"positions": 9},
        content_type=JSON,
        headers=bearer(member),
    )
    assert response.status_code == 404
    assert HiringNeed.objects.get(pk=other.pk).positions == 2


def test_non_member_cannot_use_employer_endpoints(client, bearer, candidate_user=None):
    response = client.get(
        "/api/v1/me/employer/hiring-needs", headers=bearer(OrganiserFactory().user)
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only members of an employer can do this."}


def test_booking_with_stripe_returns_checkout_url(client, fake_stripe, member, trip, bearer):
    response = client.post(
        f"/api/v1/trips/{trip.slug}/bookings", {}, content_type=JSON, headers=bearer(member)
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "held"
    assert body["checkout_url"].startswith("https://checkout.stripe.test/pay/cs_test_")
    assert body["amount_ore"] == 1_500_000


def test_booking_fully_booked_is_409(client, invoice_mode, member, trip, bearer):
    SlotBookingFactory.create_batch(2, trip=trip)
    response = client.post(
        f"/api/v1/trips/{trip.slug}/bookings", {}, content_type=JSON, headers=bearer(member)
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "This trip is fully booked."}


def test_unapproved_employer_cannot_book(client, invoice_mode, trip, bearer):
    member = EmployerMemberFactory(employer=EmployerFactory(approved_at=None)).user
    response = client.post(
        f"/api/v1/trips/{trip.slug}/bookings", {}, content_type=JSON, headers=bearer(member)
    )
    assert response.status_code == 403
    assert "approved by an organiser" in response.json()["detail"]


def test_booking_a_draft_trip_is_404(client, invoice_mode, member, bearer):
    draft = TripFactory()
    response = client.post(
        f"/api/v1/trips/{draft.slug}/bookings", {}, content_type=JSON, headers=bearer(member)
    )
    assert response.status_code == 404


def test_invoice_flow_through_the_api(client, invoice_mode, member, organiser, trip, bearer):
    booked = client.post(
        f"/api/v1/trips/{trip.slug}/bookings", {}, content_type=JSON, headers=bearer(member)
    ).json()
    assert (booked["status"], booked["checkout_url"], booked["payment_method"]) == (
        "pending_payment",
        None,
        "invoice",
    )
    mine = client.get("/api/v1/me/employer/bookings", headers=bearer(member)).json()
    assert [b["id"] for b in mine["items"]] == [booked["id"]]
    # The employer cannot mark its own booking paid.
    assert (
        client.post(
            f"/api/v1/bookings/{booked['id']}/mark-paid",
            {},
            content_type=JSON,
            headers=bearer(member),
        ).status_code
        == 404
    )
    paid = client.post(
        f"/api/v1/bookings/{booked['id']}/mark-paid",
        {"reference": "OCR 4711"},
        content_type=JSON,
        headers=bearer(organiser),
    ).json()
    assert (paid["status"], paid["payment_reference"]) == ("confirmed", "OCR 4711")
    listing = client.get(f"/api/v1/trips/{trip.slug}/bookings", headers=bearer(organiser)).json()
    assert [(b["employer"], b["status"]) for b in listing["items"]] == [
        (booked["employer"], "confirmed")
    ]
    again = client.post(
        f"/api/v1/bookings/{booked['id']}/mark-paid",
        {},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert again.status_code == 409
    assert again.json()["current_status"] == "confirmed"


def test_cancel_by_employer_and_by_organiser(client, invoice_mode, member, organiser, trip, bearer):
    own = client.post(
        f"/api/v1/trips/{trip.slug}/bookings", {}, content_type=JSON, headers=bearer(member)
    ).json()
    cancelled = client.post(
        f"/api/v1/bookings/{own['id']}/cancel", {}, content_type=JSON, headers=bearer(member)
    )
    assert cancelled.json()["status"] == "cancelled"
    twice = client.post(
        f"/api/v1/bookings/{own['id']}/cancel", {}, content_type=JSON, headers=bearer(member)
    )
    assert twice.status_code == 409
    other = SlotBookingFactory(trip=trip, status="confirmed", hold_expires_at=None)
    response = client.post(
        f"/api/v1/bookings/{other.pk}/cancel",
        {"refund": False},
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.json()["status"] == "cancelled"
    # Someone else's booking is invisible to an employer.
    third = SlotBookingFactory(trip=trip)
    response = client.post(
        f"/api/v1/bookings/{third.pk}/cancel", {}, content_type=JSON, headers=bearer(member)
    )
    assert response.status_code == 404
    assert SlotBooking.objects.get(pk=third.pk).status == "held"


def test_trip_bookings_of_another_organisation_is_404(client, trip, bearer):
    stranger = OrganiserFactory().user
    assert (
        client.get(f"/api/v1/trips/{trip.slug}/bookings", headers=bearer(stranger)).status_code
        == 404
    )


def test_bookings_carry_their_invoice(client, invoice_mode, member, organiser, trip, bearer):
    Organisation.objects.filter(pk=trip.organisation_id).update(**BILLING)
    booked = client.post(
        f"/api/v1/trips/{trip.slug}/bookings",
        {"po_reference": "PO-4711", "invoice_address": "Box 1\n831 21 Östersund"},
        content_type=JSON,
        headers=bearer(member),
    ).json()
    invoice = Invoice.objects.get(booking_id=booked["id"])
    assert (invoice.buyer["po_reference"], invoice.buyer["address"]) == (
        "PO-4711",
        "Box 1\n831 21 Östersund",
    )
    expected = {
        "invoice_number": "1",
        "invoice_url": f"http://testserver/api/v1/invoices/{invoice.pk}/pdf",
        "due_date": invoice.due_on.isoformat(),
        "po_reference": "PO-4711",
        "amount_ore": 1_500_000,
    }
    assert {key: booked[key] for key in expected} == expected
    mine = client.get("/api/v1/me/employer/bookings", headers=bearer(member)).json()
    theirs = client.get(f"/api/v1/trips/{trip.slug}/bookings", headers=bearer(organiser)).json()
    for listing in (mine, theirs):
        assert [{key: b[key] for key in expected} for b in listing["items"]] == [expected]
    for reader in (member, organiser):
        pdf = client.get(expected["invoice_url"], headers=bearer(reader))
        assert (pdf.status_code, pdf["Content-Type"], pdf["Cache-Control"]) == (
            200,
            "application/pdf",
            "private, no-store",
        )
        assert pdf.content.startswith(b"%PDF-")
    outsider = EmployerMemberFactory().user
    other_organiser = OrganiserFactory().user
    for reader in (outsider, other_organiser):
        pdf = client.get(expected["invoice_url"], headers=bearer(reader))
        assert pdf.status_code == 404
    assert client.get(expected["invoice_url"]).status_code == 401


def test_bookings_without_an_invoice_say_so(client, invoice_mode, member, trip, bearer):
    booked = client.post(
        f"/api/v1/trips/{trip.slug}/bookings", {}, content_type=JSON, headers=bearer(member)
    ).json()
    assert (booked["invoice_number"], booked["invoice_url"], booked["due_date"]) == (
        None,
        None,
        None,
    )
