"""AEG001–AEG002: the seven abilities, read from the ``aliexpress-growth`` scorecard result.

They follow the store's category benchmark automatically, since the scorecard does.
"""

from __future__ import annotations

from collections.abc import Iterator

from diagrules import (
    Finding,
    Params,
    Quantity,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    param,
    rule,
    text,
)
from diagrules.builtin.aliexpress.abilities import ABILITY_BY_ID
from diagrules.builtin.aliexpress.losses import (
    action_for,
    metric_list,
    points_lost,
    scores_or_skip,
)
from diagrules.builtin.aliexpress.model import (
    ARTICLE_002,
    ARTICLE_002_DATE,
    OUR_BANDS,
    PLATFORM,
    cite,
)
from diagrules.builtin.aliexpress.scorecard import MODEL_BASIS

# -- AEG001 / AEG002: abilities ---------------------------------------------------------------


class WeakestAbilityParams(Params):
    """AEG001's marks; the descriptions are in the fields so that both languages have them."""

    pass_score: float = param(60.0, en="the ability score below which the weakest ability is reported",
                              zh="能力得分低于此值时报告短板能力", ge=0, le=100)
    error_score: float = param(40.0, en="below this score the finding is an error",
                               zh="低于此分时为错误级别", ge=0, le=100)
    top: int = param(3, en="how many of the ability's costliest metrics to name",
                     zh="列出该能力中失分最多的前几个指标", ge=1)


@rule(
    "AEG001", "weakest-ability",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", params=WeakestAbilityParams,
    unit="score",
    title=text(en="Weakest ability below pass", zh="短板能力低于及格分"),
    doc=RuleDoc(
        what=text(
            en="Reports the lowest-scoring of the seven abilities when it scores below the pass "
            "mark (default 60; an error below 40), naming the three metrics that cost it the most "
            "points, their actions and the ability's guide. AEG002 leaves this ability to it.",
            zh="七大能力中得分最低的一项低于及格分（默认60；低于40为错误）时报告，并列出失分最多的三个指标、"
            "它们的改进动作和该能力的提升指南。AEG002 不再重复报告这一能力。",
        ),
        why=text(
            en="AliExpress's merchant-growth system finds each seller's weakest ability and gives "
            "an improvement guide for it; fixing the weakest ability moves the overall level most.",
            zh="速卖通商家成长体系会找出卖家的运营短板并给出提升指南；补短板对整体分层提升最大。",
        ),
        source=cite(ARTICLE_002, OUR_BANDS),
        as_of=ARTICLE_002_DATE,
        official=False,
        threshold_basis="diagrules",
        notes=MODEL_BASIS,
    ),
)
def weakest_ability(ctx: RuleContext, p: WeakestAbilityParams) -> Iterator[Finding]:
    result = scores_or_skip(ctx)
    dim = result.dimension(result.weakest) if result.weakest else None
    if dim is None or dim.score is None or dim.score >= p.pass_score:
        return
    ability = ABILITY_BY_ID[dim.dimension]
    losses = points_lost(dim)[: p.top]
    message = text(
        en=f"The weakest ability is {ability.label.en}: {{observed}}/100, below the pass mark of "
        f"{{threshold}}. Most points lost: {metric_list(losses, 'en')}.",
        zh=f"短板能力是{ability.label.zh}：{{observed}}/100，低于及格分 {{threshold}}。"
        f"失分最多：{metric_list(losses, 'zh')}。",
    )
    yield ctx.finding(
        observed=dim.score, threshold=p.pass_score, comparison=">=",
        severity=Severity.ERROR if dim.score < p.error_score else None,
        message=message,
        remedies=[*(action_for(m.metric, rank) for rank, (m, _) in enumerate(losses)), *ability.guide],
        details={
            "ability": dim.dimension,
            "coverage": dim.coverage,
            "metrics": [
                {"metric": m.metric, "value": m.value, "score": m.score, "points_lost": points}
                for m, points in losses
            ],
        },
    )


class AbilityBelowPassParams(Params):
    """AEG002's marks; the descriptions are in the fields so that both languages have them."""

    pass_score: float = param(60.0, en="a warning below this ability score", zh="能力得分低于此值时给出警告",
                              ge=0, le=100)
    error_score: float = param(40.0, en="an error below this ability score", zh="能力得分低于此值时为错误级别",
                               ge=0, le=100)


@rule(
    "AEG002", "ability-below-pass",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", params=AbilityBelowPassParams,
    unit="score",
    title=text(en="Ability score below pass", zh="能力分低于及格分"),
    doc=RuleDoc(
        what=text(
            en="One finding per ability scoring below the pass mark (default 60); an error below "
            "40. The weakest ability is AEG001's finding, not repeated here; when it is the only "
            "one below pass this rule is skipped and says so. Abilities with too little data "
            "have no score and are not judged.",
            zh="每个低于及格分（默认60）的能力一条发现；低于40为错误。最弱的能力由 AEG001 报告，这里不重复；"
            "若只有它不及格，本规则跳过并说明。数据不足、没有得分的能力不做判断。",
        ),
        why=text(
            en="Merchants are layered by ability and platform rights are matched to the layer; an "
            "ability below pass holds the whole store back.",
            zh="平台按能力对商家分层并匹配权益；任何一项能力不及格都会拖累整个店铺。",
        ),
        source=cite(ARTICLE_002, OUR_BANDS),
        as_of=ARTICLE_002_DATE,
        official=False,
        threshold_basis="diagrules",
        notes=MODEL_BASIS,
    ),
)
def ability_below_pass(ctx: RuleContext, p: AbilityBelowPassParams) -> Iterator[Finding]:
    result = scores_or_skip(ctx)
    below = [d for d in result.dimensions if d.score is not None and d.score < p.pass_score]
    others = [d for d in below if d.dimension != result.weakest]
    if below and not others:
        weakest = ABILITY_BY_ID[below[0].dimension].label
        raise Skip(text(
            en=f"the only ability below pass is the weakest one ({weakest.en}): reported by AEG001",
            zh=f"唯一不及格的能力就是短板能力（{weakest.zh}），已由 AEG001 报告",
        ))
    for dim in others:
        assert dim.score is not None
        ability = ABILITY_BY_ID[dim.dimension]
        yield ctx.finding(
            observed=dim.score, threshold=p.pass_score, comparison=">=",
            severity=Severity.ERROR if dim.score < p.error_score else None,
            coverage=Quantity(dim.coverage, "ratio"),
            message=text(
                en=f"{ability.label.en} scores {{observed}}/100, below the pass mark of {{threshold}} "
                "({coverage} of its metrics present).",
                zh=f"{ability.label.zh}得分 {{observed}}/100，低于及格分 {{threshold}}（指标覆盖 {{coverage}}）。",
            ),
            remedies=ability.guide,
            details={"ability": dim.dimension, "coverage": dim.coverage},
        )
