"""RTS001–RTS005 and RTS010: the store's mix of RTS and customized products, the path to hot
products, Weekly Deals and small buyers (article 000)."""

from __future__ import annotations

import math
from collections.abc import Iterator

from diagrules import (
    Effort,
    Finding,
    Params,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import (
    LISTED_PRODUCTS,
    PRODUCTS,
    Kind,
)
from diagrules.builtin.alibaba.rts_metrics import (
    RTS_PRODUCT_SHARE,
    RTS_PRODUCTS,
    SMALL_BUYER_SHARE,
    catalogue_counts,
    most_valuable_first,
    pct,
    product_details,
    product_name,
    require_column,
    rows_needing,
)
from diagrules.builtin.alibaba.sources import (
    ARTICLE_000,
    ARTICLE_000_DATE,
)

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
    rts, total = catalogue_counts(ctx)
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
    rts, total = catalogue_counts(ctx)
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
    rows = rows_needing(ctx, "rts", "orders_30d")
    low = p.hot_orders - p.margin
    for row in most_valuable_first(rows):
        orders = row.orders_30d
        if orders is not None and low <= orders < p.hot_orders:
            yield ctx.finding(
                observed=orders, threshold=p.hot_orders, comparison=">=", item=row.product_id,
                product=product_name(row), gap=p.hot_orders - orders, details=product_details(row),
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
    rows = rows_needing(ctx, "customized", "inquiries_30d")
    for row in most_valuable_first(rows):
        inquiries = row.inquiries_30d
        if inquiries is not None and p.min_inquiries <= inquiries < p.hot_inquiries:
            yield ctx.finding(
                observed=inquiries, threshold=p.hot_inquiries, comparison=">=",
                item=row.product_id, product=product_name(row), rts_orders=p.rts_hot_orders,
                details=product_details(row),
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
    rows = require_column(ctx.rows(PRODUCTS), "in_weekly_deals")
    accepted = p.accepted_kinds
    for row in most_valuable_first(rows):
        if row.in_weekly_deals and row.kind not in accepted:
            yield ctx.finding(
                observed=row.kind, threshold=" | ".join(accepted), comparison="in",
                item=row.product_id, product=product_name(row),
                observed_en=_KIND_LABEL[row.kind], observed_zh=_KIND_LABEL_ZH[row.kind],
                accepted_en=" / ".join(_KIND_LABEL[k] for k in accepted),
                accepted_zh=" / ".join(_KIND_LABEL_ZH[k] for k in accepted),
                details=product_details(row),
            )



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
                          small=pct(small), details={"small_buyer_share": small})


