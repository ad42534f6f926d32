"""The engine: build once, evaluate many stores.

>>> import diagrules
>>> engine = diagrules.Engine()
>>> report = engine.evaluate({"platform": "alibaba", "store": "Demo",
...                          "metrics": {"response_rate": "91%"}})
>>> report.outcome("RFQ002").status.value
'failed'
"""

from __future__ import annotations

import datetime as dt
import importlib
import traceback
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from diagrules._version import __version__
from diagrules.authoring.context import RuleContext
from diagrules.authoring.rules import Skip, run_rule
from diagrules.config.selection import store_matches
from diagrules.config.settings import Config, LoadedConfig, load_config
from diagrules.core.errors import ConfigError, DiagrulesError, SnapshotError
from diagrules.core.i18n import Message
from diagrules.core.model import SCHEMA_VERSION, Finding, Report, RuleOutcome, Status
from diagrules.engine.budget import RuleTimeout, arm, disarm
from diagrules.engine.history import entry_for, fill_previous, series_reader, trends
from diagrules.engine.inline import match_checks
from diagrules.engine.plan import CompiledRule, Plan, compile_plan
from diagrules.engine.snapshot import PreparedSnapshot, prepare
from diagrules.history.store import HistoryStore
from diagrules.plugins.loading import PluginSettings, load_plugins
from diagrules.plugins.registry import Registry, build_registry

SnapshotInput = Mapping[str, Any] | str | Path | PreparedSnapshot | Any


_GENERATED_BY = f"diagrules {__version__}"


def _position(part: tuple[int, list[Finding]]) -> int:
    return part[0]


@attrs.frozen(slots=True)
class _ModuleRef:
    name: str


@attrs.frozen(slots=True)
class InvalidSnapshot:
    """Stands in for a report when a store's data could not be read (``evaluate_many``)."""

    store: str | None
    source: str | None
    error: str
    problems: tuple[str, ...] = ()


def _open_history(loaded: LoadedConfig) -> HistoryStore | None:
    """The SQLite history named by ``[history] store``, relative to the configuration file."""
    name = loaded.config.history.store
    if not name:
        return None
    from diagrules.history.sqlite import SQLiteHistory

    path = Path(name)
    if not path.is_absolute() and loaded.path is not None:
        path = loaded.path.parent / path
    return SQLiteHistory(path)


class Engine:
    """Diagnoses stores with the rules of the loaded plugins, configured once.

    Build it from a :class:`~diagrules.Config` (or a TOML path via :meth:`from_config`); it loads
    plugins, builds the registry and compiles the plan immediately, so configuration errors
    surface here rather than on the thousandth store.
    """

    def __init__(
        self,
        config: Config | LoadedConfig | Mapping[str, Any] | None = None,
        *,
        plugins: Sequence[Any] = (),
        today: dt.date | None = None,
        history: HistoryStore | None = None,
    ) -> None:
        if config is None:
            loaded = LoadedConfig(Config(), None, {})
        elif isinstance(config, LoadedConfig):
            loaded = config
        elif isinstance(config, Config):
            loaded = LoadedConfig(config, None, {})
        else:
            loaded = load_config(overrides=config, discover=False)
        self._loaded = loaded
        self._extra_plugins = tuple(plugins)
        self._today = today
        self._rule_timeout = loaded.config.rule_timeout
        cfg = loaded.config
        settings = PluginSettings(
            autoload=cfg.plugins.autoload,
            allow=cfg.plugins.allow,
            block=cfg.plugins.block,
            strict=cfg.plugins.strict,
        )
        self.plugins = load_plugins(settings, extra=self._extra_plugins)
        self.registry: Registry = build_registry(self.plugins)
        where = str(loaded.path) if loaded.path else "configuration"
        self.plan: Plan = compile_plan(self.registry, cfg, where)
        #: The history this engine reads and records to: the one given, else ``[history] store``.
        self.history: HistoryStore | None = history if history is not None else _open_history(loaded)

    @classmethod
    def from_config(
        cls,
        path: str | Path | None = None,
        *,
        overrides: Mapping[str, Any] | None = None,
        plugins: Sequence[Any] = (),
        today: dt.date | None = None,
    ) -> Engine:
        """Build from a TOML file (``diagrules.toml`` or ``pyproject.toml``), or discover one."""
        return cls(load_config(path, overrides=overrides), plugins=plugins, today=today)

    @property
    def config(self) -> Config:
        return self._loaded.config

    @property
    def loaded_config(self) -> LoadedConfig:
        return self._loaded

    # -- pickling: rebuild from configuration, so workers get an identical engine ------------
    def __getstate__(self) -> dict[str, Any]:
        # Modules do not pickle; they are re-imported by name in the worker.
        plugins = [
            _ModuleRef(p.__name__) if isinstance(p, types.ModuleType) else p for p in self._extra_plugins
        ]
        return {"config": self._loaded, "plugins": plugins, "today": self._today}

    def __setstate__(self, state: dict[str, Any]) -> None:
        plugins = [
            importlib.import_module(p.name) if isinstance(p, _ModuleRef) else p for p in state["plugins"]
        ]
        self.__init__(state["config"], plugins=plugins, today=state["today"])  # type: ignore[misc]

    # -- evaluation ------------------------------------------------------------------------
    def prepare(
        self, snapshot: SnapshotInput, *, source: str | None = None, base_dir: Path | None = None
    ) -> PreparedSnapshot:
        """Validate a snapshot (dict, :class:`StoreSnapshot`, or file path) against the registry.

        ``base_dir`` is where relative ``datasets.x = { file = ... }`` references resolve; for a
        snapshot read from a file it is that file's folder.
        """
        if isinstance(snapshot, PreparedSnapshot):
            return snapshot
        if isinstance(snapshot, SnapshotError):
            raise snapshot
        if isinstance(snapshot, (str, Path)):
            from diagrules.io.snapshots import read_snapshot_file

            path = Path(snapshot)
            docs = list(read_snapshot_file(path))
            if len(docs) != 1:
                raise SnapshotError(
                    f"holds {len(docs)} stores; use evaluate_many() for several", location=str(path)
                )
            source, snapshot = docs[0]
            if isinstance(snapshot, SnapshotError):
                raise snapshot
            base_dir = path.parent
        return prepare(snapshot, self.registry, source=source, base_dir=base_dir)

    def evaluate(
        self, snapshot: SnapshotInput, *, source: str | None = None, base_dir: Path | None = None
    ) -> Report:
        """Diagnose one store. Invalid data raises :class:`~diagrules.SnapshotError`."""
        prepared = snapshot if isinstance(snapshot, PreparedSnapshot) else self.prepare(
            snapshot, source=source, base_dir=base_dir
        )
        if self.history is None:
            return self._run(prepared)
        return self._run_with_history(prepared, self.history)

    def _run_with_history(self, prepared: PreparedSnapshot, history: HistoryStore) -> Report:
        """Fill previous-period metrics from history, evaluate, and record the run."""
        settings = self.config.history
        filled = fill_previous(prepared, self.registry, history, tolerance_days=settings.tolerance_days)
        prepared.history = read = series_reader(history, prepared, self._today)
        report = self._run(prepared)
        report.from_history = {metric: day.isoformat() for metric, day in filled.items()}
        report.trends = trends(prepared, report, self.registry, read)
        if settings.record:
            (replaced,) = history.record([entry_for(prepared, report, today=self._today)])
            report.recorded = "replaced" if replaced else "new"
        return report

    def evaluate_many(
        self, snapshots: Iterable[SnapshotInput], *, errors: str = "raise"
    ) -> Iterator[Report | InvalidSnapshot]:
        """Diagnose stores one after another, yielding each report as soon as it is ready.

        Items are snapshots (dicts, paths…) or ``(source, document)`` /
        ``(source, document, base_dir)`` tuples as produced by
        :func:`diagrules.io.snapshots.iter_snapshots`. With ``errors="return"`` an invalid store
        yields an :class:`InvalidSnapshot` and the run goes on; with ``errors="raise"`` (the
        default) it raises.
        """
        if errors not in ("raise", "return"):
            raise ConfigError("errors= must be 'raise' or 'return'")
        for item in snapshots:
            source: str | None = None
            base_dir: Path | None = None
            if isinstance(item, tuple):
                source, item, *rest = item
                if rest:
                    base_dir = Path(rest[0]).parent if Path(rest[0]).is_file() else Path(rest[0])
            try:
                yield self.evaluate(item, source=source, base_dir=base_dir)
            except SnapshotError as exc:
                if errors == "raise":
                    raise
                yield InvalidSnapshot(exc.store, exc.location or source, exc.message, exc.problems)

    def _run(self, snap: PreparedSnapshot) -> Report:
        plan = self.plan
        if plan.per_store_ignores and any(store_matches(p, snap.store) for p, _ in plan.per_store_ignores):
            return self._run_each(snap)
        program = plan.program_for(snap.platform)
        metrics = snap.metrics
        scores = {
            sc.id: sc.evaluate(metrics) for sc in plan.scorecards_for(snap.platform, snap.category)
        } if snap.platform in plan.scorecards else {}
        # Declarative checks first, inline; they only build something when they fail.
        hits, deferred = match_checks(program, metrics)
        outcomes: list[RuleOutcome | None] = list(program.outcomes)
        findings: list[Finding] = []
        for emit, value in hits:
            pos, rid, sev, template, threshold, expected, units, remedies, unit, failed = emit
            values = {"observed": value, "threshold": threshold, "comparison": expected, "item": None,
                      "expected": expected}
            findings.append(Finding(rid, sev, Message(template, values, units), value, threshold,  # type: ignore[arg-type]
                                    expected, None, remedies, {}, unit))
            outcomes[pos] = failed
        run = program.general if not deferred else sorted((*program.general, *deferred))
        if run:
            ctx = RuleContext(
                store=snap.store, platform=snap.platform, metrics=metrics, datasets=snap.datasets,
                scores=scores, seller_stage=snap.seller_stage, category=snap.category, as_of=snap.as_of,
                history=snap.history,
            )
            today = self._today or dt.date.today()
            found_by: list[tuple[int, list[Finding]]] = []
            for pos in run:
                found: list[Finding] = []
                outcomes[pos] = self._outcome(program.rules[pos], ctx, today, found)
                if found:
                    found_by.append((pos, found))
            if found_by:  # merge into rule order
                found_by += [(hit[0][0], [f]) for hit, f in zip(hits, findings, strict=True)]
                found_by.sort(key=_position)
                findings = [f for _, fs in found_by for f in fs]
        # Positional: a third of the keyword call's cost. tests/test_inline_checks.py compares
        # with _run_each, which passes keywords, so a change of field order cannot go unseen.
        return Report(snap.store, snap.platform, outcomes, findings, list(scores.values()),  # type: ignore[arg-type]
                      snap.as_of, snap.seller_stage, snap.category, SCHEMA_VERSION, _GENERATED_BY)

    def _run_each(self, snap: PreparedSnapshot) -> Report:
        """Run every rule as a function: the reference path, used when per-store ignores apply."""
        plan = self.plan
        metrics, datasets = snap.metrics, snap.datasets
        scores = {
            sc.id: sc.evaluate(metrics) for sc in plan.scorecards_for(snap.platform, snap.category)
        }
        ctx = RuleContext(
            store=snap.store, platform=snap.platform, metrics=metrics, datasets=datasets,
            scores=scores, seller_stage=snap.seller_stage, category=snap.category, as_of=snap.as_of,
            history=snap.history,
        )
        ignored: set[str] = set()
        for pattern, ids in plan.per_store_ignores:
            if store_matches(pattern, snap.store):
                ignored |= ids
        today = self._today or dt.date.today()
        outcomes: list[RuleOutcome] = []
        findings: list[Finding] = []
        for compiled in plan.rules_for(snap.platform):
            r = compiled.rule
            if r.id in ignored:
                continue
            outcome = self._outcome(compiled, ctx, today, findings)
            outcomes.append(outcome)
        return Report(
            store=snap.store,
            platform=snap.platform,
            outcomes=outcomes,
            findings=findings,
            scores=list(scores.values()),
            as_of=snap.as_of,
            seller_stage=snap.seller_stage,
            category=snap.category,
            generated_by=_GENERATED_BY,
        )

    def _outcome(
        self, compiled: CompiledRule, ctx: RuleContext, today: dt.date, findings: list[Finding]
    ) -> RuleOutcome:
        r = compiled.rule
        sev = compiled.severity
        if not r.applies_to(ctx.platform):
            return RuleOutcome(r.id, Status.NOT_APPLICABLE, sev, r.name,
                               reason=f"rule is for {', '.join(r.platforms)}, store is on {ctx.platform}")
        if r.stages and ctx.seller_stage not in r.stages:
            return RuleOutcome(r.id, Status.NOT_APPLICABLE, sev, r.name,
                               reason=f"rule is for seller stage {', '.join(r.stages)}")
        if r.history and ctx.history is None:
            return RuleOutcome(r.id, Status.NOT_APPLICABLE, sev, r.name,
                               reason="reads the store's history; none is in use ([history] or --history)")
        note = None
        for w in compiled.waivers:
            if store_matches(w.store, ctx.store):
                if w.until is None or today <= w.until:
                    until = f" (until {w.until.isoformat()})" if w.until else ""
                    return RuleOutcome(r.id, Status.WAIVED, sev, r.name, reason=w.reason + until)
                note = f"waiver expired on {w.until.isoformat()}: {w.reason}"
        missing = tuple(m for m in r.requires if m not in ctx.metrics) + tuple(
            d for d in r.datasets if d not in ctx.datasets
        )
        if missing:
            return RuleOutcome(r.id, Status.SKIPPED, sev, r.name, missing=missing, note=note,
                               reason="missing data: " + ", ".join(missing))
        ctx._active = compiled
        timed = self._rule_timeout is not None and arm(self._rule_timeout)
        try:
            found = run_rule(r, ctx, compiled.params)
            for f in found:
                if not isinstance(f, Finding):
                    raise TypeError(f"rule yielded {type(f).__name__}, expected a Finding (use ctx.finding)")
        except Skip as skip:  # the rule saw its data and found it too thin to judge
            return RuleOutcome(r.id, Status.SKIPPED, sev, r.name, reason=skip.reason,
                               missing=skip.missing, note=note)
        except Exception as exc:  # a rule's bug must not take the other rules down
            return RuleOutcome(r.id, Status.ERROR, sev, r.name, reason=f"{type(exc).__name__}: {exc}",
                               traceback="".join(traceback.format_exception(exc)), note=note)
        except RuleTimeout:
            return RuleOutcome(r.id, Status.ERROR, sev, r.name, note=note,
                               reason=f"exceeded its time budget of {self._rule_timeout:g} s (rule-timeout)")
        finally:
            if timed:
                disarm()
            ctx._active = None
        if not found:
            return RuleOutcome(r.id, Status.PASSED, sev, r.name, note=note)
        findings.extend(found)
        return RuleOutcome(r.id, Status.FAILED, sev, r.name, note=note, findings=len(found))


def diagnose(snapshot: SnapshotInput, *, config: str | Path | None = None) -> Report:
    """One-call convenience: build an engine (discovering config) and evaluate one snapshot."""
    return Engine.from_config(config).evaluate(snapshot)


__all__ = ["DiagrulesError", "Engine", "InvalidSnapshot", "diagnose"]
