"""A small plugin used by the core tests: its own platform, metrics, dataset and rules.

It is registered directly (``Engine(plugins=[toyplugin])``) so core behaviour is tested
independently of the built-in rule sets.
"""

from __future__ import annotations

from collections.abc import Iterator

from diagrules import (
    Count,
    Dataset,
    Finding,
    Metric,
    Params,
    Platform,
    Record,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    count_rows,
    hookimpl,
    ratio,
    rule,
    text,
)

SHOP = Platform("toyshop", label=text(en="Toy shop", zh="玩具店"))
OTHER = Platform("othershop", label=text(en="Other shop", zh="其他店"))

VISITS = Metric("visits", unit="count", label=text(en="Visits", zh="访客数"), aliases=["访客数"])
ORDERS = Metric("orders", unit="count", label=text(en="Orders", zh="订单数"))
CONVERSION = Metric(
    "conversion", unit="ratio", better="higher", derive=ratio("orders", "visits"),
    label=text(en="Conversion", zh="转化率"), aliases=["转化率"],
)
SCORE = Metric("service_score", unit="score", minimum=0, maximum=100)
ITEM_COUNT = Metric("item_count", unit="count", derive=None)


class Item(Record):
    sku: str
    sold: Count = 0


ITEMS = Dataset("items", record=Item, key="sku", aliases={"sku": ["货号"], "sold": ["销量"]})
ITEMS_LISTED = Metric("items_listed", unit="count", derive=count_rows("items"))


class ConvParams(Params):
    min_conversion: float = 0.02


@rule("TOY001", "conversion-low", title=text(en="Conversion low", zh="转化率低"),
      severity=Severity.WARNING, platform="toyshop", requires=[CONVERSION], params=ConvParams,
      message=text(en="Conversion {observed} < {threshold}", zh="转化率 {observed} 低于 {threshold}"),
      remedies=[Remedy(text(en="Improve photos", zh="优化主图"), priority=1)],
      doc=RuleDoc(what=text(en="w"), why=text(en="y"), source="test"))
def conversion_low(ctx: RuleContext, p: ConvParams) -> Iterator[Finding]:
    if ctx[CONVERSION] < p.min_conversion:
        yield ctx.finding(observed=ctx[CONVERSION], threshold=p.min_conversion, comparison=">=")


@rule("TOY002", "always-raises", title=text(en="Broken rule"), platform="toyshop", requires=[VISITS])
def always_raises(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    raise RuntimeError("boom")
    yield  # pragma: no cover


@rule("TOY003", "unsold-items", title=text(en="Unsold items", zh="滞销商品"), platform="toyshop",
      datasets=[ITEMS], severity="info")
def unsold_items(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    for row in ctx.rows(ITEMS):
        if row.sold == 0:
            yield ctx.finding(item=row.sku, observed=0)


@rule("TOY004", "new-seller-only", title=text(en="New sellers only"), platform="toyshop",
      requires=[VISITS], stages=("new",))
def new_seller_only(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    yield ctx.finding(observed=ctx[VISITS])


@rule("TOY005", "experimental-check", title=text(en="Preview rule"), platform="toyshop",
      requires=[VISITS], status="preview")
def experimental(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    yield ctx.finding(observed=ctx[VISITS])


@rule("OTH001", "other-visits", title=text(en="Other platform rule"), platform="othershop",
      requires=[VISITS])
def other_visits(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    return iter(())


@hookimpl
def diagrules_platforms() -> list[Platform]:
    return [SHOP, OTHER]


@hookimpl
def diagrules_metrics() -> list[Metric]:
    return [VISITS, ORDERS, CONVERSION, SCORE, ITEMS_LISTED]


@hookimpl
def diagrules_datasets() -> list[Dataset]:
    return [ITEMS]


@hookimpl
def diagrules_rules() -> list[object]:
    return [conversion_low, always_raises, unsold_items, new_seller_only, experimental, other_visits]
