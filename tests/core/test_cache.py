"""The cache: which backend the settings choose, and the database cache's bulk `set_many`."""

from datetime import timedelta

import pytest
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.settings.base import cache_settings
from core.cache import DatabaseCache


def test_cache_is_redis_when_redis_url_is_set():
    assert cache_settings("redis://127.0.0.1:6379/2") == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/2",
        }
    }


def test_cache_is_the_database_table_otherwise():
    assert cache_settings("") == {
        "default": {
            "BACKEND": "core.cache.DatabaseCache",
            "LOCATION": "cache_table",
            "OPTIONS": {"MAX_ENTRIES": 500_000},
        }
    }


@pytest.fixture
def db_cache(db):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table("default", "test_bulk_cache", dry_run=False)
    return DatabaseCache("test_bulk_cache", {"OPTIONS": {"MAX_ENTRIES": 1_000}})


def test_database_cache_set_many_stores_and_replaces_in_few_queries(db_cache):
    data = {f"ics:ve:1:{n:04}": f"VEVENT {n}".encode() for n in range(1_200)}
    with CaptureQueriesContext(connection) as captured:
        assert db_cache.set_many(data, timeout=60) == []
    # Three batched deletes, one executemany, the count, and the transaction's own.
    assert len(captured.captured_queries) <= 10
    db_cache.set_many({"ics:ve:1:0001": b"changed", "other": {"a": 1}}, timeout=None)
    got = db_cache.get_many(["ics:ve:1:0000", "ics:ve:1:0001", "other", "absent"])
    assert got["ics:ve:1:0001"] == b"changed"
    assert got["other"] == {"a": 1}
    assert "absent" not in got
    # Above MAX_ENTRIES it culls, as Django's does (a third of the entries).
    assert len(db_cache.get_many(list(data))) < 1_200


def test_database_cache_entries_expire(db_cache):
    db_cache.set_many({"soon": b"x"}, timeout=-1)
    db_cache.set_many({"later": b"y"}, timeout=timedelta(hours=1).total_seconds())
    assert db_cache.get_many(["soon", "later"]) == {"later": b"y"}
