"""Run a function in N threads at once, each on its own database connection."""

import threading

from django.db import connection
from django.utils import translation


def run_concurrently(fn, args_list):
    """Call fn(*args) for each args in parallel, released together; return results/exceptions."""
    barrier = threading.Barrier(len(args_list))
    results: list = [None] * len(args_list)
    language = translation.get_language()  # the active language is per thread

    def worker(index, args):
        translation.activate(language)
        try:
            barrier.wait(timeout=10)
            results[index] = fn(*args)
        except Exception as error:  # noqa: BLE001 - the caller inspects each outcome
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(args_list)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
