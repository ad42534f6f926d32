"""Timing helpers, following the method of the design notes.

``timeit`` with an auto-ranged loop count, **GC left on** (timeit turns it off by default, which
flatters code that allocates), several repeats taken round-robin across the compared
implementations so that drift of a shared machine hits all of them alike, and medians.
Absolute times on shared machines are noise; only ratios measured in one run are reported as
results.
"""

from __future__ import annotations

import statistics
import subprocess
import timeit
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs


@attrs.frozen
class Timing:
    """Per-item times of one implementation, one value per repeat, in microseconds."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def min(self) -> float:
        return min(self.samples)


def _loop(fn: Callable[[Any], Any], items: Sequence[Any]) -> Callable[[], None]:
    def run() -> None:
        for item in items:
            fn(item)

    return run


def _number(timer: timeit.Timer, min_time: float) -> int:
    """The smallest loop count in 1, 2, 5, 10, 20… whose run takes at least ``min_time`` s."""
    i = 1
    while True:
        for factor in (1, 2, 5):
            number = i * factor
            if timer.timeit(number) >= min_time:
                return number
        i *= 10


def compare(
    impls: dict[str, tuple[Callable[[Any], Any], Sequence[Any]]],
    *,
    repeats: int,
    min_time: float,
) -> dict[str, Timing]:
    """Time each ``name -> (fn, items)`` as µs per item, repeats interleaved round-robin."""
    timers = {}
    for name, (fn, items) in impls.items():
        timer = timeit.Timer(_loop(fn, items), setup="gc.enable()")
        timers[name] = (timer, _number(timer, min_time), len(items))
    samples: dict[str, list[float]] = {name: [] for name in impls}
    for _ in range(repeats):
        for name, (timer, number, n_items) in timers.items():
            samples[name].append(timer.timeit(number) / (number * n_items) * 1e6)
    return {name: Timing(tuple(s)) for name, s in samples.items()}


def process_times(argv: Sequence[str], *, runs: int, env: dict[str, str] | None = None) -> Timing:
    """Wall time of a whole process (ms per run), after one unmeasured warm-up run."""
    import time

    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append((time.perf_counter() - start) * 1e3)
    return Timing(tuple(samples))


def table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """A Markdown table (readable in a terminal, pasteable into docs/performance.md)."""
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
