"""The fast path for declarative checks: plain threshold checks matched as one table per platform.

A ``[[checks]]`` entry compiled by :mod:`diagrules.config.checks` is an ordinary rule. When it
is a plain threshold on one metric, the plan also puts it into a :class:`CheckProgram` so the
engine can match all such checks in one pass over sorted tables instead of calling a rule
function per check. The result is identical to running the rules one by one (a differential
test keeps it so).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from diagrules.config.checks import ThresholdCheck
from diagrules.config.conditions import Condition
from diagrules.core.i18n import Message, Text
from diagrules.core.model import Finding, Remedy, RuleOutcome, Severity, Status

if TYPE_CHECKING:
    from diagrules.engine.plan import CompiledRule

@attrs.frozen
class Emit:
    """Everything a failing check's finding and outcome hold except the observed value.

    Built once per check when the plan is compiled; ``failed`` is the check's shared ``failed``
    outcome. The fields mean what they mean on :class:`~diagrules.Finding` (see
    ``RuleContext.finding``); ``comparison`` is the condition's expected side ("< 1%").
    """

    pos: int
    rule: str
    severity: Severity
    template: Text
    threshold: float | str
    comparison: str
    units: Mapping[str, str]
    remedies: tuple[Remedy, ...]
    unit: str | None
    failed: RuleOutcome

    def finding(self, value: Any) -> Finding:
        """The finding of this check for the observed ``value``."""
        values = {"observed": value, "threshold": self.threshold, "comparison": self.comparison,
                  "item": None, "expected": self.comparison}
        # Positional, in Finding's field order: this runs for every failing check of every store.
        return Finding(self.rule, self.severity, Message(self.template, values, self.units), value,
                       self.threshold, self.comparison, None, self.remedies, {}, self.unit)


Entry = tuple[str, float, Emit, bool]
"""A check's metric, threshold, what to emit, and which of the table's two operators it uses."""
Hit = tuple[Emit, Any]
Matcher = Callable[[Mapping[str, Any], Sequence[Entry]], list[Hit]]


def _strict(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(e, v) for k, a, e, lt in entries for v in [m[k]] if (v < a if lt else v > a)]


def _loose(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(e, v) for k, a, e, le in entries for v in [m[k]] if (v <= a if le else v >= a)]


def _equal(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(e, v) for k, a, e, eq in entries for v in [m[k]] if (v == a if eq else v != a)]


#: operator -> (table, flag): one table per pair of operators, so that the usual configuration
#: (only ``<`` and ``>``) is a single pass that yields its hits already in rule order.
_TABLES: dict[str, tuple[Matcher, bool]] = {
    "<": (_strict, True), ">": (_strict, False),
    "<=": (_loose, True), ">=": (_loose, False),
    "==": (_equal, True), "!=": (_equal, False),
}


def _emit(compiled: CompiledRule, pos: int, condition: Condition, severity: Severity, failed: RuleOutcome) -> Emit:
    r = compiled.rule
    unit = r.unit
    return Emit(
        pos=pos,
        rule=r.id,
        severity=compiled.severity if compiled.severity_fixed else severity,
        template=r.message or r.title,
        threshold=condition.threshold,
        comparison=condition.expected,
        units={"observed": unit, "threshold": unit} if unit else {},
        remedies=r.remedies,
        unit=unit,
        failed=failed,
    )


@attrs.frozen
class CheckProgram:
    """The selected rules of one platform, with its declarative checks compiled into tables.

    ``outcomes`` holds, per position, the shared ``passed`` outcome of an inline check and
    ``None`` for the ``general`` rules, which run as functions. ``tables`` hold the checks
    with a fail condition only; ``banded`` those that also have a warn condition.
    """

    rules: tuple[CompiledRule, ...]
    outcomes: tuple[RuleOutcome | None, ...]
    tables: tuple[tuple[Matcher, tuple[Entry, ...]], ...]
    banded: tuple[tuple[str, Condition, Emit, Condition, Emit], ...]
    general: tuple[int, ...]


def _inline(compiled: CompiledRule, platform: str) -> ThresholdCheck | None:
    """The check of ``compiled`` if it can run inline on ``platform``, else None."""
    r = compiled.rule
    fn = r.fn
    if not isinstance(fn, ThresholdCheck) or compiled.waivers or r.stages or r.datasets:
        return None
    if not r.applies_to(platform) or r.requires != (fn.metric,):
        return None
    if fn.fail.op not in _TABLES or (fn.warn is not None and fn.warn.op not in _TABLES):
        return None
    return fn


def compile_program(rules: Sequence[CompiledRule], platform: str, *, inline: bool = True) -> CheckProgram:
    """Compile the rules selected for ``platform`` (in report order).

    With ``inline=False`` no check goes into a table: every rule runs as a function. That is the
    reference program the differential test compares the tables against.
    """
    outcomes: list[RuleOutcome | None] = []
    tables: dict[Matcher, list[Entry]] = {}
    banded: list[tuple[str, Condition, Emit, Condition, Emit]] = []
    general: list[int] = []
    for pos, compiled in enumerate(rules):
        r = compiled.rule
        check = _inline(compiled, platform) if inline else None
        if check is None:
            outcomes.append(None)
            general.append(pos)
            continue
        outcomes.append(RuleOutcome(r.id, Status.PASSED, compiled.severity, r.name))
        failed = RuleOutcome(r.id, Status.FAILED, compiled.severity, r.name, findings=1)
        fail = _emit(compiled, pos, check.fail, check.fail_severity, failed)
        if check.warn is None:
            match, flag = _TABLES[check.fail.op]
            tables.setdefault(match, []).append((check.metric, check.fail.a, fail, flag))
        else:
            warn = _emit(compiled, pos, check.warn, Severity.WARNING, failed)
            banded.append((check.metric, check.fail, fail, check.warn, warn))
    return CheckProgram(
        rules=tuple(rules),
        outcomes=tuple(outcomes),
        tables=tuple((match, tuple(entries)) for match, entries in tables.items()),
        banded=tuple(banded),
        general=tuple(general),
    )


def match_checks(program: CheckProgram, metrics: Mapping[str, Any]) -> tuple[list[Hit], list[int]]:
    """The failing inline checks in rule order, and the positions that must run as rules.

    A table whose comprehension raises (a missing metric, a value that does not compare) is
    re-checked one entry at a time; the entries that raise are handed back to run as ordinary
    rules, which report them ``skipped`` or ``error`` exactly as before.
    """
    if len(program.tables) == 1 and not program.banded:  # the usual case: one pass, in order
        match, entries = program.tables[0]
        try:
            return match(metrics, entries), []
        except Exception:
            pass
    hits: list[Hit] = []
    deferred: list[int] = []
    sources = 0
    for match, entries in program.tables:
        try:
            found = match(metrics, entries)
        except Exception:
            found = []
            for entry in entries:
                try:
                    found += match(metrics, (entry,))
                except Exception:
                    deferred.append(entry[2].pos)
        if found:
            hits += found
            sources += 1
    for metric, fail, fail_emit, warn, warn_emit in program.banded:
        try:
            value = metrics[metric]
            if fail.holds(value):
                hits.append((fail_emit, value))
            elif warn.holds(value):
                hits.append((warn_emit, value))
            else:
                continue
        except Exception:
            deferred.append(fail_emit.pos)
            continue
        sources += 1
    if sources > 1:
        hits.sort(key=_hit_position)
    return hits, deferred


def _hit_position(hit: Hit) -> int:
    return hit[0].pos
