"""JUnit XML: one test suite per store, one test case per selected rule, for CI dashboards.

A rule whose findings reach the fail-on severity is a ``<failure>`` (the same condition that
makes ``diagrules check`` exit 1); findings below it pass, with the messages kept in
``<system-out>``. A rule that raised is an ``<error>``; skipped, waived and not-applicable
rules are ``<skipped>`` with the reason. Test case names are ``RULE name`` so that CI history
follows a rule across runs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from diagrules.core.model import Report, RuleOutcome, Status
from diagrules.core.safetext import xml_text
from diagrules.core.strings import t
from diagrules.render.base import RenderOptions, evidence, item_prefix, outcome_reason, paren, severity_label


def render(reports: Sequence[Report], options: RenderOptions) -> str:
    """A ``<testsuites>`` document (UTF-8 XML text)."""
    root = ET.Element("testsuites", name="diagrules")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for i, report in enumerate(reports):
        suite = ET.SubElement(root, "testsuite", name=report.store)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="platform", value=report.platform)
        source = options.source(i)
        if source:
            ET.SubElement(props, "property", name="source", value=source)
        for outcome in report.outcomes:
            counts["tests"] += 1
            case = ET.SubElement(
                suite, "testcase", name=f"{outcome.rule} {outcome.name}".strip(),
                classname=f"diagrules.{report.platform}.{report.store}",
            )
            kind = _case(case, report, outcome, options)
            if kind:
                counts[kind] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        if not props.findall("property"):
            suite.remove(props)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    # ElementTree writes NUL, BEL and lone surrogates as they are, which no XML parser accepts.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_text(ET.tostring(root, encoding="unicode")) + "\n"


def _case(case: ET.Element, report: Report, outcome: RuleOutcome, options: RenderOptions) -> str | None:
    """Fill one test case; return the counter it adds to (``failures``…) or None for a pass."""
    lang = options.lang
    if outcome.status is Status.ERROR:
        reason = outcome_reason(outcome, options)
        error = ET.SubElement(case, "error", message=reason, type="RuleError")
        error.text = outcome.traceback or reason
        return "errors"
    if outcome.status in (Status.SKIPPED, Status.WAIVED, Status.NOT_APPLICABLE):
        ET.SubElement(case, "skipped", message=outcome_reason(outcome, options))
        return "skipped"
    findings = report.findings_for(outcome.rule)
    if not findings:
        return None
    lines = []
    for f in findings:
        proof = evidence(f, lang)
        message = f.message.get(lang)
        shown = item_prefix(report, f, options)
        where = "" if shown is None else shown + t("p.colon", lang)
        lines.append(f"[{severity_label(f.severity, lang)}] {where}{message}" + (paren(proof, lang) if proof else ""))
    worst = max(f.severity for f in findings)
    if worst >= options.fail_on:
        failure = ET.SubElement(
            case, "failure", message=findings[0].message.get(lang), type=worst.label
        )
        failure.text = "\n".join(lines)
        return "failures"
    out = ET.SubElement(case, "system-out")
    out.text = "\n".join(lines)
    return None
