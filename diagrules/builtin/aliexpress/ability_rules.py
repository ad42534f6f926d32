"""AEG001–AEG002: the seven abilities, read from the ``aliexpress-growth`` scorecard result.

They follow the store's category benchmark automatically, since the scorecard does.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from diagrules import (
    Finding,
    Params,
    RuleContext,
    RuleDoc,
    Severity,
    rule,
    text,
)
from diagrules.builtin.aliexpress.abilities import ABILITY_BY_ID
from diagrules.builtin.aliexpress.losses import (
    _show,
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
)

# -- AEG001 / AEG002: abilities ---------------------------------------------------------------


class WeakestAbilityParams(Params):
    """``pass_score``: the ability score below which the weakest ability is reported;
    ``top``: how many of its costliest metrics to name."""

    pass_score: float = Field(default=60.0, ge=0, le=100)
    top: int = Field(default=3, ge=1)


@rule(
    "AEG001", "weakest-ability",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", params=WeakestAbilityParams,
    unit="score",
    title=text(en="Weakest ability (短板) below pass", zh="短板能力未达及格"),
    doc=RuleDoc(
        what=text(
            en="Reports the lowest-scoring of the seven abilities when it scores below the pass "
            "mark (default 60), naming the three metrics that cost it the most points and their "
            "actions.",
            zh="七大能力中得分最低的一项低于及格分（默认60）时报告，并列出失分最多的三个指标及其改进动作。",
        ),
        why=text(
            en="AliExpress's merchant-growth system finds each seller's weakest ability and gives "
            "an improvement guide for it; fixing the weakest ability moves the overall level most.",
            zh="速卖通商家成长体系会找出卖家的运营短板并给出提升指南；补短板对整体分层提升最大。",
        ),
        source=f"{ARTICLE_002}; {OUR_BANDS}",
        as_of=ARTICLE_002_DATE,
        official=False,
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
        observed=dim.score, threshold=p.pass_score, comparison=">=", item=dim.dimension,
        message=message,
        remedies=[action_for(m.metric, rank) for rank, (m, _) in enumerate(losses)],
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
    """``pass_score``: warn below it; ``error_score``: error below it."""

    pass_score: float = Field(default=60.0, ge=0, le=100)
    error_score: float = Field(default=40.0, ge=0, le=100)


@rule(
    "AEG002", "ability-below-pass",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", params=AbilityBelowPassParams,
    unit="score",
    title=text(en="Ability score below pass", zh="能力分未达及格"),
    doc=RuleDoc(
        what=text(
            en="One finding per ability scoring below the pass mark (default 60); an error below "
            "40. Abilities with too little data have no score and are not judged.",
            zh="每个低于及格分（默认60）的能力一条发现；低于40为错误。数据不足、没有得分的能力不做判断。",
        ),
        why=text(
            en="Merchants are layered by ability and platform rights are matched to the layer; an "
            "ability below pass holds the whole store back.",
            zh="平台按能力对商家分层并匹配权益；任何一项能力不及格都会拖累整个店铺。",
        ),
        source=f"{ARTICLE_002}; {OUR_BANDS}",
        as_of=ARTICLE_002_DATE,
        official=False,
    ),
)
def ability_below_pass(ctx: RuleContext, p: AbilityBelowPassParams) -> Iterator[Finding]:
    result = scores_or_skip(ctx)
    for dim in result.dimensions:
        if dim.score is None or dim.score >= p.pass_score:
            continue
        ability = ABILITY_BY_ID[dim.dimension]
        coverage = _show(dim.coverage, "ratio")
        yield ctx.finding(
            observed=dim.score, threshold=p.pass_score, comparison=">=", item=dim.dimension,
            severity=Severity.ERROR if dim.score < p.error_score else None,
            message=text(
                en=f"{ability.label.en} scores {{observed}}/100, below the pass mark of {{threshold}} "
                f"({coverage} of its metrics present).",
                zh=f"{ability.label.zh}得分 {{observed}}/100，低于及格分 {{threshold}}（指标覆盖 {coverage}）。",
            ),
            remedies=ability.guide,
            details={"ability": dim.dimension, "coverage": dim.coverage},
        )
