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
    "Engine": "diagrules.engine.engine",
    "InvalidSnapshot": "diagrules.engine.engine",
    "diagnose": "diagrules.engine.engine",
    "Config": "diagrules.config.settings",
    "load_config": "diagrules.config.settings",
    "find_config": "diagrules.config.settings",
    # plugin API
    "hookimpl": "diagrules.plugins.hookspecs",
    "require_plugin_api": "diagrules.plugins.hookspecs",
    "Better": "diagrules.authoring.metrics",
    "Curve": "diagrules.authoring.scoring",
    "Comparison": "diagrules.authoring.context",
    "Unit": "diagrules.core.i18n",
    "Platform": "diagrules.authoring.platforms",
    "Metric": "diagrules.authoring.metrics",
    "Derivation": "diagrules.authoring.metrics",
    "ratio": "diagrules.authoring.metrics",
    "count_rows": "diagrules.authoring.metrics",
    "share_of_rows": "diagrules.authoring.metrics",
    "Dataset": "diagrules.authoring.datasets",
    "Record": "diagrules.authoring.datasets",
    "Ratio": "diagrules.authoring.datasets",
    "Count": "diagrules.authoring.datasets",
    "Money": "diagrules.authoring.datasets",
    "Number": "diagrules.authoring.datasets",
    "Flag": "diagrules.authoring.datasets",
    "OptionalRatio": "diagrules.authoring.datasets",
    "OptionalCount": "diagrules.authoring.datasets",
    "OptionalMoney": "diagrules.authoring.datasets",
    "OptionalNumber": "diagrules.authoring.datasets",
    "OptionalDays": "diagrules.authoring.datasets",
    "OptionalHours": "diagrules.authoring.datasets",
    "OptionalSeconds": "diagrules.authoring.datasets",
    "OptionalFlag": "diagrules.authoring.datasets",
    "Rule": "diagrules.authoring.rules",
    "rule": "diagrules.authoring.rules",
    "Params": "diagrules.authoring.rules",
    "NoParams": "diagrules.authoring.rules",
    "param": "diagrules.authoring.rules",
    "Skip": "diagrules.authoring.rules",
    "RuleDoc": "diagrules.authoring.rules",
    "StoreColumns": "diagrules.authoring.rules",
    "VectorFindings": "diagrules.authoring.rules",
    "VectorForm": "diagrules.authoring.rules",
    "format_values": "diagrules.fleet.messages",
    "RuleContext": "diagrules.authoring.context",
    "Scorecard": "diagrules.authoring.scoring",
    "Dimension": "diagrules.authoring.scoring",
    "ScoredMetric": "diagrules.authoring.scoring",
    "Tier": "diagrules.authoring.scoring",
    "Ladder": "diagrules.authoring.scoring",
    "LadderStep": "diagrules.authoring.scoring",
    "Text": "diagrules.core.i18n",
    "text": "diagrules.core.i18n",
    "Message": "diagrules.core.i18n",
    "Quantity": "diagrules.core.i18n",
    "Previous": "diagrules.authoring.metrics",
    "run_length": "diagrules.history.trend",
    # results
    "Severity": "diagrules.core.model",
    "Status": "diagrules.core.model",
    "Effort": "diagrules.core.model",
    "Remedy": "diagrules.core.model",
    "Finding": "diagrules.core.model",
    "RuleOutcome": "diagrules.core.model",
    "Report": "diagrules.core.model",
    "ScorecardResult": "diagrules.core.model",
    "DimensionScore": "diagrules.core.model",
    "MetricScore": "diagrules.core.model",
    "Action": "diagrules.core.model",
    "action_plan": "diagrules.core.model",
    "StoreSnapshot": "diagrules.engine.snapshot",
    "to_json": "diagrules.render.serialize",
    "from_json": "diagrules.render.serialize",
    "to_dict": "diagrules.render.serialize",
    "from_dict": "diagrules.render.serialize",
    # plugins
    "load_plugins": "diagrules.plugins.loading",
    "PluginSettings": "diagrules.plugins.loading",
    "purge_plugin_cache": "diagrules.plugins.loading",
    # errors
    "DiagrulesError": "diagrules.core.errors",
    "ConfigError": "diagrules.core.errors",
    "SnapshotError": "diagrules.core.errors",
    "PluginError": "diagrules.core.errors",
}

__all__ = [
    "PLUGIN_API_VERSION",
    "Action",
    "Better",
    "Comparison",
    "Config",
    "ConfigError",
    "Count",
    "Curve",
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
    "OptionalDays",
    "OptionalFlag",
    "OptionalHours",
    "OptionalMoney",
    "OptionalNumber",
    "OptionalRatio",
    "OptionalSeconds",
    "Params",
    "Platform",
    "PluginError",
    "PluginSettings",
    "Previous",
    "Quantity",
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
    "StoreColumns",
    "StoreSnapshot",
    "Text",
    "Tier",
    "Unit",
    "VectorFindings",
    "VectorForm",
    "__version__",
    "action_plan",
    "count_rows",
    "diagnose",
    "find_config",
    "format_values",
    "from_dict",
    "from_json",
    "hookimpl",
    "load_config",
    "load_plugins",
    "param",
    "purge_plugin_cache",
    "ratio",
    "require_plugin_api",
    "rule",
    "run_length",
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
    from diagrules.authoring.context import Comparison, RuleContext
    from diagrules.authoring.datasets import (
        Count,
        Dataset,
        Flag,
        Money,
        Number,
        OptionalCount,
        OptionalDays,
        OptionalFlag,
        OptionalHours,
        OptionalMoney,
        OptionalNumber,
        OptionalRatio,
        OptionalSeconds,
        Ratio,
        Record,
    )
    from diagrules.authoring.metrics import Better, Derivation, Metric, count_rows, ratio, share_of_rows
    from diagrules.authoring.platforms import Platform
    from diagrules.authoring.rules import (
        NoParams,
        Params,
        Rule,
        RuleDoc,
        Skip,
        StoreColumns,
        VectorFindings,
        VectorForm,
        param,
        rule,
    )
    from diagrules.authoring.scoring import (
        Curve,
        Dimension,
        Ladder,
        LadderStep,
        Scorecard,
        ScoredMetric,
        Tier,
    )
    from diagrules.config.settings import Config, find_config, load_config
    from diagrules.core.errors import ConfigError, DiagrulesError, PluginError, SnapshotError
    from diagrules.core.i18n import Message, Text, Unit, text
    from diagrules.core.model import (
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
    from diagrules.engine.engine import Engine, InvalidSnapshot, diagnose
    from diagrules.engine.snapshot import StoreSnapshot
    from diagrules.fleet.messages import format_values
    from diagrules.plugins.hookspecs import hookimpl, require_plugin_api
    from diagrules.plugins.loading import PluginSettings, load_plugins, purge_plugin_cache
    from diagrules.render.serialize import from_dict, from_json, to_dict, to_json
