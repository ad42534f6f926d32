"""Issue 15: the back offices' own export layouts load (fixtures from scripts/gen_export_fixtures.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import diagrules
from diagrules import SnapshotError
from diagrules.io import tables

ROOT = Path(__file__).parent.parent
EXPORTS = Path(__file__).parent / "fixtures" / "exports"
ENGINE = diagrules.Engine({"plugins": {"allow": ["alibaba_rts", "alibaba_rfq", "aliexpress_growth"]},
                           "reject_invalid_datasets": True})


def _prepare(platform: str, dataset: str, entry: dict[str, Any]) -> diagrules.PreparedSnapshot:
    return ENGINE.prepare({"platform": platform, "store": "S", "datasets": {dataset: entry}}, base_dir=EXPORTS)


def test_the_committed_fixtures_are_what_the_script_writes(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_export_fixtures.py"), str(tmp_path)],
                   check=True, capture_output=True)
    for made in sorted(tmp_path.iterdir()):
        assert made.read_bytes() == (EXPORTS / made.name).read_bytes(), made.name


def test_data_manager_product_export() -> None:
    """BIFF8, A1 title, header on row 6, 29 columns, text numbers, Y/N, '-', no type column."""
    rows = _prepare("alibaba", "products", {"file": "Products-2026-11-19.xls"}).datasets["products"]
    assert len(rows) == 20
    first = rows[0]
    assert first.product_id == "1600512340001" and first.title == "Canvas Tote Bag with Zipper"
    assert first.impressions_30d == 48210 and first.clicks_30d == 1012  # "48,210"
    assert first.search_ctr == pytest.approx(0.021)  # "2.10%"
    assert first.inquiry_rate == pytest.approx(58 / 702, abs=1e-4)
    assert first.rts_gmv_usd == pytest.approx(1893.5)
    # RTS online buyers or GMV make an RTS product; without them the type stays unknown
    assert [r.kind for r in rows[:4]] == ["rts", "rts", None, "rts"]
    assert rows[-1].impressions_30d is None  # "-" is no value, not an error


def test_business_advisor_export_needs_a_rate_for_yuan() -> None:
    with pytest.raises(SnapshotError) as info:
        _prepare("aliexpress", "store_daily", {"file": "business-advisor-store.csv"})
    (problem,) = info.value.problems
    assert "'支付金额(元)' is in CNY, but pay_amount is in US$" in problem
    assert "currency_rates = { CNY = <US$ per 1 CNY> }" in problem


@pytest.mark.parametrize("name", ["business-advisor-store.csv", "business-advisor-store-xls.csv"])
def test_business_advisor_export(name: str) -> None:
    """GB18030 CSV and .xls bytes under a .csv name: description rows, 合计, 万, (元), (%), (秒), '-'."""
    prepared = _prepare("aliexpress", "store_daily", {"file": name, "currency_rates": {"CNY": 0.14}})
    days = prepared.datasets["store_daily"]
    assert len(days) == 30  # the 合计 row is dropped
    day = days[3]
    assert day.page_views == 10900  # "1.09万"
    assert day.search_ctr == pytest.approx(0.017)  # "1.70" under 搜索点击率(%)
    assert day.pay_amount == pytest.approx(751 * 0.14)  # "751.00" 元 at 0.14 US$
    assert day.wishlist_buyers is None  # "-"
    assert day.avg_stay_seconds == 83
    assert prepared.metrics["pay_amount_30d"] == pytest.approx(sum(d.pay_amount for d in days))


def test_a_total_larger_than_its_rows_means_rows_are_missing() -> None:
    spec = ENGINE.registry.datasets["store_daily"]
    grid = [["统计日期", "支付订单数"], ["2026-11-19", "4"], ["2026-11-20", "5"], ["合计", "12"]]
    with pytest.raises(SnapshotError, match=r"t.csv row 4: the total row gives '支付订单数' = 12, but the rows above add up to 9"):
        tables.rows_from_grid(grid, spec, origin="t.csv")
    grid[-1][1] = "9"
    assert [line for line, _ in tables.rows_from_grid(grid, spec, origin="t.csv")] == [2, 3]


@pytest.mark.parametrize(("cell", "value"), [("1.2万", 12000), ("3.4亿", 340_000_000), ("--", None), ("/", None)])
def test_magnitudes_and_empty_marks(cell: str, value: Any) -> None:
    spec = ENGINE.registry.datasets["store_daily"]
    ((_, row),) = tables.rows_from_grid([["统计日期", "访客数"], ["2026-11-20", cell]], spec)
    assert row["访客数"] == value


@pytest.mark.parametrize("footer", ["合计", "总计", "小计", "Total", "总计:"])
def test_footer_rows_are_dropped(footer: str) -> None:
    spec = ENGINE.registry.datasets["store_daily"]
    grid = [["统计日期", "访客数"], ["2026-11-20", "5"], [footer, "5"]]
    assert len(tables.rows_from_grid(grid, spec)) == 1


def test_an_html_page_saved_as_xls_says_so(tmp_path: Path) -> None:
    (tmp_path / "report.xls").write_text("<html><body><table><tr><td>产品ID</td></tr></table></body></html>")
    with pytest.raises(SnapshotError, match="is a web page"):
        tables.read_table(tmp_path / "report.xls", ENGINE.registry.datasets["products"])


def test_a_header_time_suffix_converts_to_the_fields_unit(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("产品ID,发货期(小时)\nP1,48\n", encoding="utf-8")
    (row,) = ENGINE.prepare({"platform": "alibaba", "store": "S", "datasets": {"products": {"file": "p.csv"}}},
                            base_dir=tmp_path).datasets["products"]
    assert row.lead_time_days == 2  # 48 hours
    spec = ENGINE.registry.datasets["store_daily"]
    assert spec.field_unit("pay_amount") == "money" and spec.field_unit("visitors") == "count"


def test_a_store_with_only_the_data_manager_export_is_diagnosed() -> None:
    """Issue 15's first 'done when': no type column, yet RFQ, store-level and Data Manager rules
    run, and the rules needing other lists are skipped naming them."""
    report = ENGINE.evaluate(
        {"platform": "alibaba", "store": "S", "metrics": {"回复率": "90%"},
         "datasets": {"products": {"file": "Products-2026-11-19.xls"}}},
        base_dir=EXPORTS,
    )
    status = {o.rule: o for o in report.outcomes}
    assert status["RFQ002"].status.value == "failed"  # the store-level response rate
    items = {rid: [f.item for f in report.findings if f.rule == rid] for rid in ("RFQ010", "RFQ011", "RFQ012", "RFQ013")}
    assert items == {
        "RFQ010": ["1600512340001"],  # ...0002 has 2.0% clicks but 6.98% inquiries, under 7.5%
        "RFQ011": ["1600512340101"],  # ...0102 clicks 0.51%, just over half the 1% median
        "RFQ012": ["1600512340103"],
        "RFQ013": ["1600512340113"],
    }
    for rid in ("RTS003", "RTS007", "RTS009"):
        assert status[rid].status.value == "skipped"
        assert "it comes from the product management list" in (status[rid].reason or "")


def test_several_exports_make_one_dataset(tmp_path: Path) -> None:
    """The Data Manager analysis plus the product management list: merged on product_id."""
    (tmp_path / "Products-2026-11-19.xls").write_bytes((EXPORTS / "Products-2026-11-19.xls").read_bytes())
    (tmp_path / "manage.csv").write_text(
        "产品ID,产品类型,发货期\n1600512340003,定制,30\n1600512340001,RTS,7\n1600599999999,RTS,5\n",
        encoding="utf-8",
    )
    entry = {"file": ["Products-2026-11-19.xls", "manage.csv"]}
    prepared = ENGINE.prepare({"platform": "alibaba", "store": "S", "datasets": {"products": entry}},
                              base_dir=tmp_path)
    rows = {r.product_id: r for r in prepared.datasets["products"]}
    assert len(rows) == 21  # 20 analysed products + one only in the management list
    assert rows["1600512340003"].kind == "customized" and rows["1600512340003"].impressions_30d == 21873
    assert rows["1600512340001"].lead_time_days == 7 and rows["1600512340001"].clicks_30d == 1012
    assert "kind" in rows["1600512340003"].model_fields_set


def test_conflicting_exports_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("产品ID,搜索曝光次数\nP1,100\nP2,5\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("产品ID,搜索曝光次数\nP2,\nP1,120\n", encoding="utf-8")
    with pytest.raises(SnapshotError) as info:
        ENGINE.prepare({"platform": "alibaba", "store": "S", "datasets": {"products": {"file": ["a.csv", "b.csv"]}}},
                       base_dir=tmp_path)
    assert info.value.problems == (
        "datasets.products: product_id 'P1': impressions_30d is '100' in a.csv row 2 but '120' in b.csv row 3",
    )


def test_a_quote_list_without_dates_costs_only_the_weekly_rules(tmp_path: Path) -> None:
    """Issue 15: some quote lists have no 报价时间 column; the store is still diagnosed."""
    (tmp_path / "quotes.csv").write_text("RFQ编号,买家行动\nR1,已查看\nR2,未查看\n", encoding="utf-8")
    report = ENGINE.evaluate(
        {"platform": "alibaba", "store": "S", "metrics": {"回复率": "99%"},
         "datasets": {"rfq_quotes": {"file": "quotes.csv"}}},
        base_dir=tmp_path,
    )
    status = {o.rule: o for o in report.outcomes}
    assert status["RFQ002"].status.value == "passed"
    # an undated list is taken as the review period (issue 16); two quotes are too few to judge
    rfq005 = status["RFQ005"]
    assert rfq005.status.value == "skipped" and "review period" in (rfq005.reason or "")
