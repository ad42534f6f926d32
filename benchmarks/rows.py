"""Per-row work scales linearly: the action plan over 10k → 100k → 1M item findings.

    python benchmarks/rows.py              # 10,000, 100,000 and 1,000,000 findings
    python benchmarks/rows.py --max 100000 # stop at 100,000

A Data Manager export of a million products can give a finding per product, all sharing one
remedy. The action plan merged them with ``item not in list``, which made it quadratic (issue
14: 25k/50k/100k rows took 2.9/10.5/29 s, 1M did not finish in 300 s). The table shows the time
per finding, which stays flat when the step is linear. The 1M run is not part of the tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diagrules import Finding, Remedy, Report, Severity, action_plan

SIZES = (10_000, 100_000, 1_000_000)


def report_of(n: int) -> Report:
    """One store with ``n`` item findings of two rules sharing three remedies."""
    remedies = [Remedy(f"step {i}", priority=i + 1) for i in range(3)]
    findings = [
        Finding(f"RTS00{i % 2}", Severity.WARNING, "m", item=f"P{i}", remedies=tuple(remedies))
        for i in range(n)
    ]
    return Report("Bench store", "alibaba", [], findings)


def run(sizes: tuple[int, ...] = SIZES) -> list[tuple[int, float]]:
    """(findings, seconds of one action plan) for each size."""
    rows = []
    for n in sizes:
        report = report_of(n)
        started = time.perf_counter()
        plan = action_plan(report)
        rows.append((n, time.perf_counter() - started))
        assert len(plan[0].items) == n
    return rows


def render(rows: list[tuple[int, float]]) -> str:
    lines = ["| findings | action plan s | µs per finding |", "|---:|---:|---:|"]
    lines += [f"| {n:,} | {s:.3f} | {s / n * 1e6:.2f} |" for n, s in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest number of findings")
    args = parser.parse_args(argv)
    print(render(run(tuple(n for n in SIZES if n <= args.max))))


if __name__ == "__main__":
    main()
