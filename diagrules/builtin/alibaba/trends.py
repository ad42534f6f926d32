"""Alibaba.com trend rules: what only a store's history can show.

Article 004 makes the store review a weekly routine (每个周去查看反馈); article 001 judges a
period by inquiry quality (总成交金额/询盘) against the period before. A single bad week is
noise; the same measure falling week after week is a trend worth acting on. These rules read
the store's recorded series (``ctx.series``) and skip, naming what is missing, when the history
is too short — a store without history is not told it has no trend.
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
from diagrules.builtin.alibaba.sources import ARTICLE_001, ARTICLE_004


class FallingParams(Params):
    """How many consecutive falls make a trend."""

    periods: int = param(3, en="Consecutive falls that make a trend (diagrules' judgement).",
                         zh="连续下降多少期才算趋势（diagrules 自己的判断）。", ge=2, le=12)


def _falls(ctx: RuleContext, metric: str, periods: int) -> tuple[int, list[float]]:
    """Consecutive falls of ``metric`` ending at this snapshot, and its series; skips the rule
    (naming what is missing) when the history is too short to see ``periods`` of them."""
    values = ctx.series(metric)
    need = periods + 1
    if len(values) < need:
        raise Skip(
            text(en=f"needs {need} recorded snapshots to see {periods} consecutive periods; the history "
                 f"has {len(values)}",
                 zh=f"需要 {need} 期历史记录才能看出连续 {periods} 期的变化，目前只有 {len(values)} 期"),
            missing=[f"history.{metric}"],
        )
    return run_length(values, "falling"), values


@rule(
    "RFQ030", "response-rate-falling",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    requires=["response_rate"], params=FallingParams, unit="ratio", history=True,
    title=text(en="Response rate falling week after week", zh="回复率连续多周下降"),
    message=text(
        en="Response rate has fallen {observed} weeks in a row ({first} → {last}).",
        zh="回复率已连续 {observed} 周下降（{first} → {last}）。",
    ),
    remedies=[
        Remedy(
            text(en="Find the week it started and who was on inquiry duty then; restore the daily "
                 "habit of clearing today's to-do list before it drops below target.",
                 zh="找出从哪一周开始下降、当时由谁负责询盘，恢复每天清空今日待办的习惯，别等跌破目标再补救。"),
            priority=1, effort=Effort.LOW, basis="diagrules",
        ),
    ],
    doc=RuleDoc(
        what=text(en="The response rate fell in each of the last N recorded weeks (default 3).",
                  zh="回复率在最近 N 个记录周内每周都下降（默认 3 周）。"),
        why=text(en="Article 004 makes the store review weekly; a rate sliding for weeks falls "
                 "below the 95% target (RFQ002) before anyone notices a single bad week.",
                 zh="文章004要求每周复盘店铺；连续多周下滑的回复率往往在没人注意时就跌破95%的目标（见 RFQ002）。"),
        source=ARTICLE_004, official=False, threshold_basis="diagrules",
        notes=text(en="The weekly cadence is the article's; counting three falls as a trend is "
                   "diagrules' own judgement.",
                   zh="每周复盘的节奏来自文章；连续三次下降视为趋势是 diagrules 自己的判断。"),
    ),
)
def response_rate_falling(ctx: RuleContext, p: FallingParams) -> Iterator[Finding]:
    falls, values = _falls(ctx, "response_rate", p.periods)
    if falls >= p.periods:
        window = values[-(falls + 1):]
        yield ctx.finding(observed=falls, threshold=p.periods, comparison=">=", unit="count",
                          first=Quantity(window[0], "ratio"), last=Quantity(window[-1], "ratio"))


@rule(
    "RFQ031", "inquiry-quality-falling",
    severity=Severity.WARNING, platform="alibaba", ruleset="rfq",
    requires=["gmv_per_inquiry"], params=FallingParams, unit="money", history=True,
    title=text(en="Inquiry quality falling period after period", zh="询盘质量连续多期下降"),
    message=text(
        en="Inquiry quality (deal amount per inquiry) has fallen {observed} periods in a row.",
        zh="询盘质量（成交金额/询盘数）已连续 {observed} 期下降。",
    ),
    remedies=[
        Remedy(
            text(en="Judge the last periods by what the inquiries turned into, not by their number: "
                 "find which keywords and products bring inquiries that never buy, and stop paying for them.",
                 zh="按询盘最终带来的成交而不是询盘数量复盘最近几期：找出带来不成交询盘的关键词和产品，停止为它们付费。"),
            priority=1, effort=Effort.MEDIUM, basis="source",
        ),
    ],
    doc=RuleDoc(
        what=text(en="Deal amount per inquiry fell in each of the last N recorded periods (default 3).",
                  zh="每个询盘带来的成交金额在最近 N 个记录周期内每期都下降（默认 3 期）。"),
        why=text(en="Article 001 measures a period by inquiry quality (total deal amount ÷ inquiries), "
                 "not by inquiry counts, which are easy to inflate.",
                 zh="文章001用询盘质量（总成交金额÷询盘数）衡量一个周期，而不是容易注水的询盘数量。"),
        source=ARTICLE_001, official=False, threshold_basis="diagrules",
        notes=text(en="The measure and the remedy are the article's; the number of periods is diagrules' judgement.",
                   zh="衡量方法与改进建议来自文章；连续期数是 diagrules 自己的判断。"),
    ),
)
def inquiry_quality_falling(ctx: RuleContext, p: FallingParams) -> Iterator[Finding]:
    falls, _ = _falls(ctx, "gmv_per_inquiry", p.periods)
    if falls >= p.periods:
        yield ctx.finding(observed=falls, threshold=p.periods, comparison=">=", unit="count")


TREND_RULES = [response_rate_falling, inquiry_quality_falling]
