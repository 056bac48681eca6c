"""Generate a large synthetic data set with bulk inserts; see `demo.synthetic`.

Every run gets a tag (`r1`, `r2`, … or `--tag`) that goes into emails, slugs and names,
so running again adds a new, distinct data set instead of failing.
"""

from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import synthetic_generate
from demo.synthetic.run import SyntheticRun, queries_not_logged


class Command(BaseCommand):
    help = (
        "Generate a large synthetic data set with bulk inserts: organisations, trips, "
        "employers with hiring needs and bookings, candidates with sectors and applications."
    )

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=1000)
        parser.add_argument("--employers", type=int, default=50)
        parser.add_argument(
            "--trips",
            type=int,
            default=20,
            help="New trips; 0 sends applications and bookings to the open existing ones.",
        )
        parser.add_argument(
            "--organisations",
            type=int,
            default=3,
            help="New organisations; 0 spreads trips and employers over the existing ones.",
        )
        parser.add_argument("--seed", type=int, default=None, help="For reproducible data.")
        parser.add_argument(
            "--tag", default="", help="Run tag in emails and slugs (default: next free rN)."
        )
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, **options):
        counts = ("candidates", "employers", "trips", "organisations")
        for name in counts:
            if options[name] < 0:
                raise CommandError(f"--{name} must be 0 or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        run = SyntheticRun(
            seed=options["seed"],
            tag=options["tag"],
            batch=options["batch_size"],
            progress=options["verbosity"] >= 1,
        )
        with queries_not_logged():
            synthetic_generate(run, **{name: options[name] for name in counts})
        self._report(run)

    def _report(self, run: SyntheticRun) -> None:
        total = sum(seconds for _, seconds, _ in run.timings)
        rows = sum(n for _, _, n in run.timings)
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data set {run.tag!r} (seed {run.seed}): {rows:,} rows in {total:.1f} s."
            )
        )
        for name, seconds, n in run.timings:
            self.stdout.write(f"  {name:<14} {n:>10,} rows  {seconds:7.1f} s")
