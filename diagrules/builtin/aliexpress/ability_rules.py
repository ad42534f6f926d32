"""AEG001–AEG002: the seven abilities, read from the ``aliexpress-growth`` scorecard result.

They follow the store's category benchmark automatically, since the scorecard does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from diagrules import (
    DimensionScore,
    Finding,
    MetricScore,
    Params,
    Quantity,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    StoreColumns,
    VectorFindings,
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
from diagrules.builtin.aliexpress.scorecard import GROWTH_SCORECARD, MODEL_BASIS, SCORECARD_ID

# -- AEG001 / AEG002: abilities ---------------------------------------------------------------


class WeakestAbilityParams(Params):
    """AEG001's marks; the descriptions are in the fields so that both languages have them."""

    pass_score: float = param(60.0, en="the ability score below which the weakest ability is reported",
                              zh="能力得分低于此值时报告短板能力", ge=0, le=100)
    error_score: float = param(40.0, en="below this score the finding is an error",
                               zh="低于此分时为错误级别", ge=0, le=100)
    top: int = param(3, en="how many of the ability's costliest metrics to name",
                     zh="列出该能力中失分最多的前几个指标", ge=1)


# -- the same two rules over a column of stores (the fleet path) --------------------------------

_DIMENSIONS = {d.id: d for d in GROWTH_SCORECARD.dimensions}


def _weakest(dims: list[tuple[str, Any, Any]]) -> Any:
    """Per store, the index of the lowest-scoring dimension (the first of equals; -1 if none)."""
    import numpy as np

    best = np.full(len(dims[0][1]), np.inf)
    which = np.full(len(dims[0][1]), -1)
    for j, (_, score, _) in enumerate(dims):
        lower = score < best
        best = np.where(lower, score, best)
        which = np.where(lower, j, which)
    return which


def _losses(cols: StoreColumns, dimension: str) -> Any:
    """``points_lost(dim)`` of every store as a function of its row, from the metric columns."""
    metrics = [(m, cols.scored(SCORECARD_ID, m.metric), cols.values(m.metric)) for m in _DIMENSIONS[dimension].metrics]

    def of(row: int) -> list[tuple[MetricScore, float]]:
        present = []
        for m, scored, values in metrics:
            score = None if scored is None else float(scored[0][row])
            if score is not None and score == score:
                present.append(MetricScore(m.metric, float(values[row]), score, m.weight))
        return points_lost(DimensionScore(dimension, _DIMENSIONS[dimension].label, None, 0.0, 0.0, present))

    return of


def _weakest_vector(cols: StoreColumns, p: WeakestAbilityParams) -> VectorFindings:
    import numpy as np

    dims = cols.dimensions(SCORECARD_ID)
    if dims is None:
        return VectorFindings(rows=[], observed=[], declined=range(cols.size))
    which = _weakest(dims)
    scores = np.stack([score for _, score, _ in dims]) if dims else np.zeros((0, cols.size))
    best = np.where(which >= 0, scores[np.maximum(which, 0), np.arange(cols.size)], np.nan)
    rows = np.flatnonzero((which >= 0) & (best < p.pass_score))
    observed: list[float] = best[rows].tolist()
    ids = [dims[j][0] for j in which[rows].tolist()]
    losers = {d: _losses(cols, d) for d in set(ids)}
    losses = [losers[d](row)[: p.top] for d, row in zip(ids, rows.tolist(), strict=True)]
    return VectorFindings(
        rows=rows.tolist(), observed=observed, threshold=p.pass_score, comparison=">=",
        severity=[Severity.ERROR if s < p.error_score else None for s in observed],
        message=_WEAKEST_MESSAGE,
        texts={"ability": lambda lang: [ABILITY_BY_ID[d].label.get(lang) for d in ids],
               "losses": lambda lang: [metric_list(lost, lang) for lost in losses]},
    )


#: AEG001's message with its two per-store parts as placeholders (neither holds a brace).
_WEAKEST_MESSAGE = text(
    en="The weakest ability is {ability}: {observed}/100, below the pass mark of {threshold}. "
    "Most points lost: {losses}.",
    zh="短板能力是{ability}：{observed}/100，低于及格分 {threshold}。失分最多：{losses}。",
)


@rule(
    "AEG001", "weakest-ability",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", params=WeakestAbilityParams,
    unit="score", vector=_weakest_vector,
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


def _below_pass_vector(cols: StoreColumns, p: AbilityBelowPassParams) -> VectorFindings:
    import numpy as np

    dims = cols.dimensions(SCORECARD_ID)
    if dims is None:
        return VectorFindings(rows=[], observed=[], declined=range(cols.size))
    which = _weakest(dims)
    below = np.stack([score < p.pass_score for _, score, _ in dims], axis=1)  # store × dimension
    others = below & (np.arange(len(dims))[None, :] != which[:, None])
    rows, js = np.nonzero(others)  # row-major: store by store, dimensions in order
    observed = [float(dims[j][1][r]) for r, j in zip(rows.tolist(), js.tolist(), strict=True)]
    coverage = [float(dims[j][2][r]) for r, j in zip(rows.tolist(), js.tolist(), strict=True)]
    ids = [dims[j][0] for j in js.tolist()]
    return VectorFindings(
        rows=rows.tolist(), observed=observed, threshold=p.pass_score, comparison=">=",
        severity=[Severity.ERROR if s < p.error_score else None for s in observed],
        message=_BELOW_PASS_MESSAGE, values={"coverage": coverage}, units={"coverage": "ratio"},
        texts={"ability": lambda lang: [ABILITY_BY_ID[d].label.get(lang) for d in ids]},
    )


#: AEG002's message with the ability's label as a placeholder (labels hold no brace).
_BELOW_PASS_MESSAGE = text(
    en="{ability} scores {observed}/100, below the pass mark of {threshold} ({coverage} of its metrics present).",
    zh="{ability}得分 {observed}/100，低于及格分 {threshold}（指标覆盖 {coverage}）。",
)


@rule(
    "AEG002", "ability-below-pass",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg", params=AbilityBelowPassParams,
    unit="score", vector=_below_pass_vector,
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
