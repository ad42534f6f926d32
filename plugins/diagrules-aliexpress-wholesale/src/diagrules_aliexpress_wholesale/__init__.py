"""AliExpress wholesale rules for diagrules (rule prefix ``AEW``).

Checks what a store needs to win small-business buyers on AliExpress — wholesale buyers,
dropshippers and inquiry buyers — following practitioner article 003 of the diagrules sources:
a focused launch layout, free shipping where the sub-category's traffic is, rising popularity
signals, tax ids on EU wholesale orders, advertised dropshipping, and split price and freight.

Installed next to diagrules, the package registers itself through its ``diagrules`` entry
point; ``diagrules rules --platform aliexpress`` lists its rules.
"""

from __future__ import annotations

import diagrules
from diagrules import Dataset, Metric, Platform, Rule, hookimpl

from diagrules_aliexpress_wholesale.data import ALIEXPRESS, DATASETS, METRICS

__version__ = "0.1.0"

#: The diagrules plugin API this package is written against.
REQUIRED_PLUGIN_API = 2
diagrules.require_plugin_api(REQUIRED_PLUGIN_API, "diagrules-aliexpress-wholesale")


@hookimpl
def diagrules_platforms() -> list[Platform]:
    return [ALIEXPRESS]


@hookimpl
def diagrules_metrics() -> list[Metric]:
    return METRICS


@hookimpl
def diagrules_datasets() -> list[Dataset]:
    return DATASETS


@hookimpl
def diagrules_rules() -> list[Rule]:
    from diagrules_aliexpress_wholesale.rules import RULES

    return RULES
