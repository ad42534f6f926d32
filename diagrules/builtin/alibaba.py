"""Alibaba.com (国际站): the platform declaration and metrics shared by its rule sets.

The RTS and RFQ rule sets both register these objects; the registry accepts the identical
definition twice, so either set can be installed or blocked on its own.
"""

from __future__ import annotations

from diagrules import Metric, Platform, text

ALIBABA = Platform(
    "alibaba",
    label=text(en="Alibaba.com", zh="阿里巴巴国际站"),
    stages=("new", "established"),
)

LISTED_PRODUCTS = Metric(
    "listed_products", unit="count", better="higher", platform="alibaba",
    label=text(en="Listed products", zh="在线产品数"),
    description=text(en="Products online in the store.", zh="店铺在线(已发布)的产品数量。"),
    aliases=["在线产品数", "产品数", "online_products"],
)

INQUIRIES_30D = Metric(
    "inquiries_30d", unit="count", better="higher", platform="alibaba",
    label=text(en="Inquiries (30 days)", zh="询盘个数(近30天)"),
    description=text(
        en="Valid inquiries received in the last 30 days (spam and TM chats excluded).",
        zh="近30天收到的有效询盘数(不含垃圾询盘与TM咨询)。",
    ),
    aliases=["询盘个数", "询盘数", "inquiries"],
)

SHARED_METRICS = [LISTED_PRODUCTS, INQUIRIES_30D]
