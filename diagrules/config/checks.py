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

from collections.abc import Iterator

import attrs

from diagrules.authoring.context import RuleContext
from diagrules.authoring.rules import (
    RULE_ID,
    RULE_NAME,
    NoParams,
    Params,
    Rule,
    RuleDoc,
    Skip,
    registration_problems,
)
from diagrules.config.conditions import Condition, ConditionError, parse_condition
from diagrules.config.settings import CheckConfig, LocalizedText
from diagrules.core.errors import ConfigError, did_you_mean
from diagrules.core.i18n import Quantity, Text, Unit
from diagrules.core.model import Effort, Finding, Remedy, Severity
from diagrules.history.trend import Direction, run_length
from diagrules.plugins.registry import Registry


@attrs.frozen
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


#: The skip reason of a history check on a store with too little history.
_NO_HISTORY = Text(
    en="not enough history: {have} recorded snapshot(s) of {metric}, this check needs {need} "
    "(enable `[history]` or pass `--history`)",
    zh="历史数据不足：{metric} 只有 {have} 期记录，此检查需要 {need} 期（请启用 `[history]` 或使用 `--history`）",
)


_ZERO_BASE = Text(
    en="the previous value is 0, so a relative change is undefined",
    zh="上期数值为 0，无法计算相对变化",
)


def _too_short(metric: str, have: int, need: int) -> Skip:
    return Skip(_NO_HISTORY.format(metric=metric, have=have, need=need))


@attrs.frozen(slots=True)
class ChangeCheck:
    """A ``change = "..."`` check: the change against the previous recorded snapshot.

    A condition whose number is written with ``%`` tests the relative change (``-5%`` = fell by a
    twentieth); a plain number tests the absolute difference in the metric's unit.
    """

    metric: str
    condition: Condition
    relative: bool
    severity: Severity
    unit: Unit

    def __call__(self, ctx: RuleContext, params: Params) -> Iterator[Finding]:
        values = ctx.series(self.metric)
        if len(values) < 2:
            raise _too_short(self.metric, len(values), 2)
        old, new = values[-2], values[-1]
        if self.relative:
            if old == 0:
                raise Skip(_ZERO_BASE)
            moved = (new - old) / abs(old)
        else:
            moved = new - old
        if self.condition.holds(moved):
            yield ctx.finding(
                observed=moved, threshold=self.condition.threshold, comparison=self.condition.expected,
                severity=self.severity, unit="change" if self.relative else None,
                expected=self.condition.expected,
                previous=Quantity(old, self.unit), current=Quantity(new, self.unit),
            )


@attrs.frozen(slots=True)
class RunCheck:
    """A ``falling = N`` / ``rising = N`` check: N consecutive moves ending at this snapshot."""

    metric: str
    direction: Direction
    length: int
    severity: Severity

    def __call__(self, ctx: RuleContext, params: Params) -> Iterator[Finding]:
        values = ctx.series(self.metric)
        if len(values) < self.length + 1:
            raise _too_short(self.metric, len(values), self.length + 1)
        run = run_length(values, self.direction)
        if run >= self.length:
            yield ctx.finding(observed=run, threshold=self.length, comparison=">=", severity=self.severity,
                              unit="count", expected=">=")


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
    metric = registry.metrics[metric_name]
    if check.platform is not None and check.platform not in registry.platforms:
        raise ConfigError(
            f"{loc}.platform: unknown platform '{check.platform}'{did_you_mean(check.platform, registry.platforms)}"
        )
    platform = check.platform or metric.platform
    label = metric.label or Text(en=metric_name, zh=metric_name)
    fn, what, default_message, unit = _kind(check, loc, metric_name, label, metric.unit)
    title = _text(check.title) or Text(en=f"{label.get('en')} check", zh=f"{label.get('zh')}检查")
    remedy_text = _text(check.remedy)
    remedies = (Remedy(remedy_text, priority=2, effort=Effort.MEDIUM),) if remedy_text else ()
    compiled = Rule(
        id=check.id,
        name=name,
        fn=fn,
        title=title,
        severity=Severity.parse(check.severity),
        platforms=(platform,) if platform else (),
        ruleset="checks",
        requires=(metric_name,),
        params=NoParams,
        message=_text(check.message) or default_message,
        remedies=remedies,
        doc=RuleDoc(
            what=what,
            why=Text(en="Defined in the user's configuration.", zh="由用户配置定义。"),
            source=where,
        ),
        unit=unit,
        values=("expected", "previous", "current"),
        history=not isinstance(fn, ThresholdCheck),
    )
    problems = registration_problems(compiled)
    if problems:
        raise ConfigError(f"{loc}: check {check.id} " + "; ".join(problems))
    return compiled


CheckFunction = ThresholdCheck | ChangeCheck | RunCheck


def _condition(source: str, loc: str, field: str) -> Condition:
    try:
        return parse_condition(source)
    except ConditionError as exc:
        raise ConfigError(f"{loc}.{field}: {exc}") from None


def _kind(
    check: CheckConfig, loc: str, metric: str, label: Text, unit: Unit
) -> tuple[CheckFunction, Text, Text, Unit | None]:
    """The function, description, default message and unit of a check of each kind."""
    kinds = [k for k in ("fail", "change", "falling", "rising") if getattr(check, k) is not None]
    if len(kinds) != 1:
        raise ConfigError(
            f"{loc}: give exactly one of fail, change, falling or rising (got {', '.join(kinds) or 'none'})"
        )
    if check.warn is not None and kinds != ["fail"]:
        raise ConfigError(f"{loc}.warn: warn goes with fail, not with {kinds[0]}")
    severity = Severity.parse(check.severity)
    en, zh = label.get("en"), label.get("zh")
    if check.fail is not None:
        fail = _condition(check.fail, loc, "fail")
        warn = _condition(check.warn, loc, "warn") if check.warn is not None else None
        what = Text(
            en=f"Declarative check: fails when {metric} {check.fail}"
            + (f", warns when {check.warn}" if check.warn else "") + ".",
            zh=f"声明式检查：{metric} {check.fail} 时失败" + (f"，{check.warn} 时警告" if check.warn else "") + "。",
        )
        message = Text(en=f"{en} is {{observed}}; expected {{expected}} {{threshold}}.",
                       zh=f"{zh}为 {{observed}}，应 {{expected}} {{threshold}}。")
        return ThresholdCheck(metric, fail, warn, severity), what, message, unit
    if check.change is not None:
        condition = _condition(check.change, loc, "change")
        relative = "%" in check.change
        what = Text(
            en=f"History check: fails when the change of {metric} against the previous snapshot is {check.change}.",
            zh=f"历史检查：{metric} 较上期快照的变化 {check.change} 时失败。",
        )
        message = Text(
            en=f"{en} changed by {{observed}} against the previous snapshot ({{previous}} → {{current}}); "
            "expected {expected} {threshold}.",
            zh=f"{zh}较上期快照变化 {{observed}}（{{previous}} → {{current}}），应 {{expected}} {{threshold}}。",
        )
        return ChangeCheck(metric, condition, relative, severity, unit), what, message, ("change" if relative else unit)
    direction: Direction = "falling" if check.falling is not None else "rising"
    length = check.falling if check.falling is not None else check.rising
    assert length is not None
    word_en, word_zh = ("falling", "下降") if direction == "falling" else ("rising", "上升")
    what = Text(
        en=f"History check: fails when {metric} has been {word_en} for {length} consecutive snapshots.",
        zh=f"历史检查：{metric} 连续 {length} 期{word_zh}时失败。",
    )
    message = Text(
        en=f"{en} has been {word_en} for {{observed}} consecutive snapshots (this check fires from {{threshold}}).",
        zh=f"{zh}已连续 {{observed}} 期{word_zh}（此检查从 {{threshold}} 期起报告）。",
    )
    return RunCheck(metric, direction, length, severity), what, message, "count"

