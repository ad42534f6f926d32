"""SARIF 2.1.0: findings as static-analysis results, for CI systems and code-scanning views.

One run holds every store: each finding is a ``result`` whose ``ruleId`` is the rule id, whose
``level`` maps critical/error → ``error``, warning → ``warning`` and info → ``note``, and whose
location is the snapshot file (``physicalLocation``) plus the store and item
(``logicalLocations``). Rules that raised are reported as tool execution notifications, not
as results, because they say nothing about the store. Evidence and remedies travel in each
result's ``properties``. With a baseline (``check --baseline``) each result carries SARIF's
``baselineState`` (``new``, ``unchanged``) and fixed findings are results with ``absent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from diagrules._version import __version__
from diagrules.core.model import Report, Severity, Status
from diagrules.render.base import RenderOptions, outcome_reason
from diagrules.render.serialize import dumps

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}


def _uri(source: str) -> str:
    """A URI reference for a source such as ``stores/a.toml``, ``stores.jsonl:17`` or ``a\\b.toml``."""
    path = source.rsplit(":", 1)[0] if source.rsplit(":", 1)[-1].isdigit() else source
    return quote(path.replace("\\", "/"), safe="/:")


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    """A SARIF log (JSON text) with one run covering ``reports``."""
    lang = options.lang
    rules: dict[str, dict[str, Any]] = {}
    rule_index: dict[str, int] = {}

    def describe(rule: str, name: str, severity: Severity) -> int:
        if rule not in rule_index:
            title = options.rule_title(rule) or name or rule
            rule_index[rule] = len(rules)
            rules[rule] = {
                "id": rule,
                "name": name or rule,
                "shortDescription": {"text": title},
                "defaultConfiguration": {"level": LEVELS[severity]},
                "properties": {"severity": severity.label},
            }
        return rule_index[rule]

    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for i, report in enumerate(reports):
        source = options.source(i)
        names = {o.rule: (o.name, o.severity) for o in report.outcomes}
        fixed = [(f, "absent") for f in report.fixed]
        for finding, state in [(f, f.baseline) for f in report.findings] + fixed:
            name, default = names.get(finding.rule, ("", finding.severity))
            index = describe(finding.rule, name, default)
            qualified = report.store + (f"/{finding.item}" if finding.item is not None else "")
            location: dict[str, Any] = {
                "logicalLocations": [
                    {"name": finding.item or report.store, "fullyQualifiedName": qualified, "kind": "object"}
                ]
            }
            if source:
                location["physicalLocation"] = {"artifactLocation": {"uri": _uri(source)}}
            result: dict[str, Any] = {
                "ruleId": finding.rule,
                "ruleIndex": index,
                "level": LEVELS[finding.severity],
                "message": {"text": finding.message.get(lang)},
                "locations": [location],
                "partialFingerprints": {"diagrules/v1": f"{report.store}|{finding.rule}|{finding.item or ''}"},
                "properties": {
                    "store": report.store,
                    "platform": report.platform,
                    "severity": finding.severity.label,
                    "item": finding.item,
                    "observed": finding.observed,
                    "threshold": finding.threshold,
                    "comparison": finding.comparison,
                    "unit": finding.unit,
                    "remedies": [r.action.get(lang) for r in finding.remedies],
                },
            }
            if state is not None:  # only with --baseline: SARIF's new / unchanged / absent
                result["baselineState"] = state
            results.append(result)
        for outcome in report.outcomes:
            if outcome.status is Status.ERROR:
                notifications.append({
                    "level": "error",
                    "message": {"text": f"{report.store}: {outcome.rule} {outcome_reason(outcome, options)}"},
                    "descriptor": {"id": outcome.rule},
                })
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "diagrules", "version": __version__, "rules": list(rules.values())}},
            "language": "zh-CN" if lang == "zh" else "en",
            "invocations": [{
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    }
    return dumps(log, indent=2) + "\n"
