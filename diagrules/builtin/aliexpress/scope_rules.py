"""AEG061–AEG062: whether the store is assessed yet, and overseas-warehouse tagging."""

from __future__ import annotations

from collections.abc import Iterator

from diagrules import (
    Effort,
    Finding,
    Params,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    StoreColumns,
    VectorFindings,
    param,
    rule,
    text,
)
from diagrules.builtin.aliexpress.catalogue import BY_NAME
from diagrules.builtin.aliexpress.model import (
    ARTICLE_002,
    ARTICLE_002_DATE,
    PLATFORM,
    SCOPE_SOURCE,
)


class AssessmentScopeParams(Params):
    """AEG061's mark; the description is in the field so that both languages have it."""

    min_orders: int = param(30, en="paid orders in 30 days from which AliExpress assesses a store",
                            zh="近30天支付订单达到此数时速卖通才开始考核店铺", ge=1)


def _not_assessed_vector(cols: StoreColumns, p: AssessmentScopeParams) -> VectorFindings:
    import numpy as np

    orders = cols.values(BY_NAME["orders_30d"].metric)
    rows = np.flatnonzero(orders < p.min_orders)
    return VectorFindings(rows=rows.tolist(), observed=orders[rows].tolist(), threshold=p.min_orders,
                          comparison=">=")


@rule(
    "AEG061", "not-assessed",
    severity=Severity.INFO, platform=PLATFORM, ruleset="aeg",
    requires=[BY_NAME["orders_30d"].metric], params=AssessmentScopeParams, vector=_not_assessed_vector,
    title=text(en="Too few orders to be assessed", zh="订单不足，尚未纳入考核"),
    message=text(
        en="{observed} paid orders in 30 days; AliExpress assesses operating abilities from "
        "{threshold}, so the scores are indicative only.",
        zh="近30天支付订单 {observed} 单；速卖通从 {threshold} 单起评估经营能力，当前得分仅供参考。",
    ),
    remedies=[BY_NAME["orders_30d"].action],
    doc=RuleDoc(
        what=text(
            en="The store has fewer paid orders in 30 days than the assessment scope (default 30).",
            zh="店铺近30天支付订单数低于考核范围（默认30单）。",
        ),
        why=text(
            en="The operating-ability score covers stores with at least 30 traded orders; below "
            "that, the platform's own assessment does not apply yet.",
            zh="经营能力分只考核成交订单≥30单的店铺；低于此数时平台尚不评估。",
        ),
        source=SCOPE_SOURCE,
        as_of="2022-03",
        official=False,
        threshold_basis="source",
    ),
)
def not_assessed(ctx: RuleContext, p: AssessmentScopeParams) -> Iterator[Finding]:
    orders = ctx[BY_NAME["orders_30d"].metric]
    if orders < p.min_orders:
        yield ctx.finding(observed=orders, threshold=p.min_orders, comparison=">=")


def _tagging_vector(cols: StoreColumns, p: Params) -> VectorFindings:
    import numpy as np

    share = cols.values(BY_NAME["overseas_warehouse_share"].metric)
    rows = np.flatnonzero(share == 0)
    return VectorFindings(rows=rows.tolist(), observed=share[rows].tolist(), threshold=0.0, comparison=">")


@rule(
    "AEG062", "overseas-warehouse-tagging",
    severity=Severity.INFO, platform=PLATFORM, ruleset="aeg",
    requires=[BY_NAME["overseas_warehouse_share"].metric], vector=_tagging_vector,
    title=text(en="No overseas-warehouse products", zh="没有海外仓商品"),
    message=text(
        en="No product ships from an overseas warehouse ({observed}); tagged overseas-warehouse "
        "products get 30–50% higher click-through.",
        zh="没有从海外仓发货的商品（{observed}）；海外仓打标商品的点击率高30%–50%。",
    ),
    remedies=[
        Remedy(
            text(
                en="Pick one main country (e.g. Spain or France), stock your 3–5 best sellers in an "
                "overseas or Cainiao warehouse there, and apply for the overseas-warehouse tag.",
                zh="选一个主要国家（如西班牙或法国），把3–5个畅销品备货到当地海外仓或菜鸟仓，并申请海外仓打标。",
            ),
            priority=3, effort=Effort.HIGH, basis="diagrules",
            effect=text(en="30–50% higher click-through on the tagged products (article 002).",
                        zh="打标商品点击率提升30%–50%（文章002）。"),
        )
    ],
    doc=RuleDoc(
        what=text(en="No listed product ships from an overseas warehouse.",
                  zh="没有任何在线商品从海外仓发货。"),
        why=text(
            en="AliExpress tags overseas-warehouse products; tagged products had 30–50% higher "
            "click-through than untagged ones, plus campaign priority and faster delivery.",
            zh="速卖通为海外仓商品打标；打标商品点击率比未打标商品高30%–50%，并享有活动优先等权益。",
        ),
        source=ARTICLE_002,
        as_of=ARTICLE_002_DATE,
        official=False,
        threshold_basis="source",
    ),
)
def overseas_warehouse_tagging(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    share = ctx[BY_NAME["overseas_warehouse_share"].metric]
    if share == 0:
        yield ctx.finding(observed=share, threshold=0.0, comparison=">")
