"""The peers: the same 100 checks run by simpleeval and by zen-engine.

Each peer decides which checks fail; the findings are then built in Python exactly as the
floor builds them, so the peers are charged only for what they do differently — evaluating the
conditions. Both are benchmark-only dependencies (the ``bench`` extra); a missing one is
reported and skipped by :func:`available_peers`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from benchmarks.workload import UNIT, CheckSpec
from diagrules import Finding, Message, Severity, Text

Diagnose = Callable[[dict[str, float]], list[Finding]]

_UNITS = {"observed": UNIT, "threshold": UNIT}


class _FindingMaker:
    """Builds the floor's finding for one check from its observed value."""

    __slots__ = ("expected", "id", "severity", "template", "threshold")

    def __init__(self, spec: CheckSpec) -> None:
        self.id = spec.id
        self.severity = Severity.parse(spec.severity)
        self.template = Text(en=spec.message_en, zh=spec.message_zh)
        self.threshold = spec.threshold
        self.expected = spec.expected

    def __call__(self, v: float) -> Finding:
        return Finding(
            self.id, self.severity,
            Message(self.template, {"observed": v, "threshold": self.threshold, "comparison": self.expected,
                                    "item": None, "expected": self.expected}, _UNITS),
            v, self.threshold, self.expected, None, (), {}, UNIT,
        )


def simpleeval_runner(specs: list[CheckSpec]) -> Diagnose:
    """One pre-parsed simpleeval expression per check (and one for its observed value)."""
    from simpleeval import SimpleEval

    evaluator = SimpleEval()
    rules = [
        (c.condition, SimpleEval.parse(c.condition), c.value, SimpleEval.parse(c.value), _FindingMaker(c))
        for c in specs
    ]
    evaluate = evaluator.eval

    def diagnose(m: dict[str, float]) -> list[Finding]:
        evaluator.names = m
        found = []
        for cond_src, cond, value_src, value, make in rules:
            if evaluate(cond_src, previously_parsed=cond):
                found.append(make(evaluate(value_src, previously_parsed=value)))
        return found

    return diagnose


def zen_decision(specs: list[CheckSpec]) -> dict[str, Any]:
    """One JDM decision table, one row per check, full-expression cells, hit policy ``collect``."""
    node = {"x": 0, "y": 0}
    table = {
        "hitPolicy": "collect",
        "inputs": [{"id": "condition", "name": "Condition", "field": ""}],
        "outputs": [{"id": "rule", "name": "Rule", "field": "rule"}],
        "rules": [{"_id": c.id, "condition": c.condition, "rule": json.dumps(c.id)} for c in specs],
    }
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "Request", "position": node},
            {"id": "checks", "type": "decisionTableNode", "name": "Checks", "position": node, "content": table},
            {"id": "response", "type": "outputNode", "name": "Response", "position": node},
        ],
        "edges": [
            {"id": "e1", "type": "edge", "sourceId": "request", "targetId": "checks"},
            {"id": "e2", "type": "edge", "sourceId": "checks", "targetId": "response"},
        ],
    }


def zen_runner(specs: list[CheckSpec]) -> Diagnose:
    """zen decides which checks fail; observed values are read in Python.

    zen passes numbers through a decimal type and returns 0.30000000000000004 as 0.3, so a
    value computed by zen would not equal the float the other implementations report.
    """
    import zen

    decision = zen.ZenEngine().create_decision(json.dumps(zen_decision(specs)))
    evaluate = decision.evaluate
    by_id: dict[str, tuple[str, str | None, _FindingMaker]] = {
        c.id: (c.numerator or c.metric, c.denominator, _FindingMaker(c)) for c in specs
    }

    def diagnose(m: dict[str, float]) -> list[Finding]:
        found = []
        for row in evaluate(m)["result"]:
            metric, denominator, make = by_id[row["rule"]]
            v = m[metric] if denominator is None else m[metric] / m[denominator]
            found.append(make(v))
        return found

    return diagnose


PEERS: dict[str, tuple[str, Callable[[list[CheckSpec]], Diagnose]]] = {
    "simpleeval (pre-parsed)": ("simpleeval", simpleeval_runner),
    "zen-engine (1 decision table)": ("zen", zen_runner),
}


def available_peers(specs: list[CheckSpec]) -> tuple[dict[str, Diagnose], list[str]]:
    """The peers that are installed, built for ``specs``, and notes on those that are not."""
    runners: dict[str, Diagnose] = {}
    notes: list[str] = []
    for label, (module, build) in PEERS.items():
        try:
            runners[label] = build(specs)
        except ImportError:
            notes.append(f"{label}: skipped, '{module}' is not installed (pip install -e '.[bench]')")
    return runners, notes
