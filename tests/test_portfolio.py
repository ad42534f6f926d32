"""The portfolio summary: a generated 500-store batch across Alibaba.com and AliExpress, its
text, JSON, HTML and XLSX outputs, bad batch lines, the attention ranking at its boundaries,
and the command-line wiring.

The XLSX is written by XlsxWriter and read back here with openpyxl, a different library, so a
number that only looks right to its own writer is caught.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import diagrules
from diagrules.batch.run import run_batch
from diagrules.cli.main import main
from diagrules.portfolio import formats
from diagrules.portfolio.strings import keys, pt
from diagrules.portfolio.summary import Portfolio, read_portfolio
from diagrules.portfolio.xlsx import write_xlsx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.portfolio import HOSTILE_NAMES, portfolio_documents

openpyxl = pytest.importorskip("openpyxl")

N_STORES = 500
INVALID_AT = 7  # the store whose data is made invalid (0-based)


@pytest.fixture(scope="module")
def batch_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real batch run over 500 generated stores (one invalid) plus three unusable lines."""
    folder = tmp_path_factory.mktemp("portfolio")
    docs = portfolio_documents(N_STORES)
    docs[INVALID_AT]["metrics"]["listing_quality_score"] = 150  # at most 100
    stores = folder / "stores.jsonl"
    stores.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    out = folder / "out.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        run_batch(diagrules.Engine(), [stores], fh, processes=1)
        fh.write('{"schema_version": 9, "store": "From the future", "outcomes": []}\n')
        fh.write("not json\n")
        fh.write('{"schema_version": 1, "store": "Cut sh')  # an interrupted run's last line
    return out


@pytest.fixture(scope="module")
def small_output(batch_output: Path) -> Path:
    """The first 20 stores of the batch output and its three bad lines, for the slower paths."""
    lines = batch_output.read_text("utf-8").splitlines(keepends=True)
    small = batch_output.with_name("small.jsonl")
    small.write_text("".join(lines[:20] + lines[-3:]), encoding="utf-8")
    return small


@pytest.fixture(scope="module")
def portfolio(batch_output: Path) -> Portfolio:
    return read_portfolio(batch_output, "en")


@pytest.fixture(scope="module")
def summary(portfolio: Portfolio) -> dict[str, Any]:
    return portfolio.summary()


@pytest.fixture(scope="module")
def workbook(portfolio: Portfolio, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English workbook of the generated portfolio, written once."""
    path = tmp_path_factory.mktemp("xlsx") / "portfolio.xlsx"
    write_xlsx(portfolio, path, "en")
    return path


def test_the_generated_portfolio_is_summarised(summary: dict[str, Any]) -> None:
    totals = summary["totals"]
    assert totals == {"lines": N_STORES + 3, "stores": N_STORES, "diagnosed": N_STORES - 1, "error": 0,
                      "invalid": 1, "unreadable": 3}
    platforms = {p["platform"]: p for p in summary["platforms"]}
    assert platforms["alibaba"]["diagnosed"] == 250 and platforms["aliexpress"]["diagnosed"] == 249
    assert summary["invalid"][0]["store"] == HOSTILE_NAMES[3] and summary["invalid"][0]["line"] == INVALID_AT + 1
    assert "listing_quality_score" in summary["invalid"][0]["error"]
    card = next(s for s in summary["scorecards"] if s["scorecard"] == "aliexpress-growth")
    assert card["scored"] == 249 and sum(b["stores"] for b in card["bins"]) == 249
    assert sum(t["stores"] for t in card["tiers"]) == 249
    assert len(card["abilities"]) == 7
    for ability in card["abilities"]:
        scores = [w["score"] for w in ability["weakest"]]
        assert scores == sorted(scores) and scores[0] <= ability["mean"]
    top = summary["findings"][0]
    assert top["stores"] <= top["evaluated"] and top["share"] == round(top["stores"] / top["evaluated"], 4)
    skipped = {r["rule"]: r for r in summary["rule_problems"]}
    assert {"data": "video_coverage", "stores": 249} in skipped["AEG015"]["missing"]
    assert [a["rank"] for a in summary["attention"]] == list(range(1, 11))


def test_bad_lines_are_reported_with_their_numbers(summary: dict[str, Any]) -> None:
    problems = [(p["line"], p["kind"]) for p in summary["problems"]]
    assert problems == [(N_STORES + 1, "schema"), (N_STORES + 2, "invalid_json"), (N_STORES + 3, "truncated")]
    assert "schema_version 9" in summary["problems"][0]["message"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_json_and_html_are_produced(portfolio: Portfolio, summary: dict[str, Any], lang: str) -> None:
    text = formats.to_text(summary, lang)
    assert pt("sec.attention", lang) in text and pt("sec.rule_problems", lang) in text
    assert json.loads(formats.to_json(summary)) == summary
    page = formats.to_html(summary, lang)
    assert page.count("<svg") == 1 and "<script>" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page), "the page must be self-contained"
    assert "&lt;" not in pt("title", lang) and "=HYPERLINK(&quot;" in page  # store names escaped


def test_reading_the_xlsx_back_gives_the_json_numbers(portfolio: Portfolio, summary: dict[str, Any],
                                                       workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Stores", "Findings", "Summary"]
    stores = book["Stores"]
    header = [c.value for c in stores[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in stores.iter_rows(min_row=2)]
    assert len(rows) == N_STORES
    by_json = {s["store"]: s for s in summary["stores"]}
    refused = [r for r in rows if r["Status"] == "invalid"]
    assert len(refused) == 1 and "listing_quality_score" in refused[0]["Problem"] and refused[0]["Top action"] is None
    for row in rows:
        expected = by_json[row["Store"]]
        assert row["Score"] == expected["score"]
        assert row["Findings"] == expected["findings"] and row["Errors"] == expected["counts"].get("error", 0)
    assert stores.freeze_panes == "A2" and stores.auto_filter.ref == f"A1:R{N_STORES + 1}"
    score_cells = [c for c in stores["E"][1:] if c.value is not None]
    assert score_cells and all(isinstance(c.value, (int, float)) and c.number_format == "0.0" for c in score_cells)
    findings = book["Findings"]
    assert findings.max_row - 1 == len(portfolio.finding_rows) == sum(s["findings"] for s in summary["stores"])
    ratio_cells = [r[6] for r in findings.iter_rows(min_row=2) if r[9].value == "ratio" and r[6].value is not None]
    assert ratio_cells and all(c.number_format == "0.0%" and isinstance(c.value, (int, float)) for c in ratio_cells)
    shares = [r[4] for r in book["Summary"].iter_rows() if r[4].number_format == "0.0%"]
    assert [c.value for c in shares] == [f["share"] for f in portfolio.summary(top=50)["findings"]]


def test_formula_injection_is_written_as_text(workbook: Path) -> None:
    stores = openpyxl.load_workbook(workbook, read_only=True)["Stores"]
    cells = {row[1].value: row[1] for row in stores.iter_rows(min_row=2) if row[1].value in HOSTILE_NAMES}
    assert set(cells) == set(HOSTILE_NAMES)
    assert all(c.data_type == "s" for c in cells.values())  # text, not a formula ("f")


def test_the_xlsx_is_in_the_report_language(small_output: Path, tmp_path: Path) -> None:
    path = tmp_path / "zh.xlsx"
    write_xlsx(read_portfolio(small_output, "zh"), path, "zh")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["店铺", "问题", "汇总"]
    assert book["店铺"]["C2"].value == "已诊断" and book["问题"]["D1"].value == "严重级别"


# -- ranking and aggregation at their boundaries -------------------------------------------------


def _line(store: str, *, findings: list[tuple[str, str]] = (), score: float | None = None,  # type: ignore[assignment]
          platform: str = "shopee", outcomes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    scores = [] if score is None else [{
        "scorecard": "shopee-health", "label": "Shopee health", "overall": score, "tier": "t", "tier_label": "T",
        "weakest": "speed", "dimensions": [{"dimension": "speed", "label": "Speed", "score": score}],
    }]
    return {
        "schema_version": 1, "lang": "en", "store": store, "platform": platform,
        "outcomes": outcomes or [{"rule": r, "status": "failed"} for r, _ in findings],
        "findings": [{"rule": r, "severity": s, "observed": 2, "threshold": 1, "unit": "count"} for r, s in findings],
        "scores": scores, "action_plan": [],
    }


def _ranked(*lines: dict[str, Any]) -> list[str]:
    portfolio = Portfolio("en")
    for line in lines:
        portfolio.add(line)
    return [a["store"] for a in portfolio.summary()["attention"]]


def test_worst_severity_ranks_first_then_points_below_pass() -> None:
    assert _ranked(_line("warned", findings=[("X1", "warning")], score=10),
                   _line("critical", findings=[("X2", "critical")], score=95)) == ["critical", "warned"]
    assert _ranked(_line("a", findings=[("X1", "error")], score=59.5),
                   _line("b", findings=[("X1", "error")], score=50)) == ["b", "a"]


def test_a_score_at_the_pass_mark_is_not_below_it() -> None:
    portfolio = Portfolio("en")
    portfolio.add(_line("at", findings=[("X1", "warning")], score=60))
    portfolio.add(_line("under", findings=[("X1", "warning")], score=59.9))
    below = {r.store: r.below_pass for r in portfolio.rows}
    assert below == {"at": 0.0, "under": 0.1}
    reasons = {a["store"]: a["reasons"] for a in portfolio.summary()["attention"]}
    assert not any("below pass" in r for r in reasons["at"]) and any("below pass" in r for r in reasons["under"])


def test_share_counts_only_stores_where_the_rule_ran() -> None:
    portfolio = Portfolio("en")
    portfolio.add(_line("hit", findings=[("X1", "warning")]))
    portfolio.add(_line("clean", outcomes=[{"rule": "X1", "status": "passed"}]))
    portfolio.add(_line("other", outcomes=[{"rule": "X1", "status": "not_applicable"}]))
    top = portfolio.summary()["findings"][0]
    assert (top["stores"], top["evaluated"], top["share"], top["median_observed"]) == (1, 2, 0.5, 2.0)


def test_a_rule_error_marks_the_store_and_missing_data_is_named() -> None:
    portfolio = Portfolio("en")
    portfolio.add(_line("broken", outcomes=[{"rule": "X1", "status": "error", "reason": "ZeroDivisionError"},
                                            {"rule": "X2", "status": "skipped", "missing": ["gmv"]}]))
    summary = portfolio.summary()
    assert summary["totals"]["error"] == 1 and summary["stores"][0]["status"] == "error"
    problems = {r["rule"]: r for r in summary["rule_problems"]}
    assert problems["X1"]["errored"] == 1 and problems["X2"]["missing"] == [{"data": "gmv", "stores": 1}]


def test_a_plugin_platform_needs_no_knowledge_of_it() -> None:
    portfolio = Portfolio("en")
    portfolio.add(_line("s1", findings=[("SHP001", "error")], score=40))
    summary = portfolio.summary()
    assert summary["platforms"][0]["platform"] == "shopee"
    assert summary["scorecards"][0]["abilities"][0]["weakest"] == [{"store": "s1", "score": 40.0}]


def test_a_line_that_is_not_a_report_is_named() -> None:
    portfolio = Portfolio("zh")
    portfolio.add_line("[1, 2]", 1)
    portfolio.add_line('{"schema_version": 1, "platform": "x"}', 2)
    assert [(p.line, p.kind) for p in portfolio.problems] == [(1, "not_object"), (2, "not_report")]
    assert portfolio.problems[1].message("zh").startswith("不是 diagrules 报告行")


# -- languages -------------------------------------------------------------------------------------

#: What a Chinese portfolio text may keep in Latin letters: ids, formats, options, units.
ALLOWED_LATIN = {"diagrules", "JSON", "JSONL", "schema_version", "store", "platform", "outcomes", "batch",
                 "html", "HTML", "xlsx", "XLSX", "format", "summary", "jsonl", "output", "dir", "results", "o"}


@pytest.mark.parametrize("key", keys())
def test_every_text_is_in_both_languages(key: str) -> None:
    en, zh = pt(key, "en"), pt(key, "zh")
    assert en and zh and en != zh
    words = set(re.findall(r"[A-Za-z_]+", re.sub(r"\{\w+\}", "", zh)))
    assert words <= ALLOWED_LATIN, f"{key}: English in the Chinese text: {words - ALLOWED_LATIN}"
    assert not re.search(r"[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]", zh), f"{key}: half-width punctuation"


# -- the command line ------------------------------------------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_summary_command_formats(small_output: Path, tmp_path: Path) -> None:
    result = _run("summary", str(small_output), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Stores that need attention first" in result.stdout
    assert f"{small_output}:23: the last line is cut short" in result.stderr
    data = json.loads(_run("summary", str(small_output), "--format", "json", "--top", "3").stdout)
    assert len(data["attention"]) == 3 and data["totals"]["stores"] == 20
    assert _run("summary", str(small_output), "--format", "xlsx").exit_code == 2
    target = tmp_path / "p.xlsx"
    assert _run("summary", str(small_output), "--format", "xlsx", "-o", str(target)).exit_code == 0
    assert openpyxl.load_workbook(target).sheetnames == ["Stores", "Findings", "Summary"]


def test_summary_of_a_file_without_stores_is_one_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("garbage\n", encoding="utf-8")
    result = _run("summary", str(empty), "--lang", "en")
    assert result.exit_code == 2 and "no store lines to summarise" in result.stderr
    assert "Traceback" not in result.output


def test_batch_summary_html_site_and_check_xlsx(tmp_path: Path) -> None:
    stores = tmp_path / "stores.jsonl"
    stores.write_text("".join(json.dumps(d) + "\n" for d in portfolio_documents(6)), encoding="utf-8")
    result = _run("batch", str(stores), "--summary", "--lang", "en", "-j", "1", "--exit-zero")
    assert result.exit_code == 0 and "Portfolio summary" in result.stderr and len(result.stdout.splitlines()) == 6
    written = tmp_path / "out.jsonl"
    result = _run("batch", str(stores), "--summary", "-o", str(written), "--lang", "zh", "-j", "1", "--exit-zero")
    assert result.exit_code == 0 and "店铺组合汇总" in result.stderr
    assert "RTS产品未设置运费" in result.stderr  # rules named by their registry title, in the reader's language
    site = tmp_path / "site"
    result = _run("batch", str(stores), "--format", "html", "--output-dir", str(site), "-j", "1", "--lang", "zh")
    assert result.exit_code == 1, result.output
    pages = sorted(p.name for p in (site / "stores").iterdir())
    assert len(pages) == 6
    index = (site / "index.html").read_text("utf-8")
    assert all(f'href="stores/{p}"' in index for p in pages) and "店铺组合汇总" in index
    assert _run("batch", str(stores), "--format", "html").exit_code == 2
    example = Path(diagrules.__file__).parent / "examples" / "aliexpress" / "store.toml"
    target = tmp_path / "one.xlsx"
    assert _run("check", str(example), "--format", "xlsx", "-o", str(target)).exit_code == 1
    assert openpyxl.load_workbook(target)["Findings"].max_row > 1


# -- LibreOffice and Chromium (skipped where they are not installed) ---------------------------------


def test_libreoffice_opens_the_xlsx(workbook: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = shutil.copy(workbook, tmp_path / "portfolio.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    with (tmp_path / "portfolio.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == N_STORES + 1 and rows[0][:2] == ["Platform", "Store"]
    names = {r[1] for r in rows}
    assert set(HOSTILE_NAMES) <= names  # shown as written, not evaluated


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chromium_renders_the_page(summary: dict[str, Any], tmp_path: Path, lang: str) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    page = tmp_path / f"summary.{lang}.html"
    page.write_text(formats.to_html(summary, lang), encoding="utf-8")
    for width in (1280, 390):
        shot = tmp_path / f"{lang}-{width}.png"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--window-size={width},1400", f"--screenshot={shot}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        assert shot.stat().st_size > 10_000  # a blank page is a few hundred bytes
