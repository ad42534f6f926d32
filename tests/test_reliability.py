"""Faults a user will meet, and what they see: hanging rules, killed workers, interrupted runs.

Each test shows the report line or the message the user gets. The fuzzing half of the
reliability work is in ``tests/test_properties.py``; the figures are in docs/reliability.md.
"""

from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import sleepyplugin
import toyplugin
from click.testing import CliRunner
from test_batch import write_stores

import diagrules
from diagrules import Engine, InvalidSnapshot, Report
from diagrules.batch.run import (
    BatchInterrupted,
    WorkItem,
    diagnose_stream,
    marker_path,
    open_output,
    read_written,
    render_line,
    run_batch,
)
from diagrules.cli import main as cli_module
from diagrules.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("diagrules")


def _toy_lines(path: Path, visits: list[int]) -> Path:
    path.write_text(
        "".join(json.dumps({"platform": "toyshop", "store": f"T{i}", "metrics": {"visits": v, "orders": 1}}) + "\n"
                for i, v in enumerate(visits)),
        encoding="utf-8",
    )
    return path


def _sleepy_engine(**config: Any) -> Engine:
    return Engine({"plugins": {"autoload": False}, **config}, plugins=[toyplugin, sleepyplugin])


# -- a rule that never returns --------------------------------------------------------------------------


def test_a_hanging_rule_is_cut_off_in_batch_workers_and_the_others_still_run(tmp_path: Path) -> None:
    hanging = sleepyplugin.HANGING_VISITS
    data = _toy_lines(tmp_path / "stores.jsonl", [100, hanging, 200, 300, hanging, 400])
    out = tmp_path / "out.jsonl"
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        summary = run_batch(_sleepy_engine(**{"rule-timeout": 0.3}), [data], fh, processes=2, chunk_size=1)
    assert time.perf_counter() - started < 10
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["store"] for line in lines] == [f"T{i}" for i in range(6)]
    assert summary.stores == summary.diagnosed == 6
    for line in lines:
        slow = next(o for o in line["outcomes"] if o["rule"] == "SLP001")
        if line["store"] in ("T1", "T4"):
            assert slow["status"] == "error"
            assert slow["reason"] == "exceeded its time budget of 0.3 s (rule-timeout)"
        else:
            assert slow["status"] == "passed"
        assert next(o for o in line["outcomes"] if o["rule"] == "TOY001")["status"] in ("passed", "failed")


def _patch_cli_engine(monkeypatch: pytest.MonkeyPatch, seen: list[Engine]) -> None:
    """Make the CLI build its engine with the test plugins (workers rebuild it by module name)."""

    def build(config_path: Path | None, overrides: dict[str, Any]) -> Engine:
        engine = Engine.from_config(
            config_path, overrides={**overrides, "plugins": {"autoload": False}}, plugins=[toyplugin, sleepyplugin]
        )
        seen.append(engine)
        return engine

    monkeypatch.setattr(cli_module, "build_engine", build)


def test_the_batch_command_has_a_rule_budget_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import diagrules.batch.run

    seen: list[Engine] = []
    _patch_cli_engine(monkeypatch, seen)
    monkeypatch.setattr(diagrules.batch.run, "DEFAULT_RULE_TIMEOUT", 0.25)  # 10 s in real use
    data = _toy_lines(tmp_path / "stores.jsonl", [100, sleepyplugin.HANGING_VISITS, 300])
    result = CliRunner().invoke(main, ["batch", str(data), "-j", "2", "--chunk-size", "1", "--lang", "en"])
    assert result.exit_code in (0, 1), result.output
    assert seen[0].config.rule_timeout == 0.25
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    slow = next(o for o in lines[1]["outcomes"] if o["rule"] == "SLP001")
    assert slow["status"] == "error" and "time budget of 0.25 s" in slow["reason"]


def test_rule_timeout_option_overrides_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Engine] = []
    _patch_cli_engine(monkeypatch, seen)
    config = tmp_path / "diagrules.toml"
    config.write_text("rule-timeout = 300\n", encoding="utf-8")
    data = _toy_lines(tmp_path / "stores.jsonl", [sleepyplugin.HANGING_VISITS])
    runner = CliRunner()
    result = runner.invoke(main, ["batch", str(data), "--config", str(config), "--rule-timeout", "0.2", "-j", "1"])
    assert seen[-1].config.rule_timeout == 0.2
    assert "time budget of 0.2 s" in result.stdout
    runner.invoke(main, ["batch", str(_toy_lines(tmp_path / "ok.jsonl", [5])), "--config", str(config), "-j", "1"])
    assert seen[-1].config.rule_timeout == 300  # the configured budget wins over the default
    bad = runner.invoke(main, ["batch", str(data), "--rule-timeout", "0"])
    assert bad.exit_code == 2 and "--rule-timeout" in bad.output


# -- a worker that dies ---------------------------------------------------------------------------------


def die_at(result: Report | InvalidSnapshot, source: str | None, *, fatal: str) -> str:
    """A transform that kills its worker process on one store, as the OOM killer would."""
    if source == fatal and isinstance(result, Report):
        os.kill(os.getpid(), signal.SIGKILL)
    return f"{source}: {result.error}" if isinstance(result, InvalidSnapshot) else source or "?"


def test_a_killed_worker_costs_its_store_and_the_stream_goes_on() -> None:
    def items() -> Iterator[WorkItem]:
        for i in range(400):
            doc = {"platform": "alibaba", "store": f"S{i}", "metrics": {"response_rate": 0.99}}
            yield WorkItem(f"gen:{i}", "line", json.dumps(doc))

    started = time.perf_counter()
    got = list(diagnose_stream(Engine(), items(), processes=2, chunk_size=10,
                               transform=partial(die_at, fatal="gen:125")))
    assert time.perf_counter() - started < 30  # reported, not waited on forever
    assert len(got) == 400 and got[:125] == [f"gen:{i}" for i in range(125)] and got[126:] == [
        f"gen:{i}" for i in range(126, 400)]  # in order, every other store diagnosed
    assert got[125].startswith("gen:125: the worker process diagnosing this store stopped (killed by signal SIGKILL")


def test_workers_that_keep_dying_stop_the_batch_naming_what_was_not_diagnosed() -> None:
    def items() -> Iterator[WorkItem]:
        for i in range(100):
            doc = {"platform": "alibaba", "store": f"S{i}", "metrics": {"response_rate": 0.99}}
            yield WorkItem(f"gen:{i}", "line", json.dumps(doc))

    with pytest.raises(BatchInterrupted) as caught:
        list(diagnose_stream(Engine(), items(), processes=2, chunk_size=10, transform=partial(die_always)))
    assert caught.value.undiagnosed == 100 and caught.value.first[0] == "gen:0"


def die_always(result: Report | InvalidSnapshot, source: str | None) -> str:
    """A transform no worker survives: each death is charged to a store, until the batch gives up."""
    os.kill(os.getpid(), signal.SIGKILL)
    return "unreachable"


def test_a_failing_worker_reports_its_error() -> None:
    items = [WorkItem("gen:0", "line", json.dumps({"platform": "alibaba", "store": "S", "metrics": {}}))]
    with pytest.raises(RuntimeError, match="a batch worker failed: TypeError"):
        list(diagnose_stream(Engine(), items, processes=2, transform=partial(render_line, fmt="jsonl")))


@pytest.mark.parametrize(("fmt", "output", "hint"), [
    ("jsonl", True, "Run the same command again to diagnose only those; the stores already in"),
    ("text", True, "Text output cannot be resumed: running the command again starts over."),
    ("jsonl", False, "Output went to standard output, so running again starts over"),
])
def test_the_interrupted_message_says_what_a_rerun_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, output: bool, hint: str
) -> None:
    import diagrules.batch.run

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise BatchInterrupted("a worker process stopped unexpectedly", 1234, [f"s.jsonl:{i}" for i in range(5)])

    monkeypatch.setattr(diagrules.batch.run, "run_batch", interrupted)
    data = _toy_lines(tmp_path / "s.jsonl", [1])
    args = ["batch", str(data), "--format", fmt, "--lang", "en"] + (["-o", str(tmp_path / "out")] if output else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert ("error: batch interrupted: a worker process stopped unexpectedly (killed, or out of memory); "
            "1,234 stores were not diagnosed: s.jsonl:0, s.jsonl:1, s.jsonl:2, s.jsonl:3, s.jsonl:4, …") in result.stderr
    assert hint in result.stderr
    assert marker_path(tmp_path / "out").exists() is (output and fmt == "jsonl")


# -- resuming an interrupted batch ----------------------------------------------------------------------


def test_reading_an_interrupted_output_drops_a_cut_off_last_line(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    whole = [
        json.dumps({"store": "A", "source": "s:1", "findings": [{"severity": "error"}], "outcomes": []}),
        json.dumps({"store": None, "source": "s:2", "error": "invalid JSON", "problems": []}),
    ]
    out.write_text("\n".join(whole) + "\n" + '{"store": "C", "source": "s:3", "outc', encoding="utf-8")
    resume = read_written(out)
    assert resume.done == {"s:1", "s:2"} and resume.dropped_bytes == len('{"store": "C", "source": "s:3", "outc')
    assert [(line.store, line.invalid, line.worst and line.worst.label) for line in resume.lines] == [
        ("A", False, "error"), (None, True, None)]
    assert out.read_text(encoding="utf-8") == "\n".join(whole) + "\n"


def test_open_output_resumes_only_jsonl_with_a_marker(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"store": "A", "source": "s:1", "findings": []}) + "\n", encoding="utf-8")
    file, resume = open_output(out, fmt="jsonl")  # no marker: a finished file is overwritten
    file.close()
    assert resume is None and out.read_text(encoding="utf-8") == "" and marker_path(out).exists()
    out.write_text(json.dumps({"store": "A", "source": "s:1", "findings": []}) + "\n", encoding="utf-8")
    file, resume = open_output(out, fmt="jsonl")  # marker: append after the lines kept
    file.write("next\n")
    file.close()
    assert resume is not None and resume.done == {"s:1"} and out.read_text(encoding="utf-8").endswith("}\nnext\n")
    file, resume = open_output(out, fmt="jsonl", fresh=True)
    file.close()
    assert resume is None and out.read_text(encoding="utf-8") == ""
    file, resume = open_output(out, fmt="text")
    file.close()
    assert resume is None and not marker_path(out).exists()


def test_a_rerun_completes_an_interrupted_folder_without_repeating_stores(tmp_path: Path) -> None:
    folder = tmp_path / "stores"
    folder.mkdir()
    docs = [{"platform": "alibaba", "store": f"L{i}", "metrics": {"response_rate": f"9{i}%"}} for i in range(3)]
    (folder / "a_list.json").write_text(json.dumps(docs), encoding="utf-8")
    (folder / "b.toml").write_text('platform = "alibaba"\nstore = "B"\n[metrics]\nresponse_rate = "80%"\n',
                                   encoding="utf-8")
    (folder / "c.toml").write_text("platform = \n", encoding="utf-8")
    (folder / "d.jsonl").write_text("".join(json.dumps({**d, "store": f"D{i}"}) + "\n" for i, d in enumerate(docs)),
                                    encoding="utf-8")
    runner = CliRunner()
    reference = tmp_path / "reference.jsonl"
    first = runner.invoke(main, ["batch", str(folder), "-o", str(reference), "-j", "1", "--lang", "en"])
    assert first.exit_code == 2 and not marker_path(reference).exists()
    lines = reference.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == 8
    out = tmp_path / "out.jsonl"
    out.write_text("".join(lines[:2]) + lines[2][:40], encoding="utf-8")  # cut in the middle of the JSON list
    marker_path(out).write_text("", encoding="utf-8")
    again = runner.invoke(main, ["batch", str(folder), "-o", str(out), "-j", "2", "--lang", "en"])
    assert again.exit_code == first.exit_code
    assert out.read_text(encoding="utf-8") == reference.read_text(encoding="utf-8")
    assert "8 stores: 7 diagnosed, 1 invalid" in again.stderr
    assert "(2 of them were already in the output file from the interrupted run)" in again.stderr
    assert not marker_path(out).exists()


def _children(pid: int) -> list[int]:
    """The child processes of ``pid``, from /proc (no psutil)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _all_gone(pids: list[int], timeout: float = 10) -> bool:
    """True once none of ``pids`` is running (exited, or a zombie waiting to be reaped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                running.append(pid)
        if not running:
            return True
        time.sleep(0.05)
    return False


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          timeout=120, check=False, env={**os.environ, "LANG": "C.UTF-8"})


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker processes through /proc")
@pytest.mark.parametrize("victim", ["worker", "command"])
def test_killed_batch_reports_the_undiagnosed_stores_and_a_rerun_completes_them(tmp_path: Path, victim: str) -> None:
    """A real ``diagrules batch`` process over 3,000 stores, 2 workers; one process is SIGKILLed mid-run.

    The command is paused (SIGSTOP) once its output has lines, so the kill lands mid-run
    however fast the machine is; then a worker — or the command itself — is killed. A killed
    worker is replaced and the run completes; a killed command is resumed by a re-run.
    """
    n = 3000
    write_stores(tmp_path / "stores.jsonl", n)
    command = ["batch", "stores.jsonl", "-o", "out.jsonl", "-j", "2", "--chunk-size", "16", "--lang", "en"]
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([str(SCRIPT), *command], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        deadline = time.monotonic() + 60
        while not (out.exists() and b"\n" in out.read_bytes()):  # a first whole line
            assert process.poll() is None and time.monotonic() < deadline, "the batch ended before it could be paused"
            time.sleep(0.001)
        os.kill(process.pid, signal.SIGSTOP)
        written = out.read_text(encoding="utf-8").count("\n")
        workers = _children(process.pid)
        assert 0 < written < n and len(workers) == 2, (written, workers)
        os.kill(workers[0] if victim == "worker" else process.pid, signal.SIGKILL)
        os.kill(process.pid, signal.SIGCONT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert _all_gone(workers), "worker processes outlived the batch"
    if victim == "worker":  # a new worker takes over; the store it was on, if any, is charged
        assert process.returncode == 2, (process.returncode, written, stderr)  # 2: the corrupted records
        assert "batch interrupted" not in stderr and not marker_path(out).exists()
        final = out.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["source"] for line in final] == [f"stores.jsonl:{i}" for i in range(1, n + 1)]
        charged = [line for line in final if "worker process diagnosing this store stopped" in line]
        assert len(charged) <= 1, charged
        return
    assert process.returncode == -signal.SIGKILL
    text = out.read_text(encoding="utf-8")
    complete = text.splitlines()[:-1] if not text.endswith("\n") else text.splitlines()
    assert all(json.loads(line)["source"] for line in complete)  # every whole line is a whole report
    assert marker_path(out).exists()

    rerun = _run(command, tmp_path)
    assert rerun.returncode == 2, rerun.stderr  # 2: the corrupted records in the input
    assert "of them were already in the output file from the interrupted run" in rerun.stderr
    assert not marker_path(out).exists()
    final = out.read_text(encoding="utf-8").splitlines()
    assert len(final) == len(set(final)) == n
    assert [json.loads(line)["source"] for line in final] == [f"stores.jsonl:{i}" for i in range(1, n + 1)]
    reference = _run([*command[:3], "reference.jsonl", *command[4:]], tmp_path)
    assert reference.returncode == 2
    assert set(final) == set((tmp_path / "reference.jsonl").read_text(encoding="utf-8").splitlines())
    summary = reference.stderr.splitlines()[0].split(";")[:2]
    assert rerun.stderr.splitlines()[0].split(";")[:2] == summary  # counts cover the whole file


# -- output files ---------------------------------------------------------------------------------------


def test_check_writes_its_report_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ROOT / "diagrules" / "examples" / "alibaba" / "store.toml"
    report = tmp_path / "report.html"
    report.write_text("the previous report", encoding="utf-8")
    report.chmod(0o640)

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = CliRunner().invoke(main, ["check", str(store), "--format", "html", "-o", str(report), "--exit-zero"])
    assert result.exit_code == 1  # aborted
    assert report.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary file left
    monkeypatch.undo()
    result = CliRunner().invoke(main, ["check", str(store), "--format", "html", "-o", str(report), "--exit-zero"])
    assert result.exit_code == 0, result.output
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert report.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_check_reports_an_unwritable_output(tmp_path: Path) -> None:
    store = ROOT / "diagrules" / "examples" / "alibaba" / "store.toml"
    result = CliRunner().invoke(main, ["check", str(store), "-o", str(tmp_path / "missing" / "r.txt"), "--lang", "en"])
    assert result.exit_code == 2 and "error: cannot write" in result.stderr and "r.txt" in result.stderr


# -- safety ---------------------------------------------------------------------------------------------

#: Where unpickling is allowed: an engine sent to worker processes diagrules starts itself.
UNPICKLE_ALLOWED = {("run.py", "_worker_main"), ("scale.py", "engine")}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
UNPICKLERS = {("pickle", "load"), ("pickle", "loads"), ("marshal", "load"), ("marshal", "loads"),
              ("shelve", "open"), ("dill", "loads"), ("yaml", "load")}


def dangerous_calls(source: str, filename: str) -> list[str]:
    """Calls of eval/exec/compile, and unpickling outside the allowed functions, as ``file:line``."""
    found: list[str] = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{filename}:{node.lineno} {func.id}()")
            if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    and (func.value.id, func.attr) in UNPICKLERS and (filename, function) not in UNPICKLE_ALLOWED):
                found.append(f"{filename}:{node.lineno} {func.value.id}.{func.attr}()")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(source), None)
    return found


def test_the_detector_finds_what_it_looks_for() -> None:
    sample = "import pickle\ndef f(x):\n    eval(x)\n    return pickle.loads(x)\nexec('1')\n"
    assert dangerous_calls(sample, "x.py") == ["x.py:3 eval()", "x.py:4 pickle.loads()", "x.py:5 exec()"]
    assert dangerous_calls("import pickle\ndef _worker_main(b):\n    pickle.loads(b)\n", "run.py") == []


def test_no_eval_exec_or_unpickling_of_input_in_the_package() -> None:
    package = ROOT / "diagrules"
    found = [hit for path in sorted(package.rglob("*.py"))
             for hit in dangerous_calls(path.read_text(encoding="utf-8"), path.name)]
    assert found == []


def test_an_allow_list_imports_no_other_plugin_module() -> None:
    probe = (
        "import sys, diagrules\n"
        "engine = diagrules.Engine({'plugins': {'allow': ['alibaba_rfq']}})\n"
        "print(sorted(p.name for p in engine.plugins.plugins))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('diagrules_', 'diagrules.builtin'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded, modules = result.stdout.splitlines()
    assert loaded == "['alibaba_rfq']"
    # the other built-in sets and the installed example plugins are not even imported
    imported = ast.literal_eval(modules)
    assert imported[:2] == ["diagrules.builtin", "diagrules.builtin.alibaba"]
    assert "diagrules.builtin.alibaba.rfq" in imported
    assert not [m for m in imported if m.startswith(("diagrules.builtin.alibaba.rts", "diagrules.builtin.aliexpress"))]


# -- regressions found by the fuzzing in tests/test_properties.py ---------------------------------------


def test_a_report_with_a_scorecard_round_trips_exactly() -> None:
    engine = Engine({"plugins": {"allow": ["aliexpress_growth"]}})
    report = engine.evaluate({"platform": "aliexpress", "store": "A", "metrics": {}})
    assert report.scores  # band values such as 20 are part of the report
    for lang in ("en", "zh"):
        text = diagrules.to_json(report, lang)
        assert diagrules.to_json(diagrules.from_json(text), lang) == text


@pytest.mark.parametrize(("make", "problem"), [
    (lambda p: p.mkdir(), "datasets.rfq_quotes: export.json: not a file"),
    (lambda p: p.write_text("RFQ编号,报价时间", encoding="utf-8"), "datasets.rfq_quotes: export.json: not valid JSON"),
    (lambda p: p.write_bytes(b"\xff\xfe["), "datasets.rfq_quotes: export.json: not valid JSON"),
])
def test_an_unreadable_dataset_file_is_a_located_snapshot_error(tmp_path: Path, make: Any, problem: str) -> None:
    make(tmp_path / "export.json")
    doc = {"platform": "alibaba", "store": "S", "metrics": {}, "datasets": {"rfq_quotes": {"file": "export.json"}}}
    with pytest.raises(diagrules.SnapshotError) as caught:
        Engine({"reject_invalid_datasets": True}).evaluate(doc, source="store.toml", base_dir=tmp_path)
    assert caught.value.location == "store.toml"
    assert caught.value.problems[0].startswith(problem), caught.value.problems


@pytest.mark.parametrize(("platform", "dataset", "row", "metric"), [
    ("aliexpress", "store_daily", {"date": "0001-01-01", "PV": 10}, "metrics.add_to_cart_rate"),
    ("alibaba", "rfq_quotes", {"rfq_id": "R1", "quoted_at": "0001-01-03", "status": "已查看"},
     "metrics.rfq_quote_ignored_share"),
])
def test_a_derivation_that_fails_on_odd_data_is_a_located_snapshot_error(
    platform: str, dataset: str, row: dict[str, Any], metric: str
) -> None:
    """A date in year 1 cannot start a 7-day window before it; the store is reported, not crashed."""
    doc = {"platform": platform, "store": "S", "metrics": {}, "datasets": {dataset: [row]}}
    with pytest.raises(diagrules.SnapshotError) as caught:
        Engine().evaluate(doc, source="s.toml")
    assert str(caught.value) == (
        f"s.toml: store 'S' has 1 problem:\n  - {metric}: cannot be derived from datasets.{dataset}: "
        "OverflowError: date value out of range"
    )
