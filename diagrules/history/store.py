"""What a history remembers of a diagnosed store, and the protocol a history backend implements.

A history is keyed by platform + store id, and each entry by the snapshot's ``as_of`` date:
recording the same store and date again replaces the earlier entry (a re-run of a weekly batch
must not duplicate it) and says so. Only what later runs need is kept — scalar metric values,
scorecard scores (under :func:`~diagrules.core.model.score_key`), outcome statuses and the findings' identities — not the whole report, so a
year of weekly snapshots for ten thousand stores stays small.

The protocol is deliberately small (record, previous, latest, series) so that a SaaS developer
can back it with their own database; :class:`InMemoryHistory` is the reference to copy.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import attrs

from diagrules.core.model import Report, score_key


@attrs.frozen
class FindingKey:
    """A finding's identity across runs: the rule and the item it is about (``None`` = store)."""

    rule: str
    item: str | None
    severity: str


@attrs.frozen
class HistoryEntry:
    """One diagnosed snapshot as the history keeps it.

    ``as_of_assumed`` is true when the snapshot had no ``as_of`` and the entry was recorded under
    the day it was diagnosed — reports and the ``history`` command say so.
    """

    platform: str
    store: str
    as_of: dt.date
    metrics: Mapping[str, float] = attrs.field(factory=dict)
    outcomes: Mapping[str, str] = attrs.field(factory=dict)
    findings: tuple[FindingKey, ...] = ()
    as_of_assumed: bool = False

    @classmethod
    def of(cls, report: Report, metrics: Mapping[str, Any], *, today: dt.date | None = None) -> HistoryEntry:
        """The entry for ``report``, with the numeric values of the snapshot's ``metrics``."""
        numbers = {
            name: float(value)
            for name, value in metrics.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(float(value))
        }
        for card in report.scores:
            if card.overall is not None:
                numbers[score_key(card.scorecard)] = float(card.overall)
            for dim in card.dimensions:
                if dim.score is not None:
                    numbers[score_key(card.scorecard, dim.dimension)] = float(dim.score)
        return cls(
            platform=report.platform,
            store=report.store,
            as_of=report.as_of or today or dt.date.today(),
            metrics=numbers,
            outcomes={o.rule: o.status.value for o in report.outcomes},
            findings=tuple(FindingKey(f.rule, f.item, f.severity.label) for f in report.findings),
            as_of_assumed=report.as_of is None,
        )


class HistoryStore(Protocol):
    """What diagrules needs of a history backend.

    Dates are ``as_of`` dates. ``previous`` finds the entry one period before ``as_of`` within
    ``tolerance_days`` (the nearest one to the exact date); ``latest`` the newest entry strictly
    before ``as_of`` (or the newest at all when ``as_of`` is ``None``); ``series`` a metric's values
    in date order, oldest first, up to and including ``until``.
    """

    def record(self, entries: Iterable[HistoryEntry]) -> list[bool]:
        """Record entries in one transaction; for each, whether it replaced an earlier one."""
        ...

    def previous(
        self, platform: str, store: str, as_of: dt.date, *, period_days: int, tolerance_days: int
    ) -> HistoryEntry | None: ...

    def latest(self, platform: str, store: str, before: dt.date | None = None) -> HistoryEntry | None: ...

    def series(
        self, platform: str, store: str, metric: str, *, until: dt.date | None = None, limit: int | None = None
    ) -> list[tuple[dt.date, float]]: ...

    def store_series(
        self, platform: str, store: str, *, until: dt.date | None = None
    ) -> dict[str, list[tuple[dt.date, float]]]:
        """Every series of one store at once (what a report's rules and charts read, in one query)."""
        ...

    def entries(self, platform: str, store: str) -> list[HistoryEntry]:
        """Every entry of one store, oldest first."""
        ...

    def close(self) -> None: ...


def nearest(entries: Sequence[HistoryEntry], target: dt.date, tolerance_days: int) -> HistoryEntry | None:
    """The entry whose date is closest to ``target`` within the tolerance; the later one on a tie."""
    best: HistoryEntry | None = None
    for e in entries:
        gap = abs((e.as_of - target).days)
        if gap > tolerance_days:
            continue
        if best is None or gap < abs((best.as_of - target).days) or (
            gap == abs((best.as_of - target).days) and e.as_of > best.as_of
        ):
            best = e
    return best


class InMemoryHistory:
    """A history held in a dict: for tests, and the reference for backends of your own."""

    def __init__(self) -> None:
        self._stores: dict[tuple[str, str], dict[dt.date, HistoryEntry]] = {}

    def record(self, entries: Iterable[HistoryEntry]) -> list[bool]:
        replaced = []
        for e in entries:
            bucket = self._stores.setdefault((e.platform, e.store), {})
            replaced.append(e.as_of in bucket)
            bucket[e.as_of] = e
        return replaced

    def entries(self, platform: str, store: str) -> list[HistoryEntry]:
        bucket = self._stores.get((platform, store), {})
        return [bucket[d] for d in sorted(bucket)]

    def previous(
        self, platform: str, store: str, as_of: dt.date, *, period_days: int, tolerance_days: int
    ) -> HistoryEntry | None:
        target = as_of - dt.timedelta(days=period_days)
        return nearest([e for e in self.entries(platform, store) if e.as_of < as_of], target, tolerance_days)

    def latest(self, platform: str, store: str, before: dt.date | None = None) -> HistoryEntry | None:
        older = [e for e in self.entries(platform, store) if before is None or e.as_of < before]
        return older[-1] if older else None

    def series(
        self, platform: str, store: str, metric: str, *, until: dt.date | None = None, limit: int | None = None
    ) -> list[tuple[dt.date, float]]:
        points = [
            (e.as_of, e.metrics[metric])
            for e in self.entries(platform, store)
            if metric in e.metrics and (until is None or e.as_of <= until)
        ]
        return points[-limit:] if limit else points

    def store_series(
        self, platform: str, store: str, *, until: dt.date | None = None
    ) -> dict[str, list[tuple[dt.date, float]]]:
        out: dict[str, list[tuple[dt.date, float]]] = {}
        for e in self.entries(platform, store):
            if until is None or e.as_of <= until:
                for name, value in e.metrics.items():
                    out.setdefault(name, []).append((e.as_of, value))
        return out

    def close(self) -> None:
        """Nothing to release."""


class BufferedHistory:
    """Records held back and written in one transaction by :meth:`flush` — one per batch chunk.

    Reads go to the wrapped history; a read about a store with records still held back flushes
    first, so a batch holding two weeks of the same store still sees the earlier week.
    """

    def __init__(self, inner: HistoryStore) -> None:
        self.inner = inner
        self._held: list[HistoryEntry] = []
        self._keys: set[tuple[str, str]] = set()

    def record(self, entries: Iterable[HistoryEntry]) -> list[bool]:
        new = list(entries)
        self._held += new
        self._keys |= {(e.platform, e.store) for e in new}
        return [False] * len(new)  # not known until written

    def flush(self) -> None:
        if self._held:
            held, self._held, self._keys = self._held, [], set()
            self.inner.record(held)

    def _before_read(self, platform: str, store: str) -> None:
        if (platform, store) in self._keys:
            self.flush()

    def previous(
        self, platform: str, store: str, as_of: dt.date, *, period_days: int, tolerance_days: int
    ) -> HistoryEntry | None:
        self._before_read(platform, store)
        return self.inner.previous(platform, store, as_of, period_days=period_days, tolerance_days=tolerance_days)

    def latest(self, platform: str, store: str, before: dt.date | None = None) -> HistoryEntry | None:
        self._before_read(platform, store)
        return self.inner.latest(platform, store, before)

    def series(
        self, platform: str, store: str, metric: str, *, until: dt.date | None = None, limit: int | None = None
    ) -> list[tuple[dt.date, float]]:
        self._before_read(platform, store)
        return self.inner.series(platform, store, metric, until=until, limit=limit)

    def store_series(
        self, platform: str, store: str, *, until: dt.date | None = None
    ) -> dict[str, list[tuple[dt.date, float]]]:
        self._before_read(platform, store)
        return self.inner.store_series(platform, store, until=until)

    def entries(self, platform: str, store: str) -> list[HistoryEntry]:
        self._before_read(platform, store)
        return self.inner.entries(platform, store)

    def close(self) -> None:
        self.flush()
        self.inner.close()
