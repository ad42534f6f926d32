"""What the AEG rules share: the scorecard result, points lost per metric, urgent actions.

A metric that is one of the weakest ability's costliest gets its action at priority 1 in both
AEG001 and its own rule (the same object), so the action plan merges them into one step.
"""

from __future__ import annotations

from diagrules import (
    DimensionScore,
    MetricScore,
    Remedy,
    RuleContext,
    ScorecardResult,
    Skip,
    Text,
)
from diagrules.builtin.aliexpress.catalogue import BY_NAME, CATALOGUE
from diagrules.builtin.aliexpress.model import Entry
from diagrules.builtin.aliexpress.scorecard import SCORECARD_ID

FIRST_METRIC_RULE = 10
#: The costliest metrics of the weakest ability whose actions become priority 1 everywhere.
TOP_LOSERS = 3


def _show(value: float, unit: str | None) -> str:
    """A value the way the back office shows it (used inside generated texts)."""
    if unit in ("ratio", "change"):
        pct = f"{value * 100:,.2f}".rstrip("0").rstrip(".")
        return ("+" if unit == "change" and value > 0 else "") + pct + "%"
    if unit == "money":
        return f"${value:,.0f}"
    if unit == "count":
        return f"{value:,.0f}" if value == int(value) else f"{value:g}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def label_of(entry: Entry) -> Text:
    assert entry.metric.label is not None
    return entry.metric.label


def scores_or_skip(ctx: RuleContext) -> ScorecardResult:
    result = ctx.score(SCORECARD_ID)
    if result is None or result.weakest is None:
        raise Skip(
            "no ability could be scored: each ability needs at least half of its metric weight present"
        )
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
        shown = "—" if m.value is None else _show(m.value, entry.metric.unit)
        if lang == "zh":
            parts.append(f"{label_of(entry).zh} {shown}（失 {points:g} 分）")
        else:
            parts.append(f"{label_of(entry).en} {shown} (−{points:g} points)")
    return ("；" if lang == "zh" else "; ").join(parts)


#: Each metric's action at priority 1, used while it is one of the weakest ability's costliest
#: metrics; the same object in AEG001 and the metric's own rule, so the action plan merges them.
_URGENT: dict[str, Remedy] = {
    e.name: Remedy(e.action.action, priority=1, effort=e.action.effort, effect=e.action.effect)
    for e in CATALOGUE
}


def weakest_losses(result: ScorecardResult) -> list[tuple[MetricScore, float]]:
    dim = result.dimension(result.weakest) if result.weakest else None
    return points_lost(dim) if dim is not None else []


def action_for(metric: str, rank: int) -> Remedy:
    """The metric's action, promoted to priority 1 for the top losers of the weakest ability."""
    return _URGENT[metric] if rank < TOP_LOSERS else BY_NAME[metric].action
