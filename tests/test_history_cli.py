"""The history flow from the command line: three weekly snapshots, a diff, the history table."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from diagrules.cli.main import main

START = dt.date(2026, 11, 6)
RULES = "RFQ002,RFQ005,RFQ030,RFQ031"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def week(tmp: Path, n: int, rate: str, quotes: int | None = None, name: str = "Demo Co.") -> Path:
    path = tmp / f"week{n}.toml"
    lines = ['platform = "alibaba"', f'store = "{name}"', f"as_of = {(START + dt.timedelta(days=7 * n)).isoformat()}",
             "[metrics]", f'response_rate = "{rate}"']
    if quotes is not None:
        lines += [f"rfq_quotes_7d = {quotes}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def three_weeks(tmp_path: Path) -> tuple[Path, list[Result]]:
    history = tmp_path / "history.sqlite"
    results = []
    for n, (rate, quotes) in enumerate([("97%", 20), ("96%", 14), ("94%", 10), ("93%", 9)]):
        snap = week(tmp_path, n, rate, quotes)
        results.append(run("check", str(snap), "--history", str(history), "--select", RULES,
                           "--format", "json", "-o", str(tmp_path / f"report{n}.json")))
    return tmp_path, results


def test_previous_week_is_filled_on_the_second_run(three_weeks: tuple[Path, list[Result]]) -> None:
    tmp, _ = three_weeks
    first = json.loads((tmp / "report0.json").read_text(encoding="utf-8"))
    second = json.loads((tmp / "report1.json").read_text(encoding="utf-8"))
    assert first["from_history"] == {} and first["recorded"] == "new"
    assert second["from_history"] == {"rfq_quotes_prev_7d": START.isoformat()}


def test_the_falling_week_finding_on_the_fourth_run(three_weeks: tuple[Path, list[Result]]) -> None:
    tmp, results = three_weeks
    outcomes = [
        {o["rule"]: o["status"] for o in json.loads((tmp / f"report{n}.json").read_text(encoding="utf-8"))["outcomes"]}
        for n in range(4)
    ]
    assert [o["RFQ030"] for o in outcomes] == ["skipped", "skipped", "skipped", "failed"]
    assert results[3].exit_code == 1


def test_diff_between_first_and_last(three_weeks: tuple[Path, list[Result]]) -> None:
    tmp, _ = three_weeks
    result = run("diff", str(tmp / "report0.json"), str(tmp / "report3.json"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["new"]] == ["RFQ002", "RFQ030"]
    assert {"rule": "RFQ030", "before": "skipped", "after": "failed"} in data["outcomes"]
    zh = run("diff", str(tmp / "report0.json"), str(tmp / "report3.json"), "--lang", "zh")
    assert "新增问题（2）" in zh.stdout and "已解决（0）" in zh.stdout


def test_diff_names_a_fixed_finding(tmp_path: Path) -> None:
    run("check", str(week(tmp_path, 0, "90%")), "--select", "RFQ002", "--format", "json", "-o", str(tmp_path / "a.json"))
    run("check", str(week(tmp_path, 1, "97%")), "--select", "RFQ002", "--format", "json", "-o", str(tmp_path / "b.json"))
    data = json.loads(run("diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--format", "json").stdout)
    assert [f["rule"] for f in data["fixed"]] == ["RFQ002"] and data["new"] == []


def test_check_baseline_labels_findings_and_sarif_states(tmp_path: Path) -> None:
    run("check", str(week(tmp_path, 0, "90%")), "--select", "RFQ002", "--format", "json", "-o", str(tmp_path / "a.json"))
    result = run("check", str(week(tmp_path, 1, "91%")), "--select", "RFQ002", "--baseline", str(tmp_path / "a.json"),
                 "--format", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["baseline"] == "unchanged"
    fixed = run("check", str(week(tmp_path, 1, "99%")), "--select", "RFQ002", "--baseline", str(tmp_path / "a.json"),
                "--format", "sarif")
    (res,) = json.loads(fixed.stdout)["runs"][0]["results"]
    assert res["baselineState"] == "absent" and res["ruleId"] == "RFQ002"


def test_history_table(three_weeks: tuple[Path, list[Result]]) -> None:
    tmp, _ = three_weeks
    zh = run("history", "Demo Co.", "--history", str(tmp / "history.sqlite"), "--lang", "zh", "--metric", "回复率")
    assert zh.exit_code == 0, zh.output
    assert "共 4 期快照" in zh.stdout and "回复率" in zh.stdout and "█" in zh.stdout and "-1 个百分点" in zh.stdout
    en = run("history", "Demo Co.", "--history", str(tmp / "history.sqlite"), "--lang", "en")
    assert "Response rate" in en.stdout and "97%" in en.stdout and "93%" in en.stdout


def test_history_for_an_unknown_store_is_a_clear_error(three_weeks: tuple[Path, list[Result]]) -> None:
    tmp, _ = three_weeks
    result = run("history", "Nobody", "--history", str(tmp / "history.sqlite"))
    assert result.exit_code == 2 and "Nobody" in result.stderr and "Traceback" not in result.output


def test_rerunning_a_week_replaces_and_says_so(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    snap = week(tmp_path, 0, "97%")
    run("check", str(snap), "--history", str(history), "--select", "RFQ002")
    again = run("check", str(snap), "--history", str(history), "--select", "RFQ002")
    assert "replaced" in again.stderr
    assert sqlite3.connect(history).execute("SELECT count(*) FROM snapshots").fetchone()[0] == 1


def test_no_history_ignores_the_configured_file(tmp_path: Path) -> None:
    (tmp_path / "diagrules.toml").write_text('[history]\nstore = "h.sqlite"\n', encoding="utf-8")
    snap = week(tmp_path, 0, "97%")
    run("check", str(snap), "--config", str(tmp_path / "diagrules.toml"), "--no-history")
    assert not (tmp_path / "h.sqlite").exists()
    run("check", str(snap), "--config", str(tmp_path / "diagrules.toml"))
    assert (tmp_path / "h.sqlite").exists()


def test_a_corrupt_history_file_is_a_clear_error_and_no_history_still_works(tmp_path: Path) -> None:
    bad = tmp_path / "h.sqlite"
    bad.write_bytes(b"garbage" * 1000)
    snap = week(tmp_path, 0, "90%")
    result = run("check", str(snap), "--history", str(bad), "--select", "RFQ002")
    assert result.exit_code == 2 and str(bad) in result.stderr and "Traceback" not in result.output
    assert run("check", str(snap), "--no-history", "--select", "RFQ002").exit_code == 1


def test_batch_records_every_store_and_a_rerun_does_not_grow(tmp_path: Path) -> None:
    stores = tmp_path / "stores"
    stores.mkdir()
    lines = [json.dumps({"platform": "alibaba", "store": f"S{i}", "as_of": "2026-11-20",
                         "metrics": {"response_rate": 0.9 + i / 10000}}) for i in range(120)]
    (stores / "all.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    history = tmp_path / "h.sqlite"
    for _ in range(2):
        result = run("batch", str(stores / "all.jsonl"), "--history", str(history), "--select", "RFQ002",
                     "-j", "1", "--no-progress", "-o", str(tmp_path / "out.jsonl"), "--fresh")
        assert result.exit_code == 1, result.output
        con = sqlite3.connect(history)
        assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 120
        con.close()


def test_html_report_has_trend_charts_with_history_only(three_weeks: tuple[Path, list[Result]], tmp_path: Path) -> None:
    tmp, _ = three_weeks
    snap = tmp / "week3.toml"
    with_history = run("check", str(snap), "--history", str(tmp / "history.sqlite"), "--select", RULES,
                       "--format", "html", "--lang", "zh")
    assert '<section class="trends">' in with_history.stdout and "回复率" in with_history.stdout
    assert with_history.stdout.count("<polyline") >= 1
    without = run("check", str(snap), "--no-history", "--select", RULES, "--format", "html")
    assert '<section class="trends">' not in without.stdout
    report = json.loads((tmp / "report3.json").read_text(encoding="utf-8"))
    assert [v for _, v in report["trends"]["response_rate"]] == [0.97, 0.96, 0.94, 0.93]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs headless chromium (apt package chromium)")
def test_trend_charts_render_in_chromium(three_weeks: tuple[Path, list[Result]]) -> None:
    tmp, _ = three_weeks
    page = tmp / "report.html"
    run("check", str(tmp / "week3.toml"), "--history", str(tmp / "history.sqlite"), "--select", RULES,
        "--format", "html", "--lang", "zh", "-o", str(page))
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    ).stdout
    assert 'class="trend-grid"' in dom and "<polyline" in dom and "97% → 93%" in dom
