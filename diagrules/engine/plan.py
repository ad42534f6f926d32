"""Compiling configuration and registry into an evaluation plan.

Everything that does not depend on a store is decided here, once: which rules are selected,
their validated parameters and effective severity, waivers, per-store ignores, declarative
checks, and scorecards with industry benchmarks. Evaluating a store then does no lookups it
could have done earlier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from pydantic import ValidationError

from diagrules.authoring.rules import Params, Rule
from diagrules.authoring.scoring import Scorecard
from diagrules.config.checks import compile_check
from diagrules.config.selection import resolve, select_rules, store_matches
from diagrules.config.settings import Config
from diagrules.core.errors import ConfigError, did_you_mean
from diagrules.core.model import Severity
from diagrules.engine.inline import CheckProgram, compile_program
from diagrules.plugins.registry import Registry


@attrs.frozen
class CompiledWaiver:
    store: str
    reason: str
    until: dt.date | None
    selector: str


@attrs.frozen
class CompiledRule:
    """A selected rule with its parameters and severity resolved."""

    rule: Rule
    params: Params
    severity: Severity
    severity_fixed: bool = False
    waivers: tuple[CompiledWaiver, ...] = ()


@attrs.define
class Plan:
    """The compiled plan. ``explicit`` is True when the user chose ``select`` themselves; rules
    of another platform are then reported ``not_applicable`` instead of being left out."""

    rules: list[CompiledRule]
    explicit: bool
    per_store_ignores: list[tuple[str, frozenset[str]]]
    scorecards: dict[str, list[Scorecard]]
    benchmarks: dict[str, dict[str, dict[str, float]]]
    fail_on: Severity
    lang: str | None
    by_platform: dict[str, list[CompiledRule]] = attrs.field(factory=dict)
    _variants: dict[tuple[str, str | None], Scorecard] = attrs.field(factory=dict)
    _programs: dict[tuple[str, tuple[int, ...], bool], CheckProgram] = attrs.field(factory=dict)

    def rules_for(self, platform: str) -> list[CompiledRule]:
        found = self.by_platform.get(platform)
        if found is None:
            found = [
                c for c in self.rules if self.explicit or c.rule.applies_to(platform)
            ]
            self.by_platform[platform] = found
        return found

    def program_for(self, platform: str, store: str, *, inline: bool = True) -> CheckProgram:
        """The program that evaluates ``store``: the rules of :meth:`rules_for` less the store's
        per-store ignores, with the declarative checks compiled into inline tables.

        Programs are cached per platform and per set of matching ignore patterns, so a store
        pays only for matching its name against the patterns. ``inline=False`` gives the
        reference program, which runs every rule as a function.
        """
        matched = tuple(
            i for i, (pattern, _) in enumerate(self.per_store_ignores) if store_matches(pattern, store)
        ) if self.per_store_ignores else ()
        key = (platform, matched, inline)
        program = self._programs.get(key)
        if program is None:
            rules = self.rules_for(platform)
            if matched:
                ignored = frozenset[str]().union(*(self.per_store_ignores[i][1] for i in matched))
                rules = [c for c in rules if c.rule.id not in ignored]
            program = compile_program(rules, platform, inline=inline)
            self._programs[key] = program
        return program

    def scorecards_for(self, platform: str, category: str | None) -> list[Scorecard]:
        result = []
        for sc in self.scorecards.get(platform, []):
            key = (sc.id, category)
            variant = self._variants.get(key)
            if variant is None:
                overrides = self.benchmarks.get(category, {}) if category else {}
                variant = sc.with_benchmarks(overrides)
                self._variants[key] = variant
            result.append(variant)
        return result


def _rule_settings(
    registry: Registry, config: Config, where: str, extra_rules: dict[str, Rule]
) -> dict[str, dict[str, Any]]:
    by_name = {r.name: r.id for r in (*registry.rules.values(), *extra_rules.values())}
    result: dict[str, dict[str, Any]] = {}
    for key, settings in config.rules.items():
        rid = key if (key in registry.rules or key in extra_rules) else by_name.get(key)
        if rid is None:
            candidates = [*registry.rules, *extra_rules, *by_name]
            raise ConfigError(f"{where}: [rules.{key}]: unknown rule '{key}'{did_you_mean(key, candidates)}")
        if not isinstance(settings, dict):
            raise ConfigError(f"{where}: rules.{key} must be a table of settings")
        result[rid] = settings
    return result


_DEFAULTS: dict[type[Params], Params] = {}


def _defaults(params: type[Params]) -> Params:
    """The default parameters of a class, constructed once per process when that is safe.

    Params are frozen, so rules can share one instance, unless a class unfreezes itself or a
    default factory makes a fresh (mutable) value for each; ~100 rules × ``model_construct`` otherwise cost a few ms
    at every engine build.
    """
    shared = _DEFAULTS.get(params)
    if shared is not None:
        return shared
    instance = params.model_construct()
    if params.model_config.get("frozen") and all(f.default_factory is None for f in params.model_fields.values()):
        _DEFAULTS[params] = instance
    return instance


def _params(rule: Rule, settings: dict[str, Any], where: str) -> Params:
    values = {k.replace("-", "_"): v for k, v in settings.items() if k != "severity"}
    if not values:
        # Defaults were validated once when the rule registered (registration_problems);
        # constructing them here keeps pydantic from re-validating at every engine build.
        return _defaults(rule.params)
    try:
        return rule.params.model_validate(values)
    except ValidationError as exc:
        fields = list(rule.params.model_fields)
        problems = []
        for err in exc.errors():
            param = ".".join(str(p) for p in err["loc"])
            if err["type"] == "extra_forbidden":
                known = ", ".join(fields) or "none"
                problems.append(
                    f"unknown parameter '{param}'{did_you_mean(param, fields)} (parameters: {known})"
                )
            else:
                problems.append(f"parameter '{param}': {err['msg']} (got {err.get('input')!r})")
        raise ConfigError(f"{where}: [rules.{rule.id}]: " + "; ".join(problems)) from None


def compile_plan(registry: Registry, config: Config, where: str = "configuration") -> Plan:
    """Resolve selection, parameters, waivers, checks and benchmarks against the registry."""
    checks = {}
    for i, check in enumerate(config.checks):
        r = compile_check(check, i, registry, where)
        if r.id in checks:
            raise ConfigError(f"{where}: checks[{i}].id: '{r.id}' is defined twice")
        checks[r.id] = r
    full = registry
    if checks:
        full = attrs.evolve(registry, rules={**registry.rules, **checks})
    try:
        selected = select_rules(full, config.select, config.extend_select, config.ignore)
        # Declarative checks are the user's own: always selected unless ignored explicitly.
        ignored = resolve(config.ignore, full, context="in 'ignore'")
        for rid, r in checks.items():
            if rid not in ignored and r not in selected:
                selected.append(r)
        per_store = [
            (pattern, frozenset(resolve(sels, full, context=f"in per-store-ignores '{pattern}'")))
            for pattern, sels in config.per_store_ignores.items()
        ]
        waivers: dict[str, list[CompiledWaiver]] = {}
        for i, w in enumerate(config.waivers):
            for rid in resolve([w.rule], full, context=f"in waivers[{i}].rule"):
                waivers.setdefault(rid, []).append(CompiledWaiver(w.store, w.reason, w.until, w.rule))
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    settings = _rule_settings(registry, config, where, checks)
    compiled = []
    for r in sorted(selected, key=lambda r: r.id):
        s = settings.get(r.id, {})
        fixed = "severity" in s
        try:
            severity = Severity.parse(s["severity"]) if fixed else r.severity
        except ValueError as exc:
            raise ConfigError(f"{where}: [rules.{r.id}] severity: {exc}") from None
        compiled.append(
            CompiledRule(r, _params(r, s, where), severity, fixed, tuple(waivers.get(r.id, ())))
        )
    for rid, s in settings.items():  # parameters of unselected rules are still validated
        if rid not in {c.rule.id for c in compiled}:
            _params(full.rules[rid], s, where)
    scorecards: dict[str, list[Scorecard]] = {}
    for sc in registry.scorecards.values():
        scorecards.setdefault(sc.platform, []).append(sc)
    scored = {m for sc in registry.scorecards.values() for m in sc.metric_names()}
    benchmarks: dict[str, dict[str, dict[str, float]]] = {}
    for category, metrics in config.benchmarks.items():
        for metric, band in metrics.items():
            name = registry.metric_key(metric)
            if name is None or name not in scored:
                raise ConfigError(
                    f"{where}: benchmarks.\"{category}\".{metric}: not a scored metric"
                    f"{did_you_mean(metric, scored)}"
                )
            values = {k: v for k, v in (("pass", band.pass_), ("excellent", band.excellent)) if v is not None}
            benchmarks.setdefault(category, {})[name] = values
    for category, overrides in benchmarks.items():  # an invalid band fails here, not mid-batch
        for sc in registry.scorecards.values():
            try:
                sc.with_benchmarks(overrides)
            except ValueError as exc:
                raise ConfigError(f"{where}: benchmarks.\"{category}\": {exc}") from None
    return Plan(
        rules=compiled,
        explicit=config.select is not None,
        per_store_ignores=per_store,
        scorecards=scorecards,
        benchmarks=benchmarks,
        fail_on=config.fail_on_severity,
        lang=config.lang,
    )
