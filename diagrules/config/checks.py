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
    registration_problems,
)
from diagrules.config.conditions import Condition, ConditionError, parse_condition
from diagrules.config.settings import CheckConfig, LocalizedText
from diagrules.core.errors import ConfigError, did_you_mean
from diagrules.core.i18n import Text
from diagrules.core.model import Effort, Finding, Remedy, Severity
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
    compiled = Rule(
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
        values=("expected",),
    )
    problems = registration_problems(compiled)
    if problems:
        raise ConfigError(f"{loc}: check {check.id} " + "; ".join(problems))
    return compiled



# -- inline evaluation -------------------------------------------------------------------------
# Declarative checks are data, so the engine need not run them as rules one by one (a context,
# a generator, a keyword call per finding). A platform's checks are compiled once into tables;
# each table is one comprehension with the comparisons written out, and only the checks that
# fail build anything. The results are identical to running ThresholdCheck as a rule.
