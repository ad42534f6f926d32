"""Section 3: start-up, measured as whole processes against a bare ``python -c pass``.

``diagrules --version`` must stay within 3× a bare interpreter start and ``diagrules check
<example> --format json`` within 8×. When a command misses its budget, the imports that cost
most (``python -X importtime``, cumulative) are listed so the culprit is named, not guessed.

Two things keep the comparison honest on a shared machine:

- **Bytecode is cached**, as it is for an installed package (pip compiles at install). The
  children run with ``PYTHONPYCACHEPREFIX`` pointing at a private folder and without
  ``PYTHONDONTWRITEBYTECODE`` (set on some machines, where it would make every run compile
  diagrules from source, ~80 ms), and an unmeasured warm-up run of each command fills it and the
  file cache. Nothing is written next to the sources.
- **CPU time is measured beside wall time.** A process waiting for a core shows in its wall
  time, not in its user + system CPU time (``os.wait4``); with a warm cache these processes do
  no I/O worth the name, so on an idle machine the two agree. The budgets are judged on CPU
  time; wall times are reported as well.
- **Instructions are counted** when valgrind is installed (one run of each command under
  ``valgrind --tool=cachegrind --cache-sim=no``): a count does not depend on what else the
  machine runs, so it tells whether a change made start-up cheaper when times are too noisy
  to. Its ratio to the bare interpreter is higher than the time ratio (starting a process costs
  time in the kernel, few instructions), so it is reported, not judged.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import diagrules
from benchmarks.timing import Timing, table

EXAMPLE = Path(diagrules.__file__).resolve().parent / "examples" / "alibaba" / "store.toml"
BUDGETS = {"version": 3.0, "check": 8.0}


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("diagrules")
    return [str(script)] if script.exists() else [sys.executable, "-m", "diagrules"]


def commands() -> dict[str, list[str]]:
    return {
        "bare": [sys.executable, "-c", "pass"],
        "version": [*_cli(), "--version"],
        "check": [*_cli(), "check", str(EXAMPLE), "--format", "json"],
    }


def child_env(pycache: str) -> dict[str, str]:
    """The environment of the timed processes: bytecode written to and read from ``pycache``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One run of ``argv``: (wall ms, user + system CPU ms)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - start) * 1e3
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode not in (0, 1):  # 1: findings at or above fail-on
        raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}): {err.decode(errors='replace')}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1e3


def instructions(argv: list[str], env: dict[str, str]) -> int | None:
    """Instructions executed by one run of ``argv`` (valgrind's count), or None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    done = subprocess.run(
        [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *argv],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def heaviest_imports(argv: list[str], env: dict[str, str], top: int = 8) -> list[tuple[str, float]]:
    """The imports with the largest cumulative time (ms) when ``argv`` runs.

    Only imports made directly by the command or by the modules it imports (the two outer
    levels of ``python -X importtime``) are listed, so the names are the ones to make lazy.
    """
    args = [sys.executable, "-X", "importtime", "-m", "diagrules", *argv[1:]]
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
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
    with tempfile.TemporaryDirectory(prefix="diagrules-pycache-") as pycache:
        env = child_env(pycache)
        for argv in cmds.values():  # warm-up: writes the bytecode, fills the file cache
            _run(argv, env)
        # Interleave the commands run by run so that drift affects all of them alike.
        wall: dict[str, list[float]] = {name: [] for name in cmds}
        cpu: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(runs):
            for name, argv in cmds.items():
                w, c = _run(argv, env)
                wall[name].append(w)
                cpu[name].append(c)
        counts = {name: instructions(argv, env) for name, argv in cmds.items()}
        timings = {name: Timing(tuple(s)) for name, s in wall.items()}
        cpu_timings = {name: Timing(tuple(s)) for name, s in cpu.items()}
        slow = {
            name: heaviest_imports(cmds[name], env)
            for name, budget in BUDGETS.items()
            if cpu_timings[name].median / cpu_timings["bare"].median > budget
        }
    return {"timings": timings, "cpu": cpu_timings, "instructions": counts, "slow": slow}


def render(result: dict[str, Any]) -> str:
    timings: dict[str, Timing] = result["timings"]
    cpu: dict[str, Timing] = result["cpu"]
    counts: dict[str, int | None] = result["instructions"]
    bare, bare_cpu, bare_count = timings["bare"].median, cpu["bare"].median, counts["bare"]
    labels = {"bare": "`python -c pass`", "version": "`diagrules --version`",
              "check": "`diagrules check alibaba/store.toml --format json`"}
    rows = []
    for name, t in timings.items():
        budget = BUDGETS.get(name)
        ratio = cpu[name].median / bare_cpu
        verdict = "" if budget is None else ("met" if ratio <= budget else "NOT met")
        count = counts[name]
        counted = "—" if count is None or not bare_count else f"{count / 1e6:.0f} M ({count / bare_count:.1f}×)"
        rows.append([labels[name], f"{t.median:.0f}", f"{t.median / bare:.1f}×", f"{cpu[name].median:.0f}",
                     f"{ratio:.1f}×", counted, f"≤ {budget:g}×" if budget else "", verdict])
    lines = [table(["process", "wall ms (median)", "wall × bare", "CPU ms (median)", "CPU × bare",
                    "instructions (× bare)", "target (CPU)", ""], rows)]
    if bare_count is None:
        lines.append("- instructions not counted: valgrind is not installed")
    for name, imports in result["slow"].items():
        listed = ", ".join(f"{mod} {ms:.1f} ms" for mod, ms in imports)
        lines.append(f"- {labels[name]} misses its budget; heaviest imports (cumulative, -X importtime): {listed}")
    return "\n".join(lines)
