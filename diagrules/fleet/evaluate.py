"""Evaluate a chunk of stores: column operations where a rule allows it, the per-store engine elsewhere.

:func:`evaluate_frame` is the one entry point. The chunk is sorted into frames
(:mod:`diagrules.fleet.frame`); in each frame every selected rule of the program is, in report
order, one of:

* **not applicable / skipped for the whole frame** — another platform's rule, a stage the frame
  is not in, a history rule (a fleet runs without history), a rule needing a dataset;
* **a column operation** — a declarative threshold check (:mod:`diagrules.fleet.checks`) or a
  rule that declares a vector form (``rule(..., vector=...)``), over the stores that have its
  required metrics (the others are ``skipped``, as per store);
* **per store** — everything else (waivers, rules reading datasets or the score in ways only
  their code knows): it runs through the engine's own rule runner, store by store, with the
  store's metrics and scores exactly as :meth:`~diagrules.Engine.evaluate` would give them.

Documents the frames do not take run on :meth:`~diagrules.Engine.evaluate_document`. Finding rows
of every source are then put in store order and, within a store, in report order.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import weakref
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from typing import Any

from diagrules.authoring.context import RuleContext
from diagrules.authoring.scoring import Scorecard
from diagrules.config.checks import ThresholdCheck
from diagrules.core.errors import SnapshotError
from diagrules.core.model import Finding, Report, ScorecardResult, Severity, Status
from diagrules.engine.engine import Engine, InvalidSnapshot
from diagrules.engine.plan import CompiledRule
from diagrules.fleet.checks import check_findings
from diagrules.fleet.columns import FINDING_COLUMNS, STORE_COLUMNS, FleetResult
from diagrules.fleet.found import Found
from diagrules.fleet.frame import Frame, FrameBuilder
from diagrules.fleet.scores import ScoreColumns, score_frame
from diagrules.fleet.vector import vector_findings

_LABELS = {s: s.label for s in Severity}
_BUILDERS: weakref.WeakKeyDictionary[Engine, FrameBuilder] = weakref.WeakKeyDictionary()


class _LazyScores(Mapping[str, ScorecardResult]):
    """A store's scorecard results, computed only if a per-store rule (or the store row) reads them."""

    __slots__ = ("_done", "_scorecards", "metrics")

    def __init__(self, scorecards: Sequence[Scorecard], metrics: Mapping[str, Any]) -> None:
        self._scorecards = scorecards
        self.metrics = metrics
        self._done: dict[str, ScorecardResult] | None = None

    def _all(self) -> dict[str, ScorecardResult]:
        if self._done is None:
            self._done = {sc.id: sc.evaluate(self.metrics) for sc in self._scorecards}
        return self._done

    def __getitem__(self, key: str) -> ScorecardResult:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._scorecards)


def _pick(values: Sequence[Any], positions: list[int]) -> list[Any]:
    """``[values[i] for i in positions]``, in C (``operator.itemgetter``)."""
    if len(positions) == 1:
        return [values[positions[0]]]
    return list(operator.itemgetter(*positions)(values)) if positions else []


class _Rows:
    """Finding rows collected from every path, with the key that puts them in order."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {c: [] for c in FINDING_COLUMNS}
        self.doc: list[int] = []
        self.pos: list[int] = []

    def add_report(self, doc: int, source: str | None, report: Report, lang: str) -> None:
        for f in report.findings:
            self.add_finding(doc, 0, report.store, f, lang, source)

    def add_invalid(self, doc: int, source: str | None, invalid: InvalidSnapshot, problem: str) -> None:
        values = (invalid.store, source, None, None, "invalid", None, None, None, problem)
        for c, v in zip(FINDING_COLUMNS, values, strict=True):
            self.columns[c].append(v)
        self.doc.append(doc)
        self.pos.append(0)

    def add_finding(self, doc: int, pos: int, store: str, f: Finding, lang: str, source: str | None = None) -> None:
        c = self.columns
        c["store"].append(store)
        c["source"].append(source)
        c["rule"].append(f.rule)
        c["severity"].append(f.severity.label)
        c["status"].append("failed")
        c["observed"].append(f.observed)
        c["threshold"].append(f.threshold)
        c["item"].append(f.item)
        c["message"].append(f.message.get(lang))
        self.doc.append(doc)
        self.pos.append(pos)

    def add_found(self, frame: Frame, pos: int, found: Found, lang: str) -> None:
        c = self.columns
        stores = found.stores
        if not stores:
            return
        c["store"] += _pick(frame.stores, stores)
        c["source"] += [None] * len(stores)  # filled in by the caller, which knows the sources
        c["rule"] += [found.rule] * len(stores)
        c["severity"] += [_LABELS[s] for s in found.severities]
        c["status"] += ["failed"] * len(stores)
        c["observed"] += found.observed
        c["threshold"] += found.threshold
        c["item"] += found.items
        c["message"] += found.messages(lang)
        self.doc += _pick(frame.rows, stores)
        self.pos += [pos] * len(stores)

    def ordered(self, sources: Sequence[str | None]) -> dict[str, list[Any]]:
        """The columns sorted by document, then report position (stable: a rule's own order)."""
        import numpy as np

        n = len(self.doc)
        if not n:
            return self.columns
        doc = np.array(self.doc, dtype=np.int64)
        perm = np.lexsort((np.array(self.pos, dtype=np.int64), doc))
        if np.array_equal(perm, np.arange(n)):
            self.columns["source"] = _pick(sources, self.doc)
            return self.columns
        order = perm.tolist()
        # the source follows from the (sorted) document; the other columns are permuted
        self.columns["source"] = _pick(sources, doc[perm].tolist())
        return {name: col if name == "source" else _pick(col, order) for name, col in self.columns.items()}


def evaluate_frame(
    engine: Engine,
    docs: Sequence[Any],
    *,
    lang: str = "en",
    sources: Sequence[str | None] | None = None,
) -> FleetResult:
    """Diagnose ``docs`` (decoded snapshot documents) with ``engine``, as columns.

    The rows are those :meth:`~diagrules.Engine.evaluate` and ``finding_rows`` give store by
    store — the same findings, in the same order, with the same messages in ``lang`` — and one
    summary row per store. A document may also be a :class:`~diagrules.SnapshotError` (a line
    that did not decode); it becomes an ``invalid`` store. ``sources`` names each document's
    origin (``"stores.jsonl:17"``) for the ``source`` columns and error locations.
    """
    docs = list(docs)
    src: list[str | None] = list(sources) if sources is not None else [None] * len(docs)
    if len(src) != len(docs):
        raise ValueError(f"evaluate_frame: {len(docs)} documents but {len(src)} sources")
    rows = _Rows()
    store_rows: list[tuple[Any, ...] | None] = [None] * len(docs)
    invalid: list[InvalidSnapshot] = []
    if engine.history is None:
        builder = _BUILDERS.get(engine)
        if builder is None:
            builder = _BUILDERS[engine] = FrameBuilder(engine)
        frames, per_store = builder.build(docs)
    else:  # a history fills metrics and records runs store by store
        frames, per_store = [], list(range(len(docs)))
    for frame in frames:
        _evaluate(engine, frame, lang, rows, store_rows, src)
    for i in per_store:
        doc = docs[i]
        try:
            if isinstance(doc, SnapshotError):
                raise doc
            report = engine.evaluate_document(doc, source=src[i])
        except SnapshotError as exc:
            bad = InvalidSnapshot(exc.store, exc.location, exc.headline, exc.problems)
            problem = "; ".join([bad.error, *bad.problems])
            invalid.append(bad)
            rows.add_invalid(i, src[i], bad, problem)
            platform = doc.get("platform") if isinstance(doc, dict) else None
            store_rows[i] = (bad.store, src[i], platform if isinstance(platform, str) else None, "invalid",
                             None, 0, 0, 0, 0, 0, 0, None, None, problem)
            continue
        rows.add_report(i, src[i], report, lang)
        store_rows[i] = _report_row(report, src[i])
    columns = rows.ordered(src)
    stores: dict[str, list[Any]] = {c: [] for c in STORE_COLUMNS}
    for row in store_rows:
        assert row is not None
        for c, v in zip(STORE_COLUMNS, row, strict=True):
            stores[c].append(v)
    return FleetResult(findings=columns, stores=stores, invalid=invalid)


def _report_row(report: Report, source: str | None) -> tuple[Any, ...]:
    sev = [f.severity for f in report.findings]
    worst = max(sev, default=None)
    counts = report.counts()
    score = report.scores[0] if report.scores else None
    return (
        report.store, source, report.platform, "incomplete" if report.input_errors else "diagnosed",
        worst.label if worst is not None else None,
        sum(1 for s in sev if s >= Severity.ERROR), sum(1 for s in sev if s == Severity.WARNING),
        sum(1 for s in sev if s == Severity.INFO), len(sev),
        counts[Status.FAILED.value], counts[Status.ERROR.value],
        score.overall if score else None, score.tier if score else None, None,
    )


def _ready(compiled: CompiledRule, frame: Frame) -> list[int] | None:
    """The stores with every metric the rule requires (``None``: all of them). The others are
    ``skipped`` — or ``waived``; either way without a finding — so the rule need not run there."""
    import numpy as np

    if not compiled.rule.requires:
        return None
    ready = np.ones(len(frame), dtype=bool)
    for m in compiled.rule.requires:
        ready &= frame.has(m)
    return None if ready.all() else np.flatnonzero(ready).tolist()


def _static_outcome(compiled: CompiledRule, frame: Frame) -> bool:
    """Whether the rule's outcome is the same non-running one for every store of the frame
    (not applicable: platform, stage, history; skipped: a dataset, which no frame store has)."""
    r = compiled.rule
    if not r.applies_to(frame.platform):
        return True
    if r.stages and frame.seller_stage not in r.stages:
        return True
    if r.history:  # a fleet runs without history: not_applicable, whatever the waivers say
        return True
    return bool(r.datasets) and not compiled.waivers


class _Stats:
    """Per store of a frame: findings by severity, worst severity, failed and errored rules."""

    def __init__(self, n: int) -> None:
        import numpy as np

        self.n = n
        self.by_severity = {s: np.zeros(n, dtype=np.int64) for s in Severity}
        self.failed = np.zeros(n, dtype=np.int64)
        self.errors = np.zeros(n, dtype=np.int64)
        self._stores: list[list[int]] = []
        self._severities: list[list[Severity]] = []

    def add(self, stores: list[int], severities: list[Severity]) -> None:
        """One column rule's findings (frame rows, severities); counted in :meth:`count`."""
        if stores:
            self._stores.append(stores)
            self._severities.append(severities)

    def count(self) -> None:
        """Add the column rules' findings to the counts: by severity, and one failed rule per
        (rule, store) with a finding."""
        import numpy as np

        if not self._stores:
            return
        where = np.fromiter(chain.from_iterable(self._stores), dtype=np.intp)
        sev = np.fromiter(map(int, chain.from_iterable(self._severities)), dtype=np.int64)
        for s, counts in self.by_severity.items():
            counts += np.bincount(where[sev == int(s)], minlength=self.n)
        # A rule's rows are ascending, so its first finding per store starts a run: count runs.
        starts = np.cumsum([0] + [len(x) for x in self._stores[:-1]])
        first = np.ones(len(where), dtype=bool)
        first[1:] = where[1:] != where[:-1]
        first[starts] = True
        self.failed += np.bincount(where[first], minlength=self.n)


def _evaluate(
    engine: Engine, frame: Frame, lang: str, rows: _Rows, store_rows: list[tuple[Any, ...] | None],
    sources: Sequence[str | None],
) -> None:
    """Diagnose one frame: column operations first, then the per-store rules, then the store rows."""
    import numpy as np

    plan = engine.plan
    program = plan.program_for(frame.platform, frame.store_of)
    scorecards = plan.scorecards_for(frame.platform, frame.category) if frame.platform in plan.scorecards else []
    n = len(frame)
    stats = _Stats(n)
    general: list[tuple[int, list[int] | None]] = []  # position, and the only stores to run it on
    by_id = {sc.id: sc for sc in scorecards}
    columns: dict[str, ScoreColumns | None] = {}

    def score_columns(scorecard: str) -> ScoreColumns | None:
        if scorecard not in columns:
            sc = by_id.get(scorecard)
            columns[scorecard] = score_frame(sc, frame) if sc is not None else None
        return columns[scorecard]

    for pos, compiled in enumerate(program.rules):
        if _static_outcome(compiled, frame):
            continue
        found: Found | None = None
        r = compiled.rule
        if not compiled.waivers and isinstance(r.fn, ThresholdCheck):
            found = check_findings(compiled, r.fn, frame)
        elif not compiled.waivers and r.vector is not None:
            found = vector_findings(compiled, frame, score_columns)
        if found is None:
            general.append((pos, _ready(compiled, frame)))
            continue
        rows.add_found(frame, pos, found, lang)
        stats.add(found.stores, found.severities)
        if found.declined:
            general.append((pos, found.declined))
    lazy: list[_LazyScores | None] = [None] * n

    def scores_of(i: int) -> _LazyScores:
        s = lazy[i]
        if s is None:
            s = lazy[i] = _LazyScores(scorecards, frame.metrics_of(i))
        return s

    general = [(pos, stores) for pos, stores in general if stores is None or stores]
    if general:
        today = engine._today or dt.date.today()
        only = {pos: set(stores) for pos, stores in general if stores is not None}
        everyone = len(only) < len(general)
        for i in range(n) if everyone else sorted(set().union(*only.values())):
            s = scores_of(i)
            ctx = RuleContext(
                store=frame.stores[i], platform=frame.platform, metrics=s.metrics, datasets={},
                scores=s, seller_stage=frame.seller_stage, category=frame.category,
                as_of=frame.as_of[i], history=None,
            )
            for pos, _ in general:
                if pos in only and i not in only[pos]:
                    continue
                found_here: list[Finding] = []
                outcome = engine._outcome(program.rules[pos], ctx, today, found_here, {})
                if outcome.status is Status.FAILED:
                    stats.failed[i] += 1
                elif outcome.status is Status.ERROR:
                    stats.errors[i] += 1
                for f in found_here:
                    stats.by_severity[f.severity][i] += 1
                    rows.add_finding(frame.rows[i], pos, frame.stores[i], f, lang)
    stats.count()
    first = score_columns(scorecards[0].id) if scorecards else None
    if first is not None:
        overall: list[float | None] = [None if math.isnan(v) else v for v in first.overall.tolist()]
        tiers = first.tier
    else:
        overall, tiers = _scores(scorecards, frame, scores_of)
    by = stats.by_severity
    errors = (by[Severity.ERROR] + by[Severity.CRITICAL]).tolist()
    warnings, infos = by[Severity.WARNING].tolist(), by[Severity.INFO].tolist()
    total = (by[Severity.INFO] + by[Severity.WARNING] + by[Severity.ERROR] + by[Severity.CRITICAL]).tolist()
    labels = [None, *(s.label for s in Severity)]  # lowest first: the worst present one wins
    rank = np.zeros(n, dtype=np.intp)
    for k, sev in enumerate(Severity, start=1):
        rank[by[sev] > 0] = k
    worst = _pick(labels, rank.tolist())
    for doc, row in zip(frame.rows, zip(
        frame.stores, _pick(sources, frame.rows), [frame.platform] * n, ["diagnosed"] * n, worst, errors,
        warnings, infos, total, stats.failed.tolist(), stats.errors.tolist(), overall, tiers, [None] * n,
        strict=True,
    ), strict=True):
        store_rows[doc] = row


def _scores(
    scorecards: Sequence[Scorecard], frame: Frame, scores_of: Any
) -> tuple[list[float | None], list[str | None]]:
    """The first scorecard's overall score and tier of every store of the frame."""
    n = len(frame)
    if not scorecards:
        return [None] * n, [None] * n
    first = scorecards[0].id
    results = [scores_of(i)[first] for i in range(n)]
    return [r.overall for r in results], [r.tier for r in results]
