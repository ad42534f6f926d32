"""What a rule function sees: the store's data and a way to build findings.

One context is built per store and re-pointed at each rule before it runs, so a rule costs no
allocation beyond the findings it yields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, cast, overload

from diagrules.core.convert import name_of
from diagrules.core.i18n import Message, Text
from diagrules.core.model import Finding, Remedy, ScorecardResult, Severity, score_key

if TYPE_CHECKING:
    from diagrules.authoring.datasets import Dataset, Record
    from diagrules.authoring.metrics import Metric
    from diagrules.authoring.rules import Rule

_T = TypeVar("_T")
_D = TypeVar("_D")
_R = TypeVar("_R", bound="Record")

Comparison = Literal["<", "<=", ">", ">=", "==", "!=", "in", "not in", "between", "outside"]
"""The relation a *passing* value satisfies, as ``ctx.finding(comparison=...)`` states it."""


#: Reads a metric's recorded values (date, value), oldest first, before the snapshot being
#: diagnosed; the engine binds it to one store when a history is in use.
SeriesReader = Callable[[str], list[tuple[dt.date, float]]]


class ActiveRule(Protocol):
    """What the context needs to know of the running rule: the rule and its resolved severity.

    The engine's compiled rule satisfies it; declaring it here keeps the authoring layer free of
    any import from the engine.
    """

    @property
    def rule(self) -> Rule[Any]: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def severity_fixed(self) -> bool: ...


class RuleContext:
    """The data of one store, as a rule sees it, and the views of it its rules share (``ctx.memo``).

    ``ctx[METRIC]`` is the metric's normalised value (a ratio as 0–1); ``ctx.get(METRIC)`` is
    the same or ``None`` when absent; ``ctx.rows(DATASET)`` the typed rows of a dataset;
    ``ctx.score("aliexpress-growth")`` a scorecard result. ``ctx.finding(...)`` builds a
    finding of the running rule with its message, remedies and severity filled in.
    ``ctx.memo(key, compute)`` is ``compute()`` worked out once per store for every rule that
    asks — a sort or a grouping several rules read.
    """

    __slots__ = (
        "_active",
        "_memo",
        "as_of",
        "category",
        "datasets",
        "history",
        "metrics",
        "platform",
        "scores",
        "seller_stage",
        "store",
    )

    def __init__(
        self,
        *,
        store: str,
        platform: str,
        metrics: Mapping[str, Any],
        datasets: Mapping[str, list[Any]],
        scores: Mapping[str, ScorecardResult],
        seller_stage: str | None = None,
        category: str | None = None,
        as_of: dt.date | None = None,
        history: SeriesReader | None = None,
    ) -> None:
        self.store = store
        self.platform = platform
        self.metrics = metrics
        self.datasets = datasets
        self.scores = scores
        self.seller_stage = seller_stage
        self.category = category
        self.as_of = as_of
        self.history = history
        self._active: ActiveRule | None = None
        self._memo: dict[Hashable, Any] = {}

    # The overloads type a lookup by object (``ctx[RATE]`` is the metric's ``T``, ``ctx.rows(
    # PRODUCTS)`` a ``list`` of its record class); a lookup by name stays ``Any``.
    @overload
    def __getitem__(self, metric: Metric[_T]) -> _T: ...
    @overload
    def __getitem__(self, metric: str) -> Any: ...
    def __getitem__(self, metric: Metric[Any] | str) -> Any:
        return self.metrics[name_of(metric)]

    def __contains__(self, metric: Metric[Any] | Dataset[Any] | str) -> bool:
        return name_of(metric) in self.metrics

    @overload
    def get(self, metric: Metric[_T]) -> _T | None: ...
    @overload
    def get(self, metric: Metric[_T], default: _D) -> _T | _D: ...
    @overload
    def get(self, metric: str, default: Any = None) -> Any: ...
    def get(self, metric: Metric[Any] | str, default: Any = None) -> Any:
        return self.metrics.get(name_of(metric), default)

    @overload
    def rows(self, dataset: Dataset[_R]) -> list[_R]: ...
    @overload
    def rows(self, dataset: str) -> list[Any]: ...
    def rows(self, dataset: Dataset[Any] | str) -> list[Any]:
        """The rows of ``dataset`` (a :class:`~diagrules.Dataset` or its name); [] if absent."""
        return self.datasets.get(name_of(dataset), [])

    def memo(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()``, worked out once per store and shared by every rule that asks for ``key``.

        Several rules often need the same derived view of a dataset — the products sorted by
        value, the rows grouped by kind, a median. Computed in each rule, a view costing
        O(n log n) is paid once per rule; asked for through ``memo`` it is paid once per store,
        so adding a rule that reads it adds only the rule's own pass. The context, and with it
        the memo, lives for one store's evaluation, so nothing leaks into the next store.

        ``key`` names the view; a module-level constant of the plugin that computes it (a tuple
        such as ``("my_plugin", "ranked", kind)`` or an ``object()``) keeps two plugins from
        sharing a key by accident. The value is shared: treat it as read-only (return a tuple,
        or copy before changing it). An exception raised by ``compute`` — a :class:`Skip`
        included — is not remembered: it propagates to the rule that asked, and the next rule
        asking computes again.
        """
        memo = self._memo
        if key in memo:
            return cast(_T, memo[key])
        value = memo[key] = compute()
        return value

    def series(self, metric: Metric[Any] | str) -> list[float]:
        """The metric's values over the store's recorded history, oldest first, ending with this
        snapshot's value when it has one. Without a history it is at most ``[current]``, so a
        trend rule can tell "no history" (``len < 2``) from "no trend"."""
        name = name_of(metric)
        past = [v for _, v in self.history(name)] if self.history is not None else []
        now = self.metrics.get(name)
        if isinstance(now, (int, float)) and not isinstance(now, bool):
            past.append(float(now))
        return past

    def score_series(self, scorecard: str, dimension: str | None = None) -> list[float]:
        """Like :meth:`series`, for a scorecard's overall score or one dimension's (ability's)."""
        past = [v for _, v in self.history(score_key(scorecard, dimension))] if self.history is not None else []
        result = self.scores.get(scorecard)
        now = result.overall if result is not None and dimension is None else None
        if result is not None and dimension is not None:
            dim = result.dimension(dimension)
            now = dim.score if dim is not None else None
        if now is not None:
            past.append(float(now))
        return past

    def score(self, scorecard: str) -> ScorecardResult | None:
        return self.scores.get(scorecard)

    def finding(
        self,
        *,
        observed: Any = None,
        threshold: Any = None,
        comparison: Comparison | None = None,
        item: str | None = None,
        message: Text | None = None,
        remedies: Iterable[Remedy] | None = None,
        severity: Severity | None = None,
        details: dict[str, Any] | None = None,
        unit: str | None = None,
        **values: Any,
    ) -> Finding:
        """A finding of the running rule.

        ``message`` defaults to the rule's message template (or its title). The template may
        use ``{observed}``, ``{threshold}``, ``{item}`` and any extra keyword given here;
        ``observed``/``threshold`` are shown in ``unit`` (default: the rule's unit), so a ratio
        reads "93.5%". ``severity`` escalates or lowers this finding unless the user fixed the
        rule's severity in the configuration.
        """
        active = self._active
        if active is None:
            raise RuntimeError("ctx.finding() can only be called while a rule runs")
        r = active.rule
        shown_unit = unit or r.unit
        template = message or r.message or r.title
        vals = {"observed": observed, "threshold": threshold, "comparison": comparison, "item": item, **values}
        units = {"observed": shown_unit, "threshold": shown_unit} if shown_unit else {}
        sev = active.severity if (severity is None or active.severity_fixed) else severity
        return Finding(
            rule=r.id,
            severity=sev,
            message=Message(template, vals, units),
            observed=observed,
            threshold=threshold,
            comparison=comparison,
            item=item,
            remedies=r.remedies if remedies is None else tuple(remedies),
            details=details if details is not None else {},
            unit=shown_unit,
        )
