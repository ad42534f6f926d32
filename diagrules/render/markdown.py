"""Markdown: a report to paste into an issue, a wiki page or a chat that renders Markdown.

Same order as the terminal report — action plan, findings by severity, scores, what was not
checked — with texts from stores and plugins escaped so that a ``*`` or ``|`` in a product
name cannot break the layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from diagrules.core.i18n import format_value
from diagrules.core.model import Action, Remedy, Report, ScorecardResult, Status
from diagrules.core.safetext import neutralise
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
    outcome_reason,
    paren,
    plan_for,
    plan_steps,
    score_text,
    severity_heading,
    severity_label,
    store_heading,
    stores_summary,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(value: str) -> str:
    """Escape Markdown's special characters in a piece of plain text."""
    return _SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    """The reports as Markdown (several are separated by a horizontal rule)."""
    parts = [_report(r, options, options.source(i)) for i, r in enumerate(reports)]
    if len(reports) > 1:
        failing = sum(1 for r in reports if is_failing(r, options.fail_on))
        parts.append(f"**{stores_summary(len(reports), failing, options.fail_on, options.lang)}**\n")
    return neutralise("\n---\n\n".join(parts))  # control characters from data, shown as escapes


def _report(report: Report, options: RenderOptions, source: str | None) -> str:
    lang = options.lang
    out = [f"# {t('report.title', lang)} · {esc(report.store)}", ""]
    colon = t("p.colon", lang)
    facts = [f"{label}{colon}{esc(value)}" for label, value in store_heading(report, options)]
    if source:
        facts.append(f"{t('report.source', lang)}{colon}`{source}`")
    out += [" · ".join(facts), ""]
    plan = plan_for(report, options)
    out += _plan(report, plan, options)
    steps = plan_steps(plan)
    out += [f"## {t('report.findings', lang)}", ""]
    groups = group_findings(report)
    if not groups:
        out += [t("report.no_findings", lang), ""]
    for severity, members in groups:
        count = sum(len(g.findings) for g in members)
        out += [f"### {severity_heading(severity, lang)}{paren(str(count), lang)}", ""]
        for group in members:
            out += _group(report, group, steps, options)
    for score in report.scores:
        out += _score(score, options)
    out += _unchecked(report, options)
    out += ["---", "", counts_line(report, lang), ""]
    return "\n".join(out)


def _plan(report: Report, plan: Sequence[Action], options: RenderOptions) -> list[str]:
    lang = options.lang
    out = [f"## {t('report.plan', lang)}", ""]
    if not plan:
        return [*out, t("report.no_plan", lang), ""]
    for step, action in enumerate(plan, start=1):
        meta = [
            t("report.effort", lang, effort=effort_label(action.remedy.effort.value, lang)),
            t("report.for_rules", lang, rules=t("p.list", lang).join(action.rules)),
        ]
        if action.items:
            meta.append(esc(items_preview(report, list(action.items), options)))
        out.append(
            f"{step}. **[{severity_label(action.severity, lang)}]** {esc(action.remedy.action.get(lang))}"
            f" — {' · '.join(meta)}"
        )
        if action.remedy.effect is not None:
            label = t("report.effect", lang) + t("p.colon", lang).strip()
            out.append(f"   *{label}* {esc(action.remedy.effect.get(lang))}")
    return [*out, ""]


def _group(report: Report, group: RuleGroup, steps: dict[Remedy, int], options: RenderOptions) -> list[str]:
    lang = options.lang
    title = options.rule_title(group.rule)
    out = [f"#### {group.rule}" + (f" — {esc(title)}" if title else ""), ""]
    for finding in group.findings[: options.max_items]:
        message = finding.message.get(lang)
        shown = item_prefix(report, finding, options)
        prefix = "" if shown is None else f"**{esc(shown)}**{t('p.colon', lang)}"
        proof = evidence(finding, lang)
        out.append(f"- {prefix}{esc(message)}" + (paren(proof, lang) if proof else ""))
    hidden = len(group.findings) - options.max_items
    if hidden > 0:
        out.append(f"- {t('report.more_items', lang, n=hidden)}")
    out.append("")
    in_plan = sorted({steps[r] for r in group.remedies if r in steps})
    others = [r for r in group.remedies if r not in steps]
    if in_plan or others:
        line = f"**{t('report.remedies', lang)}{t('p.colon', lang).strip()}**"
        if in_plan:
            line += " " + t("report.see_plan", lang, steps=t("p.list", lang).join(str(s) for s in in_plan))
        out += [line, ""]
        out += [f"- {esc(r.action.get(lang))}" for r in others]
        if others:
            out.append("")
    return out


def _score(score: ScorecardResult, options: RenderOptions) -> list[str]:
    lang = options.lang
    out = [f"## {t('report.scores', lang)}{t('p.colon', lang)}{esc(score.label.get(lang))}", ""]
    head = f"**{t('report.overall', lang)}** {score_text(score.overall, lang)}"
    if score.overall is not None:
        head += " / 100"
    if score.tier_label is not None:
        head += f" · {t('report.tier', lang)} {esc(score.tier_label.get(lang))}"
    weakest = dimension_label(score, score.weakest, lang)
    if weakest:
        head += f" · {t('report.weakest', lang)} **{esc(weakest)}**"
    for ladder, step in score.extra.items():
        if step is not None:
            name, value = options.ladder(ladder, step)
            head += f" · {esc(name)} {esc(value)}"
    out += [head, ""]
    if score.basis is not None:
        out += [f"*{esc(score.basis.get(lang))}*", ""]
    out += [
        f"| {t('report.dimension', lang)} | {t('report.score', lang)} | {t('report.coverage', lang)} |",
        "|---|---:|---:|",
    ]
    for d in score.dimensions:
        out.append(
            f"| {esc(d.label.get(lang))} | {score_text(d.score, lang)} | {format_value(d.coverage, 'ratio', lang)} |"
        )
    return [*out, ""]


def _unchecked(report: Report, options: RenderOptions) -> list[str]:
    lang = options.lang
    out: list[str] = []
    for status, title in (
        (Status.ERROR, t("report.rule_errors", lang)),
        (Status.SKIPPED, t("report.not_checked", lang)),
        (Status.WAIVED, t("report.waived", lang)),
    ):
        outcomes = [o for o in report.outcomes if o.status is status]
        if not outcomes:
            continue
        out += [f"## {title}{paren(str(len(outcomes)), lang)}", ""]
        for o in outcomes:
            name = options.rule_title(o.rule) or o.name
            out.append(f"- **{o.rule}** {esc(name)}{t('p.dash', lang)}{esc(outcome_reason(o, options))}")
        out.append("")
    return out
