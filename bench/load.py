"""`make bench-load`: the app served as deployed, under a realistic mix of users (issue 15.1).

1. A fresh PostgreSQL database (BENCH_LOAD_DATABASE_URL; default `jc_bench_load` on the local
   server), migrated and filled by `seed_synthetic`; then the people the traffic acts as, each
   with a session and an API token, written to var/load-fixture.json.
2. gunicorn with 2 × cores workers and the task worker (`manage.py db_worker`), both on that
   database, with the bench settings (DEBUG off, bench/urls.py: the project plus the trivial
   view).
3. Locust, headless, for a fixed time (bench/locustfile.py: anonymous visitors, candidates,
   employers, organisers, and the trivial view all along).
4. Per endpoint: requests, failures, throughput, p50/p95/p99 latency, and p50/p95 divided by
   the trivial view's in the same run; written under the key `load` of var/bench.json (other
   benchmarks' figures kept). Exits 1 when any request failed.

    .venv/bin/python bench/load.py [--users 40] [--seconds 60] [--candidates 10000]
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var"
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/jc_bench_load"


def fresh_postgres(url: str) -> None:
    """Drop and create the database `url` names (connecting to the server's `postgres`)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        raise SystemExit(f"bench-load runs on PostgreSQL; {url!r} is not a PostgreSQL URL")
    admin = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in admin.items() if v is not None}) as connection:
        name = sql.Identifier(config["NAME"])
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def seed(args) -> dict:
    """Migrate, seed, and return the fixture: the people the traffic acts as."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db.models import Count, Q
    from django.utils import timezone

    from bench.measure import two_factor_mark
    from candidates.models import Application, Candidate
    from core.services import api_token_create
    from employers.models import EmployerMembership, SlotBooking
    from events.models import OrganisationMembership, Trip, TripStatus
    from itineraries.services import calendar_token_regenerate

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # unless REDIS_URL: the database cache
    started = time.perf_counter()
    call_command(
        "seed_synthetic",
        candidates=args.candidates,
        employers=args.employers,
        trips=args.trips,
        organisations=args.organisations,
        seed=1,
        verbosity=0,
    )
    seeded = time.perf_counter() - started

    def session(user) -> str:
        """A session as after logging in — for organisers, after the two-factor code step
        too (with a confirmed authenticator app)."""
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.update(two_factor_mark(user))
        store.create()
        return store.session_key

    now = timezone.now()
    open_trips = list(
        Trip.objects.filter(status=TripStatus.PUBLISHED, application_deadline__gt=now)
        .order_by("starts_at")
        .values_list("slug", flat=True)
    )
    if not open_trips:
        raise SystemExit("seed_synthetic made no trip open for applications")
    candidates = []
    for candidate in Candidate.objects.select_related("user").order_by("pk")[: args.users]:
        applied = set(
            Application.objects.filter(candidate=candidate).values_list("trip__slug", flat=True)
        )
        free = [slug for slug in open_trips if slug not in applied]
        if not free:
            continue
        candidates.append(
            {
                "session": session(candidate.user),
                "token": api_token_create(user=candidate.user)[1],
                "feed": f"/calendar/{calendar_token_regenerate(user=candidate.user).key}.ics",
                "apply_to": free[0],
            }
        )
    employers = []
    for booking in SlotBooking.objects.filter(status="confirmed").select_related("trip")[:20]:
        member = EmployerMembership.objects.filter(employer_id=booking.employer_id).first()
        if member:
            employers.append({"session": session(member.user), "trip": booking.trip.slug})
    organisers = []
    busiest = (
        Trip.objects.annotate(n=Count("applications", filter=Q(applications__status="submitted")))
        .order_by("-n")
        .values_list("organisation_id", "slug", "n")[:5]
    )
    for organisation_id, slug, _n in busiest:
        membership = OrganisationMembership.objects.filter(organisation_id=organisation_id).first()
        if membership:
            organisers.append({"session": session(membership.user), "trip": slug})
    for name, people in (("candidates", candidates), ("employers", employers)):
        if not people:
            raise SystemExit(f"no {name} to act as in the seeded data")
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "trivial": "/bench/trivial/",
        "trips": open_trips[:20],
        "candidates": candidates,
        "employers": employers,
        "organisers": organisers,
        "data": {
            "candidates": Candidate.objects.count(),
            "applications": Application.objects.count(),
            "trips": Trip.objects.count(),
            "bookings": SlotBooking.objects.count(),
            "seed_seconds": round(seeded, 1),
            "applicants_of_the_busiest_trip": busiest[0][2] if busiest else 0,
        },
    }


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def read_stats(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    stats = {}
    for row in rows:
        # The locustfile names every request (an API call with its method); Locust's total
        # row is "Aggregated".
        name = "all" if row["Name"] == "Aggregated" else row["Name"]
        stats[name] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "requests_per_second": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "mean_ms": round(float(row["Average Response Time"]), 1),
        }
    trivial = stats.get("trivial")
    if trivial:
        for figures in stats.values():
            figures["ratio_p50_to_trivial"] = round(figures["p50_ms"] / trivial["p50_ms"], 1)
            figures["ratio_p95_to_trivial"] = round(figures["p95_ms"] / trivial["p95_ms"], 1)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40, help="simultaneous virtual users")
    parser.add_argument("--seconds", type=int, default=60, help="how long the load runs")
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--employers", type=int, default=100)
    parser.add_argument("--trips", type=int, default=30)
    parser.add_argument("--organisations", type=int, default=8, help="a region of eight")
    parser.add_argument("--task-workers", type=int, default=2, help="db_worker processes")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_LOAD_PORT", 8111)))
    parser.add_argument("--output", type=Path, default=VAR / "bench.json")
    args = parser.parse_args(argv)

    database = os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_DATABASE)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": database,
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    VAR.mkdir(exist_ok=True)
    print(f"Seeding {database} …", flush=True)
    fresh_postgres(database)
    fixture = seed(args)
    fixture_path = VAR / "load-fixture.json"
    fixture_path.write_text(json.dumps(fixture), encoding="utf-8")
    from django.db import connections

    connections.close_all()

    workers = 2 * (os.cpu_count() or 1)
    host = f"http://127.0.0.1:{args.port}"
    prefix = VAR / "load"
    with open(VAR / "load-server.log", "w", encoding="utf-8") as log:
        serve_and_load(args, env, host, workers, fixture, fixture_path, prefix, log)

    stats = read_stats(prefix)
    errors = sum(figures["failures"] for name, figures in stats.items() if name != "all")
    result = {
        "database": "postgresql",
        "web_workers": workers,
        "task_workers": args.task_workers,
        "tasks": tasks_done(),
        "applications_after": applications_count(),
        "users": args.users,
        "seconds": args.seconds,
        "data": fixture["data"],
        "errors": errors,
        "throughput_rps": stats.get("all", {}).get("requests_per_second"),
        "endpoints": stats,
    }
    output = args.output
    results = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
    results["load"] = result
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(summary(result))
    print(f"Wrote the key 'load' of {output}.")
    return 1 if errors else 0


def applications_count() -> int:
    from candidates.models import Application

    return Application.objects.count()


def serve_and_load(args, env, host, workers, fixture, fixture_path, prefix, log) -> None:
    """gunicorn and the task workers up, Locust's run against them, everything stopped."""
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{args.port}",
            "--access-logfile=-"
            if os.environ.get("BENCH_LOAD_ACCESS_LOG")
            else "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    task_workers = [
        subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval=0.5",
                f"--worker-id=w{n}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for n in range(args.task_workers)
    ]
    try:
        wait_until_up(host + fixture["trivial"])
        print(f"Load: {args.users} users for {args.seconds} s on {workers} workers …", flush=True)
        subprocess.run(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                f"--users={args.users}",
                f"--spawn-rate={max(1, args.users // 5)}",
                f"--run-time={args.seconds}s",
                f"--host={host}",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env={**env, "LOAD_FIXTURE": str(fixture_path)},
            check=False,
        )
        time.sleep(3)  # the tasks the last requests queued (emails, PDFs)
    finally:
        for process in (server, *task_workers):
            process.send_signal(signal.SIGTERM)
        for process in (server, *task_workers):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def tasks_done() -> dict:
    """The background tasks the run queued, by state and by the worker that ran them: several
    workers share the queue, and each task runs once."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    by_state = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))
    workers = DBTaskResult.objects.exclude(worker_ids=[]).values_list("worker_ids", flat=True)
    runs: dict[str, int] = {}
    for ids in workers:
        for worker_id in ids:
            runs[worker_id] = runs.get(worker_id, 0) + 1
    ran_twice = sum(1 for ids in workers if len(ids) > 1)
    return {"by_state": by_state, "runs_by_worker": runs, "ran_more_than_once": ran_twice}


def summary(result: dict) -> str:
    lines = [
        f"load: {result['users']} users, {result['seconds']} s, {result['web_workers']} web "
        f"workers; {result['throughput_rps']} requests/s, {result['errors']} errors",
        f"  {'endpoint':<40} {'req':>6} {'fail':>5} {'p50':>7} {'p95':>7} {'p99':>7}"
        f" {'×triv50':>8}",
    ]
    for name, f in result["endpoints"].items():
        lines.append(
            f"  {name:<40} {f['requests']:>6} {f['failures']:>5} {f['p50_ms']:>7.0f}"
            f" {f['p95_ms']:>7.0f} {f['p99_ms']:>7.0f} {f.get('ratio_p50_to_trivial', 0):>8}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
