"""The shapes of the AliExpress model: an ability, a catalogue entry, and the sources cited.

Kept apart from the data (``abilities``, ``catalogue``, ``service``) so that each of those
modules is one kind of thing, and the rules import the shapes without the whole catalogue.
"""

from __future__ import annotations

from typing import Literal

import attrs

from diagrules import Metric, Remedy, ScoredMetric, Text

PLATFORM = "aliexpress"
ARTICLE_002 = "practitioner article 002 (速卖通商家成长体系, AliExpress merchant growth: 7 abilities, 48 metrics)"
ARTICLE_002_DATE = "2019"
ARTICLE_003 = "practitioner article 003 (速卖通获客实战, AliExpress for B2B wholesale buyers)"
ARTICLE_003_DATE = "2019"
OUR_BANDS = "diagrules defaults: AliExpress publishes no band values for its 48 metrics"
SERVICE_SOURCE = "ssopdot.com/blog/99419.html (8-item daily service score, third-party summary)"
SCOPE_SOURCE = (
    "christinasbeautyjourney.blogspot.com/2022/03/merchant-operating-capability-upgrade.html "
    "(translation of an AliExpress announcement)"
)

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
