"""The AEW rules: how an AliExpress store wins and keeps small-business (小B) wholesale buyers.

Every threshold comes from one practitioner article (article 003 in the diagrules sources:
Peter Liao's account of ten years of selling to wholesale buyers on AliExpress), so every rule
is marked ``official=False`` and every number is a parameter.
"""

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
    param,
    rule,
    run_length,
    text,
)

from diagrules_aliexpress_wholesale.data import (
    EUROPEAN_COUNTRIES,
    WHOLESALE_COUNTRY_TRAFFIC,
    WHOLESALE_DROPSHIPPING_BANNER,
    WHOLESALE_LISTING_COUNT,
    WHOLESALE_LISTINGS,
    WHOLESALE_ORDERS,
    WHOLESALE_POPULARITY,
    Country,
    Listing,
    Order,
    Popularity,
    country_name,
    period_key,
)

SOURCE = text(
    en="practitioner article 003: Peter Liao, \"AliExpress customer acquisition in practice\" (AliExpress for B2B "
    "wholesale buyers), Top-500 Foreign Trade Training Camp; undated, describes platform "
    "events up to 2019",
    zh="从业者文章003：Peter Liao《速卖通获客实战》（面向小B批发买家），500强外贸训练营；文章未注明日期，"
    "内容涉及2019年及以前的平台情况",
)
AS_OF = "2020"
RULESET = "aliexpress-wholesale"


class LaunchListingsParams(Params):
    """A new store builds ``min_listings``–``max_listings`` listings before widening."""

    min_listings: int = param(5, en="the fewest listings a new store's layout should have",
                              zh="新店布局至少应有的链接数")
    max_listings: int = param(10, en="the most listings a new store should concentrate on",
                              zh="新店集中精力做的链接数上限")


@rule(
    "AEW001", "launch-listing-count",
    severity=Severity.WARNING, platform="aliexpress", ruleset=RULESET, stages=("new",),
    requires=[WHOLESALE_LISTING_COUNT], params=LaunchListingsParams,
    title=text(en="New store should start with 5–10 listings", zh="新店应从5–10条链接做起"),
    remedies=[
        Remedy(
            text(
                en="Pick the 5–10 listings with the best sub-category traffic and price position "
                "(traffic products first) and put this week's effort — main images, titles, P4P "
                "budget — only into them; leave the rest unlisted or unpromoted for now.",
                zh="挑出细分类目流量和价格最有优势的5–10条链接（先做引流款），本周的主图、标题和直通车预算"
                "只投入这些链接；其余产品暂不上架或不推广。",
            ),
            priority=1, effort=Effort.MEDIUM, basis="diagrules",
            effect=text(
                en="Each promoted listing can reach the platform's 'excellent' values, which earns "
                "the store better traffic allocation.",
                zh="每条主推链接的各项考核指标都能做到优秀值以上，平台会分配更好的流量资源。",
            ),
        ),
        Remedy(
            text(
                en="Work out the cost of the first promotion phase (P4P and sample orders) per "
                "listing before launching, so the budget is not spread too thin.",
                zh="上新前估算第一阶段每条推广链接的直通车和推广成本，避免预算分散。",
            ),
            priority=2, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="A new store (seller stage 'new') has fewer than 5 or more than 10 listings in its "
            "layout.",
            zh="新店（卖家阶段为“新店”）布局的链接数少于5条或多于10条。",
        ),
        why=text(
            en="The article's launch method is to win one point and open a front from it: a handful of listings, traffic products "
            "first, each pushed until every metric the platform scores is above its 'excellent' "
            "value. Too few listings cannot be tested against each other; too many spread the "
            "budget so that none gets there.",
            zh="文章的新店方法是“以点打面”：只做5–10条链接，先做引流款，把平台考核的每项数据都做到优秀值以上。"
            "链接太少无法互相比较测试，太多则预算分散，哪条都做不起来。",
        ),
        source=SOURCE, as_of=AS_OF, official=False,
        threshold_basis="source",
    ),
)
def launch_listing_count(ctx: RuleContext, p: LaunchListingsParams) -> Iterator[Finding]:
    count = ctx[WHOLESALE_LISTING_COUNT]
    if count < p.min_listings:
        yield ctx.finding(
            observed=count, threshold=p.min_listings, comparison=">=",
            message=text(
                en="The store layout has {observed} listings; start with at least {threshold}.",
                zh="店铺布局只有 {observed} 条链接，新店至少应做 {threshold} 条。",
            ),
        )
    elif count > p.max_listings:
        yield ctx.finding(
            observed=count, threshold=p.max_listings, comparison="<=",
            message=text(
                en="The store layout has {observed} listings; a new store should focus on at most "
                "{threshold}.",
                zh="店铺布局有 {observed} 条链接，新店应集中精力做不超过 {threshold} 条。",
            ),
        )


class LayoutParams(Params):
    """How many listings each layout role needs."""

    min_hot: int = param(1, en="the fewest hot products per sub-category", zh="每个细分类目至少应有的爆款数")
    max_hot: int = param(2, en="the most hot products per sub-category", zh="每个细分类目的爆款数上限")
    min_campaign: int = param(1, en="the fewest campaign products", zh="至少应有的活动款数")
    min_profit: int = param(1, en="the fewest profit products", zh="至少应有的利润款数")


_ROLE_LABELS = {
    "hot": text(en="sub-category hot product", zh="细分类目爆款"),
    "campaign": text(en="campaign product", zh="活动款"),
    "profit": text(en="profit product", zh="利润款"),
}
_ROLE_REMEDIES = {
    "hot": Remedy(
        text(
            en="Choose 1–2 products in a less contested sub-category and push them through the "
            "whole funnel (main image, title, price, P4P) to win the sub-category's head traffic.",
            zh="在竞争不太激烈的细分类目选1–2个产品，按营销漏斗逐环节打造（主图、标题、价格、直通车），拿下细分类目头部流量。",
        ),
        priority=1, effort=Effort.HIGH, basis="diagrules",
    ),
    "campaign": Remedy(
        text(
            en="Set up free-shipping listings with a deeper discount so there is always something "
            "to enter into platform campaigns such as Flash Deals.",
            zh="准备包邮、折扣力度大的链接，保证每次平台活动（如 Flash Deals）都有足够的产品可报。",
        ),
        priority=1, effort=Effort.MEDIUM, basis="diagrules",
    ),
    "profit": Remedy(
        text(
            en="Mark the listings in blue-ocean sub-categories as profit products and price them "
            "for margin, so campaign discounts do not drag down the store's gross profit.",
            zh="把蓝海细分类目的产品定为利润款并按利润定价，避免活动折扣拉低全店毛利。",
        ),
        priority=2, effort=Effort.LOW, basis="diagrules",
    ),
}
_TOO_MANY_HOT = Remedy(
    text(
        en="Keep the push on the 1–2 hot products with the best funnel numbers and move the "
        "others to campaign or profit roles.",
        zh="只保留漏斗数据最好的1–2个爆款重点推广，其余转为活动款或利润款。",
    ),
    priority=2, effort=Effort.LOW, basis="diagrules",
)


@rule(
    "AEW002", "product-layout-roles",
    severity=Severity.WARNING, platform="aliexpress", ruleset=RULESET,
    datasets=[WHOLESALE_LISTINGS], params=LayoutParams, unit="count",
    remedies=[*_ROLE_REMEDIES.values(), _TOO_MANY_HOT],
    title=text(en="Store layout lacks hot, campaign or profit products",
               zh="店铺产品布局缺少爆款、活动款或利润款"),
    message=text(
        en="The layout has {observed} {role_en} listing(s); it needs {comparison_en} {threshold}.",
        zh="店铺布局中{role_zh}有 {observed} 条，应{comparison_zh} {threshold} 条。",
    ),
    doc=RuleDoc(
        what=text(
            en="Counts the listings of each layout role: 1–2 sub-category hot products, at least "
            "one campaign product and at least one profit product.",
            zh="统计各布局角色的链接数：细分类目爆款1–2个，活动款和利润款各至少1个。",
        ),
        why=text(
            en="Hot products bring the store's base traffic, campaign products are what the "
            "platform's biggest traffic source (its campaigns) accepts, and profit products keep "
            "the store's gross margin up. More than two hot products split the push.",
            zh="爆款解决店铺基础流量，活动款用来报名平台最大的流量入口——平台活动，利润款保证全店毛利；爆款超过两个会分散推广资源。",
        ),
        source=SOURCE, as_of=AS_OF, official=False,
        threshold_basis="source",
    ),
)
def product_layout_roles(ctx: RuleContext, p: LayoutParams) -> Iterator[Finding]:
    rows: list[Listing] = ctx.rows(WHOLESALE_LISTINGS)
    counts = {role: sum(1 for r in rows if r.role == role) for role in _ROLE_LABELS}
    minimum = {"hot": p.min_hot, "campaign": p.min_campaign, "profit": p.min_profit}
    for role, label in _ROLE_LABELS.items():
        if counts[role] < minimum[role]:
            yield ctx.finding(
                observed=counts[role], threshold=minimum[role], comparison=">=", item=role,
                remedies=[_ROLE_REMEDIES[role]],
                role_en=label.get("en"), role_zh=label.get("zh"),
                comparison_en="at least", comparison_zh="至少有",
            )
    if counts["hot"] > p.max_hot:
        yield ctx.finding(
            observed=counts["hot"], threshold=p.max_hot, comparison="<=", item="hot",
            remedies=[_TOO_MANY_HOT],
            role_en=_ROLE_LABELS["hot"].get("en"), role_zh=_ROLE_LABELS["hot"].get("zh"),
            comparison_en="at most", comparison_zh="不超过",
        )


class FreeShippingParams(Params):
    """AEW003's count; the description is in the field so that both languages have it."""

    top_countries: int = param(5, en="how many of the sub-category's top countries need a template",
                               zh="细分类目访客排名前几的国家需设置包邮模板")


@rule(
    "AEW003", "free-shipping-top-countries",
    severity=Severity.WARNING, platform="aliexpress", ruleset=RULESET,
    datasets=[WHOLESALE_COUNTRY_TRAFFIC], params=FreeShippingParams, unit="count",
    title=text(en="Top traffic countries without a free-shipping template",
               zh="细分类目主要流量国家未设置包邮模板"),
    message=text(
        en="{country_en} is #{rank} by visitors in the sub-category but has no free-shipping template.",
        zh="{country_zh}是细分类目访客第 {rank} 名的国家，但没有包邮运费模板。",
    ),
    remedies=[
        Remedy(
            text(
                en="Add a free-shipping freight template for each of these countries (build the "
                "freight into the price), and lower their price with regional pricing where the "
                "margin allows.",
                zh="为这些国家设置包邮运费模板（运费计入售价），利润允许时用区域定价适当降低这些国家的售价。",
            ),
            priority=1, effort=Effort.LOW, basis="diagrules",
            effect=text(en="Buyers from the countries that bring the most visitors see a free-shipping price.",
                        zh="访客最多的国家的买家看到的是包邮价。"),
        ),
        Remedy(
            text(
                en="Re-check the country ranking monthly in Business Advisor → Market, "
                "sorted by visitor index, at least the first three pages.",
                zh="每月在生意参谋→市场大盘按访客指数排序复查国家排名，至少统计前3页数据。",
            ),
            priority=3, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Among the sub-category's top countries by visitor index (default 5), lists those "
            "without a free-shipping template.",
            zh="在细分类目按访客指数排名前N（默认5）的国家中，找出没有包邮模板的国家。",
        ),
        why=text(
            en="Traffic of a sub-category is concentrated in a few countries; free-shipping "
            "templates and regional prices for exactly those countries are the cheapest way to "
            "convert it.",
            zh="细分类目的流量集中在少数国家，针对这些国家做包邮模板和区域定价是转化这部分流量成本最低的办法。",
        ),
        source=SOURCE, as_of=AS_OF, official=False,
        threshold_basis="diagrules",
    ),
)
def free_shipping_top_countries(ctx: RuleContext, p: FreeShippingParams) -> Iterator[Finding]:
    ranked = sorted(ctx.rows(WHOLESALE_COUNTRY_TRAFFIC), key=lambda r: -r.visitor_index)
    for rank, row in enumerate(ranked[: p.top_countries], start=1):
        if not row.free_shipping_template:
            yield ctx.finding(
                item=row.country, rank=rank,
                country_en=country_name(row.country, "en"), country_zh=country_name(row.country, "zh"),
                details={"visitor_index": row.visitor_index, "rank": rank},
            )


class PopularityParams(Params):
    """AEW004's window; the description is in the field so that both languages have it."""

    periods: int = param(3, en="how many consecutive periods the signals must rise over",
                         zh="各项人气指标须连续上升的周期数")


_SIGNALS = {
    "ctr": text(en="CTR", zh="点击率"),
    "wishlist_rate": text(en="wishlist rate", zh="收藏率"),
    "add_to_cart_rate": text(en="add-to-cart rate", zh="加购率"),
}


def _stalled(rows: list[Popularity], periods: int) -> list[str]:
    """The signals that did not rise strictly over the last ``periods`` periods."""
    recent = sorted(rows, key=lambda r: period_key(r.period))[-periods:]
    stalled = []
    for signal in _SIGNALS:
        values = [getattr(r, signal) for r in recent]
        if any(v is None for v in values):
            continue
        if run_length(values, "rising") < len(values) - 1:  # not every period rose
            stalled.append(signal)
    return stalled


@rule(
    "AEW004", "popularity-not-rising",
    severity=Severity.INFO, platform="aliexpress", ruleset=RULESET,
    datasets=[WHOLESALE_POPULARITY], params=PopularityParams,
    title=text(en="Popularity signals of a pushed product stopped rising",
               zh="主推商品的人气指标没有持续递增"),
    message=text(
        en="{item}: {signals_en} did not rise over the last {periods} periods.",
        zh="{item}：{signals_zh}在最近 {periods} 个周期没有持续上升。",
    ),
    remedies=[
        Remedy(
            text(
                en="Plan the next periods so the stalled signal keeps growing: stagger P4P budget, "
                "coupons and wishlist/add-to-cart incentives day by day instead of one burst.",
                zh="规划接下来几个周期让停滞的指标继续递增：直通车预算、优惠券和收藏/加购激励逐日递增，而不是一次性投放。",
            ),
            priority=1, effort=Effort.MEDIUM, basis="diagrules",
            effect=text(en="Rising day-over-day signals earn a multiplied search weight for new products.",
                        zh="逐日递增的数据能让新品获得成倍的搜索加权。"),
        ),
        Remedy(
            text(
                en="If the CTR is the stalled signal, test a new main image and title against the "
                "top-3 competitors of the sub-category (sorted by orders).",
                zh="如果停滞的是点击率，对照细分类目按订单排序的前3名竞品，测试新的主图和标题。",
            ),
            priority=2, effort=Effort.MEDIUM, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="For each product with at least N periods of data (default 3), checks that CTR, "
            "wishlist rate and add-to-cart rate rose strictly from period to period.",
            zh="对每个至少有N个周期（默认3）数据的商品，检查点击率、收藏率、加购率是否逐期严格上升。",
        ),
        why=text(
            en="The popularity model carries about half of a new product's search weight, and the "
            "article reports that signals increasing over consecutive days get a multiplied "
            "weight (10 → 20 → 50 wishlists weighted 10 → 30 → 100), while a flat series is only "
            "accumulated.",
            zh="人气模型约占新品权重的50%；文章指出连续递增的数据会获得成倍加权（收藏10→20→50，加权10→30→100），"
            "持平的数据只能累积。",
        ),
        source=SOURCE, as_of=AS_OF, official=False,
        threshold_basis="diagrules",
    ),
)
def popularity_not_rising(ctx: RuleContext, p: PopularityParams) -> Iterator[Finding]:
    by_product: dict[str, list[Popularity]] = {}
    for row in ctx.rows(WHOLESALE_POPULARITY):
        by_product.setdefault(row.product_id, []).append(row)
    for product, rows in by_product.items():
        if len(rows) < p.periods:
            continue
        stalled = _stalled(rows, p.periods)
        if stalled:
            yield ctx.finding(
                item=product, periods=p.periods,
                signals_en=", ".join(_SIGNALS[s].get("en") for s in stalled),
                signals_zh="、".join(_SIGNALS[s].get("zh") for s in stalled),
                details={"stalled": stalled},
            )


class TaxIdParams(Params):
    """AEW005's scope; the descriptions are in the fields so that both languages have them."""

    min_units: int = param(2, en="an order of at least this many units is wholesale unless flagged",
                           zh="未标注是否批发时，件数达到此数的订单视为批发订单")
    countries: tuple[Country, ...] = param(
        EUROPEAN_COUNTRIES,
        en="the destinations that need a tax id, as ISO codes or names in English or Chinese "
        "(GB, Switzerland or its Chinese name)",
        zh="需要税号的目的国，可写 ISO 代码、英文名或中文名（如 GB、瑞士）",
    )


def _is_wholesale(order: Order, min_units: int) -> bool:
    return order.wholesale if order.wholesale is not None else order.units >= min_units


@rule(
    "AEW005", "eu-wholesale-tax-id-missing",
    # The article's word is 最好 ("best get the tax id first"): a best practice, so a warning.
    severity=Severity.WARNING, platform="aliexpress", ruleset=RULESET,
    datasets=[WHOLESALE_ORDERS], params=TaxIdParams,
    title=text(en="European wholesale order without the buyer's tax id",
               zh="欧洲批发订单缺少买家税号"),
    message=text(
        en="Order {item} ({units} units to {country_en}) has no buyer tax id.",
        zh="订单 {item}（{units} 件，发往{country_zh}）没有买家税号。",
    ),
    remedies=[
        Remedy(
            text(
                en="Before dispatch, e-mail the buyer to confirm the declared value and ask for "
                "their tax (VAT) number; hold the parcel until you have it.",
                zh="发货前给买家发邮件确认申报价值并索取税号（VAT号），拿到税号再发货。",
            ),
            priority=1, effort=Effort.LOW, basis="source",
            effect=text(en="The parcel clears customs instead of being stuck at the destination.",
                        zh="货物能顺利清关，不会卡在目的国海关。"),
        ),
        Remedy(
            text(
                en="Assign a salesperson to follow every wholesale buyer through the six-step "
                "sequence: tax id and declared value, dispatch notice, tracking update, customs "
                "help, delivery check, after-sales visit.",
                zh="安排外贸业务员按六步跟进每个批发客户：确认申报价值和税号、发货通知、物流更新、协助清关、确认签收、售后回访。",
            ),
            priority=2, effort=Effort.MEDIUM, basis="source",
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Lists wholesale orders (flagged, or at least 2 units) to European countries — the "
            "EU, the UK, Norway, Switzerland and the rest of Europe — that carry no buyer tax id. "
            "A warning: the article says it is best to get the tax id before dispatch.",
            zh="列出发往欧洲国家（欧盟、英国、挪威、瑞士等）、没有买家税号的批发订单（标记为批发或件数至少为2）。"
            "文章的说法是“最好”拿到税号再发货，所以是警告级别。",
        ),
        why=text(
            en="Some buyers in European countries have no tax number; without it the goods cannot "
            "clear customs at the destination, so the article gets the tax id before shipping.",
            zh="欧洲国家有些个人买家没有申请税号，货到当地海关无法清关，所以文章建议拿到客户税号再发货。",
        ),
        source=SOURCE, as_of=AS_OF, official=False,
        threshold_basis="diagrules",
    ),
)
def eu_wholesale_tax_id_missing(ctx: RuleContext, p: TaxIdParams) -> Iterator[Finding]:
    countries = set(p.countries)
    for order in ctx.rows(WHOLESALE_ORDERS):
        if order.country.upper() not in countries or not _is_wholesale(order, p.min_units):
            continue
        if not (order.buyer_tax_id or "").strip():
            yield ctx.finding(item=order.order_id, units=order.units,
                              country_en=country_name(order.country, "en"),
                              country_zh=country_name(order.country, "zh"),
                              details={"country": order.country, "units": order.units})


@rule(
    "AEW006", "dropshipping-not-advertised",
    severity=Severity.INFO, platform="aliexpress", ruleset=RULESET,
    requires=[WHOLESALE_DROPSHIPPING_BANNER],
    title=text(en="Dropshipping support is not advertised", zh="未宣传支持一件代发"),
    message=text(
        en="The store banner does not say that dropshipping is supported.",
        zh="店招没有注明支持一件代发。",
    ),
    remedies=[
        Remedy(
            text(
                en="Add a home-page banner saying 'Dropshipping supported' that invites buyers to "
                "contact you directly.",
                zh="在店铺首页做一条“支持 dropshipping 一件代发”的横幅，并引导买家单独联系你。",
            ),
            priority=1, effort=Effort.LOW, basis="source",
            effect=text(en="Dropshippers, who bring many repeat orders, find the store.",
                        zh="让贡献大量订单和GMV的 dropshipping 买家找到店铺。"),
        ),
        Remedy(
            text(
                en="Add a custom attribute 'Dropshipping: Supported' to every listing.",
                zh="在每条链接的自定义属性中加上 `Dropshipping: Supported`。",
            ),
            priority=2, effort=Effort.LOW, basis="source",
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="The store banner does not advertise dropshipping support.",
            zh="店招没有宣传支持一件代发。",
        ),
        why=text(
            en="Dropshipping buyers contribute a large share of orders and GMV and choose stores "
            "by their main products; the banner and the custom attribute are how they learn that "
            "a store serves them.",
            zh="dropshipping 买家对店铺订单和GMV贡献很大，会按主营产品选择店铺；店招和自定义属性是他们了解店铺是否支持一件代发的途径。",
        ),
        source=SOURCE, as_of=AS_OF, official=False,
        threshold_basis="source",
    ),
)
def dropshipping_not_advertised(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    if ctx[WHOLESALE_DROPSHIPPING_BANNER]:
        return
    rows: list[Listing] = ctx.rows(WHOLESALE_LISTINGS)
    if not rows:
        yield ctx.finding(observed=False, threshold=True, comparison="==")
        return
    tagged = sum(1 for r in rows if r.dropshipping_attribute)
    yield ctx.finding(
        observed=False, threshold=True, comparison="==", tagged=tagged, listings=len(rows),
        details={"listings_with_attribute": tagged, "listings": len(rows)},
        message=text(
            en="The store banner does not say that dropshipping is supported ({tagged} of "
            "{listings} listings say so in a custom attribute).",
            zh="店招没有注明支持一件代发（{listings} 条链接中有 {tagged} 条在自定义属性中注明）。",
        ),
    )


class SplitParams(Params):
    """AEW007's count; the description is in the field so that both languages have it."""

    min_listings: int = param(1, en="listings (outside campaign products) quoting freight separately",
                              zh="活动款以外至少应有几条链接把售价和运费分开")


@rule(
    "AEW007", "inquiry-price-freight-split",
    severity=Severity.INFO, platform="aliexpress", ruleset=RULESET,
    datasets=[WHOLESALE_LISTINGS], params=SplitParams, unit="count",
    title=text(en="No listing splits price and freight for inquiry buyers",
               zh="没有为询盘客户拆分售价和运费的链接"),
    message=text(
        en="{observed} non-campaign listing(s) show price and freight separately; at least "
        "{threshold} should.",
        zh="非活动款链接中只有 {observed} 条把售价和运费分开，至少应有 {threshold} 条。",
    ),
    remedies=[
        Remedy(
            text(
                en="For your profit products, show the product price and the freight separately "
                "and, in the message centre, invite buyers to send their inquiry to your company "
                "e-mail.",
                zh="把利润款的产品售价和运费拆开，并通过站内信引导买家把询盘单独发到企业邮箱。",
            ),
            priority=1, effort=Effort.LOW, basis="diagrules",
        ),
        Remedy(
            text(
                en="Answer each inquiry with a short template asking for the shipping address and "
                "e-mail so you can quote the total cost, then hand the buyer to a salesperson.",
                zh="用邮件模板回复询盘，请买家提供收货地址和邮箱以便报总价，然后交给业务员跟进。",
            ),
            priority=2, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Counts the listings outside the campaign role that show price and freight "
            "separately (default: at least one).",
            zh="统计活动款以外把售价和运费分开展示的链接数（默认至少1条）。",
        ),
        why=text(
            en="Company buyers who shop or ask for quotes on AliExpress buy in volume and think "
            "like traditional B2B buyers: they expect product cost and freight quoted "
            "separately, door-to-door style. Splitting them is how the article attracts inquiries.",
            zh="在速卖通购买或询价的国外公司采购有大批量需求，习惯传统外贸的采购思维，把产品成本和运费分开（类似门到门交货）；拆分售价和运费是文章吸引询盘的主要方法。",
        ),
        source=SOURCE, as_of=AS_OF, official=False,
        threshold_basis="source",
    ),
)
def inquiry_price_freight_split(ctx: RuleContext, p: SplitParams) -> Iterator[Finding]:
    rows: list[Listing] = ctx.rows(WHOLESALE_LISTINGS)
    split = sum(1 for r in rows if r.role != "campaign" and r.freight_split)
    if split < p.min_listings:
        yield ctx.finding(observed=split, threshold=p.min_listings, comparison=">=")


RULES = [
    launch_listing_count, product_layout_roles, free_shipping_top_countries, popularity_not_rising,
    eu_wholesale_tax_id_missing, dropshipping_not_advertised, inquiry_price_freight_split,
]
