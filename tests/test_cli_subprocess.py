"""The installed ``diagrules`` command run as a real process: start-up cost, pipes, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from diagrules import from_json

SCRIPT = Path(sys.executable).with_name("diagrules")
EXAMPLE = Path(__file__).resolve().parents[1] / "diagrules" / "examples" / "alibaba" / "store.toml"
HEAVY = ("pydantic", "cattrs", "rich", "pluggy", "python_calamine", "openpyxl", "attrs", "attr")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "FORCE_COLOR")}
    env.update(extra)
    return env


def _run(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=_env(**env),
        timeout=120, check=False,
    )


def test_the_console_script_is_installed() -> None:
    assert SCRIPT.is_file(), f"{SCRIPT} is missing: run `pip install -e .`"


def test_version_and_help_do_not_import_heavy_modules() -> None:
    probe = (
        "import sys\n"
        "from diagrules.cli.main import main\n"
        "for argv in (['--version'], ['--help'], ['check', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in heavy or m == 'importlib.metadata'\n"
        "          or (m.startswith('diagrules.render.') and m != 'diagrules.core.strings')]\n"
        "print('LOADED', sorted(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=_env(), check=True)
    assert "LOADED []" in result.stdout, result.stdout


def test_check_imports_only_what_it_uses() -> None:
    """``check --format json`` needs neither the batch runner, the portfolio, rich, SQLite (no
    history) nor the dataframe extras; importing them would be start-up paid for nothing."""
    probe = (
        "import sys\n"
        "from diagrules.cli.main import main\n"
        f"try:\n    main(['check', {str(EXAMPLE)!r}, '--format', 'json'])\n"
        "except SystemExit:\n    pass\n"
        "unused = ('diagrules.batch', 'diagrules.portfolio.summary', 'diagrules.history.sqlite', 'rich',\n"
        "          'sqlite3', 'xlsxwriter', 'numpy', 'pandas', 'polars', 'pyarrow', 'dask')\n"
        "loaded = [m for m in sys.modules if m in unused or m.split('.')[0] in unused]\n"
        "print('LOADED', sorted(loaded), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=_env(), check=False)
    assert "LOADED []" in result.stderr, result.stderr[-2000:]


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.startswith("diagrules ")


def test_check_json_through_a_pipe(tmp_path: Path) -> None:
    result = _run("check", str(EXAMPLE), "--format", "json", "--lang", "zh", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = from_json(result.stdout)
    assert report.store == "Shenzhen Demo Bags Co." and report.findings
    assert json.loads(result.stdout)["lang"] == "zh"


def test_text_through_a_pipe_has_no_colour_codes(tmp_path: Path) -> None:
    result = _run("check", str(EXAMPLE), cwd=tmp_path)
    assert result.returncode == 1
    assert "Action plan" in result.stdout and "\x1b[" not in result.stdout
    forced = _run("check", str(EXAMPLE), cwd=tmp_path, FORCE_COLOR="1")
    assert "\x1b[" in forced.stdout


def test_errors_exit_2_without_a_traceback(tmp_path: Path) -> None:
    result = _run("check", str(EXAMPLE), "--select", "NOPE999", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_locale_picks_the_language(tmp_path: Path) -> None:
    result = _run("check", str(EXAMPLE), cwd=tmp_path, LANG="zh_CN.UTF-8")
    assert "行动计划" in result.stdout
    help_text = _run("--help", LANG="zh_CN.UTF-8").stdout
    assert "根据后台数据诊断跨境电商店铺" in help_text


def test_python_dash_m_and_demo(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "diagrules", "demo"], capture_output=True, text=True, encoding="utf-8",
        cwd=tmp_path, env=_env(), timeout=120, check=False,
    )
    assert result.returncode == 1, result.stderr  # both examples have warnings
    assert "Store diagnosis" in result.stdout


def test_batch_through_a_pipe_shows_no_progress_bar(tmp_path: Path) -> None:
    data = tmp_path / "stores.jsonl"
    data.write_text(
        "\n".join(json.dumps({"platform": "alibaba", "store": f"S{i}", "metrics": {"response_rate": 0.99}})
                  for i in range(40)) + "\n{broken\n",
        encoding="utf-8",
    )
    result = _run("batch", str(data), "--select", "RFQ002", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 41 and "error" in lines[-1]
    summary, error = result.stderr.strip().splitlines()  # no progress bar: a summary, then the error
    assert "41 stores: 40 diagnosed, 1 invalid" in summary
    assert error == f"error: 1 store(s) could not be diagnosed: {data}:41"


def test_version_is_answered_without_building_the_command_line() -> None:
    """``diagrules --version`` imports neither click nor typing: it costs little more than Python."""
    import subprocess
    import sys

    code = ("import sys; sys.argv = ['diagrules', '--version']; from diagrules.cli.entry import run; run(); "
            "print(sorted(m for m in ('click', 'typing', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    import diagrules

    assert out.splitlines() == [f"diagrules {diagrules.__version__}", "[]"]
