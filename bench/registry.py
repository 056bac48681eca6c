"""The benchmark registry: name → function returning a dict of JSON-serialisable figures.

Add a benchmark: write a function `def my_bench(config: Config) -> dict` in a module under
bench/, decorate it with `@benchmark("my_bench")` (optionally `summary=` a function that
formats its figures for the terminal), and list the module in MODULES below.
"""

import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Modules whose import registers benchmarks, in the order they run.
MODULES = (
    "bench.trip_lists",
    "bench.applicant_list",
    "bench.itinerary_feed",
    "bench.packs",
    "bench.itineraries",
    "bench.insights",
    "bench.scheduler",
    "bench.insights",
    "bench.talent_search",
)


@dataclass(frozen=True)
class Config:
    repetitions: int = 400  # timed requests per target and data size
    warmup: int = 30  # untimed requests per target and data size before timing
    smoke: bool = False  # tiny data sets and no meaningful timing: for tests/bench only


Figures = dict
BenchmarkFunction = Callable[[Config], Figures]
SummaryFunction = Callable[[str, Figures], str]


@dataclass(frozen=True)
class Benchmark:
    name: str
    function: BenchmarkFunction
    summary: SummaryFunction | None


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, *, summary: SummaryFunction | None = None):
    """Register the decorated function under `name`."""

    def register(function: BenchmarkFunction) -> BenchmarkFunction:
        if name in REGISTRY:
            raise ValueError(f"Benchmark {name!r} is registered twice.")
        REGISTRY[name] = Benchmark(name=name, function=function, summary=summary)
        return function

    return register


def load_all() -> dict[str, Benchmark]:
    for module in MODULES:
        importlib.import_module(module)
    return REGISTRY


def run(config: Config, names: Iterable[str] | None = None) -> dict[str, Figures]:
    """Run the named benchmarks (all by default) and return {name: figures}."""
    registry = load_all()
    selected = list(registry) if names is None else list(names)
    unknown = [name for name in selected if name not in registry]
    if unknown:
        raise KeyError(f"Unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(registry)}")
    return {name: registry[name].function(config) for name in selected}


def summarise(results: dict[str, Figures]) -> str:
    """A readable summary: each benchmark's own formatter, else its figures as JSON."""
    registry = load_all()
    parts = []
    for name, figures in results.items():
        entry = registry.get(name)
        if entry is not None and entry.summary is not None:
            parts.append(entry.summary(name, figures))
        else:
            parts.append(f"{name}\n{json.dumps(figures, indent=2, ensure_ascii=False)}")
    return "\n\n".join(parts)
