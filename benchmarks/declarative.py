"""Section 1: 100 declarative checks — diagrules against the hand-written floor and the peers.

diagrules is timed on prepared snapshots (``engine.evaluate(prepared)``: evaluation and
findings, one outcome per check, the report); validation (``engine.prepare``) and
serialization (``to_json``) are timed separately. The floor and the peers get the 60 input
metrics as a plain dict. Every implementation is first checked to give the same findings as
the floor on every snapshot used for timing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

import diagrules
from benchmarks import generate, ifchain_generated, peers, plugin
from benchmarks.timing import Timing, compare, table
from benchmarks.workload import checks, snapshots
from diagrules.config.settings import load_config

FLOOR = "hand-written if-chain (floor)"
DIAGRULES = "diagrules `engine.evaluate(prepared)`"
MAX_X_FLOOR = 1.5
MIN_X_PEER = 10.0


def engine() -> diagrules.Engine:
    """The engine of the benchmark: checks from ``checks.toml``, metrics from the bench plugin."""
    return diagrules.Engine(load_config(generate.TOML_PATH), plugins=[plugin])


@attrs.define
class Workload:
    engine: diagrules.Engine
    raw: list[dict[str, Any]]
    prepared: list[Any]
    metrics: list[dict[str, float]]
    floor: Callable[[dict[str, float]], list[diagrules.Finding]]
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
        floor=ifchain_generated.diagnose,
        peers=runners,
        notes=notes,
    )


def verify(w: Workload) -> int:
    """Assert that diagrules and every peer give the floor's findings; return the total found."""
    total = 0
    for k, (prepared, metrics) in enumerate(zip(w.prepared, w.metrics, strict=True)):
        expected = w.floor(metrics)
        total += len(expected)
        got = w.engine.evaluate(prepared).findings
        if got != expected:
            raise AssertionError(f"diagrules differs from the floor on snapshot {k}: {got} != {expected}")
        for name, run in w.peers.items():
            if run(metrics) != expected:
                raise AssertionError(f"{name} differs from the floor on snapshot {k}")
    return total


@attrs.frozen
class Result:
    timings: dict[str, Timing]
    findings_per_snapshot: float
    notes: list[str]

    @property
    def x_floor(self) -> float:
        return self.timings[DIAGRULES].median / self.timings[FLOOR].median

    @property
    def best_peer(self) -> str | None:
        names = [n for n in self.timings if n in peers.PEERS]
        return min(names, key=lambda n: self.timings[n].median) if names else None

    @property
    def x_peer(self) -> float | None:
        best = self.best_peer
        return None if best is None else self.timings[best].median / self.timings[DIAGRULES].median


def run(*, n: int, repeats: int, min_time: float) -> Result:
    w = build(n)
    total = verify(w)
    reports = [w.engine.evaluate(p) for p in w.prepared]
    impls: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
        FLOOR: (w.floor, w.metrics),
        DIAGRULES: (w.engine.evaluate, w.prepared),
        **{name: (fn, w.metrics) for name, fn in w.peers.items()},
        "validation `engine.prepare(raw)`": (w.engine.prepare, w.raw),
        "serialization `to_json(report)`": (diagrules.to_json, reports),
    }
    timings = compare(impls, repeats=repeats, min_time=min_time)
    return Result(timings, total / len(w.prepared), w.notes)


def render(result: Result) -> str:
    floor = result.timings[FLOOR].median
    engine_t = result.timings[DIAGRULES].median
    rows = []
    for name, t in result.timings.items():
        vs_engine = f"{t.median / engine_t:.1f}×" if name in peers.PEERS else ""
        rows.append([name, f"{t.median:.1f}", f"{t.min:.1f}", f"{t.median / floor:.2f}", vs_engine])
    lines = [
        table(["per snapshot", "median µs", "min µs", "× floor", "× diagrules"], rows),
        "",
        f"Findings per snapshot: {result.findings_per_snapshot:.1f}; identical across implementations.",
        f"- target diagrules ≤ {MAX_X_FLOOR}× floor: {result.x_floor:.2f}× — "
        + ("met" if result.x_floor <= MAX_X_FLOOR else "NOT met"),
    ]
    if result.x_peer is not None:
        lines.append(
            f"- target diagrules ≥ {MIN_X_PEER:.0f}× faster than the faster peer ({result.best_peer}): "
            f"{result.x_peer:.1f}× — " + ("met" if result.x_peer >= MIN_X_PEER else "NOT met")
        )
    lines += [f"- {note}" for note in result.notes]
    return "\n".join(lines)
