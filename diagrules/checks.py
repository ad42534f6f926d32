"""Declarative checks: ``[[checks]]`` tables in TOML that behave like any rule.

::

    [[checks]]
    id = "MY001"
    metric = "response_rate"
    fail = "< 90%"
    warn = "< 95%"
    message = { en = "Reply faster", zh = "请加快回复" }

A check becomes a :class:`~diagrules.Rule` whose function is a :class:`ThresholdCheck`: it is
selected, waived, reported and serialized exactly like a rule written in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from diagrules.conditions import Condition, ConditionError, parse_condition
from diagrules.config import CheckConfig, LocalizedText
from diagrules.context import RuleContext
from diagrules.errors import ConfigError, did_you_mean
from diagrules.i18n import Text
from diagrules.model import Effort, Finding, Remedy, RuleOutcome, Severity, Status
from diagrules.registry import Registry
from diagrules.rules import RULE_ID, RULE_NAME, NoParams, Params, Rule, RuleDoc

if TYPE_CHECKING:
    from diagrules.plan import CompiledRule


@attrs.frozen(slots=True)
class ThresholdCheck:
    """The function of a declarative check: fail condition, optional warn condition."""

    metric: str
    fail: Condition
    warn: Condition | None
    fail_severity: Severity

    def __call__(self, ctx: RuleContext, params: Params) -> Iterator[Finding]:
        value = ctx.metrics[self.metric]
        if self.fail.holds(value):
            yield ctx.finding(
                observed=value, threshold=self.fail.threshold, comparison=self.fail.expected,
                severity=self.fail_severity, expected=self.fail.expected,
            )
        elif self.warn is not None and self.warn.holds(value):
            yield ctx.finding(
                observed=value, threshold=self.warn.threshold, comparison=self.warn.expected,
                severity=Severity.WARNING, expected=self.warn.expected,
            )


def _text(value: str | LocalizedText | None) -> Text | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Text(en=value, zh=value)
    if value.en is None and value.zh is None:
        return None
    return Text(en=value.en, zh=value.zh)


def compile_check(check: CheckConfig, index: int, registry: Registry, where: str) -> Rule:
    """Turn one ``[[checks]]`` entry into a Rule, with errors that point at the entry."""
    loc = f"{where}: checks[{index}]"
    if not RULE_ID.match(check.id):
        raise ConfigError(f"{loc}.id: {check.id!r} must be an upper-case prefix and 3–4 digits, like 'MY001'")
    if check.id in registry.rules:
        raise ConfigError(
            f"{loc}.id: '{check.id}' is already a rule of plugin '{registry.owner('rule', check.id)}'; "
            "choose a prefix of your own"
        )
    name = check.name or f"check-{check.id.lower()}"
    if not RULE_NAME.match(name):
        raise ConfigError(f"{loc}.name: {name!r} must be kebab-case")
    metric_name = registry.metric_key(check.metric, check.platform)
    if metric_name is None:
        raise ConfigError(
            f"{loc}.metric: unknown metric '{check.metric}'{did_you_mean(check.metric, registry.metrics)}"
        )
    try:
        fail = parse_condition(check.fail)
        warn = parse_condition(check.warn) if check.warn is not None else None
    except ConditionError as exc:
        field = "fail" if str(exc).find(repr(check.fail)) >= 0 else "warn"
        raise ConfigError(f"{loc}.{field}: {exc}") from None
    metric = registry.metrics[metric_name]
    if check.platform is not None and check.platform not in registry.platforms:
        raise ConfigError(
            f"{loc}.platform: unknown platform '{check.platform}'{did_you_mean(check.platform, registry.platforms)}"
        )
    platform = check.platform or metric.platform
    label_en = metric.label.get("en") if metric.label else metric_name
    label_zh = metric.label.get("zh") if metric.label else metric_name
    title = _text(check.title) or Text(en=f"{label_en} check", zh=f"{label_zh}检查")
    message = _text(check.message) or Text(
        en=f"{label_en} is {{observed}}; expected {{expected}} {{threshold}}.",
        zh=f"{label_zh}为 {{observed}},应 {{expected}} {{threshold}}。",
    )
    remedy_text = _text(check.remedy)
    remedies = (Remedy(remedy_text, priority=2, effort=Effort.MEDIUM),) if remedy_text else ()
    return Rule(
        id=check.id,
        name=name,
        fn=ThresholdCheck(metric_name, fail, warn, Severity.parse(check.severity)),
        title=title,
        severity=Severity.parse(check.severity),
        platforms=(platform,) if platform else (),
        ruleset="checks",
        requires=(metric_name,),
        params=NoParams,
        message=message,
        remedies=remedies,
        doc=RuleDoc(
            what=Text(en=f"Declarative check: fails when {metric_name} {check.fail}"
                      + (f", warns when {check.warn}" if check.warn else "") + ".",
                      zh=f"声明式检查:{metric_name} {check.fail} 时失败"
                      + (f",{check.warn} 时警告" if check.warn else "") + "。"),
            why=Text(en="Defined in the user's configuration.", zh="由用户配置定义。"),
            source=where,
        ),
        unit=metric.unit,
    )



# -- inline evaluation -------------------------------------------------------------------------
# Declarative checks are data, so the engine need not run them as rules one by one (a context,
# a generator, a keyword call per finding). A platform's checks are compiled once into tables;
# each table is one comprehension with the comparisons written out, and only the checks that
# fail build anything. The results are identical to running ThresholdCheck as a rule.

Emit = tuple[
    int, str, Severity, Text | None, float | str, str, Mapping[str, str], tuple[Remedy, ...],
    str | None, RuleOutcome,
]
"""Everything a failing check's finding and outcome hold except the observed value: position,
rule id, severity, message template, threshold, comparison, units, remedies, unit, and the
shared ``failed`` outcome (see ``RuleContext.finding`` for the meaning of each)."""
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
    return (
        pos,
        r.id,
        compiled.severity if compiled.severity_fixed else severity,
        r.message or r.title,
        condition.threshold,
        condition.expected,
        {"observed": unit, "threshold": unit} if unit else {},
        r.remedies,
        unit,
        failed,
    )


@attrs.frozen(slots=True)
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


def compile_program(rules: Sequence[CompiledRule], platform: str) -> CheckProgram:
    """Compile the rules selected for ``platform`` (in report order)."""
    outcomes: list[RuleOutcome | None] = []
    tables: dict[Matcher, list[Entry]] = {}
    banded: list[tuple[str, Condition, Emit, Condition, Emit]] = []
    general: list[int] = []
    for pos, compiled in enumerate(rules):
        r = compiled.rule
        check = _inline(compiled, platform)
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
                    deferred.append(entry[2][0])
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
            deferred.append(fail_emit[0])
            continue
        sources += 1
    if sources > 1:
        hits.sort(key=_hit_position)
    return hits, deferred


def _hit_position(hit: Hit) -> int:
    return hit[0][0]
