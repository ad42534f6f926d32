"""What every renderer shares: the options it is given and the way findings are grouped.

Renderers get :class:`RenderOptions` rather than the engine or registry: the language, whether
to colour, and the labels (rule titles, metric names) the caller looked up for them. That keeps
rendering a pure function of a report, usable on a report read back from JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from diagrules.core.i18n import Text, distinct_values, format_value, localized
from diagrules.core.model import (
    Action,
    Finding,
    Remedy,
    Report,
    RuleOutcome,
    ScorecardResult,
    Severity,
    Status,
    action_plan,
)
from diagrules.core.strings import has, label, t

if TYPE_CHECKING:
    from diagrules.plugins.registry import Registry

COMPARISON_SYMBOLS: dict[str, str] = {
    ">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "=": "=", "!=": "≠",
}


@attrs.frozen
class RenderOptions:
    """How to render: language, colour, width, and labels looked up by the caller.

    ``sources`` is aligned with the reports given to a renderer (the file or line each store
    came from). ``max_items`` caps the item-level findings listed per rule in the text and
    markdown formats; the HTML, JSON, SARIF and JUnit formats list them all. ``pretty`` indents
    the JSON formats for people (``--pretty``); programs get compact JSON.
    """

    lang: str = "en"
    color: bool = False
    width: int = 100
    fail_on: Severity = Severity.WARNING
    sources: tuple[str | None, ...] = ()
    rule_titles: Mapping[str, Text] = attrs.field(factory=dict)
    metric_labels: Mapping[str, Text] = attrs.field(factory=dict)
    platform_labels: Mapping[str, Text] = attrs.field(factory=dict)
    ladder_labels: Mapping[str, Text] = attrs.field(factory=dict)
    metric_units: Mapping[str, str] = attrs.field(factory=dict)
    plan_limit: int = 5
    max_items: int = 10
    pretty: bool = False

    def source(self, index: int) -> str | None:
        return self.sources[index] if index < len(self.sources) else None

    def rule_title(self, rule: str) -> str | None:
        title = self.rule_titles.get(rule)
        return title.get(self.lang) if title is not None else None

    def metric_label(self, metric: str) -> str:
        label = self.metric_labels.get(metric)
        return label.get(self.lang) if label is not None else metric

    def ladder(self, ladder: str, step: object) -> tuple[str, str]:
        """A scorecard ladder and the step reached, as labels (``("Payment-amount tier", "L2 ($1k–5k)")``)."""
        name = self.ladder_labels.get(ladder)
        value = self.ladder_labels.get(f"{ladder}/{step}")
        return (name.get(self.lang) if name else ladder, value.get(self.lang) if value else str(step))

    def platform_label(self, platform: str) -> str:
        label = self.platform_labels.get(platform)
        return label.get(self.lang) if label is not None else platform


def options_from_registry(registry: Registry, **kwargs: Any) -> RenderOptions:
    """RenderOptions whose rule titles and metric labels come from ``registry``."""
    titles = {rid: r.title for rid, r in registry.rules.items()}
    from diagrules.engine.labels import data_labels

    labels = data_labels(registry)
    platforms = {pid: p.label for pid, p in registry.platforms.items()}
    ladders: dict[str, Text] = {}
    for scorecard in registry.scorecards.values():
        for ladder in scorecard.ladders:
            ladders[ladder.id] = ladder.label
            ladders.update({f"{ladder.id}/{step.id}": step.label for step in ladder.steps})
    units = {name: str(m.unit) for name, m in registry.metrics.items()}
    labelled = RenderOptions(rule_titles=titles, metric_labels=labels, platform_labels=platforms,
                             ladder_labels=ladders, metric_units=units)
    return attrs.evolve(labelled, **kwargs)


@attrs.frozen
class RuleGroup:
    """The findings of one rule in one report, with the worst severity among them."""

    rule: str
    severity: Severity
    findings: tuple[Finding, ...]

    @property
    def remedies(self) -> tuple[Remedy, ...]:
        """The distinct remedies of the group's findings, in the order first seen."""
        seen: dict[Remedy, None] = {}
        for f in self.findings:
            for r in f.remedies:
                seen.setdefault(r, None)
        return tuple(seen)


def group_findings(report: Report) -> list[tuple[Severity, list[RuleGroup]]]:
    """Findings grouped by severity (worst first), then by rule (by id)."""
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f)
    groups = [RuleGroup(rule, max(f.severity for f in fs), tuple(fs)) for rule, fs in by_rule.items()]
    result: list[tuple[Severity, list[RuleGroup]]] = []
    for sev in sorted(Severity, reverse=True):
        members = sorted((g for g in groups if g.severity == sev), key=lambda g: g.rule)
        if members:
            result.append((sev, members))
    return result


def plan_for(report: Report, options: RenderOptions) -> list[Action]:
    return action_plan(report, limit=options.plan_limit)


def plan_steps(plan: Sequence[Action]) -> dict[Remedy, int]:
    """Remedy → its 1-based step number in the action plan."""
    return {a.remedy: i for i, a in enumerate(plan, start=1)}


def severity_label(severity: Severity, lang: str) -> str:
    return t(f"severity.{severity.label}", lang)


def severity_heading(severity: Severity, lang: str) -> str:
    return t(f"severities.{severity.label}", lang)


def status_label(status: Status, lang: str) -> str:
    return t(f"status.{status.value}", lang)


def effort_label(effort: str, lang: str) -> str:
    return t(f"effort.{effort}", lang)


def paren(text: str, lang: str) -> str:
    """`` (text)`` in English, ``（text）`` in Chinese."""
    return t("p.paren", lang, text=text)


def evidence(finding: Finding, lang: str) -> str:
    """``observed 93.5% · expected ≥ 95%`` in ``lang``, or ``""`` when the finding has none."""
    parts = []
    values = distinct_values(
        {"observed": finding.observed, "threshold": finding.threshold},
        {"observed": finding.unit, "threshold": finding.unit}, lang,
    )
    if finding.observed is not None:
        parts.append(t("report.observed", lang, observed=values["observed"]))
    if finding.threshold is not None:
        shown = values["threshold"]
        if finding.comparison:
            symbol = COMPARISON_SYMBOLS.get(finding.comparison) or (
                t(f"cmp.{finding.comparison}", lang) if has(f"cmp.{finding.comparison}") else finding.comparison
            )
            parts.append(t("report.expected", lang, comparison=symbol, threshold=shown))
        else:
            parts.append(t("report.threshold", lang, threshold=shown))
    return " · ".join(parts)


def is_failing(report: Report, fail_on: Severity) -> bool:
    """Whether ``report`` has a finding at or above ``fail_on`` (what makes the CLI exit 1)."""
    worst = report.worst_severity()
    return worst is not None and worst >= fail_on


def counts_line(report: Report, lang: str) -> str:
    """``6 rules: 2 failed, 3 passed, 1 skipped`` / ``共 6 条规则：未通过 2，…`` (zeros left out)."""
    counts = report.counts()
    if lang == "zh":
        parts = [f"{status_label(Status(s), lang)} {n}" for s, n in counts.items() if n]
    else:
        parts = [f"{n} {status_label(Status(s), lang)}" for s, n in counts.items() if n]
    n_rules = len(report.outcomes)
    head = t("report.rules_run_1", lang) if n_rules == 1 else t("report.rules_run", lang, n=n_rules)
    return head + (t("p.colon", lang) + t("p.comma", lang).join(parts) if parts else "")


def store_heading(report: Report, options: RenderOptions) -> list[tuple[str, str]]:
    """The (label, value) pairs that describe a report's store, for headers."""
    lang = options.lang
    pairs = [(t("report.platform", lang), options.platform_label(report.platform))]
    if report.as_of is not None:
        pairs.append((t("report.as_of", lang), report.as_of.isoformat()))
    if report.seller_stage:
        pairs.append((t("report.stage", lang), label("stage", report.seller_stage, lang)))
    if report.category:
        pairs.append((t("report.category", lang), label("category", report.category, lang)))
    return pairs


def score_text(value: float | None, lang: str) -> str:
    """A 0–100 score as shown to a reader (``72.5``), or "not enough data"."""
    if value is None:
        return t("report.no_score", lang)
    return format_value(float(value), "number", lang)


def outcome_reason(outcome: RuleOutcome, options: RenderOptions) -> str:
    """Why a rule did not simply pass or fail, in the reader's language where it can be.

    Missing inputs are named with their labels ("missing data: Response rate"); other reasons
    (a waiver's text, a rule's exception) are shown as written.
    """
    if outcome.status is Status.SKIPPED and outcome.missing:
        names = t("p.list", options.lang).join(options.metric_label(m) for m in outcome.missing)
        return t("report.missing", options.lang, names=names)
    return localized(outcome.reason, options.lang) or status_label(outcome.status, options.lang)


def outcome_note(outcome: RuleOutcome, lang: str) -> str | None:
    """A side remark on an outcome (an expired waiver) in ``lang``."""
    return localized(outcome.note, lang)


def item_label(report: Report, item: str, options: RenderOptions) -> str:
    """What an operator calls a finding's item: a metric's or an ability's label, else the item.

    Products and orders are named by their ids, which operators search for; a metric or a
    scorecard dimension is an internal name and is shown by its label instead.
    """
    if item in options.metric_labels:
        return options.metric_label(item)
    for score in report.scores:
        for d in score.dimensions:
            if d.dimension == item:
                return d.label.get(options.lang)
    return item


def item_prefix(report: Report, finding: Finding, options: RenderOptions) -> str | None:
    """The item to put before a finding's message, or None when the message already names it."""
    if finding.item is None:
        return None
    shown = item_label(report, finding.item, options)
    message = finding.message.get(options.lang)
    return None if finding.item in message or shown in message else shown


def stores_summary(n: int, failing: int, fail_on: Severity, lang: str) -> str:
    """The closing line of a multi-store report."""
    if lang == "zh":
        return f"共 {n} 个店铺，其中 {failing} 个有{severity_label(fail_on, lang)}及以上级别的问题。"
    return f"{n} stores, {failing} with findings at or above {fail_on.label}."


def items_preview(report: Report, items: list[str], options: RenderOptions) -> str:
    """``items: P1, P2, … and 8 more`` (capped at ``options.max_items``), items by their labels."""
    lang = options.lang
    shown = t("p.list", lang).join(item_label(report, i, options) for i in items[: options.max_items])
    if len(items) > options.max_items:
        shown += " " + t("report.more_items", lang, n=len(items) - options.max_items)
    return t("report.items", lang) + t("p.colon", lang) + shown


def score_style(score: float) -> str:
    """The colour of a 0–100 score: red below pass (60), yellow to excellent (90), then green."""
    if score >= 90:
        return "green"
    if score >= 60:
        return "yellow"
    return "red"


def dimension_label(score: ScorecardResult, dimension: str | None, lang: str) -> str | None:
    """The label of ``dimension`` in ``score`` (its id when unknown)."""
    for d in score.dimensions:
        if d.dimension == dimension:
            return d.label.get(lang)
    return dimension
