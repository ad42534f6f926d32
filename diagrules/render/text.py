"""The terminal report (rich): action plan first, then findings grouped by severity.

Colour is used only when :attr:`RenderOptions.color` says so (the CLI sets it for a terminal);
piped output is plain text with the same layout, so it can be pasted into a chat or an e-mail.
Texts from stores and plugins are added as plain :class:`rich.text.Text`, never as markup, so
a store called ``[bold]`` prints as written. Lists are laid out as two-column grids so that
wrapped lines hang under their text instead of under the bullet.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table

from diagrules.core.i18n import format_value, localized
from diagrules.core.model import Action, Remedy, Report, ScorecardResult, Severity, Status
from diagrules.core.safetext import terminal
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
    item_prefix,
    items_preview,
    outcome_note,
    outcome_reason,
    paren,
    plan_for,
    plan_steps,
    score_style,
    score_text,
    severity_heading,
    severity_label,
    store_heading,
    stores_summary,
)
from diagrules.render.wrap import WrappingText as Text

SEVERITY_STYLES: dict[Severity, str] = {
    Severity.CRITICAL: "bold white on red",
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
}
BAR_WIDTH = 20


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    """The reports as terminal text (with ANSI colour codes when ``options.color``)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for index, report in enumerate(reports):
        if index:
            console.print()
        _report(console, report, options, options.source(index))
    if len(reports) > 1:
        failing = sum(1 for r in reports if is_failing(r, options.fail_on))
        console.print()
        console.rule(style="dim")
        console.print(Text(stores_summary(len(reports), failing, options.fail_on, options.lang), style="bold"))
    text = "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
    return terminal(text, keep_colour=options.color)  # data's own ESC/OSC sequences are shown, not obeyed




def _grid(indent: int, marker_width: int) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=indent, no_wrap=True)
    grid.add_column(width=marker_width, no_wrap=True, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    return grid


def _row(grid: Table, marker: str | Text, body: RenderableType) -> None:
    grid.add_row("", marker, body)


def _report(console: Console, report: Report, options: RenderOptions, source: str | None) -> None:
    lang = options.lang
    console.rule(Text(f"{t('report.title', lang)} · {report.store}", style="bold"), align="left")
    facts = [f"{label} {value}" for label, value in store_heading(report, options)]
    if source:
        facts.append(f"{t('report.source', lang)} {source}")
    console.print(Text(" · ".join(facts), style="dim"))
    plan = plan_for(report, options)
    _plan(console, report, plan, options)
    _findings(console, report, plan_steps(plan), options)
    for score in report.scores:
        _score(console, score, options)
    _unchecked(console, report, options)
    console.print()
    summary = Text(counts_line(report, lang))
    worst = report.worst_severity()
    if worst is not None:
        summary.append(" · ")
        summary.append(t("report.worst", lang, severity=severity_label(worst, lang)), style=SEVERITY_STYLES[worst])
    console.print(summary)


def _heading(console: Console, title: str, style: str = "bold") -> None:
    console.print()
    console.print(Text(title, style=style))


def _plan(console: Console, report: Report, plan: Sequence[Action], options: RenderOptions) -> None:
    lang = options.lang
    _heading(console, t("report.plan", lang), "bold underline")
    if not plan:
        console.print(Text("  " + t("report.no_plan", lang), style="green"))
        return
    grid = _grid(0, len(str(len(plan))) + 1)
    for step, action in enumerate(plan, start=1):
        body = Text()
        body.append(f"[{severity_label(action.severity, lang)}] ", style=SEVERITY_STYLES[action.severity])
        body.append(action.remedy.action.get(lang))
        meta = [
            t("report.effort", lang, effort=effort_label(action.remedy.effort.value, lang)),
            t("report.for_rules", lang, rules=t("p.list", lang).join(action.rules)),
        ]
        if action.items:
            meta.append(items_preview(report, list(action.items), options))
        body.append("\n" + " · ".join(meta), style="dim")
        if action.remedy.effect is not None:
            body.append("\n→ " + action.remedy.effect.get(lang), style="green")
        _row(grid, f"{step}.", body)
    console.print(grid)




def _findings(console: Console, report: Report, steps: dict[Remedy, int], options: RenderOptions) -> None:
    lang = options.lang
    groups = group_findings(report)
    _heading(console, t("report.findings", lang), "bold underline")
    if not groups:
        console.print(Text("  " + t("report.no_findings", lang), style="green"))
        return
    for severity, members in groups:
        count = sum(len(g.findings) for g in members)
        _heading(console, severity_heading(severity, lang) + paren(str(count), lang), SEVERITY_STYLES[severity])
        for group in members:
            _group(console, report, group, steps, options)


def _group(
    console: Console, report: Report, group: RuleGroup, steps: dict[Remedy, int], options: RenderOptions
) -> None:
    lang = options.lang
    head = Text(" " + group.rule, style="bold")
    title = options.rule_title(group.rule) or _rule_name(report, group.rule)
    if title:
        head.append(" " + title)
    console.print(head)
    grid = _grid(1, 1)
    shown = group.findings[: options.max_items]
    for finding in shown:
        line = Text()
        message = finding.message.get(lang)
        prefix = item_prefix(report, finding, options)
        if prefix is not None:
            line.append(prefix + t("p.colon", lang), style="bold")
        line.append(message)
        proof = evidence(finding, lang)
        if proof:
            line.append(paren(proof, lang), style="dim")
        _row(grid, "•", line)
    hidden = len(group.findings) - len(shown)
    if hidden > 0:
        _row(grid, "", Text(t("report.more_items", lang, n=hidden), style="dim"))
    in_plan = sorted({steps[r] for r in group.remedies if r in steps})
    if in_plan:
        ref = t("report.see_plan", lang, steps=t("p.list", lang).join(str(s) for s in in_plan))
        _row(grid, "→", Text(t("report.remedies", lang) + t("p.colon", lang) + ref, style="green"))
    for remedy in group.remedies:
        if remedy not in steps:
            line = Text(remedy.action.get(lang), style="green")
            if remedy.basis is not None:
                line.append(paren(t(f"basis.{remedy.basis}", lang), lang), style="dim")
            _row(grid, "→", line)
    console.print(grid)


def _rule_name(report: Report, rule: str) -> str:
    for outcome in report.outcomes:
        if outcome.rule == rule:
            return outcome.name
    return ""


def _score(console: Console, score: ScorecardResult, options: RenderOptions) -> None:
    lang = options.lang
    _heading(console, t("report.scores", lang) + t("p.colon", lang) + score.label.get(lang), "bold underline")
    head = Text(f"  {t('report.overall', lang)} ")
    head.append(score_text(score.overall, lang), style="bold")
    if score.overall is not None:
        head.append(" / 100")
    if score.tier_label is not None:
        head.append(f" · {t('report.tier', lang)} {score.tier_label.get(lang)}")
    weakest = dimension_label(score, score.weakest, lang)
    if weakest:
        head.append(f" · {t('report.weakest', lang)} ")
        head.append(weakest, style="bold yellow")
    for ladder, step in score.extra.items():
        if step is not None:
            name, value = options.ladder(ladder, step)
            head.append(f" · {name} {value}")
    console.print(head)
    if score.basis is not None:
        console.print(Text("  " + score.basis.get(lang), style="dim"))
    width = max((cell_len(d.label.get(lang)) for d in score.dimensions), default=0)
    for d in score.dimensions:
        label = d.label.get(lang)
        line = Text("  " + label + " " * (width - cell_len(label) + 2))
        if d.score is None:
            line.append("░" * BAR_WIDTH, style="dim")
            line.append("  " + t("report.no_score", lang), style="dim")
        else:
            filled = round(d.score / 100 * BAR_WIDTH)
            line.append("█" * filled, style=score_style(d.score))
            line.append("░" * (BAR_WIDTH - filled), style="dim")
            line.append(f"  {score_text(d.score, lang):>6}")
        if d.coverage < 1:
            coverage = format_value(d.coverage, "ratio", lang)
            line.append(" " + paren(f"{t('report.coverage', lang)} {coverage}", lang), style="dim")
        console.print(line)






def _unchecked(console: Console, report: Report, options: RenderOptions) -> None:
    lang = options.lang
    if report.input_errors:
        _heading(console, t("report.input_errors", lang) + paren(str(len(report.input_errors)), lang), "bold red")
        console.print(Text(t("report.input_errors_note", lang), style="dim"))
        grid = _grid(1, 1)
        for problem in report.input_errors:
            _row(grid, "•", Text(localized(problem, lang) or ""))
        console.print(grid)
    sections = (
        (Status.ERROR, t("report.rule_errors", lang), "bold red"),
        (Status.SKIPPED, t("report.not_checked", lang), "bold"),
        (Status.WAIVED, t("report.waived", lang), "bold"),
    )
    for status, title, style in sections:
        outcomes = [o for o in report.outcomes if o.status is status]
        if not outcomes:
            continue
        _heading(console, title + paren(str(len(outcomes)), lang), style)
        grid = _grid(1, 1)
        for o in outcomes:
            line = Text(o.rule, style="bold")
            title_text = options.rule_title(o.rule) or o.name
            line.append(f" {title_text}{t('p.dash', lang)}")
            line.append(outcome_reason(o, options), style="dim")
            note = outcome_note(o, lang)
            if note:
                line.append(paren(note, lang), style="dim")
            _row(grid, "•", line)
        console.print(grid)
