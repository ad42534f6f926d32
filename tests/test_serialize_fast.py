"""The fast serialization path writes what the generic one wrote, for every report and every value.

The oracle is the serializer as it was before the hand-written hooks and orjson: a plain cattrs
converter (``reference_to_dict``) and the standard library's encoder. ``to_dict`` must give the
same dict, key order and types included; every JSON text must parse to what the standard
library's text parses to. The values orjson refuses or writes differently (lone surrogates,
integers beyond 64 bits, NaN and infinities, non-``str`` keys) are tried one by one and in a
hypothesis strategy.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import cattrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_language import case_reports

import diagrules
from diagrules.batch.run import render_line
from diagrules.cli.main import main
from diagrules.core.i18n import BilingualStr, LanguageError, Localized, Message, StoredText, Text, localized
from diagrules.core.model import (
    Finding,
    Remedy,
    Report,
    RuleOutcome,
    ScorecardResult,
    Severity,
    Status,
    action_plan,
)
from diagrules.render.base import RenderOptions
from diagrules.render.json import render as render_json
from diagrules.render.jsonl import error_line, report_line
from diagrules.render.serialize import _SHAPE, _long_integer, dumps, loads, to_dict, to_json

EXAMPLES = Path(diagrules.__file__).parent / "examples"


def _reference_converter(lang: str) -> cattrs.Converter:
    """The converter ``to_dict`` used before its hooks were written by hand."""
    conv = cattrs.Converter()

    def text_out(t: Text | Message) -> str:
        return t.get(lang)

    conv.register_unstructure_hook(Text, text_out)
    conv.register_unstructure_hook(Message, text_out)
    conv.register_unstructure_hook(Localized, text_out)
    conv.register_unstructure_hook(Severity, lambda s: s.label)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(
        Finding,
        lambda f: ({"baseline": f.baseline} if f.baseline is not None else {}) | {
            "rule": f.rule, "severity": f.severity.label, "message": f.message.get(lang),
            "observed": f.observed, "threshold": f.threshold, "comparison": f.comparison, "item": f.item,
            "unit": f.unit, "remedies": [conv.unstructure(r, Remedy) for r in f.remedies], "details": f.details,
        },
    )
    return conv


def reference_to_dict(report: Report, lang: str) -> dict[str, Any]:
    """``to_dict`` as it was: cattrs' generic unstructuring, then the outcomes' texts localized."""
    body = _reference_converter(lang).unstructure(report)
    body.pop("lang", None)
    for outcome, shown in zip(report.outcomes, body["outcomes"], strict=True):
        shown["reason"] = localized(outcome.reason, lang)
        shown["note"] = localized(outcome.note, lang)
    body["input_errors"] = [localized(p, lang) for p in report.input_errors]
    head = {key: body.pop(key) for key in ("schema_version",)} | {"lang": lang}
    head |= {key: body.pop(key) for key in ("store", "platform", "as_of", "seller_stage", "category", "generated_by")}
    head["summary"] = report.counts()
    head.update(body)
    head["action_plan"] = [
        {"action": a.remedy.action.get(lang), "severity": a.severity.label, "priority": a.remedy.priority,
         "effort": a.remedy.effort.value, "effect": a.remedy.effect.get(lang) if a.remedy.effect else None,
         "rules": list(a.rules), "items": list(a.items)}
        for a in action_plan(report)
    ]
    return head


def same(a: Any, b: Any, where: str = "$") -> None:
    """``a`` and ``b`` equal with the same types all the way down (and keys in the same order)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{where}: keys {list(a)} != {list(b)}"
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), f"{where}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b), where
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def canonical(text: str) -> str:
    """``text`` parsed and written again by the standard library: equal when the contents are."""
    return json.dumps(json.loads(text))


def canonical_value(value: Any) -> str:
    """A parsed value written by the standard library, types told apart (``1`` from ``1.0``)."""
    return json.dumps(value) + repr(value)


def stdlib_text(report: Report, lang: str) -> str:
    """What ``to_json`` wrote before (pretty, by the standard library)."""
    return json.dumps(reference_to_dict(report, lang), ensure_ascii=False, indent=2)


def example_reports() -> list[Report]:
    return [diagrules.diagnose(path) for path in sorted(EXAMPLES.glob("*/store.toml"))]


def assert_like_before(report: Report, lang: str) -> None:
    """Every writer of ``report`` in ``lang`` gives the content the generic path gave."""
    same(to_dict(report, lang), reference_to_dict(report, lang))
    expected = canonical(stdlib_text(report, lang))
    assert canonical(to_json(report, lang)) == expected
    assert canonical(to_json(report, lang, indent=2)) == expected
    line = report_line(report, lang, "s.jsonl:1")
    assert "\n" not in line
    old_line = json.dumps(reference_to_dict(report, lang) | {"source": "s.jsonl:1"}, ensure_ascii=False)
    assert canonical(line) == canonical(old_line)
    again = diagrules.from_json(to_json(report, lang))
    assert to_json(again, lang) == to_json(report, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_example_stores_serialize_as_before(lang: str) -> None:
    for report in example_reports():
        assert_like_before(report, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_rule_case_report_serializes_as_before(lang: str) -> None:
    reports = case_reports()
    assert len(reports) > 50
    for report in reports:
        assert_like_before(report, lang)


def test_json_is_compact_by_default_and_readable_in_chinese() -> None:
    report = example_reports()[0]
    text = to_json(report, "zh")
    assert "\n" not in text and text.startswith('{"schema_version":1,"lang":"zh","store":')
    assert "\\u" not in text and any("\u4e00" <= c <= "\u9fff" for c in text)  # UTF-8, not \\u escapes
    pretty = to_json(report, "zh", indent=2)
    assert pretty.startswith('{\n  "schema_version": 1,\n  "lang": "zh",')
    assert json.loads(pretty) == json.loads(text)


def _report(**finding: Any) -> Report:
    values = {"rule": "X001", "severity": Severity.WARNING, "message": Text(en="low", zh="低")} | finding
    outcome = RuleOutcome("X001", Status.FAILED, Severity.WARNING, findings=1)
    return Report(store="S", platform="alibaba", outcomes=[outcome], findings=[Finding(**values)])


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("field", ["observed", "threshold", "details"])
def test_nan_and_infinity_are_written_as_json_wrote_them(field: str, value: float) -> None:
    """orjson writes them as ``null``; the standard library's ``NaN``/``Infinity`` are kept."""
    report = _report(**{field: {"deep": [1, {"x": value}]} if field == "details" else value})
    word = "NaN" if math.isnan(value) else ("-Infinity" if value < 0 else "Infinity")
    for text in (to_json(report), to_json(report, indent=2), report_line(report, "en")[:-len(',"source":null}')] + "}"):
        assert word in text
        assert canonical(text) == canonical(stdlib_text(report, "en"))
    assert to_json(diagrules.from_json(to_json(report))) == to_json(report)


@pytest.mark.parametrize("where", ["trends", "scores"])
def test_nan_in_scores_and_trends_is_kept_too(where: str) -> None:
    report = _report()
    if where == "trends":
        report.trends = {"m": [("2026-11-01", math.nan)]}
    else:
        report.scores = [ScorecardResult("sc", Text(en="S", zh="分"), math.inf, None, None)]
    assert ("NaN" if where == "trends" else "Infinity") in to_json(report)
    assert canonical(to_json(report)) == canonical(stdlib_text(report, "en"))


@pytest.mark.parametrize("value", [2**64, -(2**63) - 1, 10**40])
def test_integers_beyond_64_bits_are_written_and_read_exactly(value: int) -> None:
    report = _report(observed=value, details={"n": value})
    text = to_json(report)
    assert str(value) in text
    back = diagrules.from_json(text)
    assert back.findings[0].observed == value and back.findings[0].details == {"n": value}
    assert type(back.findings[0].observed) is int


def test_lone_surrogates_reach_the_batch_line_escaped() -> None:
    """json kept a lone surrogate in the text (orjson refuses it); the batch line escapes it."""
    report = _report(item="sku-\ud800", details={"k\udfff": "v\ud800"})
    report.store = "store \udc00"
    assert to_json(report) == json.dumps(reference_to_dict(report, "en"), ensure_ascii=False, separators=(",", ":"))
    line = render_line(report, "stores.jsonl:1", fmt="jsonl", lang="en")
    line.text.encode("utf-8")  # writable
    data = json.loads(line.text)
    assert data["store"] == "store \udc00" and data["findings"][0]["details"] == {"k\udfff": "v\ud800"}
    invalid = error_line("bad \ud800", "s.jsonl:2", "broken \udfff", ["row \ud800"])
    assert json.loads(invalid)["problems"] == ["row \ud800"]


def test_non_string_keys_are_written_as_json_wrote_them() -> None:
    report = _report(details={3: "a", True: "b", None: "c", 2.5: "d"})
    text = to_json(report)
    assert json.loads(text)["findings"][0]["details"] == {"3": "a", "true": "b", "null": "c", "2.5": "d"}
    assert canonical(text) == canonical(stdlib_text(report, "en"))


def test_floats_parse_to_the_same_numbers() -> None:
    values = [1e16, 1e-7, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -0.0, 123456789012345680.0]
    report = _report(details={"values": values})
    parsed = json.loads(to_json(report))["findings"][0]["details"]["values"]
    assert parsed == values and [math.copysign(1, v) for v in parsed] == [math.copysign(1, v) for v in values]


def test_what_json_refused_is_still_refused() -> None:
    """A date or a dataclass in details made ``to_json`` raise; orjson must not write it instead."""
    with pytest.raises(TypeError):
        to_json(_report(details={"when": dt.datetime(2026, 11, 20, 8, 0)}))
    with pytest.raises(TypeError):
        dumps({"when": dt.date(2026, 11, 20)})


def test_loads_reads_what_orjson_would_misread() -> None:
    assert loads('{"n": 18446744073709551616}') == {"n": 18446744073709551616}
    assert loads('{"id": "1234567890123456789012", "x": 1.5}') == {"id": "1234567890123456789012", "x": 1.5}
    assert math.isnan(loads('{"x": NaN}')["x"])
    assert loads('"\\ud800"') == "\ud800"
    with pytest.raises(json.JSONDecodeError):
        loads("{broken")


def test_several_reports_are_one_array() -> None:
    reports = example_reports()
    compact = render_json(reports, RenderOptions(lang="en"))
    pretty = render_json(reports, RenderOptions(lang="en", pretty=True))
    assert compact.count("\n") == 1 and pretty.count("\n") > 100
    expected = [reference_to_dict(r, "en") for r in reports]
    assert json.loads(compact) == json.loads(pretty) == json.loads(json.dumps(expected))


@pytest.mark.parametrize("command", [["check", str(EXAMPLES / "alibaba" / "store.toml")], ["demo"]])
def test_pretty_indents_the_cli_json(command: list[str]) -> None:
    runner = CliRunner()
    compact = runner.invoke(main, [*command, "--format", "json", "--lang", "zh"])
    pretty = runner.invoke(main, [*command, "--format", "json", "--lang", "zh", "--pretty"])
    assert compact.exit_code == pretty.exit_code == 1, compact.output
    assert compact.stdout.count("\n") == 1 and pretty.stdout.count("\n") > 50
    assert json.loads(compact.stdout) == json.loads(pretty.stdout)


# -- any value a rule may put in a finding --------------------------------------------------------------

_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=8)
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), _text,
)
_keys = st.one_of(_text, st.integers(min_value=-(2**70), max_value=2**70), st.booleans(), st.none(),
                  st.floats(allow_nan=False))
_json = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3), max_leaves=8
)


def _json_values() -> st.SearchStrategy[Any]:
    """Values json writes, string keys only (a parsed text has no others)."""
    return st.recursive(
        _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
        max_leaves=12,
    )


@st.composite
def reports(draw: st.DrawFn) -> Report:
    findings = [
        Finding(
            rule=draw(st.sampled_from(["X001", "X002"])), severity=draw(st.sampled_from(list(Severity))),
            message=Text(en=draw(_text) or "m", zh=draw(_text) or "消息"),
            observed=draw(_scalars), threshold=draw(_scalars), comparison=draw(st.none() | _text),
            item=draw(st.none() | _text), unit=draw(st.none() | _text),
            remedies=tuple(Remedy(Text(en=draw(_text) or "a", zh="做")) for _ in range(draw(st.integers(0, 2)))),
            details=draw(st.dictionaries(_text, _json, max_size=3)),
            baseline=draw(st.none() | st.sampled_from(["new", "unchanged"])),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    reason = draw(st.none() | _text.map(lambda s: BilingualStr(Text(en=s or "r", zh="原因" + s))))
    outcomes = [RuleOutcome("X001", draw(st.sampled_from(list(Status))), Severity.ERROR, reason=reason,
                            missing=tuple(draw(st.lists(_text, max_size=2))), findings=len(findings))]
    trends = draw(st.dictionaries(_text, st.lists(st.tuples(_text, st.floats()), max_size=2), max_size=2))
    return Report(store=draw(_text), platform="alibaba", outcomes=outcomes, findings=findings,
                  input_errors=draw(st.lists(_text, max_size=2)), trends=trends)


@given(reports(), st.sampled_from(["en", "zh"]))
def test_any_report_serializes_as_before(report: Report, lang: str) -> None:
    same(to_dict(report, lang), reference_to_dict(report, lang))
    try:
        expected = canonical(stdlib_text(report, lang))
    except (TypeError, ValueError):  # a key json cannot write (a float key it spells differently)
        return
    assert canonical(to_json(report, lang)) == expected
    line = render_line(report, "s.jsonl:1", fmt="jsonl", lang=lang).text
    line.encode("utf-8")
    assert canonical(line) == canonical(json.dumps(reference_to_dict(report, lang) | {"source": "s.jsonl:1"}))


def _str_keys(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _str_keys(v) for k, v in value.items())
    return all(map(_str_keys, value)) if isinstance(value, list) else True


@given(reports())
def test_any_report_reads_back_exactly(report: Report) -> None:
    if not all(_str_keys(f.details) for f in report.findings):
        return  # keys become strings in JSON (two may then collide), as they always did
    text = to_json(report, "en")
    assert to_json(diagrules.from_json(text), "en") == text


def test_a_stored_text_is_written_in_its_language_only() -> None:
    report = diagrules.from_json(to_json(_report(), "zh"))
    assert isinstance(report.findings[0].message, StoredText)
    with pytest.raises(LanguageError):
        to_json(report, "en")


def test_a_caller_owns_the_dict_it_gets() -> None:
    """Outcome dicts are cached per shared outcome; changing one returned must not change the next."""
    report = _report()
    report.outcomes[0] = RuleOutcome("X001", Status.SKIPPED, Severity.WARNING, missing=("visits",))
    first = to_dict(report)
    first["outcomes"][0]["status"] = "changed"
    first["outcomes"][0]["missing"].append("orders")
    second = to_dict(report)
    assert second["outcomes"][0]["status"] == "skipped" and second["outcomes"][0]["missing"] == ["visits"]


@pytest.mark.parametrize(("text", "long"), [
    ("12345678901234567890", True), ('[1,-12345678901234567890]', True), ('{"id":"1234567890123456789012"}', True),
    ('{"a":0.00012345678901234567,"b":1}', False), ('{"a":1.2345678901234567e-07}', False),
    ('{"a":0.00012345678901234567,"b":12345678901234567890}', True), ('"x"', False),
])
def test_a_possible_integer_beyond_64_bits_is_told_from_a_long_fraction(text: str, long: bool) -> None:
    """The text's shape decides who parses it: json for a long integer, orjson for the rest."""
    assert _long_integer(text.encode().translate(_SHAPE)) is long
    assert repr(loads(text)) == repr(json.loads(text))


@given(_json_values())
def test_loads_parses_as_json_does(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert canonical_value(loads(text)) == canonical_value(json.loads(text))
    assert type(loads(text)) is type(json.loads(text))
