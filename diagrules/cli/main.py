"""The ``diagrules`` command.

Exit status: 0 when no finding reaches the fail-on severity, 1 when one does, 2 for usage,
configuration, input and plugin errors — reported as one paragraph on standard error, with
the traceback only under ``--debug`` (or ``DIAGRULES_DEBUG=1``).

Start-up is kept cheap: this module imports only click and the UI strings at the top, so
``diagrules --help`` and ``--version`` never load pydantic, cattrs, rich, the plugins or the
renderers. Every command imports what it needs when it runs.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from diagrules._version import __version__
from diagrules.core.errors import DiagrulesError
from diagrules.core.strings import system_lang, t
from diagrules.render import FORMATS

if TYPE_CHECKING:
    from diagrules.authoring.rules import Rule
    from diagrules.batch.run import BatchSummary, Resume, Writer
    from diagrules.core.model import Report
    from diagrules.engine.engine import Engine

#: The language of ``--help`` (chosen before any option is parsed, so from the locale).
HELP_LANG = system_lang()
SEVERITIES = ("info", "warning", "error", "critical")
CATALOGUE_FORMATS = ("text", "json", "markdown")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_F = TypeVar("_F", bound=Callable[..., Any])


def _h(key: str) -> str:
    return t(key, HELP_LANG)


def _lang_now() -> str:
    ctx = click.get_current_context(silent=True)
    if ctx is not None and "diagrules.lang" in ctx.meta:
        return str(ctx.meta["diagrules.lang"])
    return system_lang()


class CommandError(click.ClickException):
    """An error the user can fix: one paragraph on standard error, exit status 2.

    The language of the "error:" prefix is fixed when the error is raised, while the command's
    context (which knows ``--lang``) still exists.
    """

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.lang = _lang_now()

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"{t('err.prefix', self.lang)}: {self.format_message()}", err=True)


class _Command(click.Command):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _h("opt.help")
        return option


class _Group(click.Group):
    """Turns diagrules errors and unexpected exceptions into exit status 2 without a traceback."""

    command_class = _Command

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _h("opt.help")
        return option

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except DiagrulesError as exc:
            _maybe_traceback(ctx, exc)
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            raise click.exceptions.Abort() from None
        except Exception as exc:
            _maybe_traceback(ctx, exc)
            raise CommandError(t("err.internal", _lang_now(), error=f"{type(exc).__name__}: {exc}")) from None


def _debug_enabled(ctx: click.Context) -> bool:
    env = os.environ.get("DIAGRULES_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")
    return env or bool(ctx.meta.get("diagrules.debug"))


def _maybe_traceback(ctx: click.Context, exc: BaseException) -> None:
    if _debug_enabled(ctx):
        click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta["diagrules.debug"] = True
    return value


def debug_option(f: _F) -> _F:
    return click.option(
        "--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug, help=_h("opt.debug")
    )(f)


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta["diagrules.lang"] = value
    return value


def lang_option(f: _F) -> _F:
    return click.option(
        "--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, callback=_set_lang,
        help=_h("opt.lang"),
    )(f)


def config_option(f: _F) -> _F:
    return click.option(
        "--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None, help=_h("opt.config"),
    )(f)


def selection_options(f: _F) -> _F:
    """``--select/--extend-select/--ignore`` (comma-separated, repeatable) and ``--fail-on``."""
    f = click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help=_h("opt.fail_on"))(f)
    f = click.option("--ignore", multiple=True, metavar="RULES", help=_h("opt.ignore"))(f)
    f = click.option("--extend-select", multiple=True, metavar="RULES", help=_h("opt.extend_select"))(f)
    return click.option("--select", multiple=True, metavar="RULES", help=_h("opt.select"))(f)


def output_option(f: _F) -> _F:
    return click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help=_h("opt.output")
    )(f)


# -- helpers -------------------------------------------------------------------------------------------


def split_selectors(values: Sequence[str]) -> list[str]:
    """``("RFQ,AEG001", "rts")`` → ``["RFQ", "AEG001", "rts"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def cli_overrides(
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """Configuration overrides from command-line options (``select`` replaces, others add)."""
    overrides: dict[str, Any] = {}
    if select:
        overrides["select"] = split_selectors(select)
    if extend_select:
        overrides["extend-select"] = split_selectors(extend_select)
    if ignore:
        overrides["ignore"] = split_selectors(ignore)
    if fail_on:
        overrides["fail-on"] = fail_on
    if lang:
        overrides["lang"] = lang
    return overrides


def build_engine(config_path: Path | None, overrides: dict[str, Any]) -> Engine:
    from diagrules.engine.engine import Engine

    return Engine.from_config(config_path, overrides=overrides)


def resolve_lang(option: str | None, configured: str | None = None) -> str:
    """``--lang``, else the configuration's ``lang``, else the system locale."""
    lang = option or configured or system_lang()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta["diagrules.lang"] = lang
    return lang


def _is_terminal(stream: IO[str]) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


def _stdout_is_terminal() -> bool:
    return _is_terminal(sys.stdout)


def _use_color(output: Path | None, fmt: str) -> bool:
    if output is not None or fmt != "text" or "NO_COLOR" in os.environ:
        return False
    return "FORCE_COLOR" in os.environ or _stdout_is_terminal()


def _width() -> int:
    if _stdout_is_terminal():
        import shutil

        return max(60, shutil.get_terminal_size().columns)
    return 100


def emit(text: str, output: Path | None, *, color: bool = False) -> None:
    """Write ``text`` to ``output`` (a file) or standard output.

    A file is written atomically: to a temporary file in the same folder, then renamed over
    ``output``, so an interrupted run leaves either the old file or the whole new one.
    """
    if output is None:
        click.echo(text, nl=not text.endswith("\n"), color=True if color else None)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise CommandError(t("err.write", _lang_now(), path=output, error=exc.strerror or exc)) from None
    click.echo(t("msg.wrote", _lang_now(), path=output), err=True)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename; the file keeps its permissions (new: umask)."""
    import tempfile

    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_reports(
    engine: Engine, reports: Sequence[Report], sources: Sequence[str | None], fmt: str, lang: str, output: Path | None
) -> None:
    from diagrules.render import render
    from diagrules.render.base import options_from_registry

    color = _use_color(output, fmt)
    options = options_from_registry(
        engine.registry, lang=lang, color=color, width=_width(), fail_on=engine.plan.fail_on,
        sources=tuple(sources),
    )
    emit(render(fmt, reports, options), output, color=color)


def _report_invalid(source: str | None, error: str, problems: Sequence[str], lang: str) -> None:
    lines = [f"{t('err.prefix', lang)}: " + t("err.invalid_store", lang, source=source or "?", error=error)]
    lines += [f"  - {p}" for p in problems]
    click.echo("\n".join(lines), err=True)


def diagnose_paths(engine: Engine, paths: Sequence[Path], lang: str) -> tuple[list[Report], list[str | None], int]:
    """Diagnose every store in ``paths``; invalid stores are reported on standard error.

    Returns the reports, their sources and the number of invalid stores.
    """
    from diagrules.batch.run import WorkItem, diagnose_item
    from diagrules.engine.engine import InvalidSnapshot
    from diagrules.io.snapshots import iter_snapshot_paths

    reports: list[Report] = []
    sources: list[str | None] = []
    invalid = 0
    files = list(iter_snapshot_paths(list(paths)))
    if not files:
        raise CommandError(t("err.no_stores", lang, paths=", ".join(str(p) for p in paths)))
    for path in files:
        for result, source in diagnose_item(engine, WorkItem(str(path), "file", str(path))):
            if isinstance(result, InvalidSnapshot):
                invalid += 1
                _report_invalid(result.source or source, result.error, result.problems, lang)
            else:
                reports.append(result)
                sources.append(source)
    return reports, sources, invalid


def history_overrides(path: Path | None, off: bool) -> dict[str, Any]:
    """``--history PATH`` names the history file for this run; ``--no-history`` turns it off.

    Passed as configuration (not as an open file) so that batch workers, which rebuild the engine
    from its configuration, use the same history.
    """
    if off:
        return {"history": {"store": None}}
    if path is not None:
        return {"history": {"store": str(path.resolve())}}
    return {}


def label_against_baseline(reports: Sequence[Report], path: Path, lang: str) -> None:
    """Mark each report's findings new / unchanged against the same store in ``path``."""
    from diagrules.cli.history import match_baseline, read_reports
    from diagrules.history.changes import apply_baseline

    for report, old in match_baseline(reports, read_reports(path)):
        if old is None:
            click.echo(f"{t('err.warning', lang)}: " + t("err.no_baseline", lang, store=report.store, path=path),
                       err=True)
        else:
            apply_baseline(report, old)


def exit_status(reports: Sequence[Report], engine: Engine, *, invalid: int, exit_zero: bool) -> int:
    from diagrules.render.base import is_failing

    if invalid:
        return EXIT_ERROR
    if not exit_zero and any(is_failing(r, engine.plan.fail_on) for r in reports):
        return EXIT_FINDINGS
    return EXIT_OK


# -- commands --------------------------------------------------------------------------------------------


@click.group(cls=_Group, help=_h("help.main"), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", "-V", prog_name="diagrules", message="%(prog)s %(version)s", help=_h("opt.version")
)
@debug_option
def main() -> None:
    """The command group (its help text comes from :mod:`diagrules.core.strings`)."""


@main.command("check", help=_h("help.check"))
@click.argument("snapshots", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@config_option
@selection_options
@lang_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help=_h("opt.format"))
@output_option
@click.option("--exit-zero", is_flag=True, help=_h("opt.exit_zero"))
@click.option("--history", "history_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_h("opt.history"))
@click.option("--no-history", is_flag=True, help=_h("opt.no_history"))
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=_h("opt.baseline"))
@debug_option
@click.pass_context
def check(
    ctx: click.Context,
    snapshots: tuple[Path, ...],
    config_path: Path | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    lang: str | None,
    fmt: str,
    output: Path | None,
    exit_zero: bool,
    history_path: Path | None,
    no_history: bool,
    baseline: Path | None,
) -> None:
    overrides = cli_overrides(select, extend_select, ignore, fail_on, lang) | history_overrides(history_path, no_history)
    engine = build_engine(config_path, overrides)
    lang = resolve_lang(lang, engine.config.lang)
    reports, sources, invalid = diagnose_paths(engine, snapshots, lang)
    if baseline is not None:
        label_against_baseline(reports, baseline, lang)
    for report in reports:
        if report.recorded == "replaced":
            click.echo(f"{t('err.warning', lang)}: " + t("msg.history_replaced", lang, store=report.store,
                       as_of=report.as_of.isoformat() if report.as_of else "—"), err=True)
    if reports:
        render_reports(engine, reports, sources, fmt, lang, output)
    ctx.exit(exit_status(reports, engine, invalid=invalid, exit_zero=exit_zero))


@main.command("batch", help=_h("help.batch"))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@config_option
@selection_options
@lang_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl", show_default=True,
              help=_h("opt.format"))
@output_option
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, help=_h("opt.workers"))
@click.option("--chunk-size", type=click.IntRange(min=1), default=64, show_default=True, help=_h("opt.chunk_size"))
@click.option("--rule-timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help=_h("opt.rule_timeout"))
@click.option("--fresh", is_flag=True, help=_h("opt.fresh"))
@click.option("--progress/--no-progress", default=None, help=_h("opt.progress"))
@click.option("--exit-zero", is_flag=True, help=_h("opt.exit_zero"))
@click.option("--history", "history_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_h("opt.history"))
@click.option("--no-history", is_flag=True, help=_h("opt.no_history"))
@debug_option
@click.pass_context
def batch(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    config_path: Path | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    lang: str | None,
    fmt: str,
    output: Path | None,
    workers: int | None,
    chunk_size: int,
    rule_timeout: float | None,
    fresh: bool,
    progress: bool | None,
    exit_zero: bool,
    history_path: Path | None,
    no_history: bool,
) -> None:
    from diagrules.batch.run import BatchInterrupted, finish_output, open_output, run_batch

    overrides = cli_overrides(select, extend_select, ignore, fail_on, lang) | history_overrides(history_path, no_history)
    overrides["rule-timeout"] = batch_rule_timeout(config_path, overrides, rule_timeout)
    engine = build_engine(config_path, overrides)
    lang = resolve_lang(lang, engine.config.lang)
    show_progress = progress if progress is not None else _is_terminal(sys.stderr)
    file = resume = None
    if output is not None:
        try:
            file, resume = open_output(output, fmt=fmt, fresh=fresh)
        except OSError as exc:
            raise CommandError(t("err.write", lang, path=output, error=exc.strerror or exc)) from None
    out: Writer = file if file is not None else _LateStdout()
    try:
        if show_progress:
            summary = _batch_with_progress(engine, inputs, out, fmt, lang, workers, chunk_size, output is None, resume)
        else:
            summary = run_batch(engine, inputs, out, fmt=fmt, lang=lang, processes=workers, chunk_size=chunk_size,
                                resume=resume)
    except BatchInterrupted as exc:
        if exc.summary is not None:
            click.echo(exc.summary.describe(lang), err=True)
        shown = ", ".join(exc.first) + (", …" if exc.undiagnosed > len(exc.first) else "")
        message = t("batch.interrupted", lang, n=f"{exc.undiagnosed:,}", sources=shown)
        if output is None:
            hint = t("batch.no_resume_stdout", lang)
        elif fmt != "jsonl":
            hint = t("batch.no_resume_text", lang)
        else:
            hint = t("batch.resume_hint", lang, path=output)
        raise CommandError(f"{message}\n{hint}") from None
    finally:
        if file is not None:
            file.close()
    if output is not None:
        finish_output(output)
    click.echo(summary.describe(lang), err=True)
    if summary.stores == 0:
        raise CommandError(t("err.no_stores", lang, paths=", ".join(str(p) for p in inputs)))
    if summary.invalid:
        ctx.exit(EXIT_ERROR)
    ctx.exit(EXIT_FINDINGS if summary.failing and not exit_zero else EXIT_OK)


def batch_rule_timeout(config_path: Path | None, overrides: dict[str, Any], option: float | None) -> float:
    """``--rule-timeout``, else the configuration's ``rule-timeout``, else the batch default.

    A batch must never wait forever on one store, so unlike ``check`` it always has a budget.
    """
    from diagrules.batch.run import DEFAULT_RULE_TIMEOUT
    from diagrules.config.settings import load_config

    if option is not None:
        return option
    configured = load_config(config_path, overrides=overrides).config.rule_timeout
    return configured if configured is not None else DEFAULT_RULE_TIMEOUT


class _LateStdout:
    """Standard output looked up at each write, so a progress display may redirect it."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


def _batch_with_progress(
    engine: Engine, inputs: Sequence[Path], out: Writer, fmt: str, lang: str,
    workers: int | None, chunk_size: int, to_stdout: bool, resume: Resume | None,
) -> BatchSummary:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from diagrules.batch.run import count_work_items, run_batch

    total = count_work_items(list(inputs))
    redirect = to_stdout and _stdout_is_terminal()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), redirect_stdout=redirect, redirect_stderr=False,
    ) as bar:
        done = len(resume.done) if resume is not None else 0
        task = bar.add_task(t("batch.progress", lang), total=total, completed=min(done, total))
        return run_batch(
            engine, inputs, out, fmt=fmt, lang=lang, processes=workers, chunk_size=chunk_size,
            on_store=lambda _line: bar.advance(task), resume=resume,
        )


@main.command("rules", help=_h("help.rules"))
@click.option("--platform", default=None, help=_h("opt.platform"))
@click.option("--format", "fmt", type=click.Choice(CATALOGUE_FORMATS), default="text", show_default=True,
              help=_h("opt.catalogue_format"))
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=_h("opt.output_dir"))
@output_option
@config_option
@lang_option
@debug_option
def rules_command(
    platform: str | None, fmt: str, output_dir: Path | None, output: Path | None,
    config_path: Path | None, lang: str | None,
) -> None:
    from diagrules.catalogue import catalogue

    engine = build_engine(config_path, {})
    lang = resolve_lang(lang, engine.config.lang)
    if output_dir is not None:
        if fmt != "markdown":
            raise CommandError(t("err.output_dir_format", lang))
        written = catalogue.write_rule_docs(engine.registry, output_dir)
        click.echo(t("msg.wrote_n", lang, n=len(written), path=output_dir), err=True)
        return
    selected = {c.rule.id: c for c in engine.plan.rules}
    rules = _all_rules(engine)
    infos = [
        catalogue.rule_info(r, engine.registry, lang, selected=r.id in selected,
                            severity=selected[r.id].severity.label if r.id in selected else None)
        for r in catalogue.filter_platform(rules, _check_platform(engine, platform))
    ]
    color = _use_color(output, "text" if fmt == "text" else fmt)
    if fmt == "json":
        text = catalogue.to_json_text(infos)
    elif fmt == "markdown":
        text = catalogue.rules_markdown(infos, lang)
    else:
        text = catalogue.rules_text(infos, lang, color=color, width=_width())
    emit(text, output, color=color)


def _all_rules(engine: Engine) -> list[Rule]:
    """Registered rules plus the configuration's declarative checks, by id."""
    found = dict(engine.registry.rules)
    for compiled in engine.plan.rules:
        found.setdefault(compiled.rule.id, compiled.rule)
    return [found[k] for k in sorted(found)]


def _check_platform(engine: Engine, platform: str | None) -> str | None:
    if platform is not None and platform not in engine.registry.platforms:
        from diagrules.core.errors import UnknownNameError, did_you_mean

        known = sorted(engine.registry.platforms)
        raise UnknownNameError(
            f"unknown platform '{platform}'{did_you_mean(platform, known)} (known: {', '.join(known)})"
        )
    return platform


@main.command("explain", help=_h("help.explain"))
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(CATALOGUE_FORMATS), default="text", show_default=True,
              help=_h("opt.catalogue_format"))
@config_option
@lang_option
@debug_option
def explain(rule_id: str, fmt: str, config_path: Path | None, lang: str | None) -> None:
    from diagrules.catalogue import catalogue
    from diagrules.core.errors import did_you_mean

    engine = build_engine(config_path, {})
    lang = resolve_lang(lang, engine.config.lang)
    rules = _all_rules(engine)
    wanted = rule_id.strip()
    rule = next((r for r in rules if r.id == wanted.upper() or r.name == wanted.lower()), None)
    if rule is None:
        hint = did_you_mean(wanted, [r.id for r in rules] + [r.name for r in rules])
        raise CommandError(t("err.unknown_rule", lang, rule=rule_id, hint=hint))
    compiled = next((c for c in engine.plan.rules if c.rule.id == rule.id), None)
    info = catalogue.rule_info(
        rule, engine.registry, lang,
        configured=compiled.params if compiled else None,
        severity=compiled.severity.label if compiled else None,
        selected=compiled is not None,
    )
    color = _use_color(None, fmt)
    if fmt == "json":
        text = catalogue.to_json_text(info)
    elif fmt == "markdown":
        text = catalogue.explain_markdown(info, lang)
    else:
        text = catalogue.explain_text(info, lang, color=color, width=_width())
    emit(text, None, color=color)


@main.command("metrics", help=_h("help.metrics"))
@click.option("--platform", default=None, help=_h("opt.platform"))
@click.option("--format", "fmt", type=click.Choice(CATALOGUE_FORMATS), default="text", show_default=True,
              help=_h("opt.catalogue_format"))
@config_option
@lang_option
@debug_option
def metrics_command(platform: str | None, fmt: str, config_path: Path | None, lang: str | None) -> None:
    from diagrules.catalogue import catalogue

    engine = build_engine(config_path, {})
    lang = resolve_lang(lang, engine.config.lang)
    wanted = _check_platform(engine, platform)
    infos = [
        catalogue.metric_info(m, engine.registry, lang)
        for name, m in sorted(engine.registry.metrics.items())
        if wanted is None or m.platform in (None, wanted)
    ]
    color = _use_color(None, fmt)
    if fmt == "json":
        text = catalogue.to_json_text(infos)
    elif fmt == "markdown":
        text = catalogue.metrics_markdown(infos, lang)
    else:
        text = catalogue.metrics_text(infos, lang, color=color, width=_width())
    emit(text, None, color=color)


@main.command("plugins", help=_h("help.plugins"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=_h("opt.catalogue_format"))
@config_option
@lang_option
@debug_option
def plugins_command(fmt: str, config_path: Path | None, lang: str | None) -> None:
    from diagrules.catalogue import catalogue

    engine = build_engine(config_path, {})
    lang = resolve_lang(lang, engine.config.lang)
    data = catalogue.plugins_info(engine.registry)
    color = _use_color(None, fmt)
    if fmt == "json":
        text = catalogue.to_json_text(data)
    else:
        text = catalogue.plugins_text(data, lang, color=color, width=_width())
    emit(text, None, color=color)


def example_stores() -> list[Path]:
    """The example snapshots shipped in ``diagrules/examples/*/store.toml``."""
    from importlib.resources import files

    root = Path(str(files("diagrules").joinpath("examples")))
    return sorted(p for p in root.glob("*/store.toml") if p.is_file())


@main.command("demo", help=_h("help.demo"))
@lang_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help=_h("opt.format"))
@output_option
@debug_option
def demo(lang: str | None, fmt: str, output: Path | None) -> None:
    from diagrules.engine.engine import Engine

    lang = resolve_lang(lang)
    stores = example_stores()
    if not stores:
        raise CommandError(t("err.no_examples", lang))
    engine = Engine()
    for path in stores:
        click.echo(t("msg.demo_intro", lang, path=path), err=True)
    reports, sources, _invalid = diagnose_paths(engine, stores, lang)
    render_reports(engine, reports, sources, fmt, lang, output)


@main.command("init", help=_h("help.init"))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default=Path("diagrules.toml"))
@lang_option
@click.option("--force", is_flag=True, help=_h("opt.force"))
@debug_option
def init(path: Path, lang: str | None, force: bool) -> None:
    from diagrules.cli.starter import starter_config
    from diagrules.engine.engine import Engine

    lang = resolve_lang(lang)
    if path.exists() and not force:
        raise CommandError(t("err.exists", lang, path=path))
    text = starter_config(Engine().registry, lang)
    emit(text, path)
    click.echo(t("msg.init_next", lang), err=True)


@main.command("config", help=_h("help.config"))
@config_option
@selection_options
@lang_option
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml", show_default=True,
              help=_h("opt.format"))
@debug_option
def config_command(
    config_path: Path | None, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
    fail_on: str | None, lang: str | None, fmt: str,
) -> None:
    import json

    from diagrules.config.settings import Config, load_config
    from diagrules.io.toml import toml_key, toml_value

    loaded = load_config(config_path, overrides=cli_overrides(select, extend_select, ignore, fail_on, lang))
    ui_lang = resolve_lang(lang, loaded.config.lang)
    values = loaded.config.model_dump(by_alias=True, exclude_none=True)
    keys = [field.alias or name for name, field in Config.model_fields.items()]

    def source(key: str) -> str:
        where = loaded.sources.get(key)
        if where is None:
            return t("cfg.default", ui_lang)
        return where.replace("command line", t("cfg.command_line", ui_lang))

    if fmt == "json":
        data = {
            "path": str(loaded.path) if loaded.path else None,
            "config": loaded.config.model_dump(by_alias=True, mode="json"),
            "sources": {k: loaded.sources.get(k, "default") for k in keys},
        }
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        return
    head = t("cfg.file", ui_lang, path=loaded.path) if loaded.path else t("cfg.no_file", ui_lang)
    lines = [f"# {head}"]
    for key in keys:
        if key in values:
            lines.append(f"{toml_key(key)} = {toml_value(values[key])}  # {source(key)}")
        else:
            lines.append(f"# {toml_key(key)} = (—)  # {source(key)}")
    emit("\n".join(lines) + "\n", None)


@main.command("history", help=_h("help.history"))
@click.argument("store")
@click.option("--history", "history_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=_h("opt.history"))
@click.option("--platform", default=None, help=_h("opt.platform"))
@click.option("--metric", "metrics", multiple=True, help=_h("opt.metric"))
@config_option
@lang_option
@debug_option
def history_command(store: str, history_path: Path | None, platform: str | None, metrics: tuple[str, ...],
                    config_path: Path | None, lang: str | None) -> None:
    from diagrules.cli.history import history_table
    from diagrules.core.model import score_key

    engine = build_engine(config_path, {})
    lang = resolve_lang(lang, engine.config.lang)
    path = history_path or getattr(engine.history, "path", None)
    if path is None:
        raise CommandError(t("err.no_history", lang))
    registry = engine.registry
    labels = {name: m.label for name, m in registry.metrics.items() if m.label is not None}
    units = {name: str(m.unit) for name, m in registry.metrics.items()}
    for card in registry.scorecards.values():
        labels[score_key(card.id)] = card.label
        labels.update({score_key(card.id, d.id): d.label for d in card.dimensions})
    names = [registry.metric_key(m, platform) or m for m in metrics]
    emit(history_table(Path(path), platform, store, names, labels, units, lang), None)


@main.command("diff", help=_h("help.diff"))
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help=_h("opt.format"))
@output_option
@lang_option
@debug_option
def diff_command(old: Path, new: Path, fmt: str, output: Path | None, lang: str | None) -> None:
    from diagrules.cli.history import match_baseline, read_reports
    from diagrules.history.changes import compare
    from diagrules.render.changes import render

    olds, news = read_reports(old), read_reports(new)
    lang = resolve_lang(lang, None)
    parts = []
    for report, baseline in match_baseline(news, olds):
        if baseline is None:
            click.echo(f"{t('err.warning', lang)}: " + t("err.no_baseline", lang, store=report.store, path=old),
                       err=True)
            continue
        parts.append(render(baseline, report, compare(baseline, report), fmt, lang))
    emit("\n".join(parts), output)


if __name__ == "__main__":
    main()
