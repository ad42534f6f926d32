"""The pieces of the fleet path that must reproduce the per-store arithmetic and text exactly.

Python's ``round``, the scorecard curves, ``Quantity.format`` and ``Message.get`` are each
compared with their column versions on values chosen to break them (halves, band edges,
values that read alike at the usual decimals); and a plugin's own rule with a vector form,
declared through the public API only, is held to the per-store engine like the built-in ones.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fleet import assert_same_as_per_store

import diagrules
from diagrules import (
    Finding,
    Message,
    Metric,
    Params,
    Platform,
    Quantity,
    RuleContext,
    ScoredMetric,
    Severity,
    StoreColumns,
    Text,
    VectorFindings,
    format_values,
    hookimpl,
    rule,
    text,
)
from diagrules.core.i18n import UNITS
from diagrules.fleet.messages import render
from diagrules.fleet.scores import metric_scores, py_round

np = pytest.importorskip("numpy")


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=50),
       st.sampled_from([2, 4]))
def test_py_round_is_pythons_round(values: list[float], digits: int) -> None:
    halves = [k / 1000 + 0.005 for k in range(-50, 50)] + [2.675, 1.005, 0.125, 0.375, 1e-9]
    arr = np.array(values + halves)
    assert py_round(arr, digits).tolist() == [round(v, digits) for v in values + halves]


BANDS = [
    ScoredMetric("m", pass_=0.95, excellent=0.99),
    ScoredMetric("m", pass_=0.2, excellent=0.05, better="lower"),
    ScoredMetric("m", pass_=20, excellent=40, poor=0),
    ScoredMetric("m", pass_=3.0, excellent=1.0, poor=10.0),
    ScoredMetric("m", pass_=1000, excellent=10000, curve="lognormal"),
    ScoredMetric("m", pass_=0.3, excellent=0.1, curve="lognormal"),
]


@pytest.mark.parametrize("band", BANDS, ids=lambda b: f"{b.curve}-{b.direction}-{b.pass_}")
def test_metric_scores_are_scored_metric_scores(band: ScoredMetric) -> None:
    rng = random.Random(3)
    edges = [band.pass_, band.excellent, band.poor or 0.0, 0.0, -1.0, 2 * band.excellent - band.pass_]
    values = edges + [e + d for e in edges for d in (1e-12, -1e-12, 1e-3)] + [
        rng.uniform(-1, 3) * max(abs(band.pass_), abs(band.excellent)) for _ in range(500)]
    assert metric_scores(band, np.array(values)).tolist() == [band.score(v) for v in values]


@pytest.mark.parametrize("unit", [*UNITS, None])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_format_values_is_quantity_format(unit: str | None, lang: str) -> None:
    rng = random.Random(5)
    values: list[Any] = [0.0, -0.0, 1.0, 0.5, 999.999, 1000.0, -1234.5678, 0.00049, 0.935, 1e-9, 12345678.9,
                         math.nan, math.inf, 3, 0, True, None, "text"]
    values += [rng.lognormvariate(0, 3) * rng.choice([1, -1]) for _ in range(300)]
    expected = [Quantity(v, unit).format(lang) if unit is not None else diagrules.Message(
        Text(en="{v}", zh="{v}"), {"v": v}).get(lang) for v in values]
    assert format_values(values, unit, lang) == expected


def test_render_tells_apart_values_that_read_alike() -> None:
    template = text(en="{observed} against {threshold} ({comparison})", zh="{observed} 对 {threshold}")
    observed = [0.52209, 0.5221, 0.93, 0.95, 0.94999, 0.5, 12.0]
    for unit in ("ratio", "number", None):
        units = {"observed": unit, "threshold": unit} if unit else {}
        for lang in ("en", "zh"):
            got = render(template, lang, len(observed), {"observed": observed, "threshold": 0.5221,
                                                         "comparison": ">="}, units,
                         columns=frozenset({"observed"}))
            want = [Message(template, {"observed": v, "threshold": 0.5221, "comparison": ">="}, units).get(lang)
                    for v in observed]
            assert got == want


def test_a_template_that_does_not_fill_is_shown_as_it_stands() -> None:
    for template in (text(en="{missing} and {observed}"), text(en="{observed:>8}"), text(en="{0}"),
                     text(en="{{literal}} {observed}"), text(en="bad {")):
        got = render(template, "en", 2, {"observed": [1.5, 2.0]}, {}, columns=frozenset({"observed"}))
        assert got == [Message(template, {"observed": v}).get("en") for v in (1.5, 2.0)]
    # an attribute of a value fails on both paths alike (the text of a value has no .real)
    with pytest.raises(AttributeError):
        Message(text(en="{observed.real}"), {"observed": 1.5}).get("en")
    with pytest.raises(AttributeError):
        render(text(en="{observed.real}"), "en", 1, {"observed": [1.5]}, {}, columns=frozenset({"observed"}))


# -- a plugin's rules with vector forms, through the public API only ---------------------------

SHOP = Platform("vshop", label=text(en="Vector shop", zh="向量店"))
RATE = Metric("rate", unit="ratio", label=text(en="Rate", zh="比率"), platform="vshop")
SALES = Metric("sales", unit="money", label=text(en="Sales", zh="销售额"), platform="vshop")
VISITS = Metric("visits", unit="count", platform="vshop")


class RateParams(Params):
    floor: float = 0.5
    top: float = 0.9


def _rate_vector(cols: StoreColumns, p: RateParams) -> VectorFindings:
    rate, sales = cols.values(RATE), cols.values(SALES)
    low = np.flatnonzero(rate < p.floor)
    declined = np.flatnonzero(rate == 0.25)  # pretend these need the per-store function
    low = low[rate[low] != 0.25]
    observed = rate[low].tolist()
    sold = sales[low].tolist()
    return VectorFindings(
        rows=low.tolist(), observed=observed, threshold=p.floor, comparison=">=",
        severity=[Severity.ERROR if v < 0.1 else None for v in observed],
        values={"sales": [None if math.isnan(s) else s for s in sold]}, units={"sales": "money"},
        texts={"name": lambda lang: [("低" if lang == "zh" else "low") for _ in observed]},
        declined=declined.tolist(),
    )


@rule("VEC001", "rate-low", platform="vshop", requires=[RATE], uses=[SALES], params=RateParams,
      title=text(en="Rate low", zh="比率低"), vector=_rate_vector,
      message=text(en="Rate {observed} is {name}, below {threshold}; sales {sales}.",
                   zh="比率 {observed}（{name}），低于 {threshold}；销售额 {sales}。"))
def rate_low(ctx: RuleContext, p: RateParams) -> Iterator[Finding]:
    value = ctx[RATE]
    if value < p.floor:
        sales = ctx.get(SALES)
        yield ctx.finding(observed=value, threshold=p.floor, comparison=">=",
                          severity=Severity.ERROR if value < 0.1 else None,
                          sales=Quantity(sales, "money") if sales is not None else None,
                          name=text(en="low", zh="低"))


def _bands_vector(cols: StoreColumns, p: RateParams) -> VectorFindings:
    """Two findings for a store above ``top``: the per-store function yields two as well."""
    rate = cols.values(RATE)
    high = np.flatnonzero(rate > p.top)
    rows = np.repeat(high, 2).tolist()
    observed = np.repeat(rate[high], 2).tolist()
    return VectorFindings(rows=rows, observed=observed, threshold=[p.top, 1.0] * len(high), comparison="<=",
                          message=[text(en="first {observed}"), text(en="then {observed} vs {threshold}")]
                          * len(high))


@rule("VEC002", "rate-high", platform="vshop", requires=[RATE], params=RateParams, unit="ratio",
      title=text(en="Rate high", zh="比率高"), vector=_bands_vector, severity="info")
def rate_high(ctx: RuleContext, p: RateParams) -> Iterator[Finding]:
    if ctx[RATE] > p.top:
        yield ctx.finding(observed=ctx[RATE], threshold=p.top, comparison="<=", message=text(en="first {observed}"))
        yield ctx.finding(observed=ctx[RATE], threshold=1.0, comparison="<=",
                          message=text(en="then {observed} vs {threshold}"))


def _broken_vector(cols: StoreColumns, p: Params) -> VectorFindings:
    raise RuntimeError("this vector form has a bug")


@rule("VEC003", "visits-none", platform="vshop", requires=[VISITS], title=text(en="No visits", zh="无访客"),
      vector=_broken_vector)
def visits_none(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    if ctx[VISITS] == 0:
        yield ctx.finding(observed=ctx[VISITS], threshold=0, comparison=">")
    if ctx[VISITS] == 7:
        raise ValueError("seven is unlucky")  # the per-store runner makes this an error outcome


class VectorPlugin:
    @staticmethod
    @hookimpl
    def diagrules_platforms() -> list[Platform]:
        return [SHOP]

    @staticmethod
    @hookimpl
    def diagrules_metrics() -> list[Metric]:
        return [RATE, SALES, VISITS]

    @staticmethod
    @hookimpl
    def diagrules_rules() -> list[Any]:
        return [rate_low, rate_high, visits_none]


def _vshop_stores(n: int) -> list[dict[str, Any]]:
    rng = random.Random(9)
    docs = []
    for k in range(n):
        metrics: dict[str, Any] = {}
        if rng.random() < 0.9:
            metrics["rate"] = rng.choice([0.05, 0.1, 0.25, 0.4999, 0.5, 0.5001, 0.9, 0.95, rng.random()])
        if rng.random() < 0.6:
            metrics["sales"] = rng.choice([0.0, 999.995, 1000, rng.lognormvariate(5, 2)])
        if rng.random() < 0.7:
            metrics["visits"] = rng.choice([0, 7, 12])
        docs.append({"platform": "vshop", "store": f"v{k}", "metrics": metrics})
    return docs


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_plugins_vector_forms_find_what_its_functions_find(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import diagrules.fleet.vector

    engine = diagrules.Engine({"plugins": {"autoload": False}, "rules": {"VEC002": {"top": 0.94}}},
                              plugins=[VectorPlugin()])
    monkeypatch.setattr(diagrules.fleet.vector, "STRICT", False)  # VEC003's vector form fails on purpose
    assert assert_same_as_per_store(engine, _vshop_stores(600), lang) > 100


def test_a_failing_vector_form_is_seen_in_strict_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    import diagrules.fleet.vector
    from diagrules.fleet import evaluate_frame

    engine = diagrules.Engine({"plugins": {"autoload": False}}, plugins=[VectorPlugin()])
    monkeypatch.setattr(diagrules.fleet.vector, "STRICT", True)
    with pytest.raises(RuntimeError, match="has a bug"):
        evaluate_frame(engine, _vshop_stores(20))
