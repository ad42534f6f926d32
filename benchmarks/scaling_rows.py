"""Cost per row of one store, from its rows in memory to a report dict: flat when every step is linear.

    python benchmarks/scaling_rows.py                 # 200, 2,000, 20,000 and 200,000 rows
    python benchmarks/scaling_rows.py --max 20000     # stop at 20,000 (what --quick runs)

Three stores grow one table each, the rest of the example store unchanged: the Alibaba.com
example's products (the RTS and Data Manager rules read every product), its RFQ quote list
(seven derived metrics and two rules review it), and the AliExpress example's daily
Business Advisor rows. The rows are built in memory from the example's own rows (new ids and
dates, numbers varied), so no file is read: reading and validating files is timed elsewhere.

Each step is timed alone — ``engine.prepare(document)`` (validation and derivation),
``engine.evaluate(prepared)``, ``to_dict(report)`` — in CPU seconds of this process
(``time.process_time``, GC on), the median of three runs (one at 200,000 rows), and shown
per row. The last lines of each table divide the largest size's cost per row by the
smallest's and by that at 2,000 rows: 1.0 is linear; a quadratic step shows as a ratio that
grows with each size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import diagrules
from benchmarks.builtin_sets import EXAMPLES, _inline_datasets, _more_products
from benchmarks.timing import table
from diagrules.render.serialize import to_dict

SIZES = (200, 2_000, 20_000, 200_000)
STEPS = ("prepare", "evaluate", "to_dict")


def _vary(row: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """``row`` with its counts and amounts scaled by 0.5–1.5 and rates kept within 0–1."""
    varied = dict(row)
    for key, value in row.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if key.endswith(("_ctr", "_rate")):
            varied[key] = min(1.0, value * rng.uniform(0.5, 1.5))
        else:
            varied[key] = round(value * rng.uniform(0.5, 1.5), 2 if isinstance(value, float) else None)
    return varied


def more_quotes(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` quotes like the example's, spread over the weeks before its newest quote, 50 a day."""
    rng = random.Random(2026)
    newest = max(r["quoted_at"] for r in rows)
    return [
        {**_vary(rows[k % len(rows)], rng), "rfq_id": f"RFQ{k:07d}",
         "quoted_at": newest - dt.timedelta(days=k // 50)}
        for k in range(n)
    ]


def more_days(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` daily rows like the example's, one a day back from its last day."""
    rng = random.Random(2026)
    last = max(r["date"] for r in rows)
    return [{**_vary(rows[k % len(rows)], rng), "date": last - dt.timedelta(days=k)} for k in range(n)]


def stores(engine: diagrules.Engine) -> dict[str, tuple[str, Callable[[int], dict[str, Any]]]]:
    """label → (the table grown, a function giving the example document with ``n`` such rows)."""
    alibaba = _inline_datasets(engine, EXAMPLES / "alibaba" / "store.toml")
    aliexpress = _inline_datasets(engine, EXAMPLES / "aliexpress" / "store.toml")

    def grown(doc: dict[str, Any], table: str, more: Callable[[list[dict[str, Any]], int], list[dict[str, Any]]]
              ) -> Callable[[int], dict[str, Any]]:
        rows = doc["datasets"][table]
        return lambda n: {**doc, "datasets": {**doc["datasets"], table: more(rows, n)}}

    return {
        "Alibaba.com example, products": ("products", grown(alibaba, "products", _more_products)),
        "Alibaba.com example, RFQ quotes": ("rfq_quotes", grown(alibaba, "rfq_quotes", more_quotes)),
        "AliExpress example, daily rows": ("store_daily", grown(aliexpress, "store_daily", more_days)),
    }


def _cpu(fn: Callable[[Any], Any], arg: Any) -> tuple[float, Any]:
    started = time.process_time()
    result = fn(arg)
    return time.process_time() - started, result


def measure(engine: diagrules.Engine, document: dict[str, Any], n: int, repeats: int) -> dict[str, float]:
    """µs per row of each step, the median of ``repeats`` runs."""
    samples: dict[str, list[float]] = {step: [] for step in STEPS}
    for _ in range(repeats):
        t_prepare, prepared = _cpu(engine.prepare, document)
        t_evaluate, report = _cpu(engine.evaluate, prepared)
        t_dict, _ = _cpu(to_dict, report)
        for step, seconds in zip(STEPS, (t_prepare, t_evaluate, t_dict), strict=True):
            samples[step].append(seconds / n * 1e6)
        del prepared, report
    return {step: statistics.median(s) for step, s in samples.items()}


def run(sizes: tuple[int, ...] = SIZES) -> dict[str, dict[int, dict[str, float]]]:
    """label → rows → step → µs per row."""
    engine = diagrules.Engine()
    results: dict[str, dict[int, dict[str, float]]] = {}
    for label, (table_name, document_of) in stores(engine).items():
        results[label] = {}
        for n in sizes:
            document = document_of(n)
            if len(engine.prepare(document).datasets[table_name]) != n:
                raise AssertionError(f"{label}: the {table_name} table did not keep its {n} rows")
            results[label][n] = measure(engine, document, n, 1 if n >= 100_000 else 3)
    return results


def render(results: dict[str, dict[int, dict[str, float]]]) -> str:
    parts = []
    for label, by_size in results.items():
        sizes = sorted(by_size)
        rows: list[list[str]] = [
            [f"{n:,}", *(f"{by_size[n][s]:.1f}" for s in STEPS), f"{sum(by_size[n].values()):.1f}"]
            for n in sizes
        ]
        large = by_size[sizes[-1]]
        # ÷ the smallest size, and ÷ 2,000 (the target is flat from there): at 200 rows
        # the rest of the store, which does not grow, is a large part of the cost per row
        for base in dict.fromkeys([sizes[0], *(n for n in sizes[1:-1] if n == 2_000)]):
            small = by_size[base]
            rows.append([f"per row, {sizes[-1]:,} ÷ {base:,}",
                         *(f"{large[s] / small[s]:.2f}×" if small[s] else "—" for s in STEPS),
                         f"{sum(large.values()) / sum(small.values()):.2f}×"])
        parts.append(f"**{label}** (CPU µs per row)\n\n"
                     + table(["rows", "`prepare`", "`evaluate`", "`to_dict`", "total"], rows))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest number of rows")
    args = parser.parse_args(argv)
    print(render(run(tuple(n for n in SIZES if n <= args.max))))


if __name__ == "__main__":
    main()
