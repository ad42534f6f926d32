"""Scale-out on Dask: diagnose a Dask bag or DataFrame partition by partition with one engine.

Install the extra (``pip install 'diagrules[dask]'``), build the engine as usual, and hand it a
collection of stores::

    import dask.bag as db
    from diagrules import Engine
    from diagrules.batch.scale import findings_bag, findings_frame

    engine = Engine.from_config("diagrules.toml")
    stores = db.read_text("stores-*.jsonl").map(json.loads)    # snapshot dicts
    findings_frame(stores, engine).to_parquet("findings/")     # one row per finding

Every partition is diagnosed by the same engine: it travels to the workers as its pickled
configuration and is rebuilt there **once per worker process** (not once per task), so the
workers run exactly the configured rules. A partition is diagnosed at once, by columns
(:func:`diagrules.fleet.evaluate_frame`, the path ``diagrules batch --format findings`` uses),
with the same rows as store by store. Results are plain rows — ``store, rule, severity,
status, observed, threshold, item, message`` — so they go straight into a DataFrame, Parquet or
a warehouse; :func:`stores_frame` gives one summary row per store instead. A store whose data
is invalid becomes one row with ``status = "invalid"`` and the problem in ``message``, and the
run goes on. Leave the results on the workers (``.to_parquet(dir)``, or further Dask
operations); collecting millions of rows on the client is what is slow, not diagnosing them.

``import diagrules`` never imports this module or Dask; see ``docs/scaling.md`` for when to use
it and for the same pattern on Spark and Ray.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import math
import pickle
from collections.abc import Iterable, Iterator, Mapping
from types import ModuleType
from typing import Any

from diagrules.core.model import Report
from diagrules.engine.engine import Engine, InvalidSnapshot
from diagrules.fleet.columns import STORE_COLUMNS, FleetResult

#: Columns of the findings DataFrame, in order.
COLUMNS: tuple[str, ...] = ("store", "rule", "severity", "status", "observed", "threshold", "item", "message")
#: Snapshot fields that a DataFrame row may carry besides its metrics.
SNAPSHOT_FIELDS: tuple[str, ...] = ("store", "platform", "as_of", "seller_stage", "category")

_ENGINES: dict[str, Engine] = {}


def _optional(module: str) -> ModuleType:
    """Import a module of the ``dask`` extra, or say how to install it.

    Dask, distributed and pandas objects are typed ``Any`` in this module: they are optional
    dependencies, and the library must type-check without them.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"diagrules.batch.scale needs the dask extra: pip install 'diagrules[dask]' ({exc})") from None


class EngineHandle:
    """A picklable reference to an engine that each worker process builds only once.

    Dask pickles a task's arguments for every task; an :class:`Engine` pickles as its
    configuration and is rebuilt on unpickling (plugins loaded, plan compiled), which would
    happen per partition. The handle carries the pickled engine as bytes and keeps the rebuilt
    engine in a per-process cache keyed by their digest.
    """

    __slots__ = ("_key", "_state")

    def __init__(self, engine: Engine) -> None:
        self._state = pickle.dumps(engine)
        self._key = hashlib.sha256(self._state).hexdigest()
        _ENGINES.setdefault(self._key, engine)

    def __getstate__(self) -> tuple[bytes, str]:
        return self._state, self._key

    def __setstate__(self, state: tuple[bytes, str]) -> None:
        self._state, self._key = state

    def engine(self) -> Engine:
        """The engine, rebuilt in this process on first use."""
        found = _ENGINES.get(self._key)
        if found is None:
            found = pickle.loads(self._state)
            _ENGINES[self._key] = found
        return found


def finding_rows(result: Report | InvalidSnapshot, lang: str = "en") -> list[dict[str, Any]]:
    """The rows of one diagnosed store: one per finding, or one ``invalid`` row."""
    if isinstance(result, InvalidSnapshot):
        problem = "; ".join([result.error, *result.problems])
        return [dict(zip(COLUMNS, (result.store, None, None, "invalid", None, None, None, problem), strict=True))]
    return [
        {
            "store": result.store,
            "rule": f.rule,
            "severity": f.severity.label,
            "status": "failed",
            "observed": f.observed,
            "threshold": f.threshold,
            "item": f.item,
            "message": f.message.get(lang),
        }
        for f in result.findings
    ]


def _diagnose(snapshots: Iterable[Any], handle: EngineHandle) -> Iterator[Report | InvalidSnapshot]:
    return handle.engine().evaluate_many(snapshots, errors="return")


def _reports_partition(snapshots: Iterable[Any], handle: EngineHandle) -> list[Report | InvalidSnapshot]:
    return list(_diagnose(snapshots, handle))


def _fleet(snapshots: Iterable[Any], handle: EngineHandle, lang: str) -> FleetResult:
    """A partition diagnosed at once, by columns (:func:`diagrules.fleet.evaluate_frame`): the
    same rows as store by store, at a fraction of the cost."""
    from diagrules.fleet import evaluate_frame

    return evaluate_frame(handle.engine(), list(snapshots), lang=lang)


def _rows_partition(snapshots: Iterable[Any], handle: EngineHandle, lang: str) -> list[dict[str, Any]]:
    found = _fleet(snapshots, handle, lang).findings
    cols = [found[c] for c in COLUMNS]
    return [dict(zip(COLUMNS, row, strict=True)) for row in zip(*cols, strict=True)]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value: Any) -> Any:
    """A table's value as a document holds it: dates and times as ISO text, everything else as is."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def row_document(row: Mapping[str, Any], platform: str | None = None) -> dict[str, Any]:
    """A snapshot document from one table row (a DataFrame's, a Parquet file's): snapshot fields
    by name, every other column a metric, a missing value an absent one; ``platform`` for rows
    without a platform column."""
    snap: dict[str, Any] = {k: _plain(row[k]) for k in SNAPSHOT_FIELDS if k in row and not _missing(row[k])}
    if platform is not None:
        snap.setdefault("platform", platform)
    snap["metrics"] = {k: _plain(v) for k, v in row.items() if k not in SNAPSHOT_FIELDS and not _missing(v)}
    return snap


#: Columns of the DataFrame that hold numbers; the others hold text.
NUMERIC_COLUMNS: tuple[str, ...] = ("observed", "threshold")
#: Columns of the stores DataFrame that hold a score (float, NaN when none) and counts (integers).
STORE_FLOATS: tuple[str, ...] = ("score",)
STORE_COUNTS: tuple[str, ...] = ("errors", "warnings", "infos", "findings", "rules_failed", "rules_error")


def _number(value: Any) -> float:
    """Evidence as a float for the DataFrame; text evidence (an enum value, a range) is NaN."""
    if isinstance(value, (bool, int, float)):
        return float(value)
    return math.nan


def _empty_frame() -> Any:
    pd = _optional("pandas")
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c in NUMERIC_COLUMNS else object) for c in COLUMNS}
    )


def frame_rows(rows: list[dict[str, Any]]) -> Any:
    """Finding rows as a pandas DataFrame: text columns, and ``observed``/``threshold`` as floats.

    Dask stores text columns as (Arrow) strings, which would turn ``0.93`` into ``"0.93"`` in
    an untyped column; numbers therefore get a float column, and evidence that is not a number
    (rare: an enum value, a ``between`` range) is NaN there — the bag rows keep it as is.
    """
    pd = _optional("pandas")
    if not rows:
        return _empty_frame()
    data = {
        c: pd.Series([_number(r[c]) for r in rows], dtype="float64") if c in NUMERIC_COLUMNS
        else pd.Series([r[c] for r in rows], dtype=object)
        for c in COLUMNS
    }
    return pd.DataFrame(data)


def _typed_frame(columns: Mapping[str, list[Any]], names: tuple[str, ...]) -> Any:
    """Result columns as a pandas DataFrame: floats for numbers (text evidence NaN), objects else."""
    pd = _optional("pandas")
    return pd.DataFrame({
        c: pd.Series([_number(v) for v in columns[c]] if c in NUMERIC_COLUMNS
                     else [math.nan if v is None else float(v) for v in columns[c]] if c in STORE_FLOATS
                     else columns[c], dtype="float64" if c in NUMERIC_COLUMNS or c in STORE_FLOATS
                     else "int64" if c in STORE_COUNTS else object)
        for c in names
    })


def _snapshots(part: Any, platform: str | None) -> Iterator[dict[str, Any]]:
    """A pandas partition (one store per row) as snapshot dicts; a bag partition is one already."""
    if hasattr(part, "to_dict"):
        return (row_document(row, platform) for row in part.to_dict(orient="records"))
    return iter(part)


def _findings_partition(part: Any, handle: EngineHandle, lang: str, platform: str | None) -> Any:
    return _typed_frame(_fleet(_snapshots(part, platform), handle, lang).findings, COLUMNS)


def _stores_partition(part: Any, handle: EngineHandle, lang: str, platform: str | None) -> Any:
    return _typed_frame(_fleet(_snapshots(part, platform), handle, lang).stores, STORE_COLUMNS)


def reports_bag(snapshots: Any, engine: Engine) -> Any:
    """Diagnose a ``dask.bag.Bag`` of snapshots: a bag of :class:`~diagrules.Report` (or
    :class:`~diagrules.InvalidSnapshot`), one per store, in order."""
    return snapshots.map_partitions(_reports_partition, EngineHandle(engine))


def findings_bag(snapshots: Any, engine: Engine, *, lang: str = "en") -> Any:
    """Diagnose a ``dask.bag.Bag`` of snapshots: a bag of finding rows (dicts keyed by :data:`COLUMNS`)."""
    return snapshots.map_partitions(_rows_partition, EngineHandle(engine), lang)


def findings_frame(
    stores: Any,
    engine: Engine,
    *,
    lang: str = "en",
    platform: str | None = None,
) -> Any:
    """Diagnose a bag or Dask DataFrame of stores: a Dask DataFrame of finding rows (columns
    :data:`COLUMNS`; see :func:`frame_rows`).

    ``stores`` is a bag of snapshot dicts, or a DataFrame with one store per row: a ``store``
    column, ``platform`` (or the ``platform=`` argument), optionally ``as_of``,
    ``seller_stage`` and ``category``, and one column per metric (a missing value is an absent
    metric).
    """
    return _distributed(stores, engine, _findings_partition, COLUMNS, lang, platform)


def stores_frame(
    stores: Any,
    engine: Engine,
    *,
    lang: str = "en",
    platform: str | None = None,
) -> Any:
    """Diagnose a bag or Dask DataFrame of stores: a Dask DataFrame with one summary row per
    store (columns :data:`diagrules.fleet.STORE_COLUMNS`: status, worst severity, counts, the
    platform's score and tier); ``stores`` as for :func:`findings_frame`."""
    return _distributed(stores, engine, _stores_partition, STORE_COLUMNS, lang, platform)


def _distributed(stores: Any, engine: Engine, partition: Any, names: tuple[str, ...], lang: str,
                 platform: str | None) -> Any:
    """Each partition of ``stores`` diagnosed at once on the workers, left there as a Dask DataFrame."""
    dd = _optional("dask.dataframe")
    delayed = _optional("dask.delayed").delayed
    handle = EngineHandle(engine)
    meta = _typed_frame({c: [] for c in names}, names)
    if isinstance(stores, dd.DataFrame):
        return stores.map_partitions(partition, handle, lang, platform, meta=meta)
    task = delayed(partition)
    return dd.from_delayed([task(p, handle, lang, platform) for p in stores.to_delayed()], meta=meta,
                           verify_meta=False)


__all__ = [
    "COLUMNS",
    "EngineHandle",
    "finding_rows",
    "findings_bag",
    "findings_frame",
    "frame_rows",
    "reports_bag",
    "row_document",
    "stores_frame",
]
