"""Synthetic data for the benchmarks at national scale (demo.synthetic, as `manage.py
seed_synthetic` makes it), grown to a number of profiles in the talent database (everyone
synthetic consents to it): the database is not emptied, so such profiles already there (a
PostgreSQL database seeded once for several benchmarks) count; other benchmarks' people
outside the talent database (applicant_list's applicants) do not."""

import time

from candidates.models import Candidate
from demo.synthetic import synthetic_generate
from demo.synthetic.run import SyntheticRun, queries_not_logged
from events.models import Organisation

# Per 300,000 profiles, as in the issue: 500 employers and 200 trips.
EMPLOYERS_PER_PROFILE = 500 / 300_000
TRIPS_PER_PROFILE = 200 / 300_000


def grow_to(size: int, *, seed: int) -> dict:
    """Add profiles (with employers and trips in proportion) until the talent database has
    `size`; what was there, what was added and how long it took."""
    existing = Candidate.objects.filter(consent_talent_db_at__isnull=False).count()
    missing = size - existing
    if missing <= 0:
        return {"added": 0, "seconds": 0.0, "existing": existing}
    run = SyntheticRun(seed=seed, tag="", batch=5000, progress=False)
    start = time.perf_counter()
    with queries_not_logged():
        synthetic_generate(
            run,
            organisations=0 if Organisation.objects.exists() else 3,
            trips=max(2, round(missing * TRIPS_PER_PROFILE)),
            employers=max(3, round(missing * EMPLOYERS_PER_PROFILE)),
            candidates=missing,
        )
    seconds = time.perf_counter() - start
    return {"added": missing, "seconds": round(seconds, 2), "existing": existing}
