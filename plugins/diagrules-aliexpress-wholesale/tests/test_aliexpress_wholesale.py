"""The AEW plugin end to end: installed through its entry point, evaluated on a whole store."""

from __future__ import annotations

import ast
from pathlib import Path

import diagrules
import pytest
from diagrules.testing import assert_report

import diagrules_aliexpress_wholesale

HERE = Path(__file__).parent
SOURCES = Path(diagrules_aliexpress_wholesale.__file__).parent


@pytest.fixture(scope="module")
def report() -> diagrules.Report:
    engine = diagrules.Engine({"select": ["AEW"]})
    return engine.evaluate(HERE / "fixtures" / "store.toml")


def test_registered_through_its_entry_point() -> None:
    loaded = diagrules.load_plugins()
    info = next(p for p in loaded.plugins if p.name == "aliexpress_wholesale")
    assert info.distribution == "diagrules-aliexpress-wholesale"
    assert info.version == diagrules_aliexpress_wholesale.__version__


def test_every_rule_fires_on_the_fixture_store(report: diagrules.Report) -> None:
    assert_report(report, "AEW001", status="failed", observed=4, threshold=5)
    assert_report(report, "AEW002", status="failed", items=["campaign", "hot"])
    assert_report(report, "AEW003", status="failed", items=["FR"], details={"rank": 3})
    assert_report(report, "AEW004", status="failed", items=["1005006231870011"],
                  details={"stalled": ["ctr"]})
    assert_report(report, "AEW005", status="failed", severity="warning", items=["8190331207745513"])
    assert_report(report, "AEW006", status="failed", details={"listings": 4})
    assert_report(report, "AEW007", status="failed", observed=0)


def test_action_plan_has_the_tax_id_step_at_its_article_weight(report: diagrules.Report) -> None:
    """Article 003 says it is *best* (最好) to get a European buyer's tax id first: a warning's
    priority-1 step, after the errors, not ahead of them."""
    plan = diagrules.action_plan(report)
    step = next(a for a in plan if a.rules == ("AEW005",))
    assert "tax" in step.remedy.action.get("en") and step.remedy.priority == 1
    assert step.severity == diagrules.Severity.WARNING and step.remedy.basis == "source"


def test_texts_are_bilingual_and_documented() -> None:
    engine = diagrules.Engine({"select": ["AEW"]})
    rules = [r for r in engine.registry.rules.values() if r.id.startswith("AEW")]
    assert len(rules) == 7
    for r in rules:
        assert r.title.en and r.title.zh, r.id
        assert r.doc is not None and r.doc.source and r.doc.as_of and r.doc.official is False, r.id
        assert r.doc.threshold_basis in ("source", "diagrules"), r.id
        assert all(m.basis in ("source", "diagrules") for m in r.remedies), r.id
        assert r.remedies, r.id
        for remedy in r.remedies:
            assert remedy.action.en and remedy.action.zh, r.id


def test_imports_only_the_public_api() -> None:
    public = set(diagrules.__all__)
    for path in SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("diagrules"):
                assert node.module in ("diagrules",) or node.module.startswith("diagrules_"), (
                    f"{path.name} imports from {node.module}"
                )
                if node.module == "diagrules":
                    assert {a.name for a in node.names} <= public, path.name
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name == "diagrules" or not alias.name.startswith("diagrules."), path.name
