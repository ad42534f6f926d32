"""The registry: everything the loaded plugins declared, validated once.

Hooks are called here, one call per hook implementation so that every object is attributed to
the plugin that returned it. Invalid objects are reported as plugin failures (the rest still
register); conflicts — two plugins claiming one rule id or one metric name with different
definitions — and broken derivations (a cycle, a dangling input) are errors naming the plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import attrs

from diagrules.authoring.datasets import Dataset
from diagrules.authoring.metrics import Metric
from diagrules.authoring.platforms import Platform
from diagrules.authoring.rules import Rule, registration_problems
from diagrules.authoring.scoring import Scorecard
from diagrules.core.errors import PluginError
from diagrules.plugins.loading import LoadedPlugins, PluginFailure

_T = TypeVar("_T")


@attrs.define
class Registry:
    """What is known after loading plugins: platforms, metrics, datasets, rules, scorecards.

    ``owners`` maps ``"rule:RFQ002"``/``"metric:response_rate"``… to the plugin name.
    ``derivation_order`` lists derived metrics so that each comes after its inputs.
    """

    platforms: dict[str, Platform] = attrs.field(factory=dict)
    metrics: dict[str, Metric] = attrs.field(factory=dict)
    datasets: dict[str, Dataset] = attrs.field(factory=dict)
    rules: dict[str, Rule] = attrs.field(factory=dict)
    scorecards: dict[str, Scorecard] = attrs.field(factory=dict)
    owners: dict[str, str] = attrs.field(factory=dict)
    aliases: dict[tuple[str | None, str], str] = attrs.field(factory=dict)
    derivation_order: list[str] = attrs.field(factory=list)
    plugins: LoadedPlugins | None = None
    failures: list[PluginFailure] = attrs.field(factory=list)
    _lookups: dict[str, tuple[tuple[str, int, int], dict[str, Metric]]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    def metric_key(self, key: str, platform: str | None = None) -> str | None:
        """The canonical metric name for ``key`` (a name or an alias), or ``None``.

        Aliases are scoped by platform: the same back-office label ("服务分") can mean different
        metrics on Alibaba.com and AliExpress. An alias of the store's platform wins over one of a
        metric that declares no platform.
        """
        if key in self.metrics:
            return key
        folded = key.strip().lower()
        for scope in ((platform, None) if platform is not None else (None,)):
            found = self.aliases.get((scope, key)) or self.aliases.get((scope, folded))
            if found is not None:
                return found
        if platform is None:
            matches = {v for (_, k), v in self.aliases.items() if k in (key, folded)}
            if len(matches) == 1:
                return matches.pop()
        return None

    def metric_lookup(self, platform: str) -> dict[str, Metric]:
        """Every exact key :meth:`metric_key` resolves on ``platform``, mapped to its metric.

        Built once per platform (and again if metrics or aliases were added since), so reading a
        store's metrics is one dict lookup per key; keys not in it take :meth:`metric_key`
        (case-folded aliases). The precedence is :meth:`metric_key`'s: a canonical name, then an
        alias of the platform, then one that declares no platform.
        """
        stamp = (platform, len(self.metrics), len(self.aliases))
        cached = self._lookups.get(platform)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        table: dict[str, Metric] = {}
        for scope in (None, platform):
            for (where, key), name in self.aliases.items():
                if where == scope and name in self.metrics:
                    table[key] = self.metrics[name]
        table.update(self.metrics)
        self._lookups[platform] = (stamp, table)
        return table

    def alias_names(self) -> list[str]:
        return sorted({k for _, k in self.aliases})

    def rulesets(self) -> dict[str, list[Rule]]:
        result: dict[str, list[Rule]] = {}
        for r in sorted(self.rules.values(), key=lambda r: r.id):
            result.setdefault(r.ruleset, []).append(r)
        return result

    def owner(self, kind: str, name: str) -> str:
        return self.owners.get(f"{kind}:{name}", "?")


def _results(reg: Registry, loaded: LoadedPlugins, hook: str) -> Iterator[tuple[str, Any]]:
    """Call every implementation of ``hook`` separately, yielding (plugin name, returned item)."""
    caller = getattr(loaded.manager.hook, hook)
    for impl in caller.get_hookimpls():  # registration order
        name = impl.plugin_name
        try:
            returned = impl.function()
        except (Exception, SystemExit) as exc:  # sys.exit() in a hook is that plugin's failure
            _record(reg, loaded, name, f"{hook}() raised {type(exc).__name__}: {exc}", exc)
            continue
        if returned is None:
            continue
        if not isinstance(returned, Iterable):
            _record(reg, loaded, name, f"{hook}() must return a list, got {type(returned).__name__}", None)
            continue
        try:  # a generator runs only now, and may raise
            items = list(returned)
        except (Exception, SystemExit) as exc:
            _record(reg, loaded, name, f"{hook}() raised {type(exc).__name__} while its items were read: {exc}", exc)
            continue
        for item in items:
            yield name, item


def _record(
    reg: Registry, loaded: LoadedPlugins, plugin: str, message: str, exc: BaseException | None
) -> None:
    """Report a failure of this build.

    It goes to ``reg.failures``, never to ``loaded.failures``: the loaded plugins are cached and
    shared by every engine built with the same settings, so appending there would make each
    build report the failures of all earlier ones (and grow without bound in a long-lived host).
    """
    info = loaded.info(plugin)
    failure = PluginFailure(
        plugin, info.distribution if info else None, info.version if info else None, message
    )
    if loaded.settings.strict:
        raise PluginError(failure.describe() + " (strict plugin loading is on)") from exc
    reg.failures.append(failure)


def _collect(
    reg: Registry,
    loaded: LoadedPlugins,
    hook: str,
    kind: str,
    cls: type[_T],
    key: Callable[[_T], str],
    into: dict[str, _T],
    owners: dict[str, str],
) -> None:
    for plugin, item in _results(reg, loaded, hook):
        if not isinstance(item, cls):
            _record(reg, loaded, plugin, f"{hook}() returned {item!r}, which is not a {cls.__name__}", None)
            continue
        k = key(item)
        if k in into:
            if into[k] == item:
                continue
            raise PluginError(
                f"{kind} '{k}' is registered by two plugins with different definitions: "
                f"'{owners[f'{kind}:{k}']}' and '{plugin}'. Rename one of them or uninstall a plugin."
            )
        into[k] = item
        owners[f"{kind}:{k}"] = plugin


def build_registry(loaded: LoadedPlugins) -> Registry:
    """Call every hook once and validate what the plugins returned."""
    reg = Registry(plugins=loaded, failures=list(loaded.failures))
    _collect(reg, loaded, "diagrules_platforms", "platform", Platform, lambda p: p.id, reg.platforms, reg.owners)
    _collect(reg, loaded, "diagrules_metrics", "metric", Metric, lambda m: m.name, reg.metrics, reg.owners)
    _collect(reg, loaded, "diagrules_datasets", "dataset", Dataset, lambda d: d.name, reg.datasets, reg.owners)
    _collect(reg, loaded, "diagrules_rules", "rule", Rule, lambda r: r.id, reg.rules, reg.owners)
    _collect(reg, loaded, "diagrules_scorecards", "scorecard", Scorecard, lambda s: s.id, reg.scorecards, reg.owners)
    _check_rule_names(reg)
    _index_aliases(reg, loaded)
    reg.derivation_order = _derivation_order(reg)
    _check_references(reg, loaded)
    return reg


def _check_rule_names(reg: Registry) -> None:
    seen: dict[str, str] = {}
    for r in reg.rules.values():
        if r.name in seen:
            raise PluginError(
                f"rule name '{r.name}' is used by {seen[r.name]} (plugin '{reg.owner('rule', seen[r.name])}') "
                f"and {r.id} (plugin '{reg.owner('rule', r.id)}'); rule names must be unique"
            )
        seen[r.name] = r.id


def _index_aliases(reg: Registry, loaded: LoadedPlugins) -> None:
    """Index metric aliases by platform.

    An alias two metrics of one platform claim is kept for the metric registered first and
    reported as the second plugin's failure: a label clash between two packages must not stop
    every engine from being built (strict loading makes it an error).
    """
    for m in reg.metrics.values():
        for alias in m.aliases:
            for key in (alias, alias.strip().lower()):
                other = reg.aliases.get((m.platform, key))
                if other is not None and other != m.name:
                    _record(
                        reg, loaded, reg.owner("metric", m.name),
                        f"alias '{alias}' of metric '{m.name}' is ignored: it already names '{other}' "
                        f"(plugin '{reg.owner('metric', other)}') on platform {m.platform or '(any)'}",
                        None,
                    )
                    break
                reg.aliases[(m.platform, key)] = m.name


def _derivation_order(reg: Registry) -> list[str]:
    """Topologically order derived metrics; a cycle or unknown input is a PluginError."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " -> ".join([*path[path.index(name):], name])
            raise PluginError(
                f"metric derivations form a cycle: {cycle} (plugin '{reg.owner('metric', name)}')"
            )
        metric = reg.metrics[name]
        state[name] = 1
        for derivation in metric.derive.chain() if metric.derive is not None else ():
            for dep in derivation.metrics:
                if dep not in reg.metrics:
                    raise PluginError(
                        f"metric '{name}' (plugin '{reg.owner('metric', name)}') is derived from "
                        f"unknown metric '{dep}'"
                    )
                visit(dep, [*path, name])
            for ds in derivation.datasets:
                if ds not in reg.datasets:
                    raise PluginError(
                        f"metric '{name}' (plugin '{reg.owner('metric', name)}') is derived from "
                        f"unknown dataset '{ds}'"
                    )
        state[name] = 2
        if metric.derive is not None:
            order.append(name)

    for name in sorted(reg.metrics):
        visit(name, [])
    return order


def _check_references(reg: Registry, loaded: LoadedPlugins) -> None:
    """Rules and scorecards may only name registered metrics, datasets and platforms, and a
    rule's templates and default parameters must be usable (:func:`registration_problems`).

    A rule that names something unknown is dropped and reported as its plugin's failure (the
    plugin was probably written for another version of a rule set it builds on); so is a rule
    with a misspelt placeholder or an invalid default. Every other rule keeps working, because
    one plugin's slip must not stop every engine from being built. Strict loading turns each of
    these into an error.
    """
    for r in list(reg.rules.values()):
        owner = reg.owner("rule", r.id)
        problems = registration_problems(r)
        problems += [f"requires unknown metric '{m}'" for m in (*r.requires, *r.uses) if m not in reg.metrics]
        problems += [f"requires unknown dataset '{d}'" for d in r.datasets if d not in reg.datasets]
        problems += [
            f"names platform '{p}', which no plugin declares (return a Platform from diagrules_platforms())"
            for p in r.platforms if p not in reg.platforms
        ]
        if problems:
            del reg.rules[r.id]
            _record(reg, loaded, owner, f"rule {r.id} was not registered: it " + "; ".join(problems), None)
    for sc in reg.scorecards.values():
        owner = reg.owner("scorecard", sc.id)
        for m in sc.metric_names():
            if m not in reg.metrics:
                raise PluginError(f"scorecard '{sc.id}' (plugin '{owner}') scores unknown metric '{m}'")
