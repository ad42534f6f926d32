"""The command line's ruff/pytest conventions, its exit statuses on bad input, and its zh texts.

In-process tests use click's CliRunner (whose ``output`` interleaves standard output and error
as a terminal shows them); what depends on a real process — a closed pipe, the locale chosen
before the options are parsed — runs the installed command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.cells import cell_len

import diagrules
from diagrules import Severity
from diagrules.cli import main as cli_main
from diagrules.cli.main import main
from diagrules.cli.statistics import Statistics
from diagrules.cli.stdin import split_documents
from diagrules.cli.texts import CLICK_ZH, keys, tr

GOOD = 'platform = "alibaba"\nstore = "Good Co"\nas_of = 2026-11-20\n[metrics]\nresponse_rate = "99%"\n'
BAD = 'platform = "alibaba"\nstore = "Slow Co"\n[metrics]\nresponse_rate = "90%"\n'
BROKEN = 'platform = "alibaba"\nstore = "Broken Co"\n[metrics]\nresponse_rate = 95\n'
SCRIPT = Path(sys.executable).with_name("diagrules")


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR", "FORCE_COLOR", "DIAGRULES_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def _file(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return str(path)


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


# -- exit statuses: nothing diagnosed is never a success ------------------------------------------------


def test_check_on_an_empty_list_says_so_and_exits_2(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "stores.json", "[]"))
    assert result.exit_code == 2
    assert "stores.json: holds no store (an empty list)" in result.stderr


def test_errors_come_after_the_report(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "a.toml", GOOD), _file(tmp_path, "b.toml", BROKEN), "--select", "RFQ002")
    assert result.exit_code == 2
    assert result.output.rstrip().splitlines()[-1].strip().startswith("- ")  # the problem list ends it
    assert result.output.index("Good Co") < result.output.index("b.toml")


def test_demo_fails_when_an_example_cannot_be_diagnosed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stores = [Path(_file(tmp_path, "a.toml", GOOD)), Path(_file(tmp_path, "b.toml", BROKEN))]
    monkeypatch.setattr(cli_main, "example_stores", lambda: stores)
    result = run("demo", "--lang", "en")
    assert result.exit_code == 2
    assert "Good Co" in result.stdout
    last = result.output.rstrip().splitlines()[-1]
    assert last == "error: 1 example store(s) could not be diagnosed; see the errors above"


def test_demo_exits_with_the_status_of_its_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_main, "example_stores", lambda: [Path(_file(tmp_path, "a.toml", GOOD))])
    assert run("demo", "--lang", "en").exit_code == 0
    monkeypatch.setattr(cli_main, "example_stores", lambda: [Path(_file(tmp_path, "b.toml", BAD))])
    assert run("demo", "--lang", "en").exit_code == 1


def test_batch_ends_with_the_error_naming_the_first_invalid_stores(tmp_path: Path) -> None:
    stores = tmp_path / "stores.jsonl"
    good = json.dumps({"platform": "alibaba", "store": "A", "metrics": {"response_rate": 0.99}})
    stores.write_text("\n".join([good, *["{broken"] * 6, good]) + "\n", encoding="utf-8")
    result = run("batch", str(stores), "--select", "RFQ002", "-j", "1")
    assert result.exit_code == 2
    sources = ", ".join(f"{stores}:{n}" for n in range(2, 7))
    assert result.output.rstrip().splitlines()[-1] == f"error: 6 store(s) could not be diagnosed: {sources}, …"


# -- standard input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [GOOD, json.dumps({"platform": "alibaba", "store": "Good Co", "metrics": {"response_rate": 0.99}})],
    ids=["toml", "json"],
)
def test_check_reads_a_store_from_stdin(body: str) -> None:
    result = run("check", "-", "--select", "RFQ002", "--format", "json", stdin=body)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["store"] == "Good Co" and report["as_of"] in (None, "2026-11-20")


def test_stdin_jsonl_and_lists_are_located() -> None:
    lines = "\n".join(json.dumps({"platform": "alibaba", "store": s, "metrics": {"response_rate": r}})
                      for s, r in (("A", 0.99), ("B", 90)))
    result = run("check", "-", "--select", "RFQ002", stdin=lines)
    assert result.exit_code == 2 and "-:2: store 'B'" in result.stderr
    documents = split_documents("[{}, {}]")
    assert isinstance(documents, list) and [s for s, _ in documents] == ["-[0]", "-[1]"]
    assert split_documents("{broken") == "invalid JSON: Expecting property name enclosed in double quotes " \
        "at line 1 column 2"
    assert str(split_documents("= nonsense")).startswith("invalid TOML")


def test_stdin_empty_or_empty_list_exits_2() -> None:
    assert "standard input is empty" in run("check", "-", stdin="").stderr
    result = run("check", "-", stdin="[]")
    assert result.exit_code == 2 and "-: holds no store" in result.stderr
    assert run("check", "-", "-", stdin=GOOD).exit_code == 2


# -- statistics --------------------------------------------------------------------------------------------


def test_check_statistics_in_text_json_jsonl_and_markdown(tmp_path: Path) -> None:
    files = [_file(tmp_path, f"{n}.toml", body.replace("Slow Co", n)) for n, body in (("A", BAD), ("B", BAD),
                                                                                        ("C", GOOD))]
    args = ["check", *files, "--select", "RFQ002"]
    text = run(*args, "--statistics")
    assert text.exit_code == 1  # the exit status is the findings', as without --statistics
    head, row = text.stdout.splitlines()
    assert head.split()[:3] == ["findings", "stores", "rule"]
    assert row.split()[:4] == ["2", "2", "RFQ002", "error"] and "Response rate below target" in row
    data = json.loads(run(*args, "--statistics", "--output-format", "json").stdout)
    assert data["stores"] == 3 and data["rules"][0]["rule"] == "RFQ002" and data["rules"][0]["count"] == 2
    line = json.loads(run(*args, "--statistics", "--format", "jsonl").stdout)
    assert line["stores"] == 2
    assert "| 2 | 2 | RFQ002 | error |" in run(*args, "--statistics", "--format", "markdown").stdout
    html = run(*args, "--statistics", "--format", "html")
    assert html.exit_code == 2 and "--statistics prints a table" in html.stderr
    zh = run(*args, "--statistics", "--lang", "zh").stdout
    assert zh.splitlines()[0].split()[:3] == ["问题数", "店铺数", "规则"]


def test_batch_statistics(tmp_path: Path) -> None:
    stores = tmp_path / "stores.jsonl"
    stores.write_text("".join(
        json.dumps({"platform": "alibaba", "store": f"S{i}", "metrics": {"response_rate": 0.5 if i % 2 else 0.99}})
        + "\n" for i in range(6)) + "{broken\n", encoding="utf-8")
    result = run("batch", str(stores), "--select", "RFQ002", "-j", "1", "--statistics", "--format", "text")
    assert result.exit_code == 2  # the broken line still counts
    assert result.stdout.splitlines()[1].split()[:3] == ["3", "3", "RFQ002"]
    out = tmp_path / "stats.jsonl"
    run("batch", str(stores), "--select", "RFQ002", "-j", "1", "--statistics", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["count"] == 3


def test_statistics_counts_stores_once_and_keeps_the_worst_severity() -> None:
    stats = Statistics()
    stats.add([("X1", "info"), ("X1", "error")])
    stats.add([("X1", "warning"), ("A2", "info")])
    stats.add([])
    assert [(c.rule, c.count, c.stores, c.severity) for c in stats.ordered()] == [
        ("X1", 3, 2, "error"), ("A2", 1, 1, "info")]
    assert stats.stores == 3
    assert Statistics().render("text", "en", {}) == "no findings in 0 stores\n"
    assert cell_len("规则a") == 5  # the table pads by terminal columns


# -- verbosity and colour ----------------------------------------------------------------------------------


def test_quiet_silent_and_verbose(tmp_path: Path) -> None:
    store = _file(tmp_path, "s.toml", BAD)
    out = str(tmp_path / "r.json")
    assert "wrote" in run("check", store, "-o", out).stderr
    quiet = run("check", store, "-o", out, "-q")
    assert quiet.stderr == "" and quiet.exit_code == 1
    silent = run("check", store, "--silent")
    assert silent.output == "" and silent.exit_code == 1
    lines = _file(tmp_path, "s.jsonl", json.dumps({"platform": "alibaba", "store": "X", "metrics": {}}) + "\n")
    assert run("batch", lines, "-j", "1", "--silent").output == ""
    assert run("batch", lines, "-j", "1", "-q").stderr == ""
    assert "configfile: none (defaults)" in run("check", store, "-v").stderr
    config = _file(tmp_path, "diagrules.toml", 'select = ["RFQ002"]\n')
    verbose = run("check", store, "--verbose")
    assert f"configfile: {config}" in verbose.stderr and "1 stores, 1 rules selected" in verbose.stderr
    assert "配置文件：" in run("rules", "-v", "--lang", "zh").stderr


def test_color_always_and_never(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _file(tmp_path, "s.toml", BAD)
    assert "\x1b[" not in run("check", store).stdout  # CliRunner is not a terminal
    assert "\x1b[" in run("check", store, "--color", "always").stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" not in run("check", store, "--color", "never").stdout
    assert run("check", store, "--color", "sometimes").exit_code == 2


def test_output_format_and_its_alias_agree(tmp_path: Path) -> None:
    store = _file(tmp_path, "s.toml", GOOD)
    assert run("check", store, "--output-format", "json").stdout == run("check", store, "--format", "json").stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    result = run("completion", shell)
    assert result.exit_code == 0 and "_DIAGRULES_COMPLETE" in result.stdout
    assert run("completion", "tcsh").exit_code == 2


# -- real processes ----------------------------------------------------------------------------------------


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "FORCE_COLOR")}
    env.update(extra)
    return env


def test_a_closed_pipe_ends_quietly_with_status_141(tmp_path: Path) -> None:
    stores = tmp_path / "stores.jsonl"
    stores.write_text("".join(json.dumps({"platform": "alibaba", "store": f"S{i}", "metrics": {}}) + "\n"
                              for i in range(3000)), encoding="utf-8")
    command = f"'{SCRIPT}' batch '{stores}' -j 1 2>'{tmp_path}/err' | head -n 1 >/dev/null; echo ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=_env(), timeout=120,
                            check=True)
    assert result.stdout.strip() == "141"
    assert (tmp_path / "err").read_text(encoding="utf-8") == ""


def test_click_texts_in_chinese(tmp_path: Path) -> None:
    env = _env(LANG="zh_CN.UTF-8")
    help_text = subprocess.run([str(SCRIPT), "check", "--help"], capture_output=True, text=True, encoding="utf-8",
                               env=env, timeout=60, check=True).stdout
    for zh in ("用法：diagrules check [选项] 快照...", "选项：", "[默认：text]", "显示此帮助信息并退出。"):
        assert zh in help_text
    for en in ("Usage", "Options", "default", "Show this message"):
        assert en not in help_text
    error = subprocess.run([str(SCRIPT), "check", "--format", "pdf", str(tmp_path)], capture_output=True,
                           text=True, encoding="utf-8", env=env, timeout=60, check=False)
    assert error.returncode == 2
    assert "错误：'--output-format' / '--format' 的值无效：'pdf' 不在可选值" in error.stderr
    assert "运行 'diagrules check --help' 查看帮助。" in error.stderr
    unknown = subprocess.run([str(SCRIPT), "chek"], capture_output=True, text=True, encoding="utf-8", env=env,
                             timeout=60, check=False)
    assert "没有名为 'chek' 的命令。" in unknown.stderr and "Error" not in unknown.stderr


def test_lang_on_the_command_line_chooses_the_help_language() -> None:
    def help_of(*args: str, **env: str) -> str:
        return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, encoding="utf-8",
                              env=_env(**env), timeout=60, check=True).stdout

    assert help_of("check", "--lang", "zh", "--help").startswith("用法：diagrules check")
    assert help_of("check", "--lang=zh", "--help").startswith("用法：")
    assert help_of("check", "--lang", "en", "--help", LANG="zh_CN.UTF-8").startswith("Usage: diagrules check")


def test_error_prefix_in_chinese_takes_a_full_width_colon(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "x.json", "[]"), "--lang", "zh")
    assert result.stderr.startswith("错误：") and "x.json：其中没有店铺（空列表）" in result.stderr


def test_every_cli_text_exists_in_both_languages() -> None:
    for key in keys():
        en, zh = tr(key, "en"), tr(key, "zh")
        assert en and zh and en != zh, key
    assert all(v and not any(p in v for p in (",", ";")) for v in CLICK_ZH.values())


# -- Python API types --------------------------------------------------------------------------------------


def test_severity_prints_its_name() -> None:
    assert f"{Severity.WARNING}" == "warning" and str(Severity.ERROR) == "error"
    assert f"{Severity.INFO:>6}" == "  info" and f"{Severity.INFO:d}" == "10"
    assert int(Severity.WARNING) == 20 and Severity.ERROR > Severity.WARNING


def test_evaluate_many_rejects_an_unknown_errors_mode() -> None:
    engine = diagrules.Engine()
    with pytest.raises(ValueError, match=r"errors=\.\.\.\) must be 'raise' or 'return', got 'retrun'"):
        list(engine.evaluate_many([], errors="retrun"))  # type: ignore[arg-type]


def test_public_functions_reject_what_they_cannot_handle(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="Engine.from_config"):
        diagrules.Engine("diagrules.toml")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="take a Report, not str"):
        diagrules.to_json("report")  # type: ignore[arg-type]
    report = diagrules.Engine().evaluate({"platform": "alibaba", "store": "X", "metrics": {}})
    with pytest.raises(ValueError, match="lang must be 'zh' or 'en', not 'fr'"):
        diagrules.to_json(report, lang="fr")
    assert json.loads(diagrules.to_json(report, lang="zh"))["lang"] == "zh"
