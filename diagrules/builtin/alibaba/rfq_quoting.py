"""RFQ005–RFQ006: the weekly review of the buyers' actions on the store's RFQ quotes (article 004)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from diagrules import (
    Effort,
    Finding,
    Metric,
    Params,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    Text,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import (
    remedy,
)
from diagrules.builtin.alibaba.quotes import (
    RFQ_QUOTES,
    QuoteStatus,
    review_weeks,
)
from diagrules.builtin.alibaba.rfq_metrics import (
    RFQ_QUOTE_IGNORED_SHARE,
    RFQ_QUOTE_IGNORED_SHARE_PREV,
    RFQ_QUOTE_MEDIAN_HOURS,
    RFQ_QUOTE_REPLY_SHARE,
    RFQ_QUOTE_REPLY_SHARE_PREV,
    RFQ_QUOTES_7D,
    fmt_hours,
    pct,
)
from diagrules.builtin.alibaba.sources import (
    ARTICLE_004,
    ARTICLE_004_DATE,
    OWN_DEFAULT,
    OWN_DEFAULT_DATE,
    RETURN_REASONS_PAGE,
    RFQ_SCORE_PAGE,
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
    current, _ = review_weeks(ctx.rows(RFQ_QUOTES))
    if not current:
        return {}
    counts = {s.value: sum(1 for r in current if r.status is s) for s in QuoteStatus}
    dates = [r.quoted_at for r in current]
    return {"week": f"{min(dates).isoformat()}..{max(dates).isoformat()}", "by_status": counts}


_SPEED_FIX = remedy(
    "Quote within a few hours of an RFQ being posted: check the RFQ marketplace at the start and "
    "the end of every working day (and in the app), so your quote is among the first the buyer sees.",
    "RFQ发布后几小时内报价:每个工作日上下班各看一次RFQ市场(外加手机App),让买家最先看到你的报价。",
    priority=1,
)
_CONTENT_FIX = remedy(
    "Answer exactly what the RFQ asks (same product, quantity and specification) and put unit "
    "price, MOQ, lead time, shipping and payment terms in the first lines, with a spec sheet or "
    "photos that open.",
    "逐条回应RFQ需求(同品、同数量、同规格),开头写清单价、起订量、交期、运输和付款条款,附上能正常打开的规格书或实拍图。",
    priority=1,
)
_TARGET_FIX = remedy(
    "Quote only RFQs for your main products and skip branded goods: a product mismatch, missing "
    "key information and a broken attachment are the usual reasons a quote is returned.",
    "只报主营产品的RFQ,不报品牌货:产品不符、缺少关键信息、附件打不开是报价被退回的常见原因。",
    priority=2,
)
_REVIEW_FIX = remedy(
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
    return _join(message, _LAST_WEEK), pct(previous)


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
        hours=None if hours is None else fmt_hours(hours),
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
        remedy(
            "Put the quotes buyers replied to next to those they ignored and copy what the "
            "replied ones had (price-tier table, real photos, lead time) into the quote template.",
            "把买家回复过的报价和没回复的放在一起对比,把前者的要素(阶梯价格表、实拍图、交期)写进报价模板。",
            priority=1, effort=Effort.MEDIUM,
        ),
        remedy(
            "End every quote with one concrete question (target price, destination port, "
            "packaging) so the buyer has a reason to answer.",
            "每条报价结尾提一个具体问题(目标价、目的港、包装要求),给买家一个回复的理由。",
            priority=2,
        ),
        remedy(
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


