"""The report renderers: content, order, languages, escaping, and each format's structure."""

from __future__ import annotations

import json
import re
import string
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from test_report_samples import engine, sample_report, snapshot

from diagrules import Report, Severity, Status, from_dict, from_json
from diagrules.core.strings import _UI, keys, system_lang, t
from diagrules.render import FORMATS, get_renderer, render
from diagrules.render.base import RenderOptions, options_from_registry
from diagrules.render.html import radar_svg
from diagrules.render.jsonl import error_line

WAIVER = {"waivers": [{"rule": "SMP003", "reason": "known backlog", "until": "2027-01-01"}]}


def _options(lang: str = "en", **kwargs: Any) -> RenderOptions:
    return options_from_registry(engine().registry, lang=lang, **kwargs)


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report(**WAIVER)


# -- every format ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_format_renders_every_outcome(fmt: str, lang: str, report: Report) -> None:
    out = render(fmt, [report], _options(lang, sources=("stores/sample.toml",)))
    assert "Sample Store 样例店" in out
    assert "SMP001" in out and "SMP002" in out


def test_renderers_are_looked_up_by_name() -> None:
    assert FORMATS == ("text", "json", "jsonl", "markdown", "html", "sarif", "junit")
    with pytest.raises(KeyError):
        get_renderer("pdf")


# -- text --------------------------------------------------------------------------------------


def test_text_shows_the_action_plan_first_then_severities_worst_first(report: Report) -> None:
    out = render("text", [report], _options())
    positions = [out.index(h) for h in (
        "Action plan — do these first", "Findings", "Critical (1)", "Errors (1)", "Warnings (13)",
    )]
    assert positions == sorted(positions)
    plan = out[: out.index("Findings")]
    assert "1. [critical] Join this week's campaign." in plan
    assert "→ Reply rate recovers in a week." in plan


def test_text_evidence_uses_units_and_caps_item_lists(report: Report) -> None:
    out = render("text", [report], _options(max_items=4))
    assert "Reply rate is 82.5%, below 90%. (observed 82.5% · expected ≥ 90%)" in out
    assert "Product P007 is sold out." in out and "Product P009 is sold out." not in out
    assert "… and 9 more" in out


def test_text_lists_what_was_not_checked(report: Report) -> None:
    out = render("text", [report], _options())
    assert "Rule errors (1)" in out and "ZeroDivisionError: division by zero" in out
    assert "Not checked (1)" in out and "missing data: Rating" in out
    assert "Waived (1)" in out and "known backlog" in out
    assert out.rstrip().endswith("6 rules: 3 failed, 1 skipped, 1 waived, 1 error · worst: critical")


def test_text_in_chinese(report: Report) -> None:
    out = render("text", [report], _options("zh"))
    for phrase in ("行动计划：优先做这几件事", "严重（1）", "回复率为 82.5%，低于 90%。", "实际 82.5% · 要求 ≥ 90%",
                   "缺少数据：评分", "平台 样例商城", "短板 商品力", "共 6 条规则：未通过 3"):
        assert phrase in out, phrase


def test_text_is_plain_unless_colour_is_asked_for(report: Report) -> None:
    assert "\x1b[" not in render("text", [report], _options())
    assert "\x1b[" in render("text", [report], _options(color=True))


def test_text_prints_store_names_literally() -> None:
    rep = engine().evaluate(snapshot(store="[bold red]Shop[/bold red]"))
    assert "[bold red]Shop[/bold red]" in render("text", [rep], _options())


def test_text_scores_show_bars_and_missing_dimensions() -> None:
    rep = engine().evaluate(snapshot(smp_dim3=None))
    out = render("text", [rep], _options())
    assert "Overall" in out and "Weakest Product" in out
    assert re.search(r"User operations\s+░{20}\s+not enough data", out)
    assert re.search(r"Growth scale\s+█{18}░{2}\s+88", out)


def test_text_for_several_stores_ends_with_a_summary() -> None:
    e = engine()
    reports = [e.evaluate(snapshot(store="A")), e.evaluate(snapshot(store="B", smp_reply_rate=0.99))]
    out = render("text", reports, _options(fail_on=Severity.CRITICAL))
    assert out.rstrip().endswith("2 stores, 2 with findings at or above critical.")


def test_a_clean_report_says_so() -> None:
    rep = engine(select=["SMP001"]).evaluate(snapshot(smp_reply_rate="95%"))
    out = render("text", [rep], _options())
    assert "Nothing to fix: no findings." in out
    assert "No findings: every rule that ran passed." in out


# -- json / jsonl --------------------------------------------------------------------------------


def test_json_round_trips(report: Report) -> None:
    out = render("json", [report], _options("zh"))
    back = from_json(out)
    assert back.store == report.store
    assert [o.status for o in back.outcomes] == [o.status for o in report.outcomes]
    assert [f.message.get("zh") for f in back.findings] == [f.message.get("zh") for f in report.findings]
    assert json.loads(out)["action_plan"][0]["action"] == "报名本周活动。"


def test_json_of_several_stores_is_an_array_of_reports() -> None:
    e = engine()
    out = render("json", [e.evaluate(snapshot(store="A")), e.evaluate(snapshot(store="B"))], _options())
    data = json.loads(out)
    assert [from_dict(d).store for d in data] == ["A", "B"]


def test_jsonl_is_one_report_per_line_with_its_source(report: Report) -> None:
    out = render("jsonl", [report, report], _options(sources=("a.jsonl:1", "a.jsonl:2")))
    lines = out.splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["source"] == "a.jsonl:1" and first["store"] == report.store
    assert from_dict(first).findings[0].rule == report.findings[0].rule


def test_jsonl_error_line() -> None:
    data = json.loads(error_line("S", "x.jsonl:3", "invalid JSON", ["a", "b"]))
    assert data == {"store": "S", "source": "x.jsonl:3", "error": "invalid JSON", "problems": ["a", "b"]}


# -- markdown --------------------------------------------------------------------------------------


def test_markdown_structure_and_escaping() -> None:
    rep = engine(**WAIVER).evaluate(snapshot(store="A*B|C"))
    out = render("markdown", [rep], _options())
    assert out.startswith("# Store diagnosis · A\\*B\\|C\n")
    assert out.index("## Action plan") < out.index("## Findings") < out.index("## Scores")
    assert "#### SMP001 — Reply rate below target" in out
    assert "| Growth scale | 88 | 100% |" in out
    assert "- **SMP005** Rating low — missing data: Rating" in out


# -- html -------------------------------------------------------------------------------------------


def test_html_is_one_self_contained_page(report: Report) -> None:
    out = render("html", [report], _options())
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert "<script" not in out and "<link" not in out and "@import" not in out
    assert not re.search(r"(src|href)=\"https?:", out)
    assert out.count("<svg") == 1
    assert out.index("Action plan") < out.index("<svg") < out.index("<h2>Findings</h2>")


def test_html_lists_remedies_and_folds_long_item_lists(report: Report) -> None:
    out = render("html", [report], _options())
    assert "Set up a weekend rota." in out and "see action plan 3" in out
    assert "<details><summary>… and 3 more</summary>" in out


def test_html_escapes_store_data() -> None:
    rep = engine().evaluate(snapshot(store="<script>alert(1)</script>"))
    out = render("html", [rep], _options())
    assert "<script>alert" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_html_language(report: Report) -> None:
    out = render("html", [report], _options("zh"))
    assert '<html lang="zh-CN">' in out and "行动计划" in out and "商品力" in out


def test_radar_has_one_axis_per_dimension_and_leaves_unknown_out() -> None:
    rep = engine().evaluate(snapshot(smp_dim3=None))
    svg = radar_svg(rep.scores[0], "en")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    shape = root.findall(f"{ns}polygon")[-1]
    assert len(shape.get("points", "").split()) == 6
    assert len(root.findall(f"{ns}line")) == 7 + 1
    labels = "".join(root.itertext())
    assert "User operations not enough data" in labels


def test_no_radar_below_three_dimensions(report: Report) -> None:
    import attrs

    small = attrs.evolve(report.scores[0], dimensions=report.scores[0].dimensions[:2])
    rep = attrs.evolve(report, scores=[small])
    assert "<svg" not in render("html", [rep], _options())


# -- sarif ------------------------------------------------------------------------------------------


def test_sarif_has_the_required_structure(report: Report) -> None:
    log = json.loads(render("sarif", [report], _options(sources=("stores\\sample.toml",))))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "diagrules" and driver["version"]
    assert len(run["results"]) == len(report.findings)
    for result in run["results"]:
        assert {"ruleId", "level", "message", "locations"} <= set(result)
        assert result["level"] in {"error", "warning", "note", "none"}
        assert result["message"]["text"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stores/sample.toml"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"SMP006": "error", "SMP001": "error", "SMP002": "warning"}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["SMP004"]
    assert run["invocations"][0]["executionSuccessful"] is False


# -- junit ------------------------------------------------------------------------------------------


def _junit(report: Report, **kwargs: Any) -> ET.Element:
    return ET.fromstring(render("junit", [report], _options(**kwargs)))


def test_junit_counts_match_the_test_cases(report: Report) -> None:
    root = _junit(report)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == int(suite.get("tests", "")) == 6
    for kind, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
        assert int(suite.get(kind, "")) == sum(1 for c in cases if c.find(tag) is not None)
        assert root.get(kind) == suite.get(kind)
    by_name = {c.get("name"): c for c in cases}
    assert by_name["SMP001 reply-rate-low"].find("failure") is not None
    assert by_name["SMP004 broken-rule"].find("error") is not None
    assert by_name["SMP005 rating-low"].find("skipped").get("message") == "missing data: Rating"  # type: ignore[union-attr]


def test_junit_fails_only_at_or_above_fail_on(report: Report) -> None:
    root = _junit(report, fail_on=Severity.CRITICAL)
    by_name = {c.get("name"): c for c in root.iter("testcase")}
    assert by_name["SMP006 visits-low"].find("failure") is not None
    ok = by_name["SMP001 reply-rate-low"]
    assert ok.find("failure") is None and "Reply rate is 82.5%" in (ok.findtext("system-out") or "")


# -- UI strings ----------------------------------------------------------------------------------


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


@pytest.mark.parametrize("key", keys())
def test_every_ui_string_exists_in_both_languages_with_the_same_placeholders(key: str) -> None:
    en, zh = _UI[key]
    assert en and zh
    assert _fields(en) == _fields(zh)


def test_status_and_severity_labels_cover_the_model() -> None:
    for status in Status:
        assert t(f"status.{status.value}", "zh") != status.value
    for sev in Severity:
        assert t(f"severity.{sev.label}", "en") == sev.label


@pytest.mark.parametrize(
    "env,expected",
    [({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN"}, "en"),
     ({"LC_ALL": "zh_TW.UTF-8"}, "zh"), ({}, "en"), ({"LANG": "C.UTF-8"}, "en")],
)
def test_system_lang(env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert system_lang() == expected
