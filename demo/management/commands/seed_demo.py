"""Load the demo world: two municipalities, four trips, eight employers, forty candidates, and
the IT trip's programme with a computed meeting schedule.

Safe to run again: the builders in `demo.builders` create only what is missing.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.tasks import enqueues_suppressed
from demo.builders import DemoSeed
from demo.builders.applications import applications_build
from demo.builders.bookings import bookings_build
from demo.builders.candidates import candidates_build
from demo.builders.employers import employers_build
from demo.builders.followup import followup_build
from demo.builders.interest import interest_registrations_build
from demo.builders.meetings import meetings_build
from demo.builders.organisations import organisations_build
from demo.builders.programmes import programme_build
from demo.builders.trips import trips_build
from demo.summary import demo_summary_lines
from events.models import Sector


class Command(BaseCommand):
    help = (
        "Load demo data (Östersund and Åre, four trips, employers, candidates, applications "
        "and bookings in every status, the IT trip's programme and meetings) and the demo logins. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        now = timezone.now()
        with transaction.atomic(), enqueues_suppressed() as suppressed:
            seed = DemoSeed(now=now, sectors={s.code: s for s in Sector.objects.all()})
            organisations = organisations_build(seed)
            trips = trips_build(seed, organisations)
            employers = employers_build(seed, organisations)
            candidates = candidates_build(seed)
            applications_build(seed, candidates, trips, organisations)
            bookings_build(seed, trips, employers, organisations)
            programme_build(seed, trips)
            meetings_build(seed, trips, employers, candidates, organisations)
            interest_registrations_build(seed)
            followup_build(seed, trips, organisations)
        self._summary(seed, len(suppressed), time.monotonic() - started)

    def _summary(self, seed: DemoSeed, dropped: int, seconds: float) -> None:
        out = self.stdout
        if seed.created:
            made = ", ".join(f"{n} {kind}" for kind, n in seed.created.items())
            out.write(self.style.SUCCESS(f"Demo data seeded in {seconds:.1f} s: created {made}."))
        else:
            out.write(self.style.SUCCESS(f"Demo data already present ({seconds:.1f} s)."))
        for line in seed.skipped:
            out.write(self.style.WARNING(f"Skipped {line}"))
        if dropped:
            out.write(f"  ({dropped} emails/alerts the services queued were not sent.)")
        for line in demo_summary_lines():
            out.write(line)
