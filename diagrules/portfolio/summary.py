"""The portfolio summary: what many stores' reports say together.

Input is report dicts — the lines ``diagrules batch`` writes, or :func:`diagrules.to_dict` of a
:class:`~diagrules.Report` — fed one at a time into a :class:`Portfolio`, which keeps only
aggregates plus one short row per store and per finding (for the XLSX sheets), so ten
thousand stores summarise in seconds and in little memory. Nothing here knows a platform, a
rule or a scorecard by name: everything comes from the lines, so plugin platforms summarise
like the built-in ones.

A store's status is ``diagnosed`` (every selected rule ran), ``error`` (a report exists but
at least one rule raised an error, so it is incomplete) or ``invalid`` (the batch refused the
store's data; the line carries ``error``). Lines that cannot be used at all — not JSON, cut
short by an interrupted run, written by another ``schema_version`` — are kept as
:class:`LineProblem` with their line numbers and everything else is still summarised.

The summary itself is a JSON-ready dict (:meth:`Portfolio.summary`); every format renders
from it, so the text, HTML and XLSX outputs show the same numbers as the JSON.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from diagrules.core.errors import DiagrulesError
from diagrules.core.i18n import Localized
from diagrules.core.model import SCHEMA_VERSION, Report, Severity
from diagrules.core.strings import t
from diagrules.portfolio.strings import pt
from diagrules.render.base import severity_label
from diagrules.render.serialize import to_dict

#: The pass mark of every scorecard (see :mod:`diagrules.authoring.scoring`): the attention
#: ranking counts the points a store's overall score lies below it.
PASS_MARK = 60.0
#: The layout version of the summary dict (its own, independent of the report schema).
SUMMARY_VERSION = 1
#: Score histogram bins: 0–10, 10–20, …, 90–100 (100 falls in the last).
BIN_WIDTH = 10
SEVERITY_NAMES = [s.label for s in sorted(Severity, reverse=True)]
_SEVERITIES = {s.label: s for s in Severity}


@attrs.frozen(slots=True)
class LineProblem:
    """A line of a batch output that could not be summarised: where, what kind, and why."""

    line: int
    kind: str
    values: dict[str, Any] = attrs.field(factory=dict)

    def message(self, lang: str) -> str:
        """What is wrong with the line, in ``lang``."""
        return pt(f"problem.{self.kind}", lang, **self.values)


@attrs.define(slots=True)
class StoreRow:
    """One store as the stores sheet and the attention ranking see it."""

    store: str
    platform: str | None
    status: str
    source: str | None = None
    line: int | None = None
    link: str | None = None
    scorecard: str | None = None
    score: float | None = None
    tier: str | None = None
    weakest: str | None = None
    below_pass: float = 0.0
    below_on: str | None = None
    counts: dict[str, int] = attrs.field(factory=dict)
    worst: str | None = None
    worst_rules: list[str] = attrs.field(factory=list)
    findings: int = 0
    errored: int = 0
    skipped: int = 0
    top_action: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen(slots=True)
class FindingRow:
    """One finding as the findings sheet shows it."""

    store: str
    platform: str
    rule: str
    severity: str
    message: str
    item: str | None
    observed: Any
    threshold: Any
    comparison: str | None
    unit: str | None
    remedy: str | None


@attrs.define(slots=True)
class _Rule:
    name: str = ""
    evaluated: int = 0
    stores: int = 0
    findings: int = 0
    worst: int = 0
    observed: list[float] = attrs.field(factory=list)
    thresholds: Counter[Any] = attrs.field(factory=Counter)
    comparison: str | None = None
    unit: str | None = None
    errored: int = 0
    skipped: int = 0
    missing: Counter[str] = attrs.field(factory=Counter)
    reasons: Counter[str] = attrs.field(factory=Counter)


@attrs.define(slots=True)
class _Ability:
    label: str
    scores: list[tuple[float, str]] = attrs.field(factory=list)


@attrs.define(slots=True)
class _Scorecard:
    label: str
    stores: int = 0
    scores: list[float] = attrs.field(factory=list)
    tiers: Counter[str] = attrs.field(factory=Counter)
    tier_labels: dict[str, str] = attrs.field(factory=dict)
    abilities: dict[str, _Ability] = attrs.field(factory=dict)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class Portfolio:
    """Accumulates report dicts and error lines; :meth:`summary` gives the portfolio summary.

    ``lang`` is the language of the summary's own texts (headings, reasons); the stores' texts
    (messages, remedies) are in the language their lines were written in. ``None`` takes the
    language of the first report line. ``titles`` (rule id → title, from a registry) names the
    rules in the reader's language; a rule without one is named by its id-like ``name``, which
    is all a batch line carries.
    """

    def __init__(self, lang: str | None = None, titles: Mapping[str, Localized] | None = None) -> None:
        self.lang = lang
        self.titles = dict(titles or {})
        self.lines = 0
        self.rows: list[StoreRow] = []
        self.finding_rows: list[FindingRow] = []
        self.problems: list[LineProblem] = []
        self._rules: dict[str, _Rule] = {}
        self._scorecards: dict[str, _Scorecard] = {}

    # -- input ---------------------------------------------------------------------------------

    def add_report(self, report: Report, *, source: str | None = None, link: str | None = None) -> None:
        """Add a :class:`~diagrules.Report` directly (``batch --summary``, ``check --format xlsx``)."""
        data = to_dict(report, self.lang or "en")
        data["source"] = source
        self.add(data, link=link)

    def add_line(self, text: str, number: int, *, last: bool = False) -> None:
        """Add one line of a batch output; a line that cannot be used becomes a :class:`LineProblem`.

        ``last`` marks the file's final line when it has no newline: if it does not parse, it
        was cut short by an interrupted run and is reported as such.
        """
        self.lines += 1
        try:
            data = json.loads(text)
        except ValueError as exc:
            if last:
                self.problems.append(LineProblem(number, "truncated"))
            else:
                column = getattr(exc, "colno", "?")
                self.problems.append(LineProblem(number, "invalid_json", {"column": column}))
            return
        if not isinstance(data, dict):
            self.problems.append(LineProblem(number, "not_object"))
            return
        if "error" in data:
            self.add(data, line=number)
            return
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            values = {"found": json.dumps(version), "expected": SCHEMA_VERSION}
            self.problems.append(LineProblem(number, "schema", values))
            return
        if not isinstance(data.get("store"), str) or not isinstance(data.get("outcomes"), list):
            self.problems.append(LineProblem(number, "not_report"))
            return
        self.add(data, line=number)

    def add(self, data: dict[str, Any], *, line: int | None = None, link: str | None = None) -> None:
        """Add one report dict (or a batch error line, recognised by its ``error`` key)."""
        source = data.get("source") if isinstance(data.get("source"), str) else None
        if "error" in data:
            store = str(data["store"]) if isinstance(data.get("store"), str) else (source or "?")
            detail = "; ".join([str(data["error"]).rstrip(":："), *[str(p) for p in data.get("problems") or ()]])
            self.rows.append(StoreRow(store, None, "invalid", source, line, error=detail))
            return
        if self.lang is None:
            self.lang = str(data.get("lang") or "en")
        store = str(data["store"])
        platform = str(data.get("platform") or "?")
        row = StoreRow(store, platform, "diagnosed", source, line, link)
        self._outcomes(data.get("outcomes") or [], row)
        self._findings(data.get("findings") or [], row)
        self._scores(data.get("scores") or [], row)
        plan = data.get("action_plan") or []
        if plan and isinstance(plan[0], dict):
            row.top_action = plan[0].get("action")
        if row.errored:
            row.status = "error"
        self.rows.append(row)

    def _rule(self, rid: str) -> _Rule:
        rule = self._rules.get(rid)
        if rule is None:
            rule = self._rules[rid] = _Rule()
        return rule

    def _outcomes(self, outcomes: Iterable[dict[str, Any]], row: StoreRow) -> None:
        for outcome in outcomes:
            rule = self._rule(str(outcome.get("rule")))
            rule.name = rule.name or str(outcome.get("name") or "")
            status = str(outcome.get("status"))
            if status == "not_applicable":
                continue
            rule.evaluated += 1
            if status == "error":
                rule.errored += 1
                row.errored += 1
                rule.reasons[str(outcome.get("reason") or "")] += 1
            elif status == "skipped":
                rule.skipped += 1
                row.skipped += 1
                missing = [str(m) for m in outcome.get("missing") or ()]
                rule.missing.update(missing)
                if not missing:
                    rule.reasons[str(outcome.get("reason") or "")] += 1

    def _findings(self, findings: Iterable[dict[str, Any]], row: StoreRow) -> None:
        counts = dict.fromkeys(SEVERITY_NAMES, 0)
        seen: set[str] = set()
        worst = 0
        for f in findings:
            rid = str(f.get("rule"))
            name = str(f.get("severity"))
            severity = _SEVERITIES.get(name) or Severity.parse(name)
            counts[severity.label] += 1
            rule = self._rule(rid)
            rule.findings += 1
            rule.worst = max(rule.worst, int(severity))
            if rid not in seen:
                seen.add(rid)
                rule.stores += 1
            observed = _number(f.get("observed"))
            if observed is not None:
                rule.observed.append(observed)
            threshold = f.get("threshold")
            if threshold is not None and not isinstance(threshold, (list, dict)):
                rule.thresholds[threshold] += 1
            rule.comparison = rule.comparison or f.get("comparison")
            rule.unit = rule.unit or f.get("unit")
            if int(severity) > worst:
                worst, row.worst_rules = int(severity), [rid]
            elif int(severity) == worst and rid not in row.worst_rules:
                row.worst_rules.append(rid)
            remedies = f.get("remedies") or []
            self.finding_rows.append(FindingRow(
                row.store, str(row.platform), rid, severity.label, str(f.get("message") or ""),
                f.get("item"), f.get("observed"), threshold, f.get("comparison"), f.get("unit"),
                remedies[0].get("action") if remedies and isinstance(remedies[0], dict) else None,
            ))
        row.counts = counts
        row.findings = sum(counts.values())
        row.worst = Severity(worst).label if worst else None

    def _scores(self, scores: Iterable[dict[str, Any]], row: StoreRow) -> None:
        for score in scores:
            sid = str(score.get("scorecard"))
            card = self._scorecards.setdefault(sid, _Scorecard(str(score.get("label") or sid)))
            card.stores += 1
            overall = _number(score.get("overall"))
            tier = score.get("tier")
            if overall is not None:
                card.scores.append(overall)
                below = max(0.0, PASS_MARK - overall)
                if below > row.below_pass:
                    row.below_pass, row.below_on = round(below, 2), card.label
            if isinstance(tier, str):
                card.tiers[tier] += 1
                card.tier_labels[tier] = str(score.get("tier_label") or tier)
            weakest_label = None
            for dim in score.get("dimensions") or []:
                did = str(dim.get("dimension"))
                ability = card.abilities.setdefault(did, _Ability(str(dim.get("label") or did)))
                value = _number(dim.get("score"))
                if value is not None:
                    ability.scores.append((value, row.store))
                if did == score.get("weakest"):
                    weakest_label = ability.label
            if row.scorecard is None:  # the first scorecard is the store's headline score
                row.scorecard, row.score = card.label, overall
                row.tier = card.tier_labels.get(tier) if isinstance(tier, str) else None
                row.weakest = weakest_label

    # -- output --------------------------------------------------------------------------------

    def ranked(self) -> list[StoreRow]:
        """The reports, the stores that need attention first at the top (see ``sec.attention_how``)."""
        def key(r: StoreRow) -> tuple[Any, ...]:
            worst = int(Severity.parse(r.worst)) if r.worst else 0
            at_worst = r.counts.get(r.worst, 0) if r.worst else 0
            return (-worst, -r.below_pass, -at_worst, -r.findings, -r.errored, r.store)

        return sorted((r for r in self.rows if r.status != "invalid"), key=key)

    def reasons(self, row: StoreRow, lang: str) -> list[str]:
        """Why ``row`` ranks where it does, one phrase per ranking key that applies."""
        out = []
        if row.worst:
            rules = t("p.list", lang).join(row.worst_rules[:3]) + ("…" if len(row.worst_rules) > 3 else "")
            out.append(pt("why.worst", lang, severity=severity_label(Severity.parse(row.worst), lang), rules=rules))
        if row.below_pass > 0 and row.below_on:
            out.append(pt("why.below", lang, points=f"{row.below_pass:g}", scorecard=row.below_on))
        if row.findings:
            out.append(pt("why.findings", lang, n=row.findings))
        if row.errored:
            out.append(pt("why.errors", lang, n=row.errored))
        return out or [pt("why.clean", lang)]

    def summary(self, *, top: int = 10) -> dict[str, Any]:
        """The portfolio summary as a JSON-ready dict; lists are cut to ``top`` where noted."""
        lang = self.lang or "en"
        rows = self.rows
        statuses = Counter(r.status for r in rows)
        platforms: dict[str, Counter[str]] = {}
        for r in rows:
            platforms.setdefault(r.platform or "?", Counter())[r.status] += 1
        ranked = self.ranked()
        return {
            "kind": "diagrules-portfolio",
            "summary_version": SUMMARY_VERSION,
            "lang": lang,
            "totals": {
                "lines": self.lines or len(rows), "stores": len(rows), "diagnosed": statuses["diagnosed"],
                "error": statuses["error"], "invalid": statuses["invalid"], "unreadable": len(self.problems),
            },
            "platforms": [
                {"platform": p, "stores": sum(c.values()), "diagnosed": c["diagnosed"], "error": c["error"],
                 "invalid": c["invalid"]}
                for p, c in sorted(platforms.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
            ],
            "scorecards": [self._scorecard(sid, card, top) for sid, card in sorted(self._scorecards.items())],
            "findings": self._top_findings(top),
            "attention": [
                {"rank": i, "store": r.store, "platform": r.platform, "worst": r.worst, "below_pass": r.below_pass,
                 "findings": r.findings, "errored": r.errored, "link": r.link,
                 "reasons": self.reasons(r, lang)}
                for i, r in enumerate(ranked[:top], start=1)
            ],
            "rule_problems": self._rule_problems(top),
            "invalid": [
                {"store": r.store, "source": r.source, "line": r.line, "error": r.error}
                for r in rows if r.status == "invalid"
            ],
            "problems": [{"line": p.line, "kind": p.kind, "message": p.message(lang)} for p in self.problems],
            "stores": [r.as_dict() for r in rows],
        }

    def _scorecard(self, sid: str, card: _Scorecard, top: int) -> dict[str, Any]:
        bins = [0] * (100 // BIN_WIDTH)
        for s in card.scores:
            bins[min(len(bins) - 1, max(0, int(s // BIN_WIDTH)))] += 1
        return {
            "scorecard": sid, "label": card.label, "stores": card.stores, "scored": len(card.scores),
            "mean": _round(statistics.fmean(card.scores)) if card.scores else None,
            "median": _round(statistics.median(card.scores)) if card.scores else None,
            "bins": [{"from": i * BIN_WIDTH, "to": (i + 1) * BIN_WIDTH, "stores": n} for i, n in enumerate(bins)],
            "tiers": [{"tier": k, "label": card.tier_labels[k], "stores": n} for k, n in card.tiers.most_common()],
            "abilities": [
                {"dimension": did, "label": a.label, "scored": len(a.scores),
                 "mean": _round(statistics.fmean(v for v, _ in a.scores)) if a.scores else None,
                 "weakest": [{"store": s, "score": v} for v, s in sorted(a.scores)[:min(top, 5)]]}
                for did, a in card.abilities.items()
            ],
        }

    def _title(self, rid: str, rule: _Rule) -> str:
        title = self.titles.get(rid)
        return title.get(self.lang or "en") if title is not None else rule.name

    def _top_findings(self, top: int) -> list[dict[str, Any]]:
        found = [(rid, r) for rid, r in self._rules.items() if r.findings]
        found.sort(key=lambda kv: (-kv[1].stores, -kv[1].worst, kv[0]))
        return [
            {"rule": rid, "name": self._title(rid, r), "severity": Severity(r.worst).label, "stores": r.stores,
             "evaluated": r.evaluated, "share": _round(r.stores / r.evaluated, 4) if r.evaluated else None,
             "findings": r.findings,
             "median_observed": _round(statistics.median(r.observed), 4) if r.observed else None,
             "threshold": r.thresholds.most_common(1)[0][0] if r.thresholds else None,
             "comparison": r.comparison, "unit": r.unit}
            for rid, r in found[:top]
        ]

    def _rule_problems(self, top: int) -> list[dict[str, Any]]:
        troubled = [(rid, r) for rid, r in self._rules.items() if r.errored or r.skipped]
        troubled.sort(key=lambda kv: (-(kv[1].errored + kv[1].skipped), kv[0]))
        return [
            {"rule": rid, "name": self._title(rid, r), "errored": r.errored, "skipped": r.skipped,
             "missing": [{"data": m, "stores": n} for m, n in r.missing.most_common()],
             "reasons": [{"reason": k, "stores": n} for k, n in r.reasons.most_common(3) if k]}
            for rid, r in troubled[:top]
        ]


def _round(value: float, digits: int = 2) -> float:
    return round(value, digits)


def iter_lines(path: Path) -> Iterator[tuple[int, str, bool]]:
    """``(number, text, last_without_newline)`` for each non-blank line of ``path``."""
    with path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield number, line, not line.endswith("\n")


def read_portfolio(path: Path, lang: str | None = None, titles: Mapping[str, Localized] | None = None) -> Portfolio:
    """A :class:`Portfolio` of the batch output ``path``; a missing file is a located error."""
    portfolio = Portfolio(lang, titles)
    try:
        for number, text, last in iter_lines(path):
            portfolio.add_line(text, number, last=last)
    except OSError as exc:
        raise DiagrulesError(f"{path}: cannot read the batch output: {exc.strerror or exc}") from None
    return portfolio


__all__ = [
    "PASS_MARK", "FindingRow", "LineProblem", "Portfolio", "StoreRow", "iter_lines", "read_portfolio",
]
