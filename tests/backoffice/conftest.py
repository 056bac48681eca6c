from datetime import timedelta

import pytest
from django.utils import timezone

from itineraries.models import ItineraryItem

from ..employers.conftest import fake_stripe  # noqa: F401 -- the fixture, for refunds
from ..factories import (
    ApplicationFactory,
    EmployerMemberFactory,
    SlotBookingFactory,
    TripFactory,
)


@pytest.fixture
def trip(organisation):
    return TripFactory(
        organisation=organisation, status="published", slug="fjallresan", title="Fjällresan"
    )


@pytest.fixture
def scenario(trip):
    """A published trip with applicants in several statuses (one with a live waitlist
    offer), a paid Stripe booking, an unpaid invoice booking, an earlier cancelled booking
    and a programme (one item cancelled already)."""
    now = timezone.now()

    def applicant(status, email, language, **fields):
        return ApplicationFactory(
            trip=trip,
            status=status,
            candidate__user__email=email,
            candidate__user__language=language,
            **fields,
        )

    applications = {
        "submitted": applicant("submitted", "sara@example.test", "sv"),
        "shortlisted": applicant("shortlisted", "sam@example.test", "en"),
        "accepted": applicant("accepted", "alva@example.test", "sv"),
        "offered": applicant(
            "waitlisted", "omar@example.test", "en", offer_expires_at=now + timedelta(days=2)
        ),
        "waitlisted": applicant("waitlisted", "wera@example.test", "sv"),
        "declined": applicant("declined", "dan@example.test", "en"),
    }
    stripe_member = EmployerMemberFactory(
        user__email="kort@fjallkraft.test", user__language="sv", employer__name="Fjällkraft AB"
    )
    invoice_member = EmployerMemberFactory(
        user__email="faktura@kommunen.test", user__language="en", employer__name="Kommunen"
    )
    gone_member = EmployerMemberFactory(user__email="avbokat@example.test")
    bookings = {
        "stripe": SlotBookingFactory(
            trip=trip,
            employer=stripe_member.employer,
            status="confirmed",
            payment_method="stripe",
            payment_reference="pi_test_paid",
            paid_at=now,
        ),
        "invoice": SlotBookingFactory(
            trip=trip,
            employer=invoice_member.employer,
            status="pending_payment",
            payment_method="invoice",
        ),
        "earlier": SlotBookingFactory(trip=trip, employer=gone_member.employer, status="cancelled"),
    }
    start = trip.starts_at + timedelta(hours=1)
    items = {
        title: ItineraryItem.objects.create(
            trip=trip,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            kind="meal",
            audience=audience,
            employer=employer,
            cancelled=cancelled,
        )
        for title, audience, employer, cancelled in [
            ("Fika", "everyone", None, False),
            ("Mingel", "employers", None, False),
            ("Fjällkrafts bord", "employer", stripe_member.employer, False),
            ("Inställd buss", "everyone", None, True),
        ]
    }
    return {"applications": applications, "bookings": bookings, "items": items}
