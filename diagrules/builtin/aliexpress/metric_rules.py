"""AEG010–AEG057: one rule per catalogue metric, in catalogue order.

Each compares the value with the pass value of its (benchmarked) band, which the rule's
``threshold`` parameter can override.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from diagrules import (
    Finding,
    Params,
    Rule,
    RuleContext,
    RuleDoc,
    Severity,
    rule,
    text,
)
from diagrules.builtin.aliexpress.abilities import ABILITY_BY_ID
from diagrules.builtin.aliexpress.catalogue import CATALOGUE
from diagrules.builtin.aliexpress.losses import (
    FIRST_METRIC_RULE,
    TOP_LOSERS,
    _show,
    action_for,
    label_of,
    points_lost,
    weakest_losses,
)
from diagrules.builtin.aliexpress.model import (
    ARTICLE_002,
    ARTICLE_002_DATE,
    OUR_BANDS,
    PLATFORM,
    Entry,
)
from diagrules.builtin.aliexpress.scorecard import SCORECARD_ID

# -- AEG010–AEG057: one rule per metric ------------------------------------------------------


class MetricRuleParams(Params):
    """``threshold``: the pass value; by default the band's pass value for the store's category
    (its benchmark). ``error_score``: the finding is an error when the metric scores below it."""

    threshold: float | None = None
    error_score: float = Field(default=30.0, ge=0, le=100)


def _metric_rule(rule_id: str, entry: Entry) -> Rule:
    metric = entry.metric
    label = label_of(entry)
    higher = metric.better == "higher"
    ability = ABILITY_BY_ID[entry.ability]
    fallback = entry.scored()
    about = metric.description or label
    unit = metric.unit
    direction_en = "higher" if higher else "lower"
    direction_zh = "越高越好" if higher else "越低越好"

    def check(ctx: RuleContext, p: MetricRuleParams) -> Iterator[Finding]:
        value = float(ctx[metric])
        result = ctx.score(SCORECARD_ID)
        located = result.metric(metric.name) if result else None
        band_pass, score, points = fallback.pass_, fallback.score(value), None
        if located is not None:
            dim, ms = located
            band_pass = ms.pass_value if ms.pass_value is not None else band_pass
            score = ms.score if ms.score is not None else score
            points = next((pts for m, pts in points_lost(dim) if m.metric == metric.name), 0.0)
        threshold = band_pass if p.threshold is None else p.threshold
        if value < threshold if higher else value > threshold:
            ranked = [m.metric for m, _ in weakest_losses(result)] if result else []
            rank = ranked.index(metric.name) if metric.name in ranked else TOP_LOSERS
            yield ctx.finding(
                observed=value, threshold=threshold, comparison=">=" if higher else "<=",
                severity=Severity.ERROR if score < p.error_score else None,
                score=score, remedies=[action_for(metric.name, rank)],
                details={"ability": entry.ability, "score": score, "ability_points_lost": points},
            )

    check.__name__ = metric.name
    check.__doc__ = f"{label.en}: worse than its pass value."
    return rule(
        rule_id, f"{metric.name.replace('_', '-')}-{'low' if higher else 'high'}",
        severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", requires=[metric],
        params=MetricRuleParams,
        title=text(en=f"{label.en} worse than pass", zh=f"{label.zh}未达及格"),
        message=text(
            en=f"{label.en} is {{observed}}, worse than the pass value {{threshold}} "
            f"(metric score {{score}}/100, {ability.label.en} ability).",
            zh=f"{label.zh}为 {{observed}}，未达及格值 {{threshold}}（指标得分 {{score}}/100，属{ability.label.zh}）。",
        ),
        remedies=[entry.action],  # promoted to priority 1 when it is a top loser (see action_for)
        doc=RuleDoc(
            what=text(
                en=f"{label.en} ({label.zh}) is worse than its pass value: by default "
                f"{_show(entry.pass_, unit)} pass, {_show(entry.excellent, unit)} excellent; "
                f"{direction_en} is better.",
                zh=f"{label.zh}未达及格值：默认及格 {_show(entry.pass_, unit)}、优秀 "
                f"{_show(entry.excellent, unit)},{direction_zh}。",
            ),
            why=text(
                en=f"{about.en} Part of the {ability.label.en} ability: {ability.why.en}",
                zh=f"{about.zh} 属于{ability.label.zh}：{ability.why.zh}",
            ),
            source=f"{ARTICLE_002}; {OUR_BANDS}",
            as_of=ARTICLE_002_DATE,
            official=False,
            notes=text(
                en="The pass value follows the store's category benchmark "
                '([benchmarks."<category>"]); set threshold to override it for this rule. The '
                "finding is an error when the metric scores below error_score (default 30).",
                zh='及格值随店铺所属类目的行业基准（[benchmarks."<类目>"]）变化；可用 threshold 参数单独覆盖。'
                "指标得分低于 error_score（默认30）时为错误级别。",
            ),
        ),
    )(check)


METRIC_RULES: tuple[Rule, ...] = tuple(
    _metric_rule(f"AEG{FIRST_METRIC_RULE + i:03d}", entry) for i, entry in enumerate(CATALOGUE)
)
