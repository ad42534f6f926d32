"""The compiled derivations give what the reference interpreter gives, error texts included.

Inputs are generated: any subset of a registry's metrics (derived ones too, as a snapshot may
give them), values that include zero, negatives, ``None`` and strings (so that derivations fail
with the error the store would see), and datasets drawn from the example stores' rows.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import toyplugin
from hypothesis import given
from hypothesis import strategies as st

import diagrules
from diagrules import Derivation, Metric, SnapshotError, hookimpl, ratio, share_of_rows, text
from diagrules.engine.derive import compile_derivations, derive, interpret
from diagrules.plugins.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "diagrules" / "examples"


def _picky(a: float, b: float) -> float | None:
    """Fails on a negative input, is undefined at zero: every path of a step."""
    if a < 0:
        raise ValueError(f"negative input {a}")
    return None if a == 0 else math.sqrt(a) * b


class _ChainPlugin:
    """Chains of three steps mixing metrics and datasets, and a derived input of a derived metric."""

    @hookimpl
    def diagrules_metrics(self) -> list[Metric]:
        return [
            Metric("chained", unit="number", label=text(en="Chained", zh="链式"), platform="toyshop",
                   derive=Derivation(_picky, metrics=("visits", "orders"))
                   .or_else(ratio("orders", "service_score"))
                   .or_else(share_of_rows("items", lambda r: None if r.sold < 0 else r.sold > 2))),
            Metric("chained_twice", unit="number", label=text(en="Chained twice", zh="二次链式"),
                   platform="toyshop", derive=ratio("chained", "conversion")),
        ]


def _registry(*plugins: Any, autoload: bool = False) -> Registry:
    return diagrules.Engine({"plugins": {"autoload": autoload}}, plugins=list(plugins)).registry


def _example_rows() -> dict[str, list[Any]]:
    engine = diagrules.Engine()
    rows: dict[str, list[Any]] = {}
    for platform in ("alibaba", "aliexpress"):
        rows.update(engine.prepare(EXAMPLES / platform / "store.toml").datasets)
    return rows


def _bench_registry() -> Registry:
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks import plugin
    finally:
        sys.path.remove(str(ROOT))
    return _registry(plugin)


REGISTRIES: dict[str, Callable[[], tuple[Registry, dict[str, list[Any]]]]] = {
    "built-in": lambda: (_registry(autoload=True), _example_rows()),
    "benchmark": lambda: (_bench_registry(), {}),
    "chain plugin": lambda: (
        _registry(toyplugin, _ChainPlugin()),
        {"items": [toyplugin.Item(sku=f"S{i}", sold=n) for i, n in enumerate((0, 1, 3, 5, 8))]},
    ),
}

#: Values a snapshot could hold, beside drawn numbers: zero, negatives, None and strings make
#: derivations undefined or fail, with the error the store would see.
_SPECIAL: list[Any] = [0, 0.0, -1.0, -7, 1e-300, None, "12", "n/a"]


@st.composite
def _metrics(draw: st.DrawFn, inputs: list[str], derived: list[str]) -> dict[str, Any]:
    """Inputs given at a drawn density (few, half, nearly all); a derived metric given sometimes.

    A ``Random`` seeded by one draw picks them: drawing each of 60 metrics from hypothesis made
    the test take seconds; the failing dictionary is still printed whole."""
    keep = draw(st.sampled_from([0.2, 0.5, 0.9]))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))

    def value() -> Any:
        kind = rng.random()
        if kind < 0.4:
            return rng.uniform(0, 1e6)
        if kind < 0.7:
            return rng.randint(0, 1000)
        return rng.choice(_SPECIAL)

    return {
        name: value() for name in [*inputs, *derived]
        if rng.random() < (keep if name in inputs else 0.15)
    }


def _outcome(fn: Callable[[dict[str, Any], dict[str, list[Any]]], None],
             metrics: dict[str, Any], datasets: dict[str, list[Any]]) -> Any:
    filled = dict(metrics)
    try:
        fn(filled, datasets)
    except SnapshotError as exc:
        return ("error", exc.message, exc.__cause__, exc.__suppress_context__)
    except Exception as exc:  # a row of another dataset: uncaught, and alike in both
        return ("raised", type(exc).__name__, str(exc))
    return ("filled", repr(sorted(filled.items(), key=lambda kv: kv[0])))


@pytest.mark.parametrize("name", sorted(REGISTRIES))
def test_compiled_derivations_match_the_interpreter(name: str) -> None:
    registry, rows = REGISTRIES[name]()
    compiled = compile_derivations(registry)
    derived = sorted(registry.derivation_order)
    # only what some derivation reads can make a difference
    read = {m for n in derived for d in registry.metrics[n].derive.chain() for m in d.metrics}  # type: ignore[union-attr]
    inputs = sorted(read - set(derived))

    @given(
        metrics=_metrics(inputs, derived),
        datasets=st.dictionaries(
            st.sampled_from(sorted(rows) or ["none"]),
            st.lists(st.sampled_from([r for rs in rows.values() for r in rs] or [None]), max_size=6),
        ) if rows else st.just({}),
        whole=st.booleans(),
    )
    def check(metrics: dict[str, Any], datasets: dict[str, list[Any]], whole: bool) -> None:
        # a dataset is either the example's own rows (the derivations read them as they come) or
        # a sample of any rows, which a derivation of another dataset may reject
        data = {k: rows.get(k, []) for k in datasets} if whole else datasets
        expected = _outcome(lambda m, d: interpret(m, d, registry), metrics, data)
        assert _outcome(compiled, metrics, data) == expected

    check()


def test_the_error_names_the_metric_and_its_inputs() -> None:
    registry = _registry(toyplugin, _ChainPlugin())
    with pytest.raises(SnapshotError) as exc:
        derive({"visits": -4.0, "orders": 2.0}, {}, registry)
    assert exc.value.message == "metrics.chained: cannot be derived from visits, orders: ValueError: negative input -4.0"
    assert exc.value.__cause__ is None and exc.value.__suppress_context__


def test_first_applicable_step_wins_and_undefined_falls_through() -> None:
    registry = _registry(toyplugin, _ChainPlugin())
    rows = {"items": [toyplugin.Item(sku="a", sold=3), toyplugin.Item(sku="b", sold=0)]}
    given_visits = {"visits": 4.0, "orders": 2.0, "service_score": 8.0}
    derive(filled := dict(given_visits), rows, registry)
    assert filled["chained"] == 4.0  # sqrt(4) * 2, the first step
    derive(filled := {"visits": 0.0, "orders": 2.0, "service_score": 8.0}, rows, registry)
    assert filled["chained"] == 0.25  # the first is undefined at 0: the ratio
    derive(filled := {"visits": 0.0, "orders": 2.0}, rows, registry)
    assert filled["chained"] == 0.5  # no service score: the rows
    assert "chained_twice" not in filled  # its input conversion is orders / visits, undefined


def test_the_compiled_function_is_kept_per_registry() -> None:
    registry = _registry(toyplugin)
    from diagrules.engine import derive as module

    derive({}, {}, registry)

    first = module._compiled[id(registry)][2]
    derive({}, {}, registry)
    assert module._compiled[id(registry)][2] is first
    registry.derivation_order = list(registry.derivation_order)  # a rebuilt registry compiles again
    derive({}, {}, registry)
    assert module._compiled[id(registry)][2] is not first
