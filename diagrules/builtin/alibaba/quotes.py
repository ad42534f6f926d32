"""The RFQ quote list (报价管理): its records, how its cells are read, and the review week."""

from __future__ import annotations

import datetime as dt
import enum
import re
import statistics
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

import attrs
from pydantic import BeforeValidator

from diagrules import (
    Dataset,
    Derivation,
    OptionalNumber,
    Record,
    Text,
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


_DATE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2}))?)?"
)


def _quote_moment(raw: Any) -> dt.datetime | dt.date | None:
    """Read when a quote was sent: ``2026-11-18``, ``2026/11/18 10:32`` or ``2026年11月18日``.

    A cell with a time gives a datetime, a cell with only a date a date (the review then counts
    that quote from the end of its day, never judging it earlier than its age allows); an empty
    cell gives ``None`` — a list without dates is taken as the review period.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        # a spreadsheet's date-only cell arrives as midnight: read it as the date it is
        return raw.date() if raw.time() == dt.time(0) else raw
    if isinstance(raw, dt.date):
        return raw
    m = _DATE.match(str(raw))
    if m is None:
        raise ValueError(f"expected a date such as 2026-11-18 (or 2026年11月18日), got {raw!r}")
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m[4] is None:
            return day
        return dt.datetime.combine(day, dt.time(int(m[4]), int(m[5]), int(m[6] or 0)))
    except ValueError as exc:
        raise ValueError(f"not a valid date: {raw!r} ({exc})") from None


class QuoteRecord(Record):
    """One quote sent to an RFQ, from the quote manager (报价管理) list."""

    rfq_id: Annotated[str, BeforeValidator(lambda v: str(v).strip())]
    status: Annotated[QuoteStatus, BeforeValidator(_quote_status)]
    quoted_at: Annotated[dt.datetime | dt.date | None, BeforeValidator(_quote_moment)] = None
    response_hours: OptionalNumber = None

    @property
    def day(self) -> dt.date | None:
        q = self.quoted_at
        return q.date() if isinstance(q, dt.datetime) else q

    @property
    def sent(self) -> dt.datetime | None:
        """When the quote was sent; a date alone counts as the end of that day."""
        q = self.quoted_at
        if q is None or isinstance(q, dt.datetime):
            return q
        return dt.datetime.combine(q, dt.time.max)


RFQ_QUOTES = Dataset(
    "rfq_quotes",
    record=QuoteRecord,
    label=text(en="RFQ quotes", zh="RFQ报价"),
    description=text(
        en="One row per quote sent to an RFQ, from the RFQ quote manager: the RFQ id, the date "
        "quoted, hours from the RFQ being posted to the quote, and the buyer's action.",
        zh="报价管理中每条RFQ报价一行：RFQ编号、报价时间、从RFQ发布到报价的小时数、买家行动。",
    ),
    aliases={
        "rfq_id": ["RFQ编号", "RFQ ID", "RFQ号", "询价单号", "采购需求编号"],
        "quoted_at": ["报价时间", "报价日期", "quote date", "quoted on"],
        "response_hours": ["报价用时(小时)", "报价用时（小时）", "报价时长(小时)", "响应时长(小时)",
                           "response time (h)"],
        "status": ["买家行动", "报价状态", "买家反馈", "状态", "buyer action"],
    },
    key="rfq_id",
    platform="alibaba",
)

WEEK_DAYS = 7

Anchor = Literal["as_of", "newest", "undated"]


@attrs.frozen
class QuoteReview:
    """The weekly quote review of article 004: which quotes it judges, over which dates.

    ``anchor`` says where the week ends: the snapshot's ``as_of`` date, else the newest quote in
    the list; ``undated`` when the list has no dates and is taken as the review period whole.
    ``young`` are the week's quotes sent less than the grace period before the end of the week:
    a buyer has not had time to view them, so they are neither ignored nor answered yet.
    """

    anchor: Anchor
    start: dt.date | None
    end: dt.date | None
    judged: tuple[QuoteRecord, ...]
    young: tuple[QuoteRecord, ...] = ()
    previous: tuple[QuoteRecord, ...] = ()
    undated: int = 0

    def window(self) -> Text:
        """The review period as the finding states it, with why it is that period."""
        if self.start is None or self.end is None:
            return text(en="the whole quote list (it has no dates, so it is taken as the review period)",
                        zh="整个报价列表（列表没有报价日期，视为一个复盘期）")
        days = f"{self.start.isoformat()} – {self.end.isoformat()}"
        if self.anchor == "newest":
            return text(
                en=f"the review week {days} (ending with the newest quote, as the snapshot has no "
                "as_of date)",
                zh=f"复盘周（{days}，截至最新一条报价，因为快照没有提供日期）",
            )
        return text(en=f"the review week {days}", zh=f"复盘周（{days}）")

    def details(self) -> dict[str, Any]:
        counts = {s.value: sum(1 for r in self.judged if r.status is s) for s in QuoteStatus}
        out: dict[str, Any] = {"review_anchor": self.anchor, "by_status": counts,
                               "judged_quotes": len(self.judged), "young_quotes": len(self.young)}
        if self.start is not None and self.end is not None:
            out["week"] = f"{self.start.isoformat()}..{self.end.isoformat()}"
        if self.undated:
            out["undated_quotes"] = self.undated
        return out


def review(rows: Sequence[QuoteRecord], as_of: dt.date | None, grace_hours: float) -> QuoteReview | None:
    """The review of ``rows`` for the week ending on ``as_of`` (the newest quote's day without it).

    ``None`` when there are no quotes. Quotes without a date are left out of a dated list (and
    counted in ``undated``); a list with no dates at all is the review period itself.
    """
    if not rows:
        return None
    days = [r.day for r in rows]  # once a row: the property is most of a review's cost
    dated = [d for d in days if d is not None]
    if not dated:
        return QuoteReview("undated", None, None, tuple(rows))
    end = as_of or max(dated)
    start = end - dt.timedelta(days=WEEK_DAYS - 1)
    prev_start = start - dt.timedelta(days=WEEK_DAYS)
    now = dt.datetime.combine(end, dt.time.max)
    grace = dt.timedelta(hours=grace_hours)

    def judged(r: QuoteRecord) -> bool:
        return r.sent is not None and now - r.sent >= grace

    week: list[QuoteRecord] = []
    before: list[QuoteRecord] = []
    for r, day in zip(rows, days, strict=True):
        if day is None or day > end or day < prev_start:
            continue
        (week if day >= start else before).append(r)
    return QuoteReview(
        "as_of" if as_of else "newest", start, end,
        judged=tuple(r for r in week if judged(r)),
        young=tuple(r for r in week if not judged(r)),
        previous=tuple(r for r in before if judged(r)),
        undated=len(rows) - len(dated),
    )


IGNORED = (QuoteStatus.BUYER_RETURNED, QuoteStatus.NOT_VIEWED)


def share(rows: Sequence[QuoteRecord], statuses: tuple[QuoteStatus, ...]) -> float | None:
    return sum(1 for r in rows if r.status in statuses) / len(rows) if rows else None


#: The last list the derivations reviewed and its review. Seven derived metrics read the same
#: review of the same list, which cost seven passes over it; a derivation is given the rows and
#: nothing else, so the review is kept for the list it was made of. It holds the list (one
#: store's, until the next store's replaces it) because a list cannot be weakly referenced, and
#: the rows of a prepared snapshot are never changed (the length is checked all the same).
_reviewed: tuple[Sequence[QuoteRecord], int, QuoteReview | None] | None = None


def _newest_week(rows: Sequence[QuoteRecord]) -> QuoteReview | None:
    global _reviewed
    last = _reviewed
    if last is not None and last[0] is rows and last[1] == len(rows):
        return last[2]
    found = review(rows, None, 0)
    _reviewed = (rows, len(rows), found)
    return found


def weekly_measure(week: int, measure: Callable[[Sequence[QuoteRecord]], float | None]) -> Derivation:
    """A metric on the current (``week=0``) or previous (``week=1``) week of the quote list.

    A derived metric sees only the table, so its week ends with the newest quote and has no
    grace period; the RFQ005/RFQ006 review reads the list itself, anchored on ``as_of``.
    """
    def derive(rows: list[QuoteRecord]) -> float | None:
        found = _newest_week(rows)
        if found is None:
            return None
        return measure(found.previous if week else found.judged)

    return Derivation(derive, datasets=[RFQ_QUOTES])


def quote_count(rows: Sequence[QuoteRecord]) -> float:
    return float(len(rows))


def replied_share(rows: Sequence[QuoteRecord]) -> float | None:
    return share(rows, (QuoteStatus.BUYER_REPLIED,))


def ignored_share(rows: Sequence[QuoteRecord]) -> float | None:
    return share(rows, IGNORED)


def median_hours(rows: Sequence[QuoteRecord]) -> float | None:
    hours = [r.response_hours for r in rows if r.response_hours is not None]
    return float(statistics.median(hours)) if hours else None
