"""RTS001–RTS005 and RTS010: the store's mix of RTS and customized products, the path to hot
products, Weekly Deals and small buyers (article 000).

A product the back office already ranks hot (the top 产品分层 level) is left out of every rule
about *becoming* hot: telling it that it is short of hot would be wrong advice.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from fractions import Fraction

from diagrules import (
    Effort,
    Finding,
    Params,
    Quantity,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    param,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import (
    KIND_LABELS,
    LISTED_PRODUCTS,
    PRODUCTS,
    Kind,
    is_hot,
    product_names,
    remedy,
)
from diagrules.builtin.alibaba.rts_metrics import (
    RTS_PRODUCT_SHARE,
    RTS_PRODUCTS,
    SMALL_BUYER_SHARE,
    catalogue_counts,
    product_details,
    ranked_products,
    require_column,
    rows_needing,
)
from diagrules.builtin.alibaba.sources import ARTICLE_000, ARTICLE_000_DATE

# -- RTS001 ------------------------------------------------------------------------------------


class RtsShareParams(Params):
    """The RTS share the article gives, and how many conversion candidates a finding names."""

    min_share: float = param(
        0.30, gt=0, lt=1,
        en="RTS share of listed products at which the RTS star level is rated (0–1). Article 000: 30%.",
        zh="RTS产品占在线产品的比例达到这个值，RTS星等级才参与评定（0–1）。文章000：30%。",
    )
    max_candidates: int = param(
        5, ge=1,
        en="How many customized products to name as candidates for an RTS version. diagrules default.",
        zh="最多列出多少个可转为RTS的定制品。diagrules 默认值。",
    )


def rts_still_needed(rts: int, total: int, share: float) -> tuple[int, int]:
    """(customized products to convert, new RTS products to publish) to reach ``share``.

    The two differ: converting keeps the total, publishing raises it, so at 8 of 30 one
    conversion gives 9/30 = 30 % while one new product gives only 9/31 = 29 %. Exact fractions,
    so that 30 % of 30 is 9 and not 9.000000001.
    """
    target = Fraction(str(share))
    missing = target * total - rts
    convert = max(1, math.ceil(missing))
    publish = max(1, math.ceil(missing / (1 - target)))
    return convert, publish


_RTS001_COUNTS = text(
    en="RTS products are {observed} of the store's products ({rts} of {total}); an RTS star "
    "rating needs at least {threshold}. RTS products still needed: {convert} by converting "
    "customized products, or {publish} if newly published (new products raise the total too).",
    zh="RTS产品占店铺产品的 {observed}（{total} 个中有 {rts} 个），RTS星等级至少需要 {threshold}："
    "把 {convert} 个定制品转为RTS，或新发布 {publish} 个RTS产品（新发布的产品也计入总数）。",
)
_RTS001_CANDIDATES = text(
    en="RTS products are {observed} of the store's products ({rts} of {total}); an RTS star "
    "rating needs at least {threshold}. RTS products still needed: {convert} by converting "
    "customized products, or {publish} if newly published (new products raise the total too). Convert first the customized "
    "products buyers already ask about: {candidates}.",
    zh="RTS产品占店铺产品的 {observed}（{total} 个中有 {rts} 个），RTS星等级至少需要 {threshold}："
    "把 {convert} 个定制品转为RTS，或新发布 {publish} 个RTS产品（新发布的产品也计入总数）。"
    "优先转换已有询盘的定制品：{candidates}。",
)
_RTS001_SHARE = text(
    en="RTS products are {observed} of the store's products; an RTS star rating needs at least "
    "{threshold}.",
    zh="RTS产品占店铺产品的 {observed}，RTS星等级至少需要 {threshold}。",
)


@rule(
    "RTS001", "rts-share-for-star-rating",
    severity=Severity.WARNING, platform="alibaba", ruleset="rts",
    requires=[RTS_PRODUCT_SHARE], uses=[RTS_PRODUCTS, LISTED_PRODUCTS], params=RtsShareParams,
    title=text(en="RTS share too low for an RTS star rating", zh="RTS产品占比不足，无法参与RTS星等级评定"),
    message=_RTS001_COUNTS,
    remedies=[
        remedy(
            "This week, convert to RTS the customized products that already get inquiries and "
            "that you hold in stock (not those already ranked hot): set tier prices, MOQ, a "
            "shipping template and a lead time of 15 days or less, until RTS products reach 30% "
            "of listings.",
            "本周把已有询盘且有现货的定制品（已是爆品的除外）转为RTS：设置阶梯价、起订量、运费模板，"
            "发货期不超过15天，直到RTS产品达到在线产品的30%。",
            basis="diagrules", priority=1, effort=Effort.MEDIUM,
            effect=text(en="The store becomes eligible for an RTS star rating.",
                        zh="店铺达到RTS星等级的评定门槛。"),
        ),
        remedy(
            "Publish new listings as RTS (the default in the publishing form) instead of "
            "switching them to customized.",
            "新发产品直接按RTS发布（发布页默认即为RTS），不要改成定制品。",
            basis="diagrules", priority=2,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="RTS products are less than the share of listed products (default 30%) at which "
            "Alibaba.com rates a store's RTS star level. The finding gives both ways to reach it: "
            "how many customized products to convert, and how many new RTS products to publish.",
            zh="RTS产品占在线产品的比例低于国际站评定RTS星等级的门槛（默认30%）。结果同时给出两种达标方式："
            "需转换多少个定制品，或需新发布多少个RTS产品。",
        ),
        why=text(
            en="Below 30% the store gets no RTS star level at all, so it misses the ranking and "
            "resources that come with it while the platform steers traffic to RTS.",
            zh="低于30%时店铺根本不参与RTS星等级评定，在平台把流量导向RTS的同时拿不到相应的排序和资源。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False, threshold_basis="source",
        notes=text(
            en="The 30% line is the article's; no official page states it, so adjust min_share if "
            "the platform changes it. The conversion steps are diagrules' advice.",
            zh="30%门槛来自文章，未找到官方页面说明，平台调整时请修改 `min_share`；转换步骤是 diagrules 的建议。",
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
    convert, publish = rts_still_needed(rts, total, p.min_share)
    # the few most asked-about customized products: a partial sort, as sorted(...)[:k] would give
    customized = heapq.nsmallest(
        min(convert, p.max_candidates),
        (r for r in ctx.rows(PRODUCTS) if r.kind == "customized" and (r.inquiries_30d or 0) > 0 and not is_hot(r)),
        key=lambda r: (-(r.inquiries_30d or 0), -(r.orders_30d or 0)),
    )
    candidates = [r.product_id for r in customized]
    yield ctx.finding(
        observed=share, threshold=p.min_share, comparison=">=",
        message=_RTS001_CANDIDATES if candidates else _RTS001_COUNTS,
        rts=rts, total=total, convert=convert, publish=publish, candidates=", ".join(candidates),
        details={"rts_products": rts, "listed_products": total, "convert": convert,
                 "publish": publish, "candidates": candidates},
    )


# -- RTS002 ------------------------------------------------------------------------------------


class NoRtsParams(Params):
    """How many RTS products a store with listings should have at the least."""

    min_rts_products: int = param(
        1, ge=1,
        en="The fewest RTS products a store with listings should have. diagrules default.",
        zh="有在线产品的店铺至少应有的RTS产品数。diagrules 默认值。",
    )


@rule(
    "RTS002", "no-rts-products",
    severity=Severity.ERROR, platform="alibaba", ruleset="rts",
    requires=[RTS_PRODUCTS], uses=[LISTED_PRODUCTS], params=NoRtsParams, unit="count",
    title=text(en="No RTS products", zh="没有RTS产品"),
    message=text(
        en="The store has {observed} RTS products among {total} listed products (at least "
        "{threshold} expected); RTS is the channel Alibaba.com promotes by default.",
        zh="店铺 {total} 个在线产品中只有 {observed} 个RTS产品（至少应有 {threshold} 个）；"
        "RTS是国际站默认主推的渠道。",
    ),
    remedies=[
        remedy(
            "List as RTS this week the in-stock items that sell best: fixed tier price, MOQ, a "
            "shipping template for your main destination countries and a lead time of 15 days or "
            "less.",
            "本周把畅销且有现货的产品发布为RTS：固定阶梯价、起订量、覆盖主要目的国的运费模板，"
            "发货期不超过15天。",
            basis="diagrules", priority=1, effort=Effort.MEDIUM,
            effect=text(en="The store appears in the RTS channel and can join RTS-only campaigns.",
                        zh="店铺产品进入RTS频道，并可报名只限RTS的活动。"),
        ),
        remedy(
            "For products that cannot be stocked, publish a standard RTS version (one common spec "
            "and colour) next to the customized listing.",
            "无法备货的产品，在定制品之外另发一个标准款RTS（常用规格、颜色）。",
            basis="diagrules", priority=2, effort=Effort.MEDIUM,
        ),
    ],
    doc=RuleDoc(
        what=text(en="The store has listings but no (or too few) RTS products.",
                  zh="店铺有在线产品，但没有（或太少）RTS产品。"),
        why=text(
            en="Alibaba.com publishes new products as RTS by default and gives the RTS channel "
            "prime slots on PC and mobile; a store without RTS products is absent from them.",
            zh="国际站默认以RTS发布新品，并在PC端和手机端首屏给RTS频道重要坑位；没有RTS产品的店铺拿不到这些流量。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False, threshold_basis="diagrules",
        notes=text(
            en="The article shows how the platform favours RTS but names no minimum count; at least "
            "1 RTS product is diagrules' line, and how many to list is left to the store.",
            zh="文章说明平台如何扶持RTS，但没有给出最少数量；至少1个RTS产品是 diagrules 的界线，发布多少由店铺决定。",
        ),
    ),
)
def no_rts_products(ctx: RuleContext, p: NoRtsParams) -> Iterator[Finding]:
    rts, total = catalogue_counts(ctx)
    if total is None:
        raise Skip(text(en="the number of listed products is unknown", zh="在线产品数未知"),
                   missing=[LISTED_PRODUCTS.name])
    if total > 0 and rts is not None and rts < p.min_rts_products:
        yield ctx.finding(observed=rts, threshold=p.min_rts_products, comparison=">=", total=total)


# -- RTS003 ------------------------------------------------------------------------------------


class NearHotParams(Params):
    """When an RTS product is hot, and how close to it counts as near."""

    hot_orders: int = param(
        5, ge=1,
        en="Orders that make an RTS product a hot product. Article 000: 5.",
        zh="RTS产品达到这个订单数即成为爆品。文章000：5单。",
    )
    margin: int = param(
        2, ge=0,
        en='How many orders short of the hot line still count as "near". diagrules default.',
        zh="距爆品线还差不超过这么多单时，视为“接近爆品”。diagrules 默认值。",
    )


@rule(
    "RTS003", "rts-near-hot-threshold",
    severity=Severity.INFO, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=NearHotParams, unit="count",
    title=text(en="RTS product close to hot-product status", zh="RTS产品接近爆品门槛"),
    message=text(
        en="RTS product {product_en} has {observed} orders, {gap} short of the {threshold} that make "
        "it a hot product.",
        zh="RTS产品 {product_zh} 已有 {observed} 笔成交，再成交 {gap} 笔即达到爆品门槛（{threshold} 笔）。",
    ),
    remedies=[
        remedy(
            "Give these products a P4P budget for one week and enrol them in the current "
            "RTS campaign: they are the cheapest hot products the store can get.",
            "本周给这些产品开一周直通车预算并报名当期RTS活动：它们是店铺成本最低的潜在爆品。",
            basis="diagrules", priority=1,
            effect=text(en="A hot product gets more search exposure and a hot-product tag.",
                        zh="爆品获得更多搜索曝光和爆品标识。"),
        ),
        remedy(
            "Answer the open inquiries on these products with the RTS link and its freight, so "
            "buyers who want them can order online; do not fake or split orders to reach the "
            "threshold (article 001 warns that inflated Trade Assurance volume tags the store "
            "for the wrong buyers).",
            "回复这些产品的未结询盘时附上RTS链接和运费，方便有需要的买家直接在线下单；不要为了达到门槛刷单或拆单"
            "（文章001提醒：虚假的信保成交会给店铺打上错误的买家标签）。",
            basis="diagrules", priority=2,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="An RTS product is a few orders short of the hot-product threshold "
            "(default: 3–4 orders where 5 make it hot). Products the back office already ranks "
            "hot (product_level) are left out.",
            zh="RTS产品距离爆品门槛只差几笔成交（默认：已有3–4笔，5笔即成爆品）。产品分层已是爆品的产品不在此列。",
        ),
        why=text(
            en="An RTS product becomes hot with 5 orders while a customized one needs 32 "
            "inquiries; pushing the nearly-hot RTS products is the cheapest way to add hot products.",
            zh="RTS产品5笔成交即成爆品，定制品却需32个询盘；推动接近门槛的RTS产品是增加爆品最省钱的办法。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False, threshold_basis="source",
        notes=text(en="The 5 orders are the article's; the margin of 2 orders is a diagrules default.",
                   zh="5笔成交来自文章；“差2笔以内”为 diagrules 默认值。"),
    ),
)
def rts_near_hot_threshold(ctx: RuleContext, p: NearHotParams) -> Iterator[Finding]:
    low = p.hot_orders - p.margin
    for row in rows_needing(ctx, "rts", "orders_30d"):
        orders = row.orders_30d
        if orders is not None and low <= orders < p.hot_orders and not is_hot(row):
            yield ctx.finding(
                observed=orders, threshold=p.hot_orders, comparison=">=", item=row.product_id,
                **product_names(row), gap=p.hot_orders - orders, details=product_details(row),
            )


# -- RTS004 ------------------------------------------------------------------------------------


class HotPathParams(Params):
    """The two hot lines the article contrasts, and the demand worth an RTS variant."""

    hot_inquiries: int = param(
        32, ge=1,
        en="Inquiries that make a customized product hot. Article 000: 32.",
        zh="定制品达到这个询盘数即成为爆品。文章000：32个询盘。",
    )
    min_inquiries: int = param(
        5, ge=1,
        en="Inquiries from which a customized product is worth an RTS variant. diagrules default.",
        zh="定制品的询盘数达到这个值，就值得做一个RTS版本。diagrules 默认值。",
    )
    rts_hot_orders: int = param(
        5, ge=1,
        en="Orders that make an RTS product hot. Article 000: 5.",
        zh="RTS产品达到这个订单数即成为爆品。文章000：5单。",
    )


@rule(
    "RTS004", "customized-vs-rts-hot-path",
    severity=Severity.INFO, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=HotPathParams, unit="count",
    title=text(en="Customized product with a shorter path to hot as RTS",
               zh="定制品改走RTS更容易成为爆品"),
    message=text(
        en="Customized product {product_en} has {observed} inquiries; a customized product needs "
        "{threshold} to become a hot product, an RTS product needs only {rts_orders} orders.",
        zh="定制品 {product_zh} 有 {observed} 个询盘；定制品需 {threshold} 个询盘才能成为爆品，"
        "RTS产品只需 {rts_orders} 笔成交。",
    ),
    remedies=[
        remedy(
            "Publish an RTS variant of the product (standard spec, fixed tier price, MOQ, shipping "
            "template) and link it from the customized listing.",
            "为该产品发布一个RTS版本（标准规格、固定阶梯价、起订量、运费模板），并在定制品详情页中链接。",
            basis="diagrules", priority=1, effort=Effort.MEDIUM,
            effect=text(en="Buyers who only need the standard version can order at once; 5 orders "
                        "make the RTS variant hot.",
                        zh="只需标准款的买家可直接下单；RTS版本5笔成交即成爆品。"),
        ),
        remedy(
            "Answer this product's open inquiries with the RTS variant's link and price for small "
            "quantities.",
            "回复该产品的未结询盘时附上RTS版本的链接和小批量价格。",
            basis="diagrules", priority=2,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="A customized product draws inquiries (default ≥ 5) but is short of the 32 a "
            "customized product needs to become hot. Products the back office already ranks hot "
            "(product_level) are left out.",
            zh="定制品已有一定询盘（默认≥5个），但不足定制品成为爆品所需的32个。产品分层已是爆品的产品不在此列。",
        ),
        why=text(
            en="The same demand makes a product hot far sooner as RTS (5 orders) than as "
            "customized (32 inquiries).",
            zh="同样的需求，作为RTS（5笔成交）远比作为定制品（32个询盘）更快成为爆品。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False, threshold_basis="source",
        notes=text(
            en="32 inquiries and 5 orders are the article's; the 5 inquiries from which an RTS "
            "variant is worth it are a diagrules default.",
            zh="32个询盘和5笔成交来自文章；询盘达到5个才值得做RTS版本是 diagrules 默认值。",
        ),
    ),
)
def customized_vs_rts_hot_path(ctx: RuleContext, p: HotPathParams) -> Iterator[Finding]:
    for row in rows_needing(ctx, "customized", "inquiries_30d"):
        inquiries = row.inquiries_30d
        if inquiries is not None and p.min_inquiries <= inquiries < p.hot_inquiries and not is_hot(row):
            yield ctx.finding(
                observed=inquiries, threshold=p.hot_inquiries, comparison=">=",
                item=row.product_id, **product_names(row), rts_orders=p.rts_hot_orders,
                details=product_details(row),
            )


# -- RTS005 ------------------------------------------------------------------------------------


class WeeklyDealsParams(Params):
    """Which product kinds Weekly Deals accepts, so that a change of the programme is a setting."""

    accepted_kinds: tuple[Kind, ...] = param(
        ("rts",),
        en="Product kinds Weekly Deals accepts. Article 000: only RTS.",
        zh="Weekly Deals 接受的产品类型。文章000：仅RTS产品。",
    )


@rule(
    "RTS005", "weekly-deals-requires-rts",
    severity=Severity.ERROR, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=WeeklyDealsParams, unit="enum",
    title=text(en="Weekly Deals candidate is not RTS", zh="计划报名Weekly Deals的产品不是RTS"),
    message=text(
        en="Product {product_en} is planned for Weekly Deals but is {kind_en}; Weekly Deals accepts "
        "only {accepted_en} products.",
        zh="产品 {product_zh} 计划报名 Weekly Deals，但它是{kind_zh}；Weekly Deals 只接受{accepted_zh}。",
    ),
    remedies=[
        remedy(
            "Convert the product to RTS before enrolment closes (tier price, MOQ, shipping "
            "template, lead time of 15 days or less), or take it off the campaign plan.",
            "在报名截止前把该产品转为RTS（阶梯价、起订量、运费模板、发货期不超过15天），否则从活动计划中移除。",
            basis="diagrules", priority=1, effort=Effort.MEDIUM,
            effect=text(en="The enrolment is accepted.", zh="活动报名可以通过。"),
        ),
        remedy(
            "Put an RTS product with recent orders into the Weekly Deals slot instead.",
            "改用一个近期有成交的RTS产品报名 Weekly Deals。",
            basis="diagrules", priority=2,
        ),
    ],
    doc=RuleDoc(
        what=text(en="A product planned for Weekly Deals is not an RTS product.",
                  zh="计划报名 Weekly Deals 的产品不是RTS产品。"),
        why=text(
            en="Weekly Deals, a channel placed above RTS, only accepts RTS products; a customized "
            "product's enrolment is rejected and the slot is lost.",
            zh="Weekly Deals 频道位置比RTS还靠前，只接受RTS产品报名；定制品报名会被拒，白白浪费名额。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False, threshold_basis="source",
    ),
)
def weekly_deals_requires_rts(ctx: RuleContext, p: WeeklyDealsParams) -> Iterator[Finding]:
    require_column(require_column(ctx.rows(PRODUCTS), "in_weekly_deals"), "kind")
    accepted = p.accepted_kinds
    for row in ranked_products(ctx):
        if row.in_weekly_deals and row.kind is not None and row.kind not in accepted:
            # the kind is in the message and the details, not in observed/threshold: an evidence
            # line would show the internal values (customized, rts) in a Chinese report
            yield ctx.finding(
                item=row.product_id, **product_names(row),
                kind_en=KIND_LABELS[row.kind].get("en"), kind_zh=KIND_LABELS[row.kind].get("zh"),
                accepted_en=" / ".join(KIND_LABELS[k].get("en") for k in accepted),
                accepted_zh="、".join(KIND_LABELS[k].get("zh") for k in accepted),
                details=product_details(row, accepted_kinds=list(accepted)),
            )


# -- RTS010 ------------------------------------------------------------------------------------


class SmallBuyerParams(Params):
    """When the buyer mix counts as small buyers, and the RTS share such a store should reach."""

    min_small_buyer_share: float = param(
        0.5, gt=0, le=1,
        en="Small-buyer share from which the buyer mix counts as small-B. diagrules default.",
        zh="小买家占比达到这个值，即视为以小B买家为主。diagrules 默认值。",
    )
    min_rts_share: float = param(
        0.30, gt=0, lt=1,
        en="RTS share such a store should reach (RTS001's line, article 000: 30%).",
        zh="这样的店铺应达到的RTS产品占比（与 RTS001 相同，文章000：30%）。",
    )


@rule(
    "RTS010", "small-buyers-underserved",
    severity=Severity.WARNING, platform="alibaba", ruleset="rts",
    requires=[RTS_PRODUCT_SHARE, SMALL_BUYER_SHARE], params=SmallBuyerParams,
    title=text(en="Small buyers underserved by RTS", zh="零散买家多，但RTS产品少"),
    message=text(
        en="{observed} of buyers are small or scattered buyers, the buyers RTS is made for, while "
        "RTS products are below {rts_threshold} of the store (RTS001 gives the count to convert): "
        "convert first what these buyers ask for.",
        zh="零散买家占买家的 {observed}，正是RTS面向的买家，而RTS产品不足店铺产品的 {rts_threshold}"
        "（需转换的数量见 RTS001）：先转换这些买家常问的产品。",
    ),
    remedies=[
        remedy(
            "Convert the products small buyers ask about (samples, small quantities) to RTS with a "
            "low MOQ and a shipping template.",
            "把零散买家常问的产品（样品、小批量）转为RTS，设置低起订量和运费模板。",
            basis="diagrules", priority=1, effort=Effort.MEDIUM,
            effect=text(en="Small buyers can order online without negotiating.",
                        zh="零散买家无需议价即可在线下单。"),
        ),
        remedy(
            "Check the buyer procurement-scale chart in Data Manager each month and "
            "raise the RTS share while small buyers stay above half.",
            "每月查看数据管家的“买家采购规模”；只要零散买家仍超过一半，就逐步提高RTS占比。",
            basis="diagrules", priority=2,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Most buyers (default ≥ 50%) are small or scattered, yet RTS products are below "
            "30% of the store. The RTS shortfall itself is RTS001's finding; this one reports the "
            "buyer mix and points to it.",
            zh="多数买家（默认≥50%）是零散买家，但RTS产品不足店铺产品的30%。RTS占比不足本身由 RTS001 报告，"
            "本规则报告买家结构并指向 RTS001。",
        ),
        why=text(
            en="Buyers on Alibaba.com are getting smaller; RTS exists to serve them, and "
            "a store whose buyers are mostly small but whose products need negotiation loses them.",
            zh="国际站买家日益小B化，RTS正是为他们而设；买家以零散客户为主而产品仍需议价的店铺会流失这些买家。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False, threshold_basis="diagrules",
        notes=text(
            en="The article says small buyers are the majority but gives no line; reading "
            "it as 50% is diagrules' judgement. The 30% RTS line is the article's (see RTS001).",
            zh="文章说零散客户占大部分，但没有给出界线；以50%为界是 diagrules 的判断。30%的RTS界线来自文章（见 RTS001）。",
        ),
    ),
)
def small_buyers_underserved(ctx: RuleContext, p: SmallBuyerParams) -> Iterator[Finding]:
    small = ctx[SMALL_BUYER_SHARE]
    share = ctx[RTS_PRODUCT_SHARE]
    if small >= p.min_small_buyer_share and share < p.min_rts_share:
        # observed is the buyer mix, the fact this rule adds; RTS001 reports the RTS share.
        # No comparison: "expected < 50%" would read as advice to lose small buyers.
        yield ctx.finding(observed=small, threshold=p.min_small_buyer_share,
                          rts_threshold=Quantity(p.min_rts_share, "ratio"),
                          details={"rts_product_share": share})
