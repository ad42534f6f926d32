"""The testing kit: data-driven rule tests for built-in and third-party rule sets.

A case file is TOML named ``test_*.toml``; the pytest plugin (registered through the
``pytest11`` entry point, so it is active wherever diagrules is installed) collects each case
as its own test with the id ``<RULE>::<case>``::

    rule = "RFQ002"
    platform = "alibaba"              # default for every case

    [config.rules.RFQ002]             # shared configuration, same keys as diagrules.toml
    min_rate = 0.95

    [cases.passes_at_threshold]
    metrics = { response_rate = 0.95 }
    expect = "passed"

    [cases.fails_just_below]
    metrics = { response_rate = "94.9%" }
    expect = "failed"
    severity = "error"
    observed = 0.949

    [cases.skipped_without_data]
    expect = "skipped"
    missing = ["response_rate"]

    [cases.threshold_from_toml]
    config = { rules = { RFQ002 = { min_rate = 0.9 } } }   # merged over the shared config
    metrics = { response_rate = 0.92 }
    expect = "passed"

Case keys: ``metrics``, ``datasets``, ``seller_stage``, ``category``, ``store``, ``as_of``,
``platform`` (the snapshot); ``config`` (merged over the file's ``config``); and expectations
``expect`` (status), ``findings`` (count), ``severity`` (of every finding), ``observed`` and
``threshold`` (of the first finding), ``items`` (the finding items in order), ``missing``
(for skipped), ``message_contains`` (``{ en = "...", zh = "..." }`` substrings of the first
finding's message). The same functions work without pytest: :func:`load_cases` and
:func:`run_case`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from diagrules._toml import tomllib
from diagrules.config import Config, LoadedConfig
from diagrules.engine import Engine
from diagrules.errors import ConfigError
from diagrules.model import Report

_CASE_KEYS = {
    "metrics", "datasets", "seller_stage", "category", "store", "as_of", "platform", "config",
    "expect", "findings", "severity", "observed", "threshold", "items", "missing",
    "message_contains", "description",
}


@attrs.frozen
class RuleCase:
    """One case: the snapshot to evaluate, the configuration, and what to expect of ``rule``."""

    rule: str
    name: str
    snapshot: dict[str, Any]
    config: dict[str, Any]
    expect: dict[str, Any]
    source: str

    @property
    def id(self) -> str:
        return f"{self.rule}::{self.name}"


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def load_cases(path: str | Path) -> list[RuleCase]:
    """Read a case file; a malformed one raises ConfigError naming the file and case."""
    p = Path(path)
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", location=str(p)) from None
    rule_id = doc.get("rule")
    if not isinstance(rule_id, str):
        raise ConfigError("a case file needs a top-level rule = \"ID\"", location=str(p))
    shared_config = doc.get("config", {})
    cases = doc.get("cases")
    if not isinstance(cases, dict) or not cases:
        raise ConfigError("a case file needs at least one [cases.<name>] table", location=str(p))
    result = []
    for name, case in cases.items():
        unknown = set(case) - _CASE_KEYS
        if unknown:
            raise ConfigError(
                f"case '{name}': unknown key(s) {', '.join(sorted(unknown))}", location=str(p)
            )
        snapshot = {
            "platform": case.get("platform", doc.get("platform", "")),
            "store": case.get("store", doc.get("store", f"case {name}")),
            "metrics": case.get("metrics", {}),
        }
        for key in ("datasets", "seller_stage", "category", "as_of"):
            if key in case:
                snapshot[key] = case[key]
            elif key in doc:
                snapshot[key] = doc[key]
        expect = {k: case[k] for k in case if k not in snapshot and k not in ("config", "description")}
        if "expect" not in expect:
            raise ConfigError(f"case '{name}': missing expect = \"passed\"|\"failed\"|…", location=str(p))
        result.append(
            RuleCase(rule_id, name, snapshot, _merge(shared_config, case.get("config", {})), expect, str(p))
        )
    return result


_ENGINES: dict[str, Engine] = {}


def engine_for(config: Mapping[str, Any], rule_id: str) -> Engine:
    """An engine that selects ``rule_id`` explicitly with ``config`` (cached per configuration)."""
    data = _merge({"select": [rule_id]}, config)
    key = repr(sorted(data.items()))
    engine = _ENGINES.get(key)
    if engine is None:
        engine = Engine(LoadedConfig(Config.model_validate(data), None, {}))
        _ENGINES[key] = engine
    return engine


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def run_case(case: RuleCase) -> Report:
    """Evaluate a case and assert its expectations; return the report for further checks."""
    engine = engine_for(case.config, case.rule)
    report = engine.evaluate(case.snapshot, source=f"{case.source}::{case.name}")
    outcome = report.outcome(case.rule)
    e = case.expect
    where = f"{case.id} ({case.source})"
    found = report.findings_for(case.rule)
    assert outcome.status.value == e["expect"], (
        f"{where}: expected {e['expect']}, got {outcome.status.value}"
        + (f" — {outcome.reason}" if outcome.reason else "")
        + (f"\n{outcome.traceback}" if outcome.traceback else "")
        + (f"\nfindings: {[f.message.get('en') for f in found]}" if found else "")
    )
    if "findings" in e:
        assert len(found) == e["findings"], f"{where}: expected {e['findings']} findings, got {len(found)}"
    if "severity" in e:
        sevs = {f.severity.label for f in found}
        assert sevs == {e["severity"]}, f"{where}: expected severity {e['severity']}, got {sorted(sevs)}"
    if "observed" in e:
        assert found and _close(found[0].observed, e["observed"]), (
            f"{where}: expected observed {e['observed']!r}, got {found[0].observed if found else None!r}"
        )
    if "threshold" in e:
        assert found and _close(found[0].threshold, e["threshold"]), (
            f"{where}: expected threshold {e['threshold']!r}, got {found[0].threshold if found else None!r}"
        )
    if "items" in e:
        items = [f.item for f in found]
        assert items == e["items"], f"{where}: expected items {e['items']}, got {items}"
    if "missing" in e:
        assert sorted(outcome.missing) == sorted(e["missing"]), (
            f"{where}: expected missing {e['missing']}, got {list(outcome.missing)}"
        )
    if "message_contains" in e:
        for lang, fragment in e["message_contains"].items():
            msg = found[0].message.get(lang) if found else ""
            assert fragment in msg, f"{where}: {lang} message {msg!r} lacks {fragment!r}"
    return report


__all__ = ["RuleCase", "engine_for", "load_cases", "run_case"]
