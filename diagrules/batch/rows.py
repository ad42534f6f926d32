"""Fleet outputs of a batch: each store's findings as rows, or one summary row per store.

A platform diagnosing a million stores a week wants tables, not a 19 KB report per store:
``diagrules batch --format findings`` writes one row per finding (the columns of
:data:`FINDING_COLUMNS`), ``--format stores`` one row per store (:data:`STORE_COLUMNS`), as
JSON lines or — with ``-o out.parquet`` — as Parquet (:mod:`diagrules.batch.tables`).

The rows are built in the worker processes, a chunk of stores at a time (:class:`FleetTransform`),
so what travels back to the parent is the chunk's finished JSON text or one Arrow stream, never
a :class:`~diagrules.Report` or a row object. The per-store functions here give the same rows
for the stores the columnar path (:func:`diagrules.fleet.evaluate_frame`) does not take.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from diagrules.batch.run import BatchLine, Result, WorkItem, diagnose_item, parse_line
from diagrules.batch.scale import finding_rows
from diagrules.core.errors import SnapshotError
from diagrules.core.model import Report, Severity, Status
from diagrules.engine.engine import InvalidSnapshot
from diagrules.fleet.columns import FINDING_COLUMNS, STORE_COLUMNS

if TYPE_CHECKING:
    from diagrules.engine.engine import Engine

#: The formats whose output is rows: findings (one row per finding) and stores (one per store).
FLEET_FORMATS: tuple[str, ...] = ("findings", "stores")
#: Stores per chunk for the fleet formats: each chunk is one frame, and a frame of a thousand
#: stores costs per store about what one of four thousand does (64, the report formats'
#: chunk, costs a third more); memory stays a few MB per worker.
FLEET_CHUNK_SIZE = 1024
#: How the rows are encoded: JSON lines (the worker writes the text) or values for a Parquet writer.
Encoding = Literal["jsonl", "parquet"]


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


def store_row(result: Result, source: str | None, platform: str | None = None) -> tuple[Any, ...]:
    """One store's summary row in :data:`STORE_COLUMNS` order.

    ``errors`` counts findings of severity error or above (critical included), as the exit
    status does with ``--fail-on error``; ``score``/``tier`` come from the store's first
    scorecard (the platform's), ``None`` when its rule sets score nothing. An invalid store's
    ``platform`` is what its document said, when it said one (``platform``).
    """
    if isinstance(result, InvalidSnapshot):
        problem = "; ".join([result.error, *result.problems])
        return (result.store, result.source or source, platform, "invalid", None, 0, 0, 0, 0, 0, 0, None, None,
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


#: Columns with few distinct values per chunk (a store's name repeats once per finding): their
#: encoded values are memoised.
_REPEATING = frozenset({"store", "source", "rule", "severity", "status", "platform", "worst", "tier"})
_encode_text = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for text


def _json_value(value: Any) -> str:
    """One value as ``json.dumps(value, ensure_ascii=False)`` writes it, the common types directly."""
    kind = type(value)
    if kind is str:
        return _encode_text(value)
    if value is None:
        return "null"
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    if kind is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_lines(names: Sequence[str], columns: Sequence[list[Any]]) -> str:
    """Columns of equal length as JSON lines, one object per row with the keys ``names``.

    The same text as ``json.dumps(row, ensure_ascii=False, separators=(",", ":"))`` per row,
    built a column at a time: a chunk's findings are tens of thousands of rows, and encoding each
    row as a dict cost more than diagnosing it.
    """
    template = "{" + ",".join(f"{json.dumps(n)}:%s" for n in names) + "}"
    encoded: list[list[str]] = []
    for name, column in zip(names, columns, strict=True):
        if name in _REPEATING and all(type(v) is str or v is None for v in column):
            memo: dict[str | None, str] = {}
            encoded.append([memo[v] if v in memo else memo.setdefault(v, _json_value(v)) for v in column])
        else:
            encoded.append([_json_value(v) for v in column])
    return "\n".join(template % values for values in zip(*encoded, strict=True))


@attrs.frozen
class FleetTransform:
    """What a batch worker does with stores in a fleet format: rows, by columns where it can.

    :meth:`diagnose_chunk` is the columnar path: the chunk's JSONL lines go through
    :func:`diagrules.fleet.evaluate_frame` together, and the chunk's rows come back encoded
    once, in the first store's line (``text`` for JSON lines, ``block`` — an Arrow stream —
    for Parquet), the other stores' lines carrying only what the summary counts. A chunk
    re-sent after its worker died is given to it one item at a time, so the store that killed
    it is found and charged alone. Called on one result (``transform(result, source)``) it
    gives that store's summary line, without rows.
    """

    fmt: str
    lang: str
    encoding: Encoding

    def __call__(self, result: Result, source: str | None) -> BatchLine:
        if isinstance(result, InvalidSnapshot):
            return BatchLine("", result.store, True, source=result.source or source)
        return BatchLine("", result.store, False, result.worst_severity(), source,
                         incomplete=bool(result.input_errors))

    def diagnose_chunk(self, engine: Engine, items: Sequence[WorkItem]) -> list[list[BatchLine]]:
        """Each item's lines, the items of kind ``line`` diagnosed as one frame.

        Snapshot files and documents with datasets (whose files are found from the JSONL's
        folder) take the per-store path inside the same chunk; their rows keep their place. So
        does the whole chunk if the columnar path raises (a bug there; the per-store path is the
        reference it is tested against, and it turns any store's failure into that store's row).
        """
        from diagrules.fleet import evaluate_frame

        docs: list[Any] = []
        sources: list[str | None] = []
        framed: dict[int, int] = {}  # item position -> document position
        for k, item in enumerate(items):
            if item.kind != "line":
                continue
            try:
                doc: Any = parse_line(item.payload, item.source)
            except SnapshotError as err:
                doc = err
            if isinstance(doc, dict) and "datasets" in doc:
                continue
            framed[k] = len(docs)
            docs.append(doc)
            sources.append(item.source)
        found = None
        if docs:
            try:
                found = evaluate_frame(engine, docs, lang=self.lang, sources=sources)
            except Exception:  # a bug in the columnar path must not cost a fleet run: the chunk goes
                found = None   # store by store, whose results the columnar ones must equal anyway
        rows_of = _row_ranges(found.findings["source"], sources) if found is not None else []
        columns: list[list[Any]] = [[] for _ in (FINDING_COLUMNS if self.fmt == "findings" else STORE_COLUMNS)]
        lines: list[list[BatchLine]] = []
        for k, item in enumerate(items):
            j = framed.get(k)
            if j is None or found is None:
                results = [(result, source, _platform(item)) for result, source in diagnose_item(engine, item)]
                per_store = [self._line(result, source, columns, platform) for result, source, platform in results]
                lines.append(per_store)
                continue
            if self.fmt == "findings":
                start, end = rows_of[j]
                for column, name in zip(columns, FINDING_COLUMNS, strict=True):
                    column += found.findings[name][start:end]
            else:
                for column, name in zip(columns, STORE_COLUMNS, strict=True):
                    column.append(found.stores[name][j])
            lines.append([_summary_line(found.stores, j)])
        return _attach(lines, columns, self.fmt, self.encoding)

    def _line(self, result: Result, source: str | None, columns: list[list[Any]], platform: str | None) -> BatchLine:
        """A per-store result inside a columnar chunk: its rows join the chunk's columns."""
        if self.fmt == "findings":
            rows = store_finding_rows(result, source, self.lang)
        else:
            rows = [store_row(result, source, platform)]
        for row in rows:
            for column, value in zip(columns, row, strict=True):
                column.append(value)
        return self(result, source)


def _platform(item: WorkItem) -> str | None:
    """The platform a JSONL line names, for an invalid store's summary row (as the frame path has it)."""
    if item.kind != "line":
        return None
    try:
        doc = parse_line(item.payload, item.source)
    except SnapshotError:
        return None
    platform = doc.get("platform") if isinstance(doc, dict) else None
    return platform if isinstance(platform, str) else None


def _row_ranges(row_sources: Sequence[str | None], sources: Sequence[str | None]) -> list[tuple[int, int]]:
    """Each document's ``[start, end)`` among finding rows that are in document order.

    The rows carry their document's source; sources of one chunk's lines are distinct (a file
    and line number each), so a document's rows are the run of rows with its source.
    """
    ranges = []
    p, n = 0, len(row_sources)
    for source in sources:
        start = p
        while p < n and row_sources[p] == source:
            p += 1
        ranges.append((start, p))
    if p != n:
        raise ValueError("finding rows out of document order")
    return ranges


def _summary_line(stores: dict[str, list[Any]], j: int) -> BatchLine:
    """The summary data of store ``j`` of a frame result (its rows travel with the chunk)."""
    status, worst = stores["status"][j], stores["worst"][j]
    return BatchLine("", stores["store"][j], status == "invalid",
                     Severity.parse(worst) if worst is not None else None, stores["source"][j],
                     incomplete=status == "incomplete")


def _attach(lines: list[list[BatchLine]], columns: list[list[Any]], fmt: str, encoding: Encoding) -> list[list[BatchLine]]:
    """Put the chunk's encoded rows on its first line."""
    first = next((i for i, group in enumerate(lines) if group), None)
    if first is None or not columns[0]:
        return lines
    names = FINDING_COLUMNS if fmt == "findings" else STORE_COLUMNS
    if encoding == "jsonl":
        head = attrs.evolve(lines[first][0], text=json_lines(names, columns))
    else:
        from diagrules.batch.tables import arrow_block

        head = attrs.evolve(lines[first][0], block=arrow_block(dict(zip(names, columns, strict=True))))
    lines[first] = [head, *lines[first][1:]]
    return lines


__all__ = [
    "FINDING_COLUMNS",
    "FLEET_CHUNK_SIZE",
    "FLEET_FORMATS",
    "STORE_COLUMNS",
    "Encoding",
    "FleetTransform",
    "json_lines",
    "store_finding_rows",
    "store_row",
    "summary_values",
]
