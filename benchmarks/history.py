"""Section 5: history — what remembering every store costs.

``python benchmarks/run.py --only history`` (or ``python -m benchmarks.history``):

* **Batch overhead**: the 100-check workload, one worker, from JSONL to JSONL with and without a
  SQLite history (each store read for previous periods and recorded; one transaction per chunk),
  then the same run again (a re-run of the same ``as_of`` replaces, so the file does not grow).
* **Size**: a history of ``stores`` × ``weeks`` entries of ``metrics`` numbers each, written the
  way batch writes it (one transaction per chunk of 64), with the file's size and the time to
  read one store's series back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import table
from benchmarks.workload import iter_snapshots


def _batch(input_path: Path, output: Path, history: Path | None) -> float:
    from benchmarks.declarative import engine
    from diagrules.batch.run import run_batch

    eng = engine()
    if history is not None:  # the engine pickles its history to the batch's worker as the file's path
        from diagrules.history.sqlite import SQLiteHistory

        eng.history = SQLiteHistory(history)
    started = time.perf_counter()
    with output.open("w", encoding="utf-8") as out:
        run_batch(eng, [input_path], out, fmt="jsonl", lang="en", processes=1)
    return time.perf_counter() - started


def _size(path: Path) -> int:
    """The file's size once its write-ahead log is folded in (what a copy of it would weigh)."""
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path.stat().st_size


def run_overhead(stores: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        src = root / "in.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for snap in iter_snapshots(stores):
                fh.write(json.dumps({**snap, "as_of": "2026-11-20"}) + "\n")
        plain = _batch(src, root / "a.jsonl", None)
        first = _batch(src, root / "b.jsonl", root / "h.sqlite")
        size_first = _size(root / "h.sqlite")
        again = _batch(src, root / "c.jsonl", root / "h.sqlite")
        size_again = _size(root / "h.sqlite")
    return {"stores": stores, "plain": plain, "first": first, "again": again,
            "size_first": size_first, "size_again": size_again}


def run_size(stores: int, weeks: int, metrics: int) -> dict[str, Any]:
    from diagrules.history.sqlite import SQLiteHistory
    from diagrules.history.store import HistoryEntry

    rng = random.Random(1)
    names = [f"metric_{i:02d}" for i in range(metrics)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "h.sqlite"
        history = SQLiteHistory(path)
        started = time.perf_counter()
        start = dt.date(2026, 1, 2)
        chunk: list[HistoryEntry] = []
        for week in range(weeks):
            for store in range(stores):
                chunk.append(HistoryEntry(platform="alibaba", store=f"store-{store:05d}",
                                          as_of=start + dt.timedelta(weeks=week),
                                          metrics={n: rng.random() for n in names}))
                if len(chunk) == 64:
                    history.record(chunk)
                    chunk = []
        history.record(chunk)
        write = time.perf_counter() - started
        t0 = time.perf_counter()
        series = history.series("alibaba", f"store-{min(42, stores - 1):05d}", "metric_03")
        read = time.perf_counter() - t0
        history.close()
        size = _size(path)
    assert len(series) == weeks
    return {"stores": stores, "weeks": weeks, "metrics": metrics, "write": write, "read": read, "size": size}


def render(overhead: dict[str, Any], size: dict[str, Any]) -> str:
    mb = 1024 * 1024
    rows = [
        ["without history", f"{overhead['plain']:.2f}", "1.00×", "—"],
        ["with history (first run)", f"{overhead['first']:.2f}", f"{overhead['first'] / overhead['plain']:.2f}×",
         f"{overhead['size_first'] / mb:.1f} MB"],
        ["with history (re-run, same as_of)", f"{overhead['again']:.2f}", f"{overhead['again'] / overhead['plain']:.2f}×",
         f"{overhead['size_again'] / mb:.1f} MB"],
    ]
    out = [f"Batch of {overhead['stores']:,} stores (100 checks, 90 metrics each), 1 worker:\n",
           table(["run", "seconds", "vs without", "history file"], rows), "",
           f"Size: {size['stores']:,} stores × {size['weeks']} weeks × {size['metrics']} metrics = "
           f"{size['size'] / mb:,.0f} MB, written in {size['write']:.0f} s; one store's series of one metric "
           f"read back in {size['read'] * 1000:.1f} ms."]
    return "\n".join(out)


def main() -> None:
    quick = "--quick" in sys.argv
    overhead = run_overhead(2_000 if quick else 10_000)
    size = run_size(1_000 if quick else 10_000, 52, 30)
    print(render(overhead, size))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
