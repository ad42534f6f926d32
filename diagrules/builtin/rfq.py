"""Alibaba.com platform diagnosis and RFQ (rule prefix ``RFQ``).

The weekly health check of an Alibaba.com store described in practitioner article 004
("平台诊断"): the to-do list, response rate, RFQ performance, e-commerce service score and
quote feedback, plus inquiry quality from article 001.
"""

from __future__ import annotations

from collections.abc import Iterator

from diagrules import (
    Effort, Finding, Metric, Params, Remedy, RuleContext, RuleDoc, Severity, hookimpl, rule, text,
)
from diagrules.builtin.alibaba import ALIBABA, SHARED_METRICS

ARTICLE_004 = "practitioner article 004 (平台诊断, Alibaba.com store diagnosis)"
ARTICLE_004_DATE = "2021"

RESPONSE_RATE = Metric(
    "response_rate", unit="ratio", better="higher", platform="alibaba",
    label=text(en="Response rate", zh="回复率"),
    description=text(
        en="Share of buyers whose inquiry got a reply within 24 h or whose TM message got a reply "
        "within 1 h, over 30 days (Alibaba's 及时回复率).",
        zh="近30天内询盘24小时内回复、TM咨询1小时内回复的买家占比(及时回复率)。",
    ),
    aliases=["回复率", "及时回复率", "quick_response_rate", "responseRate"],
)


class ResponseRateParams(Params):
    """``min_rate``: the lowest acceptable response rate (0–1)."""

    min_rate: float = 0.95


@rule(
    "RFQ002", "response-rate-low",
    severity=Severity.ERROR, platform="alibaba", ruleset="rfq",
    requires=[RESPONSE_RATE], params=ResponseRateParams,
    title=text(en="Response rate below 95%", zh="回复率低于95%"),
    message=text(
        en="Response rate is {observed}, below the {threshold} target.",
        zh="回复率为 {observed},低于 {threshold} 的目标。",
    ),
    remedies=[
        Remedy(
            text(
                en="Answer every open inquiry today, then reply to new inquiries within 24 hours "
                "and to TradeManager messages within 1 hour.",
                zh="今天回复所有未处理询盘;此后询盘24小时内、TM消息1小时内回复。",
            ),
            priority=1, effort=Effort.LOW,
            effect=text(en="Response rate recovers within the 30-day window.",
                        zh="回复率在30天统计周期内回升。"),
        ),
        Remedy(
            text(
                en="Set up a weekend and holiday rota (or mobile app alerts) so that no inquiry "
                "waits more than 24 hours.",
                zh="安排周末和节假日值班(或开启手机App提醒),确保询盘不超过24小时未回复。",
            ),
            priority=2, effort=Effort.MEDIUM,
        ),
        Remedy(
            text(
                en="Reject or report spam inquiries within 24 hours instead of deleting them: "
                "handled spam counts as answered, deleted spam does not.",
                zh="垃圾询盘在24小时内拒绝或举报,不要直接删除:处理过的计入已回复,删除的不计。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="The store's response rate (及时回复率) is below the target (default 95%).",
            zh="店铺回复率(及时回复率)低于目标值(默认95%)。",
        ),
        why=text(
            en="Buyers can sort suppliers by response rate; below 95% a store falls behind even "
            "P4P listings, and buyers read slow replies as poor service.",
            zh="买家可以按回复率给供应商排序;低于95%的店铺甚至排在直通车产品之后,回复慢也被买家视为服务差。",
        ),
        source=ARTICLE_004,
        as_of=ARTICLE_004_DATE,
        official=False,
    ),
)
def response_rate_low(ctx: RuleContext, p: ResponseRateParams) -> Iterator[Finding]:
    rate = ctx[RESPONSE_RATE]
    if rate < p.min_rate:
        yield ctx.finding(observed=rate, threshold=p.min_rate, comparison=">=")


METRICS = [*SHARED_METRICS, RESPONSE_RATE]
RULES = [response_rate_low]


@hookimpl
def diagrules_platforms() -> list[object]:
    return [ALIBABA]


@hookimpl
def diagrules_metrics() -> list[Metric]:
    return METRICS


@hookimpl
def diagrules_rules() -> list[object]:
    return RULES
