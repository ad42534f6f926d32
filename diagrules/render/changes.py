"""What changed between two reports of a store, for people (text, Markdown) and scripts (JSON).

Used by ``diagrules diff OLD NEW``. The sections follow what an operator asks after a week of
work: what is new, what got fixed, what is still open, and which rules changed their verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from diagrules.core.i18n import Text
from diagrules.core.model import Finding, Report
from diagrules.history.changes import Change, Changes
from diagrules.render.serialize import dumps

_TITLE = Text(en="What changed for {store} ({old} → {new})", zh="{store} 的变化（{old} → {new}）")
_SECTIONS: dict[Change, Text] = {
    Change.NEW: Text(en="New", zh="新增问题"),
    Change.FIXED: Text(en="Fixed", zh="已解决"),
    Change.UNCHANGED: Text(en="Still open", zh="仍未解决"),
}
_OUTCOMES = Text(en="Rules whose outcome changed", zh="结论发生变化的规则")
_SUMMARY = Text(en="{new} new, {fixed} fixed, {unchanged} still open",
                zh="新增 {new} 项，已解决 {fixed} 项，仍未解决 {unchanged} 项")
_NONE = Text(en="(none)", zh="（无）")
_UNDATED = Text(en="undated", zh="未注明日期")
_ABSENT = Text(en="not run", zh="未运行")
_STATUS: dict[str, Text] = {
    "passed": Text(en="passed", zh="通过"),
    "failed": Text(en="failed", zh="未通过"),
    "skipped": Text(en="not checked", zh="未检查"),
    "not_applicable": Text(en="not applicable", zh="不适用"),
    "waived": Text(en="waived", zh="已豁免"),
    "error": Text(en="error", zh="出错"),
}


def _date(report: Report, lang: str) -> str:
    return report.as_of.isoformat() if report.as_of else _UNDATED.get(lang)


def _line(f: Finding, lang: str) -> str:
    item = f" [{f.item}]" if f.item is not None else ""
    return f"{f.rule}{item} {f.message.get(lang)}"


def _stored(report: Report, lang: str) -> str:
    """The language the findings' texts can be read in: a report read back from JSON holds one
    (its ``lang``); the headings follow ``lang`` either way."""
    return report.lang or lang


def _status(value: str | None, lang: str) -> str:
    return _STATUS[value].get(lang) if value in _STATUS else _ABSENT.get(lang)


def _counts(changes: Changes) -> dict[str, int]:
    return {s.value: changes.count(s) for s in Change}


def text(old: Report, new: Report, changes: Changes, lang: str, *, markdown: bool = False) -> str:
    """The comparison as plain text (or Markdown with ``markdown=True``)."""
    sep = "：" if lang == "zh" else ": "
    out = [("# " if markdown else "") + _TITLE.format(store=new.store, old=_date(old, lang), new=_date(new, lang)).get(lang),
           "", _SUMMARY.format(**_counts(changes)).get(lang)]
    for state in (Change.NEW, Change.FIXED, Change.UNCHANGED):
        items = [c.finding for c in changes.findings if c.state is state]
        out += ["", ("## " if markdown else "") + _SECTIONS[state].get(lang) + (f" ({len(items)})" if lang == "en" else f"（{len(items)}）")]
        out += [f"- {_line(f, _stored(new if state is not Change.FIXED else old, lang))}" for f in items] or [_NONE.get(lang)]
    if changes.outcomes:
        out += ["", ("## " if markdown else "") + _OUTCOMES.get(lang)]
        out += [f"- {o.rule}{sep}{_status(o.before, lang)} → {_status(o.after, lang)}" for o in changes.outcomes]
    return "\n".join(out) + "\n"


def as_json(old: Report, new: Report, changes: Changes, lang: str) -> str:
    """The comparison as JSON: ``summary``, ``new``, ``fixed``, ``unchanged`` and ``outcomes``."""

    def rows(state: Change) -> list[dict[str, Any]]:
        text_lang = _stored(old if state is Change.FIXED else new, lang)
        return [{"rule": c.finding.rule, "item": c.finding.item, "severity": c.finding.severity.label,
                 "message": c.finding.message.get(text_lang), "observed": c.finding.observed}
                for c in changes.findings if c.state is state]

    body = {
        "lang": lang, "store": new.store, "platform": new.platform,
        "old_as_of": old.as_of.isoformat() if old.as_of else None,
        "new_as_of": new.as_of.isoformat() if new.as_of else None,
        "summary": _counts(changes),
        **{state.value: rows(state) for state in Change},
        "outcomes": [{"rule": o.rule, "before": o.before, "after": o.after} for o in changes.outcomes],
    }
    return dumps(body, indent=2) + "\n"


def render(old: Report, new: Report, changes: Changes, fmt: str, lang: str) -> str:
    """``fmt`` is ``text``, ``markdown`` or ``json``."""
    if fmt == "json":
        return as_json(old, new, changes, lang)
    return text(old, new, changes, lang, markdown=fmt == "markdown")


FORMATS: Sequence[str] = ("text", "markdown", "json")
