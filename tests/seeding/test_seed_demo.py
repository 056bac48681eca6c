from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, Q

from candidates.models import Application, ApplicationStatus, Candidate, InterestRegistration
from core.models import User
from demo.data import CANDIDATE_EMAIL, COORDINATOR_EMAIL, EMPLOYER_EMAIL, ORGANISER_EMAIL
from demo.data.trips import CHEFS_TRIP, FUTURE_TRIPS, IT_TRIP, PAST_TRIP
from employers.models import BookingStatus, Employer, SlotBooking
from employers.validators import normalize_org_number
from events.models import Organisation, Trip, TripStatus
from events.selectors import trips_published
from tests.signin import set_up_two_factor

pytestmark = pytest.mark.django_db

OUR_APPS = ("core", "events", "candidates", "employers")
DEMO_LOGINS = {ORGANISER_EMAIL, EMPLOYER_EMAIL, CANDIDATE_EMAIL, COORDINATOR_EMAIL}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows per model of our apps, including many-to-many tables."""
    counts = {}
    for config in (apps.get_app_config(label) for label in OUR_APPS):
        for model in config.get_models():
            counts[model._meta.label] = model.objects.count()
            for m2m in model._meta.local_many_to_many:
                through = m2m.remote_field.through
                counts[through._meta.label] = through.objects.count()
    return counts


def test_seed_demo_twice_changes_nothing():
    seed()
    first = row_counts()
    snapshot = {
        "applications": set(Application.objects.values_list("id", "status", "updated_at")),
        "bookings": set(SlotBooking.objects.values_list("id", "status", "updated_at")),
        "trips": set(Trip.objects.values_list("id", "slug", "starts_at", "updated_at")),
    }

    output = seed()

    assert row_counts() == first
    assert snapshot == {
        "applications": set(Application.objects.values_list("id", "status", "updated_at")),
        "bookings": set(SlotBooking.objects.values_list("id", "status", "updated_at")),
        "trips": set(Trip.objects.values_list("id", "slug", "starts_at", "updated_at")),
    }
    assert "already present" in output


def test_seed_demo_counts():
    seed()

    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Östersunds kommun",
        "Åre kommun",
    }
    assert Trip.objects.count() == 4
    assert Employer.objects.count() == 8
    assert Employer.objects.filter(approved_at__isnull=True).count() == 2
    assert Candidate.objects.count() == 40
    assert all(e.hiring_needs.exists() for e in Employer.objects.all())
    registrations = InterestRegistration.objects.all()
    assert {r.confirmed_at is not None for r in registrations} == {True, False}


def test_seed_demo_logins_authenticate_with_demo_password():
    seed()

    organiser = authenticate(email=ORGANISER_EMAIL, password="demo")
    employer_user = authenticate(email=EMPLOYER_EMAIL, password="demo")
    candidate_user = authenticate(email=CANDIDATE_EMAIL, password="demo")

    assert organiser is not None and employer_user is not None and candidate_user is not None
    assert set(organiser.organisations.values_list("slug", flat=True)) == {"ostersunds-kommun"}
    assert organiser.is_staff
    it_trip = Trip.objects.get(slug=IT_TRIP.slug)
    employer = employer_user.employers.get()
    assert employer.is_approved
    assert SlotBooking.objects.filter(
        employer=employer, trip=it_trip, status=BookingStatus.CONFIRMED
    ).exists()
    assert Application.objects.filter(
        candidate__user=candidate_user, trip=it_trip, status=ApplicationStatus.ACCEPTED
    ).exists()


def test_seed_demo_other_users_cannot_log_in():
    seed()

    others = User.objects.exclude(email__in=DEMO_LOGINS)

    assert others.count() > 40
    assert not any(user.has_usable_password() for user in others)


def test_seed_demo_covers_every_status():
    seed()

    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    assert set(SlotBooking.objects.values_list("status", flat=True)) == set(BookingStatus.values)


def test_seed_demo_named_trips_published_and_listed():
    seed()

    listed = {trip.slug: trip for trip in trips_published()}

    assert set(listed) == {t.slug for t in FUTURE_TRIPS}
    chefs = listed[CHEFS_TRIP.slug]
    assert chefs.international_applicants
    assert set(chefs.sectors.values_list("code", flat=True)) == {"restaurang-kock"}
    assert set(listed[IT_TRIP.slug].sectors.values_list("code", flat=True)) == {"it"}
    for trip in listed.values():
        assert trip.is_open_for_applications
        assert trip.application_deadline < trip.starts_at < trip.ends_at


def test_seed_demo_past_trip_history_is_consistent():
    seed()

    trip = Trip.objects.get(slug=PAST_TRIP.slug)
    history = list(trip.status_changes.values_list("from_status", "to_status", "created_at"))

    assert trip.status == TripStatus.COMPLETED
    assert [(a, b) for a, b, _ in history] == [
        ("draft", "published"),
        ("published", "closed"),
        ("closed", "completed"),
    ]
    times = [t for _, _, t in history]
    assert times == sorted(times) and times[0] == trip.published_at
    for application in trip.applications.all():
        changes = list(application.status_changes.all())
        assert changes[0].from_status == "" and changes[0].to_status == "submitted"
        assert [c.to_status for c in changes[:-1]] == [c.from_status for c in changes[1:]]
        assert changes[-1].to_status == application.status
        assert [c.created_at for c in changes] == sorted(c.created_at for c in changes)
        if application.status in ("attended", "no_show"):
            assert trip.starts_at <= changes[-1].created_at <= trip.ends_at


def test_seed_demo_respects_capacity_and_slots():
    seed()

    trips = Trip.objects.annotate(
        placed=Count(
            "applications",
            filter=Q(applications__status__in=["accepted", "attended", "no_show"]),
            distinct=True,
        ),
        active=Count(
            "bookings",
            filter=Q(bookings__status__in=["held", "pending_payment", "confirmed"]),
            distinct=True,
        ),
    )
    for trip in trips:
        assert trip.placed <= trip.candidate_capacity
        assert trip.active <= trip.employer_slots


def test_seed_demo_data_is_varied_and_valid():
    seed()

    names = set(Candidate.objects.values_list("name", flat=True))
    for number in Employer.objects.values_list("org_number", flat=True):
        assert normalize_org_number(number) == number
    assert {"Олена Коваленко", "Γιώργος Παπαδόπουλος", "مريم حسن"} <= names
    assert Candidate.objects.exclude(country="Sverige").count() >= 5
    assert not Candidate.objects.filter(consent_talent_db_at__isnull=True).exists()
    assert any(c.children_ages for c in Candidate.objects.all())
    assert any(c.partner_needs_job for c in Candidate.objects.all())


def test_seed_demo_prints_logins():
    output = seed()

    for email in DEMO_LOGINS:
        assert email in output
    assert 'password "demo"' in output


def test_seed_demo_bookings_payment_fields_match_status():
    seed()

    for booking in SlotBooking.objects.all():
        history = [c.to_status for c in booking.status_changes.all()]
        assert history[0] == "held" and history[-1] == booking.status
        paid = "confirmed" in history
        assert (booking.paid_at is not None) == paid
        assert bool(booking.payment_reference) == paid
        assert (booking.refund_state == "done") == (booking.status == "refunded")
        assert (booking.hold_expires_at is not None) == (booking.status == "held")


def test_seed_demo_sends_no_emails_or_alerts(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = seed()

    assert callbacks == []
    assert mailoutbox == []
    assert "were not sent" in output


def test_seed_demo_invoices_its_invoice_bookings():
    from employers.models import Invoice

    seed()

    assert [o.billing_missing for o in Organisation.objects.all()] == [[], []]
    invoiced = SlotBooking.objects.filter(payment_method="invoice").exclude(
        status=BookingStatus.CANCELLED
    )
    assert invoiced.exists()
    assert all(b.invoice is not None for b in invoiced)
    refunded = SlotBooking.objects.get(status=BookingStatus.REFUNDED)
    assert refunded.credit_note.credits == refunded.invoice
    for organisation in Organisation.objects.all():
        numbers = list(
            Invoice.objects.filter(organisation=organisation)
            .order_by("number")
            .values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))


def test_seed_demo_it_trip_has_a_meeting_schedule():
    from itineraries.meeting_selectors import meeting_slots, meetings_visible_to
    from itineraries.models import ItineraryItem, Meeting, MeetingPreference, MeetingSettings

    output = seed()

    trip = Trip.objects.get(slug=IT_TRIP.slug)
    block = ItineraryItem.objects.get(trip=trip, title="Möten med arbetsgivarna")
    assert block.kind == "meetings"
    assert list(ItineraryItem.objects.filter(trip=trip, kind="meetings")) == [block]
    settings = MeetingSettings.objects.get(trip=trip)
    assert (settings.meeting_minutes, settings.break_minutes) == (20, 5)
    assert settings.published_at is None  # publishing is left for the organiser to try
    assert len(meeting_slots(trip)) == 6  # 09:30–12:00
    booking = SlotBooking.objects.get(trip=trip, status=BookingStatus.CONFIRMED)
    assert booking.meeting_tables == 2
    assert set(MeetingPreference.objects.values_list("side", "level")) == {
        ("employer", "must"),
        ("employer", "want"),
        ("employer", "no"),
        ("candidate", "must"),
        ("candidate", "want"),
    }
    candidate = User.objects.get(email=CANDIDATE_EMAIL)
    employer_user = User.objects.get(email=EMPLOYER_EMAIL)
    mine = list(meetings_visible_to(candidate, trip))
    assert [m.employer.name for m in mine] == ["Frösö Kod AB"]
    theirs = meetings_visible_to(employer_user, trip)
    met = {m.application.candidate.name for m in theirs}
    # Sara Holm (both must), Erik Johansson and مريم حسن (wanted); never Ahmed Yusuf ("no").
    assert met == {"Sara Holm", "Erik Johansson", "مريم حسن"}
    assert all(m.block_id == block.pk for m in theirs)
    assert Meeting.objects.filter(trip=trip).count() == 3
    assert settings.last_run["meetings"] == 3
    # Three on this trip, and the past trip's four (one per attendee: see the caseload test).
    assert "Meetings:       7 scheduled, 7 wishes" in output


def test_seed_demo_gives_the_coordinator_a_caseload(client):
    from followup.models import CaseSource, FollowUpCase

    seed()

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    cases = FollowUpCase.objects.filter(assignee=coordinator)
    attended = Application.objects.filter(
        trip__slug=PAST_TRIP.slug, status=ApplicationStatus.ATTENDED
    ).count()
    assert cases.filter(source=CaseSource.TRIP).count() == attended > 0
    phoned = cases.get(source=CaseSource.PHONE)
    # The household's needs became tasks: partner's job, preschool, school, housing.
    assert sorted(phoned.tasks.values_list("need", flat=True)) == [
        "housing",
        "partner_job",
        "preschool",
        "school",
    ]
    # The past trip's employers said what came of their meetings: one hire moved a case on.
    assert cases.filter(source=CaseSource.TRIP, stage="hired").count() == 1
    assert client.login(email=COORDINATOR_EMAIL, password="demo")
    # At the first login a coordinator sets up two-factor authentication (README: demo logins).
    first = client.get("/followup/cases/")
    assert first["Location"] == "/account/security/setup/?next=%2Ffollowup%2Fcases%2F"
    set_up_two_factor(client, User.objects.get(email=COORDINATOR_EMAIL))
    assert "Sanna Lindqvist" in client.get("/followup/cases/").content.decode()
