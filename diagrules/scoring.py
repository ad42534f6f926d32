"""Scorecards: metric → dimension → overall score → tier.

A scorecard is data. Each metric is scored 0–100 from two control values, ``pass_`` (scores
60) and ``excellent`` (scores 90); the direction follows from their order, so a lower-is-better
metric simply has ``excellent < pass_``. ``linear`` interpolates and extrapolates at the same
slope; ``lognormal`` (Lighthouse's curve) suits metrics that span orders of magnitude such as
visitor counts. Scores are clamped to 0–100.

A dimension's score is the weighted mean of the metrics present. When the present metrics
carry less than ``min_coverage`` of the dimension's weight, the score is ``None`` — unknown is
not zero. The overall score is the weighted mean of the known dimensions (or their minimum,
for "the lowest dimension caps the level" models such as Alibaba.com's star rating).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs

from diagrules.i18n import Text
from diagrules.model import DimensionScore, MetricScore, ScorecardResult

Curve = Literal["linear", "lognormal"]
Aggregation = Literal["mean", "min"]

_Z_PASS = 0.2533471031357997  # Φ⁻¹(0.60)
_Z_EXCELLENT = 1.2815515655446004  # Φ⁻¹(0.90)


def _to_float_tuple(v: Any) -> tuple[Any, ...]:
    return tuple(v)


@attrs.frozen(slots=True)
class ScoredMetric:
    """How one metric is scored inside a dimension."""

    metric: str
    pass_: float
    excellent: float
    weight: float = 1.0
    curve: Curve = "linear"

    def __attrs_post_init__(self) -> None:
        if self.pass_ == self.excellent:
            raise ValueError(f"{self.metric}: pass and excellent must differ")
        if self.curve == "lognormal" and (self.pass_ <= 0 or self.excellent <= 0):
            raise ValueError(f"{self.metric}: a lognormal curve needs positive pass/excellent")

    def score(self, value: float) -> float:
        """The 0–100 score of ``value``."""
        if self.curve == "lognormal":
            if value <= 0:
                raw = 0.0 if self.excellent > self.pass_ else 1.0
            else:
                sigma = (math.log(self.excellent) - math.log(self.pass_)) / (_Z_EXCELLENT - _Z_PASS)
                mu = math.log(self.pass_) - _Z_PASS * sigma
                z = (math.log(value) - mu) / sigma
                raw = 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))
            return round(min(100.0, max(0.0, raw * 100.0)), 2)
        slope = 30.0 / (self.excellent - self.pass_)
        return round(min(100.0, max(0.0, 60.0 + (value - self.pass_) * slope)), 2)


@attrs.frozen(slots=True)
class Dimension:
    """A group of scored metrics with a weight in the overall score."""

    id: str
    label: Text
    weight: float
    metrics: tuple[ScoredMetric, ...] = attrs.field(converter=_to_float_tuple)


@attrs.frozen(slots=True)
class Tier:
    """A level reached when the overall score is at least ``min_score``."""

    id: str
    label: Text
    min_score: float


@attrs.frozen(slots=True)
class LadderStep:
    id: str
    label: Text
    min_value: float


@attrs.frozen(slots=True)
class Ladder:
    """A tier read directly off one metric (AliExpress's payment-amount tiers L1–L5)."""

    id: str
    metric: str
    label: Text
    steps: tuple[LadderStep, ...] = attrs.field(converter=_to_float_tuple)

    def place(self, value: float) -> LadderStep | None:
        best = None
        for step in sorted(self.steps, key=lambda s: s.min_value):
            if value >= step.min_value:
                best = step
        return best


@attrs.frozen(slots=True)
class Scorecard:
    """A scoring model for one platform. Registered through ``diagrules_scorecards``."""

    id: str
    label: Text
    platform: str
    dimensions: tuple[Dimension, ...] = attrs.field(converter=_to_float_tuple)
    tiers: tuple[Tier, ...] = attrs.field(default=(), converter=_to_float_tuple)
    ladders: tuple[Ladder, ...] = attrs.field(default=(), converter=_to_float_tuple)
    aggregation: Aggregation = "mean"
    min_coverage: float = 0.5

    def metric_names(self) -> list[str]:
        return [m.metric for d in self.dimensions for m in d.metrics]

    def with_benchmarks(self, overrides: Mapping[str, Mapping[str, float]]) -> Scorecard:
        """A copy whose band values are replaced for the metrics in ``overrides``.

        ``overrides`` maps a metric name to ``{"pass": x, "excellent": y}`` (either key).
        """
        if not overrides:
            return self
        dims = []
        for d in self.dimensions:
            metrics = []
            for m in d.metrics:
                o = overrides.get(m.metric)
                if o:
                    m = attrs.evolve(
                        m,
                        pass_=float(o.get("pass", m.pass_)),
                        excellent=float(o.get("excellent", m.excellent)),
                    )
                metrics.append(m)
            dims.append(attrs.evolve(d, metrics=tuple(metrics)))
        return attrs.evolve(self, dimensions=tuple(dims))

    def evaluate(self, metrics: Mapping[str, Any]) -> ScorecardResult:
        """Score a store's (normalised) metric values."""
        dim_results: list[DimensionScore] = []
        for d in self.dimensions:
            scored: list[MetricScore] = []
            total_w = present_w = acc = 0.0
            for m in d.metrics:
                total_w += m.weight
                value = metrics.get(m.metric)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    s = m.score(float(value))
                    present_w += m.weight
                    acc += s * m.weight
                    scored.append(MetricScore(m.metric, float(value), s, m.weight))
                else:
                    scored.append(MetricScore(m.metric, None, None, m.weight))
            coverage = present_w / total_w if total_w else 0.0
            score = round(acc / present_w, 2) if present_w and coverage >= self.min_coverage else None
            dim_results.append(DimensionScore(d.id, d.label, score, round(coverage, 4), d.weight, scored))
        known = [d for d in dim_results if d.score is not None]
        known_w = sum(d.weight for d in known)
        all_w = sum(d.weight for d in dim_results)
        overall: float | None = None
        if known and all_w and known_w / all_w >= self.min_coverage:
            if self.aggregation == "min":
                overall = min(d.score for d in known if d.score is not None)
            else:
                overall = round(sum(d.score * d.weight for d in known if d.score is not None) / known_w, 2)
        tier = None
        if overall is not None:
            for t in sorted(self.tiers, key=lambda t: -t.min_score):
                if overall >= t.min_score:
                    tier = t
                    break
        weakest = min(known, key=lambda d: d.score if d.score is not None else 0.0).dimension if known else None
        extra: dict[str, Any] = {}
        for ladder in self.ladders:
            value = metrics.get(ladder.metric)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                step = ladder.place(float(value))
                extra[ladder.id] = step.id if step else None
        return ScorecardResult(
            scorecard=self.id,
            label=self.label,
            overall=overall,
            tier=tier.id if tier else None,
            tier_label=tier.label if tier else None,
            dimensions=dim_results,
            weakest=weakest,
            extra=extra,
        )


def dimension_by_id(result: ScorecardResult, dimension: str) -> DimensionScore | None:
    for d in result.dimensions:
        if d.dimension == dimension:
            return d
    return None


def lowest_metrics(dim: DimensionScore, n: int = 3) -> Sequence[MetricScore]:
    """The ``n`` scored metrics that cost the dimension the most points (weight × shortfall)."""
    scored = [m for m in dim.metrics if m.score is not None]
    return sorted(scored, key=lambda m: -(100.0 - (m.score or 0.0)) * m.weight)[:n]
