"""HTML: one self-contained page per run that works offline and prints well.

Everything is inline — styles, and the scorecard's ability radar drawn here as SVG — so the
file can be mailed to a store owner or opened on a laptop with no network. The page follows
the reading order of an operator: summary, the action plan, scores with the radar, findings
with their remedies, what was not checked, and every rule's outcome in a closing table.
Every text that comes from a store or a plugin is HTML-escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from diagrules.core.i18n import format_value
from diagrules.core.model import Action, Remedy, Report, ScorecardResult, Severity, Status, score_key
from diagrules.core.strings import t
from diagrules.render.base import (
    RenderOptions,
    RuleGroup,
    counts_line,
    dimension_label,
    effort_label,
    evidence,
    group_findings,
    is_failing,
    item_label,
    item_prefix,
    outcome_reason,
    paren,
    plan_for,
    plan_steps,
    score_text,
    severity_heading,
    severity_label,
    status_label,
    store_heading,
    stores_summary,
)
from diagrules.render.trendchart import section as trend_section

#: Item-level findings beyond this many per rule are folded into a <details> element.
FOLD_AFTER = 10

_CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;
--critical:#a40e26;--error:#cf222e;--warning:#9a6700;--info:#0969da;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);line-height:1.55;
font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",sans-serif;font-size:15px}
main{max-width:980px;margin:0 auto;padding:24px 20px 48px}
section.report{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:24px 28px;margin-bottom:28px}
h1{font-size:1.55em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 10px;padding-bottom:4px;
border-bottom:1px solid var(--line)}h3{font-size:1.05em;margin:18px 0 8px}
h4{font-size:1em;margin:0 0 6px}
.facts{color:var(--muted);margin:0 0 4px}.fact{white-space:nowrap}
.facts.source{font-size:.85em;overflow-wrap:anywhere;margin-bottom:14px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0 4px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:104px;background:var(--bg)}
.card b{display:block;font-size:1.5em;line-height:1.2}.card span{color:var(--muted);font-size:.85em}
.card.critical b{color:var(--critical)}.card.error b{color:var(--error)}
.card.warning b{color:var(--warning)}.card.info b{color:var(--info)}.card.ok b{color:var(--ok)}
.sev{display:inline-block;border-radius:999px;padding:0 9px;font-size:.8em;font-weight:600;
color:#fff;margin-right:6px;vertical-align:1px;white-space:nowrap}
.sev.critical{background:var(--critical)}.sev.error{background:var(--error)}
.sev.warning{background:var(--warning)}.sev.info{background:var(--info)}
ol.plan{padding-left:1.6em;margin:0}ol.plan li{margin:0 0 10px;padding-left:4px}
.meta{color:var(--muted);font-size:.88em}.effect{color:var(--ok);font-size:.92em}
.group{border-left:4px solid var(--line);padding:8px 14px;margin:0 0 14px;background:var(--bg);
border-radius:0 8px 8px 0}
.group.critical{border-color:var(--critical)}.group.error{border-color:var(--error)}
.group.warning{border-color:var(--warning)}.group.info{border-color:var(--info)}
.group ul{margin:4px 0 6px;padding-left:1.3em}.group li{margin:2px 0}
.evidence{color:var(--muted);font-size:.88em;white-space:nowrap}
.remedies{margin-top:6px}.remedies b{font-size:.9em}
.remedies ul{margin:2px 0 0}.remedies li{color:var(--fg)}
.rid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.scores{display:flex;flex-wrap:wrap;gap:18px;align-items:center}
.radar{flex:0 1 auto;max-width:100%}.radar svg{display:block;max-width:100%;height:auto}
.legend{list-style:none;margin:4px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;
color:var(--muted);font-size:.85em}
.legend i{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:4px;vertical-align:0}
.legend i.ring{width:20px;height:0;border-radius:0;border-top:1.5px dashed #9a6700;vertical-align:3px}
.legend i.none{background:#fff;border:1.5px solid #8c959f}
.trend-grid{display:flex;flex-wrap:wrap;gap:10px 24px}
.trend{margin:0;display:flex;flex-direction:column;gap:2px;break-inside:avoid}
.trend figcaption{font-size:13px;color:#444}.trend svg{color:#2b6cb0;max-width:100%;height:auto}
.trend-values{font-size:12px;color:#555;font-variant-numeric:tabular-nums}
.scores table{flex:1 1 300px}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top;
word-break:keep-all;overflow-wrap:anywhere}
td.rid,td.status,th{white-space:nowrap}
th{color:var(--muted);font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:8px;border-radius:4px;background:var(--line);width:120px;
vertical-align:middle;margin-right:8px;overflow:hidden}
.bar i{display:block;height:100%}
.bar i.low{background:var(--error)}.bar i.mid{background:#d4a72c}.bar i.high{background:var(--ok)}
h3.sev-head.critical{color:var(--critical)}h3.sev-head.error{color:var(--error)}
h3.sev-head.warning{color:var(--warning)}h3.sev-head.info{color:var(--info)}
.headline{font-size:1.05em;margin:0 0 8px}
.status-failed{color:var(--error)}.status-passed{color:var(--ok)}.status-error{color:var(--critical)}
.status-skipped,.status-waived,.status-not_applicable{color:var(--muted)}
details summary{cursor:pointer;color:var(--info)}
footer{color:var(--muted);font-size:.85em;margin-top:24px}
.total{font-weight:600;margin:0 0 20px}
/* A phone: the radar's labels would shrink to a few pixels, so the score table with its bars
   stands in for it; long evidence wraps instead of widening the page. */
@media (max-width:600px){body{font-size:14px}main{padding:10px 8px 24px}
section.report{padding:14px 12px;border-radius:8px}.radar{display:none}
.evidence{white-space:normal}.bar{width:64px}th,td{padding:4px 5px}
.outcomes th:nth-child(4),.outcomes td:nth-child(4){display:none}}
/* Paper: A4, headings kept with what follows, cards whole, folded sections printed open. */
@page{size:A4;margin:14mm 12mm}
@media print{body{background:#fff;font-size:10.5pt}main{max-width:none;padding:0}
section.report{border:0;padding:0;margin:0}section.report+section.report{break-before:page}
h2,h3,h4{break-after:avoid}.group,ol.plan li,.card,.scores,.radar,tr{break-inside:avoid}
details::details-content{content-visibility:visible;display:block}
details>summary{list-style:none;color:var(--fg);font-weight:600}
.radar svg{max-height:85mm;width:auto}}
"""

_SEV_CLASS = {s: s.label for s in Severity}


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    """A complete HTML document for ``reports``."""
    lang = options.lang
    if len(reports) == 1:
        title = f"{t('report.title', lang)} · {reports[0].store}"
    else:
        title = f"{t('report.title', lang)} · {len(reports)} {t('report.stores', lang)}"
    body: list[str] = []
    if len(reports) > 1:
        failing = sum(1 for r in reports if is_failing(r, options.fail_on))
        body.append(f'<p class="total">{escape(stores_summary(len(reports), failing, options.fail_on, lang))}</p>')
    body += [_report(r, options, options.source(i), i) for i, r in enumerate(reports)]
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _report(report: Report, options: RenderOptions, source: str | None, index: int) -> str:
    lang = options.lang
    colon = t("p.colon", lang)
    facts = [
        f'<span class="fact">{escape(label)}{colon}{escape(value)}</span>'
        for label, value in store_heading(report, options)
    ]
    source_html = ""
    if source:
        source_html = f'<p class="facts source">{escape(t("report.source", lang))}{colon}<code>{escape(source)}</code></p>'

    plan = plan_for(report, options)
    parts = [
        f'<section class="report" id="store-{index + 1}">',
        f"<h1>{escape(t('report.title', lang))} · {escape(report.store)}</h1>",
        f'<p class="facts">{" · ".join(facts)}</p>{source_html}',
        _cards(report, lang),
        _plan(report, plan, options),
    ]
    parts += [_score(s, options) for s in report.scores]
    parts.append(_trends(report, options))
    parts.append(f'<div id="findings-{index + 1}">' + _findings(report, plan_steps(plan), options) + "</div>")
    parts.append(_unchecked(report, options, index))
    parts.append(_outcomes(report, options))
    footer = counts_line(report, lang)
    if report.generated_by:
        footer += " · " + t("report.generated", lang, by=report.generated_by)
    parts.append(f"<footer>{escape(footer)}</footer>")
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _trends(report: Report, options: RenderOptions) -> str:
    """Trend charts when the report was made with a history (``Report.trends``)."""
    if not report.trends:
        return ""
    labels = dict(options.metric_labels)
    for card in report.scores:
        labels.update({score_key(card.scorecard, d.dimension): d.label for d in card.dimensions})
    return trend_section(report.trends, labels, options.metric_units, options.lang)


def _cards(report: Report, lang: str) -> str:
    counts = {s: 0 for s in Severity}
    for f in report.findings:
        counts[f.severity] += 1
    cards = [
        f'<div class="card {_SEV_CLASS[s]}"><b>{counts[s]}</b><span>{escape(severity_heading(s, lang))}</span></div>'
        for s in sorted(Severity, reverse=True)
    ]
    status_counts = report.counts()
    passed = status_counts[Status.PASSED.value]
    cards.append(
        f'<div class="card ok"><b>{passed}/{len(report.outcomes)}</b>'
        f"<span>{escape(t('report.rules_passed', lang))}</span></div>"
    )
    for score in report.scores:
        cards.append(
            f'<div class="card"><b>{escape(score_text(score.overall, lang))}</b>'
            f"<span>{escape(score.label.get(lang))}</span></div>"
        )
    return '<div class="cards">' + "".join(cards) + "</div>"


def _sev(severity: Severity, lang: str) -> str:
    return f'<span class="sev {_SEV_CLASS[severity]}">{escape(severity_label(severity, lang))}</span>'


def _plan(report: Report, plan: Sequence[Action], options: RenderOptions) -> str:
    lang = options.lang
    head = f"<h2>{escape(t('report.plan', lang))}</h2>"
    if not plan:
        return head + f"<p>{escape(t('report.no_plan', lang))}</p>"
    items = []
    for action in plan:
        meta = [
            t("report.effort", lang, effort=effort_label(action.remedy.effort.value, lang)),
            t("report.for_rules", lang, rules=t("p.list", lang).join(action.rules)),
        ]
        if action.items:
            shown = t("p.list", lang).join(item_label(report, i, options) for i in action.items[: FOLD_AFTER])
            if len(action.items) > FOLD_AFTER:
                shown += " " + t("report.more_items", lang, n=len(action.items) - FOLD_AFTER)
            meta.append(t("report.items", lang) + t("p.colon", lang) + shown)
        effect = ""
        if action.remedy.effect is not None:
            effect = f'<div class="effect">→ {escape(action.remedy.effect.get(lang))}</div>'
        items.append(
            f"<li>{_sev(action.severity, lang)}{escape(action.remedy.action.get(lang))}"
            f'<div class="meta">{escape(" · ".join(meta))}</div>{effect}</li>'
        )
    return head + '<ol class="plan">' + "".join(items) + "</ol>"


def _findings(report: Report, steps: dict[Remedy, int], options: RenderOptions) -> str:
    lang = options.lang
    out = [f"<h2>{escape(t('report.findings', lang))}</h2>"]
    groups = group_findings(report)
    if not groups:
        out.append(f"<p>{escape(t('report.no_findings', lang))}</p>")
    for severity, members in groups:
        count = sum(len(g.findings) for g in members)
        out.append(f'<h3 class="sev-head {_SEV_CLASS[severity]}">{escape(severity_heading(severity, lang) + paren(str(count), lang))}</h3>')
        out += [_group(report, g, steps, options) for g in members]
    return "\n".join(out)


def _group(report: Report, group: RuleGroup, steps: dict[Remedy, int], options: RenderOptions) -> str:
    lang = options.lang
    title = options.rule_title(group.rule)
    head = f'<h4><span class="rid">{escape(group.rule)}</span>' + (f" {escape(title)}" if title else "") + "</h4>"
    lines = []
    for finding in group.findings:
        message = finding.message.get(lang)
        shown = item_prefix(report, finding, options)
        prefix = "" if shown is None else f"<b>{escape(shown)}</b>{t('p.colon', lang)}"
        proof = evidence(finding, lang)
        proof_html = f' <span class="evidence">{escape(paren(proof, lang).strip())}</span>' if proof else ""
        lines.append(f"<li>{prefix}{escape(message)}{proof_html}</li>")
    listing = "<ul>" + "".join(lines[:FOLD_AFTER]) + "</ul>"
    if len(lines) > FOLD_AFTER:
        more = t("report.more_items", lang, n=len(lines) - FOLD_AFTER)
        listing += f"<details><summary>{escape(more)}</summary><ul>{''.join(lines[FOLD_AFTER:])}</ul></details>"
    remedies = []
    for remedy in group.remedies:
        meta = [t("report.priority", lang, priority=remedy.priority),
                t("report.effort", lang, effort=effort_label(remedy.effort.value, lang))]
        if remedy.basis is not None:  # whose advice this is: the cited source's or diagrules' own
            meta.append(t(f"basis.{remedy.basis}", lang))
        if remedy in steps:
            meta.append(t("report.see_plan", lang, steps=steps[remedy]))
        effect = f'<div class="effect">→ {escape(remedy.effect.get(lang))}</div>' if remedy.effect else ""
        remedies.append(
            f'<li>{escape(remedy.action.get(lang))} <span class="meta">{escape(paren(" · ".join(meta), lang).strip())}</span>{effect}</li>'
        )
    remedy_html = ""
    if remedies:
        remedy_html = (
            f'<div class="remedies"><b>{escape(t("report.remedies", lang))}</b><ul>{"".join(remedies)}</ul></div>'
        )
    return f'<article class="group {_SEV_CLASS[group.severity]}">{head}{listing}{remedy_html}</article>'


def _score(score: ScorecardResult, options: RenderOptions) -> str:
    lang = options.lang
    head = f"<h2>{escape(t('report.scores', lang))}{t('p.colon', lang)}{escape(score.label.get(lang))}</h2>"
    line = [f"{escape(t('report.overall', lang))} <b>{escape(score_text(score.overall, lang))}</b>"
            + (" / 100" if score.overall is not None else "")]
    if score.tier_label is not None:
        line.append(f"{escape(t('report.tier', lang))} <b>{escape(score.tier_label.get(lang))}</b>")
    weakest = dimension_label(score, score.weakest, lang)
    if weakest:
        line.append(f"{escape(t('report.weakest', lang))} <b>{escape(weakest)}</b>")
    for ladder, step in score.extra.items():
        if step is not None:
            name, value = options.ladder(ladder, step)
            line.append(f"{escape(name)} <b>{escape(value)}</b>")
    rows = []
    for d in score.dimensions:
        bar = ""
        if d.score is not None:
            level = "high" if d.score >= 90 else "mid" if d.score >= 60 else "low"
            bar = f'<span class="bar"><i class="{level}" style="width:{d.score:.0f}%"></i></span>'
        rows.append(
            f"<tr><td>{escape(d.label.get(lang))}</td><td>{bar}{escape(score_text(d.score, lang))}</td>"
            f'<td class="num">{escape(format_value(d.coverage, "ratio", lang))}</td></tr>'
        )
    table = (
        f"<table><thead><tr><th>{escape(t('report.dimension', lang))}</th><th>{escape(t('report.score', lang))}</th>"
        f'<th class="num">{escape(t("report.coverage", lang))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    radar = f'<div class="radar">{radar_svg(score, lang)}{_legend(lang)}</div>' if len(score.dimensions) >= 3 else ""
    basis = f'<p class="meta">{escape(score.basis.get(lang))}</p>' if score.basis is not None else ""
    return f'{head}<p class="headline">{" · ".join(line)}</p>{basis}<div class="scores">{radar}{table}</div>'


def radar_svg(score: ScorecardResult, lang: str, size: int = 380) -> str:
    """The scorecard's dimensions as a radar (spider) chart, as an inline SVG element.

    Rings mark 20-point steps; the dashed ring is the pass line (60). A dimension without
    enough data is left out of the shape — its axis is dotted, with a hollow marker, and
    labelled "not enough data" — because unknown is not zero.
    """
    n = len(score.dimensions)
    widest = max(_text_width(f"{d.label.get(lang)} {score_text(d.score, lang)}") for d in score.dimensions)
    margin_x, margin_y = max(90, min(240, widest + 24)), 42
    radius = size / 2 - 20
    width, height = size + 2 * margin_x, size + 2 * margin_y
    cx, cy = width / 2, height / 2

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, min(100.0, value)) / 100.0
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def polygon(values: Sequence[float]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))

    title = escape(f"{t('report.radar_title', lang)}{t('p.colon', lang)}{score.label.get(lang)}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
    ]
    for ring in (20, 40, 60, 80, 100):
        dash = ' stroke-dasharray="5 4" stroke="#9a6700"' if ring == 60 else ' stroke="#d1d9e0"'
        parts.append(f'<polygon points="{polygon([ring] * n)}" fill="none"{dash} stroke-width="1"/>')
        if ring < 100:
            between = -math.pi / 2 - math.pi / n
            x = cx + radius * ring / 100 * math.cos(between) * math.cos(math.pi / n)
            y = cy + radius * ring / 100 * math.sin(between) * math.cos(math.pi / n)
            parts.append(
                f'<text x="{x:.1f}" y="{y + 3:.1f}" text-anchor="middle" font-size="10" fill="#8c959f">{ring}</text>'
            )
    for i in range(n):
        x, y = point(i, 100)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d1d9e0"/>')
    known = [(i, d.score) for i, d in enumerate(score.dimensions) if d.score is not None]
    if len(known) >= 2:
        shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in known))
        parts.append(f'<polygon points="{shape}" fill="rgba(9,105,218,0.18)" stroke="#0969da" stroke-width="2"/>')
    for i, d in enumerate(score.dimensions):
        if d.score is None:
            x, y = point(i, 100)
            parts.append(
                f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#8c959f" '
                'stroke-dasharray="2 3"/>'
            )
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#fff" stroke="#8c959f" stroke-width="1.5"/>')
        else:
            x, y = point(i, d.score)
            color = "#1a7f37" if d.score >= 90 else "#d4a72c" if d.score >= 60 else "#cf222e"
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{color}"/>')
        lx, ly = point(i, 112)
        anchor = "middle" if abs(lx - cx) < 1 else ("start" if lx > cx else "end")
        if ly < cy - radius * 0.9:
            ly -= 6
        elif ly > cy + radius * 0.9:
            ly += 14
        else:
            ly += 5
        weight = ' font-weight="700"' if d.dimension == score.weakest else ""
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="13" fill="#1f2328"{weight}>'
            f'{escape(d.label.get(lang))} <tspan fill="#59636e" font-weight="400">'
            f"{escape(score_text(d.score, lang))}</tspan></text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(lang: str) -> str:
    """What the radar's marks mean: the dashed pass ring and the colour of each dot."""
    def dot(fill: str) -> str:
        return f'<i aria-hidden="true" style="background:{fill}"></i>'

    items = [
        ('<i class="ring" aria-hidden="true"></i>', "report.legend_pass"), (dot("#1a7f37"), "report.legend_excellent"),
        (dot("#d4a72c"), "report.legend_ok"), (dot("#cf222e"), "report.legend_low"),
        ('<i class="none" aria-hidden="true"></i>', "report.legend_unknown"),
    ]
    return '<ul class="legend">' + "".join(f"<li>{mark}{escape(t(key, lang))}</li>" for mark, key in items) + "</ul>"


def _text_width(text: str, size: float = 13) -> int:
    """A rough rendered width in pixels: CJK characters are square, Latin ones about half."""
    return round(sum(size if ord(c) > 0x2E80 else size * 0.6 for c in text))


def _unchecked(report: Report, options: RenderOptions, index: int) -> str:
    lang = options.lang
    out = []
    for status, title in (
        (Status.ERROR, t("report.rule_errors", lang)),
        (Status.SKIPPED, t("report.not_checked", lang)),
        (Status.WAIVED, t("report.waived", lang)),
    ):
        outcomes = [o for o in report.outcomes if o.status is status]
        if not outcomes:
            continue
        items = []
        for o in outcomes:
            name = options.rule_title(o.rule) or o.name
            items.append(
                f'<li><span class="rid">{escape(o.rule)}</span> {escape(name)}{escape(t("p.dash", lang))}'
                f'<span class="meta">{escape(outcome_reason(o, options))}</span></li>'
            )
        anchor = f"{status.value}-{index + 1}"
        out.append(f'<h2 id="{anchor}">{escape(title + paren(str(len(outcomes)), lang))}</h2><ul>{"".join(items)}</ul>')
    return "\n".join(out)


def _outcomes(report: Report, options: RenderOptions) -> str:
    lang = options.lang
    rows = []
    for o in report.outcomes:
        name = options.rule_title(o.rule) or o.name
        reason = outcome_reason(o, options) if o.status not in (Status.PASSED, Status.FAILED) else ""
        rows.append(
            f'<tr><td class="rid">{escape(o.rule)}</td><td>{escape(name)}</td>'
            f'<td class="status status-{o.status.value}">{escape(status_label(o.status, lang))}</td>'
            f"<td>{escape(severity_label(o.severity, lang))}</td><td>{escape(reason)}</td></tr>"
        )
    return (
        f"<details><summary>{escape(t('report.all_outcomes', lang) + paren(str(len(report.outcomes)), lang))}</summary>"
        f"<table class=\"outcomes\"><thead><tr><th>{escape(t('report.rule', lang))}</th><th>{escape(t('cat.title', lang))}</th>"
        f"<th>{escape(t('report.status', lang))}</th><th>{escape(t('cat.severity', lang))}</th>"
        f"<th>{escape(t('report.reason', lang))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )
