"""PostgreSQL query plans for tests that justify an index (or its absence) with EXPLAIN."""

from django.db import connection
from django.db.models import QuerySet


def plan_without(queryset: QuerySet, method: str) -> str:
    """The plan of `queryset` with one of the planner's methods (`seqscan`, `sort`) disabled:
    what it chooses when that method costs too much, as it does on large tables."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET enable_{method} = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute(f"SET enable_{method} = on")
