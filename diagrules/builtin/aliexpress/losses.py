"""What the AEG rules share: the scorecard result, points lost per metric, urgent actions.

A metric that is one of the weakest ability's costliest gets its action at priority 1 in both
AEG001 and its own rule (the same object), so the action plan merges them into one step.
"""

from __future__ import annotations

import re

from diagrules import (
    DimensionScore,
    Metric,
    MetricScore,
    Quantity,
    Remedy,
    RuleContext,
    ScorecardResult,
    Skip,
    Text,
    text,
)
from diagrules.builtin.aliexpress.catalogue import BY_NAME, CATALOGUE
from diagrules.builtin.aliexpress.model import Entry
from diagrules.builtin.aliexpress.scorecard import SCORECARD_ID

FIRST_METRIC_RULE = 10
#: The costliest metrics of the weakest ability whose actions become priority 1 everywhere.
TOP_LOSERS = 3


_NUMBER = re.compile(r"^([+\-]?(?:US\$)?)([\d,]+(?:\.\d+)?)(.*)$")


def precise(value: float, threshold: float, metric: Metric, lang: str) -> str:
    """``value`` in ``metric``'s unit, with as many decimals as it takes not to read like ``threshold``.

    A rate of 29.99 % shown as "30%" next to "at least 30%" contradicts itself; this shows
    "29.99%" instead, and leaves every other value as the renderer would show it.
    """
    unit = metric.unit
    shown: str = Quantity(value, unit).format(lang)
    match = _NUMBER.match(shown)
    if value == threshold or shown != Quantity(threshold, unit).format(lang) or match is None:
        return shown
    scale = 100.0 if unit in ("ratio", "change") else 1.0
    digits = next(
        (d for d in range(2, 9) if f"{value * scale:.{d}f}" != f"{threshold * scale:.{d}f}"), 9
    )
    number = f"{abs(value) * scale:,.{digits}f}".rstrip("0").rstrip(".")
    return match.group(1) + number + match.group(3)


def label_of(entry: Entry) -> Text:
    assert entry.metric.label is not None
    return entry.metric.label


def scores_or_skip(ctx: RuleContext) -> ScorecardResult:
    result = ctx.score(SCORECARD_ID)
    if result is None or result.weakest is None:
        raise Skip(text(
            en="no ability could be scored: each ability needs at least half of its metric weight present",
            zh="没有能力可以评分：每项能力至少需要占其一半权重的指标有数据",
        ))
    return result


def points_lost(dim: DimensionScore) -> list[tuple[MetricScore, float]]:
    """The points each present metric costs its ability score, largest first (costly only)."""
    present = [(m, m.score) for m in dim.metrics if m.score is not None]
    total = sum(m.weight for m, _ in present)
    if not total:
        return []
    costs = [(m, round(m.weight * (100.0 - s) / total, 2)) for m, s in present]
    return sorted((c for c in costs if c[1] > 0), key=lambda c: -c[1])


def metric_list(losses: list[tuple[MetricScore, float]], lang: str) -> str:
    parts = []
    for m, points in losses:
        entry = BY_NAME[m.metric]
        shown = "—" if m.value is None else Quantity(m.value, entry.metric.unit).format(lang)
        if lang == "zh":
            parts.append(f"{label_of(entry).zh} {shown}（失 {points:g} 分）")
        else:
            parts.append(f"{label_of(entry).en} {shown} (−{points:g} points)")
    return ("；" if lang == "zh" else "; ").join(parts)


#: Each metric's action at priority 1, used while it is one of the weakest ability's costliest
#: metrics; the same object in AEG001 and the metric's own rule, so the action plan merges them.
_URGENT: dict[str, Remedy] = {
    e.name: Remedy(
        e.action.action, priority=1, effort=e.action.effort, effect=e.action.effect, basis=e.action.basis
    )
    for e in CATALOGUE
}


def weakest_losses(result: ScorecardResult) -> list[tuple[MetricScore, float]]:
    dim = result.dimension(result.weakest) if result.weakest else None
    return points_lost(dim) if dim is not None else []


def action_for(metric: str, rank: int) -> Remedy:
    """The metric's action, promoted to priority 1 for the top losers of the weakest ability."""
    return _URGENT[metric] if rank < TOP_LOSERS else BY_NAME[metric].action
