"""The RFQ quote list (报价管理): its records, how its cells are read, and the review week."""

from __future__ import annotations

import datetime as dt
import enum
import re
import statistics
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator

from diagrules import (
    Dataset,
    Derivation,
    OptionalNumber,
    Record,
    text,
)


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


def review_weeks(rows: Sequence[QuoteRecord]) -> tuple[list[QuoteRecord], list[QuoteRecord]]:
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


def weekly_measure(week: int, measure: Callable[[list[QuoteRecord]], float | None]) -> Derivation:
    """A metric computed on the current (``week=0``) or previous (``week=1``) quote week."""
    return Derivation(lambda rows: measure(review_weeks(rows)[week]), datasets=[RFQ_QUOTES])


def quote_count(rows: list[QuoteRecord]) -> float:
    return float(len(rows))


def replied_share(rows: list[QuoteRecord]) -> float | None:
    return _share(rows, (QuoteStatus.BUYER_REPLIED,))


def ignored_share(rows: list[QuoteRecord]) -> float | None:
    return _share(rows, _IGNORED)


def median_hours(rows: list[QuoteRecord]) -> float | None:
    hours = [r.response_hours for r in rows if r.response_hours is not None]
    return float(statistics.median(hours)) if hours else None


