"""The RFQ rule set beyond what the rule-case files can say.

Skip reasons, finding details, the quote list (Chinese headers and statuses, dates, the weekly
window), derived metrics, rule metadata, and the bundled example store
read as a weekly checklist in both languages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import diagrules
from diagrules import SnapshotError, Status

EXAMPLE = Path(diagrules.__file__).parent / "examples" / "alibaba" / "store.toml"
RFQ_IDS = [f"RFQ00{i}" for i in range(1, 10)]
NAMES = {
    "RFQ001": "todo-not-cleared",
    "RFQ002": "response-rate-low",
    "RFQ003": "rfq-peer-performance-low",
    "RFQ004": "ecommerce-service-score-low",
    "RFQ005": "rfq-quotes-ignored",
    "RFQ006": "rfq-buyer-reply-rate-low",
    "RFQ007": "inquiry-quality",
    "RFQ008": "star-level-understates-business",
    "RFQ009": "marketing-leverage",
    "RFQ030": "response-rate-falling",
    "RFQ031": "inquiry-quality-falling",
}


@pytest.fixture(scope="module")
def engine() -> diagrules.Engine:
    return diagrules.Engine({"select": ["RFQ"]})


def store(metrics: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"platform": "alibaba", "store": "Test Co.", "metrics": metrics or {}, **extra}


def quotes(*statuses: str, day: str = "2026-11-19", hours: float | None = None) -> list[dict[str, Any]]:
    return [
        {"rfq_id": f"R{i}", "quoted_at": day, "status": s, "response_hours": hours}
        for i, s in enumerate(statuses)
    ]


# -- skipped with a reason -----------------------------------------------------------------


def test_too_few_quotes_is_skipped_with_the_count_and_the_parameter(engine: diagrules.Engine) -> None:
    report = engine.evaluate(store(datasets={"rfq_quotes": quotes(*["not_viewed"] * 4)}))
    for rule_id in ("RFQ005", "RFQ006"):
        outcome = report.outcome(rule_id)
        assert outcome.status is Status.SKIPPED
        assert outcome.reason == "only 4 quotes in the week; this rule judges from 5 (parameter min_quotes)"
    assert report.findings_for("RFQ005") == []


def test_a_single_quote_reads_in_the_singular(engine: diagrules.Engine) -> None:
    report = engine.evaluate(store(datasets={"rfq_quotes": quotes("not_viewed")}))
    assert report.outcome("RFQ005").reason is not None
    assert report.outcome("RFQ005").reason.startswith("only 1 quote in the week;")


def test_share_missing_while_count_given_names_the_metric(engine: diagrules.Engine) -> None:
    outcome = engine.evaluate(store({"rfq_quotes_7d": 12})).outcome("RFQ005")
    assert outcome.status is Status.SKIPPED
    assert outcome.missing == ("rfq_quote_ignored_share",)


@pytest.mark.parametrize(
    ("rule_id", "metrics", "reason"),
    [
        ("RFQ001", {"todo_pending_orders": 3},
         "none of the to-do counts is given (todo_unhandled_inquiries, todo_recommended_buyers, "
         "todo_paid_connections)"),
        ("RFQ007", {"inquiries_prev_30d": 0, "gmv_prev_30d": 0, "inquiries_30d": 5, "gmv_30d": 100},
         "the previous period had no inquiries, so GMV per inquiry has nothing to compare with"),
        ("RFQ008", {"offline_gmv_30d": 0, "ta_gmv_30d": 0}, "no GMV in the period, online or offline"),
        ("RFQ009", {"gmv_30d": 100, "marketing_spend_30d": 0},
         "no marketing spend in the period, so there is no leverage to judge"),
        ("RFQ007", {"inquiries_30d": 5, "gmv_30d": 100},
         "missing data: inquiries_prev_30d, gmv_prev_30d"),
    ],
)
def test_skip_reasons(engine: diagrules.Engine, rule_id: str, metrics: dict[str, Any], reason: str) -> None:
    outcome = engine.evaluate(store(metrics)).outcome(rule_id)
    assert outcome.status is Status.SKIPPED
    assert outcome.reason == reason


def test_skip_reason_survives_json(engine: diagrules.Engine) -> None:
    report = engine.evaluate(store({"gmv_30d": 100, "marketing_spend_30d": 0}))
    data = json.loads(diagrules.to_json(report))
    outcome = next(o for o in data["outcomes"] if o["rule"] == "RFQ009")
    assert outcome["status"] == "skipped"
    assert "no marketing spend" in outcome["reason"]


# -- seller stage --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "score", "status", "basis"),
    [
        ("new", 59, Status.FAILED, "new"),
        ("new", 60, Status.PASSED, None),
        ("established", 79, Status.FAILED, "established"),
        (None, 79, Status.FAILED, "established (seller_stage not given)"),
        (None, 80, Status.PASSED, None),
    ],
)
def test_service_score_target_by_stage(
    engine: diagrules.Engine, stage: str | None, score: float, status: Status, basis: str | None
) -> None:
    extra = {} if stage is None else {"seller_stage": stage}
    report = engine.evaluate(store({"ecommerce_service_score": score}, **extra))
    assert report.outcome("RFQ004").status is status
    found = report.findings_for("RFQ004")
    if basis is None:
        assert found == []
    else:
        assert found[0].details == {"seller_stage": stage, "target_basis": basis}


# -- the quote list --------------------------------------------------------------------------


def prepared(engine: diagrules.Engine, rows: list[dict[str, Any]], **metrics: Any) -> dict[str, Any]:
    return engine.prepare(store(metrics, datasets={"rfq_quotes": rows})).metrics


def test_quote_list_accepts_chinese_headers_statuses_and_dates(engine: diagrules.Engine) -> None:
    rows = [
        {"RFQ编号": 7120453381, "报价时间": "2026年11月19日 10:00", "买家行动": "已回复"},
        {"RFQ编号": "7120448702", "报价时间": "2026/11/18", "买家行动": "买家已退回"},
        {"RFQ编号": "7120431156", "报价时间": "2026.11.17 08:30", "买家行动": "未查看"},
        {"RFQ编号": "7120419874", "报价时间": "2026-11-16", "买家行动": "已查看", "报价用时(小时)": "12"},
        {"RFQ编号": "7120419875", "报价时间": "2026-11-16", "买家行动": "買家已退回"},
    ]
    metrics = prepared(engine, rows)
    assert metrics["rfq_quotes_7d"] == 5
    assert metrics["rfq_quote_reply_share"] == pytest.approx(0.2)
    assert metrics["rfq_quote_ignored_share"] == pytest.approx(0.6)
    assert metrics["rfq_quote_median_hours"] == 12


def test_unknown_quote_status_is_an_error_naming_the_choices(engine: diagrules.Engine) -> None:
    with pytest.raises(SnapshotError) as exc:
        engine.prepare(store(datasets={"rfq_quotes": quotes("maybe")}))
    problems = " ".join(exc.value.problems)
    assert "datasets.rfq_quotes[0].status" in problems
    assert "buyer_returned" in problems and "买家已退回" in problems


def test_bad_quote_date_is_an_error(engine: diagrules.Engine) -> None:
    with pytest.raises(SnapshotError) as exc:
        engine.prepare(store(datasets={"rfq_quotes": quotes("not_viewed", day="next week")}))
    assert "expected a date such as 2026-11-18" in " ".join(exc.value.problems)


def test_week_is_anchored_on_the_newest_quote(engine: diagrules.Engine) -> None:
    rows = [
        *quotes("buyer_replied", "buyer_viewed", day="2026-11-19"),
        *quotes("not_viewed", day="2026-11-13"),  # 6 days before: still this week
        *quotes("buyer_returned", "buyer_replied", day="2026-11-12"),  # 7 days before: last week
        *quotes("not_viewed", day="2026-11-06"),  # 13 days before: last week
        *quotes("not_viewed", day="2026-11-05"),  # 14 days before: neither
    ]
    metrics = prepared(engine, rows)
    assert metrics["rfq_quotes_7d"] == 3
    assert metrics["rfq_quotes_prev_7d"] == 3
    assert metrics["rfq_quote_ignored_share"] == pytest.approx(1 / 3)
    assert metrics["rfq_quote_ignored_share_prev"] == pytest.approx(2 / 3)
    assert metrics["rfq_quote_reply_share_prev"] == pytest.approx(1 / 3)
    assert "rfq_quote_median_hours" not in metrics  # no response hours given


def test_typed_in_metrics_win_over_the_quote_list(engine: diagrules.Engine) -> None:
    metrics = prepared(engine, quotes(*["not_viewed"] * 6), rfq_quote_ignored_share="10%")
    assert metrics["rfq_quote_ignored_share"] == pytest.approx(0.1)


# -- derived store metrics -----------------------------------------------------------------------


def test_derived_period_metrics(engine: diagrules.Engine) -> None:
    metrics = engine.prepare(store({
        "inquiries_30d": 150, "inquiries_prev_30d": 100, "gmv_30d": 90000, "gmv_prev_30d": 80000,
        "ta_gmv_30d": 30000, "marketing_spend_30d": 10000,
    })).metrics
    assert metrics["offline_gmv_30d"] == 60000
    assert metrics["offline_gmv_share"] == pytest.approx(2 / 3)
    assert metrics["gmv_per_inquiry"] == 600
    assert metrics["gmv_per_inquiry_prev"] == 800
    assert metrics["inquiries_change"] == pytest.approx(0.5)
    assert metrics["gmv_per_inquiry_change"] == pytest.approx(-0.25)
    assert metrics["marketing_leverage"] == 9


def test_offline_gmv_is_not_derived_when_ta_exceeds_gmv(engine: diagrules.Engine) -> None:
    metrics = engine.prepare(store({"gmv_30d": 1000, "ta_gmv_30d": 2000})).metrics
    assert "offline_gmv_30d" not in metrics


# -- metadata -------------------------------------------------------------------------------------


def test_rule_ids_and_names_are_the_documented_contract(engine: diagrules.Engine) -> None:
    rules = {r.id: r for r in engine.registry.rules.values() if r.ruleset == "rfq"}
    assert {rid: r.name for rid, r in rules.items()} == NAMES


@pytest.mark.parametrize("rule_id", RFQ_IDS)
def test_every_rule_is_documented_in_both_languages(engine: diagrules.Engine, rule_id: str) -> None:
    r = engine.registry.rules[rule_id]
    assert r.platforms == ("alibaba",)
    assert r.doc is not None and r.doc.source
    assert r.doc.as_of or "article 004" in r.doc.source  # article 004 carries no date
    assert r.doc.official is False  # every RFQ threshold comes from an article or is our own
    texts = [r.title, r.doc.what, r.doc.why, *(x.action for x in r.remedies)]
    if r.doc.notes is not None:
        texts.append(r.doc.notes)
    for t in texts:
        assert t.en and t.zh, f"{rule_id}: {t!r} lacks a language"
    params = r.params.model_fields
    assert all(f.description for f in params.values()), f"{rule_id}: undocumented parameter"


def test_metrics_have_chinese_labels(engine: diagrules.Engine) -> None:
    own = [m for name, m in engine.registry.metrics.items()
           if engine.registry.owner("metric", name) == "alibaba_rfq"]
    assert len(own) >= 25
    for m in own:
        assert m.label is not None and m.label.zh and m.label.en, m.name
        assert m.description is not None and m.description.zh and m.description.en, m.name


# -- the example store --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example(engine: diagrules.Engine) -> diagrules.Report:
    return engine.evaluate(EXAMPLE)


def test_example_store_outcomes(example: diagrules.Report) -> None:
    statuses = {o.rule: o.status.value for o in example.outcomes}
    assert statuses == {
        "RFQ001": "failed", "RFQ002": "failed", "RFQ003": "failed", "RFQ004": "passed",
        "RFQ005": "failed", "RFQ006": "failed", "RFQ007": "failed", "RFQ008": "failed",
        "RFQ009": "passed", "RFQ030": "not_applicable", "RFQ031": "not_applicable",
    }


def test_example_store_reads_as_a_weekly_checklist(example: diagrules.Report) -> None:
    zh = {f.rule: f.message.get("zh") for f in example.findings}
    en = {f.rule: f.message.get("en") for f in example.findings}
    assert zh == {
        "RFQ001": "今日待办未清零:待处理询盘 3 条。",
        "RFQ002": "回复率为 93.5%,低于 95% 的目标。",
        "RFQ003": "RFQ市场表现打败 72% 的同行,目标是至少 80%。",
        "RFQ005": "本周 11 条报价中 63.6% 被买家退回或未查看(上限 50%);报价偏慢,中位用时 30 小时。上周为 33.3%。",
        "RFQ006": "本周 11 条报价的买家回复率为 9.1%,低于 10%。上周为 22.2%。",
        "RFQ007": "询盘数增长 +32.1%(112 → 148),询盘质量(成交金额/询盘)却从 $826 降到 $584(-29.3%)。",
        "RFQ008": "85.4% 的成交($86,400 中的 $73,800)在线下支付;星等级(当前 2 星)只统计通过信保支付的 $12,600。",
    }
    assert en["RFQ005"] == (
        "63.6% of this week's 11 quotes were returned or not viewed by the buyer (limit 50%); "
        "quotes are slow, median 30 h after the RFQ. Last week: 33.3%."
    )
    assert en["RFQ007"] == (
        "Inquiries rose +32.1% (112 → 148) while GMV per inquiry dropped from $826 to $584 (-29.3%)."
    )


def test_example_store_quote_details(example: diagrules.Report) -> None:
    (finding,) = example.findings_for("RFQ005")
    assert finding.details["week"] == "2026-11-13..2026-11-19"
    assert finding.details["by_status"] == {
        "buyer_viewed": 3, "buyer_replied": 1, "buyer_returned": 4, "not_viewed": 3,
    }
    assert finding.details["median_quote_hours"] == 30
    assert finding.details["previous_week_share"] == pytest.approx(3 / 9)
    # slow quotes: speed is the first remedy
    assert finding.remedies[0].action.en is not None
    assert finding.remedies[0].action.en.startswith("Quote within a few hours")


def test_example_store_action_plan_starts_with_the_response_rate(example: diagrules.Report) -> None:
    plan = diagrules.action_plan(example, limit=3)
    assert plan[0].rules == ("RFQ002",)
    assert all(a.remedy.action.zh for a in plan)
