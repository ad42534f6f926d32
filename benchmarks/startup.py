"""Section 3: start-up, measured as whole processes against a bare ``python -c pass``.

``diagrules --version`` must stay within 4× a bare interpreter start and ``diagrules check
<example> --format json`` within 10×. When a command misses its budget, the imports that cost
most (``python -X importtime``, cumulative) are listed so the culprit is named, not guessed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import diagrules
from benchmarks.timing import Timing, table

EXAMPLE = Path(diagrules.__file__).resolve().parent / "examples" / "alibaba" / "store.toml"
BUDGETS = {"version": 4.0, "check": 10.0}


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("diagrules")
    return [str(script)] if script.exists() else [sys.executable, "-m", "diagrules"]


def commands() -> dict[str, list[str]]:
    return {
        "bare": [sys.executable, "-c", "pass"],
        "version": [*_cli(), "--version"],
        "check": [*_cli(), "check", str(EXAMPLE), "--format", "json"],
    }


def _time(argv: list[str], runs: int) -> Timing:
    import time

    samples = []
    for i in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = (time.perf_counter() - start) * 1e3
        if done.returncode not in (0, 1):  # 1: findings at or above fail-on
            raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr}")
        if i:  # the first run warms the file cache and writes bytecode
            samples.append(elapsed)
    return Timing(tuple(samples))


def heaviest_imports(argv: list[str], top: int = 8) -> list[tuple[str, float]]:
    """The imports with the largest cumulative time (ms) when ``argv`` runs.

    Only imports made directly by the command or by the modules it imports (the two outer
    levels of ``python -X importtime``) are listed, so the names are the ones to make lazy.
    """
    args = [sys.executable, "-X", "importtime", "-m", "diagrules", *argv[1:]]
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    costs = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:"):
            _, cumulative, name = line[len("import time:"):].split("|")
            depth = (len(name) - len(name.lstrip())) // 2
            if cumulative.strip().isdigit() and depth <= 1 and name.strip() not in ("site", "encodings"):
                costs.append((name.strip(), int(cumulative) / 1000))
    return sorted(costs, key=lambda c: -c[1])[:top]


def run(*, runs: int) -> dict[str, Any]:
    cmds = commands()
    # Interleave the commands run by run so that drift affects all of them alike.
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    for argv in cmds.values():
        _time(argv, 0)
    for _ in range(runs):
        for name, argv in cmds.items():
            samples[name] += _time(argv, 1).samples
    timings = {name: Timing(tuple(s)) for name, s in samples.items()}
    slow = {
        name: heaviest_imports(cmds[name])
        for name, budget in BUDGETS.items()
        if timings[name].median / timings["bare"].median > budget
    }
    return {"timings": timings, "slow": slow}


def render(result: dict[str, Any]) -> str:
    timings: dict[str, Timing] = result["timings"]
    bare = timings["bare"].median
    labels = {"bare": "`python -c pass`", "version": "`diagrules --version`",
              "check": "`diagrules check alibaba/store.toml --format json`"}
    rows = []
    for name, t in timings.items():
        budget = BUDGETS.get(name)
        ratio = t.median / bare
        verdict = "" if budget is None else ("met" if ratio <= budget else "NOT met")
        rows.append([labels[name], f"{t.median:.0f}", f"{t.min:.0f}", f"{ratio:.1f}×",
                     f"≤ {budget:g}×" if budget else "", verdict])
    lines = [table(["process", "median ms", "min ms", "× bare", "target", ""], rows)]
    for name, imports in result["slow"].items():
        listed = ", ".join(f"{mod} {ms:.1f} ms" for mod, ms in imports)
        lines.append(f"- {labels[name]} misses its budget; heaviest imports (cumulative, -X importtime): {listed}")
    return "\n".join(lines)
