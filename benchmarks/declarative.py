"""Section 1: 100 declarative checks, timed the way a user waits for them.

What a user waits for is a raw snapshot becoming findings — validation, the 30 derived ratios,
the checks, the report — and then those findings written out. So the headline is
``engine.evaluate(raw)`` and ``to_json(engine.evaluate(raw))`` (and the same from a file on
disk), compared with two floors measured in the same run:

* the **same-output floor**, a hand-written if-chain that computes the ratios itself and builds
  the very ``Finding`` objects diagrules builds (``ifchain_generated.diagnose``);
* the **tuple floor**, the same if-chain returning ``(rule id, observed)`` pairs: deciding
  alone, so the tables show how much of everyone's time is building findings.

The peers decide with their own expression engines, ratios included in their expressions, and
build the floor's findings. ``engine.evaluate(prepared)`` (derived ratios already computed) is
shown beside, labelled as such. Every implementation is first checked to give the floor's
findings on every snapshot that is timed.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import diagrules
from benchmarks import generate, ifchain_generated, peers, plugin
from benchmarks.timing import Timing, compare, table
from benchmarks.workload import checks, snapshots
from diagrules.config.settings import load_config

TUPLES = "tuple if-chain (decisions only)"
FLOOR = "same-output if-chain (floor)"
RAW = "diagrules from raw snapshot `engine.evaluate(doc)`"
PREPARED = "diagrules `engine.evaluate(prepared)` (ratios precomputed)"
PREPARE = "diagrules validation + ratios `engine.prepare(doc)`"
FLOOR_JSON = "floor + findings written as JSON"
RAW_JSON = "diagrules `to_json(engine.evaluate(doc))`"
FLOOR_FILE = "floor from a JSON file, findings as JSON"
FILE_JSON = "diagrules `to_json(engine.evaluate_file(path))`"
MAX_X_FLOOR = 2.0
MIN_X_PEER = 5.0
FILES = 50


def engine() -> diagrules.Engine:
    """The engine of the benchmark: checks from ``checks.toml``, metrics from the bench plugin."""
    return diagrules.Engine(load_config(generate.TOML_PATH), plugins=[plugin])


def _dumps() -> Callable[[Any], bytes]:
    """The fastest JSON encoder installed, so the floor is not slowed by a slower one than ours."""
    try:
        import orjson
    except ImportError:
        return lambda obj: json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    return orjson.dumps


_DUMPS = _dumps()


def floor_json(metrics: dict[str, float]) -> bytes:
    """The same-output floor's findings written as JSON, as a hand-written tool would."""
    return _DUMPS([
        {"rule": f.rule, "severity": f.severity.label, "message": f.message.get("en"),
         "observed": f.observed, "threshold": f.threshold, "comparison": f.comparison}
        for f in ifchain_generated.diagnose(metrics)
    ])


def floor_file(path: Path, loads: Callable[[bytes], Any] = json.loads) -> bytes:
    """Read a snapshot file, decide, write the findings: the floor of the from-file path."""
    return floor_json(loads(path.read_bytes())["metrics"])


@attrs.define
class Workload:
    engine: diagrules.Engine
    raw: list[dict[str, Any]]
    prepared: list[Any]
    metrics: list[dict[str, float]]
    peers: dict[str, Callable[[dict[str, float]], list[diagrules.Finding]]]
    notes: list[str]


def build(n: int) -> Workload:
    stale = generate.stale_files()
    if stale:
        names = ", ".join(p.name for p in stale)
        raise SystemExit(f"{names} out of date: run `python benchmarks/generate.py` first")
    eng = engine()
    raw = snapshots(n)
    runners, notes = peers.available_peers(checks())
    return Workload(
        engine=eng,
        raw=raw,
        prepared=[eng.prepare(s) for s in raw],
        metrics=[s["metrics"] for s in raw],
        peers=runners,
        notes=notes,
    )


def verify(w: Workload) -> int:
    """Assert that every path gives the floor's findings; return the total found."""
    total = 0
    for k, (raw, prepared, metrics) in enumerate(zip(w.raw, w.prepared, w.metrics, strict=True)):
        expected = ifchain_generated.diagnose(metrics)
        total += len(expected)
        if [(f.rule, f.observed) for f in expected] != ifchain_generated.diagnose_tuples(metrics):
            raise AssertionError(f"the two floors differ on snapshot {k}")
        for label, got in (("prepared", w.engine.evaluate(prepared).findings),
                           ("raw", w.engine.evaluate(raw).findings)):
            if got != expected:
                raise AssertionError(f"diagrules ({label}) differs from the floor on snapshot {k}: {got} != {expected}")
        for name, run in w.peers.items():
            if run(metrics) != expected:
                raise AssertionError(f"{name} differs from the floor on snapshot {k}")
    return total


@attrs.frozen
class Result:
    timings: dict[str, Timing]
    findings_per_snapshot: float
    notes: list[str]

    def x(self, name: str, floor: str = FLOOR) -> float:
        return self.timings[name].median / self.timings[floor].median

    @property
    def best_peer(self) -> str | None:
        names = [n for n in self.timings if n in peers.PEERS]
        return min(names, key=lambda n: self.timings[n].median) if names else None

    @property
    def x_peer(self) -> float | None:
        best = self.best_peer
        return None if best is None else self.timings[best].median / self.timings[RAW].median


def _write_files(folder: Path, raw: list[dict[str, Any]]) -> list[Path]:
    paths = []
    for k, doc in enumerate(raw[:FILES]):
        path = folder / f"store-{k:03d}.json"
        path.write_text(json.dumps(doc), "utf-8")
        paths.append(path)
    return paths


def run(*, n: int, repeats: int, min_time: float) -> Result:
    w = build(n)
    total = verify(w)
    to_json = diagrules.to_json
    evaluate, evaluate_file = w.engine.evaluate, w.engine.evaluate_file
    with tempfile.TemporaryDirectory(prefix="diagrules-bench-") as tmp:
        files = _write_files(Path(tmp), w.raw)
        impls: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
            TUPLES: (ifchain_generated.diagnose_tuples, w.metrics),
            FLOOR: (ifchain_generated.diagnose, w.metrics),
            RAW: (evaluate, w.raw),
            PREPARED: (evaluate, w.prepared),
            PREPARE: (w.engine.prepare, w.raw),
            **{name: (fn, w.metrics) for name, fn in w.peers.items()},
            FLOOR_JSON: (floor_json, w.metrics),
            RAW_JSON: (lambda doc: to_json(evaluate(doc)), w.raw),
            FLOOR_FILE: (floor_file, files),
            FILE_JSON: (lambda path: to_json(evaluate_file(path)), files),
        }
        timings = compare(impls, repeats=repeats, min_time=min_time)
    return Result(timings, total / len(w.raw), w.notes)


_SERIALIZED = {FLOOR_JSON: FLOOR_JSON, RAW_JSON: FLOOR_JSON, FLOOR_FILE: FLOOR_FILE, FILE_JSON: FLOOR_FILE}


def render(result: Result) -> str:
    decide = [n for n in result.timings if n not in _SERIALIZED]
    rows = []
    for name in decide:
        t = result.timings[name]
        vs = f"{t.median / result.timings[RAW].median:.1f}×" if name in peers.PEERS else ""
        rows.append([name, f"{t.median:.1f}", f"{t.min:.1f}", f"{result.x(name, TUPLES):.2f}",
                     f"{result.x(name):.2f}", vs])
    out = [
        "Raw snapshot to findings (µs per snapshot):",
        "",
        table(["per snapshot", "median µs", "min µs", "× tuple floor", "× same-output floor",
               "× diagrules (raw)"], rows),
        "",
        "To serialized output (µs per snapshot):",
        "",
        table(["per snapshot", "median µs", "min µs", "× its floor"],
              [[name, f"{result.timings[name].median:.1f}", f"{result.timings[name].min:.1f}",
                f"{result.x(name, floor):.2f}"] for name, floor in _SERIALIZED.items()]),
        "",
        f"Findings per snapshot: {result.findings_per_snapshot:.1f}; identical across implementations.",
        f"- target raw snapshot → findings ≤ {MAX_X_FLOOR}× the same-output floor: {result.x(RAW):.2f}× — "
        + ("met" if result.x(RAW) <= MAX_X_FLOOR else "NOT met"),
    ]
    if result.x_peer is not None:
        out.append(
            f"- target ≥ {MIN_X_PEER:.0f}× faster than the faster peer ({result.best_peer}), derivations "
            f"included: {result.x_peer:.1f}× — " + ("met" if result.x_peer >= MIN_X_PEER else "NOT met")
        )
    out += [f"- {note}" for note in result.notes]
    return "\n".join(out)
