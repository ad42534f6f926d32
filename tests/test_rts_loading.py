"""Loading the Alibaba.com Data Manager product export into the RTS ``products`` dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fixtures.alibaba.products_export import HEADERS, TITLE_BLOCK, data_rows, write_csv, write_xlsx

import diagrules

EXAMPLE = Path(diagrules.__file__).parent / "examples" / "alibaba" / "store.toml"


@pytest.fixture(scope="module")
def engine() -> diagrules.Engine:
    return diagrules.Engine({"plugins": {"allow": ["alibaba_rts"]}, "select": ["RTS"], "reject_invalid_datasets": True})


def _snapshot(file: Path, **extra: Any) -> dict[str, Any]:
    return {
        "platform": "alibaba",
        "store": "Fixture Bags",
        "datasets": {"products": {"file": file.name, **extra}},
    }


def _products(engine: diagrules.Engine, file: Path, **extra: Any) -> list[Any]:
    return engine.prepare(_snapshot(file, **extra), base_dir=file.parent).datasets["products"]


def test_xlsx_with_title_block(engine: diagrules.Engine, tmp_path: Path) -> None:
    rows = _products(engine, write_xlsx(tmp_path / "Products-2026-11-19.xlsx"))
    assert len(rows) == 30
    first = rows[0]
    assert first.product_id == "1600512340001"  # stored as a number in the sheet
    assert first.kind == "rts"
    assert first.title == "Canvas Tote Bag with Zipper"
    assert first.impressions_30d == 48210  # "48,210"
    assert first.search_ctr == pytest.approx(0.0127)  # "1.27%"
    assert first.has_cross_border_packaging is True
    assert first.in_weekly_deals is True
    assert first.lead_time_days == 7
    assert sum(r.kind == "customized" for r in rows) == 22


def test_derived_rts_metrics_from_the_export(engine: diagrules.Engine, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "products.xlsx")
    prepared = engine.prepare(_snapshot(path), base_dir=tmp_path)
    assert prepared.metrics["rts_products"] == 8
    assert prepared.metrics["rts_product_share"] == pytest.approx(8 / 30)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_encodings(engine: diagrules.Engine, tmp_path: Path, encoding: str) -> None:
    rows = _products(engine, write_csv(tmp_path / "products.csv", encoding=encoding))
    assert len(rows) == 30
    assert rows[8].title == "Custom Logo Non-woven Bag"
    assert rows[8].kind == "customized"  # "定制" survives the encoding
    assert rows[8].impressions_30d == 96032  # "96,032": the separator is not a delimiter


def test_semicolon_csv_with_title_block(engine: diagrules.Engine, tmp_path: Path) -> None:
    rows = _products(engine, write_csv(tmp_path / "products.csv", delimiter=";"))
    assert [r.product_id for r in rows[:2]] == ["1600512340001", "1600512340002"]


def test_header_row_is_found_below_the_title_block(engine: diagrules.Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "products.csv")
    rows = _products(engine, path)
    assert rows[0].product_id == "1600512340001"
    # An explicit header_row (1-based) overrides detection and must point at the header.
    explicit = _products(engine, path, header_row=len(TITLE_BLOCK) + 1)
    assert [r.product_id for r in explicit] == [r.product_id for r in rows]


def test_percent_strings_and_thousands_separators(engine: diagrules.Engine, tmp_path: Path) -> None:
    headers = ["产品ID", "产品类型", "搜索曝光次数", "搜索点击率", "价格(美元)"]
    rows = [["A1", "RTS", "1,234,567", "1.15%", "$1,020.50"]]
    product = _products(engine, write_csv(tmp_path / "p.csv", headers=headers, rows=rows))[0]
    assert product.impressions_30d == 1_234_567
    assert product.search_ctr == pytest.approx(0.0115)
    assert product.price_usd == pytest.approx(1020.5)


def test_header_with_percent_unit_reads_bare_numbers_as_percent(
    engine: diagrules.Engine, tmp_path: Path
) -> None:
    headers = ["产品ID", "产品类型", "搜索点击率(%)"]
    product = _products(engine, write_csv(tmp_path / "p.csv", headers=headers, rows=[["A1", "定制", "1.15"]]))[0]
    assert product.search_ctr == pytest.approx(0.0115)


def test_unknown_columns_are_ignored(engine: diagrules.Engine, tmp_path: Path) -> None:
    headers = ["负责人", "产品ID", "是否橱窗", "产品类型", "TM咨询人数", "某个新指标"]
    rows = [["Lily", "A1", "是", "RTS", "3", "whatever"]]
    product = _products(engine, write_csv(tmp_path / "p.csv", headers=headers, rows=rows))[0]
    assert product.product_id == "A1"
    assert product.kind == "rts"


def test_missing_required_columns_are_listed(engine: diagrules.Engine, tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h != "产品ID"]
    rows = [r[1:] for r in data_rows()]
    path = write_csv(tmp_path / "products.csv", headers=headers, rows=rows)
    with pytest.raises(diagrules.SnapshotError) as info:
        engine.evaluate(_snapshot(path), base_dir=tmp_path)
    text = str(info.value) + " ".join(info.value.problems)
    assert "required column(s) missing in header row 6" in text
    assert "product_id (product_id, 产品ID" in text  # the field and the headers that would fill it


def test_a_column_is_required_only_by_the_rules_that_read_it(engine: diagrules.Engine, tmp_path: Path) -> None:
    """Without a type column the store is still diagnosed; rules reading the type say which list has it."""
    headers = [h for h in HEADERS if h != "产品类型"]
    rows = [r[:2] + r[3:] for r in data_rows()]
    report = engine.evaluate(_snapshot(write_csv(tmp_path / "products.csv", headers=headers, rows=rows)),
                             base_dir=tmp_path)
    lead_time = next(o for o in report.outcomes if o.rule == "RTS009")
    assert lead_time.status.value == "skipped" and lead_time.missing == ("products.kind",)
    assert "it comes from the product management list" in (lead_time.reason or "")
    share = next(o for o in report.outcomes if o.rule == "RTS001")
    assert share.status.value == "skipped"  # the RTS share is unknown, not 0 %


def test_bad_cells_name_row_and_field(engine: diagrules.Engine, tmp_path: Path) -> None:
    rows = data_rows()
    rows[2][2] = "批发"  # neither RTS nor 定制
    path = write_csv(tmp_path / "products.csv", rows=rows)
    with pytest.raises(diagrules.SnapshotError) as info:
        engine.evaluate(_snapshot(path), base_dir=tmp_path)
    problems = " ".join(info.value.problems)
    assert "products.csv row 9" in problems
    assert "kind" in problems and "批发" in problems


def test_no_header_row(engine: diagrules.Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "products.csv", headers=["a", "b"], rows=[["1", "2"]])
    with pytest.raises(diagrules.SnapshotError, match="no header row found"):
        engine.evaluate(_snapshot(path), base_dir=tmp_path)


def test_example_store_reads_in_both_languages() -> None:
    report = diagrules.Engine({"plugins": {"allow": ["alibaba_rts", "alibaba_rfq"]}}).evaluate(EXAMPLE)
    rts = {o.rule: o.status.value for o in report.outcomes if o.rule.startswith("RTS")}
    assert len(rts) == 10 and "skipped" not in rts.values() and "error" not in rts.values()
    assert rts["RTS002"] == "passed"
    findings = [f for f in report.findings if f.rule.startswith("RTS")]
    for f in findings:
        en, zh = f.message.get("en"), f.message.get("zh")
        assert "{" not in en and "{" not in zh, (en, zh)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    share = next(f for f in findings if f.rule == "RTS001")
    assert "26.7%（30 个中有 8 个）" in share.message.get("zh")
    assert "把 1 个定制品转为RTS，或新发布 2 个RTS产品" in share.message.get("zh")  # 9/30 or 10/32
