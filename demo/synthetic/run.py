"""One run of the synthetic generator, and what every phase of it uses."""

import random
import re
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import CommandError
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
        self.sector_names = dict(Sector.objects.values_list("code", "name_sv"))
        self.sector_codes = list(SECTOR_POOLS)
        self.sector_weights = [SECTOR_POOLS[c]["weight"] for c in self.sector_codes]
        self.slugs = {
            name: slugify(name)
            for name in [*SWEDISH_FIRST, *SWEDISH_LAST, *INTERNATIONAL_FIRST, *INTERNATIONAL_LAST]
        }
        self.timings: list[tuple[str, float, int]] = []

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
        return User(
            email=f"{ascii_name}.{n}@{self.domain}",
            full_name=full_name,
            language=language,
            password=self.password(),
            date_joined=joined,
        )

    def pick_sector_codes(self, max_sectors: int = 3) -> list[str]:
        k = self.rng.choices([1, 2, 3][:max_sectors], weights=[70, 25, 5][:max_sectors])[0]
        return list(dict.fromkeys(self.rng.choices(self.sector_codes, self.sector_weights, k=k)))

    def bulk(self, model, rows: list, **kwargs) -> list:
        if rows:
            model.objects.bulk_create(rows, batch_size=self.batch, **kwargs)
        return rows

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
