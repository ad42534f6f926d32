"""The shape of a fleet's results: findings and per-store summaries as columns.

A fleet is hundreds of thousands of stores; its results go to Parquet, a DataFrame or a
warehouse, which all want columns, so :class:`FleetResult` holds columns (``dict`` of equal
length lists) rather than a report object per store.
"""

from __future__ import annotations

from typing import Any

import attrs

from diagrules.engine.engine import InvalidSnapshot

#: One row per finding: the columns of ``diagrules.batch.scale.COLUMNS`` and the store's source.
FINDING_COLUMNS: tuple[str, ...] = (
    "store", "source", "rule", "severity", "status", "observed", "threshold", "item", "message",
)
#: One row per store. ``status`` is ``diagnosed``, ``incomplete`` (a dataset was left out:
#: ``Report.input_errors``) or ``invalid``; ``errors`` counts findings of severity error or
#: critical (as SARIF's ``error`` level does), ``worst`` tells them apart; ``score``/``tier``
#: come from the platform's (first) scorecard; ``problem`` is the text of an invalid store.
STORE_COLUMNS: tuple[str, ...] = (
    "store", "source", "platform", "status", "worst", "errors", "warnings", "infos",
    "findings", "rules_failed", "rules_error", "score", "tier", "problem",
)


@attrs.frozen
class FleetResult:
    """What :func:`~diagrules.fleet.evaluate_frame` found for a chunk of stores.

    ``findings`` rows are in store order, and within a store in its report's finding order;
    ``stores`` has one row per document given; ``invalid`` the documents that could not be
    diagnosed (each also has a finding row with status ``invalid`` and a store row).
    """

    findings: dict[str, list[Any]]
    stores: dict[str, list[Any]]
    invalid: list[InvalidSnapshot]

    def __len__(self) -> int:
        return len(self.stores["store"])

    def finding_rows(self) -> list[dict[str, Any]]:
        """The findings as one dict per row (keys :data:`FINDING_COLUMNS`)."""
        cols = [self.findings[c] for c in FINDING_COLUMNS]
        return [dict(zip(FINDING_COLUMNS, row, strict=True)) for row in zip(*cols, strict=True)]

    def store_rows(self) -> list[dict[str, Any]]:
        """The stores as one dict per row (keys :data:`STORE_COLUMNS`)."""
        cols = [self.stores[c] for c in STORE_COLUMNS]
        return [dict(zip(STORE_COLUMNS, row, strict=True)) for row in zip(*cols, strict=True)]
