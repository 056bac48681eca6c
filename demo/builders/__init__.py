"""Builders of the demo world, one module per thing built; `seed_demo` calls them in order.

Idempotent: each looks its rows up by a natural key (email, slug, organisation number,
candidate + trip, employer + trip) and creates only what is missing; existing rows are never
changed. Writes go through the services, except for the completed past trip (services refuse
to publish a trip that has started), which is written directly with a consistent history.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from core.models import User
from core.services import user_create
from demo.data import DEMO_PASSWORD
from events.models import Sector


@dataclass
class DemoSeed:
    """One run of `seed_demo`: its clock, the sectors by code, and what it created or skipped."""

    now: datetime
    sectors: dict[str, Sector]
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n

    def sectors_for(self, codes: Iterable[str]) -> list[Sector]:
        return [self.sectors[code] for code in codes]


def demo_user(
    seed: DemoSeed, email: str, full_name: str, language: str = "sv", demo: bool = False
) -> User:
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        # Only the demo logins get a password; everyone else cannot log in.
        user = user_create(
            email=email,
            password=DEMO_PASSWORD if demo else None,
            full_name=full_name,
            language=language,
        )
        seed.count("users")
    return user
