"""Indexes justified by the plans of the queries they serve."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Trip, TripStatus
from tests.factories import TripFactory
from tests.plans import plan_without

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(organisation):
    now = timezone.now()
    for days in (-30, 10, 40):  # ends two days after it starts
        TripFactory(organisation=organisation, status="published", starts_at=now + timedelta(days))
    return Trip.objects.filter(status=TripStatus.PUBLISHED, ends_at__gte=now)


def _plan(queryset, method: str) -> str:
    """The plan; on PostgreSQL, with `method` off (its tables here are too small to need
    an index: the plan without it is the one a large table gets)."""
    if connection.vendor == "postgresql":
        return plan_without(queryset, method)
    return queryset.explain()


def test_the_public_lists_count_from_the_index_alone(upcoming):
    """Counted on every request of the trip list (candidates.selectors.trip_list_page)."""
    plan = _plan(upcoming.order_by().values("pk"), "seqscan")
    assert "trip_status_start_end" in plan, plan
    if connection.vendor == "sqlite":
        assert "COVERING INDEX" in plan, plan
    assert upcoming.count() == 2


def test_the_public_lists_walk_the_index_in_start_order_without_sorting(upcoming):
    """The home page's and the trip list's page: the first trips by start, then stop."""
    plan = _plan(upcoming.order_by("starts_at", "id").values("pk", "updated_at")[:12], "sort")
    assert "trip_status_start_end" in plan, plan
    # At most the trips of one start are sorted among themselves by id.
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan  # SQLite
    assert not re.search(r"(?<!Incremental )Sort  \(", plan), plan  # PostgreSQL: a Sort node
