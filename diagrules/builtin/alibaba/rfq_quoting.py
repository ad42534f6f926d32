"""RFQ005–RFQ006: the weekly review of the buyers' actions on the store's RFQ quotes (article 004).

Article 004 has the team open the quote manager (报价管理) and read the buyers' actions: when
most quotes are returned or never viewed, they are too slow or too weak. The review is built as
the article means it: a week ending on the snapshot's ``as_of`` date (on the newest quote when
the snapshot has none), quotes sent less than a grace period before its end left out because the
buyer has not had time to act, and the window stated in every finding. Without the quote list
the rules fall back on the week's counts typed in as metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
from pydantic import Field

from diagrules import (
    Effort,
    Finding,
    Metric,
    Params,
    Quantity,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    Text,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import remedy
from diagrules.builtin.alibaba.quotes import (
    RFQ_QUOTES,
    QuoteRecord,
    QuoteReview,
    ignored_share,
    median_hours,
    replied_share,
    review,
)
from diagrules.builtin.alibaba.rfq_metrics import (
    RFQ_QUOTE_IGNORED_SHARE,
    RFQ_QUOTE_IGNORED_SHARE_PREV,
    RFQ_QUOTE_MEDIAN_HOURS,
    RFQ_QUOTE_REPLY_SHARE,
    RFQ_QUOTE_REPLY_SHARE_PREV,
    RFQ_QUOTES_7D,
)
from diagrules.builtin.alibaba.sources import (
    ARTICLE_004,
    ARTICLE_004_DATE,
    OWN_DEFAULT_DATE,
    OWN_FLOOR_WITH_ARTICLE_004,
    RETURN_REASONS_PAGE,
    RFQ_SCORE_PAGE,
)

# -- the weekly review shared by RFQ005 and RFQ006 ---------------------------------------------


class ReviewParams(Params):
    """How the weekly quote review is sampled (both parameters are diagrules' judgement)."""

    min_quotes: int = Field(
        3, ge=1,
        description="Fewest judged quotes in the week before the rule judges. diagrules default: "
        "the basic quota of 20 quotes a month is about 5 a week, so a higher minimum would skip "
        "most weeks.",
        json_schema_extra={"zh": "复盘周内可判断的报价至少要有这么多条才判断。diagrules 默认值：基础权益每月20条报价，约每周5条，下限再高大多数周都会被跳过。"},
    )
    grace_hours: float = Field(
        48, ge=0,
        description="Quotes sent less than this many hours before the end of the review week are "
        "not judged yet: the buyer has not had time to view or answer them. diagrules default.",
        json_schema_extra={"zh": "在复盘周结束前不足这么多小时发出的报价暂不判断：买家还没来得及查看或回复。diagrules 默认值。"},
    )


@attrs.frozen
class _Week:
    """What a review rule judges: the measure, over how many quotes, and where they came from."""

    value: float
    quotes: int
    previous: float | None
    review: QuoteReview | None  # None when the week's figures were given as metrics


def _judge_week(ctx: RuleContext, p: ReviewParams,
                measure: Callable[[Sequence[QuoteRecord]], float | None],
                given: Metric, given_prev: Metric) -> _Week:
    """The week's ``measure``, from the quote list when present, else from the given metrics.

    Skips, saying why, when the week has fewer than ``min_quotes`` judged quotes.
    """
    # RFQ005 and RFQ006 review the same week: once per store (see RuleContext.memo)
    found = ctx.memo(("diagrules.alibaba", "quote review", p.grace_hours),
                     lambda: review(ctx.rows(RFQ_QUOTES), ctx.as_of, p.grace_hours))
    if found is not None:
        judged = len(found.judged)
        if judged < p.min_quotes:
            raise Skip(_too_few(found, judged, p))
        value = measure(found.judged)
        assert value is not None  # at least min_quotes >= 1 quotes
        return _Week(value, judged, measure(found.previous), found)
    count = ctx[RFQ_QUOTES_7D]
    if count < p.min_quotes:
        raise Skip(text(
            en=f"only {count:.0f} quote{'' if count == 1 else 's'} in the week; this rule judges from {p.min_quotes} "
            "(parameter min_quotes)",
            zh=f"本周报价只有 {count:.0f} 条，本规则至少需要 {p.min_quotes} 条（参数 `min_quotes`）",
        ))
    value = ctx.get(given)
    if value is None:
        label = given.label.get("zh") if given.label else given.name
        raise Skip(text(en=f"missing data: {given.name}", zh=f"缺少数据：{label}"), missing=[given.name])
    return _Week(float(value), int(count), ctx.get(given_prev), None)


def _too_few(found: QuoteReview, judged: int, p: ReviewParams) -> Text:
    window = found.window()
    young = len(found.young)
    return text(
        en=f"only {judged} quote{'' if judged == 1 else 's'} judged for {window.get('en')}; this rule "
        f"judges from {p.min_quotes} (parameter min_quotes)"
        + (f"; {young} more {'was' if young == 1 else 'were'} sent less than {p.grace_hours:g} hours "
           "before the end of the week and not judged yet" if young else ""),
        zh=f"{window.get('zh')}可判断的报价只有 {judged} 条，本规则至少需要 {p.min_quotes} 条（参数 `min_quotes`）"
        + (f"；另有 {young} 条发出不足 {p.grace_hours:g} 小时，暂不判断" if young else ""),
    )


def _join(*parts: Text) -> Text:
    """Concatenate bilingual fragments into one template."""
    return text(en="".join(t.get("en") for t in parts), zh="".join(t.get("zh") for t in parts))


_YOUNG = text(en=" {young} more quotes were sent less than {grace} before the end of the week and "
              "are not judged yet.",
              zh="另有 {young} 条报价发出不足 {grace}，暂不判断。")
_LAST_WEEK = text(en=" Last week: {previous}.", zh="上周为 {previous}。")


def _week_finding(p: ReviewParams, week: _Week, head: dict[bool, Text],
                  tail: Text) -> tuple[Text, dict[str, Any], dict[str, Any]]:
    """(message, details, message values) every review finding shares: the window, the quotes
    not judged yet and last week's figure, each only when known."""
    found = week.review
    parts = [head[found is not None], tail]
    details = {} if found is None else found.details()
    shown: dict[str, Any] = {"quotes": week.quotes}
    if found is not None:
        window = found.window()
        shown.update(window_en=window.get("en"), window_zh=window.get("zh"))
        if found.young:
            parts.append(_YOUNG)
            shown.update(young=len(found.young), grace=Quantity(p.grace_hours, "hours"))
    if week.previous is not None:
        parts.append(_LAST_WEEK)
        shown["previous"] = Quantity(week.previous, "ratio")
        details["previous_week_share"] = week.previous
    return _join(*parts), details, shown


# -- RFQ005 quotes ignored ----------------------------------------------------------------------


class QuoteFeedbackParams(ReviewParams):
    """How many ignored quotes are too many, and when speed is named as the problem."""

    max_ignored_share: float = Field(
        0.5, ge=0, lt=1,
        description="The rule fires when strictly more than this share of the judged quotes was "
        "returned or not viewed by the buyer. Article 004: 'most' quotes, i.e. more than half.",
        json_schema_extra={"zh": "可判断的报价中被买家退回或未查看的占比严格超过这个值时触发。文章004：“大部分”报价，即超过一半。"},
    )
    slow_hours: float = Field(
        24, gt=0,
        description="Median quote time above which speed is named as the first problem: the "
        "24-hour quote rate is a factor of the official RFQ market-performance score.",
        json_schema_extra={"zh": "报价用时中位数超过这么多小时，就把速度列为首要问题：24小时报价率是官方RFQ市场表现分的因素之一。"},
    )


_SPEED_FIX = remedy(
    "Quote within a few hours of an RFQ being posted: check the RFQ marketplace at the start and "
    "the end of every working day (and in the app), so your quote is among the first the buyer sees.",
    "RFQ发布后几小时内报价：每个工作日上下班各看一次RFQ市场（外加手机App），让买家最先看到你的报价。",
    basis="source", priority=1,
)
_CONTENT_FIX = remedy(
    "Answer exactly what the RFQ asks (same product, quantity and specification) and put unit "
    "price, MOQ, lead time, shipping and payment terms in the first lines, with a spec sheet or "
    "photos that open.",
    "逐条回应RFQ需求（同品、同数量、同规格），开头写清单价、起订量、交期、运输和付款条款，附上能正常打开的规格书或实拍图。",
    basis="source", priority=1,
)
_TARGET_FIX = remedy(
    "Quote only RFQs for your main products and skip branded goods: a product mismatch, missing "
    "key information and a broken attachment are the usual reasons a quote is returned.",
    "只报主营产品的RFQ，不报品牌货：产品不符、缺少关键信息、附件打不开是报价被退回的常见原因。",
    basis="source", priority=2,
)
_REVIEW_FIX = remedy(
    "Every week, open the quote manager, read why quotes were returned and rewrite the quote "
    "template from the quotes buyers replied to.",
    "每周打开报价管理，查看报价被退回的原因，参照买家回复过的报价重写报价模板。",
    basis="source", priority=2, effort=Effort.MEDIUM,
)

_IGNORED_HEAD = {
    True: text(
        en="{observed} of the {quotes} quotes judged for {window_en} were returned or not viewed "
        "by the buyer, more than {threshold}",
        zh="{window_zh}可判断的 {quotes} 条报价中，{observed} 被买家退回或未查看，超过 {threshold}",
    ),
    False: text(
        en="{observed} of this week's {quotes} quotes were returned or not viewed by the buyer, "
        "more than {threshold}",
        zh="本周 {quotes} 条报价中，{observed} 被买家退回或未查看，超过 {threshold}",
    ),
}
_IGNORED_WHY = {
    "slow": text(en="; quotes are slow, median {hours} after the RFQ.",
                 zh="；报价偏慢，中位用时 {hours}。"),
    "fast": text(en="; quotes go out in {hours} (median), so their content is the likely problem.",
                 zh="；报价中位用时 {hours}，并不慢，问题多半在报价内容。"),
    "unknown": text(en=": quotes are too slow or too weak.", zh="：报价要么太慢，要么太差。"),
}


@rule(
    "RFQ005", "rfq-quotes-ignored",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    requires=[RFQ_QUOTES_7D],
    uses=[RFQ_QUOTE_IGNORED_SHARE, RFQ_QUOTE_IGNORED_SHARE_PREV, RFQ_QUOTE_MEDIAN_HOURS],
    params=QuoteFeedbackParams, unit="ratio",
    title=text(en="Most RFQ quotes returned or not viewed", zh="RFQ报价大多被退回或未查看"),
    remedies=[_SPEED_FIX, _CONTENT_FIX, _TARGET_FIX, _REVIEW_FIX],
    message=_join(_IGNORED_HEAD[False], _IGNORED_WHY["unknown"]),
    doc=RuleDoc(
        what=text(
            en="In the weekly review, most (strictly more than half, default) of the judged quotes "
            "were returned or not viewed by the buyer. The week is the 7 days ending on the "
            "snapshot's as_of date (on the newest quote when there is none); quotes sent less "
            "than grace_hours (default 48) before its end are not judged yet; a list without "
            "dates is taken as the review period. Judged from min_quotes quotes (default 3); with "
            "fewer the rule is skipped and says how many there were. The finding states the window.",
            zh="每周复盘中，可判断的报价有大部分（默认：严格超过一半）被买家退回或未查看。复盘周为截至快照日期"
            "（`as_of`；未提供时截至最新一条报价）的7天；发出不足 `grace_hours`（默认48小时）的报价暂不判断；"
            "没有日期的报价列表视为一个复盘期。可判断的报价少于 `min_quotes`（默认3条）时跳过并说明条数。"
            "结果中写明复盘的日期范围。",
        ),
        why=text(
            en="When most quotes are returned or never opened, they are either too slow or too "
            "weak; checking the buyer's actions weekly tells which, before the month's quota is spent.",
            zh="大部分报价被退回或没被查看，说明报价要么太慢要么太差；每周查看买家行动，才能在当月报价权益用完前调整。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False, threshold_basis="source",
        notes=text(
            en="'Most quotes' (more than half) and the weekly review are the article's; the minimum "
            "of 3 quotes and the 48-hour grace period are diagrules defaults; the 24 h speed line "
            "(slow_hours) follows the 24-hour quote rate in " + RFQ_SCORE_PAGE + "; the return "
            "reasons in the remedies follow " + RETURN_REASONS_PAGE + ".",
            zh="“大部分”（超过一半）和每周复盘来自文章；最少3条报价和48小时宽限期是 diagrules 默认值；"
            "24小时报价速度线（`slow_hours`）依据阿里RFQ市场表现分的24小时报价率；补救措施中的退回原因依据阿里RFQ帮助页。",
        ),
    ),
)
def rfq_quotes_ignored(ctx: RuleContext, p: QuoteFeedbackParams) -> Iterator[Finding]:
    week = _judge_week(ctx, p, ignored_share, RFQ_QUOTE_IGNORED_SHARE, RFQ_QUOTE_IGNORED_SHARE_PREV)
    if week.value <= p.max_ignored_share:
        return
    hours = ctx.get(RFQ_QUOTE_MEDIAN_HOURS) if week.review is None else median_hours(week.review.judged)
    fixes: list[Remedy]
    if hours is None:
        why, fixes = "unknown", [_SPEED_FIX, _CONTENT_FIX, _TARGET_FIX, _REVIEW_FIX]
    elif hours > p.slow_hours:
        why, fixes = "slow", [_SPEED_FIX, _CONTENT_FIX, _REVIEW_FIX]
    else:
        why, fixes = "fast", [_CONTENT_FIX, _TARGET_FIX, _REVIEW_FIX]
    message, details, values = _week_finding(p, week, _IGNORED_HEAD, _IGNORED_WHY[why])
    if hours is not None:
        details["median_quote_hours"] = hours
        values["hours"] = Quantity(hours, "hours")
    yield ctx.finding(observed=week.value, threshold=p.max_ignored_share, comparison="<=",
                      message=message, remedies=fixes, details=details, **values)


# -- RFQ006 buyer reply rate ----------------------------------------------------------------------


_REPLY_HEAD = {
    True: text(
        en="Buyers replied to {observed} of the {quotes} quotes judged for {window_en}, below "
        "{threshold}",
        zh="{window_zh}可判断的 {quotes} 条报价中，买家回复率为 {observed}，低于 {threshold}",
    ),
    False: text(
        en="Buyers replied to {observed} of this week's {quotes} quotes, below {threshold}",
        zh="本周 {quotes} 条报价的买家回复率为 {observed}，低于 {threshold}",
    ),
}
_END = text(en=".", zh="。")


class ReplyParams(ReviewParams):
    """The buyer reply share below which the quote template needs a review."""

    min_reply_share: float = Field(
        0.10, ge=0, le=1,
        description="Lowest acceptable share of quotes the buyer replied to. diagrules default: "
        "article 004 says to review the reply rate weekly but gives no figure.",
        json_schema_extra={"zh": "买家已回复的报价占比的可接受下限。diagrules 默认值：文章004要求每周复盘回复率，但没有给出数值。"},
    )


@rule(
    "RFQ006", "rfq-buyer-reply-rate-low",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq",
    requires=[RFQ_QUOTES_7D], uses=[RFQ_QUOTE_REPLY_SHARE, RFQ_QUOTE_REPLY_SHARE_PREV],
    params=ReplyParams, unit="ratio",
    title=text(en="Few buyers reply to RFQ quotes", zh="RFQ报价买家回复率低"),
    message=_join(_REPLY_HEAD[False], _END),
    remedies=[
        remedy(
            "Put the quotes buyers replied to next to those they ignored and copy what the "
            "replied ones had (price-tier table, real photos, lead time) into the quote template.",
            "把买家回复过的报价和没回复的放在一起对比，把前者的要素（阶梯价格表、实拍图、交期）写进报价模板。",
            basis="diagrules", priority=1, effort=Effort.MEDIUM,
        ),
        remedy(
            "End every quote with one concrete question (target price, destination port, "
            "packaging) so the buyer has a reason to answer.",
            "每条报价结尾提一个具体问题（目标价、目的港、包装要求），给买家一个回复的理由。",
            basis="diagrules", priority=2,
        ),
        remedy(
            "Follow up once by TM 2–3 days after quoting, with one new piece of information "
            "(a sample offer or a freight quote).",
            "报价后2–3天通过TM跟进一次，附带一条新信息（样品方案或运费报价）。",
            basis="diagrules", priority=2,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="In the weekly review (the same week, grace period and minimum as RFQ005), the "
            "share of judged quotes the buyer replied to is below the minimum (default 10%).",
            zh="每周复盘中（复盘周、宽限期和最少报价数与 RFQ005 相同），可判断的报价里买家已回复的占比低于下限（默认10%）。",
        ),
        why=text(
            en="The reply rate is the other half of the weekly quote review: quotes that are "
            "viewed but never answered point at the offer itself, not its speed.",
            zh="买家回复率是每周报价复盘的另一半：被查看却没有回复，问题在报价本身而不在速度。",
        ),
        source=OWN_FLOOR_WITH_ARTICLE_004, as_of=OWN_DEFAULT_DATE,
        official=False, threshold_basis="diagrules",
        notes=text(
            en="The 10% floor is this project's assumption; no article or official page gives one. "
            "Raise it in [rules.RFQ006] once you know your category's usual reply rate.",
            zh="10%下限是本项目的假设，文章和官方页面都没有给出数字；了解本类目的常见回复率后可在 "
            "[rules.RFQ006] 中调整。",
        ),
    ),
)
def rfq_buyer_reply_rate_low(ctx: RuleContext, p: ReplyParams) -> Iterator[Finding]:
    week = _judge_week(ctx, p, replied_share, RFQ_QUOTE_REPLY_SHARE, RFQ_QUOTE_REPLY_SHARE_PREV)
    if week.value < p.min_reply_share:
        message, details, values = _week_finding(p, week, _REPLY_HEAD, _END)
        yield ctx.finding(observed=week.value, threshold=p.min_reply_share, comparison=">=",
                          message=message, details=details, **values)
