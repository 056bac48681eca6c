"""The load benchmark (bench/load.py) end to end on a small data set: gunicorn with several
workers and two task workers on one PostgreSQL database serve Locust's mix of users without
an error, every endpoint of the mix answers, the applications sent under load are stored
once each, and every background task they queued ran exactly once. Figures, never timings."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_load_benchmark_serves_the_mix_without_errors(tmp_path):
    output = tmp_path / "bench.json"
    run = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--users=10",
            "--seconds=10",
            "--candidates=300",
            "--employers=12",
            "--trips=4",
            "--organisations=2",
            f"--port={_free_port()}",
            f"--output={output}",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "BENCH_LOAD_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/jc_bench_load_smoke",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    load = json.loads(output.read_text())["load"]

    assert load["errors"] == 0
    assert load["web_workers"] >= 2 and load["task_workers"] == 2
    endpoints = load["endpoints"]
    # Each kind of user was served (which of its pages it asked for is random).
    kinds = {
        "visitors": {"/", "/trips/", "/trips/[slug]/", "GET /api/v1/trips"},
        "candidates": {"/me/", "/calendar/[key].ics", "GET /api/v1/me/applications"},
        "employers": {"/trips/[slug]/pack/", "/employer/"},
        "organisers": {"/manage/trips/[slug]/applicants/", "/manage/"},
        "yardstick": {"trivial"},
    }
    for kind, pages in kinds.items():
        assert pages & set(endpoints), f"no request of the {kind}: {sorted(endpoints)}"
    assert all(figures["requests"] > 0 for figures in endpoints.values())
    assert endpoints["trivial"]["ratio_p50_to_trivial"] == 1.0
    tasks = load["tasks"]
    assert set(tasks["by_state"]) <= {"SUCCESSFUL"}, tasks
    assert tasks["ran_more_than_once"] == 0
    assert sum(tasks["runs_by_worker"].values()) > 0  # the applications' emails, at least
    # Each application sent under load is stored, once.
    sent = endpoints["POST /api/v1/me/applications"]["requests"]
    assert load["applications_after"] == load["data"]["applications"] + sent
