"""RTS006–RTS009: the listing fields every RTS product needs (packaging, freight, lead time)."""

from __future__ import annotations

from collections.abc import Iterator

from diagrules import (
    Effort,
    Finding,
    Params,
    Quantity,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    param,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import (
    PRODUCTS,
    Kind,
    product_names,
)
from diagrules.builtin.alibaba.rts_metrics import (
    product_details,
    ranked_products,
    require_column,
    rows_needing,
)
from diagrules.builtin.alibaba.sources import (
    ARTICLE_000,
    ARTICLE_000_DATE,
    RTS_RECTIFY_RULE,
    RTS_STANDARD_SOURCE,
)

# -- RTS006 ------------------------------------------------------------------------------------


class PackagingParams(Params):
    """Which product kinds must carry cross-border packaging, so that a change is a setting."""

    kinds: tuple[Kind, ...] = param(
        ("rts", "customized"),
        en="Product kinds that must carry cross-border packaging information. Article 000: all.",
        zh="必须填写跨境电商专用包装信息的产品类型。文章000：全部产品（RTS产品和定制品）。",
    )


@rule(
    "RTS006", "cross-border-packaging-missing",
    severity=Severity.ERROR, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=PackagingParams, unit="bool",
    title=text(en="Cross-border packaging information missing", zh="缺少跨境电商专用包装信息"),
    message=text(
        en="Product {product_en} has no cross-border e-commerce packaging "
        "information, a mandatory field.",
        zh="产品 {product_zh} 未填写跨境电商专用包装信息（必填项）。",
    ),
    remedies=[
        Remedy(
            text(
                en="Open each listed product in product management and fill in the cross-border "
                "packaging fields: packed size and gross weight per selling unit.",
                zh="在产品管理中逐个编辑在线产品，填写跨境电商专用包装：每个销售单位的包装尺寸和毛重。",
            ),
            priority=1, basis="source", effort=Effort.LOW,
            effect=text(en="Listings are complete and freight can be calculated for buyers.",
                        zh="产品信息完整，买家可看到准确运费。"),
        ),
        Remedy(
            text(
                en="Measure and weigh one packed unit per product family first, then copy the "
                "figures to its variants.",
                zh="先为每个产品系列实测一个包装件的尺寸和重量，再复制到同系列产品。",
            ),
            priority=2, basis="diagrules", effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(en="A product lacks the cross-border e-commerce packaging information.",
                  zh="产品缺少跨境电商专用包装信息。"),
        why=text(
            en="The packaging field is mandatory for every product, RTS or customized; without "
            "it freight cannot be shown and the listing is incomplete.",
            zh="无论RTS还是定制品，跨境电商专用包装都是必填项；缺少它无法显示运费，产品信息也不完整。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False, threshold_basis="source",
    ),
)
def cross_border_packaging_missing(ctx: RuleContext, p: PackagingParams) -> Iterator[Finding]:
    require_column(ctx.rows(PRODUCTS), "has_cross_border_packaging")
    for row in ranked_products(ctx):
        if row.kind in p.kinds and not row.has_cross_border_packaging:
            yield ctx.finding(observed=False, threshold=True, comparison="==",
                              item=row.product_id, **product_names(row), details=product_details(row))


# -- RTS007 ------------------------------------------------------------------------------------


class FreightMissingParams(Params):
    """The grace period of the official rule, stated in the finding."""

    removal_days: int = param(
        15, ge=1,
        en="Days a flagged RTS product has before Alibaba.com removes it. Official rule page: 15.",
        zh="被标记的RTS产品在被 Alibaba.com 下架前的整改天数。官方规则页：15天。",
    )


@rule(
    "RTS007", "rts-freight-missing",
    severity=Severity.ERROR, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=FreightMissingParams, unit="bool",
    title=text(en="RTS product without freight", zh="RTS产品未设置运费"),
    message=text(
        en="RTS product {product_en} has neither a shipping template nor a freight: Alibaba.com flags it "
        "'to be rectified' and removes it after {removal_days} days.",
        zh="RTS产品 {product_zh} 既没有运费模板也没有运费：平台会将其标记为“待整改”，{removal_days} 天内未整改将被下架。",
    ),
    remedies=[
        Remedy(
            text(
                en="Assign a shipping template to each of these RTS products today, covering at "
                "least your top destination countries (Data Manager → visitor countries).",
                zh="今天为这些RTS产品设置运费模板，至少覆盖主要目的国（数据管家→访客国家分布）。",
            ),
            priority=1, basis="source", effort=Effort.LOW,
            effect=text(en="The products keep their RTS status and are not removed.",
                        zh="产品保留RTS资格，不会被下架。"),
        ),
        Remedy(
            text(
                en="Check the 'to be rectified' RTS list in product management every day "
                "this week until it is empty.",
                zh="本周每天检查产品管理中的“待整改”RTS产品列表，直到清零。",
            ),
            priority=2, basis="diagrules", effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(en="An RTS product has neither a shipping template nor a freight set; either one "
                  "counts as freight set.",
                  zh="RTS产品既没有设置运费模板，也没有设置运费；两者有其一即视为已设置运费。"),
        why=text(
            en="An RTS product without freight to any country is flagged 'to be rectified' and "
            "removed if not fixed within 15 days.",
            zh="未设置任何国家运费的RTS产品会被标记为“待整改”，15天内未整改将被下架。",
        ),
        source=RTS_RECTIFY_RULE, as_of=None, official=True, threshold_basis="source",
    ),
)
def rts_freight_missing(ctx: RuleContext, p: FreightMissingParams) -> Iterator[Finding]:
    for row in rows_needing(ctx, "rts", "has_shipping_template", "freight_usd"):
        # a freight entered on the product is freight set, whatever the template column says
        if not row.has_shipping_template and row.freight_usd is None:
            yield ctx.finding(observed=False, threshold=True, comparison="==",
                              item=row.product_id, **product_names(row),
                              removal_days=p.removal_days, details=product_details(row))


# -- RTS008 ------------------------------------------------------------------------------------


class FreightShareParams(Params):
    """The freight-to-price ratio above which buyers walk away at the freight."""

    max_share: float = param(
        0.5, gt=0,
        en="The highest acceptable freight ÷ price ratio for one RTS product. diagrules default.",
        zh="单个RTS产品运费与价格之比的可接受上限。diagrules 默认值。",
    )


@rule(
    "RTS008", "rts-freight-share-high",
    severity=Severity.WARNING, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=FreightShareParams, unit="ratio",
    title=text(en="Freight high compared with price", zh="运费占售价比例过高"),
    message=text(
        en="RTS product {product_en}: freight {freight} is {observed} of the price {price}, above "
        "{threshold}; buyers drop out when they see the freight.",
        zh="RTS产品 {product_zh} 的运费 {freight} 占售价 {price} 的 {observed}，超过 {threshold}；"
        "买家看到运费容易流失。",
    ),
    remedies=[
        Remedy(
            text(
                en="Move the main destination countries to cheaper consolidated logistics "
                "(Alibaba.com Logistics, door-to-warehouse or warehouse-to-door) and update the "
                "shipping template.",
                zh="主要目的国改用更便宜的集运物流（阿里巴巴物流、门到仓或仓到门），并更新运费模板。",
            ),
            priority=1, basis="diagrules", effort=Effort.MEDIUM,
            effect=text(en="Lower freight at checkout, fewer abandoned orders.",
                        zh="下单时运费更低，放弃下单的买家减少。"),
        ),
        Remedy(
            text(
                en="Offer a multi-unit pack or a lower freight per unit on larger quantity tiers, "
                "so buyers who order more spread the freight; keep the MOQ low for small buyers.",
                zh="提供多件装，或在大数量阶梯上降低单件运费，让多买的买家分摊运费；起订量保持低位，方便零散买家下单。",
            ),
            priority=2, basis="diagrules", effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="An RTS product's freight is high compared with its price (default: above 50%, "
            "freight and price for the same quantity).",
            zh="RTS产品运费相对售价过高（默认：超过50%，运费与售价按同一数量计）。",
        ),
        why=text(
            en="Conversion on Alibaba.com is lost when buyers see the freight: prices look "
            "lower than AliExpress until the freight appears.",
            zh="国际站转化低的一个原因是“一谈到运费，客户就退却了”：产品价格比速卖通低，但运费一出来买家就走了。",
        ),
        source=ARTICLE_000, as_of=ARTICLE_000_DATE, official=False,
        threshold_basis="diagrules",
        notes=text(en="The 50% threshold is a diagrules default, not from the article.",
                   zh="50%阈值为 diagrules 默认值，并非来自原文。"),
    ),
)
def rts_freight_share_high(ctx: RuleContext, p: FreightShareParams) -> Iterator[Finding]:
    for row in require_column(rows_needing(ctx, "rts", "freight_usd"), "price_usd"):
        freight, price = row.freight_usd, row.price_usd
        if freight is None or not price:
            continue
        share = freight / price
        if share > p.max_share:
            yield ctx.finding(
                observed=share, threshold=p.max_share, comparison="<=", item=row.product_id,
                **product_names(row), freight=Quantity(freight, "money"),
                price=Quantity(price, "money"),
                details=product_details(row, freight_usd=freight, price_usd=price),
            )


# -- RTS009 ------------------------------------------------------------------------------------


class LeadTimeParams(Params):
    """The longest lead time the RTS standard allows."""

    max_days: float = param(
        15, gt=0,
        en="The longest lead time at the minimum order quantity an RTS product may have. Third-party summary of the RTS standard: 15 days.",
        zh="RTS产品在最小起订量下允许的最长发货期。第三方整理的RTS标准：15天。",
    )


@rule(
    "RTS009", "rts-lead-time",
    severity=Severity.WARNING, platform="alibaba", ruleset="rts",
    datasets=[PRODUCTS], params=LeadTimeParams, unit="days",
    title=text(en="RTS lead time too long", zh="RTS产品发货期过长"),
    message=text(
        en="RTS product {product_en} ships in {observed}; RTS requires {threshold} or "
        "less at the minimum order quantity.",
        zh="RTS产品 {product_zh} 的发货期为 {observed}，RTS要求最小起订量下不超过 {threshold}。",
    ),
    remedies=[
        Remedy(
            text(
                en="Keep the minimum order quantity in stock and set the lead time at MOQ to 15 "
                "days or less; put longer lead times only on the larger quantity tiers.",
                zh="按最小起订量备好库存，把起订量下的发货期设为15天以内；较长的发货期只放在大批量阶梯上。",
            ),
            priority=1, basis="source", effort=Effort.MEDIUM,
            effect=text(en="The product meets the RTS standard again.", zh="产品重新符合RTS标准。"),
        ),
        Remedy(
            text(
                en="If the product cannot ship within 15 days, change it to customized so it is "
                "not flagged as failing the RTS standard.",
                zh="确实无法15天内发货的产品改为定制品，避免被判定为不符合RTS标准。",
            ),
            priority=2, basis="diagrules", effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(en="An RTS product's lead time at minimum MOQ is longer than 15 days.",
                  zh="RTS产品在最小起订量下的发货期超过15天。"),
        why=text(
            en="RTS means the buyer can order at once with clear freight and a lead time of at "
            "most 15 days at minimum MOQ; a product that fails the RTS standard is flagged for "
            "rectification.",
            zh="RTS要求买家可直接下单、运费清晰，且最小起订量下发货期不超过15天；不符合RTS标准的产品会被要求整改。",
        ),
        source=RTS_STANDARD_SOURCE, as_of=None, official=False, threshold_basis="source",
    ),
)
def rts_lead_time(ctx: RuleContext, p: LeadTimeParams) -> Iterator[Finding]:
    for row in rows_needing(ctx, "rts", "lead_time_days"):
        days = row.lead_time_days
        if days is not None and days > p.max_days:
            yield ctx.finding(observed=days, threshold=p.max_days, comparison="<=",
                              item=row.product_id, **product_names(row), details=product_details(row))


