"""A small fictional platform used by the report, CLI and batch tests, and tests of it.

``SampleMart`` registers through the same hooks a third-party plugin uses: a platform, metrics,
a product dataset, a 7-dimension scorecard (for the radar chart) and rules covering every
outcome a report can hold — an error with remedies, item-level warnings, an info finding, a
rule that raises, a rule skipped for missing data, and a waivable rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from diagrules import (
    Count,
    Dataset,
    Dimension,
    Effort,
    Engine,
    Finding,
    Metric,
    Params,
    Platform,
    Record,
    Remedy,
    Report,
    RuleContext,
    RuleDoc,
    Scorecard,
    ScoredMetric,
    Severity,
    Status,
    Tier,
    hookimpl,
    rule,
    text,
)

SAMPLEMART = Platform("samplemart", label=text(en="SampleMart", zh="样例商城"))

REPLY = Metric(
    "smp_reply_rate", unit="ratio", better="higher", platform="samplemart",
    label=text(en="Reply rate", zh="回复率"), aliases=["样例回复率"],
)
LATE = Metric(
    "smp_late_orders", unit="count", better="lower", platform="samplemart",
    label=text(en="Late orders", zh="延迟订单"),
)
VISITS = Metric(
    "smp_visits", unit="count", better="higher", platform="samplemart",
    label=text(en="Visits", zh="访客数"),
)
MISSING = Metric(
    "smp_rating", unit="score", better="higher", platform="samplemart",
    label=text(en="Rating", zh="评分"),
)
DIMENSION_METRICS = [
    Metric(f"smp_dim{i}", unit="score", better="higher", platform="samplemart",
           label=text(en=f"Dimension metric {i}", zh=f"维度指标{i}"))
    for i in range(7)
]

DIMENSION_LABELS = [
    ("product", "Product", "商品力"), ("traffic", "Traffic", "流量"),
    ("conversion", "Conversion", "转化"), ("users", "User operations", "用户运营"),
    ("service", "Service", "服务"), ("logistics", "Logistics", "物流"),
    ("growth", "Growth scale", "成长规模"),
]

GROWTH = Scorecard(
    "samplemart-growth",
    label=text(en="SampleMart growth", zh="样例商城成长"),
    platform="samplemart",
    dimensions=[
        Dimension(key, text(en=en, zh=zh), weight=1.0,
                  metrics=[ScoredMetric(DIMENSION_METRICS[i].name, pass_=60.0, excellent=90.0)])
        for i, (key, en, zh) in enumerate(DIMENSION_LABELS)
    ],
    tiers=[Tier("gold", text(en="Gold", zh="金牌"), 80), Tier("silver", text(en="Silver", zh="银牌"), 60),
           Tier("bronze", text(en="Bronze", zh="铜牌"), 0)],
)


class Product(Record):
    product_id: str
    stock: Count


PRODUCTS = Dataset("smp_products", record=Product, key="product_id", platform="samplemart",
                   label=text(en="Products", zh="商品"), aliases={"stock": ["库存"]})


class ReplyParams(Params):
    """``min_rate``: the lowest acceptable reply rate."""

    min_rate: float = 0.9


REPLY_FAST = Remedy(
    text(en="Answer every open message today.", zh="今天回复所有未读消息。"),
    priority=1, effort=Effort.LOW, effect=text(en="Reply rate recovers in a week.", zh="回复率一周内回升。"),
)
REPLY_ROTA = Remedy(text(en="Set up a weekend rota.", zh="安排周末值班。"), priority=2, effort=Effort.MEDIUM)
RESTOCK = Remedy(text(en="Restock or delist sold-out products.", zh="补货或下架售罄商品。"),
                 priority=1, effort=Effort.MEDIUM)


@rule(
    "SMP001", "reply-rate-low", severity=Severity.ERROR, platform="samplemart",
    requires=[REPLY], params=ReplyParams,
    title=text(en="Reply rate below target", zh="回复率未达标"),
    message=text(en="Reply rate is {observed}, below {threshold}.", zh="回复率为 {observed}，低于 {threshold}。"),
    remedies=[REPLY_FAST, REPLY_ROTA],
    doc=RuleDoc(what=text(en="Reply rate under target.", zh="回复率低于目标。"),
                why=text(en="Buyers leave.", zh="买家流失。"), source="SampleMart help centre",
                as_of="2026-01", official=True),
)
def reply_rate_low(ctx: RuleContext, p: ReplyParams) -> Iterator[Finding]:
    if ctx[REPLY] < p.min_rate:
        yield ctx.finding(observed=ctx[REPLY], threshold=p.min_rate, comparison=">=")


@rule(
    "SMP002", "sold-out-products", severity=Severity.WARNING, platform="samplemart",
    datasets=[PRODUCTS],
    title=text(en="Sold-out products still listed", zh="售罄商品仍在架"),
    message=text(en="Product {item} is sold out.", zh="商品 {item} 已售罄。"),
    remedies=[RESTOCK],
    doc=RuleDoc(what=text(en="Listed products with no stock.", zh="在架但无库存的商品。"),
                why=text(en="Sold-out listings waste traffic.", zh="售罄商品浪费流量。"),
                source="practitioner article 999", as_of="2025", official=False),
)
def sold_out(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    for row in ctx.rows(PRODUCTS):
        if row.stock == 0:
            yield ctx.finding(item=row.product_id, observed=0, threshold=1, comparison=">=", unit="count")


@rule(
    "SMP003", "late-orders", severity=Severity.INFO, platform="samplemart", requires=[LATE],
    title=text(en="Some orders shipped late", zh="部分订单延迟发货"),
    message=text(en="{observed} orders shipped late.", zh="有 {observed} 个订单延迟发货。"),
)
def late_orders(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    if ctx[LATE] > 0:
        yield ctx.finding(observed=ctx[LATE], threshold=0, comparison="<=")


@rule("SMP004", "broken-rule", severity=Severity.WARNING, platform="samplemart", requires=[VISITS],
      title=text(en="A rule with a bug", zh="有缺陷的规则"))
def broken(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    raise ZeroDivisionError("division by zero")


@rule("SMP005", "rating-low", severity=Severity.WARNING, platform="samplemart", requires=[MISSING],
      title=text(en="Rating low", zh="评分低"))
def rating_low(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    yield ctx.finding(observed=ctx[MISSING])


@rule("SMP006", "visits-low", severity=Severity.CRITICAL, platform="samplemart", requires=[VISITS],
      title=text(en="Almost no visitors", zh="几乎没有访客"),
      message=text(en="Only {observed} visits.", zh="只有 {observed} 个访客。"),
      remedies=[Remedy(text(en="Join this week's campaign.", zh="报名本周活动。"), priority=1,
                       effort=Effort.LOW)])
def visits_low(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    if ctx[VISITS] < 10:
        yield ctx.finding(observed=ctx[VISITS], threshold=10, comparison=">=")


class SampleMartPlugin:
    """The hook implementations (a class instance, registered with ``Engine(plugins=[...])``)."""

    __name__ = "samplemart"

    @hookimpl
    def diagrules_platforms(self) -> list[Any]:
        return [SAMPLEMART]

    @hookimpl
    def diagrules_metrics(self) -> list[Any]:
        return [REPLY, LATE, VISITS, MISSING, *DIMENSION_METRICS]

    @hookimpl
    def diagrules_datasets(self) -> list[Any]:
        return [PRODUCTS]

    @hookimpl
    def diagrules_rules(self) -> list[Any]:
        return [reply_rate_low, sold_out, late_orders, broken, rating_low, visits_low]

    @hookimpl
    def diagrules_scorecards(self) -> list[Any]:
        return [GROWTH]


PLUGIN = SampleMartPlugin()


def snapshot(store: str = "Sample Store 样例店", **metrics: Any) -> dict[str, Any]:
    """A SampleMart snapshot whose data makes every kind of outcome appear."""
    values: dict[str, Any] = {
        "smp_reply_rate": "82.5%", "smp_late_orders": 3, "smp_visits": 4,
        **{m.name: 40 + 8 * i for i, m in enumerate(DIMENSION_METRICS)},
    }
    values.update(metrics)
    return {
        "platform": "samplemart",
        "store": store,
        "as_of": "2026-11-20",
        "metrics": values,
        "datasets": {
            "smp_products": [
                {"product_id": f"P{i:03d}", "stock": 0 if i % 2 else 5} for i in range(1, 26)
            ]
        },
    }


def engine(**config: Any) -> Engine:
    """An engine with only the SampleMart plugin, today fixed so waivers are deterministic."""
    settings = {"plugins": {"autoload": False}, **config}
    return Engine(settings, plugins=[PLUGIN], today=dt.date(2026, 11, 20))


def sample_report(**config: Any) -> Report:
    """The report of :func:`snapshot`; with the default config it holds every outcome status."""
    return engine(**config).evaluate(snapshot())


def test_sample_report_covers_every_status() -> None:
    report = sample_report(waivers=[{"rule": "SMP003", "reason": "known", "until": "2027-01-01"}])
    statuses = {o.status for o in report.outcomes}
    assert statuses == {Status.FAILED, Status.ERROR, Status.SKIPPED, Status.WAIVED}
    assert len(report.findings_for("SMP002")) == 13
    assert report.scores and len(report.scores[0].dimensions) == 7


def test_sample_report_has_every_severity() -> None:
    report = sample_report()
    assert {f.severity for f in report.findings} == set(Severity)


@pytest.mark.parametrize("rate,status", [("90%", Status.PASSED), ("89.9%", Status.FAILED)])
def test_sample_threshold(rate: str, status: Status) -> None:
    report = engine().evaluate(snapshot(smp_reply_rate=rate))
    assert report.outcome("SMP001").status is status
