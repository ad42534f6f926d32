"""Reports to and from JSON — the one place (un)structuring is configured.

A JSON report is written for one language (``lang``): every text is a plain string in it, so
scripts read ``finding["message"]`` directly. ``schema_version`` versions the layout; readers
refuse a newer major schema rather than misread it. The ``summary`` and ``action_plan`` keys are
derived conveniences and are ignored when a report is read back.

Keys (schema 1): ``schema_version, lang, store, platform, as_of, seller_stage, category,
generated_by, summary, outcomes[{rule, name, status, severity, reason, missing, note, findings,
traceback}], findings[{rule, severity, message, observed, threshold, comparison, item, unit,
remedies[{action, priority, effort, effect}], details}], scores[...], action_plan[...]``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import cattrs

from diagrules.core.errors import DiagrulesError
from diagrules.core.i18n import LanguageError, Localized, Message, StoredText, Text, localized
from diagrules.core.model import (
    SCHEMA_VERSION,
    Effort,
    Finding,
    Remedy,
    Report,
    RuleOutcome,
    Severity,
    Status,
    action_plan,
)

_CONVERTERS: dict[str, cattrs.Converter] = {}


def _passthrough(value: Any, _: Any) -> Any:
    return value


def converter(lang: str = "en") -> cattrs.Converter:
    """The cattrs converter that writes and reads reports in ``lang``."""
    conv = _CONVERTERS.get(lang)
    if conv is not None:
        return conv
    conv = cattrs.Converter()

    def text_out(t: Text | Message) -> str:
        return t.get(lang)

    def text_in(value: Any, _: Any) -> Text:
        return StoredText.of(str(value), lang)


    conv.register_unstructure_hook(Text, text_out)
    conv.register_unstructure_hook(Message, text_out)
    conv.register_unstructure_hook(Localized, text_out)
    conv.register_unstructure_hook(Severity, lambda s: s.label)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(Text, text_in)
    conv.register_structure_hook(Localized, text_in)
    conv.register_structure_hook(Severity, lambda v, _: Severity.parse(v))
    conv.register_structure_hook(Status, lambda v, _: Status(v))
    conv.register_structure_hook(Effort, lambda v, _: Effort(v))
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_structure_hook(float | int | str | bool | None, _passthrough)
    conv.register_structure_hook(Any, _passthrough)
    # Finding.message is typed as the Localized protocol; unstructure whatever it holds.
    conv.register_unstructure_hook(
        Finding,
        lambda f: ({"baseline": f.baseline} if f.baseline is not None else {}) | {
            "rule": f.rule,
            "severity": f.severity.label,
            "message": f.message.get(lang),
            "observed": f.observed,
            "threshold": f.threshold,
            "comparison": f.comparison,
            "item": f.item,
            "unit": f.unit,
            "remedies": [conv.unstructure(r, Remedy) for r in f.remedies],
            "details": f.details,
        },
    )
    _CONVERTERS[lang] = conv
    return conv


def to_dict(report: Report, lang: str = "en") -> dict[str, Any]:
    """The JSON-ready dict of ``report`` in ``lang``.

    A report read back from JSON holds one language only; asking it for the other one is a
    :class:`~diagrules.core.i18n.LanguageError`, never the stored text under the wrong ``lang``.
    """
    if not isinstance(report, Report):
        raise TypeError(f"to_dict()/to_json() take a Report, not {type(report).__name__}")
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    if report.lang is not None and report.lang != lang:
        raise LanguageError(
            f"this report was read back from JSON written in '{report.lang}'; it cannot be written in '{lang}'"
        )
    conv = converter(lang)
    body = conv.unstructure(report)
    body.pop("lang", None)
    for outcome, shown in zip(report.outcomes, body["outcomes"], strict=True):
        shown["reason"] = localized(outcome.reason, lang)
        shown["note"] = localized(outcome.note, lang)
    body["input_errors"] = [localized(p, lang) for p in report.input_errors]
    head = {
        "schema_version": body.pop("schema_version"),
        "lang": lang,
        "store": body.pop("store"),
        "platform": body.pop("platform"),
        "as_of": body.pop("as_of"),
        "seller_stage": body.pop("seller_stage"),
        "category": body.pop("category"),
        "generated_by": body.pop("generated_by"),
        "summary": report.counts(),
    }
    head.update(body)
    head["action_plan"] = [
        {
            "action": a.remedy.action.get(lang),
            "severity": a.severity.label,
            "priority": a.remedy.priority,
            "effort": a.remedy.effort.value,
            "effect": a.remedy.effect.get(lang) if a.remedy.effect else None,
            "rules": list(a.rules),
            "items": list(a.items),
        }
        for a in action_plan(report)
    ]
    return head


def to_json(report: Report, lang: str = "en", *, indent: int | None = 2) -> str:
    """Serialize ``report`` as JSON text in ``lang`` (non-ASCII kept readable)."""
    return json.dumps(to_dict(report, lang), ensure_ascii=False, indent=indent)


def from_dict(data: dict[str, Any]) -> Report:
    """Read a report dict written by :func:`to_dict`."""
    version = data.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise DiagrulesError(
            f"unsupported report schema_version {version!r}; this diagrules reads up to {SCHEMA_VERSION}"
        )
    conv = converter(str(data.get("lang", "en")))
    body = {k: v for k, v in data.items() if k not in ("lang", "summary", "action_plan")}
    findings = [_finding(conv, f) for f in body.pop("findings", [])]
    fixed = [_finding(conv, f) for f in body.pop("fixed", [])]
    report = conv.structure(body, Report)
    report.findings = findings
    report.lang = str(data.get("lang", "en"))
    report.fixed = fixed
    return report


def _finding(conv: cattrs.Converter, f: dict[str, Any]) -> Finding:
    return Finding(
        rule=f["rule"],
        severity=Severity.parse(f["severity"]),
        message=conv.structure(f["message"], Text),
        observed=f.get("observed"),
        threshold=f.get("threshold"),
        comparison=f.get("comparison"),
        item=f.get("item"),
        unit=f.get("unit"),
        remedies=tuple(conv.structure(r, Remedy) for r in f.get("remedies", [])),
        details=dict(f.get("details") or {}),
        baseline=f.get("baseline"),
    )


def from_json(text: str) -> Report:
    """Read a JSON report written by :func:`to_json`."""
    return from_dict(json.loads(text))


__all__ = ["RuleOutcome", "converter", "from_dict", "from_json", "to_dict", "to_json"]
