"""Cancelling a trip: one use case, all its consequences, all or nothing."""

import icalendar
import pytest
from django.core import mail

from backoffice import services
from backoffice.services import trip_cancel
from candidates.models import Application
from candidates.services import application_transition
from core.exceptions import InvalidTransition
from employers.models import BookingStatusChange, SlotBooking
from events.models import Trip, TripStatusChange
from itineraries.models import ItineraryItem
from itineraries.services import calendar_token_regenerate

pytestmark = pytest.mark.django_db


def snapshot(trip):
    """Everything a cancellation may change."""
    return {
        "trip": Trip.objects.get(pk=trip.pk).status,
        "applications": sorted(
            Application.objects.filter(trip=trip).values_list("pk", "status", "offer_expires_at")
        ),
        "bookings": sorted(
            SlotBooking.objects.filter(trip=trip).values_list("pk", "status", "refund_state")
        ),
        "items": sorted(
            ItineraryItem.objects.filter(trip=trip).values_list("pk", "cancelled", "sequence")
        ),
        "history": (
            TripStatusChange.objects.count(),
            BookingStatusChange.objects.count(),
        ),
    }


def cancel(trip, organiser, capture, **kwargs):
    mail.outbox.clear()
    with capture(execute=True):
        return trip_cancel(trip=trip, actor=organiser, **kwargs)


def test_cancelling_tells_everyone_in_their_language_and_cancels_everything(
    scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks
):
    done = cancel(
        trip, organiser, django_capture_on_commit_callbacks, reason="Snöstorm över fjällen."
    )

    assert (
        done.trip.status,
        done.applicants_told,
        done.offers_ended,
        done.bookings_cancelled,
        done.refunds_queued,
        done.programme_items_cancelled,
    ) == ("cancelled", 5, 1, 2, 1, 3)
    emails = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == len(emails)  # one email each
    assert {to: m.subject for to, m in emails.items()} == {
        "sara@example.test": "Resan är inställd: Fjällresan",
        "sam@example.test": "Trip cancelled: Fjällresan",
        "alva@example.test": "Resan är inställd: Fjällresan",
        "omar@example.test": "Trip cancelled: Fjällresan",
        "wera@example.test": "Resan är inställd: Fjällresan",
        "kort@fjallkraft.test": "Resan är inställd: Fjällresan",
        "faktura@kommunen.test": "Trip cancelled: Fjällresan",
    }
    assert "Snöstorm över fjällen." in emails["sam@example.test"].body
    assert "Det du har betalat betalas tillbaka." in emails["kort@fjallkraft.test"].body
    invoice = emails["faktura@kommunen.test"].body
    assert "has cancelled Fjällresan, and with it your slot." in invoice
    assert "Nothing is due for the slot: it was not paid." in invoice


def test_cancelling_cancels_bookings_and_queues_the_stripe_refund(
    scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks
):
    # The Checkout Session the Stripe booking was paid through.
    fake_stripe.sessions["cs_test_paid"] = {"id": "cs_test_paid", "payment_intent": "pi_test_paid"}

    cancel(trip, organiser, django_capture_on_commit_callbacks)

    bookings = {k: SlotBooking.objects.get(pk=b.pk) for k, b in scenario["bookings"].items()}
    assert {k: (b.status, b.refund_state) for k, b in bookings.items()} == {
        "stripe": ("cancelled", "requested"),
        "invoice": ("cancelled", "none"),
        "earlier": ("cancelled", "none"),
    }
    [refund] = fake_stripe.refunds.values()
    assert refund["payment_intent"] == "pi_test_paid"
    assert bookings["stripe"].refund_reference == refund["id"]
    changes = BookingStatusChange.objects.filter(booking__trip=trip)
    assert sorted(changes.values_list("booking__employer__name", "from_status", "to_status")) == [
        ("Fjällkraft AB", "confirmed", "cancelled"),
        ("Kommunen", "pending_payment", "cancelled"),
    ]
    assert {c.actor for c in changes} == {organiser}


def test_cancelling_ends_offers_keeps_statuses_and_records_the_trip_history(
    scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks
):
    cancel(trip, organiser, django_capture_on_commit_callbacks)

    applications = {
        k: Application.objects.get(pk=a.pk) for k, a in scenario["applications"].items()
    }
    assert {k: (a.status, a.offer_expires_at) for k, a in applications.items()} == {
        "submitted": ("submitted", None),
        "shortlisted": ("shortlisted", None),
        "accepted": ("accepted", None),
        "offered": ("waitlisted", None),
        "waitlisted": ("waitlisted", None),
        "declined": ("declined", None),
    }
    [change] = TripStatusChange.objects.filter(trip=trip)
    assert (change.from_status, change.to_status, change.actor) == (
        "published",
        "cancelled",
        organiser,
    )


def test_cancelling_marks_every_programme_item_cancelled_in_the_feeds(
    client, scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks
):
    accepted = scenario["applications"]["accepted"].candidate.user
    feed_url = f"/calendar/{calendar_token_regenerate(user=accepted).key}.ics"

    cancel(trip, organiser, django_capture_on_commit_callbacks)

    items = ItineraryItem.objects.filter(trip=trip)
    assert sorted(items.values_list("title", "cancelled", "sequence")) == [
        ("Fika", True, 1),
        ("Fjällkrafts bord", True, 1),
        ("Inställd buss", True, 0),  # cancelled before: unchanged
        ("Mingel", True, 1),
    ]
    for url in ("/trips/fjallresan/itinerary.ics", feed_url):
        response = client.get(url)
        assert response.status_code == 200
        # icalendar, not vobject: vobject keeps the first VTIMEZONE it reads per TZID for
        # the whole process, which would skew later feed tests of other dates.
        calendar = icalendar.Calendar.from_ical(response.content)
        events = {
            str(e["SUMMARY"]): (str(e["STATUS"]), int(e["SEQUENCE"]))
            for e in calendar.walk("VEVENT")
        }
        assert events == {"Fika": ("CANCELLED", 1), "Inställd buss": ("CANCELLED", 0)}


def test_a_booked_employers_feed_keeps_the_cancelled_trip_marked_cancelled(
    client, scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks
):
    member = scenario["bookings"]["stripe"].employer.members.get()
    feed_url = f"/calendar/{calendar_token_regenerate(user=member).key}.ics"
    earlier = scenario["bookings"]["earlier"].employer.members.get()
    earlier_url = f"/calendar/{calendar_token_regenerate(user=earlier).key}.ics"

    cancel(trip, organiser, django_capture_on_commit_callbacks)

    calendar = icalendar.Calendar.from_ical(client.get(feed_url).content)
    events = {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert events == {
        "Fika": "CANCELLED",
        "Mingel": "CANCELLED",
        "Fjällkrafts bord": "CANCELLED",
        "Inställd buss": "CANCELLED",
    }
    # An employer whose booking had ended before gets nothing back in its feed.
    earlier_calendar = icalendar.Calendar.from_ical(client.get(earlier_url).content)
    assert list(earlier_calendar.walk("VEVENT")) == []


def test_a_second_cancellation_is_refused_and_changes_nothing(
    scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks
):
    cancel(trip, organiser, django_capture_on_commit_callbacks)
    before = snapshot(trip)

    with pytest.raises(InvalidTransition) as error:
        cancel(trip, organiser, django_capture_on_commit_callbacks)

    assert error.value.status_code == 409
    assert error.value.extra["current_status"] == "cancelled"
    assert snapshot(trip) == before
    assert mail.outbox == []


def test_a_failure_in_the_middle_rolls_everything_back(
    scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks, monkeypatch
):
    """The second booking's cancellation fails after the trip, programme, applications and
    the first booking have changed: nothing stays changed, no email or refund goes out."""
    real_cancel = services.booking_cancel
    calls = []

    def fail_on_the_second(**kwargs):
        calls.append(kwargs["booking"].pk)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_cancel(**kwargs)

    monkeypatch.setattr(services, "booking_cancel", fail_on_the_second)
    before = snapshot(trip)

    with pytest.raises(RuntimeError):
        cancel(trip, organiser, django_capture_on_commit_callbacks)

    assert len(calls) == 2
    assert snapshot(trip) == before
    assert mail.outbox == []
    assert fake_stripe.refunds == {}


def test_cancelling_a_draft_with_nothing_on_it(trip, organiser, django_capture_on_commit_callbacks):
    draft = Trip.objects.get(pk=trip.pk)
    draft.status, draft.published_at = "draft", None
    draft.save()

    done = cancel(draft, organiser, django_capture_on_commit_callbacks)

    assert (done.trip.status, done.applicants_told, done.bookings_cancelled) == ("cancelled", 0, 0)
    assert mail.outbox == []


def test_after_cancelling_applications_can_only_be_withdrawn_and_no_place_is_offered(
    scenario, trip, organiser, fake_stripe, django_capture_on_commit_callbacks
):
    cancel(trip, organiser, django_capture_on_commit_callbacks)
    applications = scenario["applications"]

    with pytest.raises(InvalidTransition, match="can only be withdrawn"):
        application_transition(
            application=applications["submitted"], actor=organiser, to_status="accepted"
        )
    # The accepted candidate withdraws: the freed place is not offered to the waitlist.
    application_transition(
        application=applications["accepted"], actor=organiser, to_status="withdrawn"
    )

    waitlisted = Application.objects.filter(trip=trip, status="waitlisted")
    assert list(waitlisted.values_list("offer_expires_at", flat=True)) == [None, None]
