"""One run of the synthetic generator, and what every phase of it uses."""

import json
import queue
import random
import re
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from core.models import User
from demo.data.pools import (
    INTERNATIONAL_FIRST,
    INTERNATIONAL_LAST,
    OTHER_SCRIPT_NAMES,
    SECTOR_POOLS,
    SWEDISH_FIRST,
    SWEDISH_LAST,
)
from employers.models import Employer
from events.models import Organisation, Sector, Trip

TAG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SIZE = re.compile(r"\(.*\)")
JSON = json.JSONEncoder(ensure_ascii=False).encode


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def between(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    return lo + (hi - lo) * rng.random() if hi > lo else lo


@contextmanager
def queries_not_logged():
    """With DEBUG on, Django keeps the SQL of every query: megabytes per bulk insert here,
    and it triples the run time. Django reads settings.DEBUG for this on each cursor."""
    previous = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = previous


class SyntheticRun:
    """The run's tag, clock and random streams, the sectors, and the timing of each phase.

    Every run gets a tag (`r1`, `r2`, … or the one given) that goes into emails, slugs and
    names, so running again adds a new, distinct data set instead of failing.
    """

    rng: random.Random  # the current phase's stream, set by phase()

    def __init__(self, *, seed: int | None, tag: str, batch: int, progress: bool):
        self.seed = seed
        self.now = timezone.now()
        self.batch = batch
        self.progress = progress
        self.tag = _free_tag(tag)
        self.domain = f"{self.tag}.synthetic.test"
        self.sectors = {s.code: s.pk for s in Sector.objects.all()}
        missing = sorted(set(SECTOR_POOLS) - set(self.sectors))
        if missing:
            raise CommandError(
                f"The sectors {', '.join(missing)} are missing; run `manage.py migrate`, "
                "whose data migration creates them."
            )
        self.sector_names = dict(Sector.objects.values_list("code", "name_sv"))
        self.sector_codes = list(SECTOR_POOLS)
        self.sector_weights = [SECTOR_POOLS[c]["weight"] for c in self.sector_codes]
        self.slugs = {
            name: slugify(name)
            for name in [*SWEDISH_FIRST, *SWEDISH_LAST, *INTERNATIONAL_FIRST, *INTERNATIONAL_LAST]
        }
        self.timings: list[tuple[str, float, int]] = []
        self.tables: set[str] = set()  # written to, for ANALYZE at the end
        self.writer: _Writer | None = None
        self.pending: list | None = None  # the current batch's COPYs, for the writer

    def phase(self, name: str, function: Callable, *args):
        """Call `function(run, *args)`, which returns (result, rows written); time it."""
        # One random stream per phase, so each phase is reproducible on its own.
        self.rng = self.random(name)
        started = time.monotonic()
        result, rows = function(self, *args)
        self.timings.append((name, time.monotonic() - started, rows))
        return result

    def random(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}") if self.seed is not None else random.Random()

    def bar(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="", disable=not self.progress, file=sys.stderr)

    def password(self) -> str:
        # What set_unusable_password() stores, minus the cost of a random string per user.
        return f"{UNUSABLE_PASSWORD_PREFIX}{self.rng.getrandbits(160):040x}"

    def person(self) -> tuple[str, str, bool]:
        """A (name, ascii email part, international) triple."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            name, ascii_name = rng.choice(OTHER_SCRIPT_NAMES)
            return name, ascii_name, True
        if roll < 0.25:
            first, last = rng.choice(INTERNATIONAL_FIRST), rng.choice(INTERNATIONAL_LAST)
            international = True
        else:
            first, last = rng.choice(SWEDISH_FIRST), rng.choice(SWEDISH_LAST)
            international = False
        return f"{first} {last}", f"{self.slugs[first]}.{self.slugs[last]}", international

    def user(self, ascii_name: str, n: int, full_name: str, joined: datetime, language="sv"):
        return User(**self.user_row(ascii_name, n, full_name, joined, language))

    def user_row(
        self, ascii_name: str, n: int, full_name: str, joined: datetime, language="sv"
    ) -> dict:
        return {
            "email": f"{ascii_name}.{n}@{self.domain}",
            "full_name": full_name,
            "language": language,
            "password": self.password(),
            "date_joined": joined,
        }

    def pick_sector_codes(self, max_sectors: int = 3) -> list[str]:
        k = self.rng.choices([1, 2, 3][:max_sectors], weights=[70, 25, 5][:max_sectors])[0]
        return list(dict.fromkeys(self.rng.choices(self.sector_codes, self.sector_weights, k=k)))

    def bulk(self, model, rows: list, **kwargs) -> list:
        if rows:
            self.tables.add(model._meta.db_table)
            model.objects.bulk_create(rows, batch_size=self.batch, **kwargs)
        return rows

    def insert(self, model, rows: list[dict], *, ids: bool = False) -> list[int]:
        """Write `rows` (field attname → value, the same keys in each; other fields get their
        defaults) to `model`'s table; with `ids`, return their primary keys in order.

        PostgreSQL: COPY, the ids drawn from the table's own sequence first (so it stays
        right, and other writers never collide); columns the database generates (the
        candidates' search document) are computed by PostgreSQL as the rows arrive. In a
        `batch_transaction()` within `background_writes()` the COPY runs later, in the
        writer thread. Other engines: `bulk_create` of model instances. For the large
        phase: building model instances and compiling INSERTs cost more than making the
        data."""
        if not rows:
            return []
        self.tables.add(model._meta.db_table)
        if connection.vendor != "postgresql":
            objects = model.objects.bulk_create(
                [model(**row) for row in rows], batch_size=self.batch
            )
            return [obj.pk for obj in objects] if ids else []
        pks = _reserve_ids(model, len(rows)) if ids else None
        if self.pending is not None:
            self.pending.append((model, rows, pks))
        else:
            _copy(model, rows, pks, self.now)
        return pks or []

    @contextmanager
    def background_writes(self):
        """On PostgreSQL, outside any transaction: the COPYs of each `batch_transaction()`
        run in a second thread on its own connection while this one makes the next batch,
        so that the server's work (indexes, the search document, foreign keys) overlaps
        Python's.
        Inside a transaction (a test's) a second connection would not see its rows:
        everything stays on this connection."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            yield
            return
        self.writer = _Writer(self.now)
        self.writer.start()
        try:
            yield
        finally:
            writer, self.writer = self.writer, None
            writer.finish()

    @contextmanager
    def batch_transaction(self):
        """One batch's writes, in one transaction: here, or in the writer thread."""
        if self.writer is None:
            with transaction.atomic():
                yield
            return
        self.pending = []
        try:
            yield
            self.writer.submit(self.pending)
        finally:
            self.pending = None

    def analyze(self) -> tuple[None, int]:
        """PostgreSQL: VACUUM (ANALYZE) the tables written, so the planner knows their new
        size at once (before, it chose sequential scans on a freshly seeded talent database)
        and the rows' visibility is settled as autovacuum would settle it later (a broad
        talent search at 300,000 profiles: p95 83 ms after ANALYZE alone, 53 ms after
        VACUUM). Inside a transaction (tests), where VACUUM cannot run, ANALYZE only."""
        if connection.vendor == "postgresql" and self.tables:
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                tables = ", ".join(connection.ops.quote_name(t) for t in sorted(self.tables))
                cursor.execute(f"{command} {tables}")
        return None, 0

    def bulk_sectors(self, model, rows: list, sector_sets: list[list[int]]) -> list:
        """Link each saved row of `model` to its sector ids through `model.sectors`."""
        through = model.sectors.through
        column = f"{model._meta.get_field('sectors').m2m_field_name()}_id"
        links = [
            through(**{column: row.pk}, sector_id=sid)
            for row, sids in zip(rows, sector_sets, strict=True)
            for sid in sids
        ]
        return self.bulk(through, links)

    def insert_sectors(self, model, ids: list[int], sector_sets: list[list[int]]) -> int:
        """`bulk_sectors` for rows written with `insert`, by their ids; returns the links made."""
        through = model.sectors.through
        column = f"{model._meta.get_field('sectors').m2m_field_name()}_id"
        links = [
            {column: pk, "sector_id": sid}
            for pk, sids in zip(ids, sector_sets, strict=True)
            for sid in sids
        ]
        self.insert(through, links)
        return len(links)


class _Writer(threading.Thread):
    """Runs batches of COPYs (one transaction each) in order, on this thread's connection."""

    def __init__(self, now: datetime):
        super().__init__(name="synthetic-writer", daemon=True)
        self.now = now
        self.jobs: queue.Queue = queue.Queue(maxsize=2)  # memory stays bounded
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while (job := self.jobs.get()) is not None:
                if self.error is not None:
                    continue  # drop the rest, but keep taking them: submit() must not block
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        # Generated data: a crash may lose the last batches, never consistency.
                        cursor.execute("SET LOCAL synchronous_commit TO OFF")
                        for model, rows, pks in job:
                            _copy(model, rows, pks, self.now)
                except BaseException as error:  # raised again in the main thread
                    self.error = error
        finally:
            connection.close()

    def submit(self, job: list) -> None:
        self._raise()
        self.jobs.put(job)

    def finish(self) -> None:
        self.jobs.put(None)
        self.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise CommandError(f"Writing the synthetic data failed: {self.error}") from self.error


def _reserve_ids(model, count: int) -> list[int]:
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(model, rows: list[dict], pks: list[int] | None, now: datetime) -> None:
    """COPY in binary: a third of the client's and half of the server's time of text COPY
    (measured), as no value is formatted as text and parsed again."""
    meta = model._meta
    given = list(rows[0])
    fields = [meta.get_field(name) for name in given]
    constants = {}  # what bulk_create would fill in for the fields not given
    for f in meta.concrete_fields:
        if f.primary_key or f.attname in given or getattr(f, "generated", False):
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            constants[f] = now
        elif _is_json(f):
            constants[f] = _jsonb(f.get_default())
        else:
            constants[f] = f.get_default()
    columns = [*fields, *constants]
    if pks is not None:
        columns.insert(0, meta.pk)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    # The types psycopg dumps each value as: the column's, without its length (varchar(200)
    # → varchar); jsonb as bytes made here (psycopg's own jsonb dumper costs 16 µs a value).
    types = ["bytea" if _is_json(f) else SIZE.sub("", f.db_type(connection)) for f in columns]
    json_at = [i for i, f in enumerate(fields) if _is_json(f)]
    tail = tuple(constants.values())
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN (FORMAT BINARY)") as copy,
    ):
        copy.set_types(types)
        for i, row in enumerate(rows):
            values = [row[name] for name in given]
            for at in json_at:
                values[at] = _jsonb(values[at])
            copy.write_row([pks[i], *values, *tail] if pks is not None else [*values, *tail])


def _is_json(field) -> bool:
    return field.get_internal_type() == "JSONField"


def _jsonb(value) -> bytes:
    """jsonb's binary input: format version 1, then the JSON text."""
    return b"\x01" + JSON(value).encode()


def _free_tag(tag: str) -> str:
    if tag:
        if not TAG_PATTERN.match(tag) or len(tag) > 20:
            raise CommandError("--tag must be lowercase letters, digits and hyphens (≤ 20).")
        if _tag_taken(tag):
            raise CommandError(f"Tag {tag!r} was used by an earlier run; choose another.")
        return tag
    n = 1
    while _tag_taken(f"r{n}"):
        n += 1
    return f"r{n}"


def _tag_taken(tag: str) -> bool:
    prefix = f"syn-{tag}-"
    return (
        User.objects.filter(email__endswith=f"@{tag}.synthetic.test").exists()
        or Organisation.objects.filter(slug__startswith=prefix).exists()
        or Trip.objects.filter(slug__startswith=prefix).exists()
        or Employer.objects.filter(slug__startswith=prefix).exists()
    )
