"""JSON Lines: one compact report per line, for batch runs and log pipelines.

Each line is the :func:`diagrules.to_dict` object plus ``source`` (the file or ``file:line``
the store came from). A store whose data could not be read gets an error line instead —
``{"store", "source", "error", "problems"}`` — so a consumer tells them apart by the
``error`` key. Lines are written as they are produced; nothing waits for the whole run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from diagrules.core.model import Report
from diagrules.render.base import RenderOptions
from diagrules.render.serialize import dump_report, dumps


def report_line(report: Report, lang: str, source: str | None = None) -> str:
    """One report as a single JSON line (no trailing newline)."""
    return dump_report(report, lang, {"source": source})


def error_line(store: str | None, source: str | None, error: str, problems: Sequence[str] = ()) -> str:
    """The line written for a store whose data is invalid (no trailing newline)."""
    data: dict[str, Any] = {"store": store, "source": source, "error": error, "problems": list(problems)}
    return dumps(data, finite=True)


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    """Every report on its own line, each ending with a newline."""
    return "".join(
        report_line(r, options.lang, options.source(i)) + "\n" for i, r in enumerate(reports)
    )
