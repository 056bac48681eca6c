"""Generate large synthetic data sets fast, for load tests and query-count work.

Rows are written with `bulk_create` in batches (the candidates' with COPY on PostgreSQL,
then the tables are ANALYZEd), bypassing the services (which lock and
validate one row at a time) but keeping every rule they enforce: valid unique organisation
numbers, one application per candidate and trip, accepted applications within a trip's
capacity, active bookings within its employer slots, status histories that follow the
transition tables with increasing timestamps, consents with versions. Users get unusable
passwords without hashing.

One module per phase; `run.SyntheticRun` holds what they share.
"""

from django.core.management.base import CommandError

from demo.synthetic.bookings import bookings_generate
from demo.synthetic.candidates import candidates_generate
from demo.synthetic.employers import employers_generate
from demo.synthetic.organisations import organisations_generate
from demo.synthetic.run import SyntheticRun
from demo.synthetic.trips import trips_existing, trips_generate


def synthetic_generate(
    run: SyntheticRun, *, organisations: int, trips: int, employers: int, candidates: int
) -> None:
    """Add that many new rows of each (0 organisations or trips: use the existing ones)."""
    organisation_pairs = run.phase("organisations", organisations_generate, organisations)
    if not organisation_pairs and (trips or employers):
        raise CommandError("No organisation to attach trips and employers to: use --organisations.")
    trip_infos = run.phase("trips", trips_generate, trips, organisation_pairs)
    if not trip_infos:
        trip_infos = trips_existing(run)
    approved = run.phase("employers", employers_generate, employers, organisation_pairs)
    run.phase("bookings", bookings_generate, trip_infos, approved)
    run.phase("candidates", candidates_generate, candidates, trip_infos)
    run.phase("analyze", SyntheticRun.analyze)
