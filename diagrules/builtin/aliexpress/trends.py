"""AliExpress trend rule: an ability whose score keeps falling.

Article 002 presents the merchant growth system as seven abilities an operator works on over
time; a single low score is reported by AEG001/AEG002, but an ability that slides period after
period shows a habit slipping before it reaches the bottom band. The rule reads the recorded
ability scores (``ctx.score_series``) and needs a history to run.
"""

from __future__ import annotations

from collections.abc import Iterator

from diagrules import (
    Effort,
    Finding,
    Params,
    Quantity,
    Remedy,
    RuleContext,
    RuleDoc,
    Severity,
    Skip,
    param,
    rule,
    run_length,
    text,
)
from diagrules.builtin.aliexpress.model import ARTICLE_002, ARTICLE_002_DATE
from diagrules.builtin.aliexpress.scorecard import SCORECARD_ID


class AbilityFallingParams(Params):
    """How many consecutive falls of an ability's score make a trend."""

    periods: int = param(3, en="Consecutive falls that make a trend (diagrules' judgement).",
                         zh="连续下降多少期才算趋势（diagrules 自己的判断）。", ge=2, le=12)


@rule(
    "AEG070", "ability-score-falling",
    severity=Severity.WARNING, platform="aliexpress", ruleset="aeg", params=AbilityFallingParams,
    unit="count", history=True,
    title=text(en="Ability score falling period after period", zh="能力得分连续多期下降"),
    message=text(
        en="{ability} has fallen {observed} periods in a row ({first} → {last} points).",
        zh="{ability}已连续 {observed} 期下降（{first} → {last} 分）。",
    ),
    remedies=[
        Remedy(
            text(en="Open this ability's metrics in the report and compare them with the period before "
                 "the fall began: the metric that moved first is the habit that slipped.",
                 zh="在报告中打开这项能力的各个指标，与开始下降前的那一期对比：最先变化的指标就是松懈的那项日常工作。"),
            priority=1, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="An ability of diagrules' AliExpress growth model scored lower in each of the last N "
                  "recorded periods (default 3).",
                  zh="diagrules 速卖通成长模型中的某项能力在最近 N 个记录周期内每期得分都更低（默认 3 期）。"),
        why=text(en="Article 002 treats the seven abilities as what an operator builds over time; a steady "
                 "slide shows before the score reaches the bottom band.",
                 zh="文章002把七大能力视为需要长期经营的能力；持续下滑在得分跌入最低档之前就能看出来。"),
        source=ARTICLE_002, as_of=ARTICLE_002_DATE, official=False, threshold_basis="diagrules",
        notes=text(en="The scores are diagrules' own model built from the article, not AliExpress's; the "
                   "number of periods is diagrules' judgement.",
                   zh="得分来自 diagrules 依据文章建立的模型，并非速卖通官方评分；连续期数是 diagrules 自己的判断。"),
    ),
)
def ability_score_falling(ctx: RuleContext, p: AbilityFallingParams) -> Iterator[Finding]:
    result = ctx.score(SCORECARD_ID)
    if result is None:
        raise Skip(text(en="the growth scorecard could not be computed for this store",
                        zh="无法为该店铺计算成长评分"))
    judged = 0
    for dim in result.dimensions:
        values = ctx.score_series(SCORECARD_ID, dim.dimension)
        if len(values) < p.periods + 1:
            continue
        judged += 1
        falls = run_length(values, "falling")
        if falls >= p.periods:
            yield ctx.finding(
                observed=falls, threshold=p.periods, comparison=">=", ability=dim.label,
                first=Quantity(values[-(falls + 1)], "score"), last=Quantity(values[-1], "score"),
                details={"dimension": dim.dimension},
            )
    if not judged:
        raise Skip(text(en=f"needs {p.periods + 1} recorded periods of ability scores; the history has fewer",
                        zh=f"需要 {p.periods + 1} 期能力得分的历史记录，目前不足"), missing=["history"])


TREND_RULES = (ability_score_falling,)
