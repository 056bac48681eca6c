"""Request timing and query counting through Django's test client, in-process."""

import gc
import statistics
import time
from collections.abc import Mapping

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class BenchmarkError(Exception):
    pass


def two_factor_mark(user) -> dict[str, str]:
    """What a session holds after the person entered their two-factor code (for organisers
    and coordinators, who must; a confirmed authenticator app is made if they have none);
    nothing for everyone else."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.two_factor import two_factor_required

    if not two_factor_required(user):
        return {}
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return {DEVICE_ID_SESSION_KEY: device.persistent_id}


def signed_in_client(user, **options) -> Client:
    """A test client logged in as `user`, past the two-factor step where it applies."""
    client = Client(**options)
    client.force_login(user)
    mark = two_factor_mark(user)
    if mark:
        session = client.session
        session.update(mark)
        session.save()
    return client


def get_ok(client: Client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise BenchmarkError(f"GET {path} answered {response.status_code}, expected 200.")
    return response


def warm_up(client: Client, path: str, times: int) -> None:
    for _ in range(times):
        get_ok(client, path)


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        get_ok(client, path)
    return len(captured.captured_queries)


def time_interleaved(
    client: Client, paths: Mapping[str, str], repetitions: int, rounds: int = 10
) -> dict[str, list[float]]:
    """Seconds per request for each path, `repetitions` each.

    The paths take turns in `rounds` blocks so that drift (CPU frequency, other load) affects
    all of them alike. GC is paused while timing, as `timeit` does.
    """
    rounds = max(1, min(rounds, repetitions))
    per_round = [
        repetitions // rounds + (1 if i < repetitions % rounds else 0) for i in range(rounds)
    ]
    samples: dict[str, list[float]] = {name: [] for name in paths}
    gc.collect()
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for count in per_round:
            for name, path in paths.items():
                for _ in range(count):
                    start = time.perf_counter()
                    response = client.get(path)
                    elapsed = time.perf_counter() - start
                    if response.status_code != 200:
                        raise BenchmarkError(f"GET {path} answered {response.status_code}.")
                    samples[name].append(elapsed)
    finally:
        if gc_was_enabled:
            gc.enable()
    return samples


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank) of the samples."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def milliseconds(samples: list[float]) -> dict[str, float | int]:
    return {
        "mean_ms": round(statistics.fmean(samples) * 1000, 4),
        "median_ms": round(statistics.median(samples) * 1000, 4),
        "p95_ms": round(p95(samples) * 1000, 4),
        "repetitions": len(samples),
    }
