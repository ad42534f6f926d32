"""The weekly Data Manager (数据管家) product review of practitioner article 004 (平台诊断).

The article ends its store diagnosis in Data Manager: look at the products with a high click
rate and a high conversion (反馈) rate and ask why — is the main image better, the detail page,
is the style in fashion — so the rest of the catalogue can learn from them. Its converse, which
the article implies but does not spell out, is the products that waste the exposure the store
gets: seen but not clicked, clicked but never asked about, or never shown at all.

These rules read only the columns of the real product export (搜索曝光次数, 搜索点击次数,
搜索点击率, 访问人数, 询盘个数, 询盘率), so a store that hands over nothing but that file gets them.
Click and inquiry rates differ several-fold between categories, so every "high" and "low" is
relative to the store's own median product; the factors are parameters and diagrules' own
judgement — the article gives no numbers.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator, Sequence

from pydantic import Field

from diagrules import (
    Effort,
    Finding,
    Params,
    Quantity,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import PRODUCTS, Product, product_names
from diagrules.builtin.alibaba.sources import ARTICLE_004, ARTICLE_004_DATE

_OWN_FACTORS = text(
    en="The article names no numbers: the factors relative to the store's median, the minimum "
    "clicks and the number of products named are diagrules' own judgement.",
    zh="文章未给出数值：相对店铺中位数的倍数、最少点击数和列出的产品数均为 diagrules 自行设定。",
)


def _ctr(row: Product) -> float | None:
    """Search click rate: the export's own column, else clicks / impressions."""
    if row.search_ctr is not None:
        return row.search_ctr
    if row.clicks_30d is not None and row.impressions_30d:
        return row.clicks_30d / row.impressions_30d
    return None


def _inquiry_rate(row: Product) -> float | None:
    """Inquiry rate: the export's 询盘率, else inquiries / visitors."""
    if row.inquiry_rate is not None:
        return row.inquiry_rate
    if row.inquiries_30d is not None and row.visitors_30d:
        return row.inquiries_30d / row.visitors_30d
    return None


def _median(rows: Sequence[Product], value: Callable[[Product], float | None]) -> float | None:
    values = [v for r in rows if (v := value(r)) is not None]
    return statistics.median(values) if values else None


def _rate(value: float) -> Quantity:
    """A rate as the Data Manager export shows it, to two decimals ("1.27%")."""
    return Quantity(value, "ratio", extra=1)


def _products(ctx: RuleContext, *columns: str) -> list[Product]:
    """The products table, or skip the rule when a column (``a|b``: either) was not exported.
    The table itself is returned, not a copy per column checked: the rules only read it."""
    rows = ctx.rows(PRODUCTS)
    for column in columns:
        PRODUCTS.require(rows, *column.split("|"))
    return rows


class _ReviewParams(Params):
    max_products: int = Field(
        5, ge=1, le=50, description="Most products named, largest evidence first.",
        json_schema_extra={"zh": "最多列出的产品数，证据最强的排在前面。diagrules 默认值。"},
    )


# -- RFQ010 products to learn from --------------------------------------------------------------


class LearnFromParams(_ReviewParams):
    """How far above the store's median a product must be, in both rates, to be a model."""

    ctr_factor: float = Field(
        1.5, gt=0, description="Search click rate at least this × the store's median.",
        json_schema_extra={"zh": "搜索点击率至少为店铺中位数的多少倍。diagrules 默认值。"},
    )
    inquiry_factor: float = Field(
        1.5, gt=0, description="Inquiry rate at least this × the store's median.",
        json_schema_extra={"zh": "询盘率至少为店铺中位数的多少倍。diagrules 默认值。"},
    )
    min_clicks: int = Field(
        30, ge=0, description="Fewer clicks than this are too few to judge a rate by.",
        json_schema_extra={"zh": "搜索点击少于这个次数的产品样本太少，不判断其比率。diagrules 默认值。"},
    )


@rule(
    "RFQ010", "datamanager-products-to-learn-from",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq", datasets=[PRODUCTS],
    params=LearnFromParams, unit="ratio",
    title=text(en="Products to learn from (high click and inquiry rates)",
               zh="值得学习的产品（搜索点击率和询盘率都高）"),
    message=text(
        en="{product_en} converts best: search click rate {ctr} (store median {median_ctr}) and inquiry "
        "rate {inquiry_rate} (median {median_inquiry_rate}) from {clicks} clicks.",
        zh="{product_zh} 表现最好：搜索点击率 {ctr}（店铺中位数 {median_ctr}），询盘率 {inquiry_rate}"
        "（中位数 {median_inquiry_rate}），点击 {clicks} 次。",
    ),
    remedies=[Remedy(
        text(
            en="Work out why it wins — is the main image better, the detail page, is the style "
            "in demand right now — and bring the same to the store's similar products this week.",
            zh="分析它为什么好：主图是否更好、详情页是否更好、款式是否最近特别受欢迎；本周把同样的做法用到"
            "同类产品上。",
        ),
        priority=2, effort=Effort.MEDIUM, basis="source",
    )],
    doc=RuleDoc(
        what=text(
            en="Names the products of the Data Manager export whose search click rate and inquiry "
            "rate are both at least 1.5 × the store's median (ctr_factor, inquiry_factor), among "
            "products with at least 30 search clicks (min_clicks); up to 5 (max_products).",
            zh="列出数据管家产品报表中搜索点击率和询盘率都不低于店铺中位数 1.5 倍（`ctr_factor`、"
            "`inquiry_factor`）的产品，只看搜索点击不少于30次（`min_clicks`）的产品，最多5个（`max_products`）。",
        ),
        why=text(
            en="A product buyers click and ask about more than the rest shows what works in this "
            "store's category; the article's weekly review starts from these products.",
            zh="买家点击和询盘都明显多于其他产品的产品，说明了本店类目里什么做法有效；文章的每周复盘"
            "正是从这些产品开始。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False, notes=_OWN_FACTORS,
        threshold_basis="diagrules",
    ),
)
def products_to_learn_from(ctx: RuleContext, p: LearnFromParams) -> Iterator[Finding]:
    rows = _products(ctx, "search_ctr|clicks_30d", "inquiry_rate|inquiries_30d")
    median_ctr, median_inq = _median(rows, _ctr), _median(rows, _inquiry_rate)
    if not median_ctr or not median_inq:
        raise Skip(text(en="the export gives no click or inquiry rates to compare", zh="报表中没有可比较的点击率或询盘率"))
    winners = []
    for row in rows:
        ctr, inq = _ctr(row), _inquiry_rate(row)
        if ctr is None or inq is None or (row.clicks_30d or 0) < p.min_clicks:
            continue
        if ctr >= p.ctr_factor * median_ctr and inq >= p.inquiry_factor * median_inq:
            winners.append((inq / median_inq + ctr / median_ctr, row, ctr, inq))
    winners.sort(key=lambda w: -w[0])
    for _, row, ctr, inq in winners[: p.max_products]:
        yield ctx.finding(
            observed=ctr, threshold=p.ctr_factor * median_ctr, comparison=">=", item=row.product_id,
            **product_names(row), ctr=_rate(ctr), median_ctr=_rate(median_ctr), inquiry_rate=_rate(inq),
            median_inquiry_rate=_rate(median_inq), clicks=row.clicks_30d,
            details={"search_ctr": ctr, "inquiry_rate": inq, "median_search_ctr": median_ctr,
                     "median_inquiry_rate": median_inq, "clicks_30d": row.clicks_30d},
        )


# -- RFQ011 seen but not clicked -----------------------------------------------------------------


class SeenNotClickedParams(_ReviewParams):
    """A product among the store's most shown whose click rate is far below the median."""

    min_impressions_factor: float = Field(
        1.0, gt=0, description="Impressions at least this × the median product's (1.0: the more-shown half).",
        json_schema_extra={"zh": "搜索曝光至少为中位数产品的多少倍（1.0：曝光较多的那一半产品）。diagrules 默认值。"},
    )
    max_ctr_factor: float = Field(
        0.5, gt=0, description="Search click rate at most this × the store's median.",
        json_schema_extra={"zh": "搜索点击率至多为店铺中位数的多少倍。diagrules 默认值。"},
    )


_FIX_LISTING = text(
    en="Redo its main image and title against the store's best product (RFQ010): buyers see it "
    "in search and pass it by.",
    zh="对照店铺表现最好的产品（RFQ010）重做主图和标题：买家在搜索中看到了它，却没有点击。",
)


@rule(
    "RFQ011", "datamanager-impressions-without-clicks",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq", datasets=[PRODUCTS],
    params=SeenNotClickedParams, unit="ratio",
    title=text(en="Products shown often but rarely clicked", zh="曝光多、点击少的产品"),
    message=text(
        en="{product_en} was shown {impressions} times in search (median {median_impressions}) but "
        "its search click rate is {ctr}, at or below {threshold} (half the store median {median_ctr}).",
        zh="{product_zh} 搜索曝光 {impressions} 次（中位数 {median_impressions}），但搜索点击率只有 {ctr}，"
        "不高于 {threshold}（店铺中位数 {median_ctr} 的一半）。",
    ),
    remedies=[Remedy(_FIX_LISTING, priority=1, effort=Effort.MEDIUM, basis="diagrules")],
    doc=RuleDoc(
        what=text(
            en="Names the products with at least the median product's search impressions "
            "(min_impressions_factor 1.0) whose search click rate is at most half the store's "
            "median (max_ctr_factor 0.5); up to 5 (max_products), most impressions first.",
            zh="列出搜索曝光不低于中位数产品（`min_impressions_factor` 1.0）、搜索点击率不高于店铺中位数"
            "一半（`max_ctr_factor` 0.5）的产品，按曝光从多到少，最多5个（`max_products`）。",
        ),
        why=text(
            en="Exposure the platform gives a product that nobody clicks is wasted; the main image "
            "and title decide the click.",
            zh="平台给了曝光却没人点击，这部分曝光就浪费了；是否点击取决于主图和标题。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False, notes=_OWN_FACTORS,
        threshold_basis="diagrules",
    ),
)
def impressions_without_clicks(ctx: RuleContext, p: SeenNotClickedParams) -> Iterator[Finding]:
    rows = _products(ctx, "impressions_30d", "search_ctr|clicks_30d")
    shown = [r for r in rows if r.impressions_30d]
    median_imp = _median(shown, lambda r: r.impressions_30d)
    median_ctr = _median(shown, _ctr)
    if not median_imp or not median_ctr:
        raise Skip(text(en="no product of the export has search impressions and a click rate", zh="报表中没有同时有搜索曝光和点击率的产品"))
    limit = p.max_ctr_factor * median_ctr
    hits = [
        (r, ctr) for r in shown
        if (r.impressions_30d or 0) >= p.min_impressions_factor * median_imp
        and (ctr := _ctr(r)) is not None and ctr <= limit
    ]
    hits.sort(key=lambda h: -(h[0].impressions_30d or 0))
    for row, ctr in hits[: p.max_products]:
        yield ctx.finding(
            observed=ctr, threshold=limit, comparison=">", item=row.product_id, **product_names(row),
            impressions=f"{row.impressions_30d:,}", median_impressions=f"{median_imp:,.0f}",
            ctr=_rate(ctr), median_ctr=_rate(median_ctr),
            details={"impressions_30d": row.impressions_30d, "search_ctr": ctr,
                     "median_search_ctr": median_ctr, "median_impressions": median_imp},
        )


# -- RFQ012 clicked but never asked about -----------------------------------------------------


class ClickedNoInquiryParams(_ReviewParams):
    """A product clicked at least as often as the median product that brought no inquiry."""

    min_clicks_factor: float = Field(
        1.0, gt=0, description="Clicks at least this × the median product's.",
        json_schema_extra={"zh": "搜索点击至少为中位数产品的多少倍。diagrules 默认值。"},
    )


@rule(
    "RFQ012", "datamanager-clicks-without-inquiries",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq", datasets=[PRODUCTS],
    params=ClickedNoInquiryParams, unit="count",
    title=text(en="Products clicked but never asked about", zh="有点击、无询盘的产品"),
    message=text(
        en="{product_en} got {clicks} search clicks (store median {median_clicks}) and {visitors} "
        "visitors, but no inquiry in the period.",
        zh="{product_zh} 本期搜索点击 {clicks} 次（店铺中位数 {median_clicks}），访问 {visitors} 人，"
        "却没有一个询盘。",
    ),
    remedies=[Remedy(
        text(
            en="Rework its detail page against the store's best product (RFQ010): price and MOQ "
            "visible, specifications, certificates and a clear call to inquire.",
            zh="对照店铺表现最好的产品（RFQ010）修改详情页：价格和起订量清楚、规格和证书齐全、"
            "明确引导买家询盘。",
        ),
        priority=1, effort=Effort.MEDIUM, basis="diagrules",
    )],
    doc=RuleDoc(
        what=text(
            en="Names the products with no inquiry whose search clicks are at least the median "
            "product's (min_clicks_factor 1.0), most clicks first; up to 5 (max_products).",
            zh="列出没有询盘、搜索点击不少于中位数产品（`min_clicks_factor` 1.0）的产品，按点击从多到少，"
            "最多5个（`max_products`）。",
        ),
        why=text(
            en="Buyers who click and leave without asking found the product but not a reason to "
            "contact the store: the detail page lost them.",
            zh="买家点进来又没有询盘就离开，说明找到了产品却没找到联系的理由：问题在详情页。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False, notes=_OWN_FACTORS,
        threshold_basis="diagrules",
    ),
)
def clicks_without_inquiries(ctx: RuleContext, p: ClickedNoInquiryParams) -> Iterator[Finding]:
    rows = _products(ctx, "clicks_30d", "inquiries_30d")
    clicked = [r for r in rows if r.clicks_30d]
    median_clicks = _median(clicked, lambda r: r.clicks_30d)
    if not median_clicks:
        raise Skip(text(en="no product of the export has search clicks", zh="报表中没有有搜索点击的产品"))
    hits = [r for r in clicked if r.inquiries_30d == 0 and (r.clicks_30d or 0) >= p.min_clicks_factor * median_clicks]
    hits.sort(key=lambda r: -(r.clicks_30d or 0))
    for row in hits[: p.max_products]:
        yield ctx.finding(
            observed=0, threshold=1, comparison=">=", item=row.product_id, **product_names(row),
            clicks=f"{row.clicks_30d:,}", median_clicks=f"{median_clicks:,.0f}",
            visitors="-" if row.visitors_30d is None else f"{row.visitors_30d:,}",
            details={"clicks_30d": row.clicks_30d, "visitors_30d": row.visitors_30d,
                     "median_clicks": median_clicks},
        )


# -- RFQ013 never shown ----------------------------------------------------------------------


@rule(
    "RFQ013", "datamanager-no-impressions",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq", datasets=[PRODUCTS],
    params=_ReviewParams, unit="count",
    title=text(en="Products with no search impressions", zh="没有搜索曝光的产品"),
    message=text(
        en="{product_en} had no search impression in the period: buyers cannot find it.",
        zh="{product_zh} 本期没有任何搜索曝光：买家搜不到它。",
    ),
    remedies=[Remedy(
        text(
            en="Check its keywords and category against the store's best product (RFQ010); "
            "re-publish it with the keywords buyers use, or take it offline.",
            zh="对照店铺表现最好的产品（RFQ010）检查关键词和类目；用买家常搜的关键词重新发布，或下架。",
        ),
        priority=2, effort=Effort.LOW, basis="diagrules",
    )],
    doc=RuleDoc(
        what=text(
            en="Names the products whose search impressions in the export are 0 (a '-' is no "
            "data and is not judged); up to 5 (max_products).",
            zh="列出报表中搜索曝光为0的产品（“-”表示无数据，不判断），最多5个（`max_products`）。",
        ),
        why=text(
            en="A product never shown in search earns nothing and dilutes the store's product "
            "quality; it is the plainest waste in the export.",
            zh="从未在搜索中展示的产品不会带来任何商机，还拉低店铺产品质量；这是报表中最明显的浪费。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False, notes=_OWN_FACTORS,
        threshold_basis="diagrules",
    ),
)
def no_impressions(ctx: RuleContext, p: _ReviewParams) -> Iterator[Finding]:
    rows = _products(ctx, "impressions_30d")
    for row in [r for r in rows if r.impressions_30d == 0][: p.max_products]:
        yield ctx.finding(observed=0, threshold=1, comparison=">=", item=row.product_id, **product_names(row))


RULES = [products_to_learn_from, impressions_without_clicks, clicks_without_inquiries, no_impressions]
