"""Section 4: batch — generated stores from JSONL to JSONL through :func:`diagrules.batch.run.run_batch`.

Each measurement runs in a fresh process (``python -m benchmarks.batch_run --child ...``) so
that its peak memory (``ru_maxrss`` of the process and of its workers) is its own. Throughput
is compared for 1 and 2 worker processes on the same input; memory for a 10× larger input, which
streaming must not make larger.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import table
from benchmarks.workload import iter_snapshots

ROOT = Path(__file__).resolve().parent.parent

MIN_SPEEDUP = 1.7
MAX_MEMORY_GROWTH = 0.10


def write_input(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for snap in iter_snapshots(n):
            fh.write(json.dumps(snap) + "\n")


def _child(input_path: Path, output_path: Path, workers: int) -> dict[str, Any]:
    from benchmarks.declarative import engine
    from diagrules.batch.run import run_batch

    eng = engine()
    with output_path.open("w", encoding="utf-8") as out:
        summary = run_batch(eng, [input_path], out, fmt="jsonl", lang="en", processes=workers)
    own, workers_usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_main": own.ru_utime + own.ru_stime,
        "cpu_workers": workers_usage.ru_utime + workers_usage.ru_stime,
        "stores": summary.stores,
        "diagnosed": summary.diagnosed,
        "seconds": summary.seconds,
        "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure(input_path: Path, n: int, workers: int, tmp: Path) -> dict[str, Any]:
    output = tmp / f"out-{n}-{workers}.jsonl"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.batch_run", "--child", str(input_path), str(output), str(workers)],
        check=True, capture_output=True, text=True, env=env, cwd=ROOT,
    )
    lines = sum(1 for _ in output.open("rb"))
    output.unlink()
    result: dict[str, Any] = json.loads(done.stdout)
    if result["diagnosed"] != n or lines != n:
        raise AssertionError(f"batch of {n} stores wrote {lines} lines, diagnosed {result['diagnosed']}")
    return result


def run(*, small: int, large: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="diagrules-bench-") as name:
        tmp = Path(name)
        inputs = {}
        for n in (small, large):
            inputs[n] = tmp / f"stores-{n}.jsonl"
            write_input(inputs[n], n)
        runs = {
            (n, w): measure(inputs[n], n, w, tmp) for n, w in ((small, 1), (large, 1), (large, 2), (small, 2))
        }
    return {"small": small, "large": large, "runs": runs}


def render(result: dict[str, Any]) -> str:
    runs = result["runs"]
    small, large = result["small"], result["large"]
    rows = [
        [f"{n:,}", w, f"{r['seconds']:.1f}", f"{n / r['seconds']:,.0f}",
         f"{r['cpu_main']:.1f} + {r['cpu_workers']:.1f}", f"{(r['cpu_main'] + r['cpu_workers']) / r['wall']:.2f}",
         f"{r['rss_main_mb']:.0f}", f"{r['rss_worker_mb']:.0f}" if w > 1 else "—"]
        for (n, w), r in sorted(runs.items())
    ]
    one, two = runs[(large, 1)], runs[(large, 2)]
    speedup = one["seconds"] / two["seconds"]
    growth_1 = runs[(large, 1)]["rss_main_mb"] / runs[(small, 1)]["rss_main_mb"] - 1
    growth_2 = max(runs[(large, 2)]["rss_main_mb"], runs[(large, 2)]["rss_worker_mb"]) / max(
        runs[(small, 2)]["rss_main_mb"], runs[(small, 2)]["rss_worker_mb"]) - 1
    growth = max(growth_1, growth_2)
    return "\n".join([
        table(["stores", "workers", "seconds", "stores/s", "CPU s main + workers", "CPUs used",
               "peak RSS main MB", "peak RSS worker MB"], rows),
        "",
        "CPUs used = CPU time / wall time; with 2 workers on 2 free CPUs it approaches 2. Well below",
        "that, other processes were competing for the CPUs and the speed-up is not this code's.",
        "",
        f"- target ≥ {MIN_SPEEDUP}× with 2 workers: {speedup:.2f}× — "
        + ("met" if speedup >= MIN_SPEEDUP else "NOT met"),
        f"- target peak memory for {large:,} stores within {MAX_MEMORY_GROWTH:.0%} of {small:,}: "
        f"{growth:+.1%} (1 worker {growth_1:+.1%}, 2 workers {growth_2:+.1%}) — "
        + ("met" if growth <= MAX_MEMORY_GROWTH else "NOT met"),
    ])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=3, metavar=("INPUT", "OUTPUT", "WORKERS"))
    args = parser.parse_args()
    start = time.perf_counter()
    result = _child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))
    result["wall"] = time.perf_counter() - start
    print(json.dumps(result))


if __name__ == "__main__":
    main()
