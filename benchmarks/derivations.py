"""Derived metrics of the 100-check workload: the interpreter, the compiled closures, and exec.

    python benchmarks/derivations.py            # 300 snapshots
    python benchmarks/derivations.py --quick

Each snapshot's 60 input metrics get the 30 ratios of the benchmark plugin. Timed per snapshot,
each on a fresh copy of its metrics (the copy alone is the first row, so the rest can be read
net of it):

- ``interpret``: the reference walk over the registry (what ``prepare`` ran before 0.x);
- ``compiled closures``: ``diagrules.engine.derive.derive``, as ``prepare`` runs it now (the
  closures compiled once per registry, found in its cache);
- ``generated source (exec)``: the same derivations written out as one Python function and
  ``exec``-ed — a prototype kept here only to show what the package gives up by running no
  ``exec`` (``tests/test_reliability.py``).

All three must fill the same values on every snapshot, or the benchmark stops.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import plugin
from benchmarks.timing import Timing, compare, table
from benchmarks.workload import snapshots
from diagrules import Engine
from diagrules.engine.derive import derive, interpret
from diagrules.plugins.registry import Registry

Fill = Callable[[dict[str, Any], Mapping[str, list[Any]]], None]


def generated_source(registry: Registry) -> Fill:
    """The registry's derivations as generated Python source, one ``if`` per metric and step."""
    namespace: dict[str, Any] = {"_CAUGHT": (ArithmeticError, ValueError, TypeError)}
    lines = ["def derive(metrics, datasets):"]
    k = 0
    for name in registry.derivation_order:
        derivation = registry.metrics[name].derive
        chain = derivation.chain() if derivation is not None else ()
        lines += [f"    if {name!r} not in metrics:", "        v = None"]
        for i, step in enumerate(chain):
            namespace[f"_f{k}"] = step.fn
            present = [f"{m!r} in metrics" for m in step.metrics] + [f"{d!r} in datasets" for d in step.datasets]
            args = [f"metrics[{m!r}]" for m in step.metrics] + [f"datasets[{d!r}]" for d in step.datasets]
            lines += [f"        if {' and '.join((['v is None'] if i else []) + present) or 'True'}:",
                      "            try:",
                      f"                v = _f{k}({', '.join(args)})",
                      "            except _CAUGHT as exc:",  # the package's error text is not needed here
                      f"                raise ValueError({name!r}) from exc"]
            k += 1
        lines += ["        if v is not None:", f"            metrics[{name!r}] = v"]
    exec("\n".join([*lines, "    return None"]), namespace)  # the benchmark's own source
    fill: Fill = namespace["derive"]
    return fill


def _timed(fill: Fill) -> Callable[[dict[str, Any]], None]:
    def run(metrics: dict[str, Any]) -> None:
        fill(dict(metrics), {})

    return run


def run(*, n: int, repeats: int, min_time: float) -> dict[str, Timing]:
    registry = Engine({"plugins": {"autoload": False}}, plugins=[plugin]).registry
    inputs = [{k: v for k, v in s["metrics"].items() if k in registry.metrics} for s in snapshots(n)]
    impls: dict[str, Fill] = {
        "copy only": lambda m, d: None,
        "interpret (before)": lambda m, d: interpret(m, d, registry),
        # through the per-registry cache, as prepare() calls it
        "compiled closures (now)": lambda m, d: derive(m, d, registry),
        "generated source (exec)": generated_source(registry),
    }
    for k, metrics in enumerate(inputs):
        results = []
        for fill in impls.values():
            filled = dict(metrics)
            fill(filled, {})
            results.append(filled)
        if any(r != results[1] for r in results[1:]):
            raise AssertionError(f"the derivations differ on snapshot {k}")
    return compare({name: (_timed(fill), inputs) for name, fill in impls.items()},
                   repeats=repeats, min_time=min_time)


def render(result: dict[str, Timing]) -> str:
    floor = result["copy only"].median
    before = result["interpret (before)"].median - floor
    rows = []
    for name, timing in result.items():
        net = timing.median - floor
        rows.append([name, f"{timing.median:.2f}", f"{net:.2f}",
                     "" if name == "copy only" else f"{before / net:.1f}×" if net > 0 else "—"])
    return table(["derive, per snapshot", "median µs", "net of the copy µs", "faster than interpret"], rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    repeats, min_time = (5, 0.05) if args.quick else (11, 0.2)
    print(render(run(n=100 if args.quick else 300, repeats=repeats, min_time=min_time)))


if __name__ == "__main__":
    main()
