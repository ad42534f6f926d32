"""Scorecard arithmetic: metric bands and curves, dimensions, coverage, overall, tiers, ladders,
benchmarks. Expected values are computed by hand in the comments."""

from __future__ import annotations

import math

import pytest

import diagrules
from diagrules import Dimension, Ladder, LadderStep, Scorecard, ScoredMetric, Tier, text
from diagrules.authoring.scoring import band_of

L = text(en="x", zh="x")


# -- metric curves ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.8, 60.0),  # pass
        (0.9, 90.0),  # excellent
        (0.85, 75.0),  # halfway: 30 points per 0.1
        (0.7, 30.0),  # same slope below pass
        (0.6, 0.0),  # default poor = pass − 2·(excellent − pass)
        (0.5, 0.0),  # clamped
        (0.9333, 99.99),
        (0.95, 100.0),  # clamped
    ],
)
def test_linear_higher_is_better(value: float, expected: float) -> None:
    assert ScoredMetric("m", pass_=0.8, excellent=0.9).score(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.01, 60.0), (0.005, 90.0), (0.0075, 75.0), (0.015, 30.0), (0.02, 0.0), (0.0, 100.0)],
)
def test_linear_lower_is_better(value: float, expected: float) -> None:
    m = ScoredMetric("m", pass_=0.01, excellent=0.005, better="lower")
    assert m.direction == "lower"
    assert m.score(value) == expected


def test_explicit_poor_anchors_zero() -> None:
    m = ScoredMetric("dsr", pass_=4.5, excellent=4.8, poor=3.5)
    assert m.score(3.5) == 0.0
    assert m.score(4.0) == 30.0  # 60 · (4.0 − 3.5) / (4.5 − 3.5)
    assert m.score(4.5) == 60.0
    assert m.score(4.65) == 75.0  # above pass the poor anchor plays no part
    assert m.score(3.0) == 0.0


def test_lognormal_control_points_and_median() -> None:
    m = ScoredMetric("visitors", pass_=1000, excellent=10000, curve="lognormal")
    assert m.score(1000) == 60.0
    assert m.score(10000) == 90.0
    assert m.score(0) == 0.0
    # σ = ln 10 / (Φ⁻¹(.9) − Φ⁻¹(.6)) = 2.23943; the value scoring 50 is 1000·e^(−0.253347·σ) = 567.0
    assert m.score(567.0) == pytest.approx(50.0, abs=0.01)
    # every tenfold step adds less: 100 → 1000 → 10000 → 100000
    assert m.score(100) < 30 < m.score(1000) - 25
    assert 98 < m.score(100000) < 100


def test_lognormal_lower_is_better() -> None:
    m = ScoredMetric("days", pass_=3, excellent=1.5, curve="lognormal")
    assert (m.score(3), m.score(1.5), m.score(0)) == (60.0, 90.0, 100.0)
    assert m.score(30) < 5


def test_band_edges() -> None:
    assert [band_of(s) for s in (0, 59.99, 60, 89.99, 90, 100)] == [
        "poor", "poor", "pass", "pass", "excellent", "excellent",
    ]
    m = ScoredMetric("m", pass_=0.8, excellent=0.9)
    assert m.worse_than_pass(0.7999) and not m.worse_than_pass(0.8)


def test_metric_object_is_accepted_for_its_name() -> None:
    metric = diagrules.Metric("sell_through", unit="ratio", better="higher")
    assert ScoredMetric(metric, pass_=0.8, excellent=0.9).metric == "sell_through"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pass_": 1, "excellent": 1}, "must differ"),
        ({"pass_": 0.8, "excellent": 0.9, "better": "lower"}, "must be below"),
        ({"pass_": 0, "excellent": 5, "curve": "lognormal"}, "positive"),
        ({"pass_": 1, "excellent": 5, "curve": "lognormal", "poor": 0.5}, "linear curves only"),
        ({"pass_": 0.8, "excellent": 0.9, "poor": 0.85}, "far side"),
        ({"pass_": 0.8, "excellent": 0.9, "weight": -1}, "weight"),
        ({"pass_": math.nan, "excellent": 0.9}, "finite"),
    ],
)
def test_invalid_bands_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ScoredMetric("m", **kwargs)  # type: ignore[arg-type]


# -- dimensions, overall, tiers ----------------------------------------------------------------


def _card(**kwargs: object) -> Scorecard:
    a = Dimension("a", text(en="A", zh="甲"), 0.6, (
        ScoredMetric("a1", pass_=0.8, excellent=0.9),            # weight 1
        ScoredMetric("a2", pass_=10, excellent=20, weight=2),
        ScoredMetric("a3", pass_=1, excellent=2),                 # weight 1
    ))
    b = Dimension("b", text(en="B", zh="乙"), 0.4, (
        ScoredMetric("b1", pass_=0.01, excellent=0.005),
        ScoredMetric("info", pass_=1, excellent=2, weight=0),     # shown, not counted
    ))
    tiers = (Tier("top", L, 75), Tier("mid", L, 60), Tier("low", L, 0))
    return Scorecard("card", L, "toy", (a, b), tiers=tiers, **kwargs)  # type: ignore[arg-type]


def test_dimension_is_weighted_mean_of_metrics_present() -> None:
    # a1 = 60 (w1), a2 = 90 (w2), a3 missing (w1): (60 + 180) / 3 = 80, coverage 3/4
    result = _card().evaluate({"a1": 0.8, "a2": 20, "b1": 0.0125})
    a = result.dimension("a")
    assert a is not None and (a.score, a.coverage) == (80.0, 0.75)
    assert [m.score for m in a.metrics] == [60.0, 90.0, None]
    assert a.metrics[0].pass_value == 0.8 and a.metrics[0].excellent_value == 0.9
    # b1 = 60 − 0.0025 · 6000 = 45; the weight-0 metric counts neither in score nor in coverage
    b = result.dimension("b")
    assert b is not None and (b.score, b.coverage) == (45.0, 1.0)
    # overall = 0.6 · 80 + 0.4 · 45 = 66 → tier "mid"; coverage 0.6 · 0.75 + 0.4 · 1 = 0.85
    assert (result.overall, result.tier, result.coverage, result.weakest) == (66.0, "mid", 0.85, "b")


def test_weight_zero_metric_is_shown_but_not_counted() -> None:
    result = _card().evaluate({"b1": 0.01, "info": 100})
    b = result.dimension("b")
    assert b is not None and b.score == 60.0
    assert result.metric("info") is not None and result.metric("info")[1].score == 100.0  # type: ignore[index]


def test_too_little_data_is_null_not_zero() -> None:
    # a3 alone carries 1/4 of dimension a's weight: below min_coverage 0.5
    result = _card().evaluate({"a3": 2, "b1": 0.005})
    a = result.dimension("a")
    assert a is not None and a.score is None and a.coverage == 0.25
    # b (weight 0.4 of 1.0) alone is below min_coverage for the overall score
    assert result.overall is None and result.tier is None
    assert result.weakest == "b"


def test_missing_dimension_is_left_out_of_the_mean() -> None:
    result = _card().evaluate({"a1": 0.9, "a2": 20, "a3": 2})  # a = 90, b unknown
    assert result.dimension("b").score is None  # type: ignore[union-attr]
    assert result.overall == 90.0 and result.tier == "top"
    assert result.coverage == 0.6


def test_nothing_present() -> None:
    result = _card().evaluate({})
    assert (result.overall, result.tier, result.weakest, result.coverage) == (None, None, None, 0.0)


def test_non_numbers_are_not_scored() -> None:
    result = _card().evaluate({"a1": True, "a2": "20", "a3": math.nan, "b1": 0.01})
    assert result.dimension("a").score is None  # type: ignore[union-attr]


def test_tier_edges() -> None:
    card = _card()
    # a = (60 + 2·75 + 90) / 4 = 75; b = 75 → overall 75 exactly → "top"
    result = card.evaluate({"a1": 0.8, "a2": 15, "a3": 2, "b1": 0.0075})
    assert (result.overall, result.tier) == (75.0, "top")
    result = card.evaluate({"a1": 0.8, "a2": 10, "a3": 1, "b1": 0.0101})
    assert result.overall is not None and result.overall < 60 and result.tier == "low"


def test_lowest_dimension_caps_the_level() -> None:
    card = _card(aggregation="min")
    result = card.evaluate({"a1": 0.9, "a2": 20, "a3": 2, "b1": 0.01})  # a = 90, b = 60
    assert (result.overall, result.tier) == (60.0, "mid")
    # an unscored dimension might be the lowest: no level at all
    assert card.evaluate({"a1": 0.9, "a2": 20, "a3": 2}).overall is None


def test_scorecard_validation() -> None:
    d = Dimension("a", L, 1, (ScoredMetric("m", pass_=1, excellent=2),))
    with pytest.raises(ValueError, match="metric 'm' appears twice"):
        Scorecard("c", L, "toy", (d, Dimension("b", L, 1, (ScoredMetric("m", pass_=1, excellent=2),))))
    with pytest.raises(ValueError, match="min_coverage"):
        Scorecard("c", L, "toy", (d,), min_coverage=0)
    with pytest.raises(ValueError, match="no metrics"):
        Dimension("a", L, 1, ())


# -- ladders -----------------------------------------------------------------------------------


def test_ladder_steps_are_half_open() -> None:
    ladder = Ladder("tier", "amount", L, (
        LadderStep("L1", L, 0), LadderStep("L2", L, 1000), LadderStep("L3", L, 5000),
    ))
    assert [getattr(ladder.place(v), "id", None) for v in (-1, 0, 999.99, 1000, 4999, 5000, 1e9)] == [
        None, "L1", "L1", "L2", "L2", "L3", "L3",
    ]
    card = Scorecard("c", L, "toy", (Dimension("a", L, 1, (ScoredMetric("amount", pass_=1, excellent=2),)),),
                     ladders=(ladder,))
    assert card.evaluate({"amount": 1000}).extra == {"tier": "L2"}
    assert card.evaluate({}).extra == {}


# -- benchmarks --------------------------------------------------------------------------------


def test_with_benchmarks_replaces_bands() -> None:
    card = _card().with_benchmarks({"a1": {"pass": 0.5, "excellent": 0.7}, "unknown": {"pass": 1}})
    m = card.scored_metric("a1")
    assert m is not None and (m.pass_, m.excellent) == (0.5, 0.7)
    assert card.evaluate({"a1": 0.6, "a2": 10}).dimension("a").metrics[0].score == 75.0  # type: ignore[union-attr]


def test_benchmark_moving_the_band_drops_an_explicit_poor() -> None:
    m = ScoredMetric("m", pass_=4.5, excellent=4.8, poor=4.4)
    assert m.with_band({"pass": 4.0, "excellent": 4.5}).poor is None
    assert m.with_band({"poor": 3.0}).poor == 3.0


def test_benchmark_that_flips_direction_is_refused() -> None:
    card = Scorecard("c", L, "toy", (Dimension("a", L, 1, (
        ScoredMetric("m", pass_=0.8, excellent=0.9, better="higher"),)),))
    with pytest.raises(ValueError, match="benchmark for m"):
        card.with_benchmarks({"m": {"pass": 0.95}})
