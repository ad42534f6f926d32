"""The README's two commands, followed to the letter, and client code type-checked against diagrules.

``test_the_readme_literally`` copies the project (its files, none of the local environments)
to a temporary folder, runs the README's first code block there with a clean ``PATH`` and
compares the demo's output with the lines the README says it prints; then it runs the second
block (``bash scripts/test.sh``, on one test file: the full suite is this very run) and checks
that the runtime environment the first command made is exactly as before — the same installed
distributions, the same ``diagrules plugins``. It builds two virtual environments, so it is
marked ``readme``; ``scripts/test.sh`` (and so ``.ci/run``) runs it, and
``bash scripts/test.sh -m "not readme"`` leaves it out while iterating.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
NESTED_TESTS = "tests/test_public_api.py"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def _clean_env() -> dict[str, str]:
    """The environment of a new shell: no virtual environment active, none of ours on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "DIAGRULES_TEST_VENV")}
    venvs = {str(Path(sys.prefix) / "bin"), str(ROOT / ".venv" / "bin"), str(ROOT / ".venv-test" / "bin")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p not in venvs)
    return env


def _copy_project(dest: Path) -> None:
    """The project's files as a fresh clone has them (git's view when there is one)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                                text=True, check=False)
    except OSError:  # no git on this machine
        listed = subprocess.CompletedProcess([], 1)
    if listed.returncode != 0:
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".venv*", ".git", "*cache*", "*.egg-info"))
        return
    for name in listed.stdout.splitlines():
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def _shell(command: str, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=_clean_env(), capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, check=False)


def _state(project: Path) -> tuple[str, str]:
    """What the README's environment holds: its distributions and what diagrules loads."""
    freeze = subprocess.run([str(project / ".venv/bin/python"), "-m", "pip", "freeze", "--all"], cwd=project,
                            env=_clean_env(), capture_output=True, text=True, check=True).stdout
    plugins = subprocess.run([str(project / ".venv/bin/diagrules"), "plugins", "--format", "json"], cwd=project,
                             env=_clean_env(), capture_output=True, text=True, check=True).stdout
    return freeze, plugins


def test_the_readme_shows_both_commands_and_what_the_demo_prints() -> None:
    bash = _blocks("bash")
    assert bash[0].strip().endswith("diagrules demo") and bash[1].strip() == "bash scripts/test.sh"
    assert any("Store diagnosis · " in block for block in _blocks("text"))


@pytest.mark.readme
def test_the_readme_literally(tmp_path: Path) -> None:
    project = tmp_path / "diagrules"
    project.mkdir()
    _copy_project(project)
    try:
        _follow_the_readme(project)
    finally:  # two virtual environments: do not leave them behind in pytest's kept tmp folders
        shutil.rmtree(project, ignore_errors=True)


def _follow_the_readme(project: Path) -> None:
    first, second = (block.strip() for block in _blocks("bash")[:2])

    demo = _shell(first, project, timeout=900)
    assert demo.returncode == 1, demo.stderr[-3000:]  # the examples' warnings: the status check gives
    assert "error" not in demo.stderr.lower(), demo.stderr[-3000:]
    assert "AEW0" not in demo.stdout  # no example plugin leaked into the runtime environment
    promised = next(block for block in _blocks("text") if "Store diagnosis · " in block)
    position = 0
    for line in (raw.rstrip() for raw in promised.splitlines()):
        if line and line != "…":
            found = demo.stdout.find(line, position)
            assert found >= 0, f"the README says the demo prints {line!r}; it printed:\n{demo.stdout}"
            position = found + len(line)

    before = _state(project)
    tests = _shell(f"{second} -q -p no:cacheprovider {NESTED_TESTS}", project, timeout=1200)
    assert tests.returncode == 0, (tests.stdout + tests.stderr)[-3000:]
    assert " passed" in tests.stdout
    assert _state(project) == before


def test_a_client_script_type_checks_against_the_installed_package(tmp_path: Path) -> None:
    """mypy follows the editable install (a static path entry) to diagrules' own annotations."""
    client = tmp_path / "client.py"
    client.write_text(
        "import diagrules\n\n"
        "engine: diagrules.Engine = diagrules.Engine()\n"
        "for result in engine.evaluate_many([], errors='return'):\n"
        "    print(result)\n"
        "label: str = f'{diagrules.Severity.WARNING}'\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(client)]
    good = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stdout
    client.write_text(client.read_text(encoding="utf-8").replace("errors='return'", "errors='retrun'"),
                      encoding="utf-8")
    typo = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert typo.returncode == 1 and 'Argument "errors" to "evaluate_many"' in typo.stdout, typo.stdout
