"""Declarative checks over the toy plugin's metrics, shared by the tests that compare paths.

Every operator, warn bands, ranges, severities, remedies and messages, and a bool and an enum
metric (``ExtraMetrics``) so that some values do not compare: the inline tables
(``test_inline_checks``) and the fleet's columns (``test_fleet``) must give what running each
check as a rule gives, on the same checks.
"""

from __future__ import annotations

from typing import Any

from diagrules import Metric, hookimpl

FLAG = Metric("has_video", unit="bool", platform="toyshop")
GRADE = Metric("grade", unit="enum", choices=("gold", "silver"), platform="toyshop")


class ExtraMetrics:
    """A second plugin adding a bool and an enum metric, to reach values that do not compare."""

    @staticmethod
    @hookimpl
    def diagrules_metrics() -> list[Metric]:
        return [FLAG, GRADE]


CHECKS: list[dict[str, Any]] = [
    {"id": "CHK001", "metric": "conversion", "fail": "< 1%", "warn": "< 3%"},
    {"id": "CHK002", "metric": "visits", "fail": "> 5000", "severity": "warning"},
    {"id": "CHK003", "metric": "visits", "fail": "<= 10", "remedy": {"en": "Buy ads", "zh": "投放广告"}},
    {"id": "CHK004", "metric": "orders", "fail": ">= 100", "severity": "critical"},
    {"id": "CHK005", "metric": "service_score", "fail": "between 0 and 50"},
    {"id": "CHK006", "metric": "orders", "fail": "== 0", "severity": "info"},
    {"id": "CHK007", "metric": "orders", "fail": "!= 3", "warn": "> 50"},
    {"id": "CHK008", "metric": "has_video", "fail": "== 0"},
    {"id": "CHK009", "metric": "grade", "fail": "< 1"},
    {"id": "CHK010", "metric": "service_score", "fail": "< 60", "warn": "outside 70 and 90"},
    {"id": "CHK011", "metric": "visits", "fail": "< 100", "message": {"en": "{observed} visits", "zh": "访客 {observed}"}},
]
