"""Django's database cache with a `set_many` in a few statements instead of three per key.

Django's `DatabaseCache.set_many` sets each key on its own (a count, a select and an insert
or update each): storing the 5,000 VEVENTs of a large calendar feed took more than 9,000
queries and two seconds (issue 15.3). Here the keys are deleted in batches and inserted with one
`executemany`, in one transaction, and culled once. Reading (`get_many`: one query) is
Django's own. Used when there is no Redis (`config.settings.base.cache_settings`).
"""

import base64
import pickle
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

# Keys per DELETE … IN (…): well under every backend's limit on parameters.
_BATCH = 500


class DatabaseCache(DjangoDatabaseCache):
    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        """Store every key of `data`; returns the keys that could not be stored (all of them
        when the database refused, as Django's cache answers a failed set: quietly)."""
        if not data:
            return []
        keyed = {self.make_and_validate_key(key, version=version): key for key in data}
        backend_timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]  # set by Django's __init__
        if backend_timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(backend_timeout, tz=UTC if settings.USE_TZ else None)
        expires_db = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        rows = [
            (
                key,
                base64.b64encode(pickle.dumps(data[original], self.pickle_protocol)).decode(
                    "latin1"
                ),
                expires_db,
            )
            for key, original in keyed.items()
        ]
        keys = list(keyed)
        try:
            with transaction.atomic(using=db), connection.cursor() as cursor:
                for start in range(0, len(keys), _BATCH):
                    batch = keys[start : start + _BATCH]
                    marks = ", ".join(["%s"] * len(batch))
                    cursor.execute(
                        f"DELETE FROM {table} WHERE {quote('cache_key')} IN ({marks})", batch
                    )
                cursor.executemany(
                    f"INSERT INTO {table} ({quote('cache_key')}, {quote('value')}, "
                    f"{quote('expires')}) VALUES (%s, %s, %s)",
                    rows,
                )
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                count = cursor.fetchone()[0]
                if count > self._max_entries:
                    now = tz_now().replace(microsecond=0)
                    self._cull(db, cursor, now, count)  # type: ignore[attr-defined]
        except DatabaseError:
            return list(data)
        return []
