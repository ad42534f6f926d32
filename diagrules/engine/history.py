"""The engine's use of history: previous-period metrics filled in, and each run recorded.

Filling happens after a snapshot is prepared and before its rules run: a metric declared
``previous=Previous(of=..., period_days=...)`` that the snapshot does not give is taken from the
store's entry one period earlier, and derivations that needed it are computed again. The
numbers the snapshot gives always win — history only fills gaps — and every filled number is
named in the report (``Report.from_history``) with the date it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from diagrules.authoring.context import SeriesReader
from diagrules.authoring.metrics import Metric
from diagrules.core.model import Report, score_key
from diagrules.engine.derive import derive
from diagrules.engine.snapshot import PreparedSnapshot
from diagrules.history.store import HistoryEntry, HistoryStore
from diagrules.plugins.registry import Registry

#: How far (in days) the snapshot found in history may sit from exactly one period earlier. A
#: weekly routine drifts by a day or two; three days either side still reads as "last period".
DEFAULT_TOLERANCE_DAYS = 3


def fill_previous(
    prepared: PreparedSnapshot,
    registry: Registry,
    history: HistoryStore,
    *,
    tolerance_days: int = DEFAULT_TOLERANCE_DAYS,
) -> dict[str, dt.date]:
    """Fill missing previous-period metrics of ``prepared`` in place; return metric → source date.

    A snapshot without ``as_of`` is not filled: without its date, "one period earlier" means nothing.
    """
    if prepared.as_of is None:
        return {}
    wanted = [m for m in _declared(registry.metrics, prepared.platform) if m.name not in prepared.metrics]
    filled: dict[str, dt.date] = {}
    found: dict[int, HistoryEntry | None] = {}
    for metric in wanted:
        assert metric.previous is not None
        period = metric.previous.period_days
        if period not in found:
            found[period] = history.previous(
                prepared.platform, prepared.store, prepared.as_of,
                period_days=period, tolerance_days=tolerance_days,
            )
        entry = found[period]
        if entry is not None and metric.previous.of in entry.metrics:
            prepared.metrics[metric.name] = entry.metrics[metric.previous.of]
            filled[metric.name] = entry.as_of
    if filled:
        derive(prepared.metrics, prepared.datasets, registry)
    return filled


def _declared(metrics: Mapping[str, Metric], platform: str) -> list[Metric]:
    return [m for m in metrics.values() if m.previous is not None and m.platform in (None, platform)]


def entry_for(prepared: PreparedSnapshot, report: Report, *, today: dt.date | None = None) -> HistoryEntry:
    """What history records of one diagnosed store."""
    return HistoryEntry.of(report, prepared.metrics, today=today)


def series_reader(history: HistoryStore, prepared: PreparedSnapshot, today: dt.date | None) -> SeriesReader:
    """The store's series before this snapshot: a re-run of the same ``as_of`` never reads itself."""
    before = (prepared.as_of or today or dt.date.today()) - dt.timedelta(days=1)
    loaded: dict[str, list[tuple[dt.date, float]]] | None = None

    def read(metric: str) -> list[tuple[dt.date, float]]:
        nonlocal loaded
        if loaded is None:  # one query for the store, on the first read
            loaded = history.store_series(prepared.platform, prepared.store, until=before)
        return loaded.get(metric, [])

    return read


#: How many metrics a report charts at most: the ones its failed rules read come first.
TREND_METRICS = 8


def trends(
    prepared: PreparedSnapshot, report: Report, registry: Registry, read: SeriesReader
) -> dict[str, list[tuple[str, float]]]:
    """The series worth charting: metrics read by the rules that failed, then the other metrics
    the snapshot gives, then every scorecard dimension — each only when history holds a point."""
    failed = [o.rule for o in report.outcomes if o.status.value == "failed"]
    wanted: list[str] = []
    for rule_id in failed:
        r = registry.rules.get(rule_id)
        wanted += [m for m in (r.requires if r is not None else ()) if m not in wanted]
    wanted += [m for m in prepared.metrics if m not in wanted]
    today = (prepared.as_of or dt.date.today()).isoformat()
    out: dict[str, list[tuple[str, float]]] = {}
    for name in wanted:
        if len(out) >= TREND_METRICS:
            break
        now = prepared.metrics.get(name)
        if not isinstance(now, (int, float)) or isinstance(now, bool):
            continue
        past = read(name)
        if past:
            out[name] = [(d.isoformat(), v) for d, v in past] + [(today, float(now))]
    for card in report.scores:
        for dim in card.dimensions:
            key = score_key(card.scorecard, dim.dimension)
            past = read(key)
            if past and dim.score is not None:
                out[key] = [(d.isoformat(), v) for d, v in past] + [(today, float(dim.score))]
    return out
