"""The portfolio summary as text (a terminal table), JSON and one self-contained HTML page.

Every format renders the dict of :meth:`~diagrules.portfolio.summary.Portfolio.summary`, so a
number in the terminal, the page and the JSON is the same number. Texts from stores and
plugins are added as plain text (rich ``Text``, HTML-escaped), never as markup.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from diagrules.core.i18n import format_value
from diagrules.core.model import Severity
from diagrules.core.strings import t
from diagrules.portfolio.strings import pt
from diagrules.render.base import severity_label

#: Rows of the all-stores table on the HTML page; the JSON and XLSX outputs hold every store.
HTML_STORE_ROWS = 2000


def to_json(summary: dict[str, Any]) -> str:
    """The summary as indented JSON (non-ASCII kept readable), ending with a newline."""
    return json.dumps(summary, ensure_ascii=False, indent=2) + "\n"


def _sev(name: str | None, lang: str) -> str:
    return severity_label(Severity.parse(name), lang) if name else "—"


def _pct(value: float | None) -> str:
    return "—" if value is None else format_value(value, "ratio")


def _num(value: Any, unit: str | None = None, lang: str = "en") -> str:
    return "—" if value is None else format_value(value, unit, lang)


def _status(name: str, lang: str) -> str:
    return pt(f"status.{name}", lang)


def _list(items: Sequence[str], lang: str) -> str:
    return t("p.list", lang).join(items)


# -- the shared tables -------------------------------------------------------------------------

Row = list[str]


def sections(summary: dict[str, Any], lang: str) -> list[tuple[str, str | None, list[str], list[Row]]]:
    """``(heading, note, columns, rows)`` of each table, in reading order, as display strings."""
    def c(key: str) -> str:
        return pt(f"col.{key}", lang)

    out: list[tuple[str, str | None, list[str], list[Row]]] = []
    out.append((pt("sec.platforms", lang), None,
                [c("platform"), c("stores"), c("diagnosed"), c("error"), c("invalid")],
                [[p["platform"], str(p["stores"]), str(p["diagnosed"]), str(p["error"]), str(p["invalid"])]
                 for p in summary["platforms"]]))
    out.append((pt("sec.scores", lang), None,
                [c("scorecard"), c("stores"), c("scored"), c("mean"), c("median"), c("tiers")],
                [[s["label"], str(s["stores"]), str(s["scored"]), _num(s["mean"]), _num(s["median"]),
                  _list([f"{x['label']} {x['stores']}" for x in s["tiers"]], lang)]
                 for s in summary["scorecards"]]))
    out.append((pt("sec.findings", lang), None,
                [c("rule"), c("name"), c("severity"), c("affected"), c("share"), c("median_observed"),
                 c("threshold")],
                [[f["rule"], f["name"], _sev(f["severity"], lang), str(f["stores"]), _pct(f["share"]),
                  _num(f["median_observed"], f["unit"], lang),
                  (f["comparison"] + " " if f["comparison"] else "") + _num(f["threshold"], f["unit"], lang)]
                 for f in summary["findings"]]))
    out.append((pt("sec.attention", lang), pt("sec.attention_how", lang),
                [c("rank"), c("store"), c("platform"), c("worst"), c("below_pass"), c("why")],
                [[str(a["rank"]), a["store"], a["platform"] or "", _sev(a["worst"], lang),
                  _num(a["below_pass"]), t("p.comma", lang).join(a["reasons"])]
                 for a in summary["attention"]]))
    ability_rows = [
        [s["label"], a["label"], _num(a["mean"]),
         _list([f"{w['store']} {_num(w['score'])}" for w in a["weakest"]], lang)]
        for s in summary["scorecards"] for a in s["abilities"]
    ]
    out.append((pt("sec.abilities", lang), None, [c("scorecard"), c("ability"), c("mean"), c("weakest_stores")],
                ability_rows))
    out.append((pt("sec.rule_problems", lang), pt("sec.rule_problems_how", lang),
                [c("rule"), c("name"), c("errored"), c("skipped"), c("missing")],
                [[r["rule"], r["name"], str(r["errored"]), str(r["skipped"]),
                  _list([f"{m['data']} ({m['stores']})" for m in r["missing"]]
                        + [x["reason"] for x in r["reasons"]], lang)]
                 for r in summary["rule_problems"]]))
    if summary["invalid"]:
        out.append((pt("sec.invalid", lang), None, [c("store"), c("source"), c("problem")],
                    [[i["store"], i["source"] or "", i["error"] or ""] for i in summary["invalid"]]))
    if summary["problems"]:
        out.append((pt("sec.problems", lang), None, [c("line"), c("problem")],
                    [[str(p["line"]), p["message"]] for p in summary["problems"]]))
    return out


def headline(summary: dict[str, Any], lang: str) -> str:
    totals = summary["totals"]
    return pt("subtitle", lang, stores=f"{totals['stores']:,}", diagnosed=f"{totals['diagnosed'] + totals['error']:,}")


# -- text ------------------------------------------------------------------------------------------


def to_text(summary: dict[str, Any], lang: str, *, width: int = 100, color: bool = False) -> str:
    """The summary as terminal tables (ANSI colour only when ``color``)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      no_color=not color, highlight=False, emoji=False, legacy_windows=False)
    console.print(Text(pt("title", lang), style="bold"))
    console.print(Text(headline(summary, lang)))
    for heading, note, columns, rows in sections(summary, lang):
        console.print()
        console.print(Text(heading, style="bold"))
        if note:
            console.print(Text(note, style="dim"))
        if not rows:
            console.print(Text(pt("none", lang)))
            continue
        table = Table(show_edge=False, pad_edge=False, header_style="bold", expand=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


# -- HTML ------------------------------------------------------------------------------------------

_CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--bar:#0969da;
--critical:#a40e26;--error:#cf222e;--warning:#9a6700;--info:#0969da}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);line-height:1.5;font-size:15px;
font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",sans-serif}
main{max-width:1180px;margin:0 auto;padding:20px 16px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:0 0 20px}
h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.15em;margin:0 0 8px}
.note{color:var(--muted);font-size:.88em;margin:0 0 8px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0 20px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px;background:var(--card)}
.card b{display:block;font-size:1.5em}.card span{color:var(--muted);font-size:.85em}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600;white-space:nowrap}
th[data-sort]{cursor:pointer}th[data-sort]:after{content:" \\2195";color:var(--line)}
td.store{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:16px}.charts figure{margin:0;flex:1 1 340px;max-width:520px}
.charts svg{width:100%;height:auto}figcaption{font-size:.9em;color:var(--muted)}
.sev-critical{color:var(--critical);font-weight:600}.sev-error{color:var(--error);font-weight:600}
.sev-warning{color:var(--warning)}.sev-info{color:var(--info)}
@media (max-width:600px){main{padding:10px 6px}section{padding:12px 10px}table{font-size:.82em}}
"""

_JS = """
document.querySelectorAll("table.sortable").forEach(function(table){
 table.querySelectorAll("th").forEach(function(th,col){
  th.setAttribute("data-sort","");
  th.addEventListener("click",function(){
   var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
   var dir=th.getAttribute("data-dir")==="asc"?-1:1;th.setAttribute("data-dir",dir>0?"asc":"desc");
   rows.sort(function(a,b){
    var x=a.cells[col].getAttribute("data-v"),y=b.cells[col].getAttribute("data-v");
    if(x!==null&&y!==null){return dir*(parseFloat(x)-parseFloat(y));}
    return dir*a.cells[col].textContent.localeCompare(b.cells[col].textContent);
   });
   rows.forEach(function(r){body.appendChild(r);});
  });
 });
});
"""


def _cell(text: str, value: float | None = None, cls: str = "") -> str:
    attrs_ = f' data-v="{value}"' if value is not None else ""
    klass = f' class="{cls}"' if cls else (' class="num"' if value is not None else "")
    return f"<td{attrs_}{klass}>{escape(text)}</td>"


def _table(columns: Sequence[str], rows: Sequence[str], lang: str) -> str:
    if not rows:
        return f"<p>{escape(pt('none', lang))}</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    return (f'<div class="wrap"><table class="sortable"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def histogram_svg(card: dict[str, Any], lang: str) -> str:
    """The score distribution of one scorecard as an inline SVG bar chart (0–100 in bins of 10)."""
    bins = card["bins"]
    peak = max((b["stores"] for b in bins), default=0) or 1
    w, h, left, bottom, top = 400, 200, 34, 26, 14
    bar_w = (w - left - 6) / len(bins)
    parts = [f'<svg viewBox="0 0 {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg" font-size="11">',
             f"<title>{escape(pt('chart.scores', lang, scorecard=card['label']))}</title>"]
    for tick in (0, peak):
        y = h - bottom - (h - bottom - top) * tick / peak
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#59636e">{tick}</text>')
    for i, b in enumerate(bins):
        bh = (h - bottom - top) * b["stores"] / peak
        x = left + i * bar_w
        colour = "#cf222e" if b["to"] <= 60 else "#d4a72c" if b["to"] <= 90 else "#1a7f37"
        parts.append(f'<rect x="{x + 2:.1f}" y="{h - bottom - bh:.1f}" width="{bar_w - 4:.1f}" '
                     f'height="{bh:.1f}" fill="{colour}"><title>{b["from"]}–{b["to"]}: {b["stores"]}</title></rect>')
        if b["stores"]:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{h - bottom - bh - 3:.1f}" text-anchor="middle">'
                         f'{b["stores"]}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{h - 8}" text-anchor="middle" fill="#59636e">{b["from"]}</text>')
    parts.append(f'<line x1="{left}" y1="{h - bottom}" x2="{w - 4}" y2="{h - bottom}" stroke="#d1d9e0"/></svg>')
    return "".join(parts)


def to_html(summary: dict[str, Any], lang: str) -> str:
    """One self-contained page: cards, charts, sortable tables, links to the stores' own reports."""
    def c(key: str) -> str:
        return pt(f"col.{key}", lang)

    totals = summary["totals"]
    cards = "".join(
        f'<div class="card"><b>{totals[k]:,}</b><span>{escape(pt(f"totals.{k}", lang))}</span></div>'
        for k in ("stores", "diagnosed", "error", "invalid", "unreadable")
    )
    body = [f"<h1>{escape(pt('title', lang))}</h1>",
            f'<p class="note">{escape(headline(summary, lang))} · {escape(pt("sort_hint", lang))}</p>',
            f'<div class="cards">{cards}</div>']
    charts = "".join(
        f"<figure>{histogram_svg(s, lang)}<figcaption>{escape(pt('chart.scores', lang, scorecard=s['label']))}"
        f"</figcaption></figure>" for s in summary["scorecards"] if s["scored"]
    )
    for heading, note, columns, rows in sections(summary, lang):
        if heading == pt("sec.attention", lang):
            table = _attention(summary, columns, lang)
        else:
            table = _table(columns, ["<tr>" + "".join(_plain(v) for v in row) + "</tr>" for row in rows], lang)
        extra = f'<div class="charts">{charts}</div>' if heading == pt("sec.scores", lang) and charts else ""
        note_html = f'<p class="note">{escape(note)}</p>' if note else ""
        body.append(f"<section><h2>{escape(heading)}</h2>{note_html}{extra}{table}</section>")
    body.append(_stores(summary, c, lang))
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(pt('title', lang))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + f"\n</main>\n<script>{_JS}</script>\n</body>\n</html>\n")


def _plain(value: str) -> str:
    try:
        return _cell(value, float(value.replace(",", "").rstrip("%")))
    except ValueError:
        return _cell(value)


def _store_link(name: str, link: str | None) -> str:
    if not link:
        return f'<td class="store">{escape(name)}</td>'
    return f'<td class="store"><a href="{escape(link, quote=True)}">{escape(name)}</a></td>'


def _attention(summary: dict[str, Any], columns: Sequence[str], lang: str) -> str:
    rows = [
        "<tr>" + _cell(str(a["rank"]), a["rank"]) + _store_link(a["store"], a["link"]) + _cell(a["platform"] or "")
        + _cell(_sev(a["worst"], lang), int(Severity.parse(a["worst"])) if a["worst"] else 0,
                f"sev-{a['worst']}" if a["worst"] else "")
        + _cell(_num(a["below_pass"]), a["below_pass"]) + _cell(t("p.comma", lang).join(a["reasons"])) + "</tr>"
        for a in summary["attention"]
    ]
    return _table(columns, rows, lang)


def _stores(summary: dict[str, Any], c: Callable[[str], str], lang: str) -> str:
    stores = summary["stores"]
    columns = [c("store"), c("platform"), c("status"), c("score"), c("tier"), c("weakest"), c("worst"),
               c("findings"), c("top_action")]
    rows = []
    for s in stores[:HTML_STORE_ROWS]:
        worst = s["worst"]
        rows.append(
            "<tr>" + _store_link(s["store"], s["link"]) + _cell(s["platform"] or "") + _cell(_status(s["status"], lang))
            + _cell(_num(s["score"]), s["score"] if s["score"] is not None else -1) + _cell(s["tier"] or "")
            + _cell(s["weakest"] or "")
            + _cell(_sev(worst, lang), int(Severity.parse(worst)) if worst else 0, f"sev-{worst}" if worst else "")
            + _cell(str(s["findings"]), s["findings"]) + _cell(s["top_action"] or s["error"] or "") + "</tr>"
        )
    more = ""
    if len(stores) > HTML_STORE_ROWS:
        more = f'<p class="note">{escape(pt("more_rows", lang, n=f"{len(stores) - HTML_STORE_ROWS:,}"))}</p>'
    return f"<section><h2>{escape(pt('sec.stores', lang))}</h2>{_table(columns, rows, lang)}{more}</section>"


__all__ = ["histogram_svg", "sections", "to_html", "to_json", "to_text"]
