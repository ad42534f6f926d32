"""The command-line side of the portfolio: ``summary``, ``batch --summary``, ``batch --format
html --output-dir`` and ``check --format xlsx``.

Kept out of :mod:`diagrules.cli.main` so that the commands there gain a few lines each and the
portfolio's wiring reads in one place. Like ``main``, nothing heavy is imported at the top.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from diagrules.core.strings import t
from diagrules.portfolio.strings import pt

if TYPE_CHECKING:
    from diagrules.batch.run import BatchLine, BatchSummary, Result, Writer
    from diagrules.core.i18n import Localized
    from diagrules.core.model import Report
    from diagrules.engine.engine import Engine
    from diagrules.portfolio.summary import Portfolio
    from diagrules.render.base import RenderOptions

SUMMARY_FORMATS = ("text", "json", "html", "xlsx")
#: Unreadable lines named one by one on standard error before the rest are only counted.
SHOWN_PROBLEMS = 20


def write_file(path: Path, write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary file next to ``path``, then rename it over ``path``.

    An interrupted run leaves the old file or the whole new one, as ``emit`` does for text.
    """
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_summary(portfolio: Portfolio, fmt: str, lang: str, output: Path | None, *, top: int,
                  width: int = 100, color: bool = False) -> str | None:
    """Render ``portfolio`` as ``fmt``: the text for standard output, or ``None`` when written to a file."""
    from diagrules.portfolio import formats

    if fmt == "xlsx":
        if output is None:
            from diagrules.cli.main import CommandError

            raise CommandError(pt("err.xlsx_needs_output", lang))
        from diagrules.portfolio.xlsx import write_xlsx

        _write_or_fail(output, lambda tmp: write_xlsx(portfolio, tmp, lang, top=top), lang)
        return None
    summary = portfolio.summary(top=top)
    if fmt == "json":
        return formats.to_json(summary)
    if fmt == "html":
        return formats.to_html(summary, lang)
    return formats.to_text(summary, lang, width=width, color=color)


def _write_or_fail(output: Path, write: Callable[[Path], None], lang: str) -> None:
    from diagrules.cli.main import CommandError

    try:
        write_file(output, write)
    except OSError as exc:
        raise CommandError(t("err.write", lang, path=output, error=exc.strerror or exc)) from None
    click.echo(t("msg.wrote", lang, path=output), err=True)


def report_problems(portfolio: Portfolio, path: Path | str, lang: str) -> None:
    """Name each unreadable line of ``path`` on standard error (the first few, then a count)."""
    for problem in portfolio.problems[:SHOWN_PROBLEMS]:
        click.echo(pt("warn.line", lang, path=path, line=problem.line, problem=problem.message(lang)), err=True)
    if len(portfolio.problems) > SHOWN_PROBLEMS:
        click.echo(pt("more", lang, n=len(portfolio.problems) - SHOWN_PROBLEMS), err=True)


def rule_titles(engine: Engine | None = None) -> dict[str, Localized]:
    """Rule id → title from ``engine``'s registry (default: the installed plugins), to name rules."""
    if engine is None:
        from diagrules.engine.engine import Engine

        engine = Engine()
    return {rid: r.title for rid, r in engine.registry.rules.items()}


def read_summary(path: Path, lang: str | None, engine: Engine | None = None) -> Portfolio:
    """The portfolio of a batch output file; unreadable lines are warned about, no stores is an error."""
    from diagrules.cli.main import CommandError
    from diagrules.portfolio.summary import read_portfolio

    portfolio = read_portfolio(path, lang, rule_titles(engine))
    shown = portfolio.lang or lang or "en"
    report_problems(portfolio, path, shown)
    if not portfolio.rows:
        raise CommandError(pt("err.no_lines", shown, path=path))
    return portfolio


def check_xlsx(reports: Sequence[Report], sources: Sequence[str | None], lang: str, output: Path | None,
               titles: Mapping[str, Localized]) -> None:
    """``check --format xlsx``: the stores' findings in the portfolio's sheets."""
    from diagrules.portfolio.summary import Portfolio

    portfolio = Portfolio(lang, titles)
    for report, source in zip(reports, sources, strict=True):
        portfolio.add_report(report, source=source)
    write_summary(portfolio, "xlsx", lang, output, top=50)


class SummaryTee:
    """A batch :class:`~diagrules.batch.run.Writer` that also feeds each line to a portfolio.

    Used by ``batch --summary`` when the lines go to standard output, which cannot be read back.
    """

    def __init__(self, out: Writer, portfolio: Portfolio) -> None:
        self.out = out
        self.portfolio = portfolio
        self.number = 0

    def write(self, text: str, /) -> int:
        for line in text.splitlines():
            if line.strip():
                self.number += 1
                self.portfolio.add_line(line, self.number)
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


# -- batch --format html --output-dir ----------------------------------------------------------------


def store_file_name(index: int, store: str | None) -> str:
    """``0007-guangzhou-demo.html``: numbered (store names repeat) and safe on every file system."""
    slug = re.sub(r"[^\w\-]+", "-", (store or "store").strip().lower(), flags=re.UNICODE).strip("-_")[:40]
    return f"{index:05d}-{slug or 'store'}.html"


def html_item(result: Result, source: str | None, *, lang: str, options: RenderOptions) -> tuple[BatchLine, str | None]:
    """Runs in a batch worker: the store's JSONL line and, for a report, its own HTML page."""
    import attrs

    from diagrules.batch.run import render_line
    from diagrules.core.model import Report
    from diagrules.render import render

    line = render_line(result, source, fmt="jsonl", lang=lang)
    page = render("html", [result], attrs.evolve(options, sources=(source,))) if isinstance(result, Report) else None
    return line, page


def batch_html(
    engine: Engine, inputs: Sequence[Path], output_dir: Path, lang: str, *, workers: int | None, chunk_size: int,
    top: int = 10,
) -> BatchSummary:
    """Diagnose ``inputs`` into ``output_dir``: ``stores/*.html``, ``results.jsonl`` and ``index.html``.

    The index is the portfolio summary, linking each store to its own report.
    """
    import time

    from diagrules.batch.run import BatchSummary, diagnose_stream, work_items
    from diagrules.portfolio import formats
    from diagrules.portfolio.summary import Portfolio
    from diagrules.render.base import options_from_registry

    started = time.perf_counter()
    stores_dir = output_dir / "stores"
    try:
        stores_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from diagrules.cli.main import CommandError

        raise CommandError(t("err.write", lang, path=stores_dir, error=exc.strerror or exc)) from None
    options = options_from_registry(engine.registry, lang=lang, fail_on=engine.plan.fail_on)
    transform = partial(html_item, lang=lang, options=options)
    summary = BatchSummary(fail_on=engine.plan.fail_on)
    portfolio = Portfolio(lang, rule_titles(engine))
    results_path = output_dir / "results.jsonl"
    with results_path.open("w", encoding="utf-8", newline="\n") as results:
        for index, (line, page) in enumerate(
            diagnose_stream(engine, work_items(list(inputs)), processes=workers, chunk_size=chunk_size,
                            transform=transform), start=1,
        ):
            results.write(line.text + "\n")
            summary.add(line)
            portfolio.add_line(line.text, index)
            if page is not None:
                name = store_file_name(index, line.store)
                (stores_dir / name).write_text(page, encoding="utf-8")
                if portfolio.rows and not line.invalid:
                    portfolio.rows[-1].link = f"stores/{name}"
    index_html = formats.to_html(portfolio.summary(top=top), lang)
    (output_dir / "index.html").write_text(index_html, encoding="utf-8")
    summary.seconds = time.perf_counter() - started
    click.echo(t("msg.wrote_n", lang, n=summary.diagnosed + 2, path=output_dir), err=True)
    return summary


__all__ = [
    "SUMMARY_FORMATS", "SummaryTee", "batch_html", "check_xlsx", "html_item", "read_summary", "report_problems",
    "rule_titles", "store_file_name", "write_file", "write_summary",
]
