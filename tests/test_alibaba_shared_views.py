"""The Alibaba.com rules share per-store views of their tables; what they find is unchanged.

The RTS rules once sorted the product table each (``sorted(rows, key=value)``); they now read
one sort per store. The weekly quote metrics once reviewed the quote list seven times; they
now share one review per list.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

import diagrules
from diagrules.builtin.alibaba import quotes

EXAMPLE = Path(diagrules.__file__).resolve().parent / "examples" / "alibaba" / "store.toml"
RTS_RULES = ("RTS003", "RTS004", "RTS005", "RTS006", "RTS007", "RTS008", "RTS009")


@pytest.fixture(scope="module")
def engine() -> diagrules.Engine:
    return diagrules.Engine()


@pytest.fixture(scope="module")
def example(engine: diagrules.Engine) -> dict[str, Any]:
    prepared = engine.prepare(EXAMPLE)
    return {"platform": "alibaba", "store": "Shared views", "as_of": prepared.as_of,
            "metrics": {"listed_products": 400},
            "datasets": {name: [r.model_dump(exclude_unset=True) for r in rows]
                         for name, rows in prepared.datasets.items()}}


def _value(row: dict[str, Any]) -> tuple[int, int]:
    return -(row.get("orders_30d") or 0), -(row.get("inquiries_30d") or 0)


@pytest.mark.parametrize("seed", range(5))
def test_each_rts_rule_lists_its_products_most_valuable_first_ties_in_table_order(
    engine: diagrules.Engine, example: dict[str, Any], seed: int
) -> None:
    rng = random.Random(seed)
    base = example["datasets"]["products"]
    products = []
    for k in range(300):  # few distinct values, so that ties are common
        row = dict(rng.choice(base), product_id=f"P{k:04d}")
        row["orders_30d"], row["inquiries_30d"] = rng.randint(0, 6), rng.randint(0, 40)
        row["kind"] = rng.choice(["rts", "customized"])
        products.append(row)
    report = engine.evaluate({**example, "datasets": {**example["datasets"], "products": products}})
    position = {row["product_id"]: k for k, row in enumerate(sorted(products, key=_value))}
    checked = 0
    for rule in RTS_RULES:
        items = [f.item for f in report.findings if f.rule == rule]
        assert items == sorted(items, key=position.__getitem__), rule
        checked += len(items) > 1
    assert checked >= 4  # the table makes most of the rules name several products


def test_the_weekly_quote_metrics_review_a_list_once(
    engine: diagrules.Engine, example: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = quotes.review

    def counted(rows: Any, as_of: Any, grace_hours: float) -> Any:
        calls.append(len(rows))
        return real(rows, as_of, grace_hours)

    monkeypatch.setattr(quotes, "review", counted)
    first = engine.prepare(example)
    assert calls == [len(example["datasets"]["rfq_quotes"])]
    fewer = {**example, "datasets": {**example["datasets"], "rfq_quotes": example["datasets"]["rfq_quotes"][:8]}}
    second = engine.prepare(fewer)
    assert calls[1:] == [8]  # another list is reviewed again, not read from the last one
    fresh = real(second.datasets["rfq_quotes"], None, 0)
    assert fresh is not None and second.metrics["rfq_quotes_7d"] == len(fresh.judged)
    assert first.metrics["rfq_quotes_7d"] != second.metrics["rfq_quotes_7d"]
