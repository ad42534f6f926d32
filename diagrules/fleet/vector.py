"""Running a rule's vector form (``rule(..., vector=fn)``) over a frame.

The rule-authoring side (:class:`~diagrules.StoreColumns`, :class:`~diagrules.VectorFindings`)
says what a vector form reads and returns; this module gives it the frame's columns — only the
stores that have every metric the rule requires, as the per-store runner would skip the others —
and turns what it returns into finding rows with the severities and messages ``ctx.finding``
would have given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from diagrules.authoring.rules import VectorFindings
from diagrules.core.convert import name_of
from diagrules.core.i18n import Text
from diagrules.core.model import Severity
from diagrules.engine.plan import CompiledRule
from diagrules.fleet.found import Found
from diagrules.fleet.frame import Frame
from diagrules.fleet.messages import render
from diagrules.fleet.scores import ScoreColumns

#: Raise a vector form's exception instead of running its rule per store: for the differential
#: tests, where a vector form that fails must be seen, not quietly replaced by the slow path.
STRICT = False


class FrameColumns:
    """:class:`~diagrules.StoreColumns` over the stores ``rows`` of a frame."""

    def __init__(self, frame: Frame, rows: Any, scores: Callable[[str], ScoreColumns | None]) -> None:
        self._frame = frame
        self._rows = rows
        self._scores = scores

    @property
    def size(self) -> int:
        return len(self._rows)

    def values(self, metric: Any) -> Any:
        import numpy as np

        name = name_of(metric)
        if name in self._frame.objects:
            raise TypeError(f"{name} is not a float metric of these stores")
        found = self._frame.floats.get(name)
        return np.full(len(self._rows), np.nan) if found is None else found[self._rows]

    def scored(self, scorecard: str, metric: Any) -> tuple[Any, float] | None:
        columns = self._scores(scorecard)
        if columns is None:
            return None
        found = columns.metrics.get(name_of(metric))
        if found is None:
            return None
        scores, pass_value = found
        return scores[self._rows], pass_value

    def dimensions(self, scorecard: str) -> list[tuple[str, Any, Any]] | None:
        columns = self._scores(scorecard)
        if columns is None:
            return None
        return [(d.id, score[self._rows], coverage[self._rows])
                for d, score, coverage in zip(columns.scorecard.dimensions, columns.dimensions,
                                              columns.coverage, strict=True)]


def _column(value: Any, n: int) -> tuple[Any, bool]:
    """``value`` as given and whether it is one entry per row (a sequence that is not a string)."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        return value, False
    if len(value) != n:
        raise ValueError(f"a vector form gave {len(value)} values for {n} findings")
    return list(value), True


def vector_findings(
    compiled: CompiledRule, frame: Frame, scores: Callable[[str], ScoreColumns | None]
) -> Found | None:
    """The findings of ``compiled``'s vector form over ``frame``; ``None`` if it raised (the rule
    then runs per store, where the same problem becomes its ``error`` outcome)."""
    import numpy as np

    r = compiled.rule
    form = r.vector
    assert form is not None
    if any(m in frame.objects for m in r.requires):
        return None
    ready = np.ones(len(frame), dtype=bool)
    for m in r.requires:
        ready &= frame.has(m)
    rows = np.flatnonzero(ready)
    try:
        got = form(FrameColumns(frame, rows, scores), compiled.params)
        if not isinstance(got, VectorFindings):
            raise TypeError(f"a vector form returned {type(got).__name__}, expected VectorFindings")
        return _found(compiled, got, rows)
    except Exception:
        if STRICT:
            raise
        return None


def _found(compiled: CompiledRule, got: VectorFindings, rows: Any) -> Found:
    r = compiled.rule
    n = len(got.rows)
    stores = rows[list(got.rows)].tolist() if n else []
    observed, _ = _column(got.observed, n)
    if len(observed) != n:
        raise ValueError(f"a vector form gave {len(observed)} observed values for {n} findings")
    threshold, threshold_varies = _column(got.threshold, n)
    given, severity_varies = _column(got.severity, n)
    chosen: Sequence[Severity | None] = given if severity_varies else [given] * n
    fixed = compiled.severity_fixed
    severities = [compiled.severity if (s is None or fixed) else s for s in chosen]
    unit = got.unit or r.unit
    units: dict[str, str | None] = {"observed": unit, "threshold": unit} if unit else {}
    units.update(got.units)
    templates: Sequence[Text] | None = None
    if got.message is None or isinstance(got.message, Text):
        template = got.message or r.message or r.title
    else:
        templates, template = list(got.message), r.title
        if len(templates) != n:
            raise ValueError(f"a vector form gave {len(templates)} messages for {n} findings")
    values: dict[str, Any] = {"observed": observed, "threshold": threshold, "comparison": got.comparison,
                              "item": None}
    columns = {"observed"} | ({"threshold"} if threshold_varies else set())
    for k, v in got.values.items():
        values[k], varies = _column(v, n)
        if varies:
            columns.add(k)
    texts: Mapping[str, Callable[[str], Sequence[str]]] = got.texts

    def messages(lang: str) -> list[str]:
        written = {k: list(fn(lang)) for k, fn in texts.items()}
        return render(template, lang, n, values, units, written, frozenset(columns), templates)

    declined = rows[list(got.declined)].tolist() if len(got.declined) else []
    return Found(r.id, stores, severities, observed, threshold if threshold_varies else [threshold] * n,
                 [None] * n, messages, declined)
