"""Column validation gives exactly what per-row pydantic validation gives: values, types, problems.

Generated tables mix the cells exports carry — numbers, numeric text with thousands
separators, percentages, currency, 万/亿, empty marks, whitespace, bad values — under canonical
and alias headers, unit-suffixed headers and rows lacking some columns. Each table is
validated both ways and compared: the same rows, the same values of the same types, the same
``model_fields_set``, and the same problem lines in the same order.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import Annotated, Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator

from diagrules import Dataset, OptionalCount, OptionalRatio, Record
from diagrules.authoring.datasets import Count, Flag, Money, Number, OptionalDays, Ratio
from diagrules.builtin.alibaba.common import PRODUCTS
from diagrules.builtin.alibaba.quotes import RFQ_QUOTES
from diagrules.builtin.aliexpress.advisor import STORE_DAILY
from diagrules.io.columns import record_plan
from diagrules.io.tables import validate_rows, validate_rows_by_row


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Plain(Record):
    """Every field form the compiler knows, plus a default and a required field."""

    name: str
    short: Annotated[str, Field(min_length=2, max_length=5)] = "ab"
    level: Literal["a", "b", 3] | None = None
    colour: Colour | None = None
    day: dt.date | None = None
    n: int = 0
    x: float | None = None
    on: bool | None = None
    tags: tuple[str, ...] = ()
    ratio: Ratio = 0.0
    count: Count = 0
    money: Money = 0.0
    number: Number = 0.0
    flag: Flag = False
    days: OptionalDays = None
    shouted: Annotated[str | None, BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v)] = None


class Validated(Record):
    """A field validator the compiler cannot reproduce: this class keeps per-row validation."""

    name: str
    share: OptionalRatio = None

    @field_validator("name")
    @classmethod
    def _no_x(cls, v: str) -> str:
        if "x" in v:
            raise ValueError("no x")
        return v


class TwoChecks(Record):
    """Two after-validators, the second refusing what the first produced."""

    a: OptionalCount = None
    b: OptionalCount = None

    @model_validator(mode="after")
    def _double(self) -> TwoChecks:
        return self.model_copy(update={"a": (self.a or 0) * 2})

    @model_validator(mode="after")
    def _small(self) -> TwoChecks:
        if (self.a or 0) > 10:
            raise ValueError("a is too large")
        return self


PLAIN = Dataset("plain", record=Plain, aliases={"name": ["名称"], "ratio": ["比例"], "money": ["金额"]})
VALIDATED = Dataset("validated", record=Validated)
TWO_CHECKS = Dataset("two_checks", record=TwoChecks)

_numbers = st.one_of(
    st.integers(-(2**60), 2**60),
    st.integers(0, 2000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(0, 1),
    st.sampled_from([0.0, -0.0, 1.0, 1.5, 100.0, 2**53 + 1.0, 1e300, True, False]),
)
_texts = st.one_of(
    st.integers(-(10**7), 10**12).map(lambda n: f"{n:,}"),
    st.floats(-1e6, 1e6).map(lambda x: f"{x:,.2f}"),
    st.floats(0, 150).map(lambda x: f"{x:.2f}%"),
    st.floats(0, 1e5).map(lambda x: f"${x:,.2f}"),
    st.floats(0, 1e5).map(lambda x: f"US${x:.1f}"),
    st.floats(0, 500).map(lambda x: f"{x:.1f}万"),
    st.integers(0, 9).map(lambda n: f"{n}亿"),
    st.integers(0, 10**6).map(lambda n: f" {n} "),
    st.sampled_from([
        "", "-", "--", "—", "——", "/", " - ", "  ", "abc", "1.2.3", "nan", "inf", "1e3", "1_000", "١٢",
        "是", "否", "Y", "n", "true", "FALSE", "有", "无", "on", "2", "rts", "RTS", "定制", "Ready to ship",
        "a", "b", "3", "red", "blue", "2026-11-20", "2026-02-30", "2026-11-20 08:30", "  padded ",
        "\x1cx", "x\u3000", "\u00a0", "12%", "12％", "0.5", "１２", "1,2,3", "(12)", "+5", "-0",
    ]),
    st.text(max_size=6),
)
_cells = st.one_of(st.none(), _numbers, _texts, st.sampled_from([[1], {"a": 1}, dt.date(2026, 1, 2), Colour.RED]))

_PLAIN_HEADERS = [
    "name", "名称", "short", "level", "colour", "day", "n", "x", "on", "tags", "ratio", "比例(%)", "count",
    "money", "金额(元)", "number", "flag", "days", "days(小时)", "shouted", "unknown column",
]
_PRODUCT_HEADERS = [
    "产品ID", "product_id", "产品名称", "产品类型", "产品分层", "搜索曝光次数", "搜索点击次数", "搜索点击率",
    "搜索点击率(%)", "访问人数", "询盘个数", "订单数", "orders", "跨境电商专用包装", "运费模板", "计划报名Weekly Deals",
    "运费(美元)", "价格(元)", "发货期(天)", "发货期(小时)", "询盘率", "RTS线上买家数", "RTS线上实收GMV", "负责人",
]


def _tables(headers: list[str], required: str) -> st.SearchStrategy[list[dict[str, Any]]]:
    row = st.dictionaries(st.sampled_from(headers), _cells, max_size=len(headers)).map(
        lambda r: {required: "P1", **r} if required not in r and len(r) % 3 else r
    )
    uniform = st.lists(st.sampled_from(headers), min_size=1, max_size=12, unique=True).flatmap(
        lambda keys: st.lists(st.fixed_dictionaries({k: _cells for k in keys}), max_size=12)
    )
    return st.one_of(st.lists(row, max_size=12), uniform)


def _same(spec: Dataset, table: list[dict[str, Any]], rates: dict[str, float] | None = None, origin: str | None = None) -> None:
    rows = [(i + 2, r) for i, r in enumerate(table)]
    by_row_problems: list[str] = []
    by_column_problems: list[str] = []
    by_row_lines: list[int] = []
    by_column_lines: list[int] = []
    expected = validate_rows_by_row(spec, rows, origin=origin, problems=by_row_problems, rates=rates, lines=by_row_lines)
    got = validate_rows(spec, rows, origin=origin, problems=by_column_problems, rates=rates, lines=by_column_lines)
    assert by_column_problems == by_row_problems
    assert by_column_lines == by_row_lines
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert type(a) is type(b)
        assert list(a.__dict__) == list(b.__dict__)
        for field, value in b.__dict__.items():
            mine = a.__dict__[field]
            assert type(mine) is type(value), field
            assert mine == value or (isinstance(value, float) and math.isnan(value) and math.isnan(mine)), field
        assert a.model_fields_set == b.model_fields_set
        assert a.__pydantic_extra__ == b.__pydantic_extra__
        assert a.__pydantic_private__ == b.__pydantic_private__


_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_tables(_PRODUCT_HEADERS, "产品ID"), st.sampled_from([None, {"CNY": 0.14}]), st.sampled_from([None, "p.csv"]))
def test_products_same_as_per_row(table: list[dict[str, Any]], rates: dict[str, float] | None, origin: str | None) -> None:
    _same(PRODUCTS, table, rates, origin)


@_SETTINGS
@given(_tables(_PLAIN_HEADERS, "name"), st.sampled_from([None, {"CNY": 0.14}]))
def test_every_field_form_same_as_per_row(table: list[dict[str, Any]], rates: dict[str, float] | None) -> None:
    _same(PLAIN, table, rates)


@settings(max_examples=100, deadline=None)
@given(_tables(["统计日期", "date", "访客数", "搜索点击率(%)", "跳失率", "支付金额(元)", "平均停留时长(秒)"], "统计日期"))
def test_store_days_same_as_per_row(table: list[dict[str, Any]]) -> None:
    _same(STORE_DAILY, table, {"CNY": 0.14})


@settings(max_examples=100, deadline=None)
@given(_tables(["RFQ编号", "报价时间", "报价用时(小时)", "买家行动", "status"], "RFQ编号"))
def test_quotes_same_as_per_row(table: list[dict[str, Any]]) -> None:
    _same(RFQ_QUOTES, table)


def test_export_tables_same_as_per_row() -> None:
    """The benchmark's Data Manager tables, text (CSV) and typed (workbook) cells."""
    from benchmarks.tables import HEADERS, product_rows

    for text in (True, False):
        _same(PRODUCTS, [dict(zip(HEADERS, row, strict=True)) for row in product_rows(300, text=text)], origin="p.xlsx")


def test_the_shipped_records_are_compiled() -> None:
    """The fast path is what the built-in datasets take (a silent fallback would pass the tests above)."""
    for spec in (PRODUCTS, RFQ_QUOTES, STORE_DAILY, PLAIN):
        assert record_plan(spec.record) is not None, spec.name
    assert record_plan(Validated) is None


def test_a_field_validator_keeps_per_row_validation() -> None:
    problems: list[str] = []
    rows = validate_rows(VALIDATED, [(1, {"name": "ok", "share": "5%"}), (2, {"name": "x"})], origin=None, problems=problems)
    assert [r.share for r in rows] == [0.05]
    assert problems == ["datasets.validated[1].name: no x (got 'x')"]


def test_rows_are_frozen_record_instances() -> None:
    (row,) = validate_rows(PRODUCTS, [(1, {"产品ID": 16.0, "搜索点击率": "1.5%", "订单数": "-"})], origin=None, problems=[])
    assert isinstance(row, PRODUCTS.record)
    assert row.product_id == "16" and row.search_ctr == 0.015 and row.orders_30d is None
    assert row.model_fields_set == {"product_id", "search_ctr", "orders_30d"}
    assert row.model_dump()["orders_30d"] is None
    with pytest.raises(ValidationError):
        row.product_id = "17"  # type: ignore[misc]
    assert row == PRODUCTS.record.model_validate({"product_id": 16.0, "search_ctr": "1.5%", "orders_30d": "-"})


def test_the_model_validator_runs() -> None:
    """Product infers ``kind`` from RTS buyers; a row built by column runs that validator too."""
    (row,) = validate_rows(PRODUCTS, [(1, {"产品ID": "A", "RTS线上买家数": "3"})], origin=None, problems=[])
    assert row.kind == "rts"
    assert "kind" not in row.model_fields_set


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(list(" \t\u3000-—/万亿1.2,a")), max_size=6), st.text(max_size=5)))
def test_reading_skips_only_cells_cleaning_keeps(cell: str) -> None:
    """``rows_from_grid`` calls ``_clean_cell`` only for text ending in a mark's, 万's, 亿's character or a space."""
    from diagrules.io.tables import _CLEAN_ENDS, _clean_cell

    if not (cell[-1:] in _CLEAN_ENDS or cell[-1:].isspace()):
        assert _clean_cell(cell) is cell


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_tables(_PRODUCT_HEADERS, "产品ID"), _tables(_PRODUCT_HEADERS, "产品ID"))
def test_merged_files_same_as_per_row(monkeypatch: pytest.MonkeyPatch, first: list[dict[str, Any]], second: list[dict[str, Any]]) -> None:
    """Rows merged from two exports are validated by the plan as the model would validate them."""
    from diagrules.io import tables

    parts = []
    for name, table in (("a.xlsx", first), ("b.xlsx", second)):
        lines: list[int] = []
        records = validate_rows(PRODUCTS, [(i + 2, r) for i, r in enumerate(table)], origin=name, problems=[], lines=lines)
        parts.append((name, lines, records))
    got_problems: list[str] = []
    got = tables.merge_on_key(PRODUCTS, parts, got_problems)
    with monkeypatch.context() as m:
        m.setattr(tables, "record_plan", lambda cls: None)
        expected_problems: list[str] = []
        expected = tables.merge_on_key(PRODUCTS, parts, expected_problems)
    assert got_problems == expected_problems
    assert [(r.__dict__, r.model_fields_set) for r in got] == [(r.__dict__, r.model_fields_set) for r in expected]


def test_building_a_table_leaves_the_collector_as_it_found_it() -> None:
    """Thresholds, freezing and the on/off switch are back after a table, whatever they were."""
    import gc

    rows = [(1, {"产品ID": "A", "订单数": "3"})]
    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    validate_rows(PRODUCTS, rows, origin=None, problems=[])
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before
    gc.disable()
    try:
        validate_rows(PRODUCTS, rows, origin=None, problems=[])
        assert not gc.isenabled()
    finally:
        gc.enable()


@settings(max_examples=100, deadline=None)
@given(_tables(["a", "b"], "a"))
def test_after_validators_run_in_order_and_refuse_as_per_row(table: list[dict[str, Any]]) -> None:
    _same(TWO_CHECKS, table)


def test_a_refusing_after_validator_is_reported_as_per_row() -> None:
    _same(TWO_CHECKS, [{"a": 1, "b": 1}, {"a": 6, "b": 1}, {"a": "2", "b": "-"}])  # every row has both
    _same(TWO_CHECKS, [{"a": 1}, {"a": 6}, {"a": "2", "b": "-"}])  # some rows lack b
