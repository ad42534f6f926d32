"""Rule selection, ruff-style.

Selectors are rule ids (``RFQ002``), id prefixes (``RFQ``, ``AEG0``), kebab-case names
(``response-rate-low``), rule-set names (``rfq``), platform ids (``aliexpress``) and ``ALL``.
For each rule the most specific matching selector decides; on a tie ``ignore`` wins. Preview
and deprecated rules are only selected by their exact id or name, so upgrading diagrules never
silently turns them on.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence

from diagrules.authoring.rules import Rule
from diagrules.core.errors import UnknownNameError, did_you_mean
from diagrules.plugins.registry import Registry

EXACT = 1000


def _candidates(registry: Registry) -> list[str]:
    rules = registry.rules.values()
    names = [r.id for r in rules] + [r.name for r in rules]
    names += sorted({r.ruleset for r in rules}) + sorted(registry.platforms) + ["ALL"]
    names += sorted({r.prefix for r in rules})
    return names


def matches(selector: str, registry: Registry, *, context: str = "selector") -> dict[str, int]:
    """Rule id → specificity for every rule ``selector`` matches; unknown selectors raise."""
    sel = selector.strip()
    rules = registry.rules
    if sel == "ALL":
        return {r.id: 0 for r in rules.values() if r.status == "stable"}
    if sel in rules:
        return {sel: EXACT}
    for r in rules.values():
        if r.name == sel:
            return {r.id: EXACT}
    group = [r for r in rules.values() if r.ruleset == sel or sel in r.platforms]
    if group:
        return {r.id: 1 for r in group if r.status == "stable"}
    hits: dict[str, int] = {}
    if sel and sel[0].isupper():
        for r in rules.values():
            if r.id.startswith(sel) and r.status == "stable":
                hits[r.id] = 1 + len(sel)
        if hits:
            return hits
        if any(r.id.startswith(sel) for r in rules.values()):
            return {}
    raise UnknownNameError(
        f"unknown rule {context} '{selector}'{did_you_mean(sel, _candidates(registry))}"
        " (use a rule id such as RFQ002, a prefix such as RFQ, a rule name, a rule-set name or ALL)"
    )


def resolve(selectors: Iterable[str], registry: Registry, *, context: str = "selector") -> set[str]:
    """All rule ids matched by any of ``selectors``."""
    result: set[str] = set()
    for s in selectors:
        result.update(matches(s, registry, context=context))
    return result


def select_rules(
    registry: Registry,
    select: Sequence[str] | None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Rule]:
    """The selected rules, sorted by id. ``select=None`` means every stable rule."""
    enable: dict[str, int] = {}
    disable: dict[str, int] = {}
    for s in ["ALL"] if select is None else select:
        for rid, spec in matches(s, registry, context="in 'select'").items():
            enable[rid] = max(enable.get(rid, -1), spec)
    for s in extend_select:
        for rid, spec in matches(s, registry, context="in 'extend-select'").items():
            enable[rid] = max(enable.get(rid, -1), spec)
    for s in ignore:
        for rid, spec in matches(s, registry, context="in 'ignore'").items():
            disable[rid] = max(disable.get(rid, -1), spec)
    chosen = [rid for rid, spec in enable.items() if spec > disable.get(rid, -1)]
    return [registry.rules[rid] for rid in sorted(chosen)]


def store_matches(pattern: str, store: str) -> bool:
    """Glob match of a store name; a leading ``!`` negates the pattern (as ruff's per-file-ignores)."""
    if pattern.startswith("!"):
        return not fnmatch.fnmatchcase(store, pattern[1:])
    return fnmatch.fnmatchcase(store, pattern)
