"""AliExpress merchant growth: 7 abilities, 48 metrics, scored and tiered (rule prefix ``AEG``).

AliExpress rates sellers on seven abilities measured by 48 indicators but publishes neither
the indicators nor their scoring; the catalogue here, its default bands and tiers are
diagrules' own (see ``docs/aliexpress-model.md``). The plugin registers:

* the ``aliexpress`` platform and the 48 metrics (plus the arbitration fault rate that the
  service-score rule reads), with Business Advisor (生意参谋) aliases;
* the ``store_daily`` dataset (Business Advisor's daily store overview), from which 15 of the
  metrics are derived when they are not given;
* the ``aliexpress-growth`` scorecard: ability weights, bands, five tiers, payment tiers L1–L5;
* rules AEG001–002 (abilities), AEG010–057 (one per metric) and AEG060–062.
"""

from __future__ import annotations

from collections.abc import Sequence

from diagrules import Dataset, Metric, Platform, Rule, Scorecard, hookimpl, text
from diagrules.builtin.aliexpress.advisor import STORE_DAILY
from diagrules.builtin.aliexpress.catalogue import CATALOGUE
from diagrules.builtin.aliexpress.model import PLATFORM
from diagrules.builtin.aliexpress.scorecard import GROWTH_SCORECARD
from diagrules.builtin.aliexpress.service import SNAD_FAULT_RATE

ALIEXPRESS = Platform(PLATFORM, label=text(en="AliExpress", zh="速卖通"))
METRICS: tuple[Metric, ...] = (*(e.metric for e in CATALOGUE), SNAD_FAULT_RATE)


@hookimpl
def diagrules_platforms() -> Sequence[Platform]:
    return [ALIEXPRESS]


@hookimpl
def diagrules_metrics() -> Sequence[Metric]:
    return METRICS


@hookimpl
def diagrules_datasets() -> Sequence[Dataset]:
    return [STORE_DAILY]


@hookimpl
def diagrules_scorecards() -> Sequence[Scorecard]:
    return [GROWTH_SCORECARD]


@hookimpl
def diagrules_rules() -> Sequence[Rule]:
    from diagrules.builtin.aliexpress.rules import RULES

    return RULES
