"""RFQ007–RFQ009: what the business numbers say beyond the back office's own scores (article 001):
inquiry quality, the star level against offline deals, marketing leverage."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, model_validator

from diagrules import (
    Effort,
    Finding,
    Params,
    Quantity,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    rule,
    text,
)
from diagrules.builtin.alibaba.common import (
    INQUIRIES_30D,
    remedy,
)
from diagrules.builtin.alibaba.rfq_metrics import (
    GMV_30D,
    GMV_PREV_30D,
    INQUIRIES_PREV_30D,
    MARKETING_SPEND_30D,
    OFFLINE_GMV_30D,
    STAR_LEVEL,
    TA_GMV_30D,
    offline_share,
    relative_change,
)
from diagrules.builtin.alibaba.sources import (
    ARTICLE_001,
    ARTICLE_001_DATE,
    ARTICLE_001_WITH_STAR_RULE,
    STAR_RULE_DATE,
)

# -- RFQ007 inquiry quality ------------------------------------------------------------------


class InquiryQualityParams(Params):
    """How far GMV per inquiry (the article's inquiry quality) may fall, and when it is worse."""

    min_inquiry_growth: float = Field(
        0.0, ge=0,
        description="A quality drop is the severe form (warning) when inquiries also grew by more "
        "than this against the previous period (0 = any rise): the article's 'count up, quality "
        "down'. diagrules default.",
        json_schema_extra={"zh": "询盘数比上一周期增长超过这个比例、同时询盘质量下降时，按较严重的形式（警告）报告（0 表示只要有增长）：即文章所说的“询盘数量上升、质量下降”。diagrules 默认值。"},
    )
    min_quality_drop: float = Field(
        0.10, gt=0, lt=1,
        description="Reported when GMV per inquiry fell by at least this, whatever the inquiry "
        "count did. diagrules default.",
        json_schema_extra={"zh": "单个询盘带来的 GMV 下降至少这个比例时报告，不论询盘数如何变化。diagrules 默认值。"},
    )
    warn_quality_drop: float = Field(
        0.30, gt=0, lt=1,
        description="Raised to a warning when GMV per inquiry fell by at least this, even with "
        "flat or falling inquiries. diagrules default.",
        json_schema_extra={"zh": "单个询盘带来的 GMV 下降至少这个比例时升为警告，即使询盘数持平或下降。diagrules 默认值。"},
    )

    @model_validator(mode="after")
    def _ordered(self) -> InquiryQualityParams:
        if self.warn_quality_drop < self.min_quality_drop:
            raise ValueError("warn_quality_drop must be at least min_quality_drop")
        return self


_QUALITY_FELL = text(
    en="GMV per inquiry (inquiry quality) fell from {quality_prev} to {quality} ({observed}) while "
    "inquiries went from {inquiries_prev} to {inquiries} ({inquiry_change}).",
    zh="询盘质量（成交金额/询盘）从 {quality_prev} 降到 {quality}（{observed}），询盘数从 "
    "{inquiries_prev} 变为 {inquiries}（{inquiry_change}）。",
)
_COUNT_UP_QUALITY_DOWN = text(
    en="Inquiries rose {inquiry_change} ({inquiries_prev} → {inquiries}) while GMV per inquiry "
    "(inquiry quality) fell from {quality_prev} to {quality} ({observed}): more inquiries, less "
    "business from each.",
    zh="询盘数增长 {inquiry_change}（{inquiries_prev} → {inquiries}），询盘质量（成交金额/询盘）却从 "
    "{quality_prev} 降到 {quality}（{observed}）：询盘变多，每个询盘带来的生意反而变少。",
)


@rule(
    "RFQ007", "inquiry-quality",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq",
    requires=[INQUIRIES_30D, INQUIRIES_PREV_30D, GMV_30D, GMV_PREV_30D],
    params=InquiryQualityParams, unit="change",
    title=text(en="Inquiry quality (GMV per inquiry) fell", zh="询盘质量（成交金额/询盘）下降"),
    message=_QUALITY_FELL,
    remedies=[
        remedy(
            "Stop setting inquiry-count targets for the team; review GMV per inquiry (deal value "
            "÷ inquiries) every month instead.",
            "不要再给团队定询盘数量指标，改为每月复盘询盘质量（成交金额 ÷ 询盘数）。",
            basis="source", priority=1,
        ),
        remedy(
            "Find in Data Manager which keywords, P4P plans and products brought the extra "
            "inquiries, and cut the broad keywords and plans that bring inquiries without orders.",
            "在数据管家中查出新增询盘来自哪些关键词、直通车计划和产品，砍掉只带来询盘不带来订单的宽泛词和计划。",
            basis="diagrules", priority=2, effort=Effort.MEDIUM,
        ),
        remedy(
            "Make listings self-qualifying: exact product keywords, MOQ and price range in the "
            "title and main image, so buyers who do not fit filter themselves out.",
            "让产品页自带筛选：标题和主图写明精准产品词、起订量和价格区间，让不匹配的买家自行过滤。",
            basis="diagrules", priority=2, effort=Effort.MEDIUM,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="GMV per inquiry (total deal value ÷ inquiries) fell by at least 10% against the "
            "previous 30 days, whatever the inquiry count did. A warning when inquiries rose at "
            "the same time (the article's case) or quality fell by 30% or more; information "
            "otherwise. Skipped without the previous period's figures, or when the previous "
            "period had no inquiries.",
            zh="询盘质量（总成交金额 ÷ 询盘数）较上一个30天下降至少10%，不论询盘数如何变化。询盘数同时增长"
            "（文章警示的情况）或质量降幅达30%及以上时为警告，否则为提示。缺少上一周期数据或上一周期没有询盘时跳过。",
        ),
        why=text(
            en="Chasing inquiry count invites broad, imprecise traffic; what pays is inquiry "
            "quality, measured as total deal value ÷ inquiries.",
            zh="追求询盘数量只会引来宽泛、不精准的流量；真正有用的是询盘质量，即总成交金额 ÷ 询盘数。",
        ),
        source=ARTICLE_001, as_of=ARTICLE_001_DATE, official=False, threshold_basis="diagrules",
        notes=text(
            en="The measure (GMV ÷ inquiries) is the article's; the 10%/30% drops and 'any "
            "rise' are diagrules defaults, since the article gives no figures.",
            zh="衡量方法（成交金额 ÷ 询盘）来自文章；10%/30%降幅和“任何增长”是 diagrules 默认值，文章未给出数字。",
        ),
    ),
)
def inquiry_quality(ctx: RuleContext, p: InquiryQualityParams) -> Iterator[Finding]:
    inquiries, inquiries_prev = ctx[INQUIRIES_30D], ctx[INQUIRIES_PREV_30D]
    gmv, gmv_prev = ctx[GMV_30D], ctx[GMV_PREV_30D]
    if inquiries_prev == 0:
        raise Skip(text(
            en="the previous period had no inquiries, so GMV per inquiry has nothing to compare with",
            zh="上一周期没有询盘，询盘质量无从比较",
        ))
    if inquiries == 0:
        raise Skip(text(en="no inquiries in the period, so there is no GMV per inquiry",
                        zh="本周期没有询盘，无法计算询盘质量"))
    quality, quality_prev = gmv / inquiries, gmv_prev / inquiries_prev
    drop = relative_change(quality, quality_prev)
    if drop is None or drop > -p.min_quality_drop:
        return
    growth = relative_change(inquiries, inquiries_prev)
    assert growth is not None  # inquiries_prev is not 0
    count_up = growth > p.min_inquiry_growth
    severe = count_up or drop <= -p.warn_quality_drop
    yield ctx.finding(
        observed=drop, threshold=-p.min_quality_drop, comparison=">",
        severity=Severity.WARNING if severe else Severity.INFO,
        message=_COUNT_UP_QUALITY_DOWN if count_up else _QUALITY_FELL,
        details={"gmv_per_inquiry": quality, "gmv_per_inquiry_prev": quality_prev,
                 "inquiries_change": growth, "gmv_change": relative_change(gmv, gmv_prev),
                 "inquiries_rose": count_up},
        inquiry_change=Quantity(growth, "change"), inquiries=Quantity(inquiries, "count"),
        inquiries_prev=Quantity(inquiries_prev, "count"),
        quality=Quantity(quality, "money"), quality_prev=Quantity(quality_prev, "money"),
    )


# -- RFQ008 star level vs offline business ---------------------------------------------------


_OFFLINE_WITH_STAR = text(
    en="{observed} of GMV ({offline} of {total}) is paid offline; the star level (now {star} stars) "
    "counts only the {ta} paid through Trade Assurance.",
    zh="{observed} 的成交（{total} 中的 {offline}）在线下支付；星等级（当前 {star} 星）只统计通过信保支付的 {ta}。",
)


class OfflineParams(Params):
    """How much of the business must be offline before the star level is called unrepresentative."""

    min_offline_share: float = Field(
        0.75, gt=0, le=1,
        description="Offline share of GMV from which the star level understates the business "
        "(0.75 = offline is 3× Trade Assurance). diagrules default.",
        json_schema_extra={"zh": "线下成交占 GMV 的比例达到这个值起，星等级就低估了实际业务（0.75 表示线下金额是信保的3倍）。diagrules 默认值。"},
    )


@rule(
    "RFQ008", "star-level-understates-business",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq",
    requires=[OFFLINE_GMV_30D, TA_GMV_30D], uses=[STAR_LEVEL], params=OfflineParams, unit="ratio",
    title=text(en="Star level understates the business", zh="星等级低估了实际生意"),
    message=text(
        en="{observed} of GMV ({offline} of {total}) is paid offline; the star level counts only "
        "the {ta} paid through Trade Assurance.",
        zh="{observed} 的成交（{total} 中的 {offline}）在线下支付；星等级只统计通过信保支付的 {ta}。",
    ),
    remedies=[
        remedy(
            "Do not buy or inflate Trade Assurance orders to lift the star level: under "
            "personalised matching, fake volume tags the store for the wrong buyers.",
            "不要为了星等级刷信保、冲大单：千人千面机制下，虚假成交会给店铺打上错误的人群标签。",
            basis="source", priority=1,
        ),
        remedy(
            "Report results to management with offline deals included (total GMV and GMV per "
            "inquiry), so decisions do not rest on the star level alone.",
            "向管理层汇报时包含线下成交（总成交金额、询盘质量），不要只看星等级做决策。",
            basis="diagrules", priority=2,
        ),
        remedy(
            "Before investing in stars, check the stores ranking for your main keywords: if "
            "low-star stores get as many inquiries and clicks, the star level matters little in "
            "your industry.",
            "投入星等级之前，先看主关键词下排名靠前的店铺：如果低星店铺的询盘和点击同样多，说明本行业星等级影响不大。",
            basis="diagrules", priority=2, effort=Effort.MEDIUM,
        ),
    ],
    doc=RuleDoc(
        what=text(
            en="Offline payments make up at least 75% of the GMV won through Alibaba.com (offline "
            "at least 3× Trade Assurance), so the star level, built on online TA volume, "
            "understates the business. Information, not a fault.",
            zh="线下支付占阿里国际站成交金额的至少75%（线下至少是信保的3倍），以信保线上金额为基础的星等级因此低估了实际生意。"
            "这是提示，不是问题。",
        ),
        why=text(
            en="Long-standing mid-size and large buyers often pay offline; for such a buyer mix "
            "the star level is optional, and inflating TA volume to raise it does not help.",
            zh="合作多年的中大B客户常常线下付款；对这样的客户结构，星等级可有可无，刷信保来提升它也没有用。",
        ),
        source=ARTICLE_001_WITH_STAR_RULE,
        as_of=ARTICLE_001_DATE, official=False, threshold_basis="diagrules",
        notes=text(
            en="That the star level rests on online Trade Assurance volume is from the article "
            "and the official star-level rule (" + STAR_RULE_DATE + "); the 75% line is a "
            "diagrules default.",
            zh="星等级基于信保线上金额，这一点来自文章和官方星等级规则（" + STAR_RULE_DATE + "）；75%的界线是 diagrules 默认值。",
        ),
    ),
)
def star_level_understates_business(ctx: RuleContext, p: OfflineParams) -> Iterator[Finding]:
    offline, ta = ctx[OFFLINE_GMV_30D], ctx[TA_GMV_30D]
    share = offline_share(offline, ta)
    if share is None:
        raise Skip(text(en="no GMV in the period, online or offline", zh="本周期线上线下都没有成交"))
    if share >= p.min_offline_share:
        star = ctx.get(STAR_LEVEL)
        yield ctx.finding(
            # no comparison: "expected < 75%" would read as advice to shrink the offline business
            observed=share, threshold=p.min_offline_share,
            message=None if star is None else _OFFLINE_WITH_STAR, star=star,
            details={} if star is None else {"star_level": star},
            offline=Quantity(offline, "money"), ta=Quantity(ta, "money"),
            total=Quantity(offline + ta, "money"),
        )


# -- RFQ009 marketing leverage -----------------------------------------------------------------


class LeverageParams(Params):
    """The GMV each dollar of marketing should bring."""

    min_leverage: float = Field(
        5.0, gt=0,
        description="Lowest acceptable GMV ÷ marketing spend over 30 days. diagrules default.",
        json_schema_extra={"zh": "近30天 GMV 与营销花费之比的可接受下限。diagrules 默认值。"},
    )


@rule(
    "RFQ009", "marketing-leverage",
    severity=Severity.INFO, platform="alibaba", ruleset="rfq",
    requires=[GMV_30D, MARKETING_SPEND_30D], params=LeverageParams, unit="money",
    title=text(en="Marketing spend brings little GMV", zh="营销投入产出低"),
    message=text(
        en="Each dollar of marketing brought {observed} of GMV ({gmv} on {spend}); the floor is "
        "{threshold}.",
        zh="每1美元营销费用带来 {observed} 的成交（{spend} 带来 {gmv}），低于 {threshold} 的下限。",
    ),
    remedies=[
        remedy(
            "List this month's spend by channel (P4P, top exposure, paid connections) next to the "
            "orders each brought, and cut the channels that brought none.",
            "按渠道（直通车、顶展、收费人脉）列出本月花费和各自带来的订单，停掉没有带来成交的渠道。",
            basis="diagrules", priority=1, effort=Effort.MEDIUM,
        ),
        remedy(
            "Move budget to products that already convert (Data Manager's high-conversion "
            "products) instead of broad keywords.",
            "把预算转到已经有转化的产品（数据管家中的高转化产品），而不是宽泛关键词。",
            basis="diagrules", priority=2,
        ),
        remedy(
            "Set next month's budget by GMV per dollar spent, not by inquiries or impressions.",
            "下个月的预算按每1美元带来的成交金额来定，而不是按询盘数或曝光量。",
            basis="source", priority=2,
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
            zh="营销效果要看杠杆（每单位花费带来的收入），而不是买来了多少询盘。B2B成交周期长，单月数字只是提醒你深入查看。",
        ),
        source=ARTICLE_001, as_of=ARTICLE_001_DATE, official=False, threshold_basis="diagrules",
        notes=text(
            en="Judging spend by leverage is the article's; the 5× floor is a diagrules default.",
            zh="以杠杆衡量营销费用来自文章；5倍下限是 diagrules 默认值。",
        ),
    ),
)
def marketing_leverage(ctx: RuleContext, p: LeverageParams) -> Iterator[Finding]:
    gmv, spend = ctx[GMV_30D], ctx[MARKETING_SPEND_30D]
    if spend == 0:
        raise Skip(text(en="no marketing spend in the period, so there is no leverage to judge",
                        zh="本周期没有营销花费，无从判断营销杠杆"))
    leverage = gmv / spend
    if leverage < p.min_leverage:
        yield ctx.finding(observed=leverage, threshold=p.min_leverage, comparison=">=",
                          gmv=Quantity(gmv, "money"), spend=Quantity(spend, "money"))


