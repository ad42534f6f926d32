"""The ``diagrules`` command.

Exit status: 0 when no finding reaches the fail-on severity, 1 when one does, 2 for usage,
configuration, input and plugin errors — reported as one paragraph on standard error, with
the traceback only under ``--debug`` (or ``DIAGRULES_DEBUG=1``).

A closed standard output (``diagrules batch stores | head``) ends the command quietly with
status 141 (128 + SIGPIPE), what a shell reports for any program stopped by a closed pipe.

Start-up is kept cheap: this module imports only click and the UI strings at the top, so
``diagrules --help`` and ``--version`` never load pydantic, cattrs, rich, the plugins or the
renderers. Every command imports what it needs when it runs.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from diagrules._version import __version__
from diagrules.cli.portfolio import SUMMARY_FORMATS
from diagrules.cli.texts import cache_click_gettext, tr, use_click_zh
from diagrules.core.errors import DiagrulesError, SnapshotError
from diagrules.core.safetext import encodable, neutralise
from diagrules.core.strings import system_lang, t
from diagrules.portfolio.strings import pt
from diagrules.render import FORMATS

if TYPE_CHECKING:
    from diagrules.authoring.rules import Rule
    from diagrules.batch.run import BatchLine, BatchSummary, Resume, RowSink, Writer
    from diagrules.batch.tables import ParquetRows
    from diagrules.cli.statistics import Statistics
    from diagrules.core.model import Report
    from diagrules.engine.engine import Engine, InvalidSnapshot


def _command_line_lang(argv: Sequence[str]) -> str | None:
    """``--lang zh`` / ``--lang=zh`` on the command line, read before click parses it."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


#: The language of ``--help`` and of click's own texts: they are built before the options are
#: parsed, so ``--lang`` is looked for in the command line itself, else the locale decides.
HELP_LANG = "zh" if (_command_line_lang(sys.argv[1:]) or system_lang()) == "zh" else "en"
SEVERITIES = ("info", "warning", "error", "critical")
CATALOGUE_FORMATS = ("text", "json", "markdown")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # 128 + SIGPIPE
COLOR_MODES = ("auto", "always", "never")
#: ``-q``/``--silent``/``-v`` as one number: below 0 prints less, above 0 more.
QUIET, SILENT = -1, -2
if HELP_LANG == "zh":
    use_click_zh()
else:
    cache_click_gettext()
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
        click.echo(error_line(self.format_message(), self.lang), err=True)


def error_line(message: str, lang: str) -> str:
    """``error: …`` / ``错误：…`` — the Chinese prefix takes a full-width colon and no space."""
    return f"{t('err.prefix', lang)}{'：' if lang == 'zh' else ': '}{message}"


class _Formatter(click.HelpFormatter):
    """click's help layout with the headings' colon in the help language (``选项：``)."""

    def write_heading(self, heading: str) -> None:
        colon = "：" if HELP_LANG == "zh" else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, tr("help.usage", HELP_LANG) if prefix is None else prefix)


class _Context(click.Context):
    formatter_class = _Formatter


class _Command(click.Command):
    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", tr("help.options_metavar", HELP_LANG))
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _h("opt.help")
        return option


class _Group(click.Group):
    """Turns diagrules errors and unexpected exceptions into exit status 2 without a traceback."""

    command_class = _Command
    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", tr("help.options_metavar", HELP_LANG))
        kwargs.setdefault("subcommand_metavar", tr("help.subcommand_metavar", HELP_LANG))
        super().__init__(*args, **kwargs)

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
        except BrokenPipeError:
            _silence_stdout()
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
        except Exception as exc:
            _maybe_traceback(ctx, exc)
            raise CommandError(t("err.internal", _lang_now(), error=f"{type(exc).__name__}: {exc}")) from None


def _silence_stdout() -> None:
    """The reader of standard output went away: send what is still buffered nowhere.

    Without this, Python's final flush of ``sys.stdout`` fails again at exit and prints
    "Exception ignored … BrokenPipeError" after the command has already finished.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's buffer)
        pass
    finally:
        os.close(devnull)


def _debug_enabled(ctx: click.Context) -> bool:
    env = os.environ.get("DIAGRULES_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")
    return env or bool(ctx.meta.get("diagrules.debug"))


def _maybe_traceback(ctx: click.Context, exc: BaseException) -> None:
    if _debug_enabled(ctx):
        import traceback

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


def _set_meta(key: str, value: object) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, given: Any) -> Any:
        if given:
            ctx.meta[key] = value if value is not None else given
        return given

    return callback


def ui_options(f: _F) -> _F:
    """ruff's and pytest's ``-q/--quiet``, ``-v/--verbose``, ``--silent`` and ``--color``."""
    f = click.option("--color", type=click.Choice(COLOR_MODES), default=None, expose_value=False, is_eager=True,
                     callback=_set_meta("diagrules.color", None), help=tr("opt.color", HELP_LANG))(f)
    f = click.option("--silent", is_flag=True, expose_value=False, is_eager=True,
                     callback=_set_meta("diagrules.verbosity", SILENT), help=tr("opt.silent", HELP_LANG))(f)
    f = click.option("-v", "--verbose", is_flag=True, expose_value=False, is_eager=True,
                     callback=_set_meta("diagrules.verbosity", 1), help=tr("opt.verbose", HELP_LANG))(f)
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, is_eager=True,
                        callback=_set_meta("diagrules.verbosity", QUIET), help=tr("opt.quiet", HELP_LANG))(f)


def format_option(choices: Sequence[str], default: str, help_key: str = "opt.format") -> Callable[[_F], _F]:
    """``--output-format`` (ruff's name) with ``--format`` kept as its alias."""
    return click.option("--output-format", "--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help=_h(help_key))


def verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get("diagrules.verbosity", 0)) if ctx is not None else 0


def info(text: str) -> None:
    """A status line on standard error (what was written, what to try next): not with ``-q``."""
    if verbosity() >= 0:
        click.echo(text, err=True)


def config_option(f: _F) -> _F:
    return click.option(
        "--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None, help=_h("opt.config"),
    )(f)


def selection_options(f: _F) -> _F:
    """``--select/--extend-select/--ignore`` (comma-separated, repeatable) and ``--fail-on``."""
    f = click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help=_h("opt.fail_on"))(f)
    rules = tr("help.rules_metavar", HELP_LANG)
    f = click.option("--ignore", multiple=True, metavar=rules, help=_h("opt.ignore"))(f)
    f = click.option("--extend-select", multiple=True, metavar=rules, help=_h("opt.extend_select"))(f)
    return click.option("--select", multiple=True, metavar=rules, help=_h("opt.select"))(f)


def history_options(f: _F) -> _F:
    """``--history PATH`` / ``--no-history``, for the commands that diagnose stores."""
    f = click.option("--no-history", is_flag=True, help=_h("opt.no_history"))(f)
    return click.option("--history", "history_path", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help=_h("opt.history"))(f)


def output_option(f: _F) -> _F:
    return click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help=_h("opt.output")
    )(f)


def pretty_option(f: _F) -> _F:
    """``--pretty``: indented JSON for a person; without it ``--format json`` is compact, for programs."""
    return click.option("--pretty", is_flag=True, help=tr("opt.pretty", HELP_LANG))(f)


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
    """The engine of the discovered (or given) configuration; ``-v`` says which file that was."""
    from diagrules.plugins.loading import skip_pydantic_plugin_scan

    skip_pydantic_plugin_scan()  # before importing the engine, which builds pydantic schemas
    from diagrules.engine.engine import Engine

    engine = Engine.from_config(config_path, overrides=overrides)
    if verbosity() > 0:
        path = engine.loaded_config.path
        lang = _lang_now() if "diagrules.lang" in _meta() else (engine.config.lang or system_lang())
        click.echo(tr("verbose.configfile", lang, path=path) if path else tr("verbose.no_configfile", lang), err=True)
    return engine


def _meta() -> dict[str, Any]:
    ctx = click.get_current_context(silent=True)
    return ctx.meta if ctx is not None else {}


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
    """``--color always|never`` decides; ``auto`` (the default) colours a terminal only.

    Files and the machine-readable formats are never coloured; under ``auto``, ``NO_COLOR``
    and ``FORCE_COLOR`` are honoured.
    """
    mode = _meta().get("diagrules.color", "auto")
    if output is not None or fmt != "text" or mode == "never":
        return False
    if mode == "always":
        return True
    if "NO_COLOR" in os.environ:
        return False
    return "FORCE_COLOR" in os.environ or _stdout_is_terminal()


def _width() -> int:
    """The text width: ``COLUMNS`` when set, else the terminal's, else 100 (a pipe or a file).

    Text output wraps at this width and never truncates, so any width loses nothing.
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(40, int(columns))
    if _stdout_is_terminal():
        import shutil

        return max(60, shutil.get_terminal_size().columns)
    return 100


def emit(text: str, output: Path | None, *, color: bool = False) -> None:
    """Write ``text`` to ``output`` (a file) or standard output.

    A file is written atomically: to a temporary file in the same folder, then renamed over
    ``output``, so an interrupted run leaves either the old file or the whole new one.
    """
    text = encodable(text)  # a lone surrogate from the data must not fail the write
    if output is None:
        if verbosity() > SILENT:
            click.echo(text, nl=not text.endswith("\n"), color=True if color else None)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise CommandError(t("err.write", _lang_now(), path=output, error=exc.strerror or exc)) from None
    info(t("msg.wrote", _lang_now(), path=output))


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename; the file keeps its permissions (new: umask).

    Only a regular file is replaced. A symlink is followed (its target is replaced, the link
    stays); a device or FIFO (``-o /dev/stdout``, ``-o /dev/null``, a pipe) is written to
    directly — renaming over it would put a regular file in its place (as root, over /dev/null).
    """
    import stat
    import tempfile

    path = Path(os.path.realpath(path))
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        with path.open("w", encoding="utf-8") as fh:
            fh.write(text)
        return

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
    engine: Engine, reports: Sequence[Report], sources: Sequence[str | None], fmt: str, lang: str, output: Path | None,
    *, pretty: bool = False,
) -> None:
    from diagrules.render import render
    from diagrules.render.base import options_from_registry

    color = _use_color(output, fmt)
    options = options_from_registry(
        engine.registry, lang=lang, color=color, width=_width(), fail_on=engine.plan.fail_on,
        sources=tuple(sources), pretty=pretty,
    )
    emit(render(fmt, reports, options), output, color=color)


def invalid_text(source: str | None, error: str, problems: Sequence[str], lang: str) -> str:
    """One store that could not be diagnosed, as the paragraph printed on standard error."""
    from diagrules.core.i18n import localized

    shown = localized(error, lang) or ""
    lines = [error_line(t("err.invalid_store", lang, source=source or "?", error=shown), lang)]
    lines += [f"  - {localized(p, lang)}" for p in problems]
    return neutralise("\n".join(lines))  # keys and names from the data: shown, not obeyed


def print_errors(errors: Sequence[str]) -> None:
    """Stores that could not be diagnosed, printed after the report so they are not scrolled away."""
    if errors:
        click.echo("\n".join(errors), err=True)


def _diagnose_file(engine: Engine, path: Path) -> list[tuple[Report | InvalidSnapshot, str | None]]:
    """Every store in one snapshot file, through the engine; an invalid store becomes an
    :class:`InvalidSnapshot` so that the others are still diagnosed."""
    from diagrules.engine.engine import InvalidSnapshot
    from diagrules.io.snapshots import iter_snapshots

    out: list[tuple[Report | InvalidSnapshot, str | None]] = []
    for source, doc, file in iter_snapshots([path]):
        try:
            out.append((engine.evaluate(doc, source=source, base_dir=file.parent), source))
        except SnapshotError as exc:
            out.append((InvalidSnapshot(exc.store, exc.location or source, exc.headline, exc.problems), source))
        except Exception as exc:  # a loader or plugin bug costs this store, as in batch runs
            error = f"internal error while reading the store: {type(exc).__name__}: {exc}"
            out.append((InvalidSnapshot(None, source, error, ()), source))
    return out


def diagnose_paths(engine: Engine, paths: Sequence[Path], lang: str) -> tuple[list[Report], list[str | None], list[str]]:
    """Diagnose every store in ``paths`` (``-`` is standard input).

    Returns the reports, their sources and one error paragraph per store that could not be
    diagnosed — a file holding no store at all (``[]``) included — for the caller to print last.
    """
    from diagrules.engine.engine import InvalidSnapshot
    from diagrules.io.snapshots import iter_snapshot_paths

    reports: list[Report] = []
    sources: list[str | None] = []
    errors: list[str] = []
    stdin = [p for p in paths if str(p) == "-"]
    if len(stdin) > 1:
        raise CommandError(tr("err.stdin_twice", lang))
    files = list(iter_snapshot_paths([p for p in paths if str(p) != "-"]))
    if not files and not stdin:
        raise CommandError(t("err.no_stores", lang, paths=", ".join(str(p) for p in paths)))
    for path in [*files, *stdin]:
        if str(path) == "-":
            from diagrules.cli.stdin import diagnose_stdin

            results = diagnose_stdin(engine, lang)
            name = "-"
        else:
            results = _diagnose_file(engine, path)
            name = str(path)
        if not results:
            errors.append(error_line(tr("err.empty_file", lang, source=name), lang))
        for result, source in results:
            if isinstance(result, InvalidSnapshot):
                errors.append(invalid_text(result.source or source, result.error, result.problems, lang))
            else:
                reports.append(result)
                sources.append(source)
    return reports, sources, errors


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
            click.echo(t("err.warning", lang) + t("p.colon", lang)
                       + t("err.no_baseline", lang, store=report.store, path=path), err=True)
        else:
            apply_baseline(report, old)


def exit_status(reports: Sequence[Report], engine: Engine, *, invalid: int, exit_zero: bool) -> int:
    """2 when any store could not be diagnosed, else 1 when a finding reaches fail-on, else 0."""
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
@click.argument("snapshots", nargs=-1, required=True, metavar=tr("help.snapshots_metavar", HELP_LANG),
                type=click.Path(exists=True, allow_dash=True, path_type=Path))
@config_option
@selection_options
@lang_option
@format_option([*FORMATS, "xlsx"], "text")
@output_option
@pretty_option
@click.option("--statistics", is_flag=True, help=tr("opt.statistics", HELP_LANG))
@click.option("--exit-zero", is_flag=True, help=_h("opt.exit_zero"))
@history_options
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=_h("opt.baseline"))
@ui_options
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
    pretty: bool,
    statistics: bool,
    exit_zero: bool,
    history_path: Path | None,
    no_history: bool,
    baseline: Path | None,
) -> None:
    overrides = cli_overrides(select, extend_select, ignore, fail_on, lang) | history_overrides(history_path, no_history)
    engine = build_engine(config_path, overrides)
    lang = resolve_lang(lang, engine.config.lang)
    if statistics:
        _check_statistics_format(fmt, lang)
    if fmt == "xlsx" and output is None:  # portfolio: refuse before diagnosing
        raise CommandError(pt("err.xlsx_needs_output", lang))
    reports, sources, errors = diagnose_paths(engine, snapshots, lang)
    _verbose_counts(engine, len(reports) + len(errors), lang)
    if baseline is not None:
        label_against_baseline(reports, baseline, lang)
    for report in reports:
        if report.recorded == "replaced":
            info(t("err.warning", lang) + t("p.colon", lang) + t(
                "msg.history_replaced", lang, store=report.store,
                as_of=report.as_of.isoformat() if report.as_of else "—"))
    if reports and fmt == "xlsx":
        from diagrules.cli.portfolio import check_xlsx, rule_titles

        check_xlsx(reports, sources, lang, output, rule_titles(engine))
    elif statistics:
        emit_statistics(engine, _report_statistics(reports), fmt, lang, output)
    elif reports:
        render_reports(engine, reports, sources, fmt, lang, output, pretty=pretty)
    print_errors(errors)
    # A store diagnosed without a dataset whose rows were invalid still counts as invalid input.
    invalid = len(errors) + sum(1 for r in reports if r.input_errors)
    ctx.exit(exit_status(reports, engine, invalid=invalid, exit_zero=exit_zero))


def _check_statistics_format(fmt: str, lang: str) -> None:
    from diagrules.cli.statistics import STATISTICS_FORMATS

    if fmt not in STATISTICS_FORMATS:
        raise CommandError(tr("err.statistics_format", lang, formats="|".join(STATISTICS_FORMATS)))


def _report_statistics(reports: Sequence[Report]) -> Statistics:
    from diagrules.cli.statistics import Statistics

    stats = Statistics()
    for report in reports:
        stats.add_report(report)
    return stats


def emit_statistics(engine: Engine, stats: Statistics, fmt: str, lang: str, output: Path | None) -> None:
    titles = {rule.id: rule.title.get(lang) for rule in _all_rules(engine)}
    emit(stats.render(fmt, lang, titles), output)


def _verbose_counts(engine: Engine, stores: int, lang: str) -> None:
    if verbosity() > 0:
        from diagrules.render.base import severity_label

        click.echo(tr("verbose.counts", lang, stores=stores, rules=len(engine.plan.rules),
                      fail_on=severity_label(engine.plan.fail_on, lang)), err=True)


@main.command("batch", help=_h("help.batch"))
@click.argument("inputs", nargs=-1, required=True, metavar=tr("help.inputs_metavar", HELP_LANG),
                type=click.Path(exists=True, path_type=Path))
@config_option
@selection_options
@lang_option
@format_option(["jsonl", "text", "html", "findings", "stores"], "jsonl", "opt.batch_format")
@output_option
@click.option("--statistics", is_flag=True, help=tr("opt.statistics", HELP_LANG))
@click.option("--summary", "with_summary", is_flag=True, help=pt("opt.batch_summary", HELP_LANG))
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=pt("opt.batch_output_dir", HELP_LANG))
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, help=_h("opt.workers"))
@click.option("--chunk-size", type=click.IntRange(min=1), default=None, help=_h("opt.chunk_size"))
@click.option("--rule-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar=tr("help.seconds_metavar", HELP_LANG),
              help=_h("opt.rule_timeout"))
@click.option("--fresh", is_flag=True, help=_h("opt.fresh"))
@click.option("--progress/--no-progress", default=None, help=_h("opt.progress"))
@click.option("--exit-zero", is_flag=True, help=_h("opt.exit_zero"))
@history_options
@ui_options
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
    statistics: bool,
    with_summary: bool,
    output_dir: Path | None,
    workers: int | None,
    chunk_size: int | None,
    rule_timeout: float | None,
    fresh: bool,
    progress: bool | None,
    exit_zero: bool,
    history_path: Path | None,
    no_history: bool,
) -> None:
    from diagrules.batch.rows import FLEET_CHUNK_SIZE
    from diagrules.batch.run import (
        DEFAULT_CHUNK_SIZE,
        BatchInterrupted,
        OutputBusy,
        finish_output,
        open_output,
        run_batch,
    )
    from diagrules.batch.tables import MissingPyarrow, ParquetRows
    from diagrules.cli import portfolio as pf

    overrides = cli_overrides(select, extend_select, ignore, fail_on, lang) | history_overrides(history_path, no_history)
    overrides["rule-timeout"] = batch_rule_timeout(config_path, overrides, rule_timeout)
    engine = build_engine(config_path, overrides)
    lang = resolve_lang(lang, engine.config.lang)
    if (fmt == "html") != (output_dir is not None):  # portfolio: html pages go to a folder
        raise CommandError(pt("err.html_needs_dir" if fmt == "html" else "err.output_dir_needs_html", lang))
    if with_summary and fmt == "text":
        raise CommandError(pt("err.summary_text", lang))
    fleet = fmt in ("findings", "stores")
    if chunk_size is None:  # a fleet format diagnoses a chunk at once: larger chunks pay off
        chunk_size = FLEET_CHUNK_SIZE if fleet else DEFAULT_CHUNK_SIZE
    if with_summary and fleet:
        raise CommandError(tr("err.summary_fleet", lang, format=fmt))
    to_parquet = output is not None and output.suffix.lower() == ".parquet" and not statistics
    if to_parquet and not fleet:
        raise CommandError(tr("err.parquet_needs_rows", lang, format=fmt))
    if output_dir is not None:
        summary = pf.batch_html(engine, inputs, output_dir, lang, workers=workers, chunk_size=chunk_size)
        info(summary.describe(lang))
        _batch_exit(ctx, summary, inputs, lang, exit_zero, [])
    portfolio = None
    show_progress = progress if progress is not None else _is_terminal(sys.stderr) and verbosity() >= 0
    file = resume = None
    table: ParquetRows | None = None
    stats: Statistics | None = None
    if statistics:  # the lines are counted, not written; the table goes to -o or standard output
        from diagrules.cli.statistics import Statistics

        stats = Statistics()
    elif to_parquet and output is not None:
        from diagrules.batch.rows import FINDING_COLUMNS, STORE_COLUMNS

        try:
            table = ParquetRows(output, FINDING_COLUMNS if fmt == "findings" else STORE_COLUMNS)
        except MissingPyarrow as exc:
            raise CommandError(exc.text(lang)) from None
        except OSError as exc:
            raise CommandError(t("err.write", lang, path=output, error=exc.strerror or exc)) from None
    elif output is not None:
        try:
            file, resume = open_output(output, fmt=fmt, fresh=fresh, inputs=inputs)
        except OutputBusy:
            raise CommandError(t("batch.output_busy", lang, path=output)) from None
        except OSError as exc:
            raise CommandError(t("err.write", lang, path=output, error=exc.strerror or exc)) from None
        if resume is not None and resume.warning:
            click.echo(resume.warning.get(lang, resume.warning["en"]), err=True)
    quiet_stdout = stats is not None or verbosity() == SILENT
    out: Writer = file if file is not None else _NullWriter() if quiet_stdout else _LateStdout()
    invalid_sources: list[str] = []

    def observe(line: BatchLine) -> None:
        if stats is not None:
            stats.add_json_line(line.text)
        if line.invalid and len(invalid_sources) < 5:
            invalid_sources.append(line.source or "?")

    line_fmt = "jsonl" if stats is not None else fmt
    if with_summary and output is None:
        from diagrules.portfolio.summary import Portfolio

        portfolio = Portfolio(lang, pf.rule_titles(engine))
        out = pf.SummaryTee(out, portfolio)
    try:
        if show_progress:
            summary = _batch_with_progress(engine, inputs, out, line_fmt, lang, workers, chunk_size,
                                           output is None and stats is None, resume, observe, table)
        else:
            summary = run_batch(engine, inputs, out, fmt=line_fmt, lang=lang, processes=workers, chunk_size=chunk_size,
                                resume=resume, on_store=observe, rows_out=table)
    except MissingPyarrow as exc:  # a Parquet input, found while reading
        raise CommandError(exc.text(lang)) from None
    except BatchInterrupted as exc:
        if exc.summary is not None:
            click.echo(exc.summary.describe(lang), err=True)
        shown = ", ".join(exc.first) + (", …" if exc.undiagnosed > len(exc.first) else "")
        message = t("batch.interrupted", lang, n=f"{exc.undiagnosed:,}", sources=shown)
        if output is None:
            hint = t("batch.no_resume_stdout", lang)
        elif fleet:
            hint = t("batch.no_resume_fleet", lang)
        elif fmt != "jsonl":
            hint = t("batch.no_resume_text", lang)
        else:
            hint = t("batch.resume_hint", lang, path=output)
        raise CommandError(f"{message}\n{hint}") from None
    finally:
        if file is not None:
            file.close()
        if table is not None:  # renamed into place only when every store was written
            table.close(complete=sys.exc_info()[0] is None)
    if output is not None and stats is None and table is None:
        finish_output(output)
    if stats is not None:
        emit_statistics(engine, stats, "jsonl" if fmt == "jsonl" else "text", lang, output)
    info(summary.describe(lang))
    if with_summary and summary.stores:
        if portfolio is None and output is not None:
            portfolio = pf.read_summary(output, lang, engine)
        if portfolio is not None:
            click.echo(pf.write_summary(portfolio, "text", lang, None, top=10, width=_width()), err=True)
    _batch_exit(ctx, summary, inputs, lang, exit_zero, invalid_sources)


def _batch_exit(ctx: click.Context, summary: BatchSummary, inputs: Sequence[Path], lang: str, exit_zero: bool,
                invalid_sources: Sequence[str]) -> NoReturn:
    """Exit a batch: 2 for no stores or invalid stores (naming the first), 1 for failing ones, else 0."""
    if summary.stores == 0:
        raise CommandError(t("err.no_stores", lang, paths=", ".join(str(p) for p in inputs)))
    if summary.invalid:  # the error last, naming the first stores to look at
        shown = ", ".join(invalid_sources) + (", …" if summary.invalid > len(invalid_sources) else "")
        raise CommandError(tr("err.batch_invalid", lang, n=f"{summary.invalid:,}", sources=shown))
    if summary.incomplete:  # diagnosed, but some of their data could not be read
        raise CommandError(tr("err.batch_incomplete", lang, n=f"{summary.incomplete:,}"))
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


class _NullWriter:
    """Where ``--statistics`` and ``--silent`` send the per-store lines: they are not kept."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered."""


class _LateStdout:
    """Standard output looked up at each write, so a progress display may redirect it."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


def _batch_with_progress(
    engine: Engine, inputs: Sequence[Path], out: Writer, fmt: str, lang: str,
    workers: int | None, chunk_size: int, to_stdout: bool, resume: Resume | None,
    observe: Callable[[BatchLine], None], rows_out: RowSink | None = None,
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

        def on_store(line: BatchLine) -> None:
            observe(line)
            bar.advance(task)

        return run_batch(
            engine, inputs, out, fmt=fmt, lang=lang, processes=workers, chunk_size=chunk_size,
            on_store=on_store, resume=resume, rows_out=rows_out,
        )


@main.command("rules", help=_h("help.rules"))
@click.option("--platform", default=None, help=_h("opt.platform"))
@format_option(CATALOGUE_FORMATS, "text", "opt.catalogue_format")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=_h("opt.output_dir"))
@click.option("--plugin", "plugin", default=None, help=_h("opt.plugin_filter"))
@click.option("--ruleset", default=None, help=_h("opt.ruleset_filter"))
@output_option
@config_option
@lang_option
@ui_options
@debug_option
def rules_command(
    platform: str | None, fmt: str, output_dir: Path | None, plugin: str | None, ruleset: str | None,
    output: Path | None, config_path: Path | None, lang: str | None,
) -> None:
    from diagrules.catalogue import catalogue

    engine = build_engine(config_path, {})
    lang = resolve_lang(lang, engine.config.lang)
    platform = _check_platform(engine, platform)
    _check_name("plugin", plugin, {p.name for p in engine.plugins.plugins})
    _check_name("rule set", ruleset, set(engine.registry.rulesets()))
    filtered = platform is not None or plugin is not None or ruleset is not None
    if output_dir is not None:
        if fmt != "markdown":
            raise CommandError(t("err.output_dir_format", lang))
        only = catalogue.selected_rulesets(
            engine.registry, platform=platform, plugin=plugin, ruleset=ruleset
        ) if filtered else None
        written = catalogue.write_rule_docs(engine.registry, output_dir, only)
        info(t("msg.wrote_n", lang, n=len(written), path=output_dir))
        return
    selected = {c.rule.id: c for c in engine.plan.rules}
    rules = _all_rules(engine)
    infos = [
        catalogue.rule_info(r, engine.registry, lang, selected=r.id in selected,
                            severity=selected[r.id].severity.label if r.id in selected else None)
        for r in catalogue.filter_platform(rules, platform)
        if (plugin is None or engine.registry.owner("rule", r.id) == plugin)
        and (ruleset is None or r.ruleset == ruleset)
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


def _check_name(kind: str, name: str | None, known: set[str]) -> None:
    """Refuse a ``--plugin``/``--ruleset`` value that names nothing loaded."""
    if name is not None and name not in known:
        from diagrules.core.errors import UnknownNameError, did_you_mean

        names = sorted(known)
        raise UnknownNameError(f"unknown {kind} '{name}'{did_you_mean(name, names)} (known: {', '.join(names)})")


def _check_platform(engine: Engine, platform: str | None) -> str | None:
    if platform is not None and platform not in engine.registry.platforms:
        from diagrules.core.errors import UnknownNameError, did_you_mean

        known = sorted(engine.registry.platforms)
        raise UnknownNameError(
            f"unknown platform '{platform}'{did_you_mean(platform, known)} (known: {', '.join(known)})"
        )
    return platform


@main.command("explain", help=_h("help.explain"))
@click.argument("rule_id", metavar=tr("help.rule_id_metavar", HELP_LANG))
@format_option(CATALOGUE_FORMATS, "text", "opt.catalogue_format")
@config_option
@lang_option
@ui_options
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
@format_option(CATALOGUE_FORMATS, "text", "opt.catalogue_format")
@config_option
@lang_option
@ui_options
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
@format_option(["text", "json"], "text", "opt.catalogue_format")
@config_option
@lang_option
@ui_options
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


@main.command("summary", help=pt("help.summary", HELP_LANG))
@click.argument("batch_output", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(SUMMARY_FORMATS), default="text",
              show_default=True, help=pt("opt.summary_format", HELP_LANG))
@output_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help=pt("opt.top", HELP_LANG))
@lang_option
@debug_option
def summary_command(batch_output: Path, fmt: str, output: Path | None, top: int, lang: str | None) -> None:
    """The portfolio summary of a batch output (see :mod:`diagrules.portfolio`)."""
    from diagrules.cli.portfolio import read_summary, write_summary

    chosen = resolve_lang(lang)
    if fmt == "xlsx" and output is None:
        raise CommandError(pt("err.xlsx_needs_output", chosen))
    portfolio = read_summary(batch_output, lang)
    shown = lang or portfolio.lang or chosen
    color = _use_color(output, fmt)
    text = write_summary(portfolio, fmt, shown, output, top=top, width=_width(), color=color)
    if text is not None:
        emit(text, output, color=color)


def example_stores() -> list[Path]:
    """The example snapshots shipped in ``diagrules/examples/*/store.toml``."""
    from importlib.resources import files

    root = Path(str(files("diagrules").joinpath("examples")))
    return sorted(p for p in root.glob("*/store.toml") if p.is_file())


@main.command("demo", help=_h("help.demo"))
@lang_option
@format_option(FORMATS, "text")
@output_option
@pretty_option
@ui_options
@debug_option
@click.pass_context
def demo(ctx: click.Context, lang: str | None, fmt: str, output: Path | None, pretty: bool) -> None:
    """Exits as ``check`` would on the examples: a newcomer sees the real exit status too."""
    from diagrules.engine.engine import Engine

    lang = resolve_lang(lang)
    stores = example_stores()
    if not stores:
        raise CommandError(t("err.no_examples", lang))
    engine = Engine()
    for path in stores:
        info(t("msg.demo_intro", lang, path=path))
    reports, sources, errors = diagnose_paths(engine, stores, lang)
    _verbose_counts(engine, len(stores), lang)
    if reports:
        render_reports(engine, reports, sources, fmt, lang, output, pretty=pretty)
    if errors:
        print_errors(errors)
        raise CommandError(tr("err.demo_failed", lang, n=len(errors)))
    ctx.exit(exit_status(reports, engine, invalid=0, exit_zero=False))


@main.command("init", help=_h("help.init"))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default=Path("diagrules.toml"),
                metavar=tr("help.path_metavar", HELP_LANG))
@lang_option
@click.option("--force", is_flag=True, help=_h("opt.force"))
@ui_options
@debug_option
def init(path: Path, lang: str | None, force: bool) -> None:
    from diagrules.cli.starter import starter_config
    from diagrules.engine.engine import Engine

    lang = resolve_lang(lang)
    if path.exists() and not force:
        raise CommandError(t("err.exists", lang, path=path))
    text = starter_config(Engine().registry, lang)
    emit(text, path)
    info(t("msg.init_next", lang))


@main.command("config", help=_h("help.config"))
@config_option
@selection_options
@lang_option
@format_option(["toml", "json"], "toml")
@ui_options
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


@main.command("completion", help=tr("help.completion", HELP_LANG))
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@debug_option
def completion(shell: str) -> None:
    """click's completion script, so nobody has to know about ``_DIAGRULES_COMPLETE``."""
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None  # the three choices are click's built-in shells
    click.echo(cls(main, {}, "diagrules", "_DIAGRULES_COMPLETE").source())
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
            click.echo(t("err.warning", lang) + t("p.colon", lang)
                       + t("err.no_baseline", lang, store=report.store, path=old), err=True)
            continue
        parts.append(render(baseline, report, compare(baseline, report), fmt, lang))
    emit("\n".join(parts), output)


if __name__ == "__main__":
    main()
