"""Alibaba.com platform diagnosis and RFQ (rule prefix ``RFQ``).

The weekly health check of an Alibaba.com store described in practitioner article 004
("平台诊断"): the to-do list, response rate, RFQ performance, e-commerce service score and
quote feedback; plus, from article 001, inquiry quality, what the star level does and does not
show, and marketing leverage.

Most thresholds come from those two articles or are this project's own defaults, not from an
official Alibaba.com page; every rule's documentation says which, and every threshold is a
parameter that ``[rules.RFQ0NN]`` in the configuration can change.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import statistics
from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from diagrules import (
    Dataset,
    Derivation,
    Effort,
    Finding,
    Metric,
    OptionalNumber,
    Params,
    Platform,
    Previous,
    Record,
    Remedy,
    Rule,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    Text,
    hookimpl,
    ratio,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import ALIBABA, INQUIRIES_30D, SHARED_DATASETS, SHARED_METRICS
from diagrules.builtin.alibaba.trends import TREND_RULES

# -- sources ---------------------------------------------------------------------------------

ARTICLE_004 = "practitioner article 004 (平台诊断, Alibaba.com store diagnosis)"
ARTICLE_004_DATE: str | None = None  # the article carries no date; the rule reference says "undated"
ARTICLE_001 = "practitioner article 001 (国际站运营杂谈:信保的影响到底大不大, 七达通科技)"
ARTICLE_001_DATE = "2021-01-01"
RFQ_SCORE_PAGE = "Alibaba.com RFQ help: market performance score (activity.alibaba.com/page/rfq_qa_detail04.html)"
RETURN_REASONS_PAGE = "Alibaba.com RFQ help, quote return reasons (copy at help-w.com/apple_en/1495003979_zh.html)"
STAR_RULE_PAGE = "Alibaba.com star-level rule for CN/HK/TW sellers (rule.alibaba.com/rule/detail/11002943.htm)"
STAR_RULE_DATE = "2020-09-07"
OWN_DEFAULT = "diagrules default (no published benchmark)"
OWN_DEFAULT_DATE = "2026-11"

# -- the RFQ quote list (报价管理) ------------------------------------------------------------


class QuoteStatus(enum.StrEnum):
    """The buyer's action on a quote, as shown in the quote manager (买家行动)."""

    BUYER_VIEWED = "buyer_viewed"
    BUYER_REPLIED = "buyer_replied"
    BUYER_RETURNED = "buyer_returned"
    NOT_VIEWED = "not_viewed"


_STATUS_WORDS: dict[str, QuoteStatus] = {
    **{s.value: s for s in QuoteStatus},
    "viewed": QuoteStatus.BUYER_VIEWED,
    "已查看": QuoteStatus.BUYER_VIEWED,
    "买家已查看": QuoteStatus.BUYER_VIEWED,
    "買家已查看": QuoteStatus.BUYER_VIEWED,
    "replied": QuoteStatus.BUYER_REPLIED,
    "已回复": QuoteStatus.BUYER_REPLIED,
    "买家已回复": QuoteStatus.BUYER_REPLIED,
    "已回覆": QuoteStatus.BUYER_REPLIED,
    "已回復": QuoteStatus.BUYER_REPLIED,
    "買家已回覆": QuoteStatus.BUYER_REPLIED,
    "returned": QuoteStatus.BUYER_RETURNED,
    "已退回": QuoteStatus.BUYER_RETURNED,
    "买家已退回": QuoteStatus.BUYER_RETURNED,
    "買家已退回": QuoteStatus.BUYER_RETURNED,
    "退回": QuoteStatus.BUYER_RETURNED,
    "未查看": QuoteStatus.NOT_VIEWED,
    "买家未查看": QuoteStatus.NOT_VIEWED,
    "買家未查看": QuoteStatus.NOT_VIEWED,
    "买家没查看": QuoteStatus.NOT_VIEWED,
    "not_viewed_by_buyer": QuoteStatus.NOT_VIEWED,
}


def _quote_status(raw: Any) -> QuoteStatus:
    if isinstance(raw, QuoteStatus):
        return raw
    key = re.sub(r"[\s\-]+", "_", str(raw).strip().lower())
    found = _STATUS_WORDS.get(key)
    if found is None:
        raise ValueError(
            "expected buyer_viewed, buyer_replied, buyer_returned or not_viewed "
            f"(or 已查看/已回复/买家已退回/未查看), got {raw!r}"
        )
    return found


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _quote_date(raw: Any) -> dt.date:
    """Read the quote date from ``2026-11-18``, ``2026/11/18 10:32`` or ``2026年11月18日``."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    m = _DATE.match(str(raw))
    if m is None:
        raise ValueError(f"expected a date such as 2026-11-18, got {raw!r}")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"not a valid date: {raw!r} ({exc})") from None


class QuoteRecord(Record):
    """One quote sent to an RFQ, from the quote manager (报价管理) list."""

    rfq_id: Annotated[str, BeforeValidator(lambda v: str(v).strip())]
    quoted_at: Annotated[dt.date, BeforeValidator(_quote_date)]
    status: Annotated[QuoteStatus, BeforeValidator(_quote_status)]
    response_hours: OptionalNumber = None


RFQ_QUOTES = Dataset(
    "rfq_quotes",
    record=QuoteRecord,
    label=text(en="RFQ quotes", zh="RFQ报价"),
    description=text(
        en="One row per quote sent to an RFQ, from the RFQ quote manager: the RFQ id, the date "
        "quoted, hours from the RFQ being posted to the quote, and the buyer's action.",
        zh="报价管理中每条RFQ报价一行:RFQ编号、报价时间、从RFQ发布到报价的小时数、买家行动。",
    ),
    aliases={
        "rfq_id": ["RFQ编号", "RFQ ID", "RFQ号", "询价单号", "采购需求编号"],
        "quoted_at": ["报价时间", "报价日期", "quote date", "quoted on"],
        "response_hours": ["报价用时(小时)", "报价时长(小时)", "响应时长(小时)", "response time (h)"],
        "status": ["买家行动", "报价状态", "买家反馈", "状态", "buyer action"],
    },
    key="rfq_id",
    platform="alibaba",
)

WEEK_DAYS = 7


def _weeks(rows: Sequence[QuoteRecord]) -> tuple[list[QuoteRecord], list[QuoteRecord]]:
    """The quotes of the 7 days ending with the newest quote, and of the 7 days before.

    The window is anchored on the newest quote in the list rather than on the snapshot date,
    so that a list exported on Monday still shows last week and a derived metric needs nothing
    but the table.
    """
    if not rows:
        return [], []
    end = max(r.quoted_at for r in rows)
    start = end - dt.timedelta(days=WEEK_DAYS - 1)
    prev_start = start - dt.timedelta(days=WEEK_DAYS)
    current = [r for r in rows if r.quoted_at >= start]
    previous = [r for r in rows if prev_start <= r.quoted_at < start]
    return current, previous


_IGNORED = (QuoteStatus.BUYER_RETURNED, QuoteStatus.NOT_VIEWED)


def _share(rows: Sequence[QuoteRecord], statuses: tuple[QuoteStatus, ...]) -> float | None:
    return sum(1 for r in rows if r.status in statuses) / len(rows) if rows else None


def _weekly(week: int, measure: Callable[[list[QuoteRecord]], float | None]) -> Derivation:
    """A metric computed on the current (``week=0``) or previous (``week=1``) quote week."""
    return Derivation(lambda rows: measure(_weeks(rows)[week]), datasets=[RFQ_QUOTES])


def _count(rows: list[QuoteRecord]) -> float:
    return float(len(rows))


def _replied(rows: list[QuoteRecord]) -> float | None:
    return _share(rows, (QuoteStatus.BUYER_REPLIED,))


def _ignored(rows: list[QuoteRecord]) -> float | None:
    return _share(rows, _IGNORED)


def _median_hours(rows: list[QuoteRecord]) -> float | None:
    hours = [r.response_hours for r in rows if r.response_hours is not None]
    return float(statistics.median(hours)) if hours else None


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
        "within 1 h, over 30 days (Alibaba's 及时回复率).",
        zh="近30天内询盘24小时内回复、TM咨询1小时内回复的买家占比(及时回复率)。",
    ),
    aliases=["回复率", "及时回复率", "quick_response_rate", "responseRate"],
)

TODO_UNHANDLED_INQUIRIES = _m(
    "todo_unhandled_inquiries", "count", "lower", "To-do: unhandled inquiries", "待办:待处理询盘",
    "Inquiries waiting for a reply in today's to-do list (今日待办).",
    "今日待办中尚未处理的询盘数。",
    ["待处理询盘", "未处理询盘", "待回复询盘", "今日待办-询盘"],
)
TODO_RECOMMENDED_BUYERS = _m(
    "todo_recommended_buyers", "count", "lower", "To-do: recommended buyers", "待办:推荐买家",
    "Platform-recommended buyers not yet contacted, in today's to-do list.",
    "今日待办中尚未跟进的平台推荐买家数。",
    ["推荐买家", "待处理推荐买家", "今日待办-推荐买家"],
)
TODO_PAID_CONNECTIONS = _m(
    "todo_paid_connections", "count", "lower", "To-do: paid connections", "待办:收费人脉",
    "Paid buyer connections (收费人脉) not yet worked, in today's to-do list.",
    "今日待办中尚未跟进的收费人脉数。",
    ["收费人脉", "付费人脉", "今日待办-收费人脉"],
)
TODO_PENDING_ORDERS = _m(
    "todo_pending_orders", "count", "lower", "To-do: pending orders", "待办:待处理订单",
    "Orders waiting for action in today's to-do list; they may stay open while in progress.",
    "今日待办中的待处理订单数;订单在履约中可以不为零。",
    ["待处理订单", "今日待办-订单"],
)
TODO_UNREAD_RFQ = _m(
    "todo_unread_rfq", "count", "lower", "To-do: unread RFQs", "待办:未读RFQ",
    "Unread RFQs in today's to-do list; they may stay open (not every RFQ deserves a quote).",
    "今日待办中的未读RFQ数;并非每条RFQ都值得报价,可以不为零。",
    ["未读RFQ", "今日待办-RFQ"],
)
RFQ_PEER_BEAT_SHARE = _m(
    "rfq_peer_beat_share", "ratio", "higher", "RFQ performance: peers beaten", "RFQ市场表现:打败同行",
    "Share of peers the store's RFQ market-performance score beats, shown under the score on "
    "the RFQ home page.",
    "RFQ首页市场表现分下方显示的“打败同行”百分比。",
    ["打败同行", "超过同行", "RFQ打败同行", "打败同行比例", "rfq_beats_peers_pct"],
)
RFQ_MARKET_PERFORMANCE_SCORE = _m(
    "rfq_market_performance_score", "score", "higher", "RFQ market performance score", "RFQ市场表现分",
    "Company-level RFQ score from quote count, RFQ login days, buyer good-rating rate, average "
    "quote time, 24-hour quote rate and Trade Assurance orders placed through RFQ.",
    "公司维度的RFQ分数,由报价数、登录RFQ天数、买家好评率、平均报价时长、24小时报价率及RFQ入口信保订单计算。",
    ["市场表现分", "RFQ市场表现分", "rfq_score"],
    minimum=0.0,
)
ECOMMERCE_SERVICE_SCORE = _m(
    "ecommerce_service_score", "score", "higher", "E-commerce service score", "电商服务分",
    "The service score shown as four circles on the My Alibaba home page (0–100).",
    "后台首页以四个圈圈展示的电商服务分(0–100)。",
    ["电商服务分", "服务分"],
    minimum=0.0, maximum=100.0,
)
INQUIRIES_PREV_30D = _m(
    "inquiries_prev_30d", "count", "higher", "Inquiries (previous 30 days)", "询盘个数(上一周期)",
    "Valid inquiries in the 30 days before the current period.",
    "上一个30天周期的有效询盘数。",
    ["上期询盘个数", "询盘个数(上期)", "上周期询盘数", "inquiries_prev"],
    previous=Previous(of="inquiries_30d", period_days=30),
)
GMV_30D = _m(
    "gmv_30d", "money", "higher", "GMV (30 days)", "成交金额(近30天)",
    "Value of all deals with buyers won through Alibaba.com in the last 30 days, online "
    "(Trade Assurance) and offline, in USD.",
    "近30天通过阿里国际站获得的客户的全部成交金额(信保线上+线下),美元。",
    ["成交金额", "总成交金额", "累计成交金额", "gmv"],
)
GMV_PREV_30D = _m(
    "gmv_prev_30d", "money", "higher", "GMV (previous 30 days)", "成交金额(上一周期)",
    "The same deal value for the 30 days before the current period, in USD.",
    "上一个30天周期的同口径成交金额,美元。",
    ["上期成交金额", "成交金额(上期)", "gmv_prev"],
    previous=Previous(of="gmv_30d", period_days=30),
)
TA_GMV_30D = _m(
    "ta_gmv_30d", "money", "higher", "Trade Assurance GMV (30 days)", "信保金额(近30天)",
    "Deal value paid online through Trade Assurance in the last 30 days, in USD; this is what "
    "the star level's transaction indicator counts.",
    "近30天通过信保线上支付的成交金额,美元;星等级的交易指标只统计这一部分。",
    ["信保金额", "信保成交金额", "信保订单金额"],
)


def _offline(gmv: float, ta: float) -> float | None:
    return gmv - ta if gmv >= ta else None


OFFLINE_GMV_30D = _m(
    "offline_gmv_30d", "money", "higher", "Offline GMV (30 days)", "线下成交金额(近30天)",
    "Deal value with Alibaba.com buyers paid outside Trade Assurance (wire transfer, L/C…) in "
    "the last 30 days, in USD. Derived as GMV − TA GMV when not given.",
    "近30天阿里国际站客户通过信保以外方式(电汇、信用证等)支付的成交金额,美元;未提供时按成交金额−信保金额计算。",
    ["线下成交金额", "线下金额", "非信保成交金额"],
    derive=Derivation(_offline, metrics=["gmv_30d", "ta_gmv_30d"]),
)
MARKETING_SPEND_30D = _m(
    "marketing_spend_30d", "money", "lower", "Marketing spend (30 days)", "营销费用(近30天)",
    "Money spent on Alibaba.com marketing in the last 30 days (P4P, top exposure, paid "
    "connections…), without the membership fee, in USD.",
    "近30天在阿里国际站的营销花费(直通车、顶展、收费人脉等,不含会员年费),美元。",
    ["营销费用", "推广费用", "营销花费", "广告花费"],
)
STAR_LEVEL = _m(
    "star_level", "number", "higher", "Star level", "星等级",
    "The supplier's star level, 0–5.", "商家星等级,0–5星。",
    ["星等级", "星级", "商家星级"],
    minimum=0.0, maximum=5.0,
)


def _change(now: float, prev: float) -> float | None:
    """Relative change, rounded to 6 places so that 900 vs 1,000 is exactly −10 %."""
    return round(now / prev - 1.0, 6) if prev else None


def _per(a: float, b: float) -> float | None:
    return a / b if b else None


GMV_PER_INQUIRY = _m(
    "gmv_per_inquiry", "money", "higher", "GMV per inquiry", "询盘质量(成交金额/询盘)",
    "GMV ÷ inquiries over the last 30 days: the inquiry quality measure of article 001.",
    "近30天成交金额 ÷ 询盘个数,即文章001所说的询盘质量。",
    ["询盘质量", "单询盘成交额"],
    derive=ratio(GMV_30D, INQUIRIES_30D),
)
GMV_PER_INQUIRY_PREV = _m(
    "gmv_per_inquiry_prev", "money", "higher", "GMV per inquiry (previous period)",
    "询盘质量(上一周期)",
    "GMV ÷ inquiries over the previous 30-day period.", "上一个30天周期的成交金额 ÷ 询盘个数。",
    ["上期询盘质量"],
    derive=ratio(GMV_PREV_30D, INQUIRIES_PREV_30D),
)
INQUIRIES_CHANGE = _m(
    "inquiries_change", "change", "higher", "Inquiries vs previous period", "询盘数环比",
    "Relative change of inquiries against the previous 30 days.", "询盘个数相对上一个30天周期的变化。",
    ["询盘环比"],
    derive=Derivation(_change, metrics=["inquiries_30d", "inquiries_prev_30d"]),
)
GMV_PER_INQUIRY_CHANGE = _m(
    "gmv_per_inquiry_change", "change", "higher", "GMV per inquiry vs previous period",
    "询盘质量环比",
    "Relative change of GMV per inquiry against the previous 30 days.",
    "询盘质量(成交金额/询盘)相对上一个30天周期的变化。",
    ["询盘质量环比"],
    derive=Derivation(_change, metrics=["gmv_per_inquiry", "gmv_per_inquiry_prev"]),
)
MARKETING_LEVERAGE = _m(
    "marketing_leverage", "number", "higher", "Marketing leverage (GMV ÷ spend)", "营销杠杆(成交金额/营销费用)",
    "GMV per dollar of marketing spend over the last 30 days.", "近30天每1美元营销费用带来的成交金额。",
    ["营销杠杆", "投产比"],
    derive=Derivation(_per, metrics=["gmv_30d", "marketing_spend_30d"]),
)


def _offline_share(offline: float, ta: float) -> float | None:
    return _per(offline, offline + ta)


OFFLINE_GMV_SHARE = _m(
    "offline_gmv_share", "ratio", "higher", "Offline share of GMV", "线下成交占比",
    "Offline GMV ÷ (offline + Trade Assurance GMV) over the last 30 days.",
    "近30天线下成交金额 ÷(线下 + 信保成交金额)。",
    ["线下成交占比"],
    derive=Derivation(_offline_share, metrics=["offline_gmv_30d", "ta_gmv_30d"]),
)

RFQ_QUOTES_7D = _m(
    "rfq_quotes_7d", "count", "higher", "RFQ quotes this week", "本周RFQ报价数",
    "Quotes sent in the 7 days ending with the newest quote in the quote list; counted from "
    "the rfq_quotes table when not given.",
    "报价列表中截至最新一条报价的7天内发出的报价数;未直接提供时由 rfq_quotes 报价表统计。",
    ["本周报价数", "周报价数"],
    derive=_weekly(0, _count),
)
RFQ_QUOTES_PREV_7D = _m(
    "rfq_quotes_prev_7d", "count", "higher", "RFQ quotes previous week", "上周RFQ报价数",
    "Quotes sent in the 7 days before this week.", "本周之前7天内发出的报价数。",
    ["上周报价数"],
    derive=_weekly(1, _count),
    previous=Previous(of="rfq_quotes_7d", period_days=7),
)
RFQ_QUOTE_REPLY_SHARE = _m(
    "rfq_quote_reply_share", "ratio", "higher", "Quotes replied by the buyer", "报价买家回复率",
    "Share of this week's quotes the buyer replied to.", "本周报价中买家已回复的占比。",
    ["报价回复率", "买家回复率"],
    derive=_weekly(0, _replied),
)
RFQ_QUOTE_REPLY_SHARE_PREV = _m(
    "rfq_quote_reply_share_prev", "ratio", "higher", "Quotes replied by the buyer (previous week)",
    "报价买家回复率(上周)",
    "Share of the previous week's quotes the buyer replied to.", "上周报价中买家已回复的占比。",
    ["上周报价回复率"],
    derive=_weekly(1, _replied),
    previous=Previous(of="rfq_quote_reply_share", period_days=7),
)
RFQ_QUOTE_IGNORED_SHARE = _m(
    "rfq_quote_ignored_share", "ratio", "lower", "Quotes returned or not viewed",
    "报价被退回/未查看占比",
    "Share of this week's quotes the buyer returned or did not view.",
    "本周报价中买家已退回或未查看的占比(拒绝率)。",
    ["报价拒绝率", "拒绝率", "退回未查看占比"],
    derive=_weekly(0, _ignored),
)
RFQ_QUOTE_IGNORED_SHARE_PREV = _m(
    "rfq_quote_ignored_share_prev", "ratio", "lower", "Quotes returned or not viewed (previous week)",
    "报价被退回/未查看占比(上周)",
    "Share of the previous week's quotes the buyer returned or did not view.",
    "上周报价中买家已退回或未查看的占比。",
    ["上周报价拒绝率"],
    derive=_weekly(1, _ignored),
    previous=Previous(of="rfq_quote_ignored_share", period_days=7),
)
RFQ_QUOTE_MEDIAN_HOURS = _m(
    "rfq_quote_median_hours", "hours", "lower", "Median quote time", "报价用时中位数",
    "Median hours from an RFQ being posted to the store's quote, over this week's quotes.",
    "本周报价从RFQ发布到报价的小时数中位数。",
    ["报价用时中位数", "平均报价时长"],
    derive=_weekly(0, _median_hours),
)

# -- presentation helpers ------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _usd(value: float) -> str:
    """Dollars as an operator writes them: "$12,600", "$90", "$4.99"."""
    return f"${value:,.0f}" if abs(value) >= 100 or value == int(value) else f"${value:,.2f}"


def _hours(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _remedy(en: str, zh: str, priority: int = 2, effort: Effort = Effort.LOW,
            effect: Text | None = None) -> Remedy:
    return Remedy(text(en=en, zh=zh), priority=priority, effort=effort, effect=effect)


# -- RFQ001 today's to-do list ------------------------------------------------------------------


class TodoParams(Params):
    """How many open items each judged to-do may keep (the article: zero)."""

    max_open: int = Field(
        0, ge=0,
        description="Largest acceptable count for unhandled inquiries, recommended buyers and "
        "paid connections. Article 004: all must be cleared (0).",
    )


_TODOS: tuple[tuple[Metric, Text, Remedy], ...] = (
    (
        TODO_UNHANDLED_INQUIRIES,
        text(en="Today's to-do list is not cleared: {observed} unhandled inquiries.",
             zh="今日待办未清零:待处理询盘 {observed} 条。"),
        _remedy(
            "Reply to every unhandled inquiry today; reject or report spam within 24 hours "
            "instead of deleting it, so it counts as handled.",
            "今天回复所有待处理询盘;垃圾询盘在24小时内拒绝或举报(不要删除),这样才计为已处理。",
            priority=1,
            effect=text(en="Protects the response rate and the buyers already waiting.",
                        zh="保住回复率,不流失正在等待的买家。"),
        ),
    ),
    (
        TODO_RECOMMENDED_BUYERS,
        text(en="Today's to-do list is not cleared: {observed} recommended buyers not contacted.",
             zh="今日待办未清零:推荐买家 {observed} 个未跟进。"),
        _remedy(
            "Go through the recommended buyers today: send a tailored offer (main product, price "
            "range, MOQ) to those who fit your range and dismiss the rest.",
            "今天处理完推荐买家:与主营产品匹配的发送针对性报价(主推产品、价格区间、起订量),不匹配的直接忽略。",
            priority=2,
        ),
    ),
    (
        TODO_PAID_CONNECTIONS,
        text(en="Today's to-do list is not cleared: {observed} paid connections not worked.",
             zh="今日待办未清零:收费人脉 {observed} 个未跟进。"),
        _remedy(
            "Contact every paid connection today with a short, specific message: they are "
            "already paid for, and an untouched contact is wasted budget.",
            "今天逐个联系收费人脉,发简短且有针对性的开发信:这些人脉已经付费,不跟进就是浪费预算。",
            priority=2,
        ),
    ),
)

_TODO_HABIT = _remedy(
    "Make clearing the to-do list the first task of every working day and give each to-do type "
    "an owner; pending orders and unread RFQs may stay open.",
    "把清空今日待办作为每个工作日的第一件事,每类待办指定负责人;待处理订单和未读RFQ可以保留。",
    priority=3,
)


@rule(
    "RFQ001", "todo-not-cleared",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    uses=[TODO_UNHANDLED_INQUIRIES, TODO_RECOMMENDED_BUYERS, TODO_PAID_CONNECTIONS],
    params=TodoParams, unit="count",
    title=text(en="Today's to-do list not cleared", zh="今日待办未清零"),
    remedies=[*(fix for _, _, fix in _TODOS), _TODO_HABIT],
    doc=RuleDoc(
        what=text(
            en="Reports each to-do in today's list (今日待办) that is not at zero, except pending "
            "orders and unread RFQs: unhandled inquiries, recommended buyers, paid connections. "
            "One finding per open to-do; skipped when none of the three counts is given.",
            zh="今日待办中除待处理订单和未读RFQ外,待处理询盘、推荐买家、收费人脉任一项不为零即报告,"
            "每项一条;三项都未提供时跳过。",
        ),
        why=text(
            en="An open to-do is a buyer or a paid lead nobody is working on; a cleared list "
            "is the first sign that the team runs the store efficiently.",
            zh="未清零的待办就是没人跟进的买家或已付费的线索;待办清零是团队高效运营店铺的第一个标志。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False,
        notes=text(
            en="Threshold 0 (max_open) from the article; no official page states it.",
            zh="阈值0(max_open)来自文章,无官方页面说明。",
        ),
    ),
)
def todo_not_cleared(ctx: RuleContext, p: TodoParams) -> Iterator[Finding]:
    given = [(m, msg, fix) for m, msg, fix in _TODOS if m in ctx]
    if not given:
        names = [m.name for m, _, _ in _TODOS]
        raise Skip("none of the to-do counts is given (" + ", ".join(names) + ")", missing=names)
    for metric, message, fix in given:
        count = ctx[metric]
        if count > p.max_open:
            yield ctx.finding(
                observed=count, threshold=p.max_open, comparison="<=", item=metric.name,
                message=message, remedies=[fix, _TODO_HABIT],
            )


# -- RFQ002 response rate ------------------------------------------------------------------------


class ResponseRateParams(Params):
    """``min_rate``: the lowest acceptable response rate (0–1)."""

    min_rate: float = Field(
        0.95, ge=0, le=1, description="Lowest acceptable response rate. Article 004: 95%.",
    )


@rule(
    "RFQ002", "response-rate-low",
    severity=Severity.ERROR, platform="alibaba", ruleset="rfq",
    requires=[RESPONSE_RATE], params=ResponseRateParams,
    title=text(en="Response rate below target", zh="回复率未达标"),
    message=text(
        en="Response rate is {observed}, below the {threshold} target.",
        zh="回复率为 {observed},低于 {threshold} 的目标。",
    ),
    remedies=[
        Remedy(
            text(
                en="Answer every open inquiry today, then reply to new inquiries within 24 hours "
                "and to TradeManager messages within 1 hour.",
                zh="今天回复所有未处理询盘;此后询盘24小时内、TM消息1小时内回复。",
            ),
            priority=1, effort=Effort.LOW,
            effect=text(en="Response rate recovers within the 30-day window.",
                        zh="回复率在30天统计周期内回升。"),
        ),
        Remedy(
            text(
                en="Set up a weekend and holiday rota (or mobile app alerts) so that no inquiry "
                "waits more than 24 hours.",
                zh="安排周末和节假日值班(或开启手机App提醒),确保询盘不超过24小时未回复。",
            ),
            priority=2, effort=Effort.MEDIUM,
        ),
        Remedy(
            text(
                en="Reject or report spam inquiries within 24 hours instead of deleting them: "
                "handled spam counts as answered, deleted spam does not.",
                zh="垃圾询盘在24小时内拒绝或举报,不要直接删除:处理过的计入已回复,删除的不计。",
            ),
            priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="The store's response rate (及时回复率) is below the target (default 95%).",
            zh="店铺回复率(及时回复率)低于目标值(默认95%)。",
        ),
        why=text(
            en="Buyers can sort suppliers by response rate; below 95% a store falls behind even "
            "P4P listings, and buyers read slow replies as poor service.",
            zh="买家可以按回复率给供应商排序;低于95%的店铺甚至排在直通车产品之后,回复慢也被买家视为服务差。",
        ),
        source=ARTICLE_004,
        as_of=ARTICLE_004_DATE,
        official=False,
        notes=text(
            en="The 95% target is the article's; the 24 h / 1 h reply windows and the spam "
            "handling in the remedies follow Alibaba's response-rate FAQ (copy at "
            "5282e.com/ensupplier/faq_detail/24226326.htm).",
            zh="95%目标来自文章;补救措施中的24小时/1小时回复时限和垃圾询盘处理方式依据阿里回复率FAQ"
            "(副本见 5282e.com/ensupplier/faq_detail/24226326.htm)。",
        ),
    ),
)
def response_rate_low(ctx: RuleContext, p: ResponseRateParams) -> Iterator[Finding]:
    rate = ctx[RESPONSE_RATE]
    if rate < p.min_rate:
        yield ctx.finding(observed=rate, threshold=p.min_rate, comparison=">=")


# -- RFQ003 RFQ market performance vs peers ----------------------------------------------------


class PeerParams(Params):
    """``min_beat_share``: the share of peers the RFQ score should beat."""

    min_beat_share: float = Field(
        0.80, ge=0, le=1,
        description="Share of peers the RFQ market-performance score must beat. Article 004: 80%.",
    )


@rule(
    "RFQ003", "rfq-peer-performance-low",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    requires=[RFQ_PEER_BEAT_SHARE], uses=[RFQ_MARKET_PERFORMANCE_SCORE], params=PeerParams,
    title=text(en="RFQ market performance below the peer target", zh="RFQ市场表现未达同行目标"),
    message=text(
        en="RFQ market performance beats {observed} of peers; the target is at least {threshold}.",
        zh="RFQ市场表现打败 {observed} 的同行,目标是至少 {threshold}。",
    ),
    remedies=[
        _remedy(
            "Quote new RFQs within 24 hours of posting: the 24-hour quote rate and the average "
            "quote time are part of the market-performance score.",
            "新RFQ在发布后24小时内报价:24小时报价率和平均报价时长都计入市场表现分。",
            priority=1,
        ),
        _remedy(
            "Log in to the RFQ marketplace every working day and use the month's whole quote "
            "quota: login days and quote count are scored too.",
            "每个工作日登录RFQ市场,用完当月全部报价权益:登录天数和报价数量同样计分。",
            priority=2,
        ),
        _remedy(
            "Follow up the buyers who replied to a quote and close them as Trade Assurance "
            "orders through the RFQ entry: those orders count in the score.",
            "跟进回复了报价的买家,通过RFQ入口下信保订单成交:这类订单计入市场表现分。",
            priority=2, effort=Effort.MEDIUM,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="The RFQ market-performance score beats fewer peers than the target (default 80%).",
            zh="RFQ市场表现分打败同行的比例低于目标(默认80%)。",
        ),
        why=text(
            en="The score shows whether the team takes RFQ seriously; a higher score also brings "
            "bonus quotes and priority on good RFQs.",
            zh="这个分数反映团队是否重视RFQ;分数越高,奖励报价权益越多,优质RFQ的优先权也越大。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False,
        notes=text(
            en="The 80% target is the article's; no official page gives it. The score's factors "
            "used in the remedies come from " + RFQ_SCORE_PAGE + ".",
            zh="80%目标来自文章,无官方出处;补救措施中的评分因素来自阿里RFQ帮助页(市场表现分)。",
        ),
    ),
)
def rfq_peer_performance_low(ctx: RuleContext, p: PeerParams) -> Iterator[Finding]:
    share = ctx[RFQ_PEER_BEAT_SHARE]
    if share < p.min_beat_share:
        score = ctx.get(RFQ_MARKET_PERFORMANCE_SCORE)
        details = {} if score is None else {"rfq_market_performance_score": score}
        yield ctx.finding(observed=share, threshold=p.min_beat_share, comparison=">=",
                          details=details)


# -- RFQ004 e-commerce service score, by seller stage ------------------------------------------


class ServiceScoreParams(Params):
    """The service-score target for each seller stage."""

    new_target: float = Field(
        60, ge=0, le=100,
        description="Target for a new seller or salesperson. Article 004: 60 as the first goal.",
    )
    established_target: float = Field(
        80, ge=0, le=100,
        description="Target for an established seller; also used when seller_stage is not "
        "given. Article 004: 80.",
    )


_SERVICE_MESSAGES = {
    "new": text(
        en="E-commerce service score is {observed}, below {threshold}, the first goal for a new "
        "seller (then aim for {next_target}).",
        zh="电商服务分为 {observed},低于新卖家的第一个小目标 {threshold} 分(之后争取 {next_target} 分)。",
    ),
    "established": text(
        en="E-commerce service score is {observed}, below the {threshold} target for established "
        "sellers.",
        zh="电商服务分为 {observed},低于成熟卖家 {threshold} 分的目标。",
    ),
    None: text(
        en="E-commerce service score is {observed}, below the {threshold} target for established "
        "sellers (seller stage not given, so the established target applies; set "
        'seller_stage = "new" for a new store).',
        zh="电商服务分为 {observed},低于成熟卖家 {threshold} 分的目标(未提供卖家阶段,按成熟卖家目标判断;"
        '新店请设置 seller_stage = "new")。',
    ),
}


@rule(
    "RFQ004", "ecommerce-service-score-low",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    requires=[ECOMMERCE_SERVICE_SCORE], params=ServiceScoreParams,
    title=text(en="E-commerce service score below the stage target", zh="电商服务分未达阶段目标"),
    message=_SERVICE_MESSAGES["established"],
    remedies=[
        _remedy(
            "Open the service score (the four circles on the My Alibaba home page), note the "
            "lowest circle and give one person the job of lifting it this week.",
            "打开后台首页的电商服务分(四个圈圈),记下最低的一项,本周指定一人负责提升。",
            priority=1,
        ),
        _remedy(
            "Open the detail page of each circle below target and work through the items it "
            "lists as losing points, starting with those you can fix today.",
            "逐个打开未达标圈圈的详情页,按其中列出的扣分项处理,先做今天就能完成的。",
            priority=2, effort=Effort.MEDIUM,
        ),
        _remedy(
            "Write the score into the weekly checklist and compare it after the next data "
            "refresh, so the team sees whether the actions worked.",
            "把分数记入每周检查表,下次数据更新后对比,让团队看到改进是否有效。",
            priority=3,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="The e-commerce service score is below the target for the seller's stage: 60 for "
            "a new seller, 80 for an established one. Without a seller_stage the established "
            "target applies and the finding says so.",
            zh="电商服务分低于所处阶段的目标:新卖家60分,成熟卖家80分。未提供 seller_stage 时按成熟卖家"
            "目标判断,并在结果中说明。",
        ),
        why=text(
            en="The score summarises day-to-day service; a new seller should first reach 60 and "
            "then push for 80, which is the bar for any store past its first months.",
            zh="电商服务分概括日常服务水平;新卖家先以60分为小目标,再争取80分,做过一段时间的店铺应以80分要求自己。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False,
        notes=text(
            en="Both targets (60/80) are the article's; no official page gives them.",
            zh="60/80两个目标都来自文章,无官方出处。",
        ),
    ),
)
def ecommerce_service_score_low(ctx: RuleContext, p: ServiceScoreParams) -> Iterator[Finding]:
    score = ctx[ECOMMERCE_SERVICE_SCORE]
    stage = ctx.seller_stage
    target = p.new_target if stage == "new" else p.established_target
    if score < target:
        key = stage if stage in ("new", "established") else None
        yield ctx.finding(
            observed=score, threshold=target, comparison=">=",
            message=_SERVICE_MESSAGES[key], next_target=p.established_target,
            details={
                "seller_stage": stage,
                "target_basis": (stage or "established") + ("" if stage else " (seller_stage not given)"),
            },
        )


# -- RFQ005 / RFQ006 quote feedback ------------------------------------------------------------


class QuoteFeedbackParams(Params):
    """How many ignored quotes are too many, and how many quotes are needed to judge."""

    max_ignored_share: float = Field(
        0.5, ge=0, le=1,
        description="Largest acceptable share of quotes returned or not viewed by the buyer. "
        "Article 004: 'most' quotes returned or unviewed means the quotes are too slow or too weak.",
    )
    min_quotes: int = Field(
        5, ge=1, description="Fewest quotes in the week before the rule judges (diagrules default).",
    )
    slow_hours: float = Field(
        24, gt=0,
        description="Median quote time above which speed is named as the first problem: the "
        "24-hour quote rate is a factor of the official RFQ market-performance score.",
    )


def _enough_quotes(ctx: RuleContext, minimum: int) -> float:
    """This week's quote count, or :class:`Skip` when it is too small to judge."""
    count = ctx[RFQ_QUOTES_7D]
    if count < minimum:
        raise Skip(
            f"only {count:.0f} quote{'' if count == 1 else 's'} in the week; "
            f"this rule judges from {minimum} (parameter min_quotes)"
        )
    return float(count)


def _need(ctx: RuleContext, metric: Metric) -> float:
    value = ctx.get(metric)
    if value is None:
        raise Skip(f"missing data: {metric.name}", missing=[metric.name])
    return float(value)


def _window_details(ctx: RuleContext) -> dict[str, Any]:
    """Counts by buyer action and the dates of this week, when the quote list is present."""
    current, _ = _weeks(ctx.rows(RFQ_QUOTES))
    if not current:
        return {}
    counts = {s.value: sum(1 for r in current if r.status is s) for s in QuoteStatus}
    dates = [r.quoted_at for r in current]
    return {"week": f"{min(dates).isoformat()}..{max(dates).isoformat()}", "by_status": counts}


_SPEED_FIX = _remedy(
    "Quote within a few hours of an RFQ being posted: check the RFQ marketplace at the start and "
    "the end of every working day (and in the app), so your quote is among the first the buyer sees.",
    "RFQ发布后几小时内报价:每个工作日上下班各看一次RFQ市场(外加手机App),让买家最先看到你的报价。",
    priority=1,
)
_CONTENT_FIX = _remedy(
    "Answer exactly what the RFQ asks (same product, quantity and specification) and put unit "
    "price, MOQ, lead time, shipping and payment terms in the first lines, with a spec sheet or "
    "photos that open.",
    "逐条回应RFQ需求(同品、同数量、同规格),开头写清单价、起订量、交期、运输和付款条款,附上能正常打开的规格书或实拍图。",
    priority=1,
)
_TARGET_FIX = _remedy(
    "Quote only RFQs for your main products and skip branded goods: a product mismatch, missing "
    "key information and a broken attachment are the usual reasons a quote is returned.",
    "只报主营产品的RFQ,不报品牌货:产品不符、缺少关键信息、附件打不开是报价被退回的常见原因。",
    priority=2,
)
_REVIEW_FIX = _remedy(
    "Every week, open the quote manager (报价管理), read why quotes were returned and rewrite the "
    "quote template from the quotes buyers replied to.",
    "每周打开报价管理,查看报价被退回的原因,参照买家回复过的报价重写报价模板。",
    priority=2, effort=Effort.MEDIUM,
)

_IGNORED_HEAD = text(
    en="{observed} of this week's {quotes} quotes were returned or not viewed by the buyer (limit "
    "{threshold})",
    zh="本周 {quotes} 条报价中 {observed} 被买家退回或未查看(上限 {threshold})",
)
_IGNORED_WHY = {
    "slow": text(en="; quotes are slow, median {hours} h after the RFQ.",
                 zh=";报价偏慢,中位用时 {hours} 小时。"),
    "fast": text(en="; quotes go out in {hours} h (median), so their content is the likely problem.",
                 zh=";报价中位用时 {hours} 小时并不慢,问题多半在报价内容。"),
    "unknown": text(en=": quotes are too slow or too weak.", zh=":报价要么太慢,要么太差。"),
}
_LAST_WEEK = text(en=" Last week: {previous}.", zh="上周为 {previous}。")


def _join(*parts: Text) -> Text:
    """Concatenate bilingual fragments into one template."""
    return text(en="".join(t.get("en") for t in parts), zh="".join(t.get("zh") for t in parts))


def _with_last_week(message: Text, previous: float | None) -> tuple[Text, str | None]:
    """``message`` plus "Last week: 33.3%." when the previous week's share is known."""
    if previous is None:
        return message, None
    return _join(message, _LAST_WEEK), _pct(previous)


@rule(
    "RFQ005", "rfq-quotes-ignored",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    requires=[RFQ_QUOTES_7D],
    uses=[RFQ_QUOTE_IGNORED_SHARE, RFQ_QUOTE_IGNORED_SHARE_PREV, RFQ_QUOTE_MEDIAN_HOURS],
    params=QuoteFeedbackParams, unit="ratio",
    title=text(en="Most RFQ quotes returned or not viewed", zh="RFQ报价大多被退回或未查看"),
    remedies=[_SPEED_FIX, _CONTENT_FIX, _TARGET_FIX, _REVIEW_FIX],
    message=_join(_IGNORED_HEAD, _IGNORED_WHY["unknown"]),
    doc=RuleDoc(
        what=text(
            en="Of this week's quotes (the 7 days ending with the newest quote in the quote "
            "list), the share the buyer returned or did not view is at or above the limit "
            "(default 50%). Judged only from min_quotes quotes (default 5); with fewer the rule "
            "is skipped and says how many there were.",
            zh="本周报价(报价列表中截至最新一条报价的7天)中被买家退回或未查看的占比达到上限(默认50%)。"
            "报价少于 min_quotes(默认5条)时不判断,跳过并说明报价数。",
        ),
        why=text(
            en="When most quotes are returned or never opened, they are either too slow or too "
            "weak; checking the buyer's actions weekly tells which, before the month's quota is spent.",
            zh="大部分报价被退回或没被查看,说明报价要么太慢要么太差;每周查看买家行动,才能在当月报价权益用完前调整。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False,
        notes=text(
            en="The 50% limit ('most quotes') and the weekly review are the article's; the "
            "minimum of 5 quotes is a diagrules default; the 24 h speed line (slow_hours) follows "
            "the 24-hour quote rate in " + RFQ_SCORE_PAGE + "; the return reasons in the remedies "
            "follow " + RETURN_REASONS_PAGE + ".",
            zh="50%上限(“大部分”)和每周检查来自文章;最少5条报价是 diagrules 默认值;24小时报价速度线(slow_hours)"
            "依据阿里RFQ市场表现分的24小时报价率;补救措施中的退回原因依据阿里RFQ帮助页。",
        ),
    ),
)
def rfq_quotes_ignored(ctx: RuleContext, p: QuoteFeedbackParams) -> Iterator[Finding]:
    quotes = _enough_quotes(ctx, p.min_quotes)
    share = _need(ctx, RFQ_QUOTE_IGNORED_SHARE)
    if share < p.max_ignored_share:
        return
    hours = ctx.get(RFQ_QUOTE_MEDIAN_HOURS)
    if hours is None:
        why, fixes = "unknown", [_SPEED_FIX, _CONTENT_FIX, _TARGET_FIX, _REVIEW_FIX]
    elif hours > p.slow_hours:
        why, fixes = "slow", [_SPEED_FIX, _CONTENT_FIX, _REVIEW_FIX]
    else:
        why, fixes = "fast", [_CONTENT_FIX, _TARGET_FIX, _REVIEW_FIX]
    details = _window_details(ctx)
    previous = ctx.get(RFQ_QUOTE_IGNORED_SHARE_PREV)
    if previous is not None:
        details["previous_week_share"] = previous
    if hours is not None:
        details["median_quote_hours"] = hours
    message, last_week = _with_last_week(_join(_IGNORED_HEAD, _IGNORED_WHY[why]), previous)
    yield ctx.finding(
        observed=share, threshold=p.max_ignored_share, comparison="<", message=message,
        remedies=fixes, details=details, quotes=quotes, previous=last_week,
        hours=None if hours is None else _hours(hours),
    )


_REPLY_MESSAGE = text(
    en="Buyers replied to {observed} of this week's {quotes} quotes, below {threshold}.",
    zh="本周 {quotes} 条报价的买家回复率为 {observed},低于 {threshold}。",
)


class ReplyParams(Params):
    """The buyer reply share below which the quote template needs a review."""

    min_reply_share: float = Field(
        0.10, ge=0, le=1,
        description="Lowest acceptable share of quotes the buyer replied to. diagrules default: "
        "article 004 says to review the reply rate weekly but gives no figure.",
    )
    min_quotes: int = Field(
        5, ge=1, description="Fewest quotes in the week before the rule judges (diagrules default).",
    )


@rule(
    "RFQ006", "rfq-buyer-reply-rate-low",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq",
    requires=[RFQ_QUOTES_7D], uses=[RFQ_QUOTE_REPLY_SHARE, RFQ_QUOTE_REPLY_SHARE_PREV],
    params=ReplyParams, unit="ratio",
    title=text(en="Few buyers reply to RFQ quotes", zh="RFQ报价买家回复率低"),
    message=_REPLY_MESSAGE,
    remedies=[
        _remedy(
            "Put the quotes buyers replied to next to those they ignored and copy what the "
            "replied ones had (price-tier table, real photos, lead time) into the quote template.",
            "把买家回复过的报价和没回复的放在一起对比,把前者的要素(阶梯价格表、实拍图、交期)写进报价模板。",
            priority=1, effort=Effort.MEDIUM,
        ),
        _remedy(
            "End every quote with one concrete question (target price, destination port, "
            "packaging) so the buyer has a reason to answer.",
            "每条报价结尾提一个具体问题(目标价、目的港、包装要求),给买家一个回复的理由。",
            priority=2,
        ),
        _remedy(
            "Follow up once by TM 2–3 days after quoting, with one new piece of information "
            "(a sample offer or a freight quote).",
            "报价后2–3天通过TM跟进一次,附带一条新信息(样品方案或运费报价)。",
            priority=2,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Of this week's quotes, the share the buyer replied to is below the minimum "
            "(default 10%). Judged only from min_quotes quotes (default 5).",
            zh="本周报价中买家已回复的占比低于下限(默认10%)。报价少于 min_quotes(默认5条)时不判断。",
        ),
        why=text(
            en="The reply rate is the other half of the weekly quote review: quotes that are "
            "viewed but never answered point at the offer itself, not its speed.",
            zh="买家回复率是每周报价复盘的另一半:被查看却没有回复,问题在报价本身而不在速度。",
        ),
        source=OWN_DEFAULT + "; weekly review from " + ARTICLE_004, as_of=OWN_DEFAULT_DATE,
        official=False,
        notes=text(
            en="The 10% floor is this project's assumption; no article or official page gives one. "
            "Raise it in [rules.RFQ006] once you know your category's usual reply rate.",
            zh="10%下限是本项目的假设,文章和官方页面都没有给出数字;了解本类目的常见回复率后可在 "
            "[rules.RFQ006] 中调整。",
        ),
    ),
)
def rfq_buyer_reply_rate_low(ctx: RuleContext, p: ReplyParams) -> Iterator[Finding]:
    quotes = _enough_quotes(ctx, p.min_quotes)
    share = _need(ctx, RFQ_QUOTE_REPLY_SHARE)
    if share < p.min_reply_share:
        details = _window_details(ctx)
        previous = ctx.get(RFQ_QUOTE_REPLY_SHARE_PREV)
        if previous is not None:
            details["previous_week_share"] = previous
        message, last_week = _with_last_week(_REPLY_MESSAGE, previous)
        yield ctx.finding(observed=share, threshold=p.min_reply_share, comparison=">=",
                          message=message, details=details, quotes=quotes, previous=last_week)


# -- RFQ007 inquiry quality ------------------------------------------------------------------


class InquiryQualityParams(Params):
    """When a rise in inquiries with falling GMV per inquiry is worth reporting."""

    min_inquiry_growth: float = Field(
        0.0, ge=0,
        description="Inquiries must have grown by more than this against the previous period "
        "(0 = any rise). diagrules default.",
    )
    min_quality_drop: float = Field(
        0.10, gt=0, lt=1,
        description="Reported (info) when GMV per inquiry fell by at least this. diagrules default.",
    )
    warn_quality_drop: float = Field(
        0.30, gt=0, lt=1,
        description="Raised to a warning when GMV per inquiry fell by at least this. diagrules default.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> InquiryQualityParams:
        if self.warn_quality_drop < self.min_quality_drop:
            raise ValueError("warn_quality_drop must be at least min_quality_drop")
        return self


@rule(
    "RFQ007", "inquiry-quality",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq",
    requires=[INQUIRIES_30D, INQUIRIES_PREV_30D, GMV_30D, GMV_PREV_30D],
    params=InquiryQualityParams, unit="change",
    title=text(en="More inquiries, less business per inquiry", zh="询盘变多但询盘质量下降"),
    message=text(
        en="Inquiries rose {inquiry_change} ({inquiries_prev} → {inquiries}) while GMV per inquiry "
        "dropped from {quality_prev} to {quality} ({observed}).",
        zh="询盘数增长 {inquiry_change}({inquiries_prev} → {inquiries}),询盘质量(成交金额/询盘)却从 "
        "{quality_prev} 降到 {quality}({observed})。",
    ),
    remedies=[
        _remedy(
            "Stop setting inquiry-count targets for the team; review GMV per inquiry (deal value "
            "÷ inquiries) every month instead.",
            "不要再给团队定询盘数量指标,改为每月复盘询盘质量(成交金额 ÷ 询盘数)。",
            priority=1,
        ),
        _remedy(
            "Find in Data Manager which keywords, P4P plans and products brought the extra "
            "inquiries, and cut the broad keywords and plans that bring inquiries without orders.",
            "在数据管家中查出新增询盘来自哪些关键词、直通车计划和产品,砍掉只带来询盘不带来订单的宽泛词和计划。",
            priority=2, effort=Effort.MEDIUM,
        ),
        _remedy(
            "Make listings self-qualifying: exact product keywords, MOQ and price range in the "
            "title and main image, so buyers who do not fit filter themselves out.",
            "让产品页自带筛选:标题和主图写明精准产品词、起订量和价格区间,让不匹配的买家自行过滤。",
            priority=2, effort=Effort.MEDIUM,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Inquiries grew against the previous 30 days while GMV per inquiry fell by at "
            "least 10% (info) or 30% (warning). Skipped without the previous period's figures, "
            "or when the previous period had no inquiries.",
            zh="询盘数较上一个30天增长,而询盘质量(成交金额/询盘)下降至少10%(提示)或30%(警告)。"
            "缺少上一周期数据或上一周期没有询盘时跳过。",
        ),
        why=text(
            en="Chasing inquiry count invites broad, imprecise traffic; what pays is inquiry "
            "quality, measured as total deal value ÷ inquiries.",
            zh="追求询盘数量只会引来宽泛、不精准的流量;真正有用的是询盘质量,即总成交金额 ÷ 询盘数。",
        ),
        source=ARTICLE_001, as_of=ARTICLE_001_DATE, official=False,
        notes=text(
            en="The measure (GMV ÷ inquiries) is the article's; the 10%/30% drops and 'any "
            "rise' are diagrules defaults, since the article gives no figures.",
            zh="衡量方法(成交金额 ÷ 询盘)来自文章;10%/30%降幅和“任何增长”是 diagrules 默认值,文章未给出数字。",
        ),
    ),
)
def inquiry_quality(ctx: RuleContext, p: InquiryQualityParams) -> Iterator[Finding]:
    inquiries, inquiries_prev = ctx[INQUIRIES_30D], ctx[INQUIRIES_PREV_30D]
    gmv, gmv_prev = ctx[GMV_30D], ctx[GMV_PREV_30D]
    if inquiries_prev == 0:
        raise Skip("the previous period had no inquiries, so GMV per inquiry has nothing to compare with")
    growth = _change(inquiries, inquiries_prev)
    if growth is None or growth <= p.min_inquiry_growth:
        return
    quality, quality_prev = gmv / inquiries, gmv_prev / inquiries_prev
    drop = _change(quality, quality_prev)
    if drop is None or drop > -p.min_quality_drop:
        return
    yield ctx.finding(
        observed=drop, threshold=-p.min_quality_drop, comparison=">",
        severity=Severity.WARNING if drop <= -p.warn_quality_drop else Severity.INFO,
        details={"gmv_per_inquiry": quality, "gmv_per_inquiry_prev": quality_prev,
                 "inquiries_change": growth, "gmv_change": _change(gmv, gmv_prev)},
        inquiry_change=f"+{_pct(growth)}", inquiries=inquiries, inquiries_prev=inquiries_prev,
        quality=_usd(quality), quality_prev=_usd(quality_prev),
    )


# -- RFQ008 star level vs offline business ---------------------------------------------------


_OFFLINE_WITH_STAR = text(
    en="{observed} of GMV ({offline} of {total}) is paid offline; the star level (now {star} stars) "
    "counts only the {ta} paid through Trade Assurance.",
    zh="{observed} 的成交({total} 中的 {offline})在线下支付;星等级(当前 {star} 星)只统计通过信保支付的 {ta}。",
)


class OfflineParams(Params):
    """How much of the business must be offline before the star level is called unrepresentative."""

    min_offline_share: float = Field(
        0.75, gt=0, le=1,
        description="Offline share of GMV from which the star level understates the business "
        "(0.75 = offline is 3× Trade Assurance). diagrules default.",
    )


@rule(
    "RFQ008", "star-level-understates-business",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq",
    requires=[OFFLINE_GMV_30D, TA_GMV_30D], uses=[STAR_LEVEL], params=OfflineParams, unit="ratio",
    title=text(en="Star level understates the business", zh="星等级低估了实际生意"),
    message=text(
        en="{observed} of GMV ({offline} of {total}) is paid offline; the star level counts only "
        "the {ta} paid through Trade Assurance.",
        zh="{observed} 的成交({total} 中的 {offline})在线下支付;星等级只统计通过信保支付的 {ta}。",
    ),
    remedies=[
        _remedy(
            "Do not buy or inflate Trade Assurance orders to lift the star level: under "
            "personalised matching, fake volume tags the store for the wrong buyers.",
            "不要为了星等级刷信保、冲大单:千人千面机制下,虚假成交会给店铺打上错误的人群标签。",
            priority=1,
        ),
        _remedy(
            "Report results to management with offline deals included (total GMV and GMV per "
            "inquiry), so decisions do not rest on the star level alone.",
            "向管理层汇报时包含线下成交(总成交金额、询盘质量),不要只看星等级做决策。",
            priority=2,
        ),
        _remedy(
            "Before investing in stars, check the stores ranking for your main keywords: if "
            "low-star stores get as many inquiries and clicks, the star level matters little in "
            "your industry.",
            "投入星等级之前,先看主关键词下排名靠前的店铺:如果低星店铺的询盘和点击同样多,说明本行业星等级影响不大。",
            priority=2, effort=Effort.MEDIUM,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Offline payments make up at least 75% of the GMV won through Alibaba.com (offline "
            "at least 3× Trade Assurance), so the star level, built on online TA volume, "
            "understates the business. Information, not a fault.",
            zh="线下支付占阿里国际站成交金额的至少75%(线下至少是信保的3倍),以信保线上金额为基础的星等级因此低估了实际生意。"
            "这是提示,不是问题。",
        ),
        why=text(
            en="Long-standing mid-size and large buyers often pay offline; for such a buyer mix "
            "the star level is optional, and inflating TA volume to raise it does not help.",
            zh="合作多年的中大B客户常常线下付款;对这样的客户结构,星等级可有可无,刷信保来提升它也没有用。",
        ),
        source=ARTICLE_001 + "; transaction indicator from " + STAR_RULE_PAGE,
        as_of=ARTICLE_001_DATE, official=False,
        notes=text(
            en="That the star level rests on online Trade Assurance volume is from the article "
            "and the official star-level rule (" + STAR_RULE_DATE + "); the 75% line is a "
            "diagrules default.",
            zh="星等级基于信保线上金额,这一点来自文章和官方星等级规则(" + STAR_RULE_DATE + ");75%的界线是 diagrules 默认值。",
        ),
    ),
)
def star_level_understates_business(ctx: RuleContext, p: OfflineParams) -> Iterator[Finding]:
    offline, ta = ctx[OFFLINE_GMV_30D], ctx[TA_GMV_30D]
    share = _offline_share(offline, ta)
    if share is None:
        raise Skip("no GMV in the period, online or offline")
    if share >= p.min_offline_share:
        star = ctx.get(STAR_LEVEL)
        yield ctx.finding(
            observed=share, threshold=p.min_offline_share, comparison="<",
            message=None if star is None else _OFFLINE_WITH_STAR, star=star,
            details={} if star is None else {"star_level": star},
            offline=_usd(offline), ta=_usd(ta), total=_usd(offline + ta),
        )


# -- RFQ009 marketing leverage -----------------------------------------------------------------


class LeverageParams(Params):
    """The GMV each dollar of marketing should bring."""

    min_leverage: float = Field(
        5.0, gt=0,
        description="Lowest acceptable GMV ÷ marketing spend over 30 days. diagrules default.",
    )


@rule(
    "RFQ009", "marketing-leverage",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq",
    requires=[GMV_30D, MARKETING_SPEND_30D], params=LeverageParams, unit="number",
    title=text(en="Marketing spend brings little GMV", zh="营销投入产出低"),
    message=text(
        en="Each dollar of marketing brought ${observed} of GMV ({gmv} on {spend}); the floor is "
        "${threshold}.",
        zh="每1美元营销费用带来 {observed} 美元成交({spend} 带来 {gmv}),低于 {threshold} 的下限。",
    ),
    remedies=[
        _remedy(
            "List this month's spend by channel (P4P, top exposure, paid connections) next to the "
            "orders each brought, and cut the channels that brought none.",
            "按渠道(直通车、顶展、收费人脉)列出本月花费和各自带来的订单,停掉没有带来成交的渠道。",
            priority=1, effort=Effort.MEDIUM,
        ),
        _remedy(
            "Move budget to products that already convert (Data Manager's high-conversion "
            "products) instead of broad keywords.",
            "把预算转到已经有转化的产品(数据管家中的高转化产品),而不是宽泛关键词。",
            priority=2,
        ),
        _remedy(
            "Set next month's budget by GMV per dollar spent, not by inquiries or impressions.",
            "下个月的预算按每1美元带来的成交金额来定,而不是按询盘数或曝光量。",
            priority=2,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="GMV over the last 30 days is less than 5× the marketing spend of the same period. "
            "Skipped when nothing was spent.",
            zh="近30天成交金额不到同期营销费用的5倍。没有营销花费时跳过。",
        ),
        why=text(
            en="Marketing is judged by its leverage (revenue per spend), not by the inquiries it "
            "buys. B2B deals close slowly, so read one month's figure as a prompt to look closer.",
            zh="营销效果要看杠杆(每单位花费带来的收入),而不是买来了多少询盘。B2B成交周期长,单月数字只是提醒你深入查看。",
        ),
        source=ARTICLE_001, as_of=ARTICLE_001_DATE, official=False,
        notes=text(
            en="Judging spend by leverage is the article's; the 5× floor is a diagrules default.",
            zh="以杠杆衡量营销费用来自文章;5倍下限是 diagrules 默认值。",
        ),
    ),
)
def marketing_leverage(ctx: RuleContext, p: LeverageParams) -> Iterator[Finding]:
    gmv, spend = ctx[GMV_30D], ctx[MARKETING_SPEND_30D]
    if spend == 0:
        raise Skip("no marketing spend in the period, so there is no leverage to judge")
    leverage = gmv / spend
    if leverage < p.min_leverage:
        yield ctx.finding(observed=leverage, threshold=p.min_leverage, comparison=">=",
                          gmv=_usd(gmv), spend=_usd(spend))


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
    marketing_leverage, *TREND_RULES,
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
