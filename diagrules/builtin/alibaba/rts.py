"""Alibaba.com Ready-To-Ship rules (rule prefix ``RTS``).

RTS products are in stock, have a fixed price and freight, and are ordered and paid online;
customized (定制) products are negotiated through inquiries. Practitioner article 000
("阿里巴巴国际站RTS到底有多重要", 2023-03-19) shows how hard the platform pushes RTS: the RTS
channel sits in prime slots, a product becomes a hot product (爆品) with 5 orders as RTS but
needs 32 inquiries as customized, Weekly Deals accepts only RTS, and the RTS star level is only
rated once RTS products are 30 % of the store. These rules read the store's RTS counts and the
Data Manager (数据管家) product export, one row per product.

This module is the set's entry point: it registers what ``rts_metrics`` (metrics and product
helpers), ``rts_catalogue`` and ``rts_listings`` (the rules) define.
"""


from __future__ import annotations

from collections.abc import Sequence

from diagrules import (
    Dataset,
    Metric,
    hookimpl,
)
from diagrules.builtin.alibaba.common import (
    ALIBABA,
    SHARED_DATASETS,
    SHARED_METRICS,
)
from diagrules.builtin.alibaba.rts_catalogue import (
    customized_vs_rts_hot_path,
    no_rts_products,
    rts_near_hot_threshold,
    rts_share_for_star_rating,
    small_buyers_underserved,
    weekly_deals_requires_rts,
)
from diagrules.builtin.alibaba.rts_listings import (
    cross_border_packaging_missing,
    rts_freight_missing,
    rts_freight_share_high,
    rts_lead_time,
)
from diagrules.builtin.alibaba.rts_metrics import (
    RTS_PRODUCT_SHARE,
    RTS_PRODUCTS,
    SMALL_BUYER_SHARE,
)

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

