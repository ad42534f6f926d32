"""Batch diagnosis: parallel workers, streaming with bounded read-ahead, and bad records.

The large-run test uses ``DIAGRULES_BATCH_N`` stores (default 500); ``docs/cli.md`` records a
10,000-store run made with ``DIAGRULES_BATCH_N=10000``.
"""

from __future__ import annotations

import io
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_report_samples import engine as sample_engine
from test_report_samples import snapshot as sample_snapshot

from diagrules import Engine, InvalidSnapshot, Report, from_dict
from diagrules.batch.run import (
    WorkItem,
    count_work_items,
    diagnose_stream,
    render_line,
    run_batch,
    work_items,
)
from diagrules.cli.main import main

BATCH_N = int(os.environ.get("DIAGRULES_BATCH_N", "500"))
CORRUPT_EVERY = 20  # 5 % of the records


def _store(i: int, rng: random.Random) -> dict[str, Any]:
    return {
        "platform": "alibaba",
        "store": f"Store {i:05d}",
        "metrics": {
            "response_rate": f"{rng.uniform(80, 100):.1f}%",
            "listed_products": rng.randint(10, 400),
            "inquiries_30d": rng.randint(0, 300),
        },
    }


def _corrupt(i: int, rng: random.Random) -> str:
    """One corrupted record; the kinds rotate so every kind appears."""
    good = _store(i, rng)
    kind = (i // CORRUPT_EVERY) % 6
    if kind == 0:
        return json.dumps(good)[:-7]  # truncated line
    if kind == 1:
        good["metrics"]["response_rate"] = 95  # a percentage written as a ratio
    elif kind == 2:
        good["platform"] = "alibabba"
    elif kind == 3:
        del good["store"]
    elif kind == 4:
        return json.dumps([good])
    else:
        good["metrics"]["response_rate"] = "n/a"
    return json.dumps(good)


def write_stores(path: Path, n: int, seed: int = 7) -> set[int]:
    """Write ``n`` stores as JSONL, every 20th corrupted; return the corrupted line numbers."""
    rng = random.Random(seed)
    corrupted = set()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if i % CORRUPT_EVERY == CORRUPT_EVERY // 2:
                fh.write(_corrupt(i, rng) + "\n")
                corrupted.add(i + 1)
            else:
                fh.write(json.dumps(_store(i, rng)) + "\n")
    return corrupted


def test_large_batch_diagnoses_every_valid_store_and_reports_every_corrupted_one(tmp_path: Path) -> None:
    data = tmp_path / "stores.jsonl"
    corrupted = write_stores(data, BATCH_N)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["batch", str(data), "-o", str(out), "--workers", "2", "--chunk-size", "50", "--lang", "en"]
    )
    assert result.exit_code == 2, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == BATCH_N
    for number, line in enumerate(lines, start=1):
        if number in corrupted:
            assert set(line) == {"store", "source", "error", "problems"}
            assert line["source"] == f"{data}:{number}"
        else:
            assert "error" not in line
            report = from_dict(line)
            assert report.store == f"Store {number - 1:05d}"
            assert report.outcome("RFQ002").status.value in ("passed", "failed")
    invalid = len(corrupted)
    assert f"{BATCH_N:,} stores: {BATCH_N - invalid:,} diagnosed, {invalid:,} invalid" in result.stderr


def test_corrupted_records_say_what_is_wrong(tmp_path: Path) -> None:
    data = tmp_path / "stores.jsonl"
    write_stores(data, 6 * CORRUPT_EVERY)
    buffer = io.StringIO()
    summary = run_batch(Engine(), [data], buffer, processes=1)
    errors = [d for d in map(json.loads, buffer.getvalue().splitlines()) if "error" in d]
    text = json.dumps(errors)
    assert summary.invalid == len(errors) == 6
    for expected in ("invalid JSON", "did you mean '95%'", "unknown platform 'alibabba'", "store: Field required",
                     "a snapshot must be a table", "response_rate"):
        assert expected in text, expected


def test_parallel_and_sequential_runs_write_the_same_lines(tmp_path: Path) -> None:
    data = tmp_path / "stores.jsonl"
    write_stores(data, 150)
    outputs = []
    for processes in (1, 2):
        buffer = io.StringIO()
        run_batch(Engine(), [data], buffer, processes=processes, chunk_size=7)
        outputs.append(buffer.getvalue())
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") == 150


def test_workers_use_the_configured_engine(tmp_path: Path) -> None:
    data = tmp_path / "stores.jsonl"
    write_stores(data, 60)
    engine = Engine.from_config(None, overrides={"select": ["RFQ002"], "rules": {"RFQ002": {"min_rate": 0.0}}})
    buffer = io.StringIO()
    summary = run_batch(engine, [data], buffer, processes=2, chunk_size=5)
    reports = [json.loads(line) for line in buffer.getvalue().splitlines() if '"outcomes"' in line]
    assert reports and all([o["rule"] for o in r["outcomes"]] == ["RFQ002"] for r in reports)
    assert all(r["outcomes"][0]["status"] == "passed" for r in reports)
    assert summary.failing == 0


def test_streaming_reads_a_bounded_number_of_items_ahead() -> None:
    pulled = 0

    def items() -> Iterator[WorkItem]:
        nonlocal pulled
        for i in range(2000):
            pulled += 1
            doc = {"platform": "alibaba", "store": f"S{i}", "metrics": {"response_rate": 0.99}}
            yield WorkItem(f"gen:{i}", "line", json.dumps(doc))

    chunk, window = 10, 4
    seen = 0
    for _ in diagnose_stream(Engine(), items(), processes=2, chunk_size=chunk, window=window):
        seen += 1
        assert pulled - seen <= (window + 1) * chunk
    assert seen == 2000


def test_a_folder_of_snapshot_files(tmp_path: Path) -> None:
    folder = tmp_path / "stores"
    folder.mkdir()
    for i in range(3):
        (folder / f"s{i}.toml").write_text(
            f'platform = "alibaba"\nstore = "T{i}"\n[metrics]\nresponse_rate = "9{i}%"\n', encoding="utf-8"
        )
    (folder / "broken.toml").write_text("platform = \n", encoding="utf-8")
    (folder / "more.jsonl").write_text(json.dumps(_store(9, random.Random(1))) + "\n\n", encoding="utf-8")
    assert count_work_items([folder]) == 5
    assert [w.kind for w in work_items([folder])] == ["file", "line", "file", "file", "file"]
    buffer = io.StringIO()
    summary = run_batch(Engine(), [folder], buffer, fmt="text", processes=1)
    assert (summary.stores, summary.diagnosed, summary.invalid) == (5, 4, 1)
    text = buffer.getvalue()
    assert "broken.toml: invalid data: invalid TOML" in text
    assert "T0: " in text and "worst: error" in text


def test_render_line_runs_with_any_result() -> None:
    report = sample_engine().evaluate(sample_snapshot())
    line = render_line(report, "x.toml", fmt="jsonl", lang="zh")
    assert line.worst is not None and line.worst.label == "critical"
    assert json.loads(line.text)["source"] == "x.toml"
    bad = render_line(InvalidSnapshot("S", "x:1", "broken", ("a: b",)), None, fmt="text", lang="zh")
    assert bad.invalid and bad.text == "x:1：数据无效：broken; a: b"


def test_engine_results_pickle_for_workers() -> None:
    import pickle

    report = sample_engine().evaluate(sample_snapshot())
    back = pickle.loads(pickle.dumps(report))
    assert isinstance(back, Report) and back.findings[0].message.get("en") == report.findings[0].message.get("en")


def test_batch_cli_text_progress_and_exit_codes(tmp_path: Path) -> None:
    data = tmp_path / "ok.jsonl"
    data.write_text(
        "\n".join(json.dumps({"platform": "alibaba", "store": f"S{i}", "metrics": {"response_rate": 0.99}})
                  for i in range(5)) + "\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    ok = runner.invoke(main, ["batch", str(data), "--select", "RFQ002", "--format", "text", "--progress",
                              "--lang", "zh", "-j", "1"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.count("\n") == 5 and "S0：共 1 条规则：通过 1" in ok.stdout
    assert "共 5 个店铺：已诊断 5 个，数据无效 0 个" in ok.stderr
    failing = runner.invoke(main, ["batch", str(data), "--select", "RFQ002", "-j", "1",
                                   "--config", str(_config(tmp_path, "[rules.RFQ002]\nmin_rate = 1.0\n"))])
    assert failing.exit_code == 1
    assert runner.invoke(main, ["batch", str(data), "--exit-zero", "-j", "1", "--select", "RFQ002",
                                "--config", str(_config(tmp_path, "[rules.RFQ002]\nmin_rate = 1.0\n"))]).exit_code == 0


def test_batch_cli_rejects_non_streaming_formats(tmp_path: Path) -> None:
    data = tmp_path / "x.jsonl"
    data.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(data), "--format", "markdown"])
    assert result.exit_code == 2 and "Invalid value for '--output-format' / '--format'" in result.output
    empty = CliRunner().invoke(main, ["batch", str(data), "--lang", "en"])
    assert empty.exit_code == 2 and "no store snapshots found" in empty.stderr


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "diagrules.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("chunk_size", [0, -1])
def test_chunk_size_must_be_positive(chunk_size: int) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        list(diagnose_stream(Engine(), [], chunk_size=chunk_size))
