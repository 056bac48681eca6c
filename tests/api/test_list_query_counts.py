"""Issue 15.2: every API list — and the web list pages no other test counts — answers in a
number of queries that does not grow with what it lists. Each list is read in the permission
matrix's world (tests/privacy/matrix_world.py) by a role that may read it, once after one
more row of what it lists and once after ten more: the page grows, the query count does not.
(The other web lists have their own tests: tests/web/…/test_*.py `…query_count…`.)"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from followup.models import CaseTask, ContactEntry, FollowUpCase
from itineraries.models import ItineraryItem, Meeting
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EmployerFactory,
    HiringNeedFactory,
    SlotBookingFactory,
    TripFactory,
)
from tests.privacy.matrix_world import build_world


def _trips(w, n):
    return TripFactory.create_batch(n, organisation=w.org_a, status="published")


def _meetings(w, n):
    for i, application in enumerate(ApplicationFactory.create_batch(n, trip=w.trip)):
        application.status = "accepted"
        application.share_consent_at = timezone.now()
        application.share_consent_version = "2026-12"
        application.save()
        start = w.block.starts_at + timedelta(minutes=20 * (len(w.grown) + i + 1))
        Meeting.objects.create(
            trip=w.trip,
            application=application,
            employer=w.booked,
            block=w.block,
            starts_at=start,
            ends_at=start + timedelta(minutes=20),
        )
    w.grown.extend(range(n))


def _cases(w, n):
    for candidate in CandidateFactory.create_batch(n):
        FollowUpCase.objects.create(
            organisation=w.org_a, candidate=candidate, name=candidate.name, source="trip"
        )


def _tasks(w, n):
    for i in range(n):
        CaseTask.objects.create(
            case=w.case, kind="call_back", title=f"Ring {i}", due_on=timezone.localdate()
        )


def _items(w, n):
    for i in range(n):
        start = w.trip.starts_at + timedelta(hours=i % 8, minutes=i)
        ItineraryItem.objects.create(
            trip=w.trip,
            title=f"Punkt {i}",
            kind="activity",
            audience="everyone",
            starts_at=start,
            ends_at=start + timedelta(minutes=30),
        )


# operation → (the role reading it, how to add n more rows it lists)
LISTS: dict[str, tuple[str, Callable]] = {
    "/api/v1/trips": ("anonymous", _trips),
    "/api/v1/me/employer/hiring-needs": (
        "employer_booked",
        lambda w, n: HiringNeedFactory.create_batch(n, employer=w.booked),
    ),
    "/api/v1/me/employer/bookings": (
        "employer_booked",
        lambda w, n: [
            SlotBookingFactory(
                employer=w.booked, trip=trip, status="confirmed", hold_expires_at=None
            )
            for trip in _trips(w, n)
        ],
    ),
    "/api/v1/trips/{slug}/bookings": (
        "organiser",
        lambda w, n: [
            SlotBookingFactory(
                employer=EmployerFactory(organisation=w.org_a),
                trip=w.trip,
                status="confirmed",
                hold_expires_at=None,
            )
            for _ in range(n)
        ],
    ),
    "/api/v1/trips/{slug}/meetings": ("organiser", _meetings),
    "/api/v1/trips/{slug}/itinerary": ("anonymous", _items),
    "/api/v1/me/applications": (
        "candidate",
        lambda w, n: [ApplicationFactory(candidate=w.candidate, trip=t) for t in _trips(w, n)],
    ),
    "/api/v1/trips/{slug}/applications": (
        "organiser",
        lambda w, n: ApplicationFactory.create_batch(n, trip=w.trip),
    ),
    "/api/v1/cases": ("coordinator", _cases),
    "/api/v1/cases/{case_id}/contacts": (
        "coordinator",
        lambda w, n: [
            ContactEntry.objects.create(case=w.case, channel="phone", note=f"Samtal {i}")
            for i in range(n)
        ],
    ),
    "/api/v1/cases/{case_id}/tasks": ("coordinator", _tasks),
    "/api/v1/tasks?assignee=all": ("coordinator", _tasks),
}


def _access(w, n):
    from candidates.audit import access_record  # noqa: PLC0415 -- only this helper

    for _ in range(n):
        access_record(
            actor=w.people["organiser"],
            candidates=[w.candidate],
            action="applicant_view",
            trip=w.trip,
            organisation=w.org_a,
        )


# web page → (the role reading it, how to add n more rows it lists, a CSS class of each row)
PAGES: dict[str, tuple[str, Callable, str]] = {
    "/followup/cases/": ("coordinator", _cases, "<tr"),
    "/followup/tasks/?show=all": ("coordinator", _tasks, '<tr class="task'),
    "/me/": (
        "candidate",
        lambda w, n: [ApplicationFactory(candidate=w.candidate, trip=t) for t in _trips(w, n)],
        '<li class="application"',
    ),
    "/manage/trips/{slug}/access-log/": ("organiser", _access, "<tr"),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        yield w
        w.candidate.cv.delete(save=False)
        transaction.set_rollback(True)


def _read(w, path: str, role: str) -> tuple[int, int]:
    """(queries, items listed) of one request."""
    client = Client(headers={"Authorization": f"Bearer {w.tokens[role]}"} if w.tokens[role] else {})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path + ("&" if "?" in path else "?") + "page_size=100")
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["items"])


@pytest.mark.django_db
@pytest.mark.parametrize("operation", list(LISTS))
def test_api_list_query_count_does_not_grow_with_its_rows(world, operation):
    role, grow = LISTS[operation]
    path = operation.replace("{slug}", world.trip.slug).replace("{case_id}", str(world.case.pk))
    world.grown = []
    with transaction.atomic():
        _read(world, path, role)  # the token's first use of the day is written once
        grow(world, 1)
        small, listed_small = _read(world, path, role)
        grow(world, 10)
        large, listed_large = _read(world, path, role)
        transaction.set_rollback(True)

    assert listed_large >= listed_small + 10  # the rows added are listed
    assert large == small, (
        f"{operation}: {small} queries for {listed_small} rows, {large} for {listed_large}"
    )


def _read_page(w, path: str, role: str, row: str) -> tuple[int, int]:
    """(queries, rows shown) of one page."""
    client = Client(headers={"Accept-Language": "en"})
    client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[role]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries), response.content.decode().count(row)


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(PAGES))
def test_web_list_query_count_does_not_grow_with_its_rows(world, page):
    role, grow, row = PAGES[page]
    path = page.replace("{slug}", world.trip.slug)
    with transaction.atomic():
        _read_page(world, path, role, row)  # the session's first request records it once
        grow(world, 1)
        small, shown_small = _read_page(world, path, role, row)
        grow(world, 10)
        large, shown_large = _read_page(world, path, role, row)
        transaction.set_rollback(True)

    assert shown_large >= shown_small + 10  # the rows added are shown
    assert large == small, (
        f"{page}: {small} queries for {shown_small} rows, {large} for {shown_large}"
    )
