"""The value types a diagnosis produces: severities, remedies, findings, outcomes, reports.

They are attrs classes with slots: cheap to build on the hot path, picklable for worker
processes, and (un)structured to JSON in exactly one place (:mod:`diagrules.render.serialize`).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Literal

import attrs

from diagrules.core.i18n import Localized, Text

#: Whose judgement a threshold or a remedy is: the rule's cited source, or diagrules' own.
Basis = Literal["source", "diagrules"]

SCHEMA_VERSION = 1


class Severity(enum.IntEnum):
    """How much a finding matters; ordered so that ``Severity.ERROR > Severity.WARNING``."""

    INFO = 10
    WARNING = 20
    ERROR = 30
    CRITICAL = 40

    @property
    def label(self) -> str:
        """The lower-case name used in configs and JSON (``"warning"``)."""
        return self.name.lower()

    def __str__(self) -> str:
        """The label, so ``f"{severity}"`` in a user's script prints ``warning``, not ``20``."""
        return self.label

    def __format__(self, spec: str) -> str:
        """The label, padded as ``spec`` asks; a numeric ``spec`` (``"d"``) formats the number."""
        if spec and spec[-1] in "bcdoxXn":
            return int.__format__(int(self), spec)
        return format(self.label, spec)

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        """Accept ``"warning"``, ``"WARNING"``, ``"warn"`` or a Severity."""
        if isinstance(value, Severity):
            return value
        key = str(value).strip().upper()
        key = {"WARN": "WARNING", "ERR": "ERROR", "CRIT": "CRITICAL"}.get(key, key)
        try:
            return cls[key]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r}; expected one of {names}") from None


class Status(enum.StrEnum):
    """What happened to one selected rule for one store. Every selected rule gets exactly one."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    SKIPPED = "skipped"
    WAIVED = "waived"
    ERROR = "error"


class Effort(enum.StrEnum):
    """Rough effort of a remedy, used to rank the action plan (cheap wins first)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


_EFFORT_RANK = {Effort.LOW: 0, Effort.MEDIUM: 1, Effort.HIGH: 2}


@attrs.frozen
class Remedy:
    """A concrete step an operator can take, with its priority (1 = do first), effort and effect.

    ``basis`` says whose advice it is: ``"source"`` when the rule's cited source gives this step,
    ``"diagrules"`` when it is diagrules' own judgement. An operator weighs the two differently,
    so the rule reference shows it for every remedy.
    """

    action: Text
    priority: int = 2
    effort: Effort = attrs.field(default=Effort.MEDIUM, converter=Effort)
    effect: Text | None = None
    basis: Basis | None = None

    @property
    def effort_rank(self) -> int:
        return _EFFORT_RANK[self.effort]


Observed = float | int | str | bool | None


@attrs.define
class Finding:
    """One problem a rule found: what, where, the evidence, and what to do.

    ``item`` names the thing inside the store (a product id, a quote id) for item-level rules;
    it is ``None`` for store-level findings. ``observed``/``threshold``/``comparison`` are the
    evidence ("observed 0.93, expected >= 0.95"); ``details`` holds further numbers.
    """

    rule: str
    severity: Severity
    message: Localized
    observed: Observed = None
    threshold: Observed = None
    comparison: str | None = None
    item: str | None = None
    remedies: tuple[Remedy, ...] = ()
    details: dict[str, Any] = attrs.field(factory=dict)
    unit: str | None = None
    #: Against a baseline report (``check --baseline``): ``"new"`` or ``"unchanged"``; ``None``
    #: when no baseline was given. Fixed findings are listed in :attr:`Report.fixed`.
    baseline: str | None = None


@attrs.frozen
class RuleOutcome:
    """The result of one selected rule for one store.

    ``reason`` explains the non-obvious statuses: the missing inputs of a ``skipped`` rule, the
    waiver's reason, the exception of an ``error`` (whose traceback is kept in ``traceback``).
    ``note`` carries side remarks such as "waiver expired on 2026-10-01". Both are bilingual
    when the engine writes them (a :class:`~diagrules.core.i18n.BilingualStr`, still a string),
    so a report reads in one language throughout.

    Immutable, because the engine builds the common outcomes (a check passed, a check failed
    with one finding) once per plan and shares them between reports.
    """

    rule: str
    status: Status
    severity: Severity
    name: str = ""
    reason: str | None = None
    missing: tuple[str, ...] = ()
    traceback: str | None = None
    note: str | None = None
    findings: int = 0


@attrs.frozen
class OutcomeChange:
    """A rule whose outcome differs from the baseline's (``failed`` → ``passed`` when fixed);
    ``None`` when the rule was not part of one of the two reports."""

    rule: str
    before: Status | None
    after: Status | None


@attrs.define
class MetricScore:
    """The 0–100 score of one metric inside a scorecard dimension.

    ``pass_value``/``excellent_value`` are the band values it was scored against (after any
    industry benchmark), so rules and reports can say "1.2% against a pass of 1.5%".
    """

    metric: str
    value: float | None
    score: float | None
    weight: float = 1.0
    pass_value: float | None = None
    excellent_value: float | None = None


@attrs.define
class DimensionScore:
    """A dimension's score (weighted mean of its metrics present) and how much data it had."""

    dimension: str
    label: Text
    score: float | None
    coverage: float
    weight: float
    metrics: list[MetricScore] = attrs.field(factory=list)


@attrs.define
class ScorecardResult:
    """A scorecard applied to one store: overall score, tier and per-dimension scores.

    ``coverage`` is the share of the model's inputs that were present (dimension coverages
    weighted by dimension weight); ``extra`` maps each ladder id to the step reached.
    ``basis`` is the scorecard's statement of whose model it is, shown with the score.
    """

    scorecard: str
    label: Text
    overall: float | None
    tier: str | None
    tier_label: Text | None
    dimensions: list[DimensionScore] = attrs.field(factory=list)
    weakest: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    coverage: float | None = None
    basis: Text | None = None

    def dimension(self, dimension: str) -> DimensionScore | None:
        """The score of ``dimension`` (its id), or ``None`` if the scorecard has no such one."""
        for d in self.dimensions:
            if d.dimension == dimension:
                return d
        return None

    def metric(self, metric: str) -> tuple[DimensionScore, MetricScore] | None:
        """The dimension scoring ``metric`` and its score, or ``None`` if it is not scored."""
        for d in self.dimensions:
            for m in d.metrics:
                if m.metric == metric:
                    return d, m
        return None


def score_key(scorecard: str, dimension: str | None = None) -> str:
    """The series name under which history keeps a scorecard's overall score (or one ability's):
    ``@score.aliexpress-growth`` and ``@score.aliexpress-growth.conversion``. The ``@`` keeps it
    apart from metric names, which are snake_case."""
    return f"@score.{scorecard}" + (f".{dimension}" if dimension else "")


@attrs.define
class Report:
    """Everything diagnosed for one store: one outcome per selected rule, findings, scores."""

    store: str
    platform: str
    outcomes: list[RuleOutcome] = attrs.field(factory=list)
    findings: list[Finding] = attrs.field(factory=list)
    scores: list[ScorecardResult] = attrs.field(factory=list)
    as_of: dt.date | None = None
    seller_stage: str | None = None
    category: str | None = None
    schema_version: int = SCHEMA_VERSION
    generated_by: str = ""
    #: The one language of a report read back from JSON (``None`` for one the engine built,
    #: whose texts exist in every language).
    lang: str | None = None
    #: Metrics the snapshot did not give that were filled from history: metric → the ISO date of
    #: the snapshot they were taken from (empty without history).
    from_history: dict[str, str] = attrs.field(factory=dict)
    #: With a history: ``"new"`` when this run was recorded, ``"replaced"`` when it replaced an
    #: earlier record of the same store and ``as_of`` (a re-run), ``None`` without a history.
    recorded: str | None = None
    #: Input that could not be read and was left out (a dataset with invalid rows, an unreadable
    #: file), each problem located (file, row, column, value); the rules needing it report an
    #: ``error`` pointing here, every other rule ran. Non-empty means the input was invalid (exit 2).
    input_errors: list[str] = attrs.field(factory=list)
    #: With a history: the recorded series of the store's key metrics and scorecard abilities,
    #: oldest first and ending with this snapshot, for trend charts: name → [(ISO date, value)].
    trends: dict[str, list[tuple[str, float]]] = attrs.field(factory=dict)
    #: Against a baseline: the baseline's findings that are gone, and the rules whose outcome changed.
    fixed: list[Finding] = attrs.field(factory=list)
    outcome_changes: list[OutcomeChange] = attrs.field(factory=list)

    def counts(self) -> dict[str, int]:
        """How many outcomes of each status (all statuses present, zeros included)."""
        result = {s.value: 0 for s in Status}
        for o in self.outcomes:
            result[o.status.value] += 1
        return result

    def worst_severity(self) -> Severity | None:
        """The highest severity among the findings, or ``None`` when nothing was found."""
        return max((f.severity for f in self.findings), default=None)

    def outcome(self, rule: str) -> RuleOutcome:
        """The outcome of ``rule``; ``KeyError`` if it was not selected for this store."""
        for o in self.outcomes:
            if o.rule == rule:
                return o
        raise KeyError(rule)

    def findings_for(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]


@attrs.frozen
class Action:
    """One step of the action plan: a remedy and the findings it addresses."""

    remedy: Remedy
    severity: Severity
    rules: tuple[str, ...]
    items: tuple[str, ...]


def action_plan(report: Report, limit: int = 5) -> list[Action]:
    """Rank remedies across all findings: severity first, then priority, then effort.

    A remedy shared by several findings (e.g. the same product-level fix for ten products)
    appears once, listing the rules and items it addresses, so the plan stays short.
    """
    # Rules and items are kept as insertion-ordered dicts: a membership test on a list made
    # the plan quadratic (25k findings of one remedy took seconds, 1M never finished).
    merged: dict[Remedy, tuple[Severity, dict[str, None], dict[str, None]]] = {}
    for f in report.findings:
        for remedy in f.remedies:
            sev, rules, items = merged.get(remedy, (f.severity, {}, {}))
            rules[f.rule] = None
            if f.item is not None:
                items[f.item] = None
            merged[remedy] = (max(sev, f.severity), rules, items)
    ranked = sorted(
        merged.items(),
        key=lambda kv: (-kv[1][0], kv[0].priority, kv[0].effort_rank, next(iter(kv[1][1]))),
    )
    return [
        Action(remedy=r, severity=sev, rules=tuple(rules), items=tuple(items))
        for r, (sev, rules, items) in ranked[:limit]
    ]
