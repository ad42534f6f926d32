"""Alibaba.com platform diagnosis and RFQ (rule prefix ``RFQ``).

The weekly health check of an Alibaba.com store described in practitioner article 004
("平台诊断"): the to-do list, response rate, RFQ performance, e-commerce service score and
quote feedback; plus, from article 001, inquiry quality, what the star level does and does not
show, and marketing leverage.

Most thresholds come from those two articles or are this project's own defaults, not from an
official Alibaba.com page; every rule's documentation says which, and every threshold is a
parameter that ``[rules.RFQ0NN]`` in the configuration can change.

This module is the set's entry point: it registers what ``quotes`` (the quote list),
``rfq_metrics``, ``rfq_service``, ``rfq_quoting`` and ``rfq_business`` (the rules) define.
"""


from __future__ import annotations

from diagrules import (
    Dataset,
    Metric,
    Platform,
    Rule,
    hookimpl,
)
from diagrules.builtin.alibaba.common import (
    ALIBABA,
    SHARED_DATASETS,
    SHARED_METRICS,
)
from diagrules.builtin.alibaba.datamanager import RULES as DATAMANAGER_RULES
from diagrules.builtin.alibaba.quotes import (
    RFQ_QUOTES,
)
from diagrules.builtin.alibaba.rfq_business import (
    inquiry_quality,
    marketing_leverage,
    star_level_understates_business,
)
from diagrules.builtin.alibaba.rfq_metrics import (
    ECOMMERCE_SERVICE_SCORE,
    GMV_30D,
    GMV_PER_INQUIRY,
    GMV_PER_INQUIRY_CHANGE,
    GMV_PER_INQUIRY_PREV,
    GMV_PREV_30D,
    INQUIRIES_CHANGE,
    INQUIRIES_PREV_30D,
    MARKETING_LEVERAGE,
    MARKETING_SPEND_30D,
    OFFLINE_GMV_30D,
    OFFLINE_GMV_SHARE,
    RESPONSE_RATE,
    RFQ_MARKET_PERFORMANCE_SCORE,
    RFQ_PEER_BEAT_SHARE,
    RFQ_QUOTE_IGNORED_SHARE,
    RFQ_QUOTE_IGNORED_SHARE_PREV,
    RFQ_QUOTE_MEDIAN_HOURS,
    RFQ_QUOTE_REPLY_SHARE,
    RFQ_QUOTE_REPLY_SHARE_PREV,
    RFQ_QUOTES_7D,
    RFQ_QUOTES_PREV_7D,
    STAR_LEVEL,
    TA_GMV_30D,
    TODO_PAID_CONNECTIONS,
    TODO_PENDING_ORDERS,
    TODO_RECOMMENDED_BUYERS,
    TODO_UNHANDLED_INQUIRIES,
    TODO_UNREAD_RFQ,
)
from diagrules.builtin.alibaba.rfq_quoting import (
    rfq_buyer_reply_rate_low,
    rfq_quotes_ignored,
)
from diagrules.builtin.alibaba.rfq_service import (
    ecommerce_service_score_low,
    response_rate_low,
    rfq_peer_performance_low,
    todo_not_cleared,
)
from diagrules.builtin.alibaba.trends import TREND_RULES

# -- registration ------------------------------------------------------------------------------

METRICS = [
    *SHARED_METRICS, RESPONSE_RATE,
    TODO_UNHANDLED_INQUIRIES, TODO_RECOMMENDED_BUYERS, TODO_PAID_CONNECTIONS, TODO_PENDING_ORDERS,
    TODO_UNREAD_RFQ, RFQ_PEER_BEAT_SHARE, RFQ_MARKET_PERFORMANCE_SCORE, ECOMMERCE_SERVICE_SCORE,
    INQUIRIES_PREV_30D, GMV_30D, GMV_PREV_30D, TA_GMV_30D, OFFLINE_GMV_30D, MARKETING_SPEND_30D,
    STAR_LEVEL, GMV_PER_INQUIRY, GMV_PER_INQUIRY_PREV, INQUIRIES_CHANGE, GMV_PER_INQUIRY_CHANGE,
    MARKETING_LEVERAGE, OFFLINE_GMV_SHARE,
    RFQ_QUOTES_7D, RFQ_QUOTES_PREV_7D, RFQ_QUOTE_REPLY_SHARE, RFQ_QUOTE_REPLY_SHARE_PREV,
    RFQ_QUOTE_IGNORED_SHARE, RFQ_QUOTE_IGNORED_SHARE_PREV, RFQ_QUOTE_MEDIAN_HOURS,
]
DATASETS = [RFQ_QUOTES, *SHARED_DATASETS]
RULES = [
    todo_not_cleared, response_rate_low, rfq_peer_performance_low, ecommerce_service_score_low,
    rfq_quotes_ignored, rfq_buyer_reply_rate_low, inquiry_quality, star_level_understates_business,
    marketing_leverage, *DATAMANAGER_RULES, *TREND_RULES,
]


@hookimpl
def diagrules_platforms() -> list[Platform]:
    return [ALIBABA]


@hookimpl
def diagrules_metrics() -> list[Metric]:
    return METRICS


@hookimpl
def diagrules_datasets() -> list[Dataset]:
    return DATASETS


@hookimpl
def diagrules_rules() -> list[Rule]:
    return RULES

