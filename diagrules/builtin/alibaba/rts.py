"""Alibaba.com Ready-To-Ship rules (rule prefix ``RTS``).

RTS products are in stock, have a fixed price and freight, and are ordered and paid online;
customized (定制) products are negotiated through inquiries. Practitioner article 000
("阿里巴巴国际站RTS到底有多重要", 2023-03-19) shows how hard the platform pushes RTS: the RTS
channel sits in prime slots, a product becomes a hot product (爆品) with 5 orders as RTS but
needs 32 inquiries as customized, Weekly Deals accepts only RTS, and the RTS star level is only
rated once RTS products are 30 % of the store. These rules read the store's RTS counts and the
Data Manager (数据管家) product export, one row per product.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from diagrules import (
    Dataset,
    Effort,
    Finding,
    Metric,
    Params,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    count_rows,
    hookimpl,
    ratio,
    rule,
    share_of_rows,
    text,
)
from diagrules.builtin.alibaba.common import (
    ALIBABA,
    LISTED_PRODUCTS,
    PRODUCTS,
    SHARED_DATASETS,
    SHARED_METRICS,
    Kind,
    Product,
)

ARTICLE_000 = "practitioner article 000 (阿里巴巴国际站RTS到底有多重要, Alibaba.com RTS)"
ARTICLE_000_DATE = "2023-03-19"
RTS_RECTIFY_RULE = "Alibaba.com rule page rule.alibaba.com/rule/detail/11004574.htm (待整改RTS商品)"
RTS_STANDARD_SOURCE = "ssopdot.com/blog/15422.html (third-party summary of the RTS standard)"
UNDATED = "undated page (stored copy shows no date)"

def _is_rts(row: Product) -> bool | None:
    return None if row.kind is None else row.kind == "rts"


# -- store metrics -----------------------------------------------------------------------------

RTS_PRODUCTS = Metric(
    "rts_products", unit="count", better="higher", platform="alibaba",
    label=text(en="RTS products", zh="RTS产品数"),
    description=text(
        en="Ready-To-Ship products online; counted from the products table when not given.",
        zh="在线的RTS(现货直发)产品数;未提供时按产品表统计。",
    ),
    aliases=["RTS产品数", "RTS商品数", "rts_product_count"],
    derive=count_rows(PRODUCTS, _is_rts),
)

RTS_PRODUCT_SHARE = Metric(
    "rts_product_share", unit="ratio", better="higher", platform="alibaba",
    label=text(en="RTS product share", zh="RTS产品占比"),
    description=text(
        en="RTS products / listed products; from the store counts when given, else from the "
        "products table.",
        zh="RTS产品数 / 在线产品数;优先用店铺统计数,否则按产品表计算。",
    ),
    aliases=["RTS产品占比", "RTS占比"],
    derive=ratio(RTS_PRODUCTS, LISTED_PRODUCTS).or_else(share_of_rows(PRODUCTS, _is_rts)),
)

SMALL_BUYER_SHARE = Metric(
    "small_buyer_share", unit="ratio", better=None, platform="alibaba",
    label=text(en="Small-buyer share", zh="零散买家占比"),
    description=text(
        en="Share of the store's buyers whose procurement scale is small or scattered "
        "(Data Manager buyer analysis, 买家采购规模).",
        zh="按采购规模划分,零散/小额采购买家占店铺买家的比例(数据管家 买家采购规模)。",
    ),
    aliases=["零散买家占比", "小B买家占比", "small_buyers_share"],
)

# -- helpers -----------------------------------------------------------------------------------


def _require_column(rows: list[Product], *fields: str) -> list[Product]:
    """``rows``, or skip the rule when none of ``fields`` was exported as a column."""
    return list(PRODUCTS.require(rows, *fields))


def _rows_needing(ctx: RuleContext, kind: Kind, *fields: str) -> list[Product]:
    """Rows of ``kind``; skip the rule when there are none or ``fields`` were not exported."""
    rows = [r for r in _require_column(ctx.rows(PRODUCTS), "kind") if r.kind == kind]
    label = "RTS" if kind == "rts" else "customized"
    if not rows:
        raise Skip(f"the products table has no {label} products")
    return _require_column(rows, *fields)


def _most_valuable_first(rows: Iterable[Product]) -> list[Product]:
    """Orders first, then inquiries: the products where a fix earns most come first."""
    return sorted(rows, key=lambda r: (-(r.orders_30d or 0), -(r.inquiries_30d or 0)))


def _name(row: Product) -> str:
    return f"{row.product_id} ({row.title})" if row.title else row.product_id


def _usd(value: float) -> str:
    return f"US${value:,.2f}"


def _pct(value: float) -> str:
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _catalogue(ctx: RuleContext) -> tuple[int | None, int | None]:
    """(RTS products, listed products), from the same source as ``rts_product_share``:
    the store counts when both are usable, else the products table."""
    listed, rts = ctx.get(LISTED_PRODUCTS), ctx.get(RTS_PRODUCTS)
    if listed and rts is not None:
        return int(rts), int(listed)
    rows = ctx.rows(PRODUCTS)
    if rows:
        return sum(1 for r in rows if _is_rts(r)), len(rows)
    return (None if rts is None else int(rts)), (None if listed is None else int(listed))


def _details(row: Product, **extra: Any) -> dict[str, Any]:
    base = {
        "title": row.title, "kind": row.kind, "product_level": row.product_level,
        "orders_30d": row.orders_30d, "inquiries_30d": row.inquiries_30d,
    }
    return {k: v for k, v in {**base, **extra}.items() if v is not None}


# -- RTS001 ------------------------------------------------------------------------------------


class RtsShareParams(Params):
    """``min_share``: RTS share of listed products at which the RTS star level is rated (0–1);
    ``max_candidates``: how many customized products to name as conversion candidates."""

    min_share: float = 0.30
    max_candidates: int = 5


_RTS001_COUNTS = text(
    en="RTS products are {observed} of the store's products ({rts} of {total}); an RTS star "
    "rating needs at least {threshold}. RTS products still needed: {needed}.",
    zh="RTS产品占店铺产品的 {observed}({rts}/{total}),RTS星等级至少需要 {threshold}。"
    "还需转为或新发布 {needed} 个RTS产品。",
)
_RTS001_CANDIDATES = text(
    en="RTS products are {observed} of the store's products ({rts} of {total}); an RTS star "
    "rating needs at least {threshold}. RTS products still needed: {needed}; convert first the "
    "customized products buyers already ask about: {candidates}.",
    zh="RTS产品占店铺产品的 {observed}({rts}/{total}),RTS星等级至少需要 {threshold}。"
    "还需转为或新发布 {needed} 个RTS产品,优先转换已有询盘的定制品:{candidates}。",
)
_RTS001_SHARE = text(
    en="RTS products are {observed} of the store's products; an RTS star rating needs at least "
    "{threshold}.",
    zh="RTS产品占店铺产品的 {observed},RTS星等级至少需要 {threshold}。",
)


@rule(
    "RTS001", "rts-share-for-star-rating",
    severity=Severity.WARNING, platform="alibaba", ruleset="rts",
    requires=[RTS_PRODUCT_SHARE], uses=[RTS_PRODUCTS, LISTED_PRODUCTS], params=RtsShareParams,
    title=text(en="RTS share too low for an RTS star rating", zh="RTS产品占比不足,无法参与RTS星等级评定"),
    message=_RTS001_COUNTS,
    remedies=[
        Remedy(
            text(
                en="This week, convert to RTS the customized products that already get inquiries "
                "and that you hold in stock: set tier prices, MOQ, a shipping template and a lead "
                "time of 15 days or less, until RTS products reach 30% of listings.",
                zh="本周把已有询盘且有现货的定制品转为RTS:设置阶梯价、起订量、运费模板,发货期不超过"
                "15天,直到RTS产品达到在线产品的30%。",
            ),
            priority=1, effort=Effort.MEDIUM,
            effect=text(en="The store becomes eligible for an RTS star rating.",
                        zh="店铺达到RTS星等级的评定门槛。"),
        ),
        Remedy(
            text(
                en="Publish new listings as RTS (the default in the publishing form) instead of "
                "switching them to customized.",
                zh="新发产品直接按RTS发布(发布页默认即为RTS),不要改成定制品。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="RTS products are less than the share of listed products (default 30%) at which "
            "Alibaba.com rates a store's RTS star level.",
            zh="RTS产品占在线产品的比例低于国际站评定RTS星等级的门槛(默认30%)。",
        ),
        why=text(
            en="Below 30% the store gets no RTS star level at all, so it misses the ranking and "
            "resources that come with it while the platform steers traffic to RTS.",
            zh="低于30%时店铺根本不参与RTS星等级评定,在平台把流量导向RTS的同时拿不到相应的排序和资源。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
        notes=text(
            en="No official page states the 30% rule; adjust min_share if the platform changes it.",
            zh="未找到官方页面说明30%规则;平台调整时请修改 min_share。",
        ),
    ),
)
def rts_share_for_star_rating(ctx: RuleContext, p: RtsShareParams) -> Iterator[Finding]:
    share = ctx[RTS_PRODUCT_SHARE]
    if share >= p.min_share:
        return
    rts, total = _catalogue(ctx)
    if rts is None or total is None:
        yield ctx.finding(observed=share, threshold=p.min_share, comparison=">=",
                          message=_RTS001_SHARE)
        return
    needed = max(1, math.ceil(p.min_share * total - rts - 1e-9))
    customized = [r for r in ctx.rows(PRODUCTS) if r.kind == "customized" and (r.inquiries_30d or 0) > 0]
    customized.sort(key=lambda r: (-(r.inquiries_30d or 0), -(r.orders_30d or 0)))
    candidates = [r.product_id for r in customized[: min(needed, p.max_candidates)]]
    yield ctx.finding(
        observed=share, threshold=p.min_share, comparison=">=",
        message=_RTS001_CANDIDATES if candidates else _RTS001_COUNTS,
        rts=rts, total=total, needed=needed, candidates=", ".join(candidates),
        details={"rts_products": rts, "listed_products": total, "needed": needed,
                 "candidates": candidates},
    )


# -- RTS002 ------------------------------------------------------------------------------------


class NoRtsParams(Params):
    """``min_rts_products``: the fewest RTS products a store with listings should have."""

    min_rts_products: int = 1


@rule(
    "RTS002", "no-rts-products",
    severity=Severity.ERROR, platform="alibaba", ruleset="rts",
    requires=[RTS_PRODUCTS], uses=[LISTED_PRODUCTS], params=NoRtsParams, unit="count",
    title=text(en="No RTS products", zh="没有RTS产品"),
    message=text(
        en="The store has {observed} RTS products among {total} listed products (at least "
        "{threshold} expected); RTS is the channel Alibaba.com promotes by default.",
        zh="店铺 {total} 个在线产品中只有 {observed} 个RTS产品(至少应有 {threshold} 个);"
        "RTS是国际站默认主推的渠道。",
    ),
    remedies=[
        Remedy(
            text(
                en="List your 5–10 best-selling in-stock items as RTS this week: fixed tier price, "
                "MOQ, a shipping template for your main destination countries and a lead time of "
                "15 days or less.",
                zh="本周把5–10个畅销且有现货的产品发布为RTS:固定阶梯价、起订量、覆盖主要目的国的运费模板,"
                "发货期不超过15天。",
            ),
            priority=1, effort=Effort.MEDIUM,
            effect=text(en="The store appears in the RTS channel and can join RTS-only campaigns.",
                        zh="店铺产品进入RTS频道,并可报名只限RTS的活动。"),
        ),
        Remedy(
            text(
                en="For products that cannot be stocked, publish a standard RTS version (one "
                "common spec and colour) next to the customized listing.",
                zh="无法备货的产品,在定制品之外另发一个标准款RTS(常用规格、颜色)。",
            ),
            priority=2, effort=Effort.MEDIUM,
        ),
    ],
    doc=RuleDoc(
        what=text(en="The store has listings but no (or too few) RTS products.",
                  zh="店铺有在线产品,但没有(或太少)RTS产品。"),
        why=text(
            en="Alibaba.com publishes new products as RTS by default and gives the RTS channel "
            "prime slots on PC and mobile; a store without RTS products is absent from them.",
            zh="国际站默认以RTS发布新品,并在PC端和手机端首屏给RTS频道重要坑位;没有RTS产品的店铺拿不到这些流量。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
    ),
)
def no_rts_products(ctx: RuleContext, p: NoRtsParams) -> Iterator[Finding]:
    rts, total = _catalogue(ctx)
    if total is None:
        raise Skip("the number of listed products is unknown", missing=[LISTED_PRODUCTS.name])
    if total > 0 and rts is not None and rts < p.min_rts_products:
        yield ctx.finding(observed=rts, threshold=p.min_rts_products, comparison=">=", total=total)


# -- RTS003 ------------------------------------------------------------------------------------


class NearHotParams(Params):
    """``hot_orders``: orders that make an RTS product a hot product (爆品);
    ``margin``: how many orders short of it still counts as "near"."""

    hot_orders: int = 5
    margin: int = 2


@rule(
    "RTS003", "rts-near-hot-threshold",
    severity=Severity.INFO, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=NearHotParams, unit="count",
    title=text(en="RTS product close to hot-product status", zh="RTS产品接近爆品门槛"),
    message=text(
        en="RTS product {product} has {observed} orders, {gap} short of the {threshold} that make "
        "it a hot product.",
        zh="RTS产品 {product} 已有 {observed} 笔成交,再成交 {gap} 笔即达到爆品门槛({threshold} 笔)。",
    ),
    remedies=[
        Remedy(
            text(
                en="Give these products a P4P (直通车) budget for one week and enrol them in the "
                "current RTS campaign: they are the cheapest hot products the store can get.",
                zh="本周给这些产品开一周直通车预算并报名当期RTS活动:它们是店铺成本最低的潜在爆品。",
            ),
            priority=1, effort=Effort.LOW,
            effect=text(en="A hot product gets more search exposure and a hot-product tag.",
                        zh="爆品获得更多搜索曝光和爆品标识。"),
        ),
        Remedy(
            text(
                en="Ask buyers with open inquiries or draft orders for these products to pay "
                "online through Trade Assurance so the order counts.",
                zh="联系对这些产品有询盘或起草订单的买家,引导其通过信保在线下单付款,使订单计入成交。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="An RTS product is a few orders short of the hot-product (爆品) threshold "
            "(default: 3–4 orders where 5 make it hot).",
            zh="RTS产品距离爆品门槛只差几笔成交(默认:已有3–4笔,5笔即成爆品)。",
        ),
        why=text(
            en="An RTS product becomes hot with 5 orders while a customized one needs 32 "
            "inquiries; pushing the nearly-hot RTS products is the cheapest way to add hot products.",
            zh="RTS产品5笔成交即成爆品,定制品却需32个询盘;推动接近门槛的RTS产品是增加爆品最省钱的办法。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
        notes=text(en="The margin of 2 orders is a diagrules default.",
                   zh="“差2笔以内”为diagrules默认值。"),
    ),
)
def rts_near_hot_threshold(ctx: RuleContext, p: NearHotParams) -> Iterator[Finding]:
    rows = _rows_needing(ctx, "rts", "orders_30d")
    low = p.hot_orders - p.margin
    for row in _most_valuable_first(rows):
        orders = row.orders_30d
        if orders is not None and low <= orders < p.hot_orders:
            yield ctx.finding(
                observed=orders, threshold=p.hot_orders, comparison=">=", item=row.product_id,
                product=_name(row), gap=p.hot_orders - orders, details=_details(row),
            )


# -- RTS004 ------------------------------------------------------------------------------------


class HotPathParams(Params):
    """``min_inquiries``: inquiries from which an RTS variant is worth offering (default: the
    5 orders an RTS product needs to be hot); ``hot_inquiries``: inquiries a customized product
    needs to be hot; ``rts_hot_orders``: orders an RTS product needs to be hot."""

    min_inquiries: int = 5
    hot_inquiries: int = 32
    rts_hot_orders: int = 5


@rule(
    "RTS004", "customized-vs-rts-hot-path",
    severity=Severity.INFO, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=HotPathParams, unit="count",
    title=text(en="Customized product with a shorter path to hot as RTS",
               zh="定制品改走RTS更容易成为爆品"),
    message=text(
        en="Customized product {product} has {observed} inquiries; a customized product needs "
        "{threshold} to become a hot product, an RTS product needs only {rts_orders} orders.",
        zh="定制品 {product} 有 {observed} 个询盘;定制品需 {threshold} 个询盘才能成为爆品,"
        "RTS产品只需 {rts_orders} 笔成交。",
    ),
    remedies=[
        Remedy(
            text(
                en="Publish an RTS variant of the product (standard spec, fixed tier price, MOQ, "
                "shipping template) and link it from the customized listing.",
                zh="为该产品发布一个RTS版本(标准规格、固定阶梯价、起订量、运费模板),并在定制品详情页中链接。",
            ),
            priority=1, effort=Effort.MEDIUM,
            effect=text(en="Buyers who only need the standard version can order at once; 5 orders "
                        "make the RTS variant hot.",
                        zh="只需标准款的买家可直接下单;RTS版本5笔成交即成爆品。"),
        ),
        Remedy(
            text(
                en="Answer this product's open inquiries with the RTS variant's link and price for "
                "small quantities.",
                zh="回复该产品的未结询盘时附上RTS版本的链接和小批量价格。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="A customized product draws inquiries (default ≥ 5) but is short of the 32 a "
            "customized product needs to become hot.",
            zh="定制品已有一定询盘(默认≥5个),但不足定制品成为爆品所需的32个。",
        ),
        why=text(
            en="The same demand makes a product hot far sooner as RTS (5 orders) than as "
            "customized (32 inquiries).",
            zh="同样的需求,作为RTS(5笔成交)远比作为定制品(32个询盘)更快成为爆品。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
    ),
)
def customized_vs_rts_hot_path(ctx: RuleContext, p: HotPathParams) -> Iterator[Finding]:
    rows = _rows_needing(ctx, "customized", "inquiries_30d")
    for row in _most_valuable_first(rows):
        inquiries = row.inquiries_30d
        if inquiries is not None and p.min_inquiries <= inquiries < p.hot_inquiries:
            yield ctx.finding(
                observed=inquiries, threshold=p.hot_inquiries, comparison=">=",
                item=row.product_id, product=_name(row), rts_orders=p.rts_hot_orders,
                details=_details(row),
            )


# -- RTS005 ------------------------------------------------------------------------------------


class WeeklyDealsParams(Params):
    """``accepted_kinds``: product kinds Weekly Deals accepts (only RTS as of the source)."""

    accepted_kinds: tuple[Kind, ...] = ("rts",)


_KIND_LABEL = {"rts": "RTS", "customized": "customized"}
_KIND_LABEL_ZH = {"rts": "RTS", "customized": "定制品"}


@rule(
    "RTS005", "weekly-deals-requires-rts",
    severity=Severity.ERROR, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=WeeklyDealsParams, unit="enum",
    title=text(en="Weekly Deals candidate is not RTS", zh="计划报名Weekly Deals的产品不是RTS"),
    message=text(
        en="Product {product} is planned for Weekly Deals but is {observed_en}; Weekly Deals "
        "accepts only {accepted_en} products.",
        zh="产品 {product} 计划报名 Weekly Deals,但它是{observed_zh};Weekly Deals 只接受"
        " {accepted_zh} 产品。",
    ),
    remedies=[
        Remedy(
            text(
                en="Convert the product to RTS before enrolment closes (tier price, MOQ, shipping "
                "template, lead time of 15 days or less), or take it off the campaign plan.",
                zh="在报名截止前把该产品转为RTS(阶梯价、起订量、运费模板、发货期不超过15天),否则从活动计划中移除。",
            ),
            priority=1, effort=Effort.MEDIUM,
            effect=text(en="The enrolment is accepted.", zh="活动报名可以通过。"),
        ),
        Remedy(
            text(
                en="Put an RTS product with recent orders into the Weekly Deals slot instead.",
                zh="改用一个近期有成交的RTS产品报名 Weekly Deals。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(en="A product planned for Weekly Deals is not an RTS product.",
                  zh="计划报名 Weekly Deals 的产品不是RTS产品。"),
        why=text(
            en="Weekly Deals, a channel placed above RTS, only accepts RTS products; a customized "
            "product's enrolment is rejected and the slot is lost.",
            zh="Weekly Deals 频道位置比RTS还靠前,只接受RTS产品报名;定制品报名会被拒,白白浪费名额。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
    ),
)
def weekly_deals_requires_rts(ctx: RuleContext, p: WeeklyDealsParams) -> Iterator[Finding]:
    rows = _require_column(_require_column(ctx.rows(PRODUCTS), "in_weekly_deals"), "kind")
    accepted = p.accepted_kinds
    for row in _most_valuable_first(rows):
        if row.in_weekly_deals and row.kind is not None and row.kind not in accepted:
            yield ctx.finding(
                observed=row.kind, threshold=" | ".join(accepted), comparison="in",
                item=row.product_id, product=_name(row),
                observed_en=_KIND_LABEL[row.kind], observed_zh=_KIND_LABEL_ZH[row.kind],
                accepted_en=" / ".join(_KIND_LABEL[k] for k in accepted),
                accepted_zh=" / ".join(_KIND_LABEL_ZH[k] for k in accepted),
                details=_details(row),
            )


# -- RTS006 ------------------------------------------------------------------------------------


class PackagingParams(Params):
    """``kinds``: product kinds that must carry cross-border packaging information (all, as of
    the source)."""

    kinds: tuple[Kind, ...] = ("rts", "customized")


@rule(
    "RTS006", "cross-border-packaging-missing",
    severity=Severity.ERROR, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=PackagingParams, unit="bool",
    title=text(en="Cross-border packaging information missing", zh="缺少跨境电商专用包装信息"),
    message=text(
        en="Product {product} has no cross-border e-commerce packaging (跨境电商专用包装) "
        "information, a mandatory field.",
        zh="产品 {product} 未填写跨境电商专用包装信息(必填项)。",
    ),
    remedies=[
        Remedy(
            text(
                en="Open each listed product in product management and fill in the cross-border "
                "packaging fields: packed size and gross weight per selling unit.",
                zh="在产品管理中逐个编辑在线产品,填写跨境电商专用包装:每个销售单位的包装尺寸和毛重。",
            ),
            priority=1, effort=Effort.LOW,
            effect=text(en="Listings are complete and freight can be calculated for buyers.",
                        zh="产品信息完整,买家可看到准确运费。"),
        ),
        Remedy(
            text(
                en="Measure and weigh one packed unit per product family first, then copy the "
                "figures to its variants.",
                zh="先为每个产品系列实测一个包装件的尺寸和重量,再复制到同系列产品。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(en="A product lacks the cross-border e-commerce packaging information.",
                  zh="产品缺少跨境电商专用包装信息。"),
        why=text(
            en="The packaging field is mandatory for every product, RTS or customized; without "
            "it freight cannot be shown and the listing is incomplete.",
            zh="无论RTS还是定制品,跨境电商专用包装都是必填项;缺少它无法显示运费,产品信息也不完整。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
    ),
)
def cross_border_packaging_missing(ctx: RuleContext, p: PackagingParams) -> Iterator[Finding]:
    rows = _require_column(ctx.rows(PRODUCTS), "has_cross_border_packaging")
    for row in _most_valuable_first(rows):
        if row.kind in p.kinds and not row.has_cross_border_packaging:
            yield ctx.finding(observed=False, threshold=True, comparison="==",
                              item=row.product_id, product=_name(row), details=_details(row))


# -- RTS007 ------------------------------------------------------------------------------------


class FreightMissingParams(Params):
    """``removal_days``: days a flagged RTS product has before Alibaba.com removes it."""

    removal_days: int = 15


@rule(
    "RTS007", "rts-freight-missing",
    severity=Severity.ERROR, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=FreightMissingParams, unit="bool",
    title=text(en="RTS product without freight", zh="RTS产品未设置运费"),
    message=text(
        en="RTS product {product} has no shipping template or freight: Alibaba.com flags it "
        "'to be rectified' (待整改) and removes it after {removal_days} days.",
        zh="RTS产品 {product} 未设置运费模板或运费:平台会将其标记为“待整改”,{removal_days} 天内未整改将被下架。",
    ),
    remedies=[
        Remedy(
            text(
                en="Assign a shipping template to each of these RTS products today, covering at "
                "least your top destination countries (Data Manager → visitor countries).",
                zh="今天为这些RTS产品设置运费模板,至少覆盖主要目的国(数据管家→访客国家分布)。",
            ),
            priority=1, effort=Effort.LOW,
            effect=text(en="The products keep their RTS status and are not removed.",
                        zh="产品保留RTS资格,不会被下架。"),
        ),
        Remedy(
            text(
                en="Check the 待整改 (to be rectified) RTS list in product management every day "
                "this week until it is empty.",
                zh="本周每天检查产品管理中的“待整改”RTS产品列表,直到清零。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(en="An RTS product has no shipping template or freight set.",
                  zh="RTS产品没有设置运费模板或运费。"),
        why=text(
            en="An RTS product without freight to any country is flagged 'to be rectified' and "
            "removed if not fixed within 15 days.",
            zh="未设置任何国家运费的RTS产品会被标记为“待整改”,15天内未整改将被下架。",
        ),
        source=RTS_RECTIFY_RULE, as_of=UNDATED, official=True,
    ),
)
def rts_freight_missing(ctx: RuleContext, p: FreightMissingParams) -> Iterator[Finding]:
    rows = _rows_needing(ctx, "rts", "has_shipping_template", "freight_usd")
    for row in _most_valuable_first(rows):
        has_freight = row.has_shipping_template
        if has_freight is None:
            has_freight = row.freight_usd is not None
        if not has_freight:
            yield ctx.finding(observed=False, threshold=True, comparison="==",
                              item=row.product_id, product=_name(row),
                              removal_days=p.removal_days, details=_details(row))


# -- RTS008 ------------------------------------------------------------------------------------


class FreightShareParams(Params):
    """``max_share``: the highest acceptable freight / price ratio for one RTS product."""

    max_share: float = 0.5


@rule(
    "RTS008", "rts-freight-share-high",
    severity=Severity.WARNING, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=FreightShareParams, unit="ratio",
    title=text(en="Freight high compared with price", zh="运费占售价比例过高"),
    message=text(
        en="RTS product {product}: freight {freight} is {observed} of the price {price}, above "
        "{threshold}; buyers drop out when they see the freight.",
        zh="RTS产品 {product} 的运费 {freight} 占售价 {price} 的 {observed},超过 {threshold};"
        "买家看到运费容易流失。",
    ),
    remedies=[
        Remedy(
            text(
                en="Move the main destination countries to cheaper consolidated logistics "
                "(Alibaba.com Logistics, door-to-warehouse or warehouse-to-door) and update the "
                "shipping template.",
                zh="主要目的国改用更便宜的集运物流(阿里巴巴物流、门到仓或仓到门),并更新运费模板。",
            ),
            priority=1, effort=Effort.MEDIUM,
            effect=text(en="Lower freight at checkout, fewer abandoned orders.",
                        zh="下单时运费更低,放弃下单的买家减少。"),
        ),
        Remedy(
            text(
                en="Raise the MOQ or offer a multi-unit pack so the freight is spread over more "
                "units.",
                zh="提高起订量或提供多件装,让运费分摊到更多件数上。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="An RTS product's freight is high compared with its price (default: above 50%, "
            "freight and price for the same quantity).",
            zh="RTS产品运费相对售价过高(默认:超过50%,运费与售价按同一数量计)。",
        ),
        why=text(
            en="Conversion on Alibaba.com is lost when buyers see the freight: prices look "
            "lower than AliExpress until the freight appears.",
            zh="国际站转化低的一个原因是“一谈到运费,客户就退却了”:产品价格比速卖通低,但运费一出来买家就走了。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
        notes=text(en="The 50% threshold is a diagrules default, not from the article.",
                   zh="50%阈值为diagrules默认值,并非来自原文。"),
    ),
)
def rts_freight_share_high(ctx: RuleContext, p: FreightShareParams) -> Iterator[Finding]:
    rows = _require_column(_rows_needing(ctx, "rts", "freight_usd"), "price_usd")
    for row in _most_valuable_first(rows):
        freight, price = row.freight_usd, row.price_usd
        if freight is None or not price:
            continue
        share = freight / price
        if share > p.max_share:
            yield ctx.finding(
                observed=share, threshold=p.max_share, comparison="<=", item=row.product_id,
                product=_name(row), freight=_usd(freight), price=_usd(price),
                details=_details(row, freight_usd=freight, price_usd=price),
            )


# -- RTS009 ------------------------------------------------------------------------------------


class LeadTimeParams(Params):
    """``max_days``: the longest lead time at minimum MOQ an RTS product may have."""

    max_days: float = 15


@rule(
    "RTS009", "rts-lead-time",
    severity=Severity.WARNING, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=LeadTimeParams, unit="days",
    title=text(en="RTS lead time too long", zh="RTS产品发货期过长"),
    message=text(
        en="RTS product {product} ships in {observed}; RTS requires {threshold} or "
        "less at the minimum order quantity.",
        zh="RTS产品 {product} 的发货期为 {observed},RTS要求最小起订量下不超过 {threshold}。",
    ),
    remedies=[
        Remedy(
            text(
                en="Keep the minimum order quantity in stock and set the lead time at MOQ to 15 "
                "days or less; put longer lead times only on the larger quantity tiers.",
                zh="按最小起订量备好库存,把起订量下的发货期设为15天以内;较长的发货期只放在大批量阶梯上。",
            ),
            priority=1, effort=Effort.MEDIUM,
            effect=text(en="The product meets the RTS standard again.", zh="产品重新符合RTS标准。"),
        ),
        Remedy(
            text(
                en="If the product cannot ship within 15 days, change it to customized so it is "
                "not flagged as failing the RTS standard.",
                zh="确实无法15天内发货的产品改为定制品,避免被判定为不符合RTS标准。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(en="An RTS product's lead time at minimum MOQ is longer than 15 days.",
                  zh="RTS产品在最小起订量下的发货期超过15天。"),
        why=text(
            en="RTS means the buyer can order at once with clear freight and a lead time of at "
            "most 15 days at minimum MOQ; a product that fails the RTS standard is flagged for "
            "rectification.",
            zh="RTS要求买家可直接下单、运费清晰,且最小起订量下发货期不超过15天;不符合RTS标准的产品会被要求整改。",
        ),
        source=RTS_STANDARD_SOURCE, as_of=UNDATED, official=False,
    ),
)
def rts_lead_time(ctx: RuleContext, p: LeadTimeParams) -> Iterator[Finding]:
    rows = _rows_needing(ctx, "rts", "lead_time_days")
    for row in _most_valuable_first(rows):
        days = row.lead_time_days
        if days is not None and days > p.max_days:
            yield ctx.finding(observed=days, threshold=p.max_days, comparison="<=",
                              item=row.product_id, product=_name(row), details=_details(row))


# -- RTS010 ------------------------------------------------------------------------------------


class SmallBuyerParams(Params):
    """``min_small_buyer_share``: small-buyer share from which the buyer mix counts as small-B;
    ``min_rts_share``: RTS share such a store should reach."""

    min_small_buyer_share: float = 0.5
    min_rts_share: float = 0.30


@rule(
    "RTS010", "small-buyers-underserved",
    severity=Severity.WARNING, platform="alibaba", ruleset="rts",
    requires=[RTS_PRODUCT_SHARE, SMALL_BUYER_SHARE], params=SmallBuyerParams,
    title=text(en="Small buyers underserved by RTS", zh="零散买家多,但RTS产品少"),
    message=text(
        en="{small} of buyers are small or scattered buyers, but RTS products are only "
        "{observed} of the store's products (below {threshold}).",
        zh="零散买家占买家的 {small},但RTS产品只占店铺产品的 {observed}(低于 {threshold})。",
    ),
    remedies=[
        Remedy(
            text(
                en="Convert the products small buyers ask about (samples, small quantities) to RTS "
                "with a low MOQ and a shipping template.",
                zh="把零散买家常问的产品(样品、小批量)转为RTS,设置低起订量和运费模板。",
            ),
            priority=1, effort=Effort.MEDIUM,
            effect=text(en="Small buyers can order online without negotiating.",
                        zh="零散买家无需议价即可在线下单。"),
        ),
        Remedy(
            text(
                en="Check the buyer procurement-scale chart (买家采购规模) in Data Manager each "
                "month and raise the RTS share while small buyers stay above half.",
                zh="每月查看数据管家的买家采购规模;只要零散买家仍超过一半,就逐步提高RTS占比。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Most buyers (default ≥ 50%) are small or scattered, yet RTS products are below "
            "30% of the store.",
            zh="多数买家(默认≥50%)是零散买家,但RTS产品不足店铺产品的30%。",
        ),
        why=text(
            en="Buyers on Alibaba.com are getting smaller (小B化); RTS exists to serve them, and "
            "a store whose buyers are mostly small but whose products need negotiation loses them.",
            zh="国际站买家日益小B化,RTS正是为他们而设;买家以零散客户为主而产品仍需议价的店铺会流失这些买家。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
    ),
)
def small_buyers_underserved(ctx: RuleContext, p: SmallBuyerParams) -> Iterator[Finding]:
    small = ctx[SMALL_BUYER_SHARE]
    share = ctx[RTS_PRODUCT_SHARE]
    if small >= p.min_small_buyer_share and share < p.min_rts_share:
        yield ctx.finding(observed=share, threshold=p.min_rts_share, comparison=">=",
                          small=_pct(small), details={"small_buyer_share": small})


# -- registration ------------------------------------------------------------------------------

METRICS: Sequence[Metric] = [*SHARED_METRICS, RTS_PRODUCTS, RTS_PRODUCT_SHARE, SMALL_BUYER_SHARE]
DATASETS: Sequence[Dataset] = [*SHARED_DATASETS]
RULES = [
    rts_share_for_star_rating, no_rts_products, rts_near_hot_threshold, customized_vs_rts_hot_path,
    weekly_deals_requires_rts, cross_border_packaging_missing, rts_freight_missing,
    rts_freight_share_high, rts_lead_time, small_buyers_underserved,
]


@hookimpl
def diagrules_platforms() -> list[object]:
    return [ALIBABA]


@hookimpl
def diagrules_metrics() -> list[Metric]:
    return list(METRICS)


@hookimpl
def diagrules_datasets() -> list[Dataset]:
    return list(DATASETS)


@hookimpl
def diagrules_rules() -> list[object]:
    return list(RULES)
