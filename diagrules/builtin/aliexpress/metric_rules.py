"""AEG010–AEG057: one rule per catalogue metric, in catalogue order.

Each compares the value with the pass value of its (benchmarked) band, which the rule's
``threshold`` parameter can override.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from diagrules import (
    Finding,
    Params,
    Quantity,
    Rule,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    StoreColumns,
    Text,
    VectorFindings,
    format_values,
    param,
    rule,
    text,
)
from diagrules.builtin.aliexpress.abilities import ABILITY_BY_ID
from diagrules.builtin.aliexpress.catalogue import CATALOGUE
from diagrules.builtin.aliexpress.losses import (
    FIRST_METRIC_RULE,
    TOP_LOSERS,
    action_for,
    label_of,
    points_lost,
    precise,
    weakest_losses,
)
from diagrules.builtin.aliexpress.model import (
    ARTICLE_002,
    ARTICLE_002_DATE,
    OUR_BANDS,
    PLATFORM,
    Entry,
    cite,
)
from diagrules.builtin.aliexpress.scorecard import MODEL_BASIS, SCORECARD_ID

# -- AEG010–AEG057: one rule per metric ------------------------------------------------------

class Deferral(NamedTuple):
    """A fact another rule reports with more to say, so the metric rule does not repeat it."""

    rule: str
    applies: Callable[[float], bool]
    why: Text
    doc: Text

    def reason(self) -> Text:
        return text(en=f"{self.why.en}: reported by {self.rule}", zh=f"{self.why.zh}，改由 {self.rule} 报告")


REPORTED_ELSEWHERE: dict[str, Deferral] = {
    "daily_service_score": Deferral(
        "AEG060", lambda value: True,
        text(en="below its pass value, with the components losing points", zh="低于及格值的情况连同失分分项"),
        text(en="Below pass it is reported by AEG060, which names the components losing points.",
             zh="低于及格值时由 AEG060 报告，并指出失分的分项。"),
    ),
    "overseas_warehouse_share": Deferral(
        "AEG062", lambda value: value == 0,
        text(en="no overseas-warehouse product at all", zh="完全没有海外仓商品"),
        text(en="A share of 0 (no overseas-warehouse product) is reported by AEG062.",
             zh="占比为0（没有海外仓商品）时由 AEG062 报告。"),
    ),
}


class MetricRuleParams(Params):
    """A metric rule's marks; the descriptions are in the fields so that both languages have them."""

    threshold: float | None = param(
        None, en="the pass value; by default the band's pass value for the store's category (its benchmark)",
        zh="及格值；默认取店铺所属类目行业基准的及格值",
    )
    error_score: float = param(30.0, en="the finding is an error when the metric scores below it",
                               zh="指标得分低于此值时为错误级别", ge=0, le=100)


def _metric_rule(rule_id: str, entry: Entry) -> Rule:
    metric = entry.metric
    label = label_of(entry)
    higher = metric.better == "higher"
    ability = ABILITY_BY_ID[entry.ability]
    fallback = entry.scored()
    about = metric.description or label
    unit = metric.unit
    shown = {lang: (Quantity(entry.pass_, unit).format(lang), Quantity(entry.excellent, unit).format(lang))
             for lang in ("en", "zh")}
    if higher:
        title = text(en=f"{label.en} below pass", zh=f"{label.zh}低于及格值")
        worse_en, worse_zh = "below the pass value", "低于及格值"
        what_en = f"{label.en} is below its pass value: by default {shown['en'][0]} pass, {shown['en'][1]} excellent; higher is better."
        what_zh = f"{label.zh}低于及格值：默认及格 {shown['zh'][0]}、优秀 {shown['zh'][1]}，越高越好。"
    else:
        title = text(en=f"{label.en} above its limit", zh=f"{label.zh}高于及格上限")
        worse_en, worse_zh = "above the pass limit", "高于及格上限"
        what_en = f"{label.en} is above its pass limit: by default at most {shown['en'][0]} passes, {shown['en'][1]} is excellent; lower is better."
        what_zh = f"{label.zh}高于及格上限：默认及格上限 {shown['zh'][0]}、优秀 {shown['zh'][1]}，越低越好。"
    deferred = REPORTED_ELSEWHERE.get(metric.name)

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
        if not (value < threshold if higher else value > threshold):
            return
        if deferred is not None and deferred.applies(value):
            raise Skip(deferred.reason())
        ranked = [m.metric for m, _ in weakest_losses(result)] if result else []
        rank = ranked.index(metric.name) if metric.name in ranked else TOP_LOSERS
        seen = {lang: precise(value, threshold, metric, lang) for lang in ("en", "zh")}
        yield ctx.finding(
            observed=value, threshold=threshold, comparison=">=" if higher else "<=",
            severity=Severity.ERROR if score < p.error_score else None,
            score=Quantity(score, "score"), remedies=[action_for(metric.name, rank)],
            message=text(
                en=f"{label.en} is {seen['en']}, {worse_en} {{threshold}} "
                f"(metric score {{score}}/100, {ability.label.en} ability).",
                zh=f"{label.zh}为 {seen['zh']}，{worse_zh} {{threshold}}（指标得分 {{score}}/100，属于{ability.label.zh}）。",
            ),
            details={"ability": entry.ability, "score": score, "ability_points_lost": points},
        )

    # The same rule over a column of stores (the fleet path): the same threshold, score,
    # severity and message, for the failing stores only.
    def vector(cols: StoreColumns, p: MetricRuleParams) -> VectorFindings:
        import numpy as np

        scored = cols.scored(SCORECARD_ID, metric)
        if scored is None:  # no scorecard result: the per-store function knows what to do
            return VectorFindings(rows=[], observed=[], declined=range(cols.size))
        scores, band_pass = scored
        values = cols.values(metric)
        threshold = band_pass if p.threshold is None else p.threshold
        rows = np.flatnonzero(values < threshold if higher else values > threshold)
        if deferred is not None:
            rows = rows[[not deferred.applies(v) for v in values[rows].tolist()]]
        observed: list[float] = values[rows].tolist()
        points: list[float] = scores[rows].tolist()

        def seen(lang: str) -> list[str]:
            at = Quantity(threshold, unit).format(lang)
            return [precise(v, threshold, metric, lang) if shown == at and v != threshold else shown
                    for v, shown in zip(observed, format_values(observed, unit, lang), strict=True)]

        return VectorFindings(
            rows=rows.tolist(), observed=observed, threshold=threshold, comparison=">=" if higher else "<=",
            severity=[Severity.ERROR if s < p.error_score else None for s in points],
            message=vector_message, values={"score": points}, units={"score": "score"}, texts={"seen": seen},
        )

    # check's message with {seen} where it writes precise(value, ...) (no template has braces)
    vector_message = text(
        en=f"{label.en} is {{seen}}, {worse_en} {{threshold}} (metric score {{score}}/100, {ability.label.en} ability).",
        zh=f"{label.zh}为 {{seen}}，{worse_zh} {{threshold}}（指标得分 {{score}}/100，属于{ability.label.zh}）。",
    )
    check.__name__ = metric.name
    check.__doc__ = f"{label.en}: worse than its pass value."
    return rule(
        rule_id, f"{metric.name.replace('_', '-')}-{'low' if higher else 'high'}",
        severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", requires=[metric],
        params=MetricRuleParams,
        vector=vector,
        title=title,
        remedies=[entry.action],  # promoted to priority 1 when it is a top loser (see action_for)
        doc=RuleDoc(
            what=text(en=what_en + (" " + deferred.doc.get("en") if deferred else ""),
                      zh=what_zh + (deferred.doc.get("zh") if deferred else "")),
            why=text(
                en=f"{about.en} Part of the {ability.label.en} ability: {ability.why.en}",
                zh=f"{about.zh}该指标属于{ability.label.zh}。{ability.why.zh}",
            ),
            source=cite(ARTICLE_002, OUR_BANDS),
            as_of=ARTICLE_002_DATE,
            official=False,
            threshold_basis="diagrules",
            notes=text(
                en=f"{MODEL_BASIS.get('en')} The pass value follows the store's category benchmark "
                '([benchmarks."<category>"]); set threshold to override it for this rule. The '
                "finding is an error when the metric scores below error_score (default 30).",
                zh=f"{MODEL_BASIS.get('zh')}"
                '及格值随店铺所属类目的行业基准（[benchmarks."<类目>"]）变化；可用参数 `threshold` 单独覆盖。'
                "指标得分低于 `error_score`（默认30）时为错误级别。",
            ),
        ),
    )(check)


METRIC_RULES: tuple[Rule, ...] = tuple(
    _metric_rule(f"AEG{FIRST_METRIC_RULE + i:03d}", entry) for i, entry in enumerate(CATALOGUE)
)
