"""Section 2: the built-in rule sets on their example stores, split into validation, evaluation
and serialization; then an Alibaba.com store of growing size from its files to JSON.

The Alibaba.com example gets a 200-row product table, generated here from the rows of its
bundled ``products.xlsx`` (new ids, varied numbers), because a real supplier lists hundreds of
products and the RTS rules look at every one. Dataset files are read once, up front, and given
inline, so that the split timings contain no file I/O.

The second table is what an operator waits for: ``to_json(engine.evaluate_file(store.toml))``
with the products in a Data Manager export (``benchmarks/stores.py``) of 200 to 20,000 rows, as
XLSX and as CSV, the best of a few runs each.
"""

from __future__ import annotations

import random
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import diagrules
from benchmarks.stores import write_store
from benchmarks.timing import Timing, compare, table
from diagrules.render.serialize import to_json

EXAMPLES = Path(diagrules.__file__).resolve().parent / "examples"
PRODUCT_ROWS = 200


def _inline_datasets(engine: diagrules.Engine, path: Path) -> dict[str, Any]:
    """The snapshot document of ``path`` with every dataset file replaced by its rows."""
    doc = tomllib.loads(path.read_text("utf-8"))
    prepared = engine.prepare(path)
    doc["datasets"] = {
        name: [row.model_dump() for row in rows] for name, rows in prepared.datasets.items()
    }
    return doc


def _more_products(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` product rows varied from the example's: numbers scaled, flags and kinds shuffled."""
    rng = random.Random(2026)
    result = []
    for k in range(n):
        row = dict(rows[k % len(rows)])
        row["product_id"] = f"BENCH{k:05d}"
        for key, value in row.items():
            if isinstance(value, bool) or value is None:
                continue
            if isinstance(value, float) and key.endswith(("_share", "_ctr", "_rate")):
                row[key] = min(1.0, value * rng.uniform(0.5, 1.5))
            elif isinstance(value, (int, float)) and key != "product_id":
                row[key] = round(value * rng.uniform(0.5, 1.5))
        result.append(row)
    return result


def stores(engine: diagrules.Engine) -> dict[str, dict[str, Any]]:
    """The example snapshots, by rule-set label."""
    alibaba = _inline_datasets(engine, EXAMPLES / "alibaba" / "store.toml")
    alibaba["datasets"]["products"] = _more_products(alibaba["datasets"]["products"], PRODUCT_ROWS)
    return {
        f"Alibaba.com RTS + RFQ ({PRODUCT_ROWS} products)": alibaba,
        "AliExpress growth (AEG)": _inline_datasets(engine, EXAMPLES / "aliexpress" / "store.toml"),
    }


def run(*, repeats: int, min_time: float) -> dict[str, dict[str, Timing]]:
    engine = diagrules.Engine()
    results = {}
    for label, doc in stores(engine).items():
        prepared = engine.prepare(doc)
        report = engine.evaluate(prepared)
        if not report.findings:
            raise AssertionError(f"{label}: the example store should produce findings")
        impls: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
            "validation": (engine.prepare, [doc]),
            "evaluation": (engine.evaluate, [prepared]),
            "serialization": (to_json, [report]),
        }
        results[label] = compare(impls, repeats=repeats, min_time=min_time)
    return results


def render(results: dict[str, dict[str, Timing]]) -> str:
    rows = []
    for label, timings in results.items():
        total = sum(t.median for t in timings.values())
        shares = [f"{t.median:.0f} ({t.median / total:.0%})" for t in timings.values()]
        rows.append([label, f"{total:.0f}", *shares])
    return table(
        ["rule set (example store)", "total µs", "validation `prepare`", "evaluation `evaluate`",
         "serialization `to_json`"],
        rows,
    )


FILE_SIZES = (200, 2_000, 20_000)
TARGET_MS = 250.0  # a 20,000-product store from file to JSON (issue #21)


def run_files(sizes: Sequence[int] = FILE_SIZES, *, runs: int = 3) -> list[tuple[int, str, int, float]]:
    """(products, file format, findings, best ms) of ``to_json(engine.evaluate_file(path))``."""
    engine = diagrules.Engine()
    results = []
    for n in sizes:
        for fmt in ("xlsx", "csv"):
            with tempfile.TemporaryDirectory(prefix="diagrules-bench-") as tmp:
                path = write_store(Path(tmp), n, fmt=fmt)
                best = float("inf")
                findings = 0
                for _ in range(runs):
                    start = time.perf_counter()
                    report = engine.evaluate_file(path)
                    to_json(report)
                    best = min(best, time.perf_counter() - start)
                    findings = len(report.findings)
                if report.input_errors:
                    raise AssertionError(f"{n} products ({fmt}): {report.input_errors[:1]}")
                results.append((n, fmt, findings, best * 1e3))
    return results


def render_files(results: list[tuple[int, str, int, float]]) -> str:
    smallest = {fmt: ms / n for n, fmt, _, ms in results if n == min(r[0] for r in results)}
    rows = [[f"{n:,}", fmt, f"{findings:,}", f"{ms:.0f}", f"{ms / n * 1e3:.1f}",
             f"{ms / n / smallest[fmt]:.2f}"] for n, fmt, findings, ms in results]
    lines = [table(["products", "file", "findings", "ms file → JSON", "µs per product",
                    "per product × smallest"], rows)]
    big = [ms for n, fmt, _, ms in results if n == 20_000 and fmt == "xlsx"]
    if big:
        lines.append(f"\n- target 20,000 products from file to JSON ≤ {TARGET_MS:.0f} ms: {big[0]:.0f} ms — "
                     + ("met" if big[0] <= TARGET_MS else "NOT met"))
    return "\n".join(lines)
