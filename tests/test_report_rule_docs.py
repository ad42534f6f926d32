"""The generated rule reference (docs/rules) must match the rules in the code."""

from __future__ import annotations

import difflib
from pathlib import Path

from diagrules.catalogue.catalogue import DOCS_COMMAND, builtin_registry, rule_docs

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def test_rule_reference_is_up_to_date() -> None:
    expected = rule_docs(builtin_registry())
    actual = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")} if DOCS.is_dir() else {}
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"missing docs/rules/{name}")
        elif name not in expected:
            problems.append(f"stale docs/rules/{name} (no such rule set)")
        elif actual[name] != expected[name]:
            diff = difflib.unified_diff(actual[name].splitlines(), expected[name].splitlines(), lineterm="", n=0)
            problems.append(f"docs/rules/{name} differs:\n" + "\n".join(list(diff)[:12]))
    assert not problems, (
        "docs/rules is out of date with the rule metadata. Regenerate it with:\n\n"
        f"    {DOCS_COMMAND}\n\n" + "\n".join(problems)
    )


def test_every_builtin_rule_is_documented_with_its_source() -> None:
    registry = builtin_registry()
    docs = rule_docs(registry)
    for rule in registry.rules.values():
        page = docs[f"{rule.ruleset}.md"]
        assert f'<a id="{rule.id.lower()}"></a>' in page
        section = page.split(f'<a id="{rule.id.lower()}"></a>', 1)[1].split("<a id=", 1)[0]
        assert "| Source |" in section, rule.id
        if rule.doc is not None and not rule.doc.official:
            assert "practitioner article" in section, rule.id
        assert rule.title.get("zh") in section and rule.title.get("en") in section
    assert "index.md" in docs


def test_the_reference_documents_only_the_builtin_rule_sets() -> None:
    registry = builtin_registry()
    plugins = {registry.owner("rule", r) for r in registry.rules}
    assert plugins <= {"alibaba_rts", "alibaba_rfq", "aliexpress_growth"}
