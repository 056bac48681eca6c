from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from candidates.models import Application, Candidate
from core.models import User
from employers.models import Employer, SlotBooking
from employers.services import BOOKING_TRANSITIONS
from employers.validators import normalize_org_number
from events.models import Organisation, OrganisationMembership, Sector, Trip
from events.services import TRIP_TRANSITIONS
from tests.factories import CandidateFactory, ensure_sectors

pytestmark = pytest.mark.django_db

SMALL = {"candidates": 50, "employers": 5, "trips": 3, "organisations": 2}


def synth(**options) -> str:
    out = StringIO()
    call_command("seed_synthetic", stdout=out, verbosity=0, **{**SMALL, **options})
    return out.getvalue()


def test_seed_synthetic_creates_exactly_the_requested_counts():
    output = synth(seed=7)

    assert Candidate.objects.count() == 50
    assert Employer.objects.count() == 5
    assert Trip.objects.count() == 3
    assert Organisation.objects.count() == 2
    assert "'r1'" in output


def test_seed_synthetic_org_numbers_are_valid_and_unique():
    synth(seed=7, employers=40)

    numbers = list(Employer.objects.values_list("org_number", flat=True))

    assert len(numbers) == len(set(numbers)) == 40
    for number in numbers:
        assert normalize_org_number(number) == number


def test_seed_synthetic_rows_are_consistent():
    synth(seed=3, candidates=300, trips=8)

    assert not Candidate.objects.annotate(n=Count("sectors")).filter(n=0).exists()
    assert not Trip.objects.annotate(n=Count("sectors")).filter(n=0).exists()
    assert not any(u.has_usable_password() for u in User.objects.all())
    assert Application.objects.exists()
    assert SlotBooking.objects.exists()
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
        history = list(trip.status_changes.all())
        for change in history:
            assert change.to_status in TRIP_TRANSITIONS[change.from_status]
        assert (history[-1].to_status if history else "draft") == trip.status
    for application in Application.objects.select_related("trip", "candidate"):
        changes = list(application.status_changes.all())
        assert changes[0].to_status == "submitted"
        assert [c.to_status for c in changes[:-1]] == [c.from_status for c in changes[1:]]
        assert changes[-1].to_status == application.status
        assert application.candidate.created_at < application.created_at
        assert application.created_at <= application.trip.application_deadline
    for booking in SlotBooking.objects.all():
        moves = [(c.from_status, c.to_status) for c in booking.status_changes.all()]
        assert moves[0] == ("", "held") and moves[-1][1] == booking.status
        assert all(b in BOOKING_TRANSITIONS[a] for a, b in moves[1:])
        assert (booking.paid_at is not None) == any(b == "confirmed" for _, b in moves)


def test_seed_synthetic_twice_adds_another_set():
    synth(seed=5)
    synth(seed=5)

    assert Candidate.objects.count() == 100
    assert Employer.objects.count() == 10
    assert Trip.objects.count() == 6
    numbers = list(Employer.objects.values_list("org_number", flat=True))
    assert len(set(numbers)) == 10
    emails = set(User.objects.values_list("email", flat=True))
    assert any(e.endswith("@r1.synthetic.test") for e in emails)
    assert any(e.endswith("@r2.synthetic.test") for e in emails)


def test_seed_synthetic_same_seed_gives_same_data():
    synth(seed=11, tag="a")
    synth(seed=11, tag="b")

    def names(tag):
        return list(
            Candidate.objects.filter(email__endswith=f"@{tag}.synthetic.test")
            .order_by("id")
            .values_list("name", "city", "headline")
        )

    assert names("a") == names("b")


def test_seed_synthetic_after_demo_avoids_existing_org_numbers():
    call_command("seed_demo", stdout=StringIO())
    demo_numbers = set(Employer.objects.values_list("org_number", flat=True))

    synth(seed=1, employers=30, organisations=0)

    assert Employer.objects.count() == len(demo_numbers) + 30
    assert (
        len(set(Employer.objects.values_list("org_number", flat=True))) == Employer.objects.count()
    )


def test_seed_synthetic_refuses_a_used_tag():
    synth(tag="x")

    with pytest.raises(CommandError, match="used by an earlier run"):
        synth(tag="x")


def test_seed_synthetic_without_sectors_says_to_migrate_and_writes_nothing():
    Sector.objects.all().delete()

    with pytest.raises(CommandError, match="sectors .* are missing; run `manage.py migrate`"):
        synth()
    assert not Candidate.objects.exists()
    assert not Trip.objects.exists()


def test_seed_synthetic_without_new_trips_fills_existing_ones_within_limits():
    call_command("seed_demo", stdout=StringIO())
    before = Application.objects.count()

    synth(seed=2, candidates=400, employers=20, trips=0, organisations=0)

    assert Application.objects.count() > before
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


# transaction=True: on PostgreSQL, outside a test's transaction, the rows are written with COPY
# by a second thread on its own connection, which would not see uncommitted rows.
@pytest.mark.django_db(transaction=True)
def test_seeded_people_are_found_listed_and_new_people_still_join(client, organiser):
    ensure_sectors()  # transactional tests flush the migration-seeded sectors
    synth(seed=4, candidates=450, trips=4, **{"batch_size": 100})

    # Exactly the people asked for, all in the talent database.
    assert Candidate.objects.count() == 450
    assert Candidate.objects.filter(consent_talent_db_at__isnull=False).count() == 450
    seeded = Candidate.objects.order_by("id")[321]
    assert seeded.user.email == seeded.email and seeded.sectors.exists()
    # Found by a word of their headline (PostgreSQL: the generated search document).
    word = max(seeded.headline.split(), key=len)
    client.force_login(organiser)
    found = client.get("/manage/talent/", {"q": word, "region": seeded.city})
    assert found.status_code == 200 and seeded.name in found.content.decode()
    # The organiser of the busiest trip sees its applicants.
    trip = Trip.objects.annotate(n=Count("applications")).order_by("-n").first()
    OrganisationMembership.objects.create(organisation=trip.organisation, user=organiser)
    page = client.get(f"/manage/trips/{trip.slug}/applicants/")
    first = trip.applications.order_by("created_at", "id").first()  # the list's first row
    assert page.status_code == 200 and first.candidate.name in page.content.decode()
    # The ids handed out stay handed out: new people and applications get fresh ones.
    newcomer = CandidateFactory()
    Application.objects.create(
        candidate=newcomer, trip=trip, motivation="Fjällen.", travelling_from="Umeå"
    )
    assert newcomer.pk > seeded.pk and newcomer.user.pk > seeded.user.pk
