"""The back office's status buttons: cancelling and a first publication say what they reach."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from backoffice.services import trip_cancel
from candidates.models import InterestRegistration
from events.models import Trip

from ..factories import CandidateFactory, TripFactory, sector
from ..web.pages import page_text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def status_url(trip):
    return reverse("manage:trip_transition", args=[trip.slug])


def details(html) -> dict[str, str]:
    """The confirmation page's <dl>: term → value."""
    terms, values = texts(html, "dt"), texts(html, "dd")
    return dict(zip(terms, values, strict=True))


def test_cancel_confirmation_counts_people_bookings_and_items(
    organiser_client, scenario, trip, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = organiser_client.post(status_url(trip), {"status": "cancelled"})

    assert texts(response.content, "h1") == ["Cancel “Fjällresan”?"]
    assert details(response.content) == {
        "People emailed": "7",
        "Applicants told (still in the running or with a place)": "5",
        "Applications by status": (
            "Submitted: 1, Shortlisted: 1, Accepted: 1, Waitlisted: 2, Declined: 1"
        ),
        "Waitlist offers that end": "1",
        "Bookings cancelled": "2",
        "Paid bookings, refunded (card) or marked for refund (invoice)": "1",
        "Unpaid bookings, released": "1",
        "Employers' people told": "2",
        "Programme items marked cancelled in the calendars": "3",
    }
    assert Trip.objects.get(pk=trip.pk).status == "published"  # nothing changed yet


def test_confirmed_cancel_does_it_all_and_says_so(
    organiser_client, scenario, trip, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.sessions["cs_test_paid"] = {"id": "cs_test_paid", "payment_intent": "pi_test_paid"}
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            status_url(trip),
            {"status": "cancelled", "confirm": "yes", "reason": "Stormen Ylva."},
            follow=True,
        )

    assert texts(response.content, "p", "message") == [
        "“Fjällresan” is now cancelled.",
        "Applicants told: 5 · waitlist offers ended: 1 · bookings cancelled: 2 "
        "(refunds queued: 1) · programme items cancelled: 3.",
    ]
    assert len(mail.outbox) == 7
    assert all("Stormen Ylva." in m.body for m in mail.outbox)


def test_publish_asks_first_and_says_how_many_the_alert_reaches(organiser_client, organisation):
    trip = TripFactory(organisation=organisation, title="IT-resan", sectors=[sector("it")])
    CandidateFactory(
        user__email="dev@example.test",
        email="dev@example.test",
        consent_talent_db_at=timezone.now(),
        consent_talent_db_version="2026-11",
    )
    registration = InterestRegistration.objects.create(
        email="lisa@example.test",
        consent_at=timezone.now(),
        consent_version="2026-11",
        confirmed_at=timezone.now(),
    )
    registration.sectors.set([sector("it")])
    InterestRegistration.objects.create(
        email="ny@example.test", consent_at=timezone.now(), consent_version="2026-11"
    ).sectors.set([sector("it")])  # unconfirmed: not counted

    response = organiser_client.post(status_url(trip), {"status": "published"})

    assert texts(response.content, "h1") == ["Publish “IT-resan”?"]
    assert texts(response.content, "p", "reach") == [
        "The trip alert will be emailed to 2 addresses in the talent database "
        "(their sectors match)."
    ]
    assert Trip.objects.get(pk=trip.pk).status == "draft"

    response = organiser_client.post(
        status_url(trip), {"status": "published", "confirm": "yes"}, follow=True
    )

    assert texts(response.content, "p", "message") == ["“IT-resan” is now published."]
    assert Trip.objects.get(pk=trip.pk).status == "published"


def test_publish_confirmation_for_one_address_is_singular(organiser_client, organisation):
    trip = TripFactory(organisation=organisation, title="IT-resan", sectors=[sector("it")])
    CandidateFactory(consent_talent_db_at=timezone.now(), consent_talent_db_version="2026-11")

    response = organiser_client.post(status_url(trip), {"status": "published"})

    assert texts(response.content, "p", "reach") == [
        "The trip alert will be emailed to 1 address in the talent database (its sectors match)."
    ]


def test_candidate_dashboard_shows_the_trip_cancelled_beside_the_status(
    client, scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks
):
    accepted = scenario["applications"]["accepted"]
    with django_capture_on_commit_callbacks(execute=True):
        trip_cancel(trip=trip, actor=organiser)
    client.force_login(accepted.candidate.user)

    response = client.get(reverse("candidate_dashboard"))

    assert texts(response.content, "p", "application__status") == [
        "Status: Accepted Trip cancelled"
    ]
    body = page_text(response.content)
    assert "You are going on" not in body
    assert "Withdraw" not in body
