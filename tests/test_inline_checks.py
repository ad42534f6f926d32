"""Declarative checks run inline (compiled tables) must report exactly what running them as rules does.

The engine evaluates ``[[checks]]`` through tables compiled once per platform and falls back to
running a check as a rule when a value is missing or does not compare. Here every snapshot is
diagnosed both ways (``Engine._run`` and the reference program, ``Engine._run(inline=False)``,
which runs every rule as a function) and the reports
must be equal, field for field — outcomes, findings, messages, order.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import toyplugin
from toychecks import CHECKS, ExtraMetrics

import diagrules
from diagrules import Status


def _engine(**config: Any) -> diagrules.Engine:
    data = {"plugins": {"autoload": False}, "checks": CHECKS, **config}
    return diagrules.Engine(data, plugins=[toyplugin, ExtraMetrics()])


def _snapshots(n: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    result = []
    for k in range(n):
        values = {
            "visits": rng.choice([0, 5, 10, 99, 100, 2000, 6000]),
            "orders": rng.choice([0, 3, 60, 100, 150]),
            "service_score": rng.choice([20, 50, 55, 65, 80, 95]),
            "has_video": rng.choice([True, False]),
            "grade": rng.choice(["gold", "silver"]),
        }
        metrics = {k: v for k, v in values.items() if rng.random() < 0.85}
        store = rng.choice(["shop", "waived-1", "ignored-1", "shop-2"])
        result.append({"platform": "toyshop", "store": f"{store}-{k}", "metrics": metrics})
    return result


CONFIGS = {
    "default": {},
    "explicit-select": {"select": ["CHK", "TOY001", "OTH001"]},
    "overrides-and-waivers": {
        "rules": {"CHK002": {"severity": "error"}, "CHK007": {"severity": "warning"}},
        "waivers": [{"rule": "CHK004", "store": "waived-*", "reason": "seasonal"},
                    {"rule": "CHK001", "store": "shop-*", "reason": "old", "until": "2020-01-01"}],
    },
    "per-store-ignores": {"per-store-ignores": {"ignored-*": ["CHK001", "CHK003"]}},
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_inline_checks_report_exactly_what_rules_report(name: str) -> None:
    engine = _engine(**CONFIGS[name])
    seen: set[tuple[str, Status]] = set()
    for snap in _snapshots(300):
        prepared = engine.prepare(snap)
        inline, reference = engine._run(prepared), engine._run(prepared, inline=False)
        assert inline == reference, snap
        seen |= {(o.rule, o.status) for o in inline.outcomes}
    # the snapshots reach the inline tables' passes, failures and both ways of falling back
    assert {("CHK002", Status.PASSED), ("CHK002", Status.FAILED), ("CHK004", Status.SKIPPED),
            ("CHK009", Status.ERROR), ("CHK007", Status.FAILED)} <= seen


def test_failed_and_passed_outcomes_are_shared_and_immutable() -> None:
    engine = _engine()
    snap = {"platform": "toyshop", "store": "s", "metrics": {"visits": 6000, "orders": 3}}
    first, second = engine.evaluate(snap), engine.evaluate(snap)
    assert first.outcome("CHK002") is second.outcome("CHK002")
    assert first.findings_for("CHK002") == second.findings_for("CHK002")
    assert first.findings_for("CHK002")[0] is not second.findings_for("CHK002")[0]
    with pytest.raises(AttributeError):
        first.outcome("CHK002").note = "changed"  # type: ignore[misc]


def test_findings_of_checks_and_rules_are_in_rule_order() -> None:
    engine = _engine(**{"extend-select": ["TOY005"]})
    report = engine.evaluate(
        {"platform": "toyshop", "store": "s", "metrics": {"visits": 6000, "orders": 1}}
    )
    rules = [f.rule for f in report.findings]
    assert rules == sorted(rules)
    assert {"CHK002", "TOY001", "TOY005"} <= set(rules)
