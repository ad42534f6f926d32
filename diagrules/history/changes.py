"""What changed since last time: findings labelled new, unchanged or fixed, and outcome changes.

A finding's identity across runs is its rule and its item (a product id, a quote id, or the
store itself) — not its message, whose numbers move every week. This is the same notion as
SARIF's ``baselineState``: ``new``, ``unchanged`` and, for what the old report had and the new one
does not, ``absent`` (shown to operators as "fixed").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from diagrules.core.model import Finding, OutcomeChange, Report


class Change(enum.StrEnum):
    """A finding's state against the baseline."""

    NEW = "new"
    UNCHANGED = "unchanged"
    FIXED = "fixed"

    @property
    def sarif(self) -> str:
        """The SARIF ``baselineState`` of this state."""
        return "absent" if self is Change.FIXED else self.value


@attrs.frozen
class FindingChange:
    """One finding of either report, with its state; ``finding`` is from the new report unless fixed."""

    state: Change
    finding: Finding


@attrs.frozen
class Changes:
    """The comparison of a report with its baseline."""

    findings: tuple[FindingChange, ...]
    outcomes: tuple[OutcomeChange, ...]

    def count(self, state: Change) -> int:
        return sum(1 for c in self.findings if c.state is state)

    def state_of(self, finding: Finding) -> Change | None:
        """The state of a finding of the new report (``None`` if it is not part of this comparison)."""
        for c in self.findings:
            if c.finding is finding:
                return c.state
        return None


def _key(f: Finding) -> tuple[str, str | None]:
    return (f.rule, f.item)


def _counted(findings: Iterable[Finding]) -> dict[tuple[str, str | None], list[Finding]]:
    out: dict[tuple[str, str | None], list[Finding]] = {}
    for f in findings:
        out.setdefault(_key(f), []).append(f)
    return out


def compare(baseline: Report, report: Report) -> Changes:
    """Label every finding of ``report`` against ``baseline``, and list outcome changes.

    Findings keep the new report's order; fixed ones follow in the baseline's order. When a rule
    reports the same item several times, the first occurrences match pairwise.
    """
    old = _counted(baseline.findings)
    seen: dict[tuple[str, str | None], int] = {}
    changes: list[FindingChange] = []
    for f in report.findings:
        k = _key(f)
        n = seen.get(k, 0)
        seen[k] = n + 1
        changes.append(FindingChange(Change.UNCHANGED if n < len(old.get(k, ())) else Change.NEW, f))
    for k, fs in old.items():
        changes += [FindingChange(Change.FIXED, f) for f in fs[seen.get(k, 0):]]
    before = {o.rule: o.status for o in baseline.outcomes}
    after = {o.rule: o.status for o in report.outcomes}
    outcomes = [
        OutcomeChange(rule, before.get(rule), after.get(rule))
        for rule in [*after, *(r for r in before if r not in after)]
        if before.get(rule) != after.get(rule)
    ]
    return Changes(tuple(changes), tuple(outcomes))


def apply_baseline(report: Report, baseline: Report) -> Changes:
    """Label ``report``'s findings against ``baseline`` in place (``Finding.baseline``,
    ``Report.fixed``, ``Report.outcome_changes``), so every output format can show them."""
    changes = compare(baseline, report)
    for c in changes.findings:
        if c.state is not Change.FIXED:
            c.finding.baseline = c.state.value
    report.fixed = [c.finding for c in changes.findings if c.state is Change.FIXED]
    report.outcome_changes = list(changes.outcomes)
    return changes
