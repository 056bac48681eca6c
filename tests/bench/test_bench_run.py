"""`make bench` (bench/run.py) as a person runs it: on a throwaway database — a SQLite file, or
with DATABASE_URL at PostgreSQL a database of its own on that server, never the one the URL
names — writing var/bench.json without losing the keys it did not run (the load benchmark's).
Figures, never timings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"


def _bench(tmp_path: Path, **env: str) -> dict:
    output = tmp_path / "bench.json"
    output.write_text(json.dumps({"load": {"errors": 0}}))
    environment = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    run = subprocess.run(
        [
            sys.executable,
            "bench/run.py",
            "trip_lists",
            "--repetitions=2",
            "--warmup=1",
            f"--output={output}",
        ],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads(output.read_text())


def test_make_bench_on_sqlite_keeps_the_other_keys(tmp_path):
    written = _bench(tmp_path)

    assert written["load"] == {"errors": 0}
    assert written["trip_lists"]["database"] == "sqlite"
    assert written["trip_lists"]["trips"]["queries_constant"] is True


@pytest.mark.postgres
def test_make_bench_with_database_url_at_postgresql_runs_there_in_its_own_database(tmp_path):
    name = "jc_bench_run_test"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {name}")
        server.execute(f"DROP DATABASE IF EXISTS {name}_bench")
        server.execute(f"CREATE DATABASE {name}")
    try:
        with psycopg.connect(f"{SERVER}/{name}", autocommit=True) as own:
            own.execute("CREATE TABLE kept (note text)")
            own.execute("INSERT INTO kept VALUES ('the development data')")

        written = _bench(tmp_path, DATABASE_URL=f"{SERVER}/{name}")

        assert written["trip_lists"]["database"] == "postgresql"
        assert written["load"] == {"errors": 0}
        with psycopg.connect(f"{SERVER}/{name}") as own:
            assert own.execute("SELECT note FROM kept").fetchall() == [("the development data",)]
            tables = own.execute(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'events_trip'"
            ).fetchone()
            assert tables == (0,)  # migrated and filled was the benchmarks' own database
        with psycopg.connect(f"{SERVER}/{name}_bench") as bench:
            assert bench.execute("SELECT count(*) FROM events_trip").fetchone()[0] > 0
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
            server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            server.execute(f"DROP DATABASE IF EXISTS {name}_bench WITH (FORCE)")
