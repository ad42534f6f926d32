"""Property-based tests: bad data never crashes diagrules and never silently drops a rule.

The property: evaluating any snapshot document either returns a report with exactly one
outcome per selected rule, or raises the project's own documented error with a message that
names the location. Never any other exception. JSON reports round-trip exactly.

Runs with a fixed seed and a bounded example count by default (profile ``ci``); the long run is
``HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py`` (see docs/reliability.md).
"""

from __future__ import annotations

import math
import string
from typing import Any

import pytest
import toyplugin
from hypothesis import given
from hypothesis import strategies as st

import diagrules
from diagrules import ConfigError, DiagrulesError, SnapshotError

TOY_METRICS = ["visits", "orders", "conversion", "service_score", "items_listed", "访客数", "转化率"]

scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["93.5%", "1,234", "-5%", "", " ", "1e400", "是", "否", "$12.5", "NaN", "inf", "５０%"]),
)
value = st.one_of(scalar, st.lists(scalar, max_size=3), st.dictionaries(st.text(max_size=5), scalar, max_size=3))
metric_key = st.one_of(st.sampled_from(TOY_METRICS), st.text(min_size=1, max_size=15))
row = st.dictionaries(st.sampled_from(["sku", "sold", "货号", "销量", "extra", "SKU "]), scalar, max_size=5)

documents = st.fixed_dictionaries(
    {},
    optional={
        "platform": st.one_of(st.sampled_from(["toyshop", "othershop", "amazon"]), scalar),
        "store": st.one_of(st.text(string.printable + "店铺", min_size=1, max_size=20), scalar),
        "metrics": st.one_of(st.dictionaries(metric_key, value, max_size=8), scalar),
        "datasets": st.one_of(
            st.fixed_dictionaries({}, optional={"items": st.one_of(st.lists(row, max_size=5), scalar)}),
            st.dictionaries(st.text(max_size=6), st.lists(row, max_size=2), max_size=2),
        ),
        "seller_stage": st.one_of(st.sampled_from(["new", "established", "old"]), scalar),
        "as_of": st.one_of(st.sampled_from(["2026-11-20", "2026-13-01", "yesterday"]), scalar),
        "category": scalar,
        "unexpected": scalar,
    },
)


@pytest.fixture(scope="module")
def engine() -> diagrules.Engine:
    return diagrules.Engine({"plugins": {"autoload": False}}, plugins=[toyplugin])


@given(doc=documents)
def test_any_document_yields_a_full_report_or_a_located_error(engine, doc):
    try:
        report = engine.evaluate(doc)
    except SnapshotError as exc:
        text = str(exc)
        assert exc.problems or exc.message, text
        # every problem names where it is: "field.path: what"
        for problem in exc.problems:
            assert ": " in problem, problem
        return
    selected = [c.rule.id for c in engine.plan.rules_for(report.platform)]
    assert [o.rule for o in report.outcomes] == selected
    for lang in ("en", "zh"):
        text = diagrules.to_json(report, lang)
        assert diagrules.to_json(diagrules.from_json(text), lang) == text


@given(metrics=st.dictionaries(st.sampled_from(["visits", "orders", "conversion", "service_score"]),
                               st.one_of(st.integers(0, 10**12), st.floats(0, 1), st.floats(0, 100)),
                               max_size=4))
def test_valid_numbers_always_evaluate(engine, metrics):
    doc = {"platform": "toyshop", "store": "S", "metrics": metrics}
    try:
        report = engine.evaluate(doc)
    except SnapshotError as exc:
        # only range errors are acceptable for these inputs
        assert all("must be" in p for p in exc.problems), exc.problems
        return
    for f in report.findings:
        assert not (isinstance(f.observed, float) and math.isnan(f.observed))


selectors = st.one_of(
    st.sampled_from(["ALL", "TOY", "TOY0", "TOY001", "OTH", "toy", "toyshop", "conversion-low",
                     "TOY005", "XX", "", "toy*", "AEG"]),
    st.text(max_size=8),
)
conditions = st.one_of(
    st.sampled_from(["< 0.5", ">= 80", "between 1 and 2", "< 5%", "== 0", "outside 3 and 1", "<", "eval('1')"]),
    st.text(max_size=12),
    st.floats(),
)
configs = st.fixed_dictionaries(
    {},
    optional={
        "select": st.lists(selectors, max_size=3),
        "ignore": st.lists(selectors, max_size=3),
        "extend-select": st.lists(selectors, max_size=2),
        "fail-on": st.one_of(st.sampled_from(["info", "warning", "error", "critical", "loud"]), scalar),
        "lang": st.one_of(st.sampled_from(["en", "zh", "fr"]), scalar),
        "rules": st.dictionaries(
            st.sampled_from(["TOY001", "conversion-low", "TOY9", "OTH001"]),
            st.dictionaries(st.sampled_from(["min_conversion", "severity", "min-conversion", "bogus"]), scalar, max_size=2),
            max_size=2,
        ),
        "waivers": st.lists(
            st.fixed_dictionaries({"rule": selectors}, optional={
                "reason": st.text(max_size=10), "store": st.text(max_size=5),
                "until": st.one_of(st.dates(), scalar)}),
            max_size=2,
        ),
        "checks": st.lists(
            st.fixed_dictionaries(
                {"id": st.sampled_from(["MY001", "MY002", "TOY001", "bad id"]),
                 "metric": st.sampled_from(["conversion", "visits", "转化率", "nope"]),
                 "fail": conditions},
                optional={"warn": conditions, "severity": st.sampled_from(["error", "info", "x"])},
            ),
            max_size=2,
        ),
        "per-store-ignores": st.dictionaries(st.text(max_size=4), st.lists(selectors, max_size=2), max_size=2),
        "bogus-key": scalar,
    },
)


@given(config=configs)
def test_any_config_builds_or_fails_with_config_error(config):
    data = {"plugins": {"autoload": False}, **config}
    try:
        engine = diagrules.Engine(data, plugins=[toyplugin])
    except ConfigError as exc:
        assert str(exc)
        return
    report = engine.evaluate({"platform": "toyshop", "store": "S", "metrics": {"visits": 10, "orders": 1}})
    assert [o.rule for o in report.outcomes] == [
        c.rule.id for c in engine.plan.rules_for("toyshop")
        if not any(c.rule.id in ids for p, ids in engine.plan.per_store_ignores
                   if diagrules_store_match(p, "S"))
    ]


def diagrules_store_match(pattern: str, store: str) -> bool:
    from diagrules.selection import store_matches

    return store_matches(pattern, store)


headers = st.lists(st.sampled_from(["货号", "sku", "销量", "sold", "备注", "SKU", ""]), min_size=0, max_size=6)
cells = st.one_of(st.text(alphabet=string.ascii_letters + string.digits + "%,.-", max_size=6), st.none())


@given(header=headers, rows=st.lists(st.lists(cells, max_size=7), max_size=6), title_rows=st.integers(0, 3))
def test_any_table_loads_or_fails_with_snapshot_error(engine, header, rows, title_rows):
    from diagrules.io.tables import rows_from_grid, validate_rows

    spec = engine.registry.datasets["items"]
    grid: list[list[Any]] = [["Report title"] for _ in range(title_rows)] + [list(header)] + [list(r) for r in rows]
    try:
        raw = rows_from_grid(grid, spec, origin="t.csv")
    except DiagrulesError as exc:
        assert "t.csv" in str(exc)
        return
    problems: list[str] = []
    records = validate_rows(spec, raw, origin="t.csv", problems=problems)
    assert len(records) + len({p.split("]")[0] for p in problems}) >= len(raw) or len(problems) > 50
    for p in problems:
        assert p.startswith("datasets.items[") and "t.csv row" in p
