"""diagrules — diagnose cross-border e-commerce stores from their back-office numbers.

The public API is exactly what this module exports (``__all__``); everything else is internal.
Names are imported lazily on first use, so ``diagrules --version`` and plugins that only need
``hookimpl`` do not pay for pydantic or cattrs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from diagrules._version import PLUGIN_API_VERSION, __version__

_EXPORTS: dict[str, str] = {
    # engine and configuration
    "Engine": "diagrules.engine",
    "InvalidSnapshot": "diagrules.engine",
    "diagnose": "diagrules.engine",
    "Config": "diagrules.config",
    "load_config": "diagrules.config",
    "find_config": "diagrules.config",
    # plugin API
    "hookimpl": "diagrules.hookspecs",
    "Platform": "diagrules.platforms",
    "Metric": "diagrules.metrics",
    "Derivation": "diagrules.metrics",
    "ratio": "diagrules.metrics",
    "count_rows": "diagrules.metrics",
    "share_of_rows": "diagrules.metrics",
    "Dataset": "diagrules.datasets",
    "Record": "diagrules.datasets",
    "Ratio": "diagrules.datasets",
    "Count": "diagrules.datasets",
    "Money": "diagrules.datasets",
    "Number": "diagrules.datasets",
    "Flag": "diagrules.datasets",
    "OptionalRatio": "diagrules.datasets",
    "OptionalCount": "diagrules.datasets",
    "OptionalMoney": "diagrules.datasets",
    "OptionalNumber": "diagrules.datasets",
    "OptionalFlag": "diagrules.datasets",
    "Rule": "diagrules.rules",
    "rule": "diagrules.rules",
    "Params": "diagrules.rules",
    "NoParams": "diagrules.rules",
    "Skip": "diagrules.rules",
    "RuleDoc": "diagrules.rules",
    "RuleContext": "diagrules.context",
    "Scorecard": "diagrules.scoring",
    "Dimension": "diagrules.scoring",
    "ScoredMetric": "diagrules.scoring",
    "Tier": "diagrules.scoring",
    "Ladder": "diagrules.scoring",
    "LadderStep": "diagrules.scoring",
    "Text": "diagrules.i18n",
    "text": "diagrules.i18n",
    "Message": "diagrules.i18n",
    # results
    "Severity": "diagrules.model",
    "Status": "diagrules.model",
    "Effort": "diagrules.model",
    "Remedy": "diagrules.model",
    "Finding": "diagrules.model",
    "RuleOutcome": "diagrules.model",
    "Report": "diagrules.model",
    "ScorecardResult": "diagrules.model",
    "DimensionScore": "diagrules.model",
    "MetricScore": "diagrules.model",
    "Action": "diagrules.model",
    "action_plan": "diagrules.model",
    "StoreSnapshot": "diagrules.snapshot",
    "to_json": "diagrules.serialize",
    "from_json": "diagrules.serialize",
    "to_dict": "diagrules.serialize",
    "from_dict": "diagrules.serialize",
    # plugins
    "load_plugins": "diagrules.plugin",
    "PluginSettings": "diagrules.plugin",
    "purge_plugin_cache": "diagrules.plugin",
    # errors
    "DiagrulesError": "diagrules.errors",
    "ConfigError": "diagrules.errors",
    "SnapshotError": "diagrules.errors",
    "PluginError": "diagrules.errors",
}

__all__ = [
    "PLUGIN_API_VERSION",
    "Action",
    "Config",
    "ConfigError",
    "Count",
    "Dataset",
    "Derivation",
    "DiagrulesError",
    "Dimension",
    "DimensionScore",
    "Effort",
    "Engine",
    "Finding",
    "Flag",
    "InvalidSnapshot",
    "Ladder",
    "LadderStep",
    "Message",
    "Metric",
    "MetricScore",
    "Money",
    "NoParams",
    "Number",
    "OptionalCount",
    "OptionalFlag",
    "OptionalMoney",
    "OptionalNumber",
    "OptionalRatio",
    "Params",
    "Platform",
    "PluginError",
    "PluginSettings",
    "Ratio",
    "Record",
    "Remedy",
    "Report",
    "Rule",
    "RuleContext",
    "RuleDoc",
    "RuleOutcome",
    "Scorecard",
    "ScorecardResult",
    "ScoredMetric",
    "Severity",
    "Skip",
    "SnapshotError",
    "Status",
    "StoreSnapshot",
    "Text",
    "Tier",
    "__version__",
    "action_plan",
    "count_rows",
    "diagnose",
    "find_config",
    "from_dict",
    "from_json",
    "hookimpl",
    "load_config",
    "load_plugins",
    "purge_plugin_cache",
    "ratio",
    "rule",
    "share_of_rows",
    "text",
    "to_dict",
    "to_json",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'diagrules' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from diagrules.config import Config, find_config, load_config
    from diagrules.context import RuleContext
    from diagrules.datasets import (
        Count,
        Dataset,
        Flag,
        Money,
        Number,
        OptionalCount,
        OptionalFlag,
        OptionalMoney,
        OptionalNumber,
        OptionalRatio,
        Ratio,
        Record,
    )
    from diagrules.engine import Engine, InvalidSnapshot, diagnose
    from diagrules.errors import ConfigError, DiagrulesError, PluginError, SnapshotError
    from diagrules.hookspecs import hookimpl
    from diagrules.i18n import Message, Text, text
    from diagrules.metrics import Derivation, Metric, count_rows, ratio, share_of_rows
    from diagrules.model import (
        Action,
        DimensionScore,
        Effort,
        Finding,
        MetricScore,
        Remedy,
        Report,
        RuleOutcome,
        ScorecardResult,
        Severity,
        Status,
        action_plan,
    )
    from diagrules.platforms import Platform
    from diagrules.plugin import PluginSettings, load_plugins, purge_plugin_cache
    from diagrules.rules import NoParams, Params, Rule, RuleDoc, Skip, rule
    from diagrules.scoring import Dimension, Ladder, LadderStep, Scorecard, ScoredMetric, Tier
    from diagrules.serialize import from_dict, from_json, to_dict, to_json
    from diagrules.snapshot import StoreSnapshot
