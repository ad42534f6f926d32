"""The testing kit: data-driven rule tests for built-in and third-party rule sets.

A case file is TOML named ``test_*.toml`` with a ``[cases]`` table; the pytest plugin
(registered through the ``pytest11`` entry point, so it is active wherever diagrules is
installed) collects each case as its own test with the id ``<RULE>::<case>``. Rules come from
the installed plugins through their entry points, exactly as in production: install your
package (``pip install -e .``) and its rules are there — a case file never names plugins::

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

    [cases.bad_parameter_is_refused]
    config = { rules = { RFQ002 = { min_rat = 0.9 } } }
    expect_error = "unknown parameter 'min_rat'"

File-level keys: ``rule`` (required), ``description``, ``config`` and the snapshot defaults
``platform``, ``store``, ``seller_stage``, ``category``, ``as_of``, ``metrics``,
``datasets`` (a case's ``metrics``/``datasets`` are merged over these; give a metric as
``""`` to leave it out).

Case keys: the snapshot (``metrics``, ``datasets``, ``seller_stage``, ``category``,
``store``, ``as_of``, ``platform``), ``config`` (merged over the file's), ``description``,
and the expectations:

``expect``
    the rule's status: ``passed``, ``failed``, ``skipped``, ``not_applicable``, ``waived``
    or ``error``;
``expect_error``
    instead of ``expect``: building the engine or reading the snapshot must fail with a
    diagrules error whose message contains this text (a bad parameter, an invalid value);
``findings``
    how many findings; ``severity``: the severity of every finding;
``observed`` / ``threshold`` / ``details``
    of the first finding (``details`` compares only the keys given);
``items``
    the finding items in order; ``missing``: the missing inputs of a skipped rule;
``message_contains``
    ``{ en = "...", zh = "..." }`` substrings of the first finding's message.

The same checks work without pytest: :func:`load_cases`, :func:`make_case`,
:func:`run_case` and :func:`assert_report`.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from pydantic import ValidationError

from diagrules.config.settings import Config, LoadedConfig
from diagrules.core.errors import ConfigError, DiagrulesError, did_you_mean
from diagrules.core.model import Finding, Report, Status
from diagrules.engine.engine import Engine
from diagrules.plugins.loading import LoadedPlugins, load_plugins
from diagrules.plugins.registry import build_registry

_SNAPSHOT_KEYS = ("platform", "store", "seller_stage", "category", "as_of", "metrics", "datasets")
_EXPECT_KEYS = (
    "expect", "expect_error", "findings", "severity", "observed", "threshold", "details", "items",
    "missing", "message_contains",
)
_CASE_KEYS = frozenset((*_SNAPSHOT_KEYS, *_EXPECT_KEYS, "config", "description"))
_FILE_KEYS = frozenset((*_SNAPSHOT_KEYS, "rule", "config", "cases", "description"))
_STATUSES = tuple(s.value for s in Status)
_HINTS = {
    "plugins": "plugins load from their entry points; install your package (pip install -e .) "
    "instead of naming it",
    "expected": "the key is 'expect'",
    "status": "the key is 'expect'",
}


class _Unset:
    """Marks an expectation that was not given (``None`` is a legitimate expected value)."""

    def __repr__(self) -> str:
        return "<unset>"


UNSET: Any = _Unset()


@attrs.frozen
class RuleCase:
    """One case: the snapshot to evaluate, the configuration, and what to expect of ``rule``."""

    rule: str
    name: str
    snapshot: dict[str, Any]
    config: dict[str, Any]
    expect: dict[str, Any]
    source: str
    line: int = 0

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


def _unknown_keys(keys: Iterable[str], allowed: frozenset[str]) -> list[str]:
    problems = []
    for key in sorted(set(keys) - allowed):
        hint = _HINTS.get(key)
        problems.append(f"unknown key '{key}'" + (f" ({hint})" if hint else did_you_mean(key, allowed)))
    return problems


def _check_expectations(name: str, expect: Mapping[str, Any], where: str) -> None:
    if "expect" in expect and "expect_error" in expect:
        raise ConfigError(f"case '{name}': give either expect or expect_error, not both", location=where)
    if "expect" not in expect and "expect_error" not in expect:
        raise ConfigError(
            f"case '{name}': missing expect = \"passed\"|\"failed\"|\"skipped\"|… "
            "(or expect_error = \"part of the error message\")",
            location=where,
        )
    status = expect.get("expect")
    if status is not None and status not in _STATUSES:
        raise ConfigError(
            f"case '{name}': expect = {status!r} is not a status{did_you_mean(str(status), _STATUSES)} "
            f"(statuses: {', '.join(_STATUSES)})",
            location=where,
        )
    if "expect_error" in expect and set(expect) - {"expect_error"}:
        extra = ", ".join(sorted(set(expect) - {"expect_error"}))
        raise ConfigError(
            f"case '{name}': expect_error cannot be combined with {extra} (no report is produced)",
            location=where,
        )


def _build_case(
    rule_id: str,
    name: str,
    case: Mapping[str, Any],
    defaults: Mapping[str, Any],
    where: str,
    line: int = 0,
) -> RuleCase:
    problems = _unknown_keys(case, _CASE_KEYS)
    if problems:
        raise ConfigError(f"case '{name}': " + "; ".join(problems), location=where)
    snapshot: dict[str, Any] = {
        "platform": case.get("platform", defaults.get("platform", "")),
        "store": case.get("store", defaults.get("store", f"case {name}")),
        "metrics": _merge(defaults.get("metrics", {}), case.get("metrics", {})),
    }
    datasets = _merge(defaults.get("datasets", {}), case.get("datasets", {}))
    if datasets:
        snapshot["datasets"] = datasets
    for key in ("seller_stage", "category", "as_of"):
        if key in case:
            snapshot[key] = case[key]
        elif key in defaults:
            snapshot[key] = defaults[key]
    expect = {k: case[k] for k in _EXPECT_KEYS if k in case}
    _check_expectations(name, expect, where)
    config = _merge(defaults.get("config", {}), case.get("config", {}))
    return RuleCase(rule_id, name, snapshot, config, expect, where, line)


def _case_lines(text: str) -> dict[str, int]:
    """Line numbers of ``[cases.<name>]`` headers, so failures point into the file."""
    lines: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        s = raw.strip()
        if s.startswith("[cases.") and s.endswith("]"):
            lines[s[len("[cases."):-1].strip().strip("\"'")] = number
    return lines


def is_case_file(path: str | Path) -> bool:
    """Whether ``path`` is a case file: a ``test_*.toml`` that has a ``[cases]`` table.

    Other ``test_*.toml`` files (fixtures, sample configurations) are left alone.
    """
    p = Path(path)
    if p.suffix != ".toml" or not p.name.startswith("test_"):
        return False
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return True  # let load_cases report the problem instead of silently skipping the file
    return "cases" in doc


def load_cases(path: str | Path) -> list[RuleCase]:
    """Read a case file; a malformed one raises ConfigError naming the file and case."""
    p = Path(path)
    where = str(p)
    try:
        raw = p.read_text(encoding="utf-8")
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", location=where) from None
    problems = _unknown_keys(doc, _FILE_KEYS)
    if problems:
        raise ConfigError("; ".join(problems), location=where)
    rule_id = doc.get("rule")
    if not isinstance(rule_id, str):
        raise ConfigError("a case file needs a top-level rule = \"ID\"", location=where)
    cases = doc.get("cases")
    if not isinstance(cases, dict) or not cases:
        raise ConfigError("a case file needs at least one [cases.<name>] table", location=where)
    lines = _case_lines(raw)
    result = []
    for name, case in cases.items():
        if not isinstance(case, dict):
            raise ConfigError(f"cases.{name} must be a table", location=where)
        result.append(_build_case(rule_id, name, case, doc, where, lines.get(name, 0)))
    return result


def make_case(rule: str, name: str = "inline", **keys: Any) -> RuleCase:
    """Build a case in Python with the keys of a case file (``metrics=``, ``expect=``…).

    Useful when the snapshot comes from code, e.g. a loader that converts a platform report.
    """
    return _build_case(rule, name, keys, {}, f"<{rule}::{name}>")


_ENGINES: dict[tuple[str, int], Engine] = {}


def _plugins_for(config: Config) -> LoadedPlugins:
    return load_plugins(config.plugins.settings())


def engine_for(config: Mapping[str, Any], rule_id: str) -> Engine:
    """An engine that selects ``rule_id`` explicitly with ``config``.

    Engines are cached per configuration and per plugin set, so a file of twenty cases builds
    one engine, and :func:`diagrules.purge_plugin_cache` (after installing a plugin) is honoured.
    A rule that no loaded plugin provides is reported with the plugins that did load.
    """
    data = _merge({"select": [rule_id]}, config)
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"invalid case configuration: {exc}") from None
    loaded = _plugins_for(cfg)
    key = (repr(sorted(data.items())), id(loaded))
    engine = _ENGINES.get(key)
    if engine is not None:
        return engine
    try:
        engine = Engine(LoadedConfig(cfg, None, {}))
    except ConfigError as exc:
        if f"'{rule_id}'" in str(exc) and "unknown rule" in str(exc):
            raise ConfigError(_not_registered(rule_id, engine_plugins=loaded)) from None
        raise
    _ENGINES[key] = engine
    return engine


def _not_registered(rule_id: str, *, engine_plugins: LoadedPlugins) -> str:
    names = ", ".join(
        f"{p.name} ({p.distribution} {p.version})" if p.distribution else p.name
        for p in engine_plugins.plugins
    ) or "none"
    msg = (
        f"rule {rule_id} is not registered by any loaded plugin. Loaded plugins: {names}. "
        "Is your package installed in this environment (pip install -e .), with an entry point "
        "in the [project.entry-points.diagrules] group, and does diagrules_rules() return the rule?"
    )
    # Registration failures (a rule dropped for a misspelt placeholder…) belong to each build,
    # not to the cached loaded plugins; building the registry again reports them.
    failures = build_registry(engine_plugins).failures
    if failures:
        msg += " Plugins that failed to load: " + "; ".join(f.describe() for f in failures)
    return msg


def _close(a: Any, b: Any) -> bool:
    if (
        isinstance(a, (int, float)) and isinstance(b, (int, float))
        and not isinstance(a, bool) and not isinstance(b, bool)
    ):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def _describe_finding(f: Finding) -> str:
    parts = [f.severity.label]
    if f.item is not None:
        parts.append(f"item={f.item!r}")
    if f.observed is not None:
        parts.append(f"observed={f.observed!r}")
    if f.threshold is not None:
        parts.append(f"expected {f.comparison or '='} {f.threshold!r}")
    return f"[{', '.join(parts)}] {f.message.get('en')}"


def describe_outcome(report: Report, rule: str) -> str:
    """A few lines saying what ``rule`` did for this store: status, reason, findings."""
    try:
        outcome = report.outcome(rule)
    except KeyError:
        ran = ", ".join(o.rule for o in report.outcomes) or "none"
        return f"{rule} was not run for this store (rules run: {ran})"
    lines = [f"{rule} {outcome.status.value}" + (f": {outcome.reason}" if outcome.reason else "")]
    lines += [f"  - {_describe_finding(f)}" for f in report.findings_for(rule)]
    if outcome.traceback:
        lines.append(outcome.traceback.rstrip())
    return "\n".join(lines)


def assert_report(
    report: Report,
    rule: str,
    *,
    status: str | Status | None = None,
    findings: int | None = None,
    severity: str | None = None,
    observed: Any = UNSET,
    threshold: Any = UNSET,
    details: Mapping[str, Any] | None = None,
    items: Sequence[str | None] | None = None,
    missing: Sequence[str] | None = None,
    message_contains: Mapping[str, str] | None = None,
    where: str = "",
) -> None:
    """Assert what ``rule`` did in ``report``; a failure says what happened instead.

    Only the expectations given are checked. ``observed``, ``threshold`` and ``details``
    (only the keys given) refer to the first finding; ``severity`` to every finding.
    """
    prefix = f"{where}: " if where else ""
    try:
        outcome = report.outcome(rule)
    except KeyError:
        raise AssertionError(prefix + describe_outcome(report, rule)) from None
    found = report.findings_for(rule)

    def fail(problem: str) -> AssertionError:
        return AssertionError(f"{prefix}{problem}\n{describe_outcome(report, rule)}")

    if status is not None and outcome.status.value != str(status):
        raise fail(f"expected {rule} to be {status}, got {outcome.status.value}")
    if findings is not None and len(found) != findings:
        raise fail(f"expected {findings} finding(s), got {len(found)}")
    if severity is not None:
        severities = sorted({f.severity.label for f in found})
        if severities != [severity]:
            raise fail(f"expected every finding to have severity {severity}, got {severities or 'no findings'}")
    first = found[0] if found else None
    for label, want in (("observed", observed), ("threshold", threshold)):
        if want is UNSET:
            continue
        if first is None:
            raise fail(f"expected {label} {want!r}, but there is no finding")
        got = getattr(first, label)
        if not _close(got, want):
            raise fail(f"expected {label} {want!r}, got {got!r}")
    if details is not None:
        if first is None:
            raise fail(f"expected details {dict(details)!r}, but there is no finding")
        wrong = {
            k: first.details.get(k, "<absent>") for k, v in details.items()
            if k not in first.details or not _close(first.details[k], v)
        }
        if wrong:
            raise fail(f"expected details {dict(details)!r}; these differ: {wrong!r}")
    if items is not None:
        got_items = [f.item for f in found]
        if got_items != list(items):
            raise fail(f"expected items {list(items)!r}, got {got_items!r}")
    if missing is not None and sorted(outcome.missing) != sorted(missing):
        raise fail(f"expected missing {sorted(missing)!r}, got {sorted(outcome.missing)!r}")
    if message_contains is not None:
        if first is None:
            raise fail("expected a message, but there is no finding")
        for lang, fragment in message_contains.items():
            msg = first.message.get(lang)
            if fragment not in msg:
                raise fail(f"the {lang} message {msg!r} does not contain {fragment!r}")


def run_case(case: RuleCase) -> Report | None:
    """Evaluate a case and assert its expectations.

    Returns the report for further checks, or ``None`` for an ``expect_error`` case.
    """
    where = f"{case.source}:{case.line}" if case.line else case.source
    where = f"{case.id} ({where})"
    e = case.expect
    if "expect_error" in e:
        fragment = str(e["expect_error"])
        try:
            engine = engine_for(case.config, case.rule)
            report = engine.evaluate(case.snapshot, source=f"{case.source}::{case.name}")
        except DiagrulesError as exc:
            if fragment not in str(exc):
                raise AssertionError(
                    f"{where}: expected an error containing {fragment!r}, got:\n{exc}"
                ) from None
            return None
        if any(fragment in str(problem) for problem in report.input_errors):
            return None  # the bad dataset was left out and reported; the rest was diagnosed
        raise AssertionError(
            f"{where}: expected an error containing {fragment!r}, but the store was diagnosed:\n"
            + describe_outcome(report, case.rule)
        )
    try:
        engine = engine_for(case.config, case.rule)
    except DiagrulesError as exc:
        raise AssertionError(f"{where}: {exc}") from None
    try:
        report = engine.evaluate(case.snapshot, source=f"{case.source}::{case.name}")
    except DiagrulesError as exc:
        raise AssertionError(
            f"{where}: the case's snapshot is invalid (use expect_error if that is intended):\n{exc}"
        ) from None
    assert_report(
        report,
        case.rule,
        status=e["expect"],
        findings=e.get("findings"),
        severity=e.get("severity"),
        observed=e.get("observed", UNSET),
        threshold=e.get("threshold", UNSET),
        details=e.get("details"),
        items=e.get("items"),
        missing=e.get("missing"),
        message_contains=e.get("message_contains"),
        where=where,
    )
    return report


__all__ = [
    "UNSET", "RuleCase", "assert_report", "describe_outcome", "engine_for", "is_case_file",
    "load_cases", "make_case", "run_case",
]
