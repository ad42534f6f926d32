"""Issue 15, item 2: bad data costs only what depends on it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import diagrules
from diagrules.cli.main import main
from diagrules.core.model import Status


def _store(tmp_path: Path) -> Path:
    (tmp_path / "quotes.csv").write_text(
        "RFQ编号,报价时间,买家行动\nR1,2026-11-18,已查看\nR2,2026-11-18,未查看\nR3,not a date,已回复\n",
        encoding="utf-8",
    )
    snap = tmp_path / "store.toml"
    snap.write_text(
        'platform = "alibaba"\nstore = "S"\nas_of = 2026-11-20\n[metrics]\nresponse_rate = "90%"\n'
        '[datasets]\nrfq_quotes = { file = "quotes.csv" }\n',
        encoding="utf-8",
    )
    return snap


def test_a_bad_cell_costs_only_the_rules_that_read_the_dataset(tmp_path: Path) -> None:
    report = diagrules.Engine({"select": ["RFQ002", "RFQ005"]}).evaluate(_store(tmp_path))
    assert report.outcome("RFQ002").status is Status.FAILED  # diagnosed from the metric
    rfq005 = report.outcome("RFQ005")
    assert rfq005.status is Status.ERROR and rfq005.missing == ("rfq_quotes",)
    (problem,) = report.input_errors
    assert "rfq_quotes" in problem and "quotes.csv row 4" in problem and "quoted_at" in problem


def test_the_report_is_written_and_the_exit_status_says_the_input_was_invalid(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(_store(tmp_path)), "--select", "RFQ002,RFQ005",
                                       "--format", "json", "--lang", "zh"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert len(data["input_errors"]) == 1
    reasons = {o["rule"]: o["reason"] for o in data["outcomes"]}
    assert "无效" in reasons["RFQ005"] and reasons["RFQ002"] is None
    text = CliRunner().invoke(main, ["check", str(_store(tmp_path)), "--select", "RFQ002,RFQ005", "--lang", "zh"])
    assert "无法读取的数据" in text.stdout and "quotes.csv" in text.stdout


def test_a_good_store_has_no_input_errors(tmp_path: Path) -> None:
    path = _store(tmp_path)
    (tmp_path / "quotes.csv").write_text("RFQ编号,报价时间,买家行动\nR1,2026-11-18,已查看\n", encoding="utf-8")
    report = diagrules.Engine({"select": ["RFQ002", "RFQ005"]}).evaluate(path)
    assert report.input_errors == [] and report.outcome("RFQ005").status is not Status.ERROR


def test_batch_writes_every_store_and_exits_2_when_some_data_could_not_be_read(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "store.toml").write_text('platform = "alibaba"\nstore = "G"\n[metrics]\nresponse_rate = "99%"\n',
                                     encoding="utf-8")
    _store(tmp_path)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "store.toml"), str(good / "store.toml"), "-j", "1",
                                       "--no-progress", "--select", "RFQ002,RFQ005", "-o", str(out)])
    assert result.exit_code == 2 and "input_errors" in result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(len(line["input_errors"]) for line in lines) == [0, 1]
