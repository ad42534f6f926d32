"""Fleet outputs of ``diagrules batch``: findings rows, store rows, Parquet in and out.

Every row is checked against the per-store report of the same store (the reference), so a
fleet table can never say something the full report does not.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from test_batch import write_stores

import diagrules
from diagrules import Engine, InvalidSnapshot
from diagrules.batch.rows import FINDING_COLUMNS, STORE_COLUMNS, FleetTransform, store_finding_rows, store_row
from diagrules.batch.run import BatchLine, WorkItem, diagnose_item, diagnose_stream, run_batch, work_items
from diagrules.batch.scale import finding_rows
from diagrules.batch.tables import MissingPyarrow, pyarrow_modules
from diagrules.cli.main import main

#: The example AliExpress store without its daily export: enough metrics for a score and tier.
ALIEXPRESS = {**{k: v for k, v in tomllib.loads(
    (Path(diagrules.__file__).parent / "examples/aliexpress/store.toml").read_text(encoding="utf-8")).items()
    if k != "datasets"}, "as_of": "2026-11-20"}


def _reference(engine: Engine, data: Path) -> list[tuple[Any, str]]:
    """Each store's per-store result and source, diagnosed one by one."""
    return [pair for item in work_items([data]) for pair in diagnose_item(engine, item)]


def _input(tmp_path: Path, n: int = 120) -> Path:
    data = tmp_path / "stores.jsonl"
    write_stores(data, n)
    with data.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(ALIEXPRESS) + "\n")
    return data


def _same(row: dict[str, Any]) -> dict[str, Any]:
    """A row with an invalid store's text cut to its first line.

    The columnar path words an invalid store as ``Engine.evaluate_many`` does (the error with
    its problems, then the problems again); the per-store batch path gives the headline, then
    the problems. The first line is the same.
    """
    if row["status"] != "invalid":
        return row
    return {**row, "message": row["message"].split("\n")[0].split("; ")[0]}


@pytest.mark.parametrize("processes", [1, 2])
def test_findings_rows_are_each_reports_findings_with_its_source(tmp_path: Path, processes: int) -> None:
    data = _input(tmp_path)
    engine = Engine()
    buffer = io.StringIO()
    summary = run_batch(engine, [data], buffer, fmt="findings", processes=processes, chunk_size=9, lang="zh")
    rows = [json.loads(line) for line in buffer.getvalue().splitlines()]
    expected = [dict(zip(FINDING_COLUMNS, row, strict=True))
                for result, source in _reference(engine, data) for row in store_finding_rows(result, source, "zh")]
    expected = json.loads(json.dumps(expected))
    for row, reference in zip(rows, expected, strict=True):  # the invalid stores' texts: see _same
        assert _same(row) == _same(reference)
    assert len(rows) == len(expected)
    assert all(list(row) == list(FINDING_COLUMNS) for row in rows)
    invalid = [row for row in rows if row["status"] == "invalid"]
    assert len(invalid) == summary.invalid == 6
    assert invalid[0]["source"] == f"{data}:11" and invalid[0]["message"]
    assert summary.stores == 121


def test_finding_rows_match_the_dask_rows_plus_source() -> None:
    engine = Engine()
    report = engine.evaluate(ALIEXPRESS)
    rows = store_finding_rows(report, "x.jsonl:1", "en")
    assert rows and [dict(zip(FINDING_COLUMNS, r, strict=True)) for r in rows] == [
        {**r, "source": "x.jsonl:1"} for r in finding_rows(report, "en")]


def test_store_rows_agree_with_the_reports(tmp_path: Path) -> None:
    data = _input(tmp_path, 60)
    engine = Engine()
    buffer = io.StringIO()
    run_batch(engine, [data], buffer, fmt="stores", processes=2, chunk_size=7)
    rows = [json.loads(line) for line in buffer.getvalue().splitlines()]
    reference = _reference(engine, data)
    assert len(rows) == len(reference) == 61
    for row, (result, source) in zip(rows, reference, strict=True):
        assert list(row) == list(STORE_COLUMNS) and row["source"] == source
        if isinstance(result, InvalidSnapshot):
            assert row["status"] == "invalid" and result.error in row["problem"]
            continue
        severities = [f.severity.label for f in result.findings]
        counts = result.counts()
        assert (row["status"], row["findings"], row["rules_failed"], row["rules_error"]) == (
            "diagnosed", len(result.findings), counts["failed"], counts["error"])
        assert row["worst"] == (result.worst_severity().label if result.findings else None)
        assert row["warnings"] == severities.count("warning") and row["infos"] == severities.count("info")
        assert row["errors"] == severities.count("error") + severities.count("critical")
        card = result.scores[0] if result.scores else None
        assert (row["score"], row["tier"]) == ((card.overall, card.tier) if card else (None, None))
    assert rows[-1]["platform"] == "aliexpress" and rows[-1]["score"] is not None


def test_parquet_output_holds_the_same_rows_as_jsonl(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    data = _input(tmp_path, 80)
    for fmt in ("findings", "stores"):
        as_jsonl, as_parquet = tmp_path / f"{fmt}.jsonl", tmp_path / f"{fmt}.parquet"
        for out in (as_jsonl, as_parquet):
            result = CliRunner().invoke(main, ["batch", str(data), "--format", fmt, "-o", str(out), "-j", "2"])
            assert result.exit_code == 2, result.output  # the corrupted stores
        table = pq.read_table(as_parquet)
        assert tuple(table.column_names) == (FINDING_COLUMNS if fmt == "findings" else STORE_COLUMNS)
        expected = [json.loads(line) for line in as_jsonl.read_text(encoding="utf-8").splitlines()]
        for row in expected:  # the Parquet evidence columns are numbers; text evidence is null there
            for column in ("observed", "threshold"):
                if column in row and not isinstance(row[column], int | float):
                    row[column] = None
                elif column in row and row[column] is not None:
                    row[column] = float(row[column])
        assert table.to_pylist() == expected
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_parquet_input_is_diagnosed_like_the_same_jsonl(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    stores = [{"store": f"S{i}", "platform": "alibaba", "response_rate": f"{80 + i}%", "listed_products": 10 * i,
               "inquiries_30d": None if i % 3 else i} for i in range(12)]
    stores.append({"store": "AE", "platform": "aliexpress", "response_rate": None, "listed_products": None,
                   "inquiries_30d": None})
    pq.write_table(pa.Table.from_pylist(stores), tmp_path / "stores.parquet")
    with (tmp_path / "stores.jsonl").open("w", encoding="utf-8") as fh:
        for s in stores:
            doc = {"store": s["store"], "platform": s["platform"],
                   "metrics": {k: v for k, v in s.items() if k not in ("store", "platform") and v is not None}}
            fh.write(json.dumps(doc) + "\n")
    outputs = {}
    for name in ("stores.parquet", "stores.jsonl"):
        buffer = io.StringIO()
        summary = run_batch(Engine(), [tmp_path / name], buffer, fmt="findings", processes=1)
        outputs[name] = [{**json.loads(line), "source": json.loads(line)["source"].rsplit(":", 1)[1]}
                         for line in buffer.getvalue().splitlines()]
        assert summary.stores == 13
    assert outputs["stores.parquet"] == outputs["stores.jsonl"] and outputs["stores.jsonl"]


def test_a_file_that_is_not_parquet_costs_only_itself(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    (tmp_path / "broken.parquet").write_text("not parquet", encoding="utf-8")
    write_stores(tmp_path / "good.jsonl", 5)
    buffer = io.StringIO()
    summary = run_batch(Engine(), [tmp_path], buffer, fmt="stores", processes=1)
    rows = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert summary.stores == 6 and summary.invalid == 1
    assert rows[-1]["source"] == str(tmp_path / "broken.parquet") and "Parquet" in rows[-1]["problem"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_formats_cannot_be_written_as_parquet(tmp_path: Path, lang: str) -> None:
    data = _input(tmp_path, 3)
    result = CliRunner().invoke(main, ["batch", str(data), "-o", str(tmp_path / "x.parquet"), "--lang", lang])
    assert result.exit_code == 2
    assert ("--format findings" in result.output) and (("行表" in result.output) == (lang == "zh"))
    result = CliRunner().invoke(main, ["batch", str(data), "--format", "findings", "--summary", "--lang", lang])
    assert result.exit_code == 2 and "--format jsonl" in result.output


def test_missing_pyarrow_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingPyarrow) as caught:
        pyarrow_modules()
    assert "diagrules[fleet]" in caught.value.text("zh") and "需要" in caught.value.text("zh")
    data = _input(tmp_path, 3)
    result = CliRunner().invoke(main, ["batch", str(data), "--format", "findings", "-o", str(tmp_path / "x.parquet"),
                                       "--lang", "zh"])
    assert result.exit_code == 2 and "pip install 'diagrules[fleet]'" in result.output


def test_store_row_of_an_invalid_store_names_the_problem() -> None:
    row = dict(zip(STORE_COLUMNS, store_row(InvalidSnapshot("S", "a.jsonl:3", "bad", ("x: y",)), None), strict=True))
    assert (row["status"], row["source"], row["problem"], row["findings"]) == ("invalid", "a.jsonl:3", "bad; x: y", 0)


@attrs.frozen
class DyingFleet(FleetTransform):
    """A fleet transform whose worker is killed (as by the OOM killer) on any chunk holding ``fatal``."""

    fatal: str = ""

    def diagnose_chunk(self, engine: Engine, items: Sequence[WorkItem]) -> list[list[BatchLine]]:
        if any(item.source == self.fatal and item.kind == "line" for item in items):
            os.kill(os.getpid(), signal.SIGKILL)
        return super().diagnose_chunk(engine, items)


def _rows_of(lines: list[BatchLine]) -> list[dict[str, Any]]:
    return [json.loads(text) for line in lines if line.text for text in line.text.split("\n")]


def test_a_worker_killed_in_a_frame_costs_only_the_store_that_killed_it() -> None:
    def items() -> Iterator[WorkItem]:
        for i in range(300):
            doc = {"platform": "alibaba", "store": f"S{i}", "metrics": {"response_rate": 0.5 + i / 600}}
            yield WorkItem(f"gen:{i}", "line", json.dumps(doc))

    engine = Engine()
    healthy = _rows_of(list(diagnose_stream(engine, items(), processes=1, chunk_size=50,
                                            transform=FleetTransform("stores", "en", "jsonl"))))
    lines = list(diagnose_stream(engine, items(), processes=2, chunk_size=50,
                                 transform=DyingFleet("stores", "en", "jsonl", fatal="gen:125")))
    rows = _rows_of(lines)
    assert len(lines) == len(rows) == len(healthy) == 300
    assert rows[:125] == healthy[:125] and rows[126:] == healthy[126:]
    assert rows[125]["status"] == "invalid" and rows[125]["source"] == "gen:125"
    assert "the worker process diagnosing this store stopped (killed by signal SIGKILL" in rows[125]["problem"]


def test_the_fleet_benchmark_floor_finds_what_the_engine_finds(tmp_path: Path) -> None:
    """The numpy floor of ``benchmarks/fleet.py`` is a fair floor only if it finds the same findings."""
    pytest.importorskip("pyarrow")
    pytest.importorskip("numpy")
    import pyarrow.parquet as pq

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks import fleet
    from benchmarks.declarative import engine as bench_engine

    data = tmp_path / "checks.jsonl"
    fleet.write_input(data, "checks", 300)
    fleet._floor(data, tmp_path / "floor.parquet")
    floor = [(r["store"], r["rule"], r["severity"], r["observed"], r["threshold"])
             for r in pq.read_table(tmp_path / "floor.parquet").to_pylist()]
    buffer = io.StringIO()
    run_batch(bench_engine(), [data], buffer, fmt="findings", processes=1, isolate=False, chunk_size=128)
    rows = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert floor == [(r["store"], r["rule"], r["severity"], r["observed"], r["threshold"]) for r in rows]
    assert 10 * 300 <= len(floor) <= 30 * 300


def test_json_lines_are_what_json_dumps_writes() -> None:
    from diagrules.batch.rows import json_lines

    values = ["Shop \"1\"\\", "店铺\n\t\x01", None, 0.1, 1e-300, 1e300, float("nan"), float("inf"), -3, 10**30, True,
              False, "", "\u2028", [1, "a"], 2.0]
    columns = [values, list(reversed(values))]
    names = ("store", "message")
    expected = "\n".join(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, separators=(",", ":"))
                         for row in zip(*columns, strict=True))
    assert json_lines(names, columns) == expected
    assert json_lines(names, [[], []]) == ""


def test_a_failing_columnar_path_costs_speed_not_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import diagrules.fleet

    data = _input(tmp_path, 40)
    healthy = io.StringIO()
    run_batch(Engine(), [data], healthy, fmt="stores", processes=1, isolate=False)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in the columnar path")

    monkeypatch.setattr(diagrules.fleet, "evaluate_frame", broken)
    fallback = io.StringIO()
    summary = run_batch(Engine(), [data], fallback, fmt="stores", processes=1, isolate=False)
    assert summary.stores == 41
    got, expected = ([_same_store(json.loads(line)) for line in buffer.getvalue().splitlines()]
                     for buffer in (fallback, healthy))
    assert got == expected


def _same_store(row: dict[str, Any]) -> dict[str, Any]:
    """A store row with an invalid store's problem cut to its first line (see :func:`_same`)."""
    if row["status"] != "invalid":
        return row
    return {**row, "problem": row["problem"].split("\n")[0].split("; ")[0], "platform": None}
