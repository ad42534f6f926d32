"""The portfolio as an XLSX workbook, for the people who act on it in Excel or WPS.

Three sheets, named and headed in the summary's language: the stores (one row each), the
findings (one row each) and the summary tables. Numbers are written as numbers with a format
(scores to one decimal, shares and ratio values as percentages), every sheet's header row is
frozen and the two list sheets have filters on.

Written with XlsxWriter: it only writes (no reader to load), has no dependencies, streams
rows to disk in ``constant_memory`` mode so ten thousand stores stay small in memory, and
its cell writers are typed — every text goes through ``write_string``, so a store name or a
product title starting with ``=``, ``+``, ``-`` or ``@`` is stored as text and never
evaluated as a formula (the workbook is also opened with ``strings_to_formulas`` off).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from diagrules.core.i18n import format_value
from diagrules.core.model import Severity
from diagrules.portfolio.strings import pt
from diagrules.portfolio.summary import SEVERITY_NAMES, Portfolio
from diagrules.render.base import severity_heading, severity_label

#: Units whose values are fractions shown as percentages (0.935 → 93.5%).
PERCENT_UNITS = frozenset({"ratio", "change"})


class _Sheet:
    """A worksheet written row by row (what ``constant_memory`` mode requires)."""

    def __init__(self, book: Any, name: str, formats: dict[str, Any]) -> None:
        self.ws: Any = book.add_worksheet(name)
        self.formats = formats
        self.row = 0
        self.widths: dict[int, int] = {}

    def write(self, values: Sequence[Any], styles: Sequence[str | None] = (), *, bold: bool = False) -> None:
        for col, value in enumerate(values):
            style = styles[col] if col < len(styles) else None
            key = "header" if bold else style
            fmt = self.formats[key] if key else None
            self._cell(col, value, fmt)
        self.row += 1

    def _cell(self, col: int, value: Any, fmt: Any) -> None:
        if value is None:
            self.ws.write_blank(self.row, col, None, fmt)
        elif isinstance(value, bool):
            self.ws.write_boolean(self.row, col, value, fmt)
        elif isinstance(value, (int, float)):
            self.ws.write_number(self.row, col, value, fmt)
        else:
            text = str(value)
            self.ws.write_string(self.row, col, text, fmt)  # never a formula, whatever it starts with
            self.widths[col] = max(self.widths.get(col, 0), min(60, len(text) + 2))

    def finish(self, *, filters: int = 0, widths: Sequence[int] = ()) -> None:
        self.ws.freeze_panes(1, 0)
        if filters and self.row > 1:
            self.ws.autofilter(0, 0, self.row - 1, filters - 1)
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, max(width, self.widths.get(col, 0)))


def _value_style(value: Any, unit: str | None) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return "percent" if unit in PERCENT_UNITS else "number"


def write_xlsx(portfolio: Portfolio, path: Path | str, lang: str, *, top: int = 50) -> None:
    """Write the workbook of ``portfolio`` to ``path`` (headers and labels in ``lang``)."""
    summary = portfolio.summary(top=top)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False, "strings_to_numbers": False})
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#EAEEF2", "bottom": 1}),
        "title": book.add_format({"bold": True, "font_size": 13}),
        "score": book.add_format({"num_format": "0.0"}),
        "percent": book.add_format({"num_format": "0.0%"}),
        "number": book.add_format({"num_format": "General"}),
        "int": book.add_format({"num_format": "#,##0"}),
    }
    def c(key: str) -> str:
        return pt(f"col.{key}", lang)

    sev = [severity_heading(Severity.parse(s), lang) for s in SEVERITY_NAMES]

    stores = _Sheet(book, pt("sheet.stores", lang), formats)
    head = [c("platform"), c("store"), c("status"), c("scorecard"), c("score"), c("tier"), c("weakest"),
            *sev, c("findings"), c("errored"), c("skipped"), c("below_pass"), c("top_action"), c("source"),
            c("problem")]
    stores.write(head, bold=True)
    for r in portfolio.rows:
        stores.write(
            [r.platform, r.store, pt(f"status.{r.status}", lang), r.scorecard, r.score, r.tier, r.weakest,
             *[r.counts.get(s, 0) for s in SEVERITY_NAMES], r.findings, r.errored, r.skipped, r.below_pass,
             r.top_action, r.source, r.error],
            [None, None, None, None, "score", None, None, *["int"] * (len(SEVERITY_NAMES) + 3), "score"],
        )
    stores.finish(filters=len(head), widths=[12, 24, 10, 18, 8, 10, 14])

    findings = _Sheet(book, pt("sheet.findings", lang), formats)
    head = [c("store"), c("platform"), c("rule"), c("severity"), c("message"), c("item"), c("observed"),
            c("comparison"), c("threshold"), c("unit"), c("remedy")]
    findings.write(head, bold=True)
    for f in portfolio.finding_rows:
        observed = f.observed if _value_style(f.observed, f.unit) else _shown(f.observed, f.unit, lang)
        threshold = f.threshold if _value_style(f.threshold, f.unit) else _shown(f.threshold, f.unit, lang)
        findings.write(
            [f.store, f.platform, f.rule, severity_label(Severity.parse(f.severity), lang), f.message, f.item,
             observed, f.comparison, threshold, f.unit, f.remedy],
            [None] * 6 + [_value_style(f.observed, f.unit), None, _value_style(f.threshold, f.unit)],
        )
    findings.finish(filters=len(head), widths=[24, 12, 9, 10, 60, 14, 12, 6, 12, 8, 50])

    sheet = _Sheet(book, pt("sheet.summary", lang), formats)
    _summary_sheet(sheet, summary, lang)
    sheet.finish(widths=[28, 22, 14, 14, 14, 14, 40])
    book.close()


def _shown(value: Any, unit: str | None, lang: str) -> Any:
    """A non-numeric evidence value as the reader sees it (``yes``/``是``); ``None`` stays blank."""
    return None if value is None else format_value(value, unit, lang)


def _summary_sheet(sheet: _Sheet, summary: dict[str, Any], lang: str) -> None:
    def c(key: str) -> str:
        return pt(f"col.{key}", lang)

    sheet.write([pt("title", lang), c("value")], bold=True)
    for key in ("lines", "stores", "diagnosed", "error", "invalid", "unreadable"):
        sheet.write([pt(f"totals.{key}", lang), summary["totals"][key]], [None, "int"])

    def table(title: str, columns: list[str], rows: list[list[Any]], styles: list[str | None]) -> None:
        sheet.write([])
        sheet.write([title], ["title"])
        sheet.write(columns, bold=True)
        for row in rows:
            sheet.write(row, styles)

    table(pt("sec.platforms", lang), [c("platform"), c("stores"), c("diagnosed"), c("error"), c("invalid")],
          [[p["platform"], p["stores"], p["diagnosed"], p["error"], p["invalid"]] for p in summary["platforms"]],
          [None, "int", "int", "int", "int"])
    table(pt("sec.scores", lang), [c("scorecard"), c("stores"), c("scored"), c("mean"), c("median"), c("unscored")],
          [[s["label"], s["stores"], s["scored"], s["mean"], s["median"], s["stores"] - s["scored"]]
           for s in summary["scorecards"]],
          [None, "int", "int", "score", "score", "int"])
    table(pt("col.tiers", lang), [c("scorecard"), c("tier"), c("stores")],
          [[s["label"], x["label"], x["stores"]] for s in summary["scorecards"] for x in s["tiers"]],
          [None, None, "int"])
    table(pt("sec.findings", lang),
          [c("rule"), c("name"), c("severity"), c("affected"), c("share"), c("findings"), c("median_observed"),
           c("comparison"), c("threshold"), c("unit")],
          [[f["rule"], f["name"], severity_label(Severity.parse(f["severity"]), lang), f["stores"], f["share"],
            f["findings"], f["median_observed"], f["comparison"],
            f["threshold"] if _value_style(f["threshold"], f["unit"]) else _shown(f["threshold"], f["unit"], lang),
            f["unit"]] for f in summary["findings"]],
          [None, None, None, "int", "percent", "int", "number", None, "number"])
    table(pt("sec.attention", lang), [c("rank"), c("store"), c("platform"), c("worst"), c("below_pass"), c("why")],
          [[a["rank"], a["store"], a["platform"],
            severity_label(Severity.parse(a["worst"]), lang) if a["worst"] else None, a["below_pass"],
            "; ".join(a["reasons"]) if lang != "zh" else "；".join(a["reasons"])] for a in summary["attention"]],
          ["int", None, None, None, "score"])
    table(pt("sec.abilities", lang), [c("scorecard"), c("ability"), c("mean"), c("scored"), c("weakest_stores")],
          [[s["label"], a["label"], a["mean"], a["scored"],
            ("、" if lang == "zh" else ", ").join(f"{w['store']} ({w['score']:g})" for w in a["weakest"])]
           for s in summary["scorecards"] for a in s["abilities"]],
          [None, None, "score", "int"])
    table(pt("sec.rule_problems", lang), [c("rule"), c("name"), c("errored"), c("skipped"), c("missing")],
          [[r["rule"], r["name"], r["errored"], r["skipped"],
            ("、" if lang == "zh" else ", ").join(f"{m['data']} ({m['stores']})" for m in r["missing"])]
           for r in summary["rule_problems"]],
          [None, None, "int", "int"])
    if summary["problems"]:
        table(pt("sec.problems", lang), [c("line"), c("problem")],
              [[p["line"], p["message"]] for p in summary["problems"]], ["int"])


__all__ = ["PERCENT_UNITS", "write_xlsx"]
