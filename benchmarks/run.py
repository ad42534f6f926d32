"""Run the diagrules benchmarks and print their tables (Markdown) with the targets checked.

    python benchmarks/run.py            # everything, as recorded in docs/performance.md
    python benchmarks/run.py --quick    # fewer snapshots, repeats and stores (a minute or two)
    python benchmarks/run.py --only declarative,startup

Sections: ``declarative`` (100 checks from raw snapshot to findings and to JSON, against a
same-output and a tuple floor, simpleeval and zen), ``builtin`` (the built-in rule sets on their
example stores, and an Alibaba.com store of 200 to 20,000 products from its files to JSON),
``startup`` (whole processes),
``batch`` (JSONL to JSONL with 1 and 2 workers, peak memory), ``history`` (what a SQLite
history costs a batch, and its size for 10,000 stores × 52 weeks), ``derive`` (the 30 derived
ratios of the 100-check workload: reference interpreter, compiled closures, exec), ``rows``
(one store's cost per row at 200 to 200,000 products, RFQ quotes or daily rows: flat when every
step is linear), ``tables`` (dataset validation by column against per-row pydantic, from
memory, CSV and XLSX), ``fleet`` (JSONL of 100k and 1M stores to findings on disk: per store,
by columns, on Dask, against a numpy floor). The peers are the ``bench`` extra
(``pip install -e '.[bench]'``); a missing one is skipped with a note. Ratios measured in one
run are the result; absolute times on a shared machine are noise.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import diagrules
from benchmarks import (
    batch_run,
    builtin_sets,
    declarative,
    derivations,
    fleet,
    history,
    portfolio,
    scaling_rows,
    startup,
    tables,
)

SECTIONS = ("declarative", "builtin", "startup", "batch", "portfolio", "history", "derive", "rows", "tables",
            "fleet")


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu)
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cpu}, {cpus} CPUs, {platform.system()} {platform.release()}, "
            f"CPython {platform.python_version()}, diagrules {diagrules.__version__}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer snapshots, repeats and stores")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    quick = args.quick
    repeats, min_time = (5, 0.05) if quick else (11, 0.2)
    print(f"Machine: {_machine()}")
    print(f"Command: python benchmarks/run.py{' --quick' if quick else ''}"
          + (f" --only {args.only}" if args.only != ",".join(SECTIONS) else ""))
    started = time.perf_counter()
    if "declarative" in only:
        print("\n## 1. 100 declarative checks (µs per snapshot)\n")
        result = declarative.run(n=100 if quick else 300, repeats=repeats, min_time=min_time)
        print(declarative.render(result))
    if "builtin" in only:
        print("\n## 2. Built-in rule sets on their example stores (µs per snapshot)\n")
        print(builtin_sets.render(builtin_sets.run(repeats=repeats, min_time=min_time)))
        print("\nAn Alibaba.com store from its files to JSON (`to_json(engine.evaluate_file(path))`):\n")
        sizes = builtin_sets.FILE_SIZES[:2] if quick else builtin_sets.FILE_SIZES
        print(builtin_sets.render_files(builtin_sets.run_files(sizes, runs=1 if quick else 3)))
    if "startup" in only:
        print("\n## 3. Start-up (whole processes)\n")
        print(startup.render(startup.run(runs=5 if quick else 15)))
    if "batch" in only:
        print("\n## 4. Batch: JSONL to JSONL\n")
        small, large = (2_000, 20_000) if quick else (10_000, 100_000)
        print(batch_run.render(batch_run.run(small=small, large=large)))
    if "portfolio" in only:
        print("\n## 5. Portfolio summary of a batch output\n")
        print(portfolio.render(portfolio.run(n=1_000 if quick else 10_000)))
    if "history" in only:
        print("\n## 6. History\n")
        stores = 2_000 if quick else 10_000
        print(history.render(history.run_overhead(stores), history.run_size(stores // 10 if quick else stores, 52, 30)))
    if "derive" in only:
        print("\n## 7. Derived metrics: 30 ratios per snapshot (µs per snapshot)\n")
        print(derivations.render(derivations.run(n=100 if quick else 300, repeats=repeats, min_time=min_time)))
    if "rows" in only:
        print("\n## 8. Cost per row of one store (CPU µs per row)\n")
        print(scaling_rows.render(scaling_rows.run(scaling_rows.SIZES[:3] if quick else scaling_rows.SIZES)))
    if "tables" in only:
        print("\n## 9. Dataset tables validated by column against per-row pydantic (µs per row)\n")
        print(tables.render(tables.run(tables.SIZES[:3] if quick else tables.SIZES)))
    if "fleet" in only:
        print("\n## 10. Fleet: JSONL of stores to findings on disk\n")
        sizes, sample = ((10_000, 50_000), 5_000) if quick else ((100_000, 1_000_000), 20_000)
        print(fleet.render(fleet.run(sizes=sizes, sample=sample, dask_at=sizes[-1] if quick else sizes[0])))
    print(f"\n(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
