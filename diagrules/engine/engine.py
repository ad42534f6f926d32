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
from typing import TYPE_CHECKING, Any, Literal, cast

import attrs

from diagrules._version import __version__
from diagrules.authoring.context import RuleContext
from diagrules.authoring.rules import Skip, run_rule
from diagrules.config.selection import store_matches
from diagrules.config.settings import Config, LoadedConfig, load_config
from diagrules.core.collector import YoungObjectsOnly
from diagrules.core.errors import DiagrulesError, SnapshotError
from diagrules.core.i18n import BilingualStr, Text, ui_text
from diagrules.core.model import SCHEMA_VERSION, Finding, Report, RuleOutcome, Status
from diagrules.core.strings import has, t
from diagrules.engine.budget import (
    RuleTimeout,
    arm,
    disarm,
    forget_interrupt,
    user_interrupted,
    watch_interrupts,
)
from diagrules.engine.history import entry_for, fill_previous, series_reader, trends
from diagrules.engine.inline import match_checks
from diagrules.engine.labels import data_labels
from diagrules.engine.plan import CompiledRule, Plan, compile_plan
from diagrules.engine.snapshot import PreparedSnapshot, StoreSnapshot, prepare
from diagrules.io.limits import check_document, refuse_files
from diagrules.plugins.loading import load_plugins
from diagrules.plugins.registry import Registry, build_registry

if TYPE_CHECKING:  # a history's classes are imported by the code that records or reads one
    from diagrules.history.store import HistoryStore

SnapshotInput = Mapping[str, Any] | Path | PreparedSnapshot | Any


_GENERATED_BY = f"diagrules {__version__}"


def _position(part: tuple[int, list[Finding]]) -> int:
    return part[0]


@attrs.frozen
class _ModuleRef:
    name: str


@attrs.frozen
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
        if config is None:  # the defaults, which need no validation (nor its schema build)
            loaded = LoadedConfig(Config.model_construct(), None, {})
        elif isinstance(config, LoadedConfig):
            loaded = config
        elif isinstance(config, Config):
            loaded = LoadedConfig(config, None, {})
        elif isinstance(config, Mapping):
            loaded = load_config(overrides=config, discover=False)
        else:
            raise TypeError(
                f"Engine(config) takes a Config, a mapping of configuration keys or None, not "
                f"{type(config).__name__}; for a file use Engine.from_config(path)"
            )
        self._loaded = loaded
        self._access = self._data_access()
        self._extra_plugins = tuple(plugins)
        self._today = today
        self._rule_timeout = loaded.config.rule_timeout
        watch_interrupts()
        cfg = loaded.config
        self.plugins = load_plugins(cfg.plugins.settings(), extra=self._extra_plugins)
        self.registry: Registry = build_registry(self.plugins)
        where = str(loaded.path) if loaded.path else "configuration"
        self.plan: Plan = compile_plan(self.registry, cfg, where)
        self._data_labels = data_labels(self.registry)
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
        # The history travels too: a SQLite history pickles as its file's path (each worker opens
        # the file; SQLite serialises the writers); another backend must pickle itself.
        return {"config": self._loaded, "plugins": plugins, "today": self._today, "history": self.history}

    def __setstate__(self, state: dict[str, Any]) -> None:
        plugins = [
            importlib.import_module(p.name) if isinstance(p, _ModuleRef) else p for p in state["plugins"]
        ]
        history = state.get("history")
        self.__init__(state["config"], plugins=plugins, today=state["today"], history=history)  # type: ignore[misc]

    # -- evaluation ------------------------------------------------------------------------
    def prepare(
        self, snapshot: SnapshotInput, *, source: str | None = None, base_dir: Path | None = None
    ) -> PreparedSnapshot:
        """Validate a snapshot (dict, :class:`StoreSnapshot`, or a :class:`~pathlib.Path`) against the registry.

        Only a :class:`~pathlib.Path` is read as a file. A plain ``str`` raises :class:`TypeError`:
        a SaaS caller passing ``json.loads(upload)`` must never make diagrules read a server file
        the upload names (use :meth:`prepare_file` for a path held as text, or
        :meth:`prepare_document` for a decoded document of any type). ``base_dir`` is where
        relative ``datasets.x = { file = ... }`` references resolve; for a snapshot read from a
        file it is that file's folder.
        """
        if isinstance(snapshot, PreparedSnapshot):
            return snapshot
        if isinstance(snapshot, SnapshotError):
            raise snapshot
        if isinstance(snapshot, str):
            raise TypeError(
                "a str is never read as a snapshot file: pass a pathlib.Path or call "
                "evaluate_file()/prepare_file() for a file, or a dict for snapshot data"
            )
        if isinstance(snapshot, Path):
            return self.prepare_file(snapshot)
        return self.prepare_document(snapshot, source=source, base_dir=base_dir)

    def prepare_document(
        self, document: Any, *, source: str | None = None, base_dir: Path | None = None,
        allow_files: bool = True,
    ) -> PreparedSnapshot:
        """Validate a decoded document (``json.loads`` output, a JSONL line): data, never a path.

        Anything but a table/object — a string included — is a :class:`~diagrules.SnapshotError`.
        With ``allow_files=False`` (the untrusted mode of ``docs/security.md``, for documents
        uploaded by someone else) nothing is read from disk at all: a dataset given as
        ``{file = ...}`` is an error, dataset rows must be inline.
        """
        if not isinstance(document, StoreSnapshot):  # a model is already bounded by its validation
            check_document(document, source)
        if not allow_files:
            refuse_files(document, source)
        return prepare(document, self.registry, source=source, base_dir=base_dir, **self._access)

    def prepare_file(self, path: str | Path) -> PreparedSnapshot:
        """Read and validate the one store in a snapshot file named by the caller."""
        from diagrules.io.snapshots import read_snapshot_file

        path = Path(path)
        docs = list(read_snapshot_file(path))
        if len(docs) != 1:
            raise SnapshotError(
                f"holds {len(docs)} stores; use evaluate_many() for several", location=str(path)
            )
        source, document = docs[0]
        if isinstance(document, SnapshotError):
            raise document
        return self.prepare_document(document, source=source, base_dir=path.parent)

    def _data_access(self) -> dict[str, Any]:
        """Where dataset files may be read from: ``data-root`` (relative to the config file) and
        whether a trusted local user lifted the confinement (``trust-dataset-paths``)."""
        config, path = self._loaded.config, self._loaded.path
        root = None
        if config.data_root is not None:
            root = Path(config.data_root)
            if not root.is_absolute() and path is not None:
                root = path.parent / root
        return {"data_root": root, "confine": not config.trust_dataset_paths,
                "reject_invalid_datasets": config.reject_invalid_datasets}

    def evaluate(
        self, snapshot: SnapshotInput, *, source: str | None = None, base_dir: Path | None = None
    ) -> Report:
        """Diagnose one store. Invalid data raises :class:`~diagrules.SnapshotError`, except a
        dataset with invalid rows: it is left out, named in ``Report.input_errors``, and only the
        rules needing it report an error (``reject-invalid-datasets = true`` refuses the store).

        ``snapshot`` is data (a dict, a :class:`StoreSnapshot`) or a :class:`~pathlib.Path`;
        a ``str`` raises :class:`TypeError` (see :meth:`prepare`).
        """
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

    def evaluate_file(self, path: str | Path) -> Report:
        """Diagnose the one store in a snapshot file (``.toml``, ``.json``) named by the caller."""
        return self.evaluate(self.prepare_file(path))

    def evaluate_document(
        self, document: Any, *, source: str | None = None, base_dir: Path | None = None,
        allow_files: bool = True,
    ) -> Report:
        """Diagnose a decoded document (see :meth:`prepare_document`); a string is invalid data.

        For an upload from someone you do not trust: ``evaluate_document(json.loads(body),
        allow_files=False)`` — no file is read, whatever the document says.
        """
        return self.evaluate(self.prepare_document(document, source=source, base_dir=base_dir,
                                               allow_files=allow_files))

    def evaluate_many(
        self, snapshots: Iterable[SnapshotInput], *, errors: Literal["raise", "return"] = "raise"
    ) -> Iterator[Report | InvalidSnapshot]:
        """Diagnose stores one after another, yielding each report as soon as it is ready.

        Items are snapshots (dicts, :class:`~pathlib.Path` objects…) or ``(source, document)`` /
        ``(source, document, base_dir)`` tuples as produced by
        :func:`diagrules.io.snapshots.iter_snapshots`. With ``errors="return"`` an invalid store
        yields an :class:`InvalidSnapshot` and the run goes on; with ``errors="raise"`` (the
        default) it raises.
        """
        if errors not in ("raise", "return"):  # a caller without a type checker
            raise ValueError(f"evaluate_many(errors=...) must be 'raise' or 'return', got {errors!r}")
        for item in snapshots:
            try:
                if isinstance(item, tuple):  # a decoded document: data only
                    source, document, *rest = item
                    base_dir = None
                    if rest:
                        base_dir = Path(rest[0]).parent if Path(rest[0]).is_file() else Path(rest[0])
                    if isinstance(document, SnapshotError):
                        raise document
                    yield self.evaluate_document(document, source=source, base_dir=base_dir)
                else:
                    yield self.evaluate(item)
            except SnapshotError as exc:
                if errors == "raise":
                    raise
                yield InvalidSnapshot(exc.store, exc.location, exc.headline, exc.problems)

    def _run(self, snap: PreparedSnapshot, *, inline: bool = True) -> Report:
        """Evaluate one prepared store: the one evaluation loop.

        The plan's program for the store already leaves out its per-store ignores and holds the
        declarative checks as inline tables; ``inline=False`` runs the reference program (every
        rule as a function), which ``tests/test_inline_checks.py`` compares against.
        """
        with YoungObjectsOnly():  # see diagrules.core.collector
            return self._evaluate(snap, inline)

    def _evaluate(self, snap: PreparedSnapshot, inline: bool) -> Report:
        plan = self.plan
        program = plan.program_for(snap.platform, snap.store, inline=inline)
        metrics = snap.metrics
        scores = {
            sc.id: sc.evaluate(metrics) for sc in plan.scorecards_for(snap.platform, snap.category)
        } if snap.platform in plan.scorecards else {}
        # Declarative checks first, inline; they only build something when they fail.
        hits, deferred = match_checks(program, metrics)
        outcomes: list[RuleOutcome | None] = list(program.outcomes)
        findings: list[Finding] = []
        for emit, value in hits:
            findings.append(emit.finding(value))
            outcomes[emit.pos] = emit.failed
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
                outcomes[pos] = self._outcome(program.rules[pos], ctx, today, found, snap.input_errors)
                if found:
                    found_by.append((pos, found))
            if found_by:  # merge into rule order
                found_by += [(hit[0].pos, [f]) for hit, f in zip(hits, findings, strict=True)]
                found_by.sort(key=_position)
                findings = [f for _, fs in found_by for f in fs]
        return Report(
            store=snap.store,
            platform=snap.platform,
            # Every None of program.outcomes marks a position in program.general, filled above.
            outcomes=cast(list[RuleOutcome], outcomes),
            findings=findings,
            scores=list(scores.values()),
            as_of=snap.as_of,
            seller_stage=snap.seller_stage,
            category=snap.category,
            schema_version=SCHEMA_VERSION,
            generated_by=_GENERATED_BY,
            input_errors=[p for problems in snap.input_errors.values() for p in problems],
        )

    def _sources(self, metric: str, seen: frozenset[str] = frozenset()) -> set[str]:
        """The datasets a derived metric is computed from, through its derivations and fallbacks."""
        spec = self.registry.metrics.get(metric)
        found: set[str] = set()
        derivation = spec.derive if spec is not None else None
        while derivation is not None:
            found.update(derivation.datasets)
            for m in derivation.metrics:
                if m not in seen:
                    found |= self._sources(m, seen | {metric})
            derivation = derivation.fallback
        return found

    def _reason(self, key: str, **names: tuple[str, Sequence[str]]) -> BilingualStr:
        """``key`` filled with the labels of the named platforms, stages or data, in both languages.

        The outcome is built once and may be read in either language, so it holds both.
        """
        def shown(lang: str) -> str:
            values = {k: t("p.list", lang).join(self._label(kind, i, lang) for i in ids) for k, (kind, ids) in names.items()}
            return t(key, lang, **values)

        return BilingualStr(Text(en=shown("en"), zh=shown("zh")))

    def _label(self, kind: str, name: str, lang: str) -> str:
        reg = self.registry
        if kind == "platform" and name in reg.platforms:
            return reg.platforms[name].label.get(lang)
        if kind == "stage":
            return t(f"stage.{name}", lang) if has(f"stage.{name}") else name
        label = self._data_labels.get(name) if kind == "data" else None
        return label.get(lang) if label is not None else name

    def _outcome(
        self, compiled: CompiledRule, ctx: RuleContext, today: dt.date, findings: list[Finding],
        input_errors: Mapping[str, list[str]],
    ) -> RuleOutcome:
        r = compiled.rule
        sev = compiled.severity
        if not r.applies_to(ctx.platform):
            return RuleOutcome(r.id, Status.NOT_APPLICABLE, sev, r.name, reason=self._reason(
                "reason.platform", platforms=("platform", r.platforms), platform=("platform", (ctx.platform,))))
        if r.stages and ctx.seller_stage not in r.stages:
            return RuleOutcome(r.id, Status.NOT_APPLICABLE, sev, r.name,
                               reason=self._reason("reason.stage", stages=("stage", r.stages)))
        if r.history and ctx.history is None:
            return RuleOutcome(r.id, Status.NOT_APPLICABLE, sev, r.name, reason=ui_text("reason.no_history"))
        note = None
        for w in compiled.waivers:
            if store_matches(w.store, ctx.store):
                if w.until is None or today <= w.until:
                    reason = ui_text("reason.until", reason=w.reason, date=w.until.isoformat()) if w.until else w.reason
                    return RuleOutcome(r.id, Status.WAIVED, sev, r.name, reason=reason)
                note = ui_text("reason.waiver_expired", date=w.until.isoformat(), reason=w.reason)
        broken = [d for d in r.datasets if d in input_errors]
        if input_errors:  # a required metric computed from a dataset left out is just as unknown
            broken += [d for m in r.requires if m not in ctx.metrics for d in self._sources(m)
                       if d in input_errors and d not in broken]
        if broken:
            return RuleOutcome(r.id, Status.ERROR, sev, r.name, missing=tuple(broken), note=note,
                               reason=self._reason("reason.bad_dataset", names=("data", broken)))
        missing = tuple(m for m in r.requires if m not in ctx.metrics) + tuple(
            d for d in r.datasets if d not in ctx.datasets
        )
        if missing:
            return RuleOutcome(r.id, Status.SKIPPED, sev, r.name, missing=missing, note=note,
                               reason=self._reason("report.missing", names=("data", missing)))
        ctx._active = compiled
        timed = False
        forget_interrupt()
        try:
            # Armed inside the guard, disarmed before any handler runs: a budget that fires at
            # once, or while disarming, is still this rule's outcome, never the handler's.
            try:
                timed = self._rule_timeout is not None and arm(self._rule_timeout)
                found = run_rule(r, ctx, compiled.params)
                for f in found:
                    if not isinstance(f, Finding):
                        raise TypeError(f"rule yielded {type(f).__name__}, expected a Finding (use ctx.finding)")
            finally:
                if timed:
                    disarm()
        except Skip as skip:  # the rule saw its data and found it too thin to judge
            return RuleOutcome(r.id, Status.SKIPPED, sev, r.name, reason=BilingualStr.of(skip.reason),
                               missing=skip.missing, note=note)
        except RuleTimeout as exc:
            if not timed:  # raised by the rule itself, not by a budget
                return _error_outcome(compiled, exc, note)
            return RuleOutcome(r.id, Status.ERROR, sev, r.name, note=note,
                               reason=ui_text("reason.timeout", seconds=f"{self._rule_timeout:g}"))
        except KeyboardInterrupt as exc:
            if user_interrupted():  # Ctrl-C on the command: stop, as the user asked
                raise
            return _error_outcome(compiled, exc, note)
        except (Exception, SystemExit) as exc:  # a rule's bug (or sys.exit) must not take the other rules down
            return _error_outcome(compiled, exc, note)
        finally:
            ctx._active = None
        if not found:
            return RuleOutcome(r.id, Status.PASSED, sev, r.name, note=note)
        findings.extend(found)
        return RuleOutcome(r.id, Status.FAILED, sev, r.name, note=note, findings=len(found))


def _error_outcome(compiled: CompiledRule, exc: BaseException, note: str | None) -> RuleOutcome:
    r = compiled.rule
    return RuleOutcome(r.id, Status.ERROR, compiled.severity, r.name,
                       reason=ui_text("reason.rule_error", kind=type(exc).__name__, error=exc),
                       traceback="".join(traceback.format_exception(exc)), note=note)


def diagnose(snapshot: SnapshotInput, *, config: str | Path | None = None) -> Report:
    """One-call convenience: build an engine (discovering config) and evaluate one snapshot.

    Like :meth:`Engine.evaluate`, a file is named by a :class:`~pathlib.Path`, never a ``str``.
    """
    return Engine.from_config(config).evaluate(snapshot)


__all__ = ["DiagrulesError", "Engine", "InvalidSnapshot", "diagnose"]
