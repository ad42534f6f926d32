"""RFQ001–RFQ004: the daily and weekly service checks of article 004 (to-do list, response rate,
RFQ market performance, e-commerce service score)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from diagrules import (
    Effort,
    Finding,
    Metric,
    Params,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    StoreColumns,
    Text,
    VectorFindings,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import (
    remedy,
)
from diagrules.builtin.alibaba.rfq_metrics import (
    ECOMMERCE_SERVICE_SCORE,
    RESPONSE_RATE,
    RFQ_MARKET_PERFORMANCE_SCORE,
    RFQ_PEER_BEAT_SHARE,
    TODO_PAID_CONNECTIONS,
    TODO_RECOMMENDED_BUYERS,
    TODO_UNHANDLED_INQUIRIES,
)
from diagrules.builtin.alibaba.sources import (
    ARTICLE_004,
    ARTICLE_004_DATE,
    RFQ_SCORE_PAGE,
)

# -- RFQ001 today's to-do list ------------------------------------------------------------------


class TodoParams(Params):
    """How many open items each judged to-do may keep (the article: zero)."""

    max_open: int = Field(
        0, ge=0,
        description="Largest acceptable count for unhandled inquiries, recommended buyers and "
        "paid connections. Article 004: all must be cleared (0).",
        json_schema_extra={"zh": "未处理询盘、推荐买家和付费连接各自可接受的最大条数。文章004：全部都要清零（0）。"},
    )


_TODOS: tuple[tuple[Metric, Text, Remedy], ...] = (
    (
        TODO_UNHANDLED_INQUIRIES,
        text(en="Today's to-do list is not cleared: {observed} unhandled inquiries.",
             zh="今日待办未清零：待处理询盘 {observed} 条。"),
        remedy(
            "Reply to every unhandled inquiry today; reject or report spam within 24 hours "
            "instead of deleting it, so it counts as handled.",
            "今天回复所有待处理询盘；垃圾询盘在24小时内拒绝或举报（不要删除），这样才计为已处理。",
            basis="source", priority=1,
            effect=text(en="Protects the response rate and the buyers already waiting.",
                        zh="保住回复率，不流失正在等待的买家。"),
        ),
    ),
    (
        TODO_RECOMMENDED_BUYERS,
        text(en="Today's to-do list is not cleared: {observed} recommended buyers not contacted.",
             zh="今日待办未清零：推荐买家 {observed} 个未跟进。"),
        remedy(
            "Go through the recommended buyers today: send a tailored offer (main product, price "
            "range, MOQ) to those who fit your range and dismiss the rest.",
            "今天处理完推荐买家：与主营产品匹配的发送针对性报价（主推产品、价格区间、起订量），不匹配的直接忽略。",
            basis="source", priority=2,
        ),
    ),
    (
        TODO_PAID_CONNECTIONS,
        text(en="Today's to-do list is not cleared: {observed} paid connections not worked.",
             zh="今日待办未清零：收费人脉 {observed} 个未跟进。"),
        remedy(
            "Contact every paid connection today with a short, specific message: they are "
            "already paid for, and an untouched contact is wasted budget.",
            "今天逐个联系收费人脉，发简短且有针对性的开发信：这些人脉已经付费，不跟进就是浪费预算。",
            basis="source", priority=2,
        ),
    ),
)

_TODO_HABIT = remedy(
    "Make clearing the to-do list the first task of every working day and give each to-do type "
    "an owner; pending orders and unread RFQs may stay open.",
    "把清空今日待办作为每个工作日的第一件事，每类待办指定负责人；待处理订单和未读RFQ可以保留。",
    basis="source", priority=3,
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
            en="Reports each to-do in today's list that is not at zero, except pending "
            "orders and unread RFQs: unhandled inquiries, recommended buyers, paid connections. "
            "One finding per open to-do; skipped when none of the three counts is given.",
            zh="今日待办中除待处理订单和未读RFQ外，待处理询盘、推荐买家、收费人脉任一项不为零即报告，"
            "每项一条；三项都未提供时跳过。",
        ),
        why=text(
            en="An open to-do is a buyer or a paid lead nobody is working on; a cleared list "
            "is the first sign that the team runs the store efficiently.",
            zh="未清零的待办就是没人跟进的买家或已付费的线索；待办清零是团队高效运营店铺的第一个标志。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False, threshold_basis="source",
        notes=text(
            en="Threshold 0 (max_open) from the article; no official page states it.",
            zh="阈值0（`max_open`）来自文章，无官方页面说明。",
        ),
    ),
)
def todo_not_cleared(ctx: RuleContext, p: TodoParams) -> Iterator[Finding]:
    given = [(m, msg, fix) for m, msg, fix in _TODOS if m in ctx]
    if not given:
        names = [m.name for m, _, _ in _TODOS]
        labels = "、".join(m.label.get("zh") if m.label else m.name for m, _, _ in _TODOS)
        raise Skip(text(en="none of the to-do counts is given (" + ", ".join(names) + ")",
                        zh=f"今日待办的各项计数都没有提供（{labels}）"), missing=names)
    for metric, message, fix in given:
        count = ctx[metric]
        if count > p.max_open:
            yield ctx.finding(
                # the to-do is named in the message; as an item its internal name would show
                observed=count, threshold=p.max_open, comparison="<=", details={"todo": metric.name},
                message=message, remedies=[fix, _TODO_HABIT],
            )


# -- RFQ002 response rate ------------------------------------------------------------------------


class ResponseRateParams(Params):
    """``min_rate``: the lowest acceptable response rate (0–1)."""

    min_rate: float = Field(
        0.95, ge=0, le=1, description="Lowest acceptable response rate. Article 004: 95%.",
        json_schema_extra={"zh": "可接受的最低回复率。文章004：95%。"},
    )


def _response_rate_vector(cols: StoreColumns, p: ResponseRateParams) -> VectorFindings:
    """RFQ002 over a column of stores (the fleet path)."""
    import numpy as np

    rate = cols.values(RESPONSE_RATE)
    rows = np.flatnonzero(rate < p.min_rate)
    return VectorFindings(rows=rows.tolist(), observed=rate[rows].tolist(), threshold=p.min_rate, comparison=">=")


@rule(
    "RFQ002", "response-rate-low",
    severity=Severity.ERROR, platform="alibaba", ruleset="rfq",
    requires=[RESPONSE_RATE], params=ResponseRateParams, vector=_response_rate_vector,
    title=text(en="Response rate below target", zh="回复率未达标"),
    message=text(
        en="Response rate is {observed}, below the {threshold} target.",
        zh="回复率为 {observed}，低于 {threshold} 的目标。",
    ),
    remedies=[
        Remedy(
            text(
                en="Answer every open inquiry today, then reply to new inquiries within 24 hours "
                "and to TradeManager messages within 1 hour.",
                zh="今天回复所有未处理询盘；此后询盘24小时内、TM消息1小时内回复。",
            ),
            basis="source", priority=1, effort=Effort.LOW,
            effect=text(en="Response rate recovers within the 30-day window.",
                        zh="回复率在30天统计周期内回升。"),
        ),
        Remedy(
            text(
                en="Set up a weekend and holiday rota (or mobile app alerts) so that no inquiry "
                "waits more than 24 hours.",
                zh="安排周末和节假日值班（或开启手机App提醒），确保询盘不超过24小时未回复。",
            ),
            basis="diagrules", priority=2, effort=Effort.MEDIUM,
        ),
        Remedy(
            text(
                en="Reject or report spam inquiries within 24 hours instead of deleting them: "
                "handled spam counts as answered, deleted spam does not.",
                zh="垃圾询盘在24小时内拒绝或举报，不要直接删除：处理过的计入已回复，删除的不计。",
            ),
            basis="source", priority=2, effort=Effort.LOW,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="The store's response rate is below the target (default 95%).",
            zh="店铺回复率（及时回复率）低于目标值（默认95%）。",
        ),
        why=text(
            en="Buyers can sort suppliers by response rate; below 95% a store falls behind even "
            "P4P listings, and buyers read slow replies as poor service.",
            zh="买家可以按回复率给供应商排序；低于95%的店铺甚至排在直通车产品之后，回复慢也被买家视为服务差。",
        ),
        source=ARTICLE_004,
        as_of=ARTICLE_004_DATE,
        official=False, threshold_basis="source",
        notes=text(
            en="The 95% target is the article's; the 24 h / 1 h reply windows and the spam "
            "handling in the remedies follow Alibaba's response-rate FAQ (copy at "
            "5282e.com/ensupplier/faq_detail/24226326.htm).",
            zh="95%目标来自文章；补救措施中的24小时/1小时回复时限和垃圾询盘处理方式依据阿里回复率FAQ"
            "（副本见 `5282e.com/ensupplier/faq_detail/24226326.htm`）。",
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
        json_schema_extra={"zh": "RFQ市场表现分需要超过的同行比例。文章004：80%。"},
    )


@rule(
    "RFQ003", "rfq-peer-performance-low",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    requires=[RFQ_PEER_BEAT_SHARE], uses=[RFQ_MARKET_PERFORMANCE_SCORE], params=PeerParams,
    title=text(en="RFQ market performance below the peer target", zh="RFQ市场表现未达同行目标"),
    message=text(
        en="RFQ market performance beats {observed} of peers; the target is at least {threshold}.",
        zh="RFQ市场表现打败 {observed} 的同行，目标是至少 {threshold}。",
    ),
    remedies=[
        remedy(
            "Quote new RFQs within 24 hours of posting: the 24-hour quote rate and the average "
            "quote time are part of the market-performance score.",
            "新RFQ在发布后24小时内报价：24小时报价率和平均报价时长都计入市场表现分。",
            basis="source", priority=1,
        ),
        remedy(
            "Log in to the RFQ marketplace every working day and use the month's whole quote "
            "quota: login days and quote count are scored too.",
            "每个工作日登录RFQ市场，用完当月全部报价权益：登录天数和报价数量同样计分。",
            basis="source", priority=2,
        ),
        remedy(
            "Follow up the buyers who replied to a quote; when one orders, place the order "
            "through the RFQ entry so it counts in the score. Real orders only: article 001 "
            "warns that inflated Trade Assurance volume tags the store for the wrong buyers.",
            "跟进回复了报价的买家；买家下单时通过RFQ入口下单，这类订单计入市场表现分。只做真实订单："
            "文章001提醒，虚假的信保成交会给店铺打上错误的买家标签。",
            basis="source", priority=2, effort=Effort.MEDIUM,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="The RFQ market-performance score beats fewer peers than the target (default 80%).",
            zh="RFQ市场表现分打败同行的比例低于目标（默认80%）。",
        ),
        why=text(
            en="The score shows whether the team takes RFQ seriously; a higher score also brings "
            "bonus quotes and priority on good RFQs.",
            zh="这个分数反映团队是否重视RFQ；分数越高，奖励报价权益越多，优质RFQ的优先权也越大。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False, threshold_basis="source",
        notes=text(
            en="The 80% target is the article's; no official page gives it. The score's factors "
            "used in the remedies come from " + RFQ_SCORE_PAGE + ".",
            zh="80%目标来自文章，无官方出处；补救措施中的评分因素来自阿里RFQ帮助页（市场表现分）。",
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
        json_schema_extra={"zh": "新卖家或新业务员的目标分。文章004：先以60分为目标。"},
    )
    established_target: float = Field(
        80, ge=0, le=100,
        description="Target for an established seller; also used when seller_stage is not "
        "given. Article 004: 80.",
        json_schema_extra={"zh": "成熟卖家的目标分；未提供卖家阶段时也按这个目标判断。文章004：80分。"},
    )


_SERVICE_MESSAGES = {
    "new": text(
        en="E-commerce service score is {observed}, below {threshold}, the first goal for a new "
        "seller (then aim for {next_target}).",
        zh="电商服务分为 {observed}，低于新卖家的第一个小目标 {threshold} 分（之后争取 {next_target} 分）。",
    ),
    "established": text(
        en="E-commerce service score is {observed}, below the {threshold} target for established "
        "sellers.",
        zh="电商服务分为 {observed}，低于成熟卖家 {threshold} 分的目标。",
    ),
    None: text(
        en="E-commerce service score is {observed}, below the {threshold} target for established "
        "sellers (seller stage not given, so the established target applies; set "
        '`seller_stage = "new"` in the store file for a new store).',
        zh="电商服务分为 {observed}，低于成熟卖家 {threshold} 分的目标（未提供卖家阶段，按成熟卖家目标判断；"
        '新店请在店铺文件中设置 `seller_stage = "new"`）。',
    ),
}


@rule(
    "RFQ004", "ecommerce-service-score-low",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    requires=[ECOMMERCE_SERVICE_SCORE], params=ServiceScoreParams,
    title=text(en="E-commerce service score below the stage target", zh="电商服务分未达阶段目标"),
    message=_SERVICE_MESSAGES["established"],
    remedies=[
        remedy(
            "Open the service score (the four circles on the My Alibaba home page), note the "
            "lowest circle and give one person the job of lifting it this week.",
            "打开后台首页的电商服务分（四个圈圈），记下最低的一项，本周指定一人负责提升。",
            basis="diagrules", priority=1,
        ),
        remedy(
            "Open the detail page of each circle below target and work through the items it "
            "lists as losing points, starting with those you can fix today.",
            "逐个打开未达标圈圈的详情页，按其中列出的扣分项处理，先做今天就能完成的。",
            basis="diagrules", priority=2, effort=Effort.MEDIUM,
        ),
        remedy(
            "Write the score into the weekly checklist and compare it after the next data "
            "refresh, so the team sees whether the actions worked.",
            "把分数记入每周检查表，下次数据更新后对比，让团队看到改进是否有效。",
            basis="diagrules", priority=3,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="The e-commerce service score is below the target for the seller's stage: 60 for "
            "a new seller, 80 for an established one. Without a seller_stage the established "
            "target applies and the finding says so.",
            zh="电商服务分低于所处阶段的目标：新卖家60分，成熟卖家80分。未提供卖家阶段（`seller_stage`）时按成熟卖家"
            "目标判断，并在结果中说明。",
        ),
        why=text(
            en="The score summarises day-to-day service; a new seller should first reach 60 and "
            "then push for 80, which is the bar for any store past its first months.",
            zh="电商服务分概括日常服务水平；新卖家先以60分为小目标，再争取80分，做过一段时间的店铺应以80分要求自己。",
        ),
        source=ARTICLE_004, as_of=ARTICLE_004_DATE, official=False, threshold_basis="source",
        notes=text(
            en="Both targets (60/80) are the article's; no official page gives them.",
            zh="60/80两个目标都来自文章，无官方出处。",
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


