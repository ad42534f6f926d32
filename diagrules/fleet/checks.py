"""Declarative threshold checks (``[[checks]]`` with ``fail``/``warn``) as column comparisons.

A :class:`~diagrules.config.checks.ThresholdCheck` is a comparison of one metric with a
constant, so over a frame it is one numpy comparison per condition: ``fail`` where the fail
condition holds, ``warn`` where only the warn condition does, nothing (``passed``) elsewhere,
and ``skipped`` where the store lacks the metric. Comparing float64 arrays is the same IEEE
comparison as Python's on floats, so the outcome is the per-store one; the message is built
from the same template, values and units as ``ctx.finding`` would give them
(:mod:`diagrules.fleet.messages`).
"""

from __future__ import annotations

from typing import Any

from diagrules.config.checks import ThresholdCheck
from diagrules.config.conditions import Condition
from diagrules.core.model import Severity
from diagrules.engine.plan import CompiledRule
from diagrules.fleet.found import Found
from diagrules.fleet.frame import Frame
from diagrules.fleet.messages import render

_OBSERVED = frozenset({"observed"})
_BANDED = frozenset({"observed", "threshold", "comparison", "expected"})


def holds(condition: Condition, values: Any) -> Any:
    """The mask of ``values`` (a float array) for which ``condition`` holds."""
    import numpy as np

    a, b, op = condition.a, condition.b, condition.op
    with np.errstate(invalid="ignore"):
        if op == "between":
            return (values >= a) & (values <= (b if b is not None else a))
        if op == "outside":
            return (values < a) | (values > (b if b is not None else a))
        if op == "<":
            return values < a
        if op == "<=":
            return values <= a
        if op == ">":
            return values > a
        if op == ">=":
            return values >= a
        if op == "==":
            return values == a
        return values != a


def check_findings(compiled: CompiledRule, check: ThresholdCheck, frame: Frame) -> Found | None:
    """The findings of a threshold check over ``frame``; ``None`` when it must run per store
    (a bool or enum metric, whose values compare as Python objects)."""
    import numpy as np

    r = compiled.rule
    if r.requires != (check.metric,) or check.metric in frame.objects:
        return None
    values = frame.floats.get(check.metric)
    if values is None:  # no store of the frame has the metric: skipped everywhere
        return Found(r.id, [], [], [], [], [], lambda lang: [])
    present = frame.present[check.metric]
    fail = present & holds(check.fail, values)
    hit = fail
    if check.warn is not None:
        hit = fail | (present & holds(check.warn, values))
    stores = np.flatnonzero(hit)
    observed = values[stores].tolist()
    n = len(observed)
    fixed = compiled.severity if compiled.severity_fixed else None
    if check.warn is None:
        severities = [fixed or check.fail_severity] * n
        thresholds = [check.fail.threshold] * n
        expected = [check.fail.expected] * n
    else:
        is_fail = fail[stores].tolist()
        conditions = [check.fail if f else check.warn for f in is_fail]
        severities = [fixed or (check.fail_severity if f else Severity.WARNING) for f in is_fail]
        thresholds = [c.threshold for c in conditions if c is not None]
        expected = [c.expected for c in conditions if c is not None]
    unit = r.unit
    units = {"observed": unit, "threshold": unit} if unit else {}
    template = r.message or r.title

    def messages(lang: str) -> list[str]:
        if check.warn is None:  # one condition: its threshold and comparison are shared by every row
            values = {"observed": observed, "threshold": check.fail.threshold, "comparison": check.fail.expected,
                      "item": None, "expected": check.fail.expected}
            return render(template, lang, n, values, units, columns=_OBSERVED)
        values = {"observed": observed, "threshold": thresholds, "comparison": expected, "item": None,
                  "expected": expected}
        return render(template, lang, n, values, units, columns=_BANDED)

    return Found(r.id, stores.tolist(), severities, observed, thresholds, [None] * n, messages)
