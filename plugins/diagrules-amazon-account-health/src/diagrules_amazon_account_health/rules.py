"""The AMZ rules: Amazon's account-health targets, read from the report when it states them.

Each rate rule has the policy default as a parameter and ``use_report_target = true``: when the
snapshot carries the report's row for the metric, its ``targetValue``/``targetCondition`` win
(Amazon sets some targets per marketplace and changes them; the report is the authority), and
the finding says which target it used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from diagrules import (
    Effort,
    Finding,
    Metric,
    Params,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    Text,
    param,
    rule,
    text,
)

from diagrules_amazon_account_health.data import (
    ACCOUNT_HEALTH_METRICS,
    ACCOUNT_HEALTH_RATING,
    ACCOUNT_HEALTH_STATUS,
    ACCOUNT_STATUS,
    CONDITIONS,
    LATE_SHIPMENT_RATE,
    ON_TIME_DELIVERY_RATE,
    ORDER_DEFECT_RATE,
    ORDER_DEFECT_RATE_FBA,
    PRE_FULFILLMENT_CANCEL_RATE,
    UNIT_ON_TIME_DELIVERY_RATE,
    VALID_TRACKING_RATE,
    VIOLATIONS,
    WARNING_STATES,
    HealthRow,
)

RULESET = "amazon-account-health"
SCHEMA = text(
    en="Amazon SP-API accountHealthReport-2020-11-18 schema (amzn/selling-partner-api-models)",
    zh="亚马逊 SP-API 账户状况报告结构 `accountHealthReport-2020-11-18`（`amzn/selling-partner-api-models`）",
)
SCHEMA_DATE = "2020-11-18"


def help_page(page: str, en: str, zh: str) -> Text:
    """A Seller Central help page (``page`` as its address reads), then the report schema."""
    return text(en=f"{page} ({en}); {SCHEMA.en}", zh=f"亚马逊卖家平台帮助页面（{zh}）：`{page}`；{SCHEMA.zh}")


def _passes(value: float, target: float, condition: str) -> bool:
    if condition == "LESS_THAN":
        return value < target
    if condition == "GREATER_THAN":
        return value > target
    return value == target


def _report_rows(ctx: RuleContext) -> dict[str, HealthRow]:
    return {row.metric: row for row in ctx.rows(ACCOUNT_HEALTH_METRICS)}


def check_rate(
    ctx: RuleContext, metric: Metric, target: float, condition: str, use_report_target: bool
) -> Iterator[Finding]:
    """Compare ``metric`` with the report's target for it, or with the policy default.

    Where the report states a status, that status decides: BAD fails even when the number
    meets the target, and a number that misses the target while the report still rates it
    GOOD is reported at ``info`` only, saying so (the schema's own example has a unit on-time
    delivery rate of 88.48 % against "> 90 %" rated GOOD).
    """
    value = ctx[metric]
    source = "policy"
    row = _report_rows(ctx).get(metric.name) if use_report_target else None
    if row is not None and row.target_value is not None:
        target, condition, source = row.target_value, row.target_condition or condition, "report"
    status = (row.status or "").upper() if row is not None else ""
    missed = not _passes(value, target, condition)
    if not missed and status != "BAD":
        return
    if status == "BAD":
        note_en, note_zh = " The report rates it BAD.", "报告将其评为 BAD。"
    elif status == "GOOD":
        note_en, note_zh = " The report still rates it GOOD.", "报告仍将其评为 GOOD。"
    else:
        note_en, note_zh = "", ""
    yield ctx.finding(
        observed=value, threshold=target, comparison=CONDITIONS[condition],
        relation=CONDITIONS[condition],
        severity=Severity.INFO if status == "GOOD" else None,
        source_en="the report" if source == "report" else "the policy default",
        source_zh="报告" if source == "report" else "政策默认值",
        status_en=note_en, status_zh=note_zh,
        details={"target_source": source, "report_status": status or None},
    )


def _report_target() -> Any:
    """The ``use_report_target`` field every AMZ rule shares, described in both languages."""
    return param(True, en="use the target the report states for the metric, when it states one",
                 zh="报告给出该指标的目标值时，以报告的目标值为准")


def max_rate(default: float) -> Any:
    """A ``max_rate`` field: the policy target, described in both languages."""
    return param(default, en="the policy target (the rate must stay below it)",
                 zh="政策目标值（比率须低于此值）")


def min_rate(default: float) -> Any:
    """A ``min_rate`` field: the policy target, described in both languages."""
    return param(default, en="the policy target (the rate must stay above it)",
                 zh="政策目标值（比率须高于此值）")


class MaxRateParams(Params):
    """A rate that must stay below its target; each rule sets its own default."""

    max_rate: float
    use_report_target: bool = _report_target()


class MinRateParams(Params):
    """A rate that must stay above its target; each rule sets its own default."""

    min_rate: float
    use_report_target: bool = _report_target()


class OdrParams(MaxRateParams):
    max_rate: float = max_rate(0.01)


def _odr_remedies(channel_en: str, channel_zh: str) -> list[Remedy]:
    return [
        Remedy(
            text(
                en=f"Open Performance → Account Health → Order Defect Rate ({channel_en}), list the "
                "defective orders of the 60-day window and answer every open A-to-z Guarantee "
                "claim and chargeback today with tracking and proof of delivery.",
                zh=f"打开 绩效 → 账户状况 → 订单缺陷率（{channel_zh}），列出60天窗口内的缺陷订单，今天用物流追踪"
                "和妥投证明回复所有未结的亚马逊商城交易保障索赔和信用卡拒付。",
            ),
            priority=1, effort=Effort.MEDIUM, basis="diagrules",
            effect=text(en="Claims decided in your favour no longer count as defects.",
                        zh="判定卖家无责的索赔不再计入缺陷。"),
        ),
        Remedy(
            text(
                en="Contact each buyer who left 1–2 star feedback, solve the problem (replacement "
                "or refund), and fix the listing detail that caused the most complaints.",
                zh="联系每位留下1–2星反馈的买家，解决问题（换货或退款），并修改引起投诉最多的商品详情。",
            ),
            priority=2, effort=Effort.MEDIUM, basis="diagrules",
        ),
    ]


_ODR_WHY = text(
    en="Amazon's policy is an order defect rate under 1% in each fulfilment channel; above it "
    "the account can be deactivated.",
    zh="亚马逊要求各配送渠道的订单缺陷率低于1%，超过即可能被停用账户。",
)
_ODR_MESSAGE = text(
    en="Order defect rate is {observed} (target {relation} {threshold}, from {source_en}).{status_en}",
    zh="订单缺陷率为 {observed}（目标 {relation} {threshold}，来源：{source_zh}）。{status_zh}",
)


@rule(
    "AMZ001", "order-defect-rate-high",
    severity=Severity.ERROR, platform="amazon", ruleset=RULESET,
    requires=[ORDER_DEFECT_RATE], params=OdrParams,
    title=text(en="Order defect rate above target (seller-fulfilled)", zh="订单缺陷率超标（卖家自配送）"),
    message=_ODR_MESSAGE,
    remedies=_odr_remedies("Seller Fulfilled", "卖家自配送"),
    doc=RuleDoc(
        what=text(en="The seller-fulfilled order defect rate (60 days) is not below its target "
                  "(default 1%).", zh="卖家自配送订单缺陷率（60天）未低于目标（默认1%）。"),
        why=_ODR_WHY,
        source=help_page("sellercentral.amazon.com/gp/help/external/G200285170", "order defect rate", "订单缺陷率"),
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def order_defect_rate_high(ctx: RuleContext, p: OdrParams) -> Iterator[Finding]:
    yield from check_rate(ctx, ORDER_DEFECT_RATE, p.max_rate, "LESS_THAN", p.use_report_target)


@rule(
    "AMZ002", "fba-order-defect-rate-high",
    severity=Severity.ERROR, platform="amazon", ruleset=RULESET,
    requires=[ORDER_DEFECT_RATE_FBA], params=OdrParams,
    title=text(en="Order defect rate above target (Fulfilled by Amazon)", zh="订单缺陷率超标（亚马逊配送）"),
    message=_ODR_MESSAGE,
    remedies=_odr_remedies("Fulfilled by Amazon", "亚马逊配送"),
    doc=RuleDoc(
        what=text(en="The FBA order defect rate (60 days) is not below its target (default 1%).",
                  zh="亚马逊配送订单缺陷率（60天）未低于目标（默认1%）。"),
        why=_ODR_WHY,
        source=help_page("sellercentral.amazon.com/gp/help/external/G200285170", "order defect rate", "订单缺陷率"),
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def fba_order_defect_rate_high(ctx: RuleContext, p: OdrParams) -> Iterator[Finding]:
    yield from check_rate(ctx, ORDER_DEFECT_RATE_FBA, p.max_rate, "LESS_THAN", p.use_report_target)


class LateShipmentParams(MaxRateParams):
    max_rate: float = max_rate(0.04)


@rule(
    "AMZ003", "late-shipment-rate-high",
    severity=Severity.ERROR, platform="amazon", ruleset=RULESET,
    requires=[LATE_SHIPMENT_RATE], params=LateShipmentParams,
    title=text(en="Late shipment rate above target", zh="迟发率超标"),
    message=text(
        en="Late shipment rate is {observed} (target {relation} {threshold}, from {source_en}).{status_en}",
        zh="迟发率为 {observed}（目标 {relation} {threshold}，来源：{source_zh}）。{status_zh}",
    ),
    remedies=[
        Remedy(
            text(
                en="Confirm shipment in Seller Central (or through your order software) on the day "
                "each parcel leaves, before the expected ship date.",
                zh="每个包裹发出当天、在预计发货日期之前，就在卖家平台（或订单软件）中确认发货。",
            ),
            priority=1, effort=Effort.LOW, basis="diagrules",
        ),
        Remedy(
            text(
                en="In Shipping Settings, lengthen the handling time of the SKUs you cannot ship "
                "in time, so the expected ship date matches your warehouse.",
                zh="在配送设置中延长无法按时发出的SKU的处理时间，让预计发货日期与仓库实际能力一致。",
            ),
            priority=2, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="The late shipment rate (10 or 30 days) is not below its target (default 4%).",
                  zh="迟发率（10天或30天）未低于目标（默认4%）。"),
        why=text(en="Above 4% Amazon may deactivate the seller-fulfilled offers.",
                 zh="迟发率超过4%时，亚马逊可能停用卖家自配送的商品。"),
        source=help_page("sellercentral.amazon.com.au help 200285190", "late shipment rate", "迟发率"),
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def late_shipment_rate_high(ctx: RuleContext, p: LateShipmentParams) -> Iterator[Finding]:
    yield from check_rate(ctx, LATE_SHIPMENT_RATE, p.max_rate, "LESS_THAN", p.use_report_target)


class CancelParams(MaxRateParams):
    max_rate: float = max_rate(0.025)


@rule(
    "AMZ004", "pre-fulfillment-cancel-rate-high",
    severity=Severity.ERROR, platform="amazon", ruleset=RULESET,
    requires=[PRE_FULFILLMENT_CANCEL_RATE], params=CancelParams,
    title=text(en="Pre-fulfilment cancel rate above target", zh="配送前取消率超标"),
    message=text(
        en="Pre-fulfilment cancel rate is {observed} (target {relation} {threshold}, from "
        "{source_en}).{status_en}",
        zh="配送前取消率为 {observed}（目标 {relation} {threshold}，来源：{source_zh}）。{status_zh}",
    ),
    remedies=[
        Remedy(
            text(
                en="Sync inventory at least daily between your warehouse and Amazon, and set the "
                "quantity of out-of-stock SKUs to 0 instead of cancelling orders.",
                zh="至少每天同步一次仓库与亚马逊的库存，缺货SKU把可售数量设为0，而不是取消订单。",
            ),
            priority=1, effort=Effort.MEDIUM, basis="diagrules",
        ),
        Remedy(
            text(
                en="Confirm or ship every pending order before its ship-by date: unconfirmed orders "
                "are cancelled automatically and count against you.",
                zh="在最晚发货日前确认或发出所有待处理订单：未确认的订单会被自动取消并计入取消率。",
            ),
            priority=1, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="The seller-cancelled share of orders (7 days) is not below its target "
                  "(default 2.5%; the report's own target wins).",
                  zh="卖家取消订单的比例（7天）未低于目标（默认2.5%，以报告中的目标为准）。"),
        why=text(en="Amazon expects seller cancellations under 2.5%; the report's example shows a "
                 "1% target, which is why the target is read from the report when present.",
                 zh="亚马逊要求卖家取消率低于2.5%；报告示例中的目标是1%，所以有报告时以报告目标为准。"),
        source=help_page("sellercentral.amazon.co.uk help 200285210", "cancellation rate", "配送前取消率"),
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def pre_fulfillment_cancel_rate_high(ctx: RuleContext, p: CancelParams) -> Iterator[Finding]:
    yield from check_rate(ctx, PRE_FULFILLMENT_CANCEL_RATE, p.max_rate, "LESS_THAN", p.use_report_target)


class TrackingParams(MinRateParams):
    min_rate: float = min_rate(0.95)


@rule(
    "AMZ005", "valid-tracking-rate-low",
    severity=Severity.WARNING, platform="amazon", ruleset=RULESET,
    requires=[VALID_TRACKING_RATE], params=TrackingParams,
    title=text(en="Valid tracking rate below target", zh="有效追踪率未达标"),
    message=text(
        en="Valid tracking rate is {observed} (target {relation} {threshold}, from {source_en}).{status_en}",
        zh="有效追踪率为 {observed}（目标 {relation} {threshold}，来源：{source_zh}）。{status_zh}",
    ),
    remedies=[
        Remedy(
            text(
                en="Upload a tracking number with every shipment confirmation, with the carrier "
                "name exactly as Amazon lists it, and use carriers Amazon integrates with.",
                zh="每次确认发货都上传追踪编码，承运人名称与亚马逊列表完全一致，并使用亚马逊已对接的承运人。",
            ),
            priority=1, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="The valid tracking rate (30 days) is not above its target (default 95%).",
                  zh="有效追踪率（30天）未高于目标（默认95%）。"),
        why=text(en="Amazon expects over 95% of seller-fulfilled packages to have valid tracking; "
                 "below it, selling in some categories can be restricted.",
                 zh="亚马逊要求超过95%的自配送包裹有有效追踪信息，否则部分品类的销售可能受限。"),
        source=help_page("sellercentral.amazon.com/gp/help/external/G201817070", "valid tracking rate", "有效追踪率"),
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def valid_tracking_rate_low(ctx: RuleContext, p: TrackingParams) -> Iterator[Finding]:
    yield from check_rate(ctx, VALID_TRACKING_RATE, p.min_rate, "GREATER_THAN", p.use_report_target)


class DeliveryParams(MinRateParams):
    min_rate: float = min_rate(0.97)


@rule(
    "AMZ006", "on-time-delivery-rate-low",
    severity=Severity.INFO, platform="amazon", ruleset=RULESET,
    requires=[ON_TIME_DELIVERY_RATE], params=DeliveryParams,
    title=text(en="On-time delivery rate below target", zh="准时交货率未达标"),
    message=text(
        en="On-time delivery rate is {observed} (target {relation} {threshold}, from {source_en}).{status_en}",
        zh="准时交货率为 {observed}（目标 {relation} {threshold}，来源：{source_zh}）。{status_zh}",
    ),
    remedies=[
        Remedy(
            text(
                en="Set transit times in your shipping templates to what your carrier actually "
                "achieves per region, so the promised delivery date is one you meet.",
                zh="按承运人在各地区的实际时效设置配送模板的运输时间，让承诺送达日期可以兑现。",
            ),
            priority=2, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="The on-time delivery rate (30 days) is not above its target (default 97%).",
                  zh="准时交货率（30天）未高于目标（默认97%）。"),
        why=text(en="Amazon recommends over 97%; there is no penalty, but late deliveries lead to "
                 "negative feedback and claims that do count.",
                 zh="亚马逊建议高于97%；没有直接处罚，但延迟送达会带来计入缺陷的差评和索赔。"),
        source=help_page("sellercentral.amazon.com help 200847280", "on-time delivery rate", "准时交货率"),
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def on_time_delivery_rate_low(ctx: RuleContext, p: DeliveryParams) -> Iterator[Finding]:
    yield from check_rate(ctx, ON_TIME_DELIVERY_RATE, p.min_rate, "GREATER_THAN", p.use_report_target)


class UnitDeliveryParams(MinRateParams):
    min_rate: float = min_rate(0.9)


@rule(
    "AMZ010", "unit-on-time-delivery-rate-low",
    severity=Severity.WARNING, platform="amazon", ruleset=RULESET,
    requires=[UNIT_ON_TIME_DELIVERY_RATE], params=UnitDeliveryParams,
    title=text(en="Unit on-time delivery rate below target", zh="单件准时交货率未达标"),
    message=text(
        en="Unit on-time delivery rate is {observed} (target {relation} {threshold}, from "
        "{source_en}).{status_en}",
        zh="单件准时交货率为 {observed}（目标 {relation} {threshold}，来源：{source_zh}）。{status_zh}",
    ),
    remedies=[
        Remedy(
            text(
                en="Find the SKUs whose units arrive late (multi-unit orders split across "
                "parcels are the usual cause), ship them together from one warehouse, and set "
                "their transit time to what the carrier achieves.",
                zh="找出单件送达延迟的SKU（常见原因是多件订单被拆成多个包裹），改为同仓合并发货，"
                "并按承运人的实际时效设置运输时间。",
            ),
            priority=2, effort=Effort.MEDIUM, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="The unit-level on-time delivery rate (US marketplace) is not above its target "
                  "(default 90%, the report's own target wins).",
                  zh="单件准时交货率（美国站）未高于目标（默认90%，以报告中的目标为准）。"),
        why=text(en="The report measures on-time delivery per unit as well as per package; a "
                 "store can pass per package and still deliver many units late.",
                 zh="报告除按包裹统计外，还按件统计准时交货；按包裹达标的店铺，仍可能有大量商品件数迟到。"),
        notes=text(en="When the report still rates the rate GOOD, the finding is info only: the "
                   "report's status decides.",
                   zh="若报告仍将该指标评为 GOOD，本发现仅为提示级别：以报告的状态为准。"),
        source=SCHEMA,
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def unit_on_time_delivery_rate_low(ctx: RuleContext, p: UnitDeliveryParams) -> Iterator[Finding]:
    yield from check_rate(ctx, UNIT_ON_TIME_DELIVERY_RATE, p.min_rate, "GREATER_THAN", p.use_report_target)


class ViolationParams(Params):
    """AMZ007's target; the descriptions are in the fields so that both languages have them."""

    max_violations: int = param(0, en="the policy target (the count must equal it)",
                                zh="政策目标值（违规数须等于此值）")
    use_report_target: bool = _report_target()


@rule(
    "AMZ007", "policy-violations",
    severity=Severity.ERROR, platform="amazon", ruleset=RULESET,
    datasets=[ACCOUNT_HEALTH_METRICS], params=ViolationParams, unit="count",
    title=text(en="Open policy violations", zh="存在政策违规"),
    remedies=[
        Remedy(
            text(
                en="Open Account Health → Policy compliance, start with the violations that "
                "cost the most rating points, and for each one fix the listing or send the "
                "requested invoices, then submit an appeal or plan of action.",
                zh="打开 账户状况 → 政策合规，先处理扣分最多的违规：逐条修改商品或提交所需发票，然后提交申诉或行动计划。",
            ),
            priority=1, effort=Effort.HIGH, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="A policy-compliance counter of the report (listing policy, IP complaints, "
                  "product safety…) is not at its target of 0.",
                  zh="报告中的政策合规计数（商品政策、知识产权投诉、商品安全等）不为目标值0。"),
        why=text(en="Each violation lowers the Account Health Rating; unresolved ones lead to "
                 "listing removal and account deactivation.",
                 zh="每项违规都会降低账户状况评级；不处理会导致商品下架乃至账户停用。"),
        source=SCHEMA,
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def policy_violations(ctx: RuleContext, p: ViolationParams) -> Iterator[Finding]:
    for row in ctx.rows(ACCOUNT_HEALTH_METRICS):
        labels = VIOLATIONS.get(row.metric)
        if labels is None:
            continue
        target, condition = float(p.max_violations), "EQUALS"
        if p.use_report_target and row.target_value is not None:
            target, condition = row.target_value, row.target_condition or condition
        status = (row.status or "").upper()
        # Where the report states a status, it decides: 8 document requests rated GOOD have
        # been answered, and are no violation.
        violated = status == "BAD" if status in ("GOOD", "BAD", "NONE") else not _passes(row.value, target, condition)
        if violated:
            en, zh = labels
            yield ctx.finding(
                item=row.metric, observed=row.value, threshold=target, comparison=CONDITIONS[condition],
                relation=CONDITIONS[condition],
                message=text(en=f"{en}: {{observed}} (target {{relation}} {{threshold}}).",
                             zh=f"{zh}：{{observed}}（目标 {{relation}} {{threshold}}）。"),
                details={"date_from": row.date_from, "date_to": row.date_to},
            )


class RatingParams(Params):
    """The Account Health Rating bands; the descriptions are in the fields so that both languages have them."""

    at_risk_below: int = param(200, en="below this rating the account is at risk (healthy from it)",
                               zh="评级低于此分为有风险（达到此分为健康）")
    unhealthy_below: int = param(100, en="below this rating the account is unhealthy",
                                 zh="评级低于此分为不健康")


@rule(
    "AMZ008", "account-health-rating-band",
    severity=Severity.ERROR, platform="amazon", ruleset=RULESET,
    uses=[ACCOUNT_HEALTH_RATING, ACCOUNT_HEALTH_STATUS], params=RatingParams,
    title=text(en="Account Health Rating at risk or unhealthy", zh="账户状况评级处于风险或不健康区间"),
    remedies=[
        Remedy(
            text(
                en="Resolve the open violations listed on the Account Health page, highest point "
                "impact first; each resolved violation gives its points back.",
                zh="按扣分从高到低处理账户状况页面列出的违规；每解决一项，对应分数即可恢复。",
            ),
            priority=1, effort=Effort.HIGH, basis="diagrules",
        ),
        Remedy(
            text(
                en="Until the rating is back above 200, publish no new listings in restricted or "
                "brand-gated categories.",
                zh="评级回到200分以上之前，不要在受限或品牌准入类目发布新商品。",
            ),
            priority=2, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="Places the 0–1000 Account Health Rating in Amazon's bands: healthy 200–1000, "
                  "at risk 100–199, unhealthy 0–99.",
                  zh="把0–1000分的账户状况评级归入亚马逊的区间：健康200–1000、有风险100–199、不健康0–99。"),
        why=text(en="At risk means the account may be deactivated; unhealthy accounts are at "
                 "immediate risk of deactivation.",
                 zh="处于风险区间意味着账户可能被停用；不健康的账户面临立即停用的风险。"),
        source=text(
            en="secondary sources quoting Amazon: bluewheelmedia.com, geekseller.com, "
            "sipranshecommgrowth.com (account health rating bands)",
            zh="引用亚马逊说法的第三方文章（账户状况评级区间）：`bluewheelmedia.com`、`geekseller.com`、"
            "`sipranshecommgrowth.com`",
        ),
        as_of="2024",
        official=False,
        threshold_basis="source",
        notes=text(en="The SP-API report carries only the rating's status (GREAT or WARNED); "
                   "without a numeric rating, WARNED fails and GREAT passes.",
                   zh="SP-API 报告只给出评级状态（GREAT 或 WARNED）；没有评级分数时，WARNED 判为未通过，GREAT 判为通过。"),
    ),
)
def account_health_rating_band(ctx: RuleContext, p: RatingParams) -> Iterator[Finding]:
    rating = ctx.get(ACCOUNT_HEALTH_RATING)
    if rating is None:
        status = ctx.get(ACCOUNT_HEALTH_STATUS)
        if status is None:
            raise Skip(text(en="the report has neither a rating nor its status",
                            zh="报告中既没有评级分数，也没有评级状态"),
                       missing=[ACCOUNT_HEALTH_RATING.name, ACCOUNT_HEALTH_STATUS.name])
        if status == "WARNED":
            yield ctx.finding(
                observed=status, threshold="GREAT", comparison="==", unit="enum",
                message=text(en="The report rates the Account Health Rating WARNED (no numeric "
                             "rating given).",
                             zh="报告将账户状况评级评为 WARNED（未提供评级分数）。"),
                details={"band": "warned"},
            )
        return
    if rating < p.unhealthy_below:
        yield ctx.finding(
            observed=rating, threshold=p.unhealthy_below, comparison=">=", severity=Severity.CRITICAL,
            message=text(en="Account Health Rating is {observed}: unhealthy (below {threshold}).",
                         zh="账户状况评级为 {observed}：不健康（低于 {threshold}）。"),
            details={"band": "unhealthy"},
        )
    elif rating < p.at_risk_below:
        yield ctx.finding(
            observed=rating, threshold=p.at_risk_below, comparison=">=",
            message=text(en="Account Health Rating is {observed}: at risk (below {threshold}).",
                         zh="账户状况评级为 {observed}：有风险（低于 {threshold}）。"),
            details={"band": "at_risk"},
        )


#: The account statuses as Seller Central's Chinese interface names them.
_STATUS_ZH = {"NORMAL": "正常", "AT_RISK": "有风险", "DEACTIVATED": "已停用"}


@rule(
    "AMZ009", "account-status-not-normal",
    severity=Severity.ERROR, platform="amazon", ruleset=RULESET,
    requires=[ACCOUNT_STATUS],
    title=text(en="Account is at risk or deactivated", zh="账户处于风险或已停用"),
    message=text(en="The account status in this marketplace is {observed}.",
                 zh="账户在该站点的状态为{status_zh}（{observed}）。"),
    remedies=[
        Remedy(
            text(
                en="Read the notification in Account Health, then submit a plan of action that "
                "states the root cause, the steps already taken and the steps that prevent a "
                "repeat.",
                zh="阅读账户状况中的通知，提交行动计划：说明根本原因、已采取的措施以及防止再次发生的措施。",
            ),
            priority=1, effort=Effort.HIGH, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="The report's account status for the marketplace is AT_RISK or DEACTIVATED.",
                  zh="报告中该站点的账户状态为 AT_RISK 或 DEACTIVATED。"),
        why=text(en="An at-risk account is one step from deactivation; a deactivated one cannot sell.",
                 zh="有风险的账户离停用只差一步；已停用的账户无法销售。"),
        source=SCHEMA,
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def account_status_not_normal(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    status = ctx[ACCOUNT_STATUS]
    if status != "NORMAL":
        severity = Severity.CRITICAL if status == "DEACTIVATED" else Severity.ERROR
        yield ctx.finding(observed=status, threshold="NORMAL", comparison="==", severity=severity,
                          status_zh=_STATUS_ZH.get(status, status))


@rule(
    "AMZ011", "account-warning-states",
    severity=Severity.WARNING, platform="amazon", ruleset=RULESET,
    datasets=[WARNING_STATES],
    title=text(en="Account warning in a BAD state", zh="账户警告处于 BAD 状态"),
    message=text(en="Account warning {item} is BAD in the report.",
                 zh="报告中的账户警告 {item} 状态为 BAD。"),
    remedies=[
        Remedy(
            text(
                en="Open Account Health, read the warning's notification and stop the practice it "
                "names (for spammingSellerMessaging: send buyers only the messages Amazon's "
                "communication guidelines allow), then confirm in a reply to the notice.",
                zh="打开账户状况，阅读该警告的通知并停止其指出的做法（如 `spammingSellerMessaging`：只发送亚马逊"
                "沟通准则允许的买家消息），然后回复通知确认已整改。",
            ),
            priority=1, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="One finding per warning state the report rates BAD (warningStates; the "
                  "schema's example spells it warningState — both are read).",
                  zh="报告中每个状态为 BAD 的账户警告一条发现（读取 `warningStates` 字段，也读取示例中的写法 `warningState`）。"),
        why=text(en="A warning in a BAD state is Amazon telling the seller a practice puts the "
                 "account at risk.",
                 zh="处于 BAD 状态的警告表示亚马逊认为某种做法正使账户面临风险。"),
        source=SCHEMA,
        as_of=SCHEMA_DATE,
        threshold_basis="source",
    ),
)
def account_warning_states(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    for row in ctx.rows(WARNING_STATES):
        if row.status == "BAD":
            yield ctx.finding(item=row.warning_type, observed=row.status, threshold="GOOD",
                              comparison="==", unit="enum")


RULES = [
    order_defect_rate_high, fba_order_defect_rate_high, late_shipment_rate_high,
    pre_fulfillment_cancel_rate_high, valid_tracking_rate_low, on_time_delivery_rate_low,
    policy_violations, account_health_rating_band, account_status_not_normal,
    unit_on_time_delivery_rate_low, account_warning_states,
]
