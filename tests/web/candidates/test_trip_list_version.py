"""The public lists' versions, SQL written out for speed, say what the ORM's lists say: the
trip list's (`candidates.selectors.trip_list_page`) the same count, page number, trips in the
same order, places left and whether each takes applications — for every filter, page and kind
of application — and the home page's (`events.selectors.upcoming_trips_version`) changes when
its trips do and only then; on SQLite and PostgreSQL alike."""

import random
from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from candidates.selectors import month_bounds, trip_list_page, trips_for_candidates
from core.pagination import page_of
from events.models import Trip
from events.selectors import trips_upcoming_published, upcoming_trips_version
from tests.factories import ApplicationFactory, TripFactory, sector

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture
def world(organisation):
    """Trips of every kind over three months, with places taken every way there is."""
    rng = random.Random(7)
    now = timezone.now()
    codes = ["it", "vard-omsorg", "ekonomi"]
    for _i in range(14):
        starts = now + timedelta(days=rng.randint(-5, 80), hours=rng.randint(0, 23))
        trip = TripFactory(
            organisation=organisation,
            status=rng.choice(["published"] * 4 + ["draft", "closed"]),
            starts_at=starts,
            ends_at=starts + timedelta(days=2),
            application_deadline=starts - timedelta(days=rng.choice([1, 3, 10])),
            candidate_capacity=rng.randint(1, 5),
            sectors=[sector(code) for code in rng.sample(codes, rng.randint(1, 2))],
        )
        for _ in range(rng.randint(0, 4)):
            status = rng.choice(["accepted", "waitlisted", "waitlisted", "submitted", "declined"])
            offer = None  # a waitlisted person has no offer, a live one, or one that expired
            if status == "waitlisted":
                offer = rng.choice([None, now + timedelta(hours=5), now - timedelta(hours=5)])
            ApplicationFactory(trip=trip, status=status, offer_expires_at=offer)
    # Trips starting at the very first moment of the month the criteria ask for and of the
    # month after: one is in that month, the other is not.
    for moment in month_bounds(_month()):
        TripFactory(organisation=organisation, status="published", starts_at=moment)
    return now


def _month() -> date:
    month = timezone.localdate() + timedelta(days=31)
    return date(month.year, month.month, 1)


def _orm(now, page, **criteria):
    request = RequestFactory().get("/trips/", {} if page is None else {"page": page})
    shown = page_of(request, trips_for_candidates(**criteria), PER_PAGE)
    rows = [(t.pk, t.places_left, t.application_deadline > now) for t in shown.object_list]
    return shown.paginator.count, shown.number, rows


def _criteria():
    month = _month()
    yield {}
    yield {"sector": "it"}
    yield {"sector": "ekonomi", "open_only": True}
    yield {"month": month}
    yield {"open_only": True}
    yield {"sector": "it", "month": month, "open_only": True}
    yield {"sector": "nonexistent"}


@pytest.mark.parametrize("page", [None, "1", "2", "3", "999", "-1", "junk"])
def test_the_version_lists_what_the_orm_lists(world, page):
    now = timezone.now()
    everything = trips_for_candidates()
    # Not a comparison of empty lists: several pages, full and free trips, open and closed.
    assert everything.count() > 2 * PER_PAGE
    assert {t.places_left < t.candidate_capacity for t in everything} == {True, False}
    assert {t.application_deadline > now for t in everything} == {True, False}
    for criteria in _criteria():
        count, number, rows = trip_list_page(**criteria, page=page, per_page=PER_PAGE, now=now)
        assert (count, number, [row[:1] + row[2:] for row in rows]) == _orm(
            now, page, **criteria
        ), criteria


def test_the_version_counts_live_offers_as_taken_until_they_expire(organisation):
    trip = TripFactory(organisation=organisation, status="published", candidate_capacity=3)
    now = timezone.now()
    ApplicationFactory(trip=trip, status="waitlisted", offer_expires_at=now + timedelta(hours=1))

    def left(at):
        return trip_list_page(page=None, per_page=PER_PAGE, now=at)[2][0][2]

    assert left(now) == 2
    assert left(now + timedelta(hours=2)) == 3


def test_the_home_version_follows_the_trips_the_home_page_lists(world):
    now = timezone.now()
    shown = list(trips_upcoming_published(now=now)[:PER_PAGE])
    beyond = trips_upcoming_published(now=now)[PER_PAGE]

    def version():
        return upcoming_trips_version(now=now, limit=PER_PAGE)

    first = version()
    assert version() == first
    Trip.objects.filter(pk=beyond.pk).update(updated_at=now + timedelta(minutes=1))
    TripFactory(organisation=beyond.organisation, status="draft", starts_at=now + timedelta(1))
    assert version() == first  # a trip it does not show, a draft
    Trip.objects.filter(pk=shown[-1].pk).update(updated_at=now + timedelta(minutes=1))
    edited = version()
    assert edited != first
    Trip.objects.filter(pk=shown[0].pk).update(status="closed")
    assert version() != edited  # the next one moves up
