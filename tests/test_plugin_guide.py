"""docs/plugin-guide.md is a working plugin: every code block in it is built and run here.

The guide's file blocks (first line ``# file: <path>``) are written into a temporary package;
the package is "installed" the way pip leaves an editable install — its source folder on
``sys.path`` next to a ``.dist-info`` whose ``entry_points.txt`` comes from the guide's own
``pyproject.toml`` — so the real entry-point mechanism loads it. Then the guide's console
commands, its Python snippet, its case files and its user configuration are each exercised.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import diagrules
from diagrules.testing import is_case_file, load_cases, run_case

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "plugin-guide.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
COMMANDS = {"pip install -e .", "diagrules plugins", "pytest", "python -m build", "twine upload dist/*"}
EXPECTED_OUTPUT = [
    "SHP001 None Chat response rate is 76.5%, below 80%.",
    "SHP002 SP-1002 SP-1002 (Charging cable) has 0 in stock.",
]


def blocks() -> list[tuple[str, str]]:
    return [(lang, body) for lang, body in BLOCK.findall(GUIDE.read_text(encoding="utf-8"))]


def tagged(tag: str) -> dict[str, str]:
    found = {}
    for _, body in blocks():
        first, _, _ = body.partition("\n")
        if first.startswith(f"# {tag}: "):
            found[first.removeprefix(f"# {tag}: ").strip()] = body
    return found


def test_every_block_is_of_a_kind_this_test_exercises() -> None:
    for lang, body in blocks():
        first = body.partition("\n")[0]
        if first.startswith(("# file: ", "# config: ")):
            continue
        if lang == "console":
            commands = {line.removeprefix("$ ").strip() for line in body.splitlines() if line.startswith("$ ")}
            assert commands and commands <= COMMANDS, f"unexercised command(s): {commands - COMMANDS}"
        else:
            assert lang in ("python", "text"), f"a ```{lang} block is not exercised:\n{body}"


def test_layout_lists_exactly_the_files_of_the_guide() -> None:
    [tree] = [body for lang, body in blocks() if lang == "text"]
    listed = {line.split("── ", 1)[1].strip() for line in tree.splitlines() if "── " in line}
    assert listed == set(tagged("file"))


@pytest.fixture
def guide_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The guide's package, written out and installed through a dist-info on sys.path."""
    root = tmp_path / "diagrules-shopee"
    for rel, body in tagged("file").items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    meta = project["project"]
    src = root / project["tool"]["setuptools"]["packages"]["find"]["where"][0]
    info = src / f"{meta['name'].replace('-', '_')}-{meta['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {meta['version']}\n", encoding="utf-8"
    )
    entry_points = meta["entry-points"]["diagrules"]
    (info / "entry_points.txt").write_text(
        "[diagrules]\n" + "".join(f"{k} = {v}\n" for k, v in entry_points.items()), encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(src))
    monkeypatch.chdir(root)
    importlib.invalidate_caches()
    diagrules.purge_plugin_cache()
    yield root
    for name in [m for m in sys.modules if m == "diagrules_shopee" or m.startswith("diagrules_shopee.")]:
        del sys.modules[name]
    diagrules.purge_plugin_cache()


def test_pip_install_then_diagrules_plugins_shows_it(guide_package: Path) -> None:
    loaded = diagrules.load_plugins(diagrules.PluginSettings(strict=True))
    info = loaded.info("shopee")
    assert info is not None and (info.distribution, info.version) == ("diagrules-shopee", "0.1.0")
    from diagrules.cli.main import main

    result = CliRunner().invoke(main, ["plugins", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "diagrules-shopee" in json.dumps(json.loads(result.output))


def test_python_snippet_prints_what_the_guide_says(guide_package: Path) -> None:
    [snippet] = [body for lang, body in blocks() if lang == "python" and not body.startswith("# file: ")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(snippet, "plugin-guide.md", "exec"), {})
    assert out.getvalue().splitlines() == EXPECTED_OUTPUT
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    for line in EXPECTED_OUTPUT:
        assert f"`{line}`" in text


def test_derived_metric_is_computed_as_described(guide_package: Path) -> None:
    prepared = diagrules.Engine().prepare_file("tests/fixtures/store.toml")
    assert prepared.metrics["shopee_pre_order_share"] == 0.5
    assert "`shopee_pre_order_share` is 50%" in " ".join(GUIDE.read_text(encoding="utf-8").split())


def test_pytest_runs_the_guide_case_files(guide_package: Path) -> None:
    files = sorted((guide_package / "tests" / "rules").glob("test_*.toml"))
    assert [f.name for f in files] == ["test_SHP001.toml", "test_SHP002.toml"]
    ran = 0
    for path in files:
        assert is_case_file(path)
        for case in load_cases(path):
            run_case(case)
            ran += 1
    assert ran == 9


def test_user_configuration_applies_to_the_plugin(guide_package: Path, tmp_path: Path) -> None:
    [config] = tagged("config").values()
    path = tmp_path / "diagrules.toml"
    path.write_text(config, encoding="utf-8")
    engine = diagrules.Engine.from_config(path)
    report = engine.evaluate({"platform": "shopee", "store": "S", "metrics": {"聊聊回复率": "85%"}})
    [finding] = report.findings_for("SHP001")
    assert finding.threshold == 0.9 and finding.severity.label == "error"


def test_guide_code_imports_only_the_public_api() -> None:
    public = set(diagrules.__all__)
    for rel, body in tagged("file").items():
        if not rel.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(body)):
            if isinstance(node, ast.ImportFrom) and node.module == "diagrules":
                assert {a.name for a in node.names} <= public, rel
            elif isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("diagrules."), f"{rel}: {node.module}"
