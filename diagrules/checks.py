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
# a generator, a keyword call per finding). A platform's checks are compiled once into tables
# grouped by operator; each table is one comprehension with the comparison written out, and
# only the checks that fail build anything. Results are identical to running ThresholdCheck.

Entry = tuple[str, float, int]
"""A check's metric, threshold and position in the platform's rule list."""
Hit = tuple[int, Any, int]
"""Position, observed value, and 0 when the fail condition holds or 1 for the warn condition."""
Matcher = Callable[[Mapping[str, Any], Sequence[Entry]], list[Hit]]


def _lt(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(p, v, 0) for k, a, p in entries if (v := m[k]) < a]


def _le(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(p, v, 0) for k, a, p in entries if (v := m[k]) <= a]


def _gt(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(p, v, 0) for k, a, p in entries if (v := m[k]) > a]


def _ge(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(p, v, 0) for k, a, p in entries if (v := m[k]) >= a]


def _eq(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(p, v, 0) for k, a, p in entries if (v := m[k]) == a]


def _ne(m: Mapping[str, Any], entries: Sequence[Entry]) -> list[Hit]:
    return [(p, v, 0) for k, a, p in entries if (v := m[k]) != a]


_MATCHERS: dict[str, Matcher] = {"<": _lt, "<=": _le, ">": _gt, ">=": _ge, "==": _eq, "!=": _ne}

Emit = tuple[str, Severity, Text | None, float | str, str, Mapping[str, str], tuple[Remedy, ...], str | None]
"""What a failing check's finding holds besides the observed value (see ``RuleContext.finding``)."""


def _emit(compiled: CompiledRule, condition: Condition, severity: Severity) -> Emit:
    r = compiled.rule
    unit = r.unit
    return (
        r.id,
        compiled.severity if compiled.severity_fixed else severity,
        r.message or r.title,
        condition.threshold,
        condition.expected,
        {"observed": unit, "threshold": unit} if unit else {},
        r.remedies,
        unit,
    )


@attrs.frozen(slots=True)
class CheckProgram:
    """The selected rules of one platform, with its declarative checks compiled into tables.

    ``outcomes`` holds, per position, the shared ``passed`` outcome of an inline check (``None``
    for other rules); ``failed`` its shared ``failed`` outcome (one finding). ``groups`` are
    the fail-only checks by operator; ``banded`` the checks that also have a warn condition;
    ``general`` the rules that run as functions. ``emits[position]`` is indexed by the hit kind.
    """

    rules: tuple[CompiledRule, ...]
    outcomes: tuple[RuleOutcome | None, ...]
    failed: tuple[RuleOutcome | None, ...]
    groups: tuple[tuple[Matcher, tuple[Entry, ...]], ...]
    banded: tuple[tuple[str, Condition, Condition, int], ...]
    emits: tuple[tuple[Emit, ...], ...]
    general: tuple[int, ...]


def _inline(compiled: CompiledRule, platform: str) -> ThresholdCheck | None:
    """The check of ``compiled`` if it can run inline on ``platform``, else None."""
    r = compiled.rule
    fn = r.fn
    if not isinstance(fn, ThresholdCheck) or compiled.waivers or r.stages or r.datasets:
        return None
    if not r.applies_to(platform) or r.requires != (fn.metric,):
        return None
    if fn.fail.op not in _MATCHERS or (fn.warn is not None and fn.warn.op not in _MATCHERS):
        return None
    return fn


def compile_program(rules: Sequence[CompiledRule], platform: str) -> CheckProgram:
    """Compile the rules selected for ``platform`` (in report order)."""
    outcomes: list[RuleOutcome | None] = []
    failed: list[RuleOutcome | None] = []
    groups: dict[str, list[Entry]] = {}
    banded: list[tuple[str, Condition, Condition, int]] = []
    emits: list[tuple[Emit, ...]] = []
    general: list[int] = []
    for pos, compiled in enumerate(rules):
        r = compiled.rule
        check = _inline(compiled, platform)
        if check is None:
            outcomes.append(None)
            failed.append(None)
            emits.append(())
            general.append(pos)
            continue
        outcomes.append(RuleOutcome(r.id, Status.PASSED, compiled.severity, r.name))
        failed.append(RuleOutcome(r.id, Status.FAILED, compiled.severity, r.name, findings=1))
        fail_emit = _emit(compiled, check.fail, check.fail_severity)
        if check.warn is None:
            groups.setdefault(check.fail.op, []).append((check.metric, check.fail.a, pos))
            emits.append((fail_emit,))
        else:
            banded.append((check.metric, check.fail, check.warn, pos))
            emits.append((fail_emit, _emit(compiled, check.warn, Severity.WARNING)))
    return CheckProgram(
        rules=tuple(rules),
        outcomes=tuple(outcomes),
        failed=tuple(failed),
        groups=tuple((_MATCHERS[op], tuple(entries)) for op, entries in groups.items()),
        banded=tuple(banded),
        emits=tuple(emits),
        general=tuple(general),
    )


def match_checks(program: CheckProgram, metrics: Mapping[str, Any]) -> tuple[list[Hit], list[int]]:
    """The failing inline checks, in position order, and the positions that must run as rules.

    A table whose comprehension raises (a missing metric, a value that does not compare) is
    re-checked one entry at a time; the entries that raise are handed back to run as ordinary
    rules, which report them ``skipped`` or ``error`` exactly as before.
    """
    hits: list[Hit] = []
    deferred: list[int] = []
    sources = 0
    for match, entries in program.groups:
        try:
            found = match(metrics, entries)
        except Exception:
            found = []
            for entry in entries:
                try:
                    found += match(metrics, (entry,))
                except Exception:
                    deferred.append(entry[2])
        if found:
            hits += found
            sources += 1
    for metric, fail, warn, pos in program.banded:
        try:
            value = metrics[metric]
            if fail.holds(value):
                hits.append((pos, value, 0))
            elif warn.holds(value):
                hits.append((pos, value, 1))
            else:
                continue
        except Exception:
            deferred.append(pos)
            continue
        sources += 1
    if sources > 1:
        hits.sort()
    return hits, deferred
