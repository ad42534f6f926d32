"""``--statistics``: how many findings each rule produced, over every store of a run.

After a 200-store batch the first question is "which problems are common", not any one
store's report — ruff's ``--statistics`` answers the same question for lint codes. The counts
replace the report (as in ruff) and come as a text table, JSON, JSON lines or Markdown; the
page formats (HTML, SARIF, JUnit) describe individual stores and have no table to offer.

``batch`` workers send rendered JSON lines, so :meth:`Statistics.add_json_line` counts from
those; ``check`` counts from its reports. Both paths count the same things.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len

from diagrules.cli.texts import tr

if TYPE_CHECKING:
    from diagrules.core.model import Report

STATISTICS_FORMATS = ("text", "json", "jsonl", "markdown")
_SEVERITY_ORDER = {"critical": 0, "error": 1, "warning": 2, "info": 3}


@dataclass
class RuleCount:
    """One rule's findings: how many in all, in how many stores, at which severity."""

    rule: str
    severity: str
    count: int = 0
    stores: int = 0


@dataclass
class Statistics:
    """Per-rule counts over the diagnosed stores of a run (invalid stores are not counted)."""

    stores: int = 0
    rules: dict[str, RuleCount] = field(default_factory=dict)

    def add(self, findings: Iterable[tuple[str, str]]) -> None:
        """Count one diagnosed store's findings, given as ``(rule id, severity label)`` pairs."""
        self.stores += 1
        seen: set[str] = set()
        for rule, severity in findings:
            entry = self.rules.setdefault(rule, RuleCount(rule, severity))
            entry.count += 1
            if _SEVERITY_ORDER.get(severity, 9) < _SEVERITY_ORDER.get(entry.severity, 9):
                entry.severity = severity  # a store-specific override may raise it
            if rule not in seen:
                seen.add(rule)
                entry.stores += 1

    def add_report(self, report: Report) -> None:
        self.add((f.rule, f.severity.label) for f in report.findings)

    def add_json_line(self, line: str) -> None:
        """Count a ``batch`` JSON line; an error line (invalid store) is not a diagnosed store."""
        data = json.loads(line)
        if "error" in data and "findings" not in data:
            return
        self.add((f["rule"], f["severity"]) for f in data.get("findings", ()))

    def ordered(self) -> list[RuleCount]:
        """Most frequent first, then by rule id — the order ruff prints."""
        return sorted(self.rules.values(), key=lambda c: (-c.count, c.rule))

    def render(self, fmt: str, lang: str, titles: Mapping[str, str]) -> str:
        """The table in ``fmt`` (one of :data:`STATISTICS_FORMATS`); titles by rule id."""
        rows = self.ordered()
        records = [
            {"rule": c.rule, "count": c.count, "stores": c.stores, "severity": c.severity,
             "title": titles.get(c.rule, "")}
            for c in rows
        ]
        if fmt == "json":
            return json.dumps({"stores": self.stores, "rules": records}, ensure_ascii=False, indent=2) + "\n"
        if fmt == "jsonl":
            return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        if not rows:
            return tr("stats.none", lang, stores=self.stores) + "\n"
        heads = [tr(k, lang) for k in ("stats.count", "stats.stores", "stats.rule", "stats.severity", "stats.title")]
        cells = [[str(r["count"]), str(r["stores"]), str(r["rule"]), str(r["severity"]), str(r["title"])]
                 for r in records]
        if fmt == "markdown":
            lines = ["| " + " | ".join(heads) + " |", "|" + "---:|---:|---|---|---|"]
            lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
            return "\n".join(lines) + "\n"
        widths = [max(cell_len(row[i]) for row in [heads, *cells]) for i in range(4)]

        def line(row: list[str]) -> str:
            padded = [" " * (widths[i] - cell_len(v)) + v if i < 2 else v + " " * (widths[i] - cell_len(v))
                      for i, v in enumerate(row[:4])]
            return "  ".join([*padded, row[4]]).rstrip()

        return "\n".join(line(row) for row in [heads, *cells]) + "\n"
