"""Fleet outputs of a batch: each store's findings as rows, or one summary row per store.

A platform diagnosing a million stores a week wants tables, not a 19 KB report per store:
``diagrules batch --format findings`` writes one row per finding (the columns of
:data:`FINDING_COLUMNS`), ``--format stores`` one row per store (:data:`STORE_COLUMNS`), as
JSON lines or — with ``-o out.parquet`` — as Parquet (:mod:`diagrules.batch.tables`).

The rows are built in the worker processes, so what travels back to the parent is either the
finished JSON text or a tuple of plain values per row, never a :class:`~diagrules.Report`.
The per-store functions here are the reference the columnar path
(:func:`diagrules.fleet.evaluate_frame`) must agree with row for row.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from diagrules.batch.run import BatchLine, Result
from diagrules.batch.scale import finding_rows
from diagrules.core.model import Report, Severity, Status
from diagrules.engine.engine import InvalidSnapshot

#: The formats whose lines are rows: findings (one row per finding) and stores (one per store).
FLEET_FORMATS: tuple[str, ...] = ("findings", "stores")
#: How the rows are encoded: JSON lines (the worker writes the text) or values for a Parquet writer.
Encoding = Literal["jsonl", "parquet"]

FINDING_COLUMNS: tuple[str, ...] = (
    "store", "source", "rule", "severity", "status", "observed", "threshold", "item", "message",
)
STORE_COLUMNS: tuple[str, ...] = (
    "store", "source", "platform", "status", "worst", "errors", "warnings", "infos", "findings",
    "rules_failed", "rules_error", "score", "tier", "problem",
)


def store_finding_rows(result: Result, source: str | None, lang: str) -> list[tuple[Any, ...]]:
    """One store's finding rows as value tuples in :data:`FINDING_COLUMNS` order.

    Exactly :func:`diagrules.batch.scale.finding_rows` plus the store's source, so a fleet
    table and a Dask findings frame of the same stores hold the same values.
    """
    where = result.source or source if isinstance(result, InvalidSnapshot) else source
    return [
        (row["store"], where, row["rule"], row["severity"], row["status"], row["observed"],
         row["threshold"], row["item"], row["message"])
        for row in finding_rows(result, lang)
    ]


def store_row(result: Result, source: str | None) -> tuple[Any, ...]:
    """One store's summary row in :data:`STORE_COLUMNS` order.

    ``errors`` counts findings of severity error or above (critical included), as the exit
    status does with ``--fail-on error``; ``score``/``tier`` come from the store's first
    scorecard (the platform's), ``None`` when its rule sets score nothing.
    """
    if isinstance(result, InvalidSnapshot):
        problem = "; ".join([result.error, *result.problems])
        return (result.store, result.source or source, None, "invalid", None, 0, 0, 0, 0, 0, 0, None, None,
                problem)
    return summary_values(result, source)


def summary_values(report: Report, source: str | None) -> tuple[Any, ...]:
    """The summary row of a diagnosed store (see :func:`store_row`)."""
    severities = [f.severity for f in report.findings]
    worst = max(severities, default=None)
    failed = errored = 0
    for outcome in report.outcomes:
        failed += outcome.status is Status.FAILED
        errored += outcome.status is Status.ERROR
    card = report.scores[0] if report.scores else None
    return (
        report.store, source, report.platform, "incomplete" if report.input_errors else "diagnosed",
        worst.label if worst is not None else None,
        sum(s >= Severity.ERROR for s in severities), severities.count(Severity.WARNING),
        severities.count(Severity.INFO), len(severities), failed, errored,
        card.overall if card is not None else None, card.tier if card is not None else None, None,
    )


def _json_lines(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    """Rows as JSON objects, one per line (no trailing newline; empty for no rows)."""
    return "\n".join(
        json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, separators=(",", ":"))
        for row in rows
    )


def render_rows(result: Result, source: str | None, *, fmt: str, lang: str, encoding: Encoding) -> BatchLine:
    """A store's fleet rows as one :class:`BatchLine` (runs in the worker, like ``render_line``).

    For ``jsonl`` the line's ``text`` holds the rows' JSON lines (empty for a store without
    findings); for ``parquet`` its ``rows`` hold the value tuples and ``text`` stays empty.
    """
    if fmt == "findings":
        columns, rows = FINDING_COLUMNS, store_finding_rows(result, source, lang)
    elif fmt == "stores":
        columns, rows = STORE_COLUMNS, [store_row(result, source)]
    else:
        raise ValueError(f"fleet format must be one of {', '.join(FLEET_FORMATS)}, got {fmt!r}")
    text = _json_lines(columns, rows) if encoding == "jsonl" else ""
    kept = tuple(rows) if encoding == "parquet" else ()
    if isinstance(result, InvalidSnapshot):
        return BatchLine(text, result.store, True, source=result.source or source, rows=kept)
    return BatchLine(text, result.store, False, result.worst_severity(), source,
                     incomplete=bool(result.input_errors), rows=kept)


__all__ = [
    "FINDING_COLUMNS",
    "FLEET_FORMATS",
    "STORE_COLUMNS",
    "Encoding",
    "render_rows",
    "store_finding_rows",
    "store_row",
    "summary_values",
]
