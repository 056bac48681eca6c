"""`make bench`: run every registered benchmark, write var/bench.json, print a summary.

Uses bench/settings.py: a fresh SQLite file var/bench.sqlite3, deleted and migrated on
every run, so the development database is never touched; with DATABASE_URL at PostgreSQL, a
fresh database of its own on that server (the URL's name + "_bench"), dropped and created
likewise. With BENCH_DATABASE_URL it runs on that database instead, migrated but not emptied
— for the national-scale runs on PostgreSQL (bench/README.md; other benchmarks replace the
data they measure: give them a database made for it). Each benchmark's figures say which
database they were measured on (`database`); keys of var/bench.json not run this time stay.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `python bench/run.py` puts bench/ on sys.path, not the project root.
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"


def fresh_database() -> None:
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        name = Path(database["NAME"])
        for suffix in ("", "-wal", "-shm", "-journal"):
            name.with_name(name.name + suffix).unlink(missing_ok=True)
    elif settings.BENCH_FRESH_POSTGRES:
        _recreate_postgres_database(database)
    call_command("migrate", interactive=False, verbosity=0)
    # The database cache's table (unless REDIS_URL points the cache at Redis).
    call_command("createcachetable", verbosity=0)


def _recreate_postgres_database(database: dict) -> None:
    """Drop and create the benchmarks' own PostgreSQL database (bench/settings.py), from the
    server's maintenance database `postgres`."""
    import psycopg
    from psycopg import sql

    options = {
        "dbname": "postgres",
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    name = sql.Identifier(database["NAME"])
    with psycopg.connect(autocommit=True, **{k: v for k, v in options.items() if v}) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        server.execute(sql.SQL("CREATE DATABASE {}").format(name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--repetitions", type=int, help="timed requests per target and size")
    parser.add_argument("--warmup", type=int, help="untimed requests before timing")
    parser.add_argument("--output", type=Path, help="default: var/bench.json")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from bench.registry import Config, run, summarise

    overrides = {"repetitions": args.repetitions, "warmup": args.warmup}
    config = Config(**{key: value for key, value in overrides.items() if value is not None})
    started = time.perf_counter()
    fresh_database()
    results = run(config, names=args.names or None)
    vendor = connection.vendor
    for figures in results.values():
        figures["database"] = vendor
    output = args.output or Path(settings.VAR_DIR) / "bench.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    # Other keys (`load`, written by bench/load.py; benchmarks not run this time) are kept.
    written = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
    written.update(results)
    output.write_text(json.dumps(written, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(summarise(results))
    print(f"\nWrote {output} in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
