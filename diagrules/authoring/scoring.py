"""Scorecards: metric → dimension → overall score → tier.

A scorecard is data, so that a plugin can ship a scoring model (AliExpress's seven abilities,
a star-level model) and users can move its band values per industry without code.

**Metric scores.** Each metric is scored 0–100 from its band values: ``pass_`` scores 60 and
``excellent`` scores 90 (the "及格"/"优秀" marks operators already think in). The direction
follows from their order — a lower-is-better metric has ``excellent < pass_`` — and ``better``
may state it explicitly so that a benchmark override that flips the order is an error instead
of a silently inverted score. Two curves:

* ``linear``: a straight line through pass and excellent, capped at 100; below pass it falls
  to 0 at ``poor`` (default: where the same line reaches 0, ``pass − 2·(excellent − pass)``).
* ``lognormal``: Lighthouse's curve (``p10``/``median`` control points, here excellent → 90 and
  pass → 60) for metrics that span orders of magnitude such as visitors or payment amount,
  where doubling matters the same at 100 and at 10 000.

Scores fall into three bands (:func:`band_of`): ``poor`` below 60, ``pass`` from 60, and
``excellent`` from 90 — the colour bands of a report.

**Dimension scores** are the weighted mean of the metrics *present*, as Lighthouse averages
audits: a missing metric is not a zero. ``coverage`` is the share of the dimension's metric
weight that was present; below ``min_coverage`` the score is ``None`` — unknown, never 0,
because too few numbers would make a score that says more than the data does. Metrics of
weight 0 are shown but not counted (Lighthouse's "informative" audits).

**Overall.** ``aggregation="mean"``: the weighted mean of the scored dimensions, ``None`` when
they carry less than ``min_coverage`` of the dimension weight. ``aggregation="min"``: the
lowest dimension caps the level (Alibaba.com's star rating): the overall score is the lowest
dimension score, and ``None`` unless every weighted dimension could be scored, since an
unscored dimension might be the lowest. Tiers are read from the overall score; ladders place
one metric's raw value on steps (AliExpress's payment-amount tiers L1–L5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from diagrules.authoring.metrics import Better
from diagrules.core.convert import as_tuple, name_of
from diagrules.core.i18n import Text
from diagrules.core.model import DimensionScore, MetricScore, ScorecardResult

Curve = Literal["linear", "lognormal"]
"""How a scored metric's 0–100 score grows between its pass and excellent values."""
Aggregation = Literal["mean", "min"]
Band = Literal["poor", "pass", "excellent"]

#: The score a metric gets at its ``pass_`` value and at its ``excellent`` value.
PASS_SCORE = 60.0
EXCELLENT_SCORE = 90.0

_Z_PASS = 0.2533471031357997  # Φ⁻¹(0.60)
_Z_EXCELLENT = 1.2815515655446004  # Φ⁻¹(0.90)


def band_of(score: float) -> Band:
    """The band a 0–100 score falls in: ``excellent`` ≥ 90, ``pass`` ≥ 60, else ``poor``."""
    if score >= EXCELLENT_SCORE:
        return "excellent"
    if score >= PASS_SCORE:
        return "pass"
    return "poor"


def _number(value: Any) -> float | None:
    """A metric value usable for scoring, or ``None`` (absent, text, flag, NaN)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    v = float(value)
    return v if math.isfinite(v) else None


def _check_weight(what: str, weight: float) -> None:
    if not math.isfinite(weight) or weight < 0:
        raise ValueError(f"{what}: weight must be a finite number ≥ 0, got {weight!r}")


@attrs.frozen
class ScoredMetric:
    """How one metric is scored: band values, curve, weight inside its dimension.

    ``metric`` is a :class:`~diagrules.Metric` or its name. ``poor`` (linear curves only) is
    the value at which the score reaches 0. ``better``, when given, must agree with the order
    of ``pass_`` and ``excellent``.
    """

    metric: str = attrs.field(converter=name_of)
    pass_: float
    excellent: float
    weight: float = 1.0
    curve: Curve = "linear"
    poor: float | None = None
    better: Better | None = None

    def __attrs_post_init__(self) -> None:
        m = self.metric
        values = [self.pass_, self.excellent] + ([] if self.poor is None else [self.poor])
        if not all(math.isfinite(v) for v in values):
            raise ValueError(f"{m}: band values must be finite numbers")
        if self.pass_ == self.excellent:
            raise ValueError(f"{m}: pass and excellent must differ (got {self.pass_:g} for both)")
        _check_weight(m, self.weight)
        if self.curve not in ("linear", "lognormal"):
            raise ValueError(f"{m}: unknown curve {self.curve!r}; use 'linear' or 'lognormal'")
        if self.better is not None and self.better != self.direction:
            order = "above" if self.better == "higher" else "below"
            raise ValueError(
                f"{m}: {self.better} is better, so excellent ({self.excellent:g}) must be {order} "
                f"pass ({self.pass_:g})"
            )
        if self.curve == "lognormal":
            if self.pass_ <= 0 or self.excellent <= 0:
                raise ValueError(f"{m}: a lognormal curve needs positive pass and excellent values")
            if self.poor is not None:
                raise ValueError(f"{m}: 'poor' applies to linear curves only")
        if self.poor is not None and (self.poor - self.pass_) * (self.excellent - self.pass_) >= 0:
            raise ValueError(
                f"{m}: poor ({self.poor:g}) must be on the far side of pass ({self.pass_:g}) from "
                f"excellent ({self.excellent:g})"
            )

    @property
    def direction(self) -> Better:
        """``"higher"`` or ``"lower"``: which way is better, read from the band order."""
        return "higher" if self.excellent > self.pass_ else "lower"

    def worse_than_pass(self, value: float) -> bool:
        """Whether ``value`` is strictly on the wrong side of the pass value."""
        return value < self.pass_ if self.direction == "higher" else value > self.pass_

    def score(self, value: float) -> float:
        """The 0–100 score of ``value`` (rounded to 2 decimals, like Lighthouse)."""
        if self.curve == "lognormal":
            return round(100.0 * self._lognormal(value), 2)
        span = self.excellent - self.pass_
        if not self.worse_than_pass(value):
            raw = PASS_SCORE + (value - self.pass_) * (EXCELLENT_SCORE - PASS_SCORE) / span
        else:
            poor = self.pass_ - 2.0 * span if self.poor is None else self.poor
            raw = PASS_SCORE * (value - poor) / (self.pass_ - poor)
        return round(min(100.0, max(0.0, raw)), 2)

    def _lognormal(self, value: float) -> float:
        if value <= 0:
            return 0.0 if self.direction == "higher" else 1.0
        sigma = (math.log(self.excellent) - math.log(self.pass_)) / (_Z_EXCELLENT - _Z_PASS)
        mu = math.log(self.pass_) - _Z_PASS * sigma
        z = (math.log(value) - mu) / sigma
        return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))

    def with_band(self, band: Mapping[str, float]) -> ScoredMetric:
        """A copy with new band values (keys ``pass``, ``excellent``, ``poor``).

        Moving pass or excellent without giving ``poor`` drops an explicit ``poor``: it was
        chosen relative to the old band and may now lie on the wrong side.
        """
        pass_ = float(band.get("pass", self.pass_))
        excellent = float(band.get("excellent", self.excellent))
        poor: float | None = self.poor
        if "poor" in band:
            poor = float(band["poor"])
        elif (pass_, excellent) != (self.pass_, self.excellent):
            poor = None
        return attrs.evolve(self, pass_=pass_, excellent=excellent, poor=poor)


@attrs.frozen
class Dimension:
    """A group of scored metrics with a weight in the overall score (an "ability")."""

    id: str
    label: Text
    weight: float
    metrics: tuple[ScoredMetric, ...] = attrs.field(converter=as_tuple)

    def __attrs_post_init__(self) -> None:
        _check_weight(f"dimension {self.id!r}", self.weight)
        if not self.metrics:
            raise ValueError(f"dimension {self.id!r} has no metrics")

    def evaluate(self, metrics: Mapping[str, Any], min_coverage: float) -> DimensionScore:
        """Score the metrics present; ``None`` when they carry too little of the weight."""
        scored: list[MetricScore] = []
        total_w = present_w = acc = 0.0
        for m in self.metrics:
            total_w += m.weight
            value = _number(metrics.get(m.metric))
            score = None
            if value is not None:
                score = m.score(value)
                present_w += m.weight
                acc += score * m.weight
            # floats, as the report's JSON reads them back (a band given as 20 must not become 20.0)
            scored.append(MetricScore(m.metric, value, score, m.weight, float(m.pass_), float(m.excellent)))
        coverage = present_w / total_w if total_w else 0.0
        result = None
        if present_w > 0 and coverage >= min_coverage:
            result = round(acc / present_w, 2)
        return DimensionScore(self.id, self.label, result, round(coverage, 4), self.weight, scored)


@attrs.frozen
class Tier:
    """A level reached when the overall score is at least ``min_score``."""

    id: str
    label: Text
    min_score: float


@attrs.frozen
class LadderStep:
    """One step of a :class:`Ladder`, reached at ``min_value`` and above."""

    id: str
    label: Text
    min_value: float


@attrs.frozen
class Ladder:
    """A tier read directly off one metric's value (AliExpress's payment-amount tiers L1–L5).

    Steps are half-open: a value exactly at a step's ``min_value`` belongs to that step.
    """

    id: str
    metric: str = attrs.field(converter=name_of)
    label: Text
    steps: tuple[LadderStep, ...] = attrs.field(converter=as_tuple)

    def __attrs_post_init__(self) -> None:
        ids = [s.id for s in self.steps]
        if not ids or len(set(ids)) != len(ids):
            raise ValueError(f"ladder {self.id!r}: needs steps with distinct ids")

    def place(self, value: float) -> LadderStep | None:
        """The highest step whose ``min_value`` ``value`` reaches, or ``None`` below them all."""
        best = None
        for step in sorted(self.steps, key=lambda s: s.min_value):
            if value >= step.min_value:
                best = step
        return best


@attrs.frozen
class Scorecard:
    """A scoring model for one platform. Registered through ``diagrules_scorecards``.

    ``min_coverage`` (0–1) is the share of weight that must be present for a dimension — and
    of dimension weight for the overall score — to be scored at all. ``basis`` says whose model
    it is (e.g. "diagrules' own, built from practitioner articles, not the platform's"); every
    rendering of the result shows it, so a reader never takes our model for the platform's.
    """

    id: str
    label: Text
    platform: str
    dimensions: tuple[Dimension, ...] = attrs.field(converter=as_tuple)
    tiers: tuple[Tier, ...] = attrs.field(default=(), converter=as_tuple)
    ladders: tuple[Ladder, ...] = attrs.field(default=(), converter=as_tuple)
    aggregation: Aggregation = "mean"
    min_coverage: float = 0.5
    basis: Text | None = None

    def __attrs_post_init__(self) -> None:
        where = f"scorecard {self.id!r}"
        if not self.dimensions:
            raise ValueError(f"{where} has no dimensions")
        for kind, ids in (
            ("dimension", [d.id for d in self.dimensions]),
            ("metric", self.metric_names()),
            ("tier", [t.id for t in self.tiers]),
            ("ladder", [lad.id for lad in self.ladders]),
        ):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise ValueError(f"{where}: {kind} {i!r} appears twice")
                seen.add(i)
        if not 0 < self.min_coverage <= 1:
            raise ValueError(f"{where}: min_coverage must be in (0, 1], got {self.min_coverage!r}")
        if self.aggregation not in ("mean", "min"):
            raise ValueError(f"{where}: unknown aggregation {self.aggregation!r}; use 'mean' or 'min'")

    def metric_names(self) -> list[str]:
        return [m.metric for d in self.dimensions for m in d.metrics]

    def scored_metric(self, name: str) -> ScoredMetric | None:
        """The scoring of metric ``name`` in this scorecard, or ``None``."""
        for d in self.dimensions:
            for m in d.metrics:
                if m.metric == name:
                    return m
        return None

    def with_benchmarks(self, overrides: Mapping[str, Mapping[str, float]]) -> Scorecard:
        """A copy whose band values are replaced for the metrics in ``overrides``.

        ``overrides`` maps a metric name to ``{"pass": x, "excellent": y}`` (either key, and
        optionally ``"poor"``); metrics this scorecard does not score are ignored. An override
        that makes a band invalid (pass equal to excellent, or flipping a declared direction)
        raises ``ValueError`` naming the metric.
        """
        if not overrides:
            return self
        dims = []
        for d in self.dimensions:
            metrics = []
            for m in d.metrics:
                band = overrides.get(m.metric)
                if band:
                    try:
                        m = m.with_band(band)
                    except ValueError as exc:
                        raise ValueError(f"scorecard {self.id!r}, benchmark for {exc}") from None
                metrics.append(m)
            dims.append(attrs.evolve(d, metrics=tuple(metrics)))
        return attrs.evolve(self, dimensions=tuple(dims))

    def evaluate(self, metrics: Mapping[str, Any]) -> ScorecardResult:
        """Score a store's normalised metric values (canonical names → numbers)."""
        dims = [d.evaluate(metrics, self.min_coverage) for d in self.dimensions]
        weighted = [d for d in dims if d.weight > 0]
        all_w = sum(d.weight for d in weighted)
        known = [(d, d.score) for d in weighted if d.score is not None]
        known_w = sum(d.weight for d, _ in known)
        overall: float | None = None
        if self.aggregation == "min":
            if known and len(known) == len(weighted):
                overall = min(s for _, s in known)
        elif known and known_w / all_w >= self.min_coverage:
            overall = round(sum(s * d.weight for d, s in known) / known_w, 2)
        coverage = round(sum(d.coverage * d.weight for d in weighted) / all_w, 4) if all_w else 0.0
        tier = None
        if overall is not None:
            for t in sorted(self.tiers, key=lambda t: -t.min_score):
                if overall >= t.min_score:
                    tier = t
                    break
        scored = [(d, d.score) for d in dims if d.score is not None]
        weakest = min(scored, key=lambda ds: ds[1])[0].dimension if scored else None
        extra: dict[str, Any] = {}
        for ladder in self.ladders:
            value = _number(metrics.get(ladder.metric))
            if value is not None:
                step = ladder.place(value)
                extra[ladder.id] = step.id if step else None
        return ScorecardResult(
            scorecard=self.id,
            label=self.label,
            overall=overall,
            tier=tier.id if tier else None,
            tier_label=tier.label if tier else None,
            dimensions=dims,
            weakest=weakest,
            extra=extra,
            coverage=coverage,
            basis=self.basis,
        )
