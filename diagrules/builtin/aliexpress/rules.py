"""All AEG rules in id order: abilities (AEG001–002), one per metric (AEG010–057), AEG060–062,
and the trend rule AEG070."""

from __future__ import annotations

from diagrules import Rule
from diagrules.builtin.aliexpress.ability_rules import ability_below_pass, weakest_ability
from diagrules.builtin.aliexpress.metric_rules import METRIC_RULES
from diagrules.builtin.aliexpress.scope_rules import not_assessed, overseas_warehouse_tagging
from diagrules.builtin.aliexpress.service_rules import service_score_components
from diagrules.builtin.aliexpress.trends import TREND_RULES

RULES: tuple[Rule, ...] = (
    weakest_ability, ability_below_pass, *METRIC_RULES, service_score_components, not_assessed,
    overseas_warehouse_tagging, *TREND_RULES,
)


__all__ = ["METRIC_RULES", "RULES"]
