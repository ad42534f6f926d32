"""The Business Advisor (生意参谋) store-overview export as a dataset, and what it yields.

Business Advisor's store overview (店铺概况) exports one row per day with Chinese headers
(统计日期, 访客数, 浏览量, 支付金额…). Loaded as the ``store_daily`` dataset, it fills in the
30-day traffic, conversion and growth metrics the operator did not type in: a metric given in
``[metrics]`` always wins over one derived here.

Only the 30 days ending on the latest date in the file are used, so a 90-day export gives the
same numbers as a 30-day one. Daily visitor counts are summed, which counts a visitor who
came on two days twice; Business Advisor's own 30-day figure de-duplicates them, so give
``store_visitors`` directly when you have it. Rates are visitor-weighted across days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from diagrules import (
    Dataset,
    Derivation,
    OptionalCount,
    OptionalMoney,
    OptionalNumber,
    OptionalRatio,
    Record,
    text,
)

WINDOW_DAYS = 30


class StoreDay(Record):
    """One day of the store overview (ISO dates or spreadsheet date cells).

    Every measure is optional: exports differ in their columns.
    """

    date: dt.date
    visitors: OptionalCount = None
    page_views: OptionalCount = None
    search_impressions: OptionalCount = None
    search_ctr: OptionalRatio = None
    add_cart_buyers: OptionalCount = None
    wishlist_buyers: OptionalCount = None
    pay_buyers: OptionalCount = None
    pay_orders: OptionalCount = None
    pay_amount: OptionalMoney = None
    bounce_rate: OptionalRatio = None
    avg_stay_seconds: OptionalNumber = None
    new_buyers: OptionalCount = None
    returning_buyers: OptionalCount = None


STORE_DAILY = Dataset(
    "store_daily",
    record=StoreDay,
    platform="aliexpress",
    key="date",
    label=text(en="Business Advisor store overview (daily)", zh="生意参谋店铺概况（按天）"),
    description=text(
        en="One row per day from Business Advisor › store overview; the last 30 days are used.",
        zh="生意参谋 › 店铺概况按天导出的数据，每天一行；取最近30天。",
    ),
    aliases={
        "date": ["统计日期", "日期", "统计时间"],
        "visitors": ["访客数", "店铺访客数", "商品访客数", "UV"],
        "page_views": ["浏览量", "店铺浏览量", "商品浏览量", "PV"],
        "search_impressions": ["搜索曝光量", "搜索曝光次数", "曝光量"],
        "search_ctr": ["搜索点击率"],
        "add_cart_buyers": ["加购人数", "商品加购人数", "加购买家数"],
        "wishlist_buyers": ["收藏人数", "收藏买家数", "商品收藏人数"],
        "pay_buyers": ["支付买家数"],
        "pay_orders": ["支付订单数"],
        "pay_amount": ["支付金额", "支付金额(美元)", "支付金额(USD)"],
        "bounce_rate": ["跳失率"],
        "avg_stay_seconds": ["平均停留时长", "平均停留时长(秒)", "人均停留时长"],
        "new_buyers": ["新买家数", "新支付买家数"],
        "returning_buyers": ["老买家数", "老支付买家数"],
    },
)

Rows = Sequence[StoreDay]


def _window(rows: Rows) -> list[StoreDay]:
    if not rows:
        return []
    start = max(r.date for r in rows) - dt.timedelta(days=WINDOW_DAYS - 1)
    return [r for r in rows if r.date >= start]


def _values(rows: Rows, field: str) -> list[float]:
    return [float(v) for r in _window(rows) if (v := getattr(r, field)) is not None]


def _total(field: str) -> Callable[[Rows], float | None]:
    def total(rows: Rows) -> float | None:
        values = _values(rows, field)
        return sum(values) if values else None

    return total


def _per(numerator: str, denominator: str) -> Callable[[Rows], float | None]:
    """Σ numerator ÷ Σ denominator over the days that have both."""

    def per(rows: Rows) -> float | None:
        pairs = [
            (float(n), float(d)) for r in _window(rows)
            if (n := getattr(r, numerator)) is not None and (d := getattr(r, denominator)) is not None
        ]
        den = sum(d for _, d in pairs)
        return sum(n for n, _ in pairs) / den if pairs and den else None

    return per


def _weighted(field: str, by: str) -> Callable[[Rows], float | None]:
    """The mean of a daily rate, weighted by the day's ``by`` count (visitors, impressions)."""

    def weighted(rows: Rows) -> float | None:
        pairs = [
            (float(v), float(w)) for r in _window(rows)
            if (v := getattr(r, field)) is not None and (w := getattr(r, by)) is not None
        ]
        total = sum(w for _, w in pairs)
        return sum(v * w for v, w in pairs) / total if pairs and total else None

    return weighted


def _returning_share(rows: Rows) -> float | None:
    returning = sum(_values(rows, "returning_buyers"))
    buyers = returning + sum(_values(rows, "new_buyers"))
    return returning / buyers if buyers else None


def _from_daily(fn: Callable[[Rows], float | None]) -> Derivation:
    return Derivation(fn, datasets=(STORE_DAILY,))


#: Metric name → how it is derived from ``store_daily`` when not given.
DERIVATIONS: dict[str, Derivation] = {
    "store_visitors": _from_daily(_total("visitors")),
    "search_impressions": _from_daily(_total("search_impressions")),
    "search_ctr": _from_daily(_weighted("search_ctr", "search_impressions")),
    "pay_conversion_rate": _from_daily(_per("pay_buyers", "visitors")),
    "add_to_cart_rate": _from_daily(_per("add_cart_buyers", "visitors")),
    "wishlist_rate": _from_daily(_per("wishlist_buyers", "visitors")),
    "pv_per_uv": _from_daily(_per("page_views", "visitors")),
    "bounce_rate": _from_daily(_weighted("bounce_rate", "visitors")),
    "avg_stay_seconds": _from_daily(_weighted("avg_stay_seconds", "visitors")),
    "new_buyers_30d": _from_daily(_total("new_buyers")),
    "returning_buyer_share": _from_daily(_returning_share),
    "pay_amount_30d": _from_daily(_total("pay_amount")),
    "pay_buyers_30d": _from_daily(_total("pay_buyers")),
    "orders_30d": _from_daily(_total("pay_orders")),
    "avg_order_value": _from_daily(_per("pay_amount", "pay_buyers")),
}
