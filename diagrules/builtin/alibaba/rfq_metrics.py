"""The store metrics the RFQ / platform-diagnosis rules read, and how derived ones are computed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from diagrules import (
    Derivation,
    Metric,
    Previous,
    ratio,
    text,
)
from diagrules.builtin.alibaba.common import (
    INQUIRIES_30D,
)
from diagrules.builtin.alibaba.quotes import (
    ignored_share,
    median_hours,
    quote_count,
    replied_share,
    weekly_measure,
)

# -- metrics -----------------------------------------------------------------------------------


def _m(name: str, unit: Any, better: Any, en: str, zh: str, desc_en: str, desc_zh: str,
       aliases: Sequence[str] = (), derive: Derivation | None = None, **extra: Any) -> Metric:
    return Metric(
        name, unit=unit, better=better, platform="alibaba",
        label=text(en=en, zh=zh), description=text(en=desc_en, zh=desc_zh),
        aliases=aliases, derive=derive, **extra,
    )


RESPONSE_RATE = Metric(
    "response_rate", unit="ratio", better="higher", platform="alibaba",
    label=text(en="Response rate", zh="回复率"),
    description=text(
        en="Share of buyers whose inquiry got a reply within 24 h or whose TM message got a reply "
        "within 1 h, over 30 days (Alibaba's timely-response rate).",
        zh="近30天内询盘24小时内回复、TM咨询1小时内回复的买家占比（及时回复率）。",
    ),
    aliases=["回复率", "及时回复率", "quick_response_rate", "responseRate"],
)

TODO_UNHANDLED_INQUIRIES = _m(
    "todo_unhandled_inquiries", "count", "lower", "To-do: unhandled inquiries", "待办：待处理询盘",
    "Inquiries waiting for a reply in today's to-do list.",
    "今日待办中尚未处理的询盘数。",
    ["待处理询盘", "未处理询盘", "待回复询盘", "今日待办-询盘"],
)
TODO_RECOMMENDED_BUYERS = _m(
    "todo_recommended_buyers", "count", "lower", "To-do: recommended buyers", "待办：推荐买家",
    "Platform-recommended buyers not yet contacted, in today's to-do list.",
    "今日待办中尚未跟进的平台推荐买家数。",
    ["推荐买家", "待处理推荐买家", "今日待办-推荐买家"],
)
TODO_PAID_CONNECTIONS = _m(
    "todo_paid_connections", "count", "lower", "To-do: paid connections", "待办：收费人脉",
    "Paid buyer connections not yet worked, in today's to-do list.",
    "今日待办中尚未跟进的收费人脉数。",
    ["收费人脉", "付费人脉", "今日待办-收费人脉"],
)
TODO_PENDING_ORDERS = _m(
    "todo_pending_orders", "count", "lower", "To-do: pending orders", "待办：待处理订单",
    "Orders waiting for action in today's to-do list; they may stay open while in progress.",
    "今日待办中的待处理订单数；订单在履约中可以不为零。",
    ["待处理订单", "今日待办-订单"],
)
TODO_UNREAD_RFQ = _m(
    "todo_unread_rfq", "count", "lower", "To-do: unread RFQs", "待办：未读RFQ",
    "Unread RFQs in today's to-do list; they may stay open (not every RFQ deserves a quote).",
    "今日待办中的未读RFQ数；并非每条RFQ都值得报价，可以不为零。",
    ["未读RFQ", "今日待办-RFQ"],
)
RFQ_PEER_BEAT_SHARE = _m(
    "rfq_peer_beat_share", "ratio", "higher", "RFQ performance: peers beaten", "RFQ市场表现：打败同行",
    "Share of peers the store's RFQ market-performance score beats, shown under the score on "
    "the RFQ home page.",
    "RFQ首页市场表现分下方显示的“打败同行”百分比。",
    ["打败同行", "超过同行", "RFQ打败同行", "打败同行比例", "rfq_beats_peers_pct"],
)
RFQ_MARKET_PERFORMANCE_SCORE = _m(
    "rfq_market_performance_score", "score", "higher", "RFQ market performance score", "RFQ市场表现分",
    "Company-level RFQ score from quote count, RFQ login days, buyer good-rating rate, average "
    "quote time, 24-hour quote rate and Trade Assurance orders placed through RFQ.",
    "公司维度的RFQ分数，由报价数、登录RFQ天数、买家好评率、平均报价时长、24小时报价率及RFQ入口信保订单计算。",
    ["市场表现分", "RFQ市场表现分", "rfq_score"],
    minimum=0.0,
)
ECOMMERCE_SERVICE_SCORE = _m(
    "ecommerce_service_score", "score", "higher", "E-commerce service score", "电商服务分",
    "The service score shown as four circles on the My Alibaba home page (0–100).",
    "后台首页以四个圈圈展示的电商服务分（0–100）。",
    ["电商服务分", "服务分"],
    minimum=0.0, maximum=100.0,
)
INQUIRIES_PREV_30D = _m(
    "inquiries_prev_30d", "count", "higher", "Inquiries (previous 30 days)", "询盘个数（上一周期）",
    "Valid inquiries in the 30 days before the current period.",
    "上一个30天周期的有效询盘数。",
    ["上期询盘个数", "询盘个数(上期)", "上周期询盘数", "inquiries_prev"],
    previous=Previous(of="inquiries_30d", period_days=30),
)
GMV_30D = _m(
    "gmv_30d", "money", "higher", "GMV (30 days)", "成交金额（近30天）",
    "Value of all deals with buyers won through Alibaba.com in the last 30 days, online "
    "(Trade Assurance) and offline, in USD.",
    "近30天通过阿里国际站获得的客户的全部成交金额（信保线上+线下），美元。",
    ["成交金额", "总成交金额", "累计成交金额", "gmv"],
)
GMV_PREV_30D = _m(
    "gmv_prev_30d", "money", "higher", "GMV (previous 30 days)", "成交金额（上一周期）",
    "The same deal value for the 30 days before the current period, in USD.",
    "上一个30天周期的同口径成交金额，美元。",
    ["上期成交金额", "成交金额(上期)", "gmv_prev"],
    previous=Previous(of="gmv_30d", period_days=30),
)
TA_GMV_30D = _m(
    "ta_gmv_30d", "money", "higher", "Trade Assurance GMV (30 days)", "信保金额（近30天）",
    "Deal value paid online through Trade Assurance in the last 30 days, in USD; this is what "
    "the star level's transaction indicator counts.",
    "近30天通过信保线上支付的成交金额，美元；星等级的交易指标只统计这一部分。",
    ["信保金额", "信保成交金额", "信保订单金额"],
)


def _offline(gmv: float, ta: float) -> float | None:
    return gmv - ta if gmv >= ta else None


OFFLINE_GMV_30D = _m(
    "offline_gmv_30d", "money", "higher", "Offline GMV (30 days)", "线下成交金额（近30天）",
    "Deal value with Alibaba.com buyers paid outside Trade Assurance (wire transfer, L/C…) in "
    "the last 30 days, in USD. Derived as GMV − TA GMV when not given.",
    "近30天阿里国际站客户通过信保以外方式（电汇、信用证等）支付的成交金额，美元；未提供时按成交金额−信保金额计算。",
    ["线下成交金额", "线下金额", "非信保成交金额"],
    derive=Derivation(_offline, metrics=["gmv_30d", "ta_gmv_30d"]),
)
MARKETING_SPEND_30D = _m(
    "marketing_spend_30d", "money", "lower", "Marketing spend (30 days)", "营销费用（近30天）",
    "Money spent on Alibaba.com marketing in the last 30 days (P4P, top exposure, paid "
    "connections…), without the membership fee, in USD.",
    "近30天在阿里国际站的营销花费（直通车、顶展、收费人脉等，不含会员年费），美元。",
    ["营销费用", "推广费用", "营销花费", "广告花费"],
)
STAR_LEVEL = _m(
    "star_level", "number", "higher", "Star level", "星等级",
    "The supplier's star level, 0–5.", "商家星等级，0–5星。",
    ["星等级", "星级", "商家星级"],
    minimum=0.0, maximum=5.0,
)


def relative_change(now: float, prev: float) -> float | None:
    """Relative change, rounded to 6 places so that 900 vs 1,000 is exactly −10 %."""
    return round(now / prev - 1.0, 6) if prev else None


def _per(a: float, b: float) -> float | None:
    return a / b if b else None


GMV_PER_INQUIRY = _m(
    "gmv_per_inquiry", "money", "higher", "GMV per inquiry", "询盘质量（成交金额/询盘）",
    "GMV ÷ inquiries over the last 30 days: the inquiry quality measure of article 001.",
    "近30天成交金额 ÷ 询盘个数，即文章001所说的询盘质量。",
    ["询盘质量", "单询盘成交额"],
    derive=ratio(GMV_30D, INQUIRIES_30D),
)
GMV_PER_INQUIRY_PREV = _m(
    "gmv_per_inquiry_prev", "money", "higher", "GMV per inquiry (previous period)",
    "询盘质量（上一周期）",
    "GMV ÷ inquiries over the previous 30-day period.", "上一个30天周期的成交金额 ÷ 询盘个数。",
    ["上期询盘质量"],
    derive=ratio(GMV_PREV_30D, INQUIRIES_PREV_30D),
)
INQUIRIES_CHANGE = _m(
    "inquiries_change", "change", "higher", "Inquiries vs previous period", "询盘数环比",
    "Relative change of inquiries against the previous 30 days.", "询盘个数相对上一个30天周期的变化。",
    ["询盘环比"],
    derive=Derivation(relative_change, metrics=["inquiries_30d", "inquiries_prev_30d"]),
)
GMV_PER_INQUIRY_CHANGE = _m(
    "gmv_per_inquiry_change", "change", "higher", "GMV per inquiry vs previous period",
    "询盘质量环比",
    "Relative change of GMV per inquiry against the previous 30 days.",
    "询盘质量（成交金额/询盘）相对上一个30天周期的变化。",
    ["询盘质量环比"],
    derive=Derivation(relative_change, metrics=["gmv_per_inquiry", "gmv_per_inquiry_prev"]),
)
MARKETING_LEVERAGE = _m(
    "marketing_leverage", "number", "higher", "Marketing leverage (GMV ÷ spend)", "营销杠杆（成交金额/营销费用）",
    "GMV per dollar of marketing spend over the last 30 days.", "近30天每1美元营销费用带来的成交金额。",
    ["营销杠杆", "投产比"],
    derive=Derivation(_per, metrics=["gmv_30d", "marketing_spend_30d"]),
)


def offline_share(offline: float, ta: float) -> float | None:
    return _per(offline, offline + ta)


OFFLINE_GMV_SHARE = _m(
    "offline_gmv_share", "ratio", "higher", "Offline share of GMV", "线下成交占比",
    "Offline GMV ÷ (offline + Trade Assurance GMV) over the last 30 days.",
    "近30天线下成交金额 ÷（线下 + 信保成交金额）。",
    ["线下成交占比"],
    derive=Derivation(offline_share, metrics=["offline_gmv_30d", "ta_gmv_30d"]),
)

RFQ_QUOTES_7D = _m(
    "rfq_quotes_7d", "count", "higher", "RFQ quotes this week", "本周RFQ报价数",
    "Quotes sent in the 7 days ending with the newest quote in the quote list; counted from "
    "the rfq_quotes table when not given.",
    "报价列表中截至最新一条报价的7天内发出的报价数；未直接提供时由报价表（`rfq_quotes`）统计。",
    ["本周报价数", "周报价数"],
    derive=weekly_measure(0, quote_count),
)
RFQ_QUOTES_PREV_7D = _m(
    "rfq_quotes_prev_7d", "count", "higher", "RFQ quotes previous week", "上周RFQ报价数",
    "Quotes sent in the 7 days before this week.", "本周之前7天内发出的报价数。",
    ["上周报价数"],
    derive=weekly_measure(1, quote_count),
    previous=Previous(of="rfq_quotes_7d", period_days=7),
)
RFQ_QUOTE_REPLY_SHARE = _m(
    "rfq_quote_reply_share", "ratio", "higher", "Quotes replied by the buyer", "报价买家回复率",
    "Share of this week's quotes the buyer replied to.", "本周报价中买家已回复的占比。",
    ["报价回复率", "买家回复率"],
    derive=weekly_measure(0, replied_share),
)
RFQ_QUOTE_REPLY_SHARE_PREV = _m(
    "rfq_quote_reply_share_prev", "ratio", "higher", "Quotes replied by the buyer (previous week)",
    "报价买家回复率（上周）",
    "Share of the previous week's quotes the buyer replied to.", "上周报价中买家已回复的占比。",
    ["上周报价回复率"],
    derive=weekly_measure(1, replied_share),
    previous=Previous(of="rfq_quote_reply_share", period_days=7),
)
RFQ_QUOTE_IGNORED_SHARE = _m(
    "rfq_quote_ignored_share", "ratio", "lower", "Quotes returned or not viewed",
    "报价被退回/未查看占比",
    "Share of this week's quotes the buyer returned or did not view.",
    "本周报价中买家已退回或未查看的占比（拒绝率）。",
    ["报价拒绝率", "拒绝率", "退回未查看占比"],
    derive=weekly_measure(0, ignored_share),
)
RFQ_QUOTE_IGNORED_SHARE_PREV = _m(
    "rfq_quote_ignored_share_prev", "ratio", "lower", "Quotes returned or not viewed (previous week)",
    "报价被退回/未查看占比（上周）",
    "Share of the previous week's quotes the buyer returned or did not view.",
    "上周报价中买家已退回或未查看的占比。",
    ["上周报价拒绝率"],
    derive=weekly_measure(1, ignored_share),
    previous=Previous(of="rfq_quote_ignored_share", period_days=7),
)
RFQ_QUOTE_MEDIAN_HOURS = _m(
    "rfq_quote_median_hours", "hours", "lower", "Median quote time", "报价用时中位数",
    "Median hours from an RFQ being posted to the store's quote, over this week's quotes.",
    "本周报价从RFQ发布到报价的小时数中位数。",
    ["报价用时中位数", "平均报价时长"],
    derive=weekly_measure(0, median_hours),
)
