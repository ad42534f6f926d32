"""The AEG rules: abilities (AEG001–002), one rule per metric (AEG010–057), AEG060–062.

The ability rules read the ``aliexpress-growth`` scorecard result, so they follow the store's
category benchmark automatically; the metric rules compare each value with the pass value of
its (benchmarked) band, which a rule parameter can override.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from diagrules import (
    DimensionScore,
    Effort,
    Finding,
    MetricScore,
    Params,
    Remedy,
    Rule,
    RuleContext,
    RuleDoc,
    ScorecardResult,
    Severity,
    Skip,
    Text,
    rule,
    text,
)
from diagrules.builtin.aliexpress.catalogue import (
    ABILITY_BY_ID,
    ARTICLE_002,
    ARTICLE_002_DATE,
    BY_NAME,
    CATALOGUE,
    OUR_BANDS,
    PLATFORM,
    SERVICE_COMPONENTS,
    Entry,
)
from diagrules.builtin.aliexpress.scorecard import SCORECARD_ID
from diagrules.builtin.aliexpress.trends import TREND_RULES

FIRST_METRIC_RULE = 10
#: The costliest metrics of the weakest ability whose actions become priority 1 everywhere.
TOP_LOSERS = 3
SERVICE_SOURCE = "ssopdot.com/blog/99419.html (8-item daily service score, third-party summary)"
SCOPE_SOURCE = (
    "christinasbeautyjourney.blogspot.com/2022/03/merchant-operating-capability-upgrade.html "
    "(translation of an AliExpress announcement)"
)


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


def _label(entry: Entry) -> Text:
    assert entry.metric.label is not None
    return entry.metric.label


def _scores(ctx: RuleContext) -> ScorecardResult:
    result = ctx.score(SCORECARD_ID)
    if result is None or result.weakest is None:
        raise Skip(
            "no ability could be scored: each ability needs at least half of its metric weight present"
        )
    return result


def _losses(dim: DimensionScore) -> list[tuple[MetricScore, float]]:
    """The points each present metric costs its ability score, largest first (costly only)."""
    present = [(m, m.score) for m in dim.metrics if m.score is not None]
    total = sum(m.weight for m, _ in present)
    if not total:
        return []
    costs = [(m, round(m.weight * (100.0 - s) / total, 2)) for m, s in present]
    return sorted((c for c in costs if c[1] > 0), key=lambda c: -c[1])


def _metric_list(losses: list[tuple[MetricScore, float]], lang: str) -> str:
    parts = []
    for m, points in losses:
        entry = BY_NAME[m.metric]
        shown = "—" if m.value is None else _show(m.value, entry.metric.unit)
        if lang == "zh":
            parts.append(f"{_label(entry).zh} {shown}(失 {points:g} 分)")
        else:
            parts.append(f"{_label(entry).en} {shown} (−{points:g} points)")
    return ("；" if lang == "zh" else "; ").join(parts)


#: Each metric's action at priority 1, used while it is one of the weakest ability's costliest
#: metrics; the same object in AEG001 and the metric's own rule, so the action plan merges them.
_URGENT: dict[str, Remedy] = {
    e.name: Remedy(e.action.action, priority=1, effort=e.action.effort, effect=e.action.effect)
    for e in CATALOGUE
}


def _weakest_losses(result: ScorecardResult) -> list[tuple[MetricScore, float]]:
    dim = result.dimension(result.weakest) if result.weakest else None
    return _losses(dim) if dim is not None else []


def _action(metric: str, rank: int) -> Remedy:
    """The metric's action, promoted to priority 1 for the top losers of the weakest ability."""
    return _URGENT[metric] if rank < TOP_LOSERS else BY_NAME[metric].action


# -- AEG001 / AEG002: abilities ---------------------------------------------------------------


class WeakestAbilityParams(Params):
    """``pass_score``: the ability score below which the weakest ability is reported;
    ``top``: how many of its costliest metrics to name."""

    pass_score: float = Field(default=60.0, ge=0, le=100)
    top: int = Field(default=3, ge=1)


@rule(
    "AEG001", "weakest-ability",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", params=WeakestAbilityParams,
    unit="score",
    title=text(en="Weakest ability (短板) below pass", zh="短板能力未达及格"),
    doc=RuleDoc(
        what=text(
            en="Reports the lowest-scoring of the seven abilities when it scores below the pass "
            "mark (default 60), naming the three metrics that cost it the most points and their "
            "actions.",
            zh="七大能力中得分最低的一项低于及格分(默认60)时报告,并列出失分最多的三个指标及其改进动作。",
        ),
        why=text(
            en="AliExpress's merchant-growth system finds each seller's weakest ability and gives "
            "an improvement guide for it; fixing the weakest ability moves the overall level most.",
            zh="速卖通商家成长体系会找出卖家的运营短板并给出提升指南;补短板对整体分层提升最大。",
        ),
        source=f"{ARTICLE_002}; {OUR_BANDS}",
        as_of=ARTICLE_002_DATE,
        official=False,
    ),
)
def weakest_ability(ctx: RuleContext, p: WeakestAbilityParams) -> Iterator[Finding]:
    result = _scores(ctx)
    dim = result.dimension(result.weakest) if result.weakest else None
    if dim is None or dim.score is None or dim.score >= p.pass_score:
        return
    ability = ABILITY_BY_ID[dim.dimension]
    losses = _losses(dim)[: p.top]
    message = text(
        en=f"The weakest ability is {ability.label.en}: {{observed}}/100, below the pass mark of "
        f"{{threshold}}. Most points lost: {_metric_list(losses, 'en')}.",
        zh=f"短板能力是{ability.label.zh}:{{observed}}/100,低于及格分 {{threshold}}。"
        f"失分最多:{_metric_list(losses, 'zh')}。",
    )
    yield ctx.finding(
        observed=dim.score, threshold=p.pass_score, comparison=">=", item=dim.dimension,
        message=message,
        remedies=[_action(m.metric, rank) for rank, (m, _) in enumerate(losses)],
        details={
            "ability": dim.dimension,
            "coverage": dim.coverage,
            "metrics": [
                {"metric": m.metric, "value": m.value, "score": m.score, "points_lost": points}
                for m, points in losses
            ],
        },
    )


class AbilityBelowPassParams(Params):
    """``pass_score``: warn below it; ``error_score``: error below it."""

    pass_score: float = Field(default=60.0, ge=0, le=100)
    error_score: float = Field(default=40.0, ge=0, le=100)


@rule(
    "AEG002", "ability-below-pass",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", params=AbilityBelowPassParams,
    unit="score",
    title=text(en="Ability score below pass", zh="能力分未达及格"),
    doc=RuleDoc(
        what=text(
            en="One finding per ability scoring below the pass mark (default 60); an error below "
            "40. Abilities with too little data have no score and are not judged.",
            zh="每个低于及格分(默认60)的能力一条发现;低于40为错误。数据不足、没有得分的能力不做判断。",
        ),
        why=text(
            en="Merchants are layered by ability and platform rights are matched to the layer; an "
            "ability below pass holds the whole store back.",
            zh="平台按能力对商家分层并匹配权益;任何一项能力不及格都会拖累整个店铺。",
        ),
        source=f"{ARTICLE_002}; {OUR_BANDS}",
        as_of=ARTICLE_002_DATE,
        official=False,
    ),
)
def ability_below_pass(ctx: RuleContext, p: AbilityBelowPassParams) -> Iterator[Finding]:
    result = _scores(ctx)
    for dim in result.dimensions:
        if dim.score is None or dim.score >= p.pass_score:
            continue
        ability = ABILITY_BY_ID[dim.dimension]
        coverage = _show(dim.coverage, "ratio")
        yield ctx.finding(
            observed=dim.score, threshold=p.pass_score, comparison=">=", item=dim.dimension,
            severity=Severity.ERROR if dim.score < p.error_score else None,
            message=text(
                en=f"{ability.label.en} scores {{observed}}/100, below the pass mark of {{threshold}} "
                f"({coverage} of its metrics present).",
                zh=f"{ability.label.zh}得分 {{observed}}/100,低于及格分 {{threshold}}(指标覆盖 {coverage})。",
            ),
            remedies=ability.guide,
            details={"ability": dim.dimension, "coverage": dim.coverage},
        )


# -- AEG010–AEG057: one rule per metric ------------------------------------------------------


class MetricRuleParams(Params):
    """``threshold``: the pass value; by default the band's pass value for the store's category
    (its benchmark). ``error_score``: the finding is an error when the metric scores below it."""

    threshold: float | None = None
    error_score: float = Field(default=30.0, ge=0, le=100)


def _metric_rule(rule_id: str, entry: Entry) -> Rule:
    metric = entry.metric
    label = _label(entry)
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
            points = next((pts for m, pts in _losses(dim) if m.metric == metric.name), 0.0)
        threshold = band_pass if p.threshold is None else p.threshold
        if value < threshold if higher else value > threshold:
            ranked = [m.metric for m, _ in _weakest_losses(result)] if result else []
            rank = ranked.index(metric.name) if metric.name in ranked else TOP_LOSERS
            yield ctx.finding(
                observed=value, threshold=threshold, comparison=">=" if higher else "<=",
                severity=Severity.ERROR if score < p.error_score else None,
                score=score, remedies=[_action(metric.name, rank)],
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
            zh=f"{label.zh}为 {{observed}},未达及格值 {{threshold}}(指标得分 {{score}}/100,属{ability.label.zh})。",
        ),
        remedies=[entry.action],  # promoted to priority 1 when it is a top loser (see _action)
        doc=RuleDoc(
            what=text(
                en=f"{label.en} ({label.zh}) is worse than its pass value: by default "
                f"{_show(entry.pass_, unit)} pass, {_show(entry.excellent, unit)} excellent; "
                f"{direction_en} is better.",
                zh=f"{label.zh}未达及格值:默认及格 {_show(entry.pass_, unit)}、优秀 "
                f"{_show(entry.excellent, unit)},{direction_zh}。",
            ),
            why=text(
                en=f"{about.en} Part of the {ability.label.en} ability: {ability.why.en}",
                zh=f"{about.zh} 属于{ability.label.zh}:{ability.why.zh}",
            ),
            source=f"{ARTICLE_002}; {OUR_BANDS}",
            as_of=ARTICLE_002_DATE,
            official=False,
            notes=text(
                en="The pass value follows the store's category benchmark "
                '([benchmarks."<category>"]); set threshold to override it for this rule. The '
                "finding is an error when the metric scores below error_score (default 30).",
                zh='及格值随店铺所属类目的行业基准([benchmarks."<类目>"])变化;可用 threshold 参数单独覆盖。'
                "指标得分低于 error_score(默认30)时为错误级别。",
            ),
        ),
    )(check)


METRIC_RULES: tuple[Rule, ...] = tuple(
    _metric_rule(f"AEG{FIRST_METRIC_RULE + i:03d}", entry) for i, entry in enumerate(CATALOGUE)
)


# -- AEG060–AEG062 ----------------------------------------------------------------------------

_SERVICE = BY_NAME["daily_service_score"]


class ServiceComponentsParams(Params):
    """``threshold``: the service score below which components are examined (default: the
    band's pass value); ``top``: how many components to name."""

    threshold: float | None = None
    top: int = Field(default=3, ge=1)


def _component_losses(ctx: RuleContext) -> list[tuple[int, float, float]]:
    """(component index, value, points lost) for each component whose metric is present."""
    result = ctx.score(SCORECARD_ID)
    losses = []
    for i, c in enumerate(SERVICE_COMPONENTS):
        value = ctx.get(c.metric)
        if value is None:
            continue
        located = result.metric(c.metric) if result else None
        score = located[1].score if located is not None else None
        if score is None:
            band = c.band or BY_NAME[c.metric].scored()
            score = band.score(float(value))
        points = round(c.points * (100.0 - score) / 100.0, 2)
        if points > 0:
            losses.append((i, float(value), points))
    return sorted(losses, key=lambda x: -x[2])


@rule(
    "AEG060", "service-score-components",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg",
    requires=[_SERVICE.metric], uses=[c.metric for c in SERVICE_COMPONENTS],
    params=ServiceComponentsParams,
    title=text(en="Service score below pass: components losing points",
               zh="每日服务分未达及格:失分分项"),
    doc=RuleDoc(
        what=text(
            en="When the daily service score is below its pass value (default 80), names the "
            "components that lose the most of their points under the 8-item weighting: "
            "non-fulfilment 5, not-received disputes 5, not-as-described disputes 10, "
            "not-as-described arbitration fault 15, positive feedback 10, DSR item as described "
            "30, DSR seller service 15, DSR shipping 10. Losses are estimated from the components' "
            "metric scores.",
            zh="每日服务分低于及格值(默认80)时,按8项权重找出失分最多的分项:成交不卖率5、未收到货纠纷提起率5、"
            "货不对板纠纷提起率10、货不对板仲裁有责率15、好评率10、DSR商品描述30、DSR卖家服务15、DSR物流10。"
            "失分根据各分项指标得分估算。",
        ),
        why=text(
            en="The service score is judged daily and sets the monthly service level; the "
            "components are weighted very unequally, so the largest gap is where to start.",
            zh="服务分每日考核并决定每月服务等级;各分项权重差别很大,应从失分最多的一项入手。",
        ),
        source=f"{SERVICE_SOURCE}; {OUR_BANDS}",
        as_of="undated page",
        official=False,
        notes=text(
            en="AliExpress does not publish how a rate turns into component points; the estimate "
            "uses diagrules' bands. Earlier 6-item weightings exist.",
            zh="速卖通未公布各分项得分的计算方式,失分估算采用 diagrules 的评分区间;早期还有6项权重的版本。",
        ),
    ),
)
def service_score_components(ctx: RuleContext, p: ServiceComponentsParams) -> Iterator[Finding]:
    value = float(ctx[_SERVICE.metric])
    result = ctx.score(SCORECARD_ID)
    located = result.metric(_SERVICE.name) if result else None
    band_pass = located[1].pass_value if located is not None else None
    threshold = p.threshold if p.threshold is not None else band_pass or _SERVICE.pass_
    if value >= threshold:
        return
    top = _component_losses(ctx)[: p.top]
    if top:
        parts_en = "; ".join(
            f"{SERVICE_COMPONENTS[i].label.en} −{pts:g} of {SERVICE_COMPONENTS[i].points:g}" for i, _, pts in top
        )
        parts_zh = "；".join(
            f"{SERVICE_COMPONENTS[i].label.zh} 失 {pts:g}/{SERVICE_COMPONENTS[i].points:g} 分" for i, _, pts in top
        )
        message = text(
            en=f"Daily service score {{observed}} is below {{threshold}}. Estimated points lost: {parts_en}.",
            zh=f"每日服务分 {{observed}},低于 {{threshold}}。估算失分:{parts_zh}。",
        )
        remedies = [SERVICE_COMPONENTS[i].action or BY_NAME[SERVICE_COMPONENTS[i].metric].action for i, _, _ in top]
    else:
        message = text(
            en="Daily service score {observed} is below {threshold}. Give the component metrics "
            "(DSR ratings, positive feedback, dispute and non-fulfilment rates) to see which "
            "component loses points.",
            zh="每日服务分 {observed},低于 {threshold}。请提供各分项指标(DSR、好评率、纠纷率、成交不卖率),"
            "以便找出失分分项。",
        )
        remedies = [_SERVICE.action]
    yield ctx.finding(
        observed=value, threshold=threshold, comparison=">=", message=message, remedies=remedies,
        details={
            "components": [
                {
                    "metric": SERVICE_COMPONENTS[i].metric,
                    "value": v,
                    "points": SERVICE_COMPONENTS[i].points,
                    "points_lost": pts,
                }
                for i, v, pts in top
            ]
        },
    )


class AssessmentScopeParams(Params):
    """``min_orders``: paid orders in 30 days from which AliExpress assesses a store."""

    min_orders: int = Field(default=30, ge=1)


@rule(
    "AEG061", "not-assessed",
    severity=Severity.INFO, platform=PLATFORM, ruleset="aeg",
    requires=[BY_NAME["orders_30d"].metric], params=AssessmentScopeParams,
    title=text(en="Too few orders to be assessed", zh="订单不足,尚未纳入考核"),
    message=text(
        en="{observed} paid orders in 30 days; AliExpress assesses operating abilities from "
        "{threshold}, so the scores are indicative only.",
        zh="近30天支付订单 {observed} 单;速卖通从 {threshold} 单起评估经营能力,当前得分仅供参考。",
    ),
    remedies=[BY_NAME["orders_30d"].action],
    doc=RuleDoc(
        what=text(
            en="The store has fewer paid orders in 30 days than the assessment scope (default 30).",
            zh="店铺近30天支付订单数低于考核范围(默认30单)。",
        ),
        why=text(
            en="The operating-ability score covers stores with at least 30 traded orders; below "
            "that, the platform's own assessment does not apply yet.",
            zh="经营能力分只考核成交订单≥30单的店铺;低于此数时平台尚不评估。",
        ),
        source=SCOPE_SOURCE,
        as_of="2022-03",
        official=False,
    ),
)
def not_assessed(ctx: RuleContext, p: AssessmentScopeParams) -> Iterator[Finding]:
    orders = ctx[BY_NAME["orders_30d"].metric]
    if orders < p.min_orders:
        yield ctx.finding(observed=orders, threshold=p.min_orders, comparison=">=")


@rule(
    "AEG062", "overseas-warehouse-tagging",
    severity=Severity.INFO, platform=PLATFORM, ruleset="aeg",
    requires=[BY_NAME["overseas_warehouse_share"].metric],
    title=text(en="No overseas-warehouse products", zh="没有海外仓商品"),
    message=text(
        en="No product ships from an overseas warehouse ({observed}); tagged overseas-warehouse "
        "products get 30–50% higher click-through.",
        zh="没有从海外仓发货的商品({observed});海外仓打标商品的点击率高30%–50%。",
    ),
    remedies=[
        Remedy(
            text(
                en="Pick one main country (e.g. Spain or France), stock your 3–5 best sellers in an "
                "overseas or Cainiao warehouse there, and apply for the overseas-warehouse tag.",
                zh="选一个主要国家(如西班牙或法国),把3–5个畅销品备货到当地海外仓或菜鸟仓,并申请海外仓打标。",
            ),
            priority=3, effort=Effort.HIGH,
            effect=text(en="30–50% higher click-through on the tagged products (article 002).",
                        zh="打标商品点击率提升30%–50%(文章002)。"),
        )
    ],
    doc=RuleDoc(
        what=text(en="No listed product ships from an overseas warehouse.",
                  zh="没有任何在线商品从海外仓发货。"),
        why=text(
            en="AliExpress tags overseas-warehouse products; tagged products had 30–50% higher "
            "click-through than untagged ones, plus campaign priority and faster delivery.",
            zh="速卖通为海外仓商品打标;打标商品点击率比未打标商品高30%–50%,并享有活动优先等权益。",
        ),
        source=ARTICLE_002,
        as_of=ARTICLE_002_DATE,
        official=False,
    ),
)
def overseas_warehouse_tagging(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    share = ctx[BY_NAME["overseas_warehouse_share"].metric]
    if share == 0:
        yield ctx.finding(observed=share, threshold=0.0, comparison=">")


RULES: tuple[Rule, ...] = (
    weakest_ability, ability_below_pass, *METRIC_RULES, service_score_components, not_assessed,
    overseas_warehouse_tagging, *TREND_RULES,
)
