"""Section 5: the portfolio summary of a large batch output, and the generated portfolios the
portfolio tests use.

Each generated store is one of the two example snapshots (Alibaba.com, AliExpress) with its
numbers scaled at random and its datasets given inline, so the engine diagnoses real rules on
realistic, varied stores. A few store names start with ``=``, ``+``, ``-`` or ``@`` — what a
formula-injection attempt in a spreadsheet looks like.

The timing diagnoses a few hundred such stores once and repeats their report lines (renamed)
up to ``n`` lines, then times reading and summarising them and writing each format.
"""

from __future__ import annotations

import copy
import json
import random
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import diagrules
from benchmarks.timing import table

EXAMPLES = Path(diagrules.__file__).resolve().parent / "examples"
HOSTILE_NAMES = ["=HYPERLINK(\"http://x.test\",\"click\")", "+SUM(1,2)", "-2+3", "@cmd"]


def _inline(engine: diagrules.Engine, platform: str) -> dict[str, Any]:
    path = EXAMPLES / platform / "store.toml"
    doc = tomllib.loads(path.read_text("utf-8"))
    prepared = engine.prepare(path)
    doc["datasets"] = {name: [row.model_dump(mode="json") for row in rows] for name, rows in prepared.datasets.items()}
    if "as_of" in doc:
        doc["as_of"] = doc["as_of"].isoformat()  # JSON-ready, so the stores can be written as JSONL
    return doc


def _cap(value: float) -> float:
    """The natural ceiling of an example value: a share (1), a rating (5) or a score (100)."""
    return next((c for c in (1.0, 5.0, 100.0) if value <= c), float("inf"))


def _vary(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return max(0, min(round(value * rng.uniform(0.3, 1.7)), int(_cap(value)) if value <= 100 else value * 2))
    if isinstance(value, float):
        return min(_cap(value), value * rng.uniform(0.6, 1.4))
    if isinstance(value, str) and value.endswith("%"):
        return f"{min(100.0, float(value[:-1]) * rng.uniform(0.6, 1.4)):.2f}%"
    return value


def portfolio_documents(n: int, seed: int = 20) -> list[dict[str, Any]]:
    """``n`` store snapshots, alternating between Alibaba.com and AliExpress."""
    engine = diagrules.Engine()
    bases = [_inline(engine, "alibaba"), _inline(engine, "aliexpress")]
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        doc = copy.deepcopy(bases[i % 2])
        doc["metrics"] = {k: _vary(v, rng) for k, v in doc["metrics"].items()}
        for rows in doc["datasets"].values():
            for row in rows:
                for key, value in row.items():
                    if isinstance(value, (int, float)) and not isinstance(value, bool) and not key.endswith("_id"):
                        row[key] = _vary(value, rng)
        doc["store"] = HOSTILE_NAMES[i // 2] if i < 2 * len(HOSTILE_NAMES) and i % 2 else f"Store {i:04d}"
        docs.append(doc)
    return docs


def report_lines(n: int, distinct: int = 200) -> list[str]:
    """``n`` batch output lines: ``distinct`` diagnosed stores, repeated under new names."""
    engine = diagrules.Engine()
    from diagrules.render.jsonl import report_line

    base = [json.loads(report_line(engine.evaluate(doc), "en", f"stores.jsonl:{i + 1}"))
            for i, doc in enumerate(portfolio_documents(distinct))]
    lines = []
    for i in range(n):
        data = dict(base[i % distinct])
        data["store"], data["source"] = f"Store {i:05d}", f"stores.jsonl:{i + 1}"
        lines.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return lines


def run(*, n: int) -> dict[str, Any]:
    from diagrules.portfolio import formats
    from diagrules.portfolio.summary import read_portfolio
    from diagrules.portfolio.xlsx import write_xlsx

    timings: dict[str, tuple[float, float]] = {}  # step -> (wall, CPU) seconds
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.jsonl"
        path.write_text("".join(line + "\n" for line in report_lines(n)), encoding="utf-8")
        size = path.stat().st_size
        started, cpu = time.perf_counter(), time.process_time()
        portfolio = read_portfolio(path, "en")
        summary = portfolio.summary()
        timings["read + summarise"] = (time.perf_counter() - started, time.process_time() - cpu)
        for name, render in (("text", lambda: formats.to_text(summary, "en")),
                             ("json", lambda: formats.to_json(summary)),
                             ("html", lambda: formats.to_html(summary, "en")),
                             ("xlsx", lambda: write_xlsx(portfolio, Path(tmp) / "out.xlsx", "en"))):
            started, cpu = time.perf_counter(), time.process_time()
            render()
            timings[name] = (time.perf_counter() - started, time.process_time() - cpu)
    return {"stores": n, "megabytes": size / 1e6, "findings": len(portfolio.finding_rows), "seconds": timings}


def render(result: dict[str, Any]) -> str:
    head = (f"{result['stores']:,} stores ({result['megabytes']:.0f} MB of JSONL, "
            f"{result['findings']:,} findings)\n\n")
    rows = [[k, f"{wall:.2f}", f"{cpu:.2f}"] for k, (wall, cpu) in result["seconds"].items()]
    return head + table(["step", "wall seconds", "CPU seconds"], rows)


if __name__ == "__main__":
    print(render(run(n=int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)))
