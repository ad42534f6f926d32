"""The shapes of the AliExpress model: an ability, a catalogue entry, and the sources cited.

Kept apart from the data (``abilities``, ``catalogue``, ``service``) so that each of those
modules is one kind of thing, and the rules import the shapes without the whole catalogue.
"""

from __future__ import annotations

from typing import Literal

import attrs

from diagrules import Metric, Remedy, ScoredMetric, Text, text

PLATFORM = "aliexpress"
ARTICLE_002 = text(
    en="practitioner article 002 (AliExpress merchant growth system: 7 abilities, 48 metrics)",
    zh="从业者文章002（速卖通商家成长体系：7大能力、48项指标）",
)
ARTICLE_002_DATE = "2019"
ARTICLE_003 = text(
    en="practitioner article 003 (AliExpress for B2B wholesale buyers)",
    zh="从业者文章003（速卖通获客实战）",
)
ARTICLE_003_DATE = "2019"
OUR_BANDS = text(
    en="diagrules defaults: AliExpress publishes no band values for its 48 metrics",
    zh="评分区间为 diagrules 默认值（速卖通未公布48项指标的分档数值）",
)
SERVICE_SOURCE = text(
    en="ssopdot.com/blog/99419.html (8-item daily service score, third-party summary, undated)",
    zh="第三方汇总文章（每日服务分8项构成，未注明日期）：`ssopdot.com/blog/99419.html`",
)
SCOPE_SOURCE = text(
    en="christinasbeautyjourney.blogspot.com/2022/03/merchant-operating-capability-upgrade.html "
    "(translation of an AliExpress announcement)",
    zh="速卖通商家经营能力升级公告的英文译文：`christinasbeautyjourney.blogspot.com/2022/03/"
    "merchant-operating-capability-upgrade.html`",
)


def cite(*sources: Text) -> Text:
    """Several sources as one ``RuleDoc.source``, each in the reader's language."""
    return text(en="; ".join(s.get("en") for s in sources), zh="；".join(s.get("zh") for s in sources))


Better = Literal["higher", "lower"]
#: Whose judgement a threshold or remedy is (the values of ``Remedy.basis``).
Basis = Literal["source", "diagrules"]
Curve = Literal["linear", "lognormal"]


@attrs.frozen(slots=True)
class Ability:
    """One of the seven abilities: its weight in the overall score and its improvement guide."""

    id: str
    label: Text
    weight: float
    why: Text
    guide: tuple[Remedy, ...]


@attrs.frozen(slots=True)
class Entry:
    """One of the 48 metrics: declaration, band, weight in its ability, and its action.

    ``poor`` is where a linear score reaches 0; the catalogue sets it at the metric's floor
    where the default (two pass→excellent steps below pass) would lie below what the metric
    can take, so that no campaigns, no posts or no stock abroad scores 0, not 30–48.
    """

    ability: str
    metric: Metric
    pass_: float
    excellent: float
    action: Remedy
    curve: Curve = "linear"
    weight: float = 1.0
    poor: float | None = None

    @property
    def name(self) -> str:
        return self.metric.name

    def scored(self) -> ScoredMetric:
        return ScoredMetric(
            self.metric, pass_=self.pass_, excellent=self.excellent, weight=self.weight,
            curve=self.curve, better=self.metric.better, poor=self.poor,
        )
