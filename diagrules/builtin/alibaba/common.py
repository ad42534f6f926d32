"""Alibaba.com (国际站): the platform declaration and metrics shared by its rule sets.

The RTS and RFQ rule sets both register these objects; the registry accepts the identical
definition twice, so either set can be installed or blocked on its own.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, StringConstraints, model_validator

from diagrules import (
    Dataset,
    Effort,
    Metric,
    OptionalCount,
    OptionalDays,
    OptionalFlag,
    OptionalMoney,
    OptionalRatio,
    Platform,
    Record,
    Remedy,
    Text,
    count_rows,
    text,
)

ALIBABA = Platform(
    "alibaba",
    label=text(en="Alibaba.com", zh="阿里巴巴国际站"),
    stages=("new", "established"),
)

# -- the products table (shared: RTS rules read it, and listed_products is counted from it) --

Kind = Literal["rts", "customized"]

_RTS_WORDS = {"rts", "readytoship", "rts产品", "rts商品", "现货", "是", "y", "yes", "true", "1"}
_CUSTOM_WORDS = {
    "customized", "customised", "custom", "定制", "定制品", "定制产品", "非rts", "否", "n", "no",
    "false", "0",
}


def _kind(raw: Any) -> Any:
    """Read 'RTS' / '定制' / a yes-no 是否RTS cell as ``rts`` or ``customized``."""
    if isinstance(raw, bool):
        return "rts" if raw else "customized"
    word = re.sub(r"[\s_\-]+", "", str(raw)).lower()
    if isinstance(raw, (int, float)):
        word = "1" if raw == 1 else "0" if raw == 0 else word
    if word in _RTS_WORDS:
        return "rts"
    if word in _CUSTOM_WORDS:
        return "customized"
    raise ValueError(f"expected RTS or 定制 (customized), got {raw!r}")


def _product_id(raw: Any) -> Any:
    """Spreadsheets store numeric ids as numbers (1600123456789.0); ids are text."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return raw


ProductKind = Annotated[Kind, BeforeValidator(_kind)]

#: How a product kind reads in a report: the internal values ``rts``/``customized`` never appear.
KIND_LABELS: dict[str, Text] = {
    "rts": text(en="RTS", zh="RTS产品"),
    "customized": text(en="customized", zh="定制品"),
}

#: Spaces, underscores and hyphens, which a level may be written with ("hot product", "hot-product").
_SEPARATORS = re.compile(r"[\s_\-]+")

#: Product levels (产品分层) the back office gives its top tier; the export writes 爆品.
_HOT_LEVELS = {"爆品", "爆款", "hot", "hotproduct", "hotproducts"}


def is_hot(row: Product) -> bool:
    """Whether the back office already ranks ``row`` a hot product, the top 产品分层 level:
    a rule about *becoming* hot has nothing to tell it."""
    level = row.product_level
    return level is not None and _SEPARATORS.sub("", level).lower() in _HOT_LEVELS
ProductId = Annotated[str, BeforeValidator(_product_id), StringConstraints(min_length=1)]


class Product(Record):
    """One row of the Data Manager product export (产品分析 → 产品效果), 30-day figures.

    Only ``product_id`` is required; the other columns are optional because exports differ by
    account and period, and each rule skips when its column is absent. The Data Manager export
    has no product type: a product with RTS online buyers or RTS GMV is an RTS product, any
    other product's ``kind`` stays unknown (None) until a list that carries it is merged.
    ``freight_usd`` and ``price_usd`` must refer to the same quantity (one unit, or the MOQ).
    """

    product_id: ProductId
    kind: ProductKind | None = None
    title: str | None = None
    product_level: str | None = None
    impressions_30d: OptionalCount = None
    clicks_30d: OptionalCount = None
    search_ctr: OptionalRatio = None
    visitors_30d: OptionalCount = None
    inquiries_30d: OptionalCount = None
    orders_30d: OptionalCount = None
    has_cross_border_packaging: OptionalFlag = None
    in_weekly_deals: OptionalFlag = None
    has_shipping_template: OptionalFlag = None
    freight_usd: OptionalMoney = None
    price_usd: OptionalMoney = None
    lead_time_days: OptionalDays = None
    inquiry_rate: OptionalRatio = None
    rts_online_buyers: OptionalCount = None
    rts_gmv_usd: OptionalMoney = None

    @model_validator(mode="after")
    def _infer_kind(self) -> Product:
        """RTS buyers or RTS GMV can only come from an RTS product (the export says so)."""
        if self.kind is None and ((self.rts_online_buyers or 0) > 0 or (self.rts_gmv_usd or 0) > 0):
            inferred = self.model_copy(update={"kind": "rts"})
            # inferred, not exported: rules needing every product's type still skip
            inferred.model_fields_set.discard("kind")
            return inferred
        return self


def product_names(row: Product) -> dict[str, Any]:
    """The product as a message names it, ``product_en`` and ``product_zh``: its id and title,
    the title in the brackets of each language."""
    if not row.title:
        return {"product_en": row.product_id, "product_zh": row.product_id}
    return {"product_en": f"{row.product_id} ({row.title})", "product_zh": f"{row.product_id}（{row.title}）"}


_LISTING_SOURCE = text(
    en="the product management list (Products › Manage Products) or the RTS product list",
    zh="产品管理 › 管理产品列表或RTS产品列表",
)
_ORDER_SOURCE = text(
    en="the RTS product list or the order list (Orders › All Orders)",
    zh="RTS产品列表或订单列表（交易管理 › 订单）",
)

PRODUCTS = Dataset(
    "products",
    record=Product,
    key="product_id",
    platform="alibaba",
    label=text(en="Products (Data Manager export)", zh="产品（数据管家产品报表）"),
    description=text(
        en="One row per product with its type (RTS or customized), 30-day traffic, inquiries and "
        "orders, and the listing fields RTS rules check (packaging, freight, lead time).",
        zh="每行一个产品：类型（RTS/定制）、近30天流量、询盘与订单，以及RTS规则检查的发布信息"
        "（跨境包装、运费、发货期）。",
    ),
    aliases={
        "product_id": ["产品ID", "商品ID", "产品编号", "Product ID", "productId"],
        "kind": ["产品类型", "商品类型", "类型", "RTS/定制", "是否RTS", "type"],
        "title": ["产品名称", "商品名称", "产品标题", "标题", "Product Name", "subject"],
        "product_level": ["产品分层", "产品等级", "prodLevel"],
        "impressions_30d": ["搜索曝光次数", "曝光次数", "曝光", "views", "impressions"],
        "clicks_30d": ["搜索点击次数", "点击次数", "点击", "clicks"],
        "search_ctr": ["搜索点击率", "点击率", "clicksRates", "ctr"],
        "visitors_30d": ["访问人数", "访客数", "访客", "visitors"],
        "inquiries_30d": ["询盘个数", "询盘数", "inquiries"],
        "orders_30d": ["订单数", "成交订单数", "支付订单数", "信保订单数", "成交数", "orders"],
        "has_cross_border_packaging": ["跨境电商专用包装", "跨境包装", "是否填写跨境包装"],
        "in_weekly_deals": ["Weekly Deals", "报名Weekly Deals", "计划报名Weekly Deals", "weeklyDeals"],
        "has_shipping_template": ["运费模板", "是否设置运费模板", "是否有运费模板", "shipping template"],
        "freight_usd": ["运费", "运费(美元)", "运费(USD)", "主要国家运费", "freight"],
        "price_usd": ["价格", "单价", "价格(美元)", "价格(USD)", "起批价", "price"],
        "lead_time_days": ["发货期", "发货期(天)", "交期", "备货期", "lead time"],
        "inquiry_rate": ["询盘率", "inquiryRate"],
        "rts_online_buyers": ["RTS线上买家数", "RTS买家数"],
        "rts_gmv_usd": ["RTS线上实收GMV", "RTS实收GMV", "RTS GMV"],
    },
    sources={
        field: _LISTING_SOURCE
        for field in ("kind", "has_cross_border_packaging", "has_shipping_template", "freight_usd",
                      "price_usd", "lead_time_days")
    } | {
        "orders_30d": _ORDER_SOURCE,
        "in_weekly_deals": text(en="the Weekly Deals registration list (Marketing Center › Weekly Deals)",
                                zh="Weekly Deals 报名列表（营销中心 › Weekly Deals）"),
    },
)



LISTED_PRODUCTS = Metric(
    "listed_products", unit="count", better="higher", platform="alibaba",
    label=text(en="Listed products", zh="在线产品数"),
    description=text(en="Products online in the store.", zh="店铺在线（已发布）的产品数量。"),
    aliases=["在线产品数", "产品数", "online_products"],
    derive=count_rows(PRODUCTS),
)

INQUIRIES_30D = Metric(
    "inquiries_30d", unit="count", better="higher", platform="alibaba",
    label=text(en="Inquiries (30 days)", zh="询盘个数（近30天）"),
    description=text(
        en="Valid inquiries received in the last 30 days (spam and TM chats excluded).",
        zh="近30天收到的有效询盘数（不含垃圾询盘与TM咨询）。",
    ),
    aliases=["询盘个数", "询盘数", "inquiries"],
)

SHARED_METRICS = [LISTED_PRODUCTS, INQUIRIES_30D]
SHARED_DATASETS = [PRODUCTS]


#: Whose judgement a threshold or remedy is (the values of ``Remedy.basis``).
Basis = Literal["source", "diagrules"]


def remedy(en: str, zh: str, *, basis: Basis, priority: int = 2, effort: Effort = Effort.LOW,
           effect: Text | None = None) -> Remedy:
    """A remedy from its two texts, with the defaults most Alibaba.com remedies share.

    ``basis`` is required so that no remedy is written without saying whose advice it is.
    """
    return Remedy(text(en=en, zh=zh), priority=priority, effort=effort, effect=effect, basis=basis)
