"""The RFQ rule set beyond what the rule-case files can say.

Skip reasons, finding details, the quote list (Chinese headers and statuses, dates, the weekly
window), derived metrics, rule metadata, and the bundled example store
read as a weekly checklist in both languages.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import diagrules
from diagrules import SnapshotError, Status
from diagrules.builtin.alibaba import rfq, rfq_service, rts
from diagrules.builtin.alibaba.quotes import RFQ_QUOTES, review
from diagrules.builtin.alibaba.rfq_quoting import ReviewParams, _too_few

EXAMPLE = Path(diagrules.__file__).parent / "examples" / "alibaba" / "store.toml"
RFQ_IDS = [f"RFQ{i:03d}" for i in range(1, 14)]
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
    "RFQ010": "datamanager-products-to-learn-from",
    "RFQ011": "datamanager-impressions-without-clicks",
    "RFQ012": "datamanager-clicks-without-inquiries",
    "RFQ013": "datamanager-no-impressions",
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


def test_too_few_quotes_is_skipped_with_the_count_the_window_and_the_parameter(
    engine: diagrules.Engine,
) -> None:
    rows = [*quotes("not_viewed", "not_viewed"), *quotes("not_viewed", day="2026-11-21")]
    report = engine.evaluate(store(datasets={"rfq_quotes": rows}, as_of="2026-11-22"))
    for rule_id in ("RFQ005", "RFQ006"):
        outcome = report.outcome(rule_id)
        assert outcome.status is Status.SKIPPED
        assert outcome.reason == (
            "only 2 quotes judged for the review week 2026-11-16 – 2026-11-22; this rule judges "
            "from 3 (parameter min_quotes); 1 more was sent less than 48 hours before the end of "
            "the week and not judged yet"
        )
    assert report.findings_for("RFQ005") == []


def test_skip_reasons_of_the_review_exist_in_chinese(engine: diagrules.Engine) -> None:
    rows = [RFQ_QUOTES.record.model_validate(q) for q in quotes("not_viewed")]
    found = review(rows, None, 48)
    assert found is not None
    reason = _too_few(found, len(found.judged), ReviewParams())
    assert reason.get("zh") == (
        "复盘周（2026-11-13 – 2026-11-19，截至最新一条报价，因为快照没有提供日期）可判断的报价只有 0 条，"
        "本规则至少需要 3 条（参数 `min_quotes`）；另有 1 条发出不足 48 小时，暂不判断"
    )


def test_a_single_quote_reads_in_the_singular(engine: diagrules.Engine) -> None:
    report = engine.evaluate(store(datasets={"rfq_quotes": quotes("not_viewed")}, as_of="2026-11-25"))
    assert report.outcome("RFQ005").reason is not None
    assert report.outcome("RFQ005").reason.startswith("only 1 quote judged for the review week")


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
         "missing data: Inquiries (previous 30 days), GMV (previous 30 days)"),  # labels; ids in .missing
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
    # a bad row costs only what needs the quote list: it is left out and reported (issue 15)
    prepared = engine.prepare(store(datasets={"rfq_quotes": quotes("maybe")}))
    assert "rfq_quotes" not in prepared.datasets
    problems = " ".join(prepared.input_errors["rfq_quotes"])
    assert "datasets.rfq_quotes[0].status" in problems
    assert "buyer_returned" in problems and "买家已退回" in problems


def test_bad_quote_date_is_an_error(engine: diagrules.Engine) -> None:
    prepared = engine.prepare(store(datasets={"rfq_quotes": quotes("not_viewed", day="next week")}))
    assert "expected a date such as 2026-11-18" in " ".join(prepared.input_errors["rfq_quotes"])


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
    assert r.doc is not None and isinstance(r.doc.source, diagrules.Text)
    assert r.doc.source.en and r.doc.source.zh, f"{rule_id}: its source lacks a language"
    assert r.doc.as_of or "article 004" in r.doc.source.en  # article 004 carries no date
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
        "RFQ005": "failed", "RFQ006": "passed", "RFQ007": "failed", "RFQ008": "failed",
        "RFQ009": "passed", "RFQ010": "failed", "RFQ011": "passed", "RFQ012": "passed",
        "RFQ013": "passed", "RFQ030": "not_applicable", "RFQ031": "not_applicable",
    }


def test_example_store_reads_as_a_weekly_checklist(example: diagrules.Report) -> None:
    zh = {f.rule: f.message.get("zh") for f in example.findings}
    en = {f.rule: f.message.get("en") for f in example.findings}
    assert zh == {
        "RFQ001": "今日待办未清零：待处理询盘 3 条。",
        "RFQ002": "回复率为 93.5%，低于 95% 的目标。",
        "RFQ003": "RFQ市场表现打败 72% 的同行，目标是至少 80%。",
        "RFQ005": "复盘周（2026-11-14 – 2026-11-20）可判断的 7 条报价中，57.1% 被买家退回或未查看，超过 50%；"
        "报价偏慢，中位用时 26 小时。另有 2 条报价发出不足 48 小时，暂不判断。上周为 33.3%。",
        "RFQ007": "询盘数增长 +32.1%（112 → 148），询盘质量（成交金额/询盘）却从 US$825.89 降到 US$583.78"
        "（-29.3%）：询盘变多，每个询盘带来的生意反而变少。",
        "RFQ008": "85.4% 的成交（US$86,400 中的 US$73,800）在线下支付；星等级（当前 2 星）只统计通过信保支付的 US$12,600。",
        "RFQ010": "1600512340102（OEM Leather Laptop Briefcase） 表现最好：搜索点击率 1.28%（店铺中位数 0.78%），"
        "询盘率 5.57%（中位数 2.83%），点击 520 次。",
    }
    assert en["RFQ005"] == (
        "57.1% of the 7 quotes judged for the review week 2026-11-14 – 2026-11-20 were returned or "
        "not viewed by the buyer, more than 50%; quotes are slow, median 26 hours after the RFQ. "
        "2 more quotes were sent less than 48 hours before the end of the week and are not judged "
        "yet. Last week: 33.3%."
    )
    assert en["RFQ007"] == (
        "Inquiries rose +32.1% (112 → 148) while GMV per inquiry (inquiry quality) fell from "
        "US$825.89 to US$583.78 (-29.3%): more inquiries, less business from each."
    )


def test_example_store_quote_details(example: diagrules.Report) -> None:
    (finding,) = example.findings_for("RFQ005")
    assert finding.details["week"] == "2026-11-14..2026-11-20"  # the snapshot's as_of week
    assert finding.details["review_anchor"] == "as_of"
    assert finding.details["by_status"] == {
        "buyer_viewed": 2, "buyer_replied": 1, "buyer_returned": 3, "not_viewed": 1,
    }
    assert (finding.details["judged_quotes"], finding.details["young_quotes"]) == (7, 2)
    assert finding.details["median_quote_hours"] == 26
    assert finding.details["previous_week_share"] == pytest.approx(3 / 9)
    # slow quotes: speed is the first remedy
    assert finding.remedies[0].action.en is not None
    assert finding.remedies[0].action.en.startswith("Quote within a few hours")


def test_example_store_action_plan_starts_with_the_response_rate(example: diagrules.Report) -> None:
    plan = diagrules.action_plan(example, limit=3)
    assert plan[0].rules == ("RFQ002",)
    assert all(a.remedy.action.zh for a in plan)


def test_star_level_evidence_has_no_comparison(example: diagrules.Report) -> None:
    # "expected < 75%" would read as advice to shrink the offline business
    (finding,) = example.findings_for("RFQ008")
    assert finding.comparison is None
    assert finding.threshold == 0.75


def test_a_skip_reason_can_be_bilingual() -> None:
    skip = diagrules.Skip(diagrules.text(en="too few quotes", zh="报价太少"))
    assert not isinstance(skip.reason, str)
    assert (skip.reason.get("en"), skip.reason.get("zh"), str(skip)) == ("too few quotes", "报价太少", "too few quotes")
    assert diagrules.Skip("plain").reason == "plain"


def test_every_alibaba_threshold_and_remedy_says_whose_judgement_it_is() -> None:
    rules = [*rfq.RULES, *rts.RULES]
    assert len(rules) == 25
    finding_only = [fix for _, _, fix in rfq_service._TODOS]  # remedies chosen per finding
    for r in rules:
        assert r.doc is not None and r.doc.threshold_basis in ("source", "diagrules"), r.id
        for remedy in r.remedies:
            assert remedy.basis in ("source", "diagrules"), (r.id, remedy.action.en)
    assert all(fix.basis for fix in finding_only)


def test_a_spreadsheet_midnight_is_a_date_and_a_time_is_kept() -> None:
    read = RFQ_QUOTES.record.model_validate
    midnight = read({"rfq_id": "R1", "status": "not_viewed", "quoted_at": dt.datetime(2026, 11, 18)})
    timed = read({"rfq_id": "R2", "status": "not_viewed", "quoted_at": "2026年11月18日 10:32"})
    assert midnight.quoted_at == dt.date(2026, 11, 18)
    assert midnight.sent == dt.datetime.combine(dt.date(2026, 11, 18), dt.time.max)
    assert timed.quoted_at == dt.datetime(2026, 11, 18, 10, 32)
    assert read({"rfq_id": "R3", "status": "not_viewed", "quoted_at": ""}).quoted_at is None
