"""Reports to and from JSON — the one place (un)structuring and encoding are configured.

A JSON report is written for one language (``lang``): every text is a plain string in it, so
scripts read ``finding["message"]`` directly. ``schema_version`` versions the layout; readers
refuse a newer major schema rather than misread it. The ``summary`` and ``action_plan`` keys are
derived conveniences and are ignored when a report is read back.

Keys (schema 1): ``schema_version, lang, store, platform, as_of, seller_stage, category,
generated_by, summary, outcomes[{rule, name, status, severity, reason, missing, note, findings,
traceback}], findings[{rule, severity, message, observed, threshold, comparison, item, unit,
remedies[{action, priority, effort, effect}], details}], scores[...], action_plan[...]``.

Speed. Serializing was half of each store's time (three quarters of a batch worker's), split
between building the dict and the standard library's pure-Python indenting encoder. So:

* The per-report hot parts — outcomes, findings, remedies — are unstructured by hand-written
  hooks (one dict display each, severity labels from a table, an outcome's texts localized in
  the same pass); the rest of :class:`Report` goes through a cattrs-generated function, so a
  field added to the model still appears without touching this module.
* The text is encoded by orjson, compact unless ``indent`` asks otherwise. orjson is not
  json: it refuses lone surrogates, integers beyond 64 bits and non-``str`` keys, and it writes
  NaN and infinities as ``null``. The first three raise, and the document is then encoded by the
  standard library, with the content it always had (a lone surrogate stays in the text, for the
  writer to escape; see :func:`diagrules.core.safetext.encodable`). The fourth would silently
  change content, so floats are checked while the dict is built (a finding's evidence on the
  finding, every report key but the engine's float-free outcomes on the dict), and a document
  holding a NaN goes to the standard library too, which writes ``NaN`` as it always did.
  Parsed, the two encoders' texts are equal; as text they differ only in float spelling
  (``1e-07`` against ``1e-7``).
* :func:`from_json` reads with orjson as well, except a text that may hold an integer beyond
  64 bits (orjson would read it as a float; told by the text's byte shape, see ``_SHAPE``) and
  anything orjson rejects (``NaN``, lone surrogate escapes), which the standard library reads.
* Outcomes and remedies are the same objects in every report of a plan: their dicts are built
  once per language and copied after (:class:`_Shared`).

Why not cattrs' preconfigured orjson converter (``cattrs.preconf.orjson``): it is made for
feeding orjson, not for a dict users keep. It turns every mapping key into ``str(key)``
(``True`` becomes ``"True"`` where json writes ``"true"``), passes dates through as objects
and sets through as lists, so :func:`to_dict` would no longer return what it returned, and
none of that is where the time went: the encoder and the hooks below are.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import cattrs
import orjson
from cattrs.gen import make_dict_unstructure_fn, override

from diagrules.core.collector import YoungObjectsOnly
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
_WRITERS: dict[str, _Writer] = {}
_LABEL: dict[Severity, str] = {s: s.label for s in Severity}
#: Shared outcome and remedy dicts kept per language and kind (under 1 KB each).
_CACHED = 2048
_T = TypeVar("_T")
#: Report keys whose NaN check is done elsewhere (findings: their evidence, on the objects) or
#: not needed (outcomes: the engine's, typed without floats). Every other key is scanned, so a
#: field added to the report is covered without a change here.
_FLOAT_FREE = frozenset({"outcomes", "findings", "fixed"})


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
    conv.register_unstructure_hook(Severity, _LABEL.__getitem__)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(Text, text_in)
    conv.register_structure_hook(Localized, text_in)
    conv.register_structure_hook(Severity, lambda v, _: Severity.parse(v))
    conv.register_structure_hook(Status, lambda v, _: Status(v))
    conv.register_structure_hook(Effort, lambda v, _: Effort(v))
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_structure_hook(float | int | str | bool | None, _passthrough)
    conv.register_structure_hook(Any, _passthrough)
    writer = _Writer(lang, conv)
    conv.register_unstructure_hook(Finding, writer.finding)
    conv.register_unstructure_hook(RuleOutcome, writer.outcome)
    conv.register_unstructure_hook(Remedy, writer.remedy)
    _CONVERTERS[lang] = conv
    _WRITERS[lang] = writer
    return conv


def _remedy_hook(lang: str) -> Callable[[Remedy], dict[str, Any]]:
    """The hook writing a remedy in ``lang`` (keys in field order, as cattrs would)."""

    def remedy(r: Remedy) -> dict[str, Any]:
        effect = r.effect
        return {
            "action": r.action.get(lang),
            "priority": r.priority,
            "effort": r.effort,
            "effect": None if effect is None else effect.get(lang),
            "basis": r.basis,
        }

    return remedy


def _finite(value: Any) -> bool:
    """Whether no float inside ``value`` is NaN or infinite (orjson would write it as ``null``).

    Leaves are tested inline (no call per number): this runs over every score of a report.
    """
    kind = type(value)
    if kind is dict:
        items = value.values()
    elif kind is list or kind is tuple:
        items = value
    elif kind is float:
        return bool(value - value == 0.0)
    elif kind is str or kind is int or kind is bool or value is None:
        return True
    else:
        return _finite_other(value)
    for v in items:
        kind = type(v)
        if kind is float:
            if v - v != 0.0:
                return False
        elif not (kind is str or kind is int or kind is bool or v is None or _finite(v)):
            return False
    return True


def _finite_other(value: Any) -> bool:
    """:func:`_finite` of what is not a plain JSON value: subclasses, enums (orjson writes their values)."""
    if isinstance(value, dict):
        return all(map(_finite, value.values()))
    if isinstance(value, list | tuple):
        return all(map(_finite, value))
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, enum.Enum):
        return _finite(value.value)
    return True


def _evidence_finite(findings: list[Finding]) -> bool:
    """Whether the evidence of every finding (observed, threshold, details) is free of NaN and inf.

    Evidence is what a rule plugin gives, any value at all; it is checked on the finding objects,
    which is cheaper than walking their dicts.
    """
    return all(
        _finite(f.observed) and _finite(f.threshold) and (not f.details or _finite(f.details)) for f in findings
    )


class _Shared(Generic[_T]):
    """Dicts of immutable objects the engine shares between reports, built once and copied after.

    A plan's outcomes (every "passed", every "failed with one finding") and a rule's remedies
    are the same objects in every report, so writing each once saves most of the work. Keyed
    by ``id``, with the object kept alive so its id cannot be reused while it is cached; cleared
    when it reaches :data:`_CACHED` entries (objects built per report only pass through). The
    caller owns what it gets: a shallow copy (the cached dicts hold no mutable values).
    """

    def __init__(self, build: Callable[[_T], dict[str, Any]]) -> None:
        self.build = build
        self.cache: dict[int, tuple[_T, dict[str, Any]]] = {}

    def __call__(self, obj: _T) -> dict[str, Any]:
        hit = self.cache.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1].copy()
        shown = self.build(obj)
        if len(self.cache) >= _CACHED:
            self.cache.clear()
        self.cache[id(obj)] = (obj, shown)
        return shown.copy()


class _Writer:
    """The unstructure hooks of one language: hand-written for the hot types, cattrs for the rest."""

    def __init__(self, lang: str, conv: cattrs.Converter) -> None:
        self.lang = lang
        self.remedy = _Shared(_remedy_hook(lang))
        self.shown_outcome = _Shared(self.build_outcome)
        self.rest = make_dict_unstructure_fn(
            Report,
            conv,
            lang=override(omit=True),
            outcomes=override(unstruct_hook=self.outcomes),
            findings=override(unstruct_hook=self.findings),
            fixed=override(unstruct_hook=self.findings),
            input_errors=override(unstruct_hook=self.problems),
        )

    def build_outcome(self, o: RuleOutcome) -> dict[str, Any]:
        """An outcome's dict but for ``missing``, a list that each copy gets its own of."""
        lang = self.lang
        return {
            "rule": o.rule,
            "status": o.status,
            "severity": _LABEL[o.severity],
            "name": o.name,
            "reason": localized(o.reason, lang),
            "missing": None,
            "traceback": o.traceback,
            "note": localized(o.note, lang),
            "findings": o.findings,
        }

    def outcome(self, o: RuleOutcome) -> dict[str, Any]:
        shown = self.shown_outcome(o)
        shown["missing"] = list(o.missing)
        return shown

    def outcomes(self, outcomes: list[RuleOutcome]) -> list[dict[str, Any]]:
        outcome = self.outcome
        return [outcome(o) for o in outcomes]

    def finding(self, f: Finding) -> dict[str, Any]:
        remedy = self.remedy
        body = {
            "rule": f.rule,
            "severity": _LABEL[f.severity],
            "message": f.message.get(self.lang),
            "observed": f.observed,
            "threshold": f.threshold,
            "comparison": f.comparison,
            "item": f.item,
            "unit": f.unit,
            "remedies": [remedy(r) for r in f.remedies],
            "details": f.details,
        }
        return body if f.baseline is None else {"baseline": f.baseline} | body

    def findings(self, findings: list[Finding]) -> list[dict[str, Any]]:
        finding = self.finding
        return [finding(f) for f in findings]

    def problems(self, problems: list[str]) -> list[str | None]:
        lang = self.lang
        return [localized(p, lang) for p in problems]

    def document(self, report: Report) -> tuple[dict[str, Any], bool]:
        """The dict of ``report`` and whether it is free of NaN and infinities."""
        lang = self.lang
        body = self.rest(report)
        finite = (
            _evidence_finite(report.findings) and _evidence_finite(report.fixed)
            and all(_finite(v) for k, v in body.items() if k not in _FLOAT_FREE)
        )
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
                "severity": _LABEL[a.severity],
                "priority": a.remedy.priority,
                "effort": a.remedy.effort.value,
                "effect": a.remedy.effect.get(lang) if a.remedy.effect else None,
                "rules": list(a.rules),
                "items": list(a.items),
            }
            for a in action_plan(report)
        ]
        return head, finite


def _writer(report: Report, lang: str) -> _Writer:
    """The writer for ``lang``, once ``report`` is known to be writable in it."""
    if not isinstance(report, Report):
        raise TypeError(f"to_dict()/to_json() take a Report, not {type(report).__name__}")
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    if report.lang is not None and report.lang != lang:
        raise LanguageError(
            f"this report was read back from JSON written in '{report.lang}'; it cannot be written in '{lang}'"
        )
    writer = _WRITERS.get(lang)
    if writer is None:
        converter(lang)
        writer = _WRITERS[lang]
    return writer


def report_document(report: Report, lang: str) -> tuple[dict[str, Any], bool]:
    """:func:`to_dict` of ``report``, and whether it is free of NaN and infinities (see :func:`dumps`)."""
    writer = _writer(report, lang)
    with YoungObjectsOnly():  # a large report is thousands of acyclic dicts; see core.collector
        return writer.document(report)


def to_dict(report: Report, lang: str = "en") -> dict[str, Any]:
    """The JSON-ready dict of ``report`` in ``lang``.

    A report read back from JSON holds one language only; asking it for the other one is a
    :class:`~diagrules.core.i18n.LanguageError`, never the stored text under the wrong ``lang``.
    """
    return report_document(report, lang)[0]


def _refuse(value: Any) -> Any:
    """orjson's ``default``: whatever it does not encode natively goes to the standard library."""
    raise TypeError(type(value).__name__)


#: Dates and dataclasses are not in a report dict; if one is (in ``details``), json refuses it
#: as it always did instead of orjson writing it.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def dumps(data: Any, *, indent: int | None = None, finite: bool | None = None) -> str:
    """``data`` as JSON text: UTF-8 readable (``ensure_ascii=False``), compact unless ``indent``.

    orjson when it can encode ``data`` exactly, the standard library otherwise, for the same
    content. ``finite`` says whether ``data`` is known to hold no NaN or infinity (which orjson
    would write as ``null``); ``None`` has it checked here.
    """
    if finite is None:
        finite = _finite(data)
    if finite and indent in (None, 2):
        option = _OPTIONS if indent is None else _OPTIONS | orjson.OPT_INDENT_2
        try:
            return orjson.dumps(data, default=_refuse, option=option).decode("utf-8")
        except TypeError:
            pass
    separators = (",", ":") if indent is None else None
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)


def dump_report(report: Report, lang: str, extra: dict[str, Any] | None = None, *, indent: int | None = None) -> str:
    """``report`` as JSON text in ``lang``, with ``extra`` keys added at the end (a JSONL ``source``)."""
    data, finite = report_document(report, lang)
    if extra:
        data.update(extra)
    return dumps(data, indent=indent, finite=finite)


def to_json(report: Report, lang: str = "en", *, indent: int | None = None) -> str:
    """Serialize ``report`` as JSON text in ``lang`` (non-ASCII kept readable).

    Compact by default (machine formats are read by programs); ``indent=2`` for people.
    """
    return dump_report(report, lang, indent=indent)


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


#: The shape of a JSON text, byte by byte: digits as ``0``, the decimal point kept, anything else
#: a space. An integer of 19 digits or more may be beyond 64 bits (2**63 has 19), which orjson
#: reads as a float: in the shape, a run of 19 zeros not after a point. A float's fraction
#: (``0.00012345678901234567``) follows its point and does not count: orjson reads floats as
#: json does. A regular expression over the text was slower than json's whole parse; this is
#: two C-speed passes (a translation and a substring search).
_SHAPE = bytes(48 if 48 <= i <= 57 else 46 if i == 46 else 32 for i in range(256))
_RUN = b"0" * 19
_ZEROS = re.compile(b"0+")


def _long_integer(shape: bytes) -> bool:
    """Whether the shape of a text (:data:`_SHAPE`) has a run of 19 digits or more not after a point."""
    start = 0
    while (at := shape.find(_RUN, start)) != -1:
        if at == 0 or shape[at - 1] != 46:  # 46 is ".": a float's fraction, else an integer
            return True
        end = _ZEROS.match(shape, at)
        start = end.end() if end is not None else at + len(_RUN)
    return False


def loads(text: str) -> Any:
    """Parse JSON ``text`` exactly as :func:`json.loads` does, with orjson when that is the same.

    The standard library reads what orjson refuses (``NaN``, a lone surrogate, a syntax error,
    whose message is then json's) and a text that may hold an integer beyond 64 bits.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in the text itself
        return json.loads(text)
    if not _long_integer(data.translate(_SHAPE)):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


def from_json(text: str) -> Report:
    """Read a JSON report written by :func:`to_json`."""
    return from_dict(loads(text))


__all__ = [
    "RuleOutcome", "converter", "dump_report", "dumps", "from_dict", "from_json", "loads", "report_document",
    "to_dict", "to_json",
]
