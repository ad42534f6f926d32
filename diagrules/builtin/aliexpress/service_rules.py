"""AEG060: which daily-service-score components lose the most points."""

from __future__ import annotations

from collections.abc import Iterator

from diagrules import (
    Finding,
    Params,
    RuleContext,
    RuleDoc,
    Severity,
    StoreColumns,
    Text,
    VectorFindings,
    param,
    rule,
    text,
)
from diagrules.builtin.aliexpress.catalogue import BY_NAME
from diagrules.builtin.aliexpress.model import (
    OUR_BANDS,
    PLATFORM,
    SERVICE_SOURCE,
    cite,
)
from diagrules.builtin.aliexpress.scorecard import SCORECARD_ID
from diagrules.builtin.aliexpress.service import SERVICE_COMPONENTS

# -- AEG060–AEG062 ----------------------------------------------------------------------------

_SERVICE = BY_NAME["daily_service_score"]


class ServiceComponentsParams(Params):
    """AEG060's marks; the descriptions are in the fields so that both languages have them."""

    threshold: float | None = param(
        None, en="the service score below which components are examined (default: the band's pass value)",
        zh="服务分低于此值时检查各分项（默认取评分区间的及格值）",
    )
    top: int = param(3, en="how many components to name", zh="列出失分最多的前几个分项", ge=1)


def _component_losses(ctx: RuleContext) -> list[tuple[int, float, float]]:
    """(component index, value, points lost) for each component whose metric is present."""
    result = ctx.score(SCORECARD_ID)
    losses = []
    for i, c in enumerate(SERVICE_COMPONENTS):
        value = ctx.get(c.metric)
        if value is None:
            continue
        located = result.metric(c.metric) if result else None
        score = located[1].score if located is not None else None
        if score is None:
            band = c.band or BY_NAME[c.metric].scored()
            score = band.score(float(value))
        points = round(c.points * (100.0 - score) / 100.0, 2)
        if points > 0:
            losses.append((i, float(value), points))
    return sorted(losses, key=lambda x: -x[2])


def _message(top: list[tuple[int, float, float]]) -> Text:
    """The finding's message: the components losing most, or how to find out which."""
    if not top:
        return _NO_COMPONENTS
    parts_en = "; ".join(
        f"{SERVICE_COMPONENTS[i].label.en} −{pts:g} of {SERVICE_COMPONENTS[i].points:g}" for i, _, pts in top
    )
    parts_zh = "；".join(
        f"{SERVICE_COMPONENTS[i].label.zh}失 {pts:g} 分（满分 {SERVICE_COMPONENTS[i].points:g}）" for i, _, pts in top
    )
    return text(
        en=f"Daily service score {{observed}} is below the pass value {{threshold}}. Estimated points lost: {parts_en}.",
        zh=f"每日服务分为 {{observed}}，低于及格值 {{threshold}}。估算失分：{parts_zh}。",
    )


_NO_COMPONENTS = text(
    en="Daily service score {observed} is below the pass value {threshold}. Give the component metrics "
    "(DSR ratings, positive feedback, dispute and non-fulfilment rates) to see which "
    "component loses points.",
    zh="每日服务分为 {observed}，低于及格值 {threshold}。请提供各分项指标（DSR、好评率、纠纷率、成交不卖率），"
    "以便找出失分分项。",
)


def _service_vector(cols: StoreColumns, p: ServiceComponentsParams) -> VectorFindings:
    """AEG060 over a column of stores: the same threshold; the components of failing stores only."""
    import numpy as np

    scored = cols.scored(SCORECARD_ID, _SERVICE.metric)
    if scored is None:
        return VectorFindings(rows=[], observed=[], declined=range(cols.size))
    values = cols.values(_SERVICE.metric)
    threshold = p.threshold if p.threshold is not None else scored[1] or _SERVICE.pass_
    rows = np.flatnonzero(values < threshold)
    components = [(c, cols.values(c.metric), cols.scored(SCORECARD_ID, c.metric)) for c in SERVICE_COMPONENTS]
    messages = []
    for row in rows.tolist():
        losses = []
        for i, (c, given, score_of) in enumerate(components):
            value = float(given[row])
            if value != value:  # absent
                continue
            score = float(score_of[0][row]) if score_of is not None else None
            if score is None or score != score:
                score = (c.band or BY_NAME[c.metric].scored()).score(value)
            points = round(c.points * (100.0 - score) / 100.0, 2)
            if points > 0:
                losses.append((i, value, points))
        messages.append(_message(sorted(losses, key=lambda x: -x[2])[: p.top]))
    return VectorFindings(rows=rows.tolist(), observed=values[rows].tolist(), threshold=threshold,
                          comparison=">=", message=messages)


@rule(
    "AEG060", "service-score-components",
    severity=Severity.WARNING, platform=PLATFORM, ruleset="aeg",
    requires=[_SERVICE.metric], uses=[c.metric for c in SERVICE_COMPONENTS],
    params=ServiceComponentsParams, vector=_service_vector,
    title=text(en="Service score below pass: components losing points",
               zh="每日服务分未达及格：失分分项"),
    doc=RuleDoc(
        what=text(
            en="When the daily service score is below its pass value (default 80), names the "
            "components that lose the most of their points under the 8-item weighting: "
            "non-fulfilment 5, not-received disputes 5, not-as-described disputes 10, "
            "not-as-described arbitration fault 15, positive feedback 10, DSR item as described "
            "30, DSR seller service 15, DSR shipping 10. Losses are estimated from the components' "
            "metric scores.",
            zh="每日服务分低于及格值（默认80）时，按8项权重找出失分最多的分项：成交不卖率5、未收到货纠纷提起率5、"
            "货不对板纠纷提起率10、货不对板仲裁有责率15、好评率10、DSR商品描述30、DSR卖家服务15、DSR物流10。"
            "失分根据各分项指标得分估算。",
        ),
        why=text(
            en="The service score is judged daily and sets the monthly service level; the "
            "components are weighted very unequally, so the largest gap is where to start.",
            zh="服务分每日考核并决定每月服务等级；各分项权重差别很大，应从失分最多的一项入手。",
        ),
        source=cite(SERVICE_SOURCE, OUR_BANDS),
        as_of=None,
        official=False,
        notes=text(
            en="AliExpress does not publish how a rate turns into component points; the estimate "
            "uses diagrules' bands. Earlier 6-item weightings exist.",
            zh="速卖通未公布各分项得分的计算方式，失分估算采用 diagrules 的评分区间；早期还有6项权重的版本。",
        ),
        threshold_basis="diagrules",
    ),
)
def service_score_components(ctx: RuleContext, p: ServiceComponentsParams) -> Iterator[Finding]:
    value = float(ctx[_SERVICE.metric])
    result = ctx.score(SCORECARD_ID)
    located = result.metric(_SERVICE.name) if result else None
    band_pass = located[1].pass_value if located is not None else None
    threshold = p.threshold if p.threshold is not None else band_pass or _SERVICE.pass_
    if value >= threshold:
        return
    top = _component_losses(ctx)[: p.top]
    message = _message(top)
    if top:
        remedies = [SERVICE_COMPONENTS[i].action or BY_NAME[SERVICE_COMPONENTS[i].metric].action for i, _, _ in top]
    else:
        remedies = [_SERVICE.action]
    yield ctx.finding(
        observed=value, threshold=threshold, comparison=">=", message=message, remedies=remedies,
        details={
            "components": [
                {
                    "metric": SERVICE_COMPONENTS[i].metric,
                    "value": v,
                    "points": SERVICE_COMPONENTS[i].points,
                    "points_lost": pts,
                }
                for i, v, pts in top
            ]
        },
    )
