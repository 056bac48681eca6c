import pytest
from django.conf import settings
from django.test import Client

from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerMemberFactory,
    HiringNeedFactory,
    OrganiserFactory,
    SlotBookingFactory,
    TripFactory,
    ensure_sectors,
)
from tests.itineraries.conftest import meeting_world  # noqa: F401 -- the documents are of its trip


@pytest.fixture
def world():
    """Pages a person of each role reaches (None: anonymous), on one trip with applicants
    and an employer with a confirmed booking. Keys are the users, in this order: None, a
    candidate with a place, an employer member, an organiser."""
    ensure_sectors()
    organiser = OrganiserFactory().user
    organisation = organiser.organisations.get()
    organisation.contact_email = "naringsliv@kommunen.test"  # takes accessibility reports
    organisation.save(update_fields=["contact_email"])
    trip = TripFactory(organisation=organisation, status="published", slug="it-resan")
    candidate = CandidateFactory(name="Åsa Öberg", city="Göteborg")
    ApplicationFactory(trip=trip, candidate=candidate, status="accepted")
    for name in ("Bo Ek", "Cia Berg-Lindqvist", "Dan Åkesson"):
        ApplicationFactory(trip=trip, candidate__name=name, status="submitted")
    member = EmployerMemberFactory(employer__organisation=organisation)
    SlotBookingFactory(
        employer=member.employer, trip=trip, status="confirmed", hold_expires_at=None
    )
    HiringNeedFactory(employer=member.employer, role_title="Backendutvecklare (Python)")
    return {
        None: [
            "/",
            "/trips/",
            f"/trips/{trip.slug}/",
            "/interest/",
            "/accounts/login/",
            "/accessibility/",
        ],
        candidate.user: [
            "/me/",
            "/me/profile/",
            "/account/security/",
            "/account/security/setup/",  # the QR code (inline SVG)
            "/account/sessions/",
            "/account/password/",
        ],
        member.user: ["/employer/", "/employer/bookings/"],
        organiser: [
            "/manage/",
            f"/manage/trips/{trip.slug}/",
            f"/manage/trips/{trip.slug}/applicants/",
            f"/manage/trips/{trip.slug}/bookings/",
            f"/manage/trips/{trip.slug}/programme/",
            "/manage/insights/",
            "/account/security/",
            "/account/security/recovery-codes/",
        ],
    }


def log_in(page, live_server, user):
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
