"""A scorecard over a frame: every store's metric, dimension and overall scores as columns.

The same arithmetic as :meth:`diagrules.Scorecard.evaluate`, one numpy operation per step and
in the same order, so each store's number is the float the per-store path computes: IEEE
operations on float64 are the same in numpy as in Python, ``math.log``/``math.erf`` are called
through ``numpy.frompyfunc`` (numpy's own ``log`` may differ in the last bit), and Python's
``round(x, n)`` — correctly rounded, unlike ``numpy.round`` — is reproduced exactly: numpy's
result is used where ``x·10ⁿ`` is clearly away from a half, Python's ``round`` elsewhere.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from diagrules.authoring.scoring import (
    _Z_EXCELLENT,
    _Z_PASS,
    EXCELLENT_SCORE,
    PASS_SCORE,
    Scorecard,
    ScoredMetric,
)
from diagrules.fleet.frame import Frame


def py_round(x: Any, digits: int) -> Any:
    """``round(v, digits)`` for every float of the array ``x``, exactly as Python rounds it."""
    import numpy as np

    scale = 10.0**digits
    y = x * scale
    k = np.rint(y)
    out = k / scale
    close = np.abs(np.abs(y - k) - 0.5) < 1e-6
    if close.any():
        idx = np.flatnonzero(close)
        out[idx] = [round(v, digits) for v in x[idx].tolist()]
    return out


def metric_scores(m: ScoredMetric, values: Any) -> Any:
    """``m.score(v)`` for every value (absent values may hold anything; mask them afterwards)."""
    import numpy as np

    v = np.nan_to_num(values, nan=m.pass_)
    if m.curve == "lognormal":
        log: Any = np.frompyfunc(math.log, 1, 1)
        erf: Any = np.frompyfunc(math.erf, 1, 1)
        sigma = (math.log(m.excellent) - math.log(m.pass_)) / (_Z_EXCELLENT - _Z_PASS)
        mu = math.log(m.pass_) - _Z_PASS * sigma
        positive = v > 0
        safe = np.where(positive, v, 1.0)
        z = (log(safe).astype(float) - mu) / sigma
        p = 0.5 * (1.0 + erf(z / math.sqrt(2.0)).astype(float))
        p = np.where(positive, p, 0.0 if m.direction == "higher" else 1.0)
        return py_round(100.0 * p, 2)
    span = m.excellent - m.pass_
    worse = v < m.pass_ if m.direction == "higher" else v > m.pass_
    poor = m.pass_ - 2.0 * span if m.poor is None else m.poor
    with np.errstate(all="ignore"):
        good = PASS_SCORE + (v - m.pass_) * (EXCELLENT_SCORE - PASS_SCORE) / span
        bad = PASS_SCORE * (v - poor) / (m.pass_ - poor)
    raw = np.where(worse, bad, good)
    # min(100.0, max(0.0, raw)) as Python picks: max keeps 0.0 unless raw > 0 (so -0.0 → 0.0)
    floor = np.where(raw > 0.0, raw, 0.0)
    return py_round(np.where(floor < 100.0, floor, 100.0), 2)


@attrs.define
class ScoreColumns:
    """One scorecard's results for every store of a frame.

    ``metrics`` maps a scored metric to (its scores, NaN where absent; its pass value);
    ``dimensions`` each dimension's score (NaN where ``None``) in scorecard order and
    ``coverage`` its coverage (rounded as ``DimensionScore.coverage`` is); ``overall``
    the overall score (NaN where ``None``) and ``tier`` the tier id (or ``None``) per store.
    """

    scorecard: Scorecard
    metrics: dict[str, tuple[Any, float]]
    dimensions: list[Any]
    coverage: list[Any]
    overall: Any
    tier: list[str | None]


def score_frame(sc: Scorecard, frame: Frame) -> ScoreColumns | None:
    """``sc.evaluate`` for every store of ``frame`` as columns; ``None`` when a scored metric's
    values are not all floats (the per-store path then scores those stores)."""
    import numpy as np

    n = len(frame)
    metrics: dict[str, tuple[Any, float]] = {}
    dims: list[tuple[float, Any]] = []
    coverages: list[Any] = []
    for d in sc.dimensions:
        total_w = 0.0
        present_w = np.zeros(n)
        acc = np.zeros(n)
        for m in d.metrics:
            total_w += m.weight
            if m.metric in frame.objects:
                return None
            values = frame.floats.get(m.metric)
            if values is None:
                metrics[m.metric] = (np.full(n, np.nan), float(m.pass_))
                continue
            present = frame.present[m.metric]
            scores = metric_scores(m, values)
            metrics[m.metric] = (np.where(present, scores, np.nan), float(m.pass_))
            acc = np.where(present, acc + scores * m.weight, acc)
            present_w = np.where(present, present_w + m.weight, present_w)
        with np.errstate(all="ignore"):
            coverage = present_w / total_w if total_w else np.zeros(n)
            score = py_round(acc / np.where(present_w > 0, present_w, 1.0), 2)
        scored = (present_w > 0) & (coverage >= sc.min_coverage)
        dims.append((d.weight, np.where(scored, score, np.nan)))
        coverages.append(py_round(coverage, 4))
    weighted = [(w, s) for w, s in dims if w > 0]
    all_w = sum(w for w, _ in weighted)
    if sc.aggregation == "min":
        complete = np.ones(n, dtype=bool)
        low = np.full(n, np.inf)
        for _, s in weighted:
            complete &= ~np.isnan(s)
            low = np.minimum(low, np.where(np.isnan(s), np.inf, s))
        overall = np.where(complete & bool(weighted), low, np.nan)
    else:
        known_w: Any = np.zeros(n)
        total: Any = np.zeros(n)
        for w, s in weighted:
            known = ~np.isnan(s)
            known_w = np.where(known, known_w + w, known_w)
            total = np.where(known, total + s * w, total)
        with np.errstate(all="ignore"):
            enough = (known_w > 0) & (known_w / all_w >= sc.min_coverage) if all_w else np.zeros(n, dtype=bool)
            overall = np.where(enough, py_round(total / np.where(known_w > 0, known_w, 1.0), 2), np.nan)
    tier: list[str | None] = [None] * n
    reached = np.zeros(n, dtype=bool)
    for t in sorted(sc.tiers, key=lambda t: -t.min_score):
        here = ~reached & ~np.isnan(overall) & (overall >= t.min_score)
        for i in np.flatnonzero(here).tolist():
            tier[i] = t.id
        reached |= here
    return ScoreColumns(sc, metrics, [s for _, s in dims], coverages, overall, tier)
