"""Amazon Seller Central account-health rules for diagrules (rule prefix ``AMZ``).

Reads Amazon's account health report (the SP-API ``GET_V2_SELLER_PERFORMANCE_REPORT`` JSON)
through :func:`snapshot_from_report`, and checks it against the report's own targets, or the
policy defaults when a target is missing: order defect rate under 1%, late shipment under 4%,
pre-fulfilment cancellation under 2.5%, valid tracking over 95%, on-time delivery over 97%, no
policy violations, and an Account Health Rating in the healthy band (200–1000).

>>> import diagrules
>>> from diagrules_amazon_account_health import snapshot_from_report
>>> snapshot = snapshot_from_report("report.json", store="My US store")  # doctest: +SKIP
>>> diagrules.Engine().evaluate(snapshot)  # doctest: +SKIP
"""

from __future__ import annotations

import diagrules
from diagrules import Dataset, Metric, Platform, Rule, hookimpl

from diagrules_amazon_account_health.data import AMAZON, DATASETS, METRICS
from diagrules_amazon_account_health.report import snapshot_from_report

__version__ = "0.1.0"

#: The diagrules plugin API this package is written against.
REQUIRED_PLUGIN_API = 2
diagrules.require_plugin_api(REQUIRED_PLUGIN_API, "diagrules-amazon-account-health")


@hookimpl
def diagrules_platforms() -> list[Platform]:
    return [AMAZON]


@hookimpl
def diagrules_metrics() -> list[Metric]:
    return METRICS


@hookimpl
def diagrules_datasets() -> list[Dataset]:
    return DATASETS


@hookimpl
def diagrules_rules() -> list[Rule]:
    from diagrules_amazon_account_health.rules import RULES

    return RULES


__all__ = ["__version__", "snapshot_from_report"]
