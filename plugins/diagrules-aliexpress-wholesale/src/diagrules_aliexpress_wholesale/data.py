"""What the wholesale rules read: the platform, two store metrics and four record tables.

Names start with ``wholesale_`` so they never collide with the built-in AliExpress growth
metrics (a metric name must mean one thing across all installed plugins). Country columns are
normalised to ISO 3166 codes, because the Business Advisor export says 西班牙 where an order
export says ES or Spain, and the tax-id rule must recognise all three.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from diagrules import (
    Count,
    Dataset,
    Flag,
    Metric,
    Number,
    OptionalFlag,
    OptionalRatio,
    Platform,
    Record,
    count_rows,
    text,
)
from pydantic import BeforeValidator

#: Identical to the declaration of the built-in AliExpress rule set, so the registry accepts
#: both and this plugin still works when the built-in set is blocked.
ALIEXPRESS = Platform("aliexpress", label=text(en="AliExpress", zh="速卖通"))

#: The EU member states.
EU_COUNTRIES: tuple[str, ...] = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)
#: The European countries for which article 003 gets the buyer's tax id before shipping
#: (歐洲國家, not only the EU): the EU, the UK, the EFTA states and the other European states
#: with their own customs. Russia and Turkey, which span two continents and which the article
#: lists as markets of their own, are left out (diagrules' reading); a parameter adds them.
EUROPEAN_COUNTRIES: tuple[str, ...] = (
    *EU_COUNTRIES, "GB", "NO", "CH", "IS", "LI", "AD", "MC", "SM", "AL", "BA", "ME", "MK", "RS",
    "MD", "UA", "BY",
)

# The countries article 003 lists as AliExpress's main and wholesale markets, plus the rest of
# the EU: ISO code, English name, Chinese name (simplified; the article's traditional forms
# are accepted too).
_COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("RU", "Russia", "俄罗斯"), ("US", "United States", "美国"), ("ES", "Spain", "西班牙"),
    ("FR", "France", "法国"), ("BR", "Brazil", "巴西"), ("GB", "United Kingdom", "英国"),
    ("IT", "Italy", "意大利"), ("IL", "Israel", "以色列"), ("CA", "Canada", "加拿大"),
    ("UA", "Ukraine", "乌克兰"), ("NL", "Netherlands", "荷兰"), ("PL", "Poland", "波兰"),
    ("CL", "Chile", "智利"), ("DE", "Germany", "德国"), ("AU", "Australia", "澳大利亚"),
    ("BY", "Belarus", "白俄罗斯"), ("TR", "Turkey", "土耳其"), ("MX", "Mexico", "墨西哥"),
    ("BE", "Belgium", "比利时"), ("CH", "Switzerland", "瑞士"), ("KR", "South Korea", "韩国"),
    ("SE", "Sweden", "瑞典"), ("JP", "Japan", "日本"), ("SA", "Saudi Arabia", "沙特阿拉伯"),
    ("NZ", "New Zealand", "新西兰"), ("HU", "Hungary", "匈牙利"), ("SK", "Slovakia", "斯洛伐克"),
    ("TH", "Thailand", "泰国"), ("IE", "Ireland", "爱尔兰"), ("CZ", "Czechia", "捷克"),
    ("AE", "United Arab Emirates", "阿联酋"), ("DK", "Denmark", "丹麦"), ("NO", "Norway", "挪威"),
    ("SG", "Singapore", "新加坡"), ("AT", "Austria", "奥地利"), ("RO", "Romania", "罗马尼亚"),
    ("GR", "Greece", "希腊"), ("SI", "Slovenia", "斯洛文尼亚"), ("FI", "Finland", "芬兰"),
    ("PT", "Portugal", "葡萄牙"), ("BG", "Bulgaria", "保加利亚"), ("HR", "Croatia", "克罗地亚"),
    ("CY", "Cyprus", "塞浦路斯"), ("EE", "Estonia", "爱沙尼亚"), ("LV", "Latvia", "拉脱维亚"),
    ("LT", "Lithuania", "立陶宛"), ("LU", "Luxembourg", "卢森堡"), ("MT", "Malta", "马耳他"),
    ("IS", "Iceland", "冰岛"), ("LI", "Liechtenstein", "列支敦士登"), ("AD", "Andorra", "安道尔"),
    ("MC", "Monaco", "摩纳哥"), ("SM", "San Marino", "圣马力诺"), ("AL", "Albania", "阿尔巴尼亚"),
    ("BA", "Bosnia and Herzegovina", "波黑"), ("ME", "Montenegro", "黑山"),
    ("MK", "North Macedonia", "北马其顿"), ("RS", "Serbia", "塞尔维亚"), ("MD", "Moldova", "摩尔多瓦"),
)
_TRADITIONAL = {"俄羅斯": "RU", "美國": "US", "英國": "GB", "義大利": "IT", "烏克蘭": "UA",
                "荷蘭": "NL", "德國": "DE", "澳大利亞": "AU", "白俄羅斯": "BY",
                "比利時": "BE", "韓國": "KR", "沙特阿拉伯": "SA", "新西蘭": "NZ",
                "斯洛伐克": "SK", "愛爾蘭": "IE", "捷克": "CZ", "丹麥": "DK", "奧地利": "AT",
                "羅馬尼亞": "RO", "希臘": "GR", "斯洛文尼亞": "SI", "芬蘭": "FI", "波蘭": "PL"}
_BY_NAME: dict[str, str] = {
    **{code.lower(): code for code, _, _ in _COUNTRIES},
    **{en.lower(): code for code, en, _ in _COUNTRIES},
    **{zh: code for code, _, zh in _COUNTRIES},
    **_TRADITIONAL,
    "uk": "GB", "usa": "US", "czech republic": "CZ", "uae": "AE", "türkiye": "TR",
    "great britain": "GB", "switzerland": "CH", "瑞士": "CH", "挪威": "NO", "英國": "GB",
    "冰島": "IS", "塞爾維亞": "RS", "波斯尼亚和黑塞哥维那": "BA", "马其顿": "MK",
}


_NAMES: dict[str, tuple[str, str]] = {code: (en, zh) for code, en, zh in _COUNTRIES}


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang`` ("PL" → "Poland" / "波兰"); unknown codes as given."""
    names = _NAMES.get(code)
    return code if names is None else names[0 if lang == "en" else 1]


def country_code(raw: Any) -> str:
    """``"西班牙"``, ``"Spain"`` or ``"es"`` → ``"ES"``; unknown names are kept as written."""
    name = str(raw).strip()
    return _BY_NAME.get(name.lower(), _BY_NAME.get(name, name))


Country = Annotated[str, BeforeValidator(country_code)]

ROLES: tuple[str, ...] = ("hot", "campaign", "profit", "other")
_ROLE_NAMES = {
    "hot": "hot", "traffic": "hot", "爆款": "hot", "引流款": "hot", "细分类目爆款": "hot",
    "campaign": "campaign", "promotion": "campaign", "活动款": "campaign",
    "profit": "profit", "利润款": "profit", "利潤款": "profit",
    "other": "other", "": "other", "其他": "other", "拉销量款": "other",
}


def _role(raw: Any) -> str:
    name = "" if raw is None else str(raw).strip().lower()
    role = _ROLE_NAMES.get(name)
    if role is None:
        raise ValueError(f"expected a layout role (hot/爆款, campaign/活动款, profit/利润款, other), got {raw!r}")
    return role


Role = Annotated[str, BeforeValidator(_role)]

_PERIOD_PARTS = re.compile(r"(\d+)")


def period_key(period: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for period labels: ``"W9"`` before ``"W10"``, ISO dates in date order."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _PERIOD_PARTS.split(period) if part
    )


class Listing(Record):
    """A listing of the launch plan, with its role in the store layout."""

    product_id: str
    title: str = ""
    role: Role = "other"
    free_shipping: OptionalFlag = None
    freight_split: OptionalFlag = None
    dropshipping_attribute: OptionalFlag = None


class CountryTraffic(Record):
    """A row of the Business Advisor market view (市场大盘) for the store's sub-category."""

    country: Country
    visitor_index: Number
    free_shipping_template: Flag = False


class Popularity(Record):
    """One product's popularity signals in one period (day or week)."""

    product_id: str
    period: str
    ctr: OptionalRatio = None
    wishlist_rate: OptionalRatio = None
    add_to_cart_rate: OptionalRatio = None


class Order(Record):
    """An order with the buyer's destination and, for wholesale orders, their tax id."""

    order_id: str
    country: Country
    units: Count = 1
    wholesale: OptionalFlag = None
    buyer_tax_id: str | None = None


WHOLESALE_LISTINGS = Dataset(
    "wholesale_listings", record=Listing, key="product_id", platform="aliexpress",
    label=text(en="Store layout (listings and their roles)", zh="店铺产品布局（链接及定位）"),
    aliases={
        "product_id": ["商品ID", "产品ID", "商品id"],
        "title": ["商品标题", "产品名称", "标题"],
        "role": ["定位", "产品定位", "布局角色"],
        "free_shipping": ["包邮", "是否包邮"],
        "freight_split": ["价格运费分开", "运费单独报价"],
        "dropshipping_attribute": ["支持一件代发", "支持dropshipping", "dropshipping"],
    },
)
WHOLESALE_COUNTRY_TRAFFIC = Dataset(
    "wholesale_country_traffic", record=CountryTraffic, key="country", platform="aliexpress",
    label=text(en="Sub-category traffic by country", zh="细分类目国家流量"),
    aliases={
        "country": ["国家", "国家/地区", "country/region"],
        "visitor_index": ["访客指数", "visitors index"],
        "free_shipping_template": ["包邮运费模板", "包邮模板"],
    },
)
WHOLESALE_POPULARITY = Dataset(
    "wholesale_popularity", record=Popularity, key="product_id", platform="aliexpress",
    label=text(en="Popularity signals by period", zh="商品人气指标（按周期）"),
    aliases={
        "product_id": ["商品ID", "产品ID"],
        "period": ["统计日期", "日期", "周期", "date"],
        "ctr": ["搜索点击率", "点击率"],
        "wishlist_rate": ["收藏率", "wishlist率"],
        "add_to_cart_rate": ["加购率"],
    },
)
WHOLESALE_ORDERS = Dataset(
    "wholesale_orders", record=Order, key="order_id", platform="aliexpress",
    label=text(en="Orders with destination and tax id", zh="订单（目的国与税号）"),
    aliases={
        "order_id": ["订单号", "订单ID"],
        "country": ["收货国家", "国家"],
        "units": ["件数", "数量", "quantity"],
        "wholesale": ["批发订单", "是否批发"],
        "buyer_tax_id": ["税号", "买家税号", "VAT", "vat_number"],
    },
)

WHOLESALE_LISTING_COUNT = Metric(
    "wholesale_listing_count", unit="count", platform="aliexpress",
    label=text(en="Listings in the store layout", zh="店铺布局链接数"),
    description=text(
        en="Listings the store is actively building (the rows of wholesale_listings unless given).",
        zh="店铺正在打造的商品链接数（未填写时按 wholesale_listings 的行数计算）。",
    ),
    aliases=["布局链接数"],
    derive=count_rows(WHOLESALE_LISTINGS),
)
WHOLESALE_DROPSHIPPING_BANNER = Metric(
    "wholesale_dropshipping_banner", unit="bool", better="higher", platform="aliexpress",
    label=text(en="Store banner advertises dropshipping", zh="店招注明支持一件代发"),
    description=text(
        en="Whether the store's home-page banner tells buyers that dropshipping is supported.",
        zh="店铺首页店招/横幅是否告知买家支持 dropshipping（一件代发）。",
    ),
    aliases=["店招支持一件代发"],
)

METRICS = [WHOLESALE_LISTING_COUNT, WHOLESALE_DROPSHIPPING_BANNER]
DATASETS = [WHOLESALE_LISTINGS, WHOLESALE_COUNTRY_TRAFFIC, WHOLESALE_POPULARITY, WHOLESALE_ORDERS]
