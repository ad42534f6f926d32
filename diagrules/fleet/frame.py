"""A frame of stores: the snapshot envelope and the metrics of many stores, parsed per column.

:func:`build_frames` splits a chunk of decoded snapshot documents into frames, one per
(platform, category, seller stage, matching per-store ignores): inside a frame every store is
judged by the same program with the same scorecard benchmarks, so a rule can be evaluated once
over a column. A document the column path does not handle exactly as
:meth:`diagrules.Engine.prepare_document` would — datasets, an unknown key, a value that does not
parse, anything unusual in the envelope — is not put in a frame at all: it is *handed back* to
run on the per-store path, which then reports it (or its problem) exactly as it always has. The
column path therefore never needs a copy of the per-store error messages; it only needs to
recognise the documents that are certainly valid, and to parse their values to the same floats.

Numbers arriving as JSON numbers (the usual case) are checked in bulk with numpy: finite,
within the unit's range, a ratio not written as a percentage, a count whole. Any other value
goes through the metric's own :meth:`~diagrules.Metric.parse`.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any

import attrs

from diagrules.authoring.metrics import Metric, _safe_div
from diagrules.config.selection import store_matches
from diagrules.core.strings import from_label
from diagrules.engine.engine import Engine
from diagrules.io.limits import MAX_KEYS, MAX_STRING_CHARS
from diagrules.plugins.registry import Registry

#: The keys of a snapshot document the column path reads; any other key (``datasets`` with
#: rows, or a typo the model refuses) sends the document to the per-store path.
_ENVELOPE = frozenset({"platform", "store", "as_of", "seller_stage", "category", "metrics", "datasets"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Units whose values are floats: their columns are float arrays checked in bulk.
_FLOAT_UNITS = frozenset({"ratio", "change", "percent", "count", "money", "days", "hours", "seconds",
                          "score", "number"})
#: Integers beyond this go to the per-store path (which bounds them and converts them itself).
_SAFE_INT = 2**62


@attrs.define
class Frame:
    """The stores of one frame and their metric columns.

    ``rows`` are the positions of the frame's stores in the chunk given to :func:`build_frames`.
    A float metric is a float64 array (NaN where absent) with its ``present`` mask; a bool or
    enum metric (and a derived metric whose values are not all floats) is a list of values,
    ``None`` where absent. ``docs`` are the stores' documents and ``names`` the canonical name of
    each metric key of the frame's platform: :meth:`metrics_of` gives a store its metrics in the
    order the per-store path has them (snapshot order, then derived), for rules run per store.
    """

    platform: str
    category: str | None
    seller_stage: str | None
    store_of: str  # one store of the frame: the plan's program for it is the frame's program
    rows: list[int]
    stores: list[str]
    as_of: list[dt.date | None]
    docs: list[dict[str, Any]]
    names: Mapping[Any, str | None]
    floats: dict[str, Any] = attrs.field(factory=dict)
    present: dict[str, Any] = attrs.field(factory=dict)
    objects: dict[str, list[Any]] = attrs.field(factory=dict)
    derived: list[str] = attrs.field(factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def has(self, metric: str) -> Any:
        """The mask of the stores that have ``metric`` (a bool array)."""
        import numpy as np

        if metric in self.present:
            return self.present[metric]
        values = self.objects.get(metric)
        if values is None:
            return np.zeros(len(self.rows), dtype=bool)
        return np.fromiter((v is not None for v in values), dtype=bool, count=len(values))

    def metrics_of(self, i: int) -> dict[str, Any]:
        """Store ``i``'s metrics as the per-store path holds them (canonical name → value)."""
        result: dict[str, Any] = {}
        for key, raw in self.docs[i].get("metrics", {}).items():
            if raw is None or (type(raw) is str and not raw.strip()):
                continue
            name = self.names[key]
            assert name is not None
            result[name] = self._value(name, i)
        for name in self.derived:
            if name not in result and (self.present[name][i] if name in self.present
                                       else self.objects[name][i] is not None):
                result[name] = self._value(name, i)
        return result

    def _value(self, name: str, i: int) -> Any:
        return float(self.floats[name][i]) if name in self.floats else self.objects[name][i]


@attrs.define
class _Pending:
    """A frame being filled: per store its metric names, per metric the raw values by row."""

    key: tuple[str, str | None, str | None, tuple[int, ...]]
    store_of: str
    names: dict[Any, str | None]
    rows: list[int] = attrs.field(factory=list)
    stores: list[str] = attrs.field(factory=list)
    as_of: list[dt.date | None] = attrs.field(factory=list)
    docs: list[dict[str, Any]] = attrs.field(factory=list)
    #: Documents by shape (their metric keys, in order): the rows and the values of each.
    shapes: dict[tuple[Any, ...], tuple[list[int], list[list[Any]]]] = attrs.field(factory=dict)


class FrameBuilder:
    """Sorts documents into frames for one engine; caches what does not depend on a store."""

    def __init__(self, engine: Engine) -> None:
        # not the engine itself: the builders are cached per engine in a weak mapping
        self.plan = engine.plan
        self.registry: Registry = engine.registry
        self._names: dict[str, dict[Any, str | None]] = {}
        self._labels: dict[tuple[str, str], str] = {}
        self._ignores: dict[str, tuple[int, ...]] = {}

    def _resolve(self, names: dict[Any, str | None], key: Any, platform: str) -> str | None:
        """The canonical name of a metric key (cached in ``names``), ``None`` if unknown."""
        name = None
        if type(key) is str and len(key) <= MAX_STRING_CHARS:
            name = self.registry.metric_key(key, platform)
        names[key] = name
        return name

    def _label(self, kind: str, value: str) -> str:
        found = self._labels.get((kind, value))
        if found is None:
            found = self._labels[(kind, value)] = from_label(kind, value)
        return found

    def _matched(self, store: str) -> tuple[int, ...]:
        patterns = self.plan.per_store_ignores
        if not patterns:
            return ()
        found = self._ignores.get(store)
        if found is None:
            found = tuple(i for i, (p, _) in enumerate(patterns) if store_matches(p, store))
            self._ignores[store] = found
        return found

    def _envelope(self, doc: Any) -> tuple[str, str, str | None, str | None, dt.date | None] | None:
        """(platform, store, stage, category, as_of) of a document the column path takes, else None."""
        if type(doc) is not dict or not _ENVELOPE.issuperset(doc):
            return None
        platform, store = doc.get("platform"), doc.get("store")
        if type(platform) is not str or type(store) is not str or not platform or not store:
            return None
        if platform.strip() != platform or store.strip() != store or len(store) > MAX_STRING_CHARS:
            return None
        spec = self.registry.platforms.get(platform)
        if spec is None or doc.get("datasets", {}) != {}:
            return None
        metrics = doc.get("metrics", {})
        if type(metrics) is not dict or len(metrics) > MAX_KEYS:
            return None
        stage, category, as_of = doc.get("seller_stage"), doc.get("category"), doc.get("as_of")
        for value in (stage, category):
            if value is not None and (type(value) is not str or value.strip() != value
                                      or len(value) > MAX_STRING_CHARS):
                return None
        if stage is not None:
            stage = self._label("stage", stage)
            if spec.stages and stage not in spec.stages:
                return None
        if category is not None:
            category = self._label("category", category)
        day = None
        if as_of is not None:
            if type(as_of) is not str or not _ISO_DATE.fullmatch(as_of):
                return None
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError:
                return None
        return platform, store, stage, category, day

    def build(self, docs: Sequence[Any]) -> tuple[list[Frame], list[int]]:
        """The frames of ``docs`` and the positions of the documents left to the per-store path."""
        pending: dict[tuple[str, str | None, str | None, tuple[int, ...]], _Pending] = {}
        per_store: list[int] = []
        metric_specs = self.registry.metrics
        for pos, doc in enumerate(docs):
            envelope = self._envelope(doc)
            if envelope is None:
                per_store.append(pos)
                continue
            platform, store, stage, category, day = envelope
            key = (platform, category, stage, self._matched(store))
            frame = pending.get(key)
            if frame is None:
                names = self._names.setdefault(platform, {})
                frame = pending[key] = _Pending(key, store, names)
            metrics = doc.get("metrics", {})
            shape = tuple(metrics)
            slot = frame.shapes.get(shape)
            if slot is None:
                slot = frame.shapes[shape] = ([], [])
            slot[0].append(len(frame.rows))
            slot[1].append(list(metrics.values()))
            frame.rows.append(pos)
            frame.stores.append(store)
            frame.as_of.append(day)
            frame.docs.append(doc)
        frames = []
        for p in pending.values():
            bad: set[int] = set()
            built = self._columns(p, metric_specs, bad)
            self._derive(built, bad)
            per_store += [p.rows[row] for row in sorted(bad)]
            kept = built if not bad else _without(built, bad)
            if kept.rows:
                frames.append(kept)
        per_store.sort()
        return frames, per_store

    def _columns(self, p: _Pending, specs: Mapping[str, Metric], bad: set[int]) -> Frame:
        """The metric columns of a pending frame; the rows of values that do not parse go to ``bad``.

        Each shape of document is a table whose columns are taken out whole; a key that is not
        a metric of the platform marks the rows that give it a value, and so does a metric
        given twice (under its name and an alias).
        """
        import numpy as np

        n = len(p.rows)
        platform, category, stage, _ = p.key
        frame = Frame(platform, category, stage, p.store_of, p.rows, p.stores, p.as_of, p.docs, p.names)
        for shape, (rows, values) in p.shapes.items():
            where = np.array(rows, dtype=np.intp)
            given: dict[str, Any] = {}
            table = _table(values)
            for j, key in enumerate(shape):
                raws = list(map(operator.itemgetter(j), values)) if table is None else []
                name = p.names[key] if key in p.names else self._resolve(p.names, key, platform)
                if name is None:  # unknown: only a blank value is harmless (and a float is not blank)
                    bad.update(rows if table is not None else [rows[r] for r, raw in enumerate(raws) if not _blank(raw)])
                    continue
                metric = specs[name]
                if metric.unit in _FLOAT_UNITS:
                    if table is not None:
                        arr, present = table[:, j], np.ones(len(rows), dtype=bool)
                        wrong = _out_of_range(metric, arr, present)
                    else:
                        arr, present, wrong = _float_column(metric, raws)
                    if name not in frame.floats:
                        frame.floats[name] = np.full(n, np.nan)
                        frame.present[name] = np.zeros(n, dtype=bool)
                    target = where[present]
                    frame.floats[name][target] = arr[present]
                    frame.present[name][target] = True
                else:
                    raws = raws or list(map(operator.itemgetter(j), values))
                    column = frame.objects.setdefault(name, [None] * n)
                    present = np.zeros(len(rows), dtype=bool)
                    wrong = []
                    for r, raw in enumerate(raws):
                        if _blank(raw):
                            continue
                        try:
                            column[rows[r]] = metric.parse(raw)
                        except Exception:
                            wrong.append(r)
                        present[r] = True
                bad.update(rows[r] for r in wrong)
                if name in given:  # a metric given twice in one document
                    bad.update(where[given[name] & present].tolist())
                    given[name] = given[name] | present
                else:
                    given[name] = present
        return frame

    def _derive(self, frame: Frame, bad: set[int]) -> None:
        """Fill derived metrics column by column, as :func:`diagrules.engine.snapshot.derive` does per store.

        A ratio (:func:`diagrules.ratio`) is one array division; any other derivation is called
        per store that lacks the metric and has its inputs. A store whose derivation raises is
        handed back to the per-store path, which reports the problem.
        """
        import numpy as np

        n = len(frame.rows)
        for name in self.registry.derivation_order:
            derivation = self.registry.metrics[name].derive
            todo = ~frame.has(name)
            if not todo.any():
                continue
            values: Any = np.full(n, np.nan)
            found = np.zeros(n, dtype=bool)
            objects: list[Any] | None = None
            for d in derivation.chain() if derivation is not None else ():
                if d.datasets or any(m not in frame.floats and m not in frame.objects for m in d.metrics):
                    continue
                ready = todo & ~found
                for m in d.metrics:
                    ready &= frame.has(m)
                if not ready.any():
                    continue
                if d.fn is _safe_div and all(m in frame.floats for m in d.metrics):
                    a, b = (frame.floats[m] for m in d.metrics)
                    ok = ready & (b != 0)
                    with np.errstate(all="ignore"):
                        values = np.where(ok, a / np.where(ok, b, 1.0), values)
                    found |= ok
                    continue
                if objects is None:
                    objects = [None if not found[i] else float(values[i]) for i in range(n)]
                for i in np.flatnonzero(ready).tolist():
                    args = [frame.floats[m][i].item() if m in frame.floats else frame.objects[m][i]
                            for m in d.metrics]
                    try:
                        value = d.fn(*args)
                    except Exception:
                        bad.add(i)
                        continue
                    if value is not None:
                        objects[i] = value
                        found[i] = True
            if not found.any():
                continue
            _merge(frame, name, values, found, objects)
            frame.derived.append(name)


def _merge(frame: Frame, name: str, values: Any, found: Any, objects: list[Any] | None) -> None:
    """Put the derived values of ``name`` (where ``found``) beside the stores that gave it."""
    import numpy as np

    if objects is None and name not in frame.objects:
        if name in frame.floats:
            values = np.where(found, values, frame.floats[name])
            found = found | frame.present[name]
        frame.floats[name], frame.present[name] = values, found
        return
    if objects is None:
        objects = [float(v) if f else None for v, f in zip(values.tolist(), found.tolist(), strict=True)]
    given = frame.objects.pop(name, None)
    if name in frame.floats:
        given = [float(v) if f else None for v, f in
                 zip(frame.floats.pop(name).tolist(), frame.present.pop(name).tolist(), strict=True)]
    merged = objects if given is None else [o if f else g for o, g, f in zip(objects, given, found.tolist(), strict=True)]
    if all(v is None or type(v) is float for v in merged):
        frame.floats[name] = np.array([np.nan if v is None else v for v in merged], dtype=float)
        frame.present[name] = np.array([v is not None for v in merged], dtype=bool)
    else:
        frame.objects[name] = merged


def _table(values: list[list[Any]]) -> Any:
    """The values of one shape as a float table when they are all JSON numbers (the usual
    case: one conversion for the whole table), else ``None``."""
    import numpy as np

    types = set(map(type, chain.from_iterable(values)))
    if not types or not types <= {float, int}:
        return None
    table = np.array(values, dtype=float)
    if int in types and (np.abs(table) >= _SAFE_INT).any():  # a huge integer: parsed one by one
        return None
    return table


def _blank(raw: Any) -> bool:
    return raw is None or (type(raw) is str and not raw.strip())


def _float_column(metric: Metric, raws: list[Any]) -> tuple[Any, Any, list[int]]:
    """A float metric's values from one shape's column: (values, present, positions of bad values).

    JSON numbers are converted and checked in bulk; any other value is parsed by the metric.
    """
    import numpy as np

    n = len(raws)
    types = set(map(type, raws))
    if types <= {float, int} and (int not in types or all(-_SAFE_INT < v < _SAFE_INT for v in raws if type(v) is int)):
        arr = np.array(raws, dtype=float)
        present = np.ones(n, dtype=bool)
        wrong: list[int] = []
    else:
        arr = np.full(n, np.nan)
        present = np.zeros(n, dtype=bool)
        wrong = []
        for j, raw in enumerate(raws):
            t = type(raw)
            if t is float or (t is int and -_SAFE_INT < raw < _SAFE_INT):
                arr[j] = raw
                present[j] = True
            elif _blank(raw):
                continue
            elif t is str and len(raw) > MAX_STRING_CHARS:
                wrong.append(j)
            else:
                try:
                    parsed = metric.parse(raw)
                except Exception:
                    wrong.append(j)
                    continue
                if type(parsed) is not float:  # a float unit's parser returns floats; be safe
                    wrong.append(j)
                    continue
                arr[j] = parsed
                present[j] = True
    # A string parsed above passed the unit's checks already, so it passes them again.
    return arr, present, wrong + _out_of_range(metric, arr, present)


def _out_of_range(metric: Metric, arr: Any, present: Any) -> list[int]:
    """The positions of values the metric's parser refuses: not finite, outside
    :attr:`Metric.number_range` (a ratio written as a percentage is above 1), a count not whole."""
    import numpy as np

    bounds = metric.number_range
    lo, hi = bounds if bounds is not None else (-math.inf, math.inf)
    with np.errstate(invalid="ignore"):
        out = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
        if metric.unit == "count":
            out |= arr != np.floor(arr)
        out &= present
    return list(np.flatnonzero(out).tolist())


def _without(frame: Frame, bad: set[int]) -> Frame:
    """``frame`` less the stores in ``bad``."""
    import numpy as np

    keep = [i for i in range(len(frame.rows)) if i not in bad]
    idx = np.array(keep, dtype=np.intp)
    return Frame(
        frame.platform, frame.category, frame.seller_stage, frame.store_of,
        rows=[frame.rows[i] for i in keep], stores=[frame.stores[i] for i in keep],
        as_of=[frame.as_of[i] for i in keep],
        floats={k: v[idx] for k, v in frame.floats.items()},
        present={k: v[idx] for k, v in frame.present.items()},
        objects={k: [v[i] for i in keep] for k, v in frame.objects.items()},
        docs=[frame.docs[i] for i in keep], names=frame.names, derived=frame.derived,
    )
