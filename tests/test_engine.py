"""Engine behaviour through the public API: outcomes, statuses, derivation, ordering, pickling."""

from __future__ import annotations

import pickle

import pytest
from conftest import toy_snapshot

import diagrules
from diagrules import Severity, SnapshotError, Status


def statuses(report: diagrules.Report) -> dict[str, str]:
    return {o.rule: o.status.value for o in report.outcomes}


def test_every_selected_rule_gets_exactly_one_outcome(toy_engine):
    report = toy_engine().evaluate(toy_snapshot(visits=1000, orders=5))
    ids = [o.rule for o in report.outcomes]
    assert ids == sorted(set(ids))
    # TOY005 is preview (not selected by default); OTH001 is for another platform (left out).
    assert ids == ["TOY001", "TOY002", "TOY003", "TOY004"]


def test_statuses_failed_error_skipped_not_applicable(toy_engine):
    report = toy_engine().evaluate(toy_snapshot(visits=1000, orders=5))
    assert statuses(report) == {
        "TOY001": "failed",  # 0.5% < 2%, derived from orders / visits
        "TOY002": "error",
        "TOY003": "skipped",
        "TOY004": "not_applicable",
    }
    err = report.outcome("TOY002")
    assert "RuntimeError: boom" in (err.reason or "")
    assert "Traceback" in (err.traceback or "")
    skipped = report.outcome("TOY003")
    assert skipped.missing == ("items",)


def test_passed_and_derived_metric_not_recomputed_when_given(toy_engine):
    engine = toy_engine()
    # conversion given explicitly wins over orders / visits
    report = engine.evaluate(toy_snapshot(visits=1000, orders=5, conversion="3%"))
    assert report.outcome("TOY001").status is Status.PASSED


def test_derivation_skipped_when_denominator_zero(toy_engine):
    report = toy_engine().evaluate(toy_snapshot(visits=0, orders=0))
    assert report.outcome("TOY001").status is Status.SKIPPED
    assert report.outcome("TOY001").missing == ("conversion",)


def test_finding_carries_evidence_and_localized_message(toy_engine):
    report = toy_engine().evaluate(toy_snapshot(visits=1000, orders=5))
    (f,) = report.findings_for("TOY001")
    assert f.observed == pytest.approx(0.005)
    assert f.threshold == 0.02 and f.comparison == ">="
    assert f.severity is Severity.WARNING
    assert f.message.get("en") == "Conversion 0.5% < 2%"
    assert f.message.get("zh") == "转化率 0.5% 低于 2%"
    assert f.remedies[0].action.get("zh") == "优化主图"


def test_item_level_findings_in_rule_order(toy_engine):
    snap = toy_snapshot(visits=10)
    snap["datasets"] = {"items": [{"sku": "B", "sold": 0}, {"货号": "A", "销量": "0"}, {"sku": "C", "sold": 3}]}
    report = toy_engine().evaluate(snap)
    assert [f.item for f in report.findings_for("TOY003")] == ["B", "A"]


def test_stage_rule_applies_to_its_stage(toy_engine):
    snap = toy_snapshot(visits=10)
    snap["seller_stage"] = "new"
    assert toy_engine().evaluate(snap).outcome("TOY004").status is Status.FAILED


def test_explicit_selection_reports_other_platform_rules_not_applicable(toy_engine):
    report = toy_engine(select=["OTH001", "TOY001"]).evaluate(toy_snapshot(visits=10, orders=1))
    assert statuses(report) == {"OTH001": "not_applicable", "TOY001": "passed"}
    reason = report.outcome("OTH001").reason
    assert reason == "rule is for Other shop, store is on Toy shop"  # platforms by their labels
    assert diagrules.to_dict(report, "zh")["outcomes"][0]["reason"] == "规则适用于其他店，店铺在玩具店"


def test_preview_rule_selected_only_by_exact_id(toy_engine):
    assert "TOY005" not in statuses(toy_engine(select=["TOY"]).evaluate(toy_snapshot(visits=1)))
    assert statuses(toy_engine(select=["TOY005"]).evaluate(toy_snapshot(visits=1))) == {"TOY005": "failed"}


def test_rule_yielding_non_finding_is_an_error_outcome(toy_engine):
    from diagrules import Metric, Platform, hookimpl, rule, text

    @rule("BAD001", "yields-junk", title=text(en="junk"), platform="toyshop")
    def junk(ctx, p):
        yield "not a finding"

    class Plugin:
        @hookimpl
        def diagrules_rules(self):
            return [junk]

    import toyplugin

    engine = diagrules.Engine({"plugins": {"autoload": False}}, plugins=[toyplugin, Plugin()])
    report = engine.evaluate(toy_snapshot(visits=1))
    assert report.outcome("BAD001").status is Status.ERROR
    assert "expected a Finding" in (report.outcome("BAD001").reason or "")
    assert Metric and Platform  # imported names are public


def test_unknown_metric_is_an_error_with_suggestion(toy_engine):
    with pytest.raises(SnapshotError) as exc:
        toy_engine().evaluate(toy_snapshot(visit=10))
    assert "metrics.visit: unknown metric — did you mean 'visits'?" in str(exc.value)
    assert exc.value.store == "Toy Store"


def test_percent_looking_ratio_is_refused_with_hint(toy_engine):
    with pytest.raises(SnapshotError) as exc:
        toy_engine().evaluate(toy_snapshot(conversion=95))
    assert "metrics.conversion: must be a ratio between 0 and 1, got 95 — did you mean '95%'?" in str(exc.value)


def test_all_problems_of_a_store_reported_together(toy_engine):
    with pytest.raises(SnapshotError) as exc:
        toy_engine().evaluate({"platform": "toyshp", "store": "S", "metrics": {"visits": -3, "service_score": 120}})
    text = str(exc.value)
    assert "platform: unknown platform 'toyshp' — did you mean 'toyshop'?" in text
    assert "metrics.visits: must be at least 0, got -3" in text
    assert "metrics.service_score: must be at most 100, got 120" in text


def test_structural_errors_name_the_field():
    engine = diagrules.Engine({"plugins": {"autoload": False}})
    with pytest.raises(SnapshotError) as exc:
        engine.evaluate({"platform": "x", "metrics": {}, "extra_key": 1})
    text = str(exc.value)
    assert "store: Field required" in text and "extra_key: unknown field" in text


def test_dataset_row_errors_name_row_and_field(toy_engine):
    snap = toy_snapshot(visits=1)
    snap["datasets"] = {"items": [{"sku": "A", "sold": 1}, {"sku": "B", "sold": "many"}]}
    report = toy_engine().evaluate(snap)  # the store is diagnosed; the bad table is reported
    assert any("datasets.items[1].sold: expected a number, got 'many'" in p for p in report.input_errors)
    with pytest.raises(SnapshotError) as exc:
        toy_engine(reject_invalid_datasets=True).evaluate(snap)
    assert "datasets.items[1].sold: expected a number, got 'many'" in str(exc.value)


def test_dataset_derivation_counts_rows(toy_engine):
    snap = toy_snapshot()
    snap["datasets"] = {"items": [{"sku": "A"}, {"sku": "B"}]}
    engine = toy_engine()
    prepared = engine.prepare(snap)
    assert prepared.metrics["items_listed"] == 2.0


def test_evaluate_many_streams_and_reports_invalid_stores(toy_engine):
    engine = toy_engine()
    items = [toy_snapshot(visits=100, orders=1), {"platform": "toyshop", "store": "bad", "metrics": {"visits": "x"}},
             toy_snapshot(visits=100, orders=9)]
    results = list(engine.evaluate_many(items, errors="return"))
    assert isinstance(results[0], diagrules.Report) and isinstance(results[2], diagrules.Report)
    bad = results[1]
    assert isinstance(bad, diagrules.InvalidSnapshot) and bad.store == "bad"
    assert any("metrics.visits" in p for p in bad.problems)
    with pytest.raises(SnapshotError):
        list(engine.evaluate_many(items))


def test_engine_and_report_pickle(toy_engine):
    engine = toy_engine(rules={"TOY001": {"min_conversion": 0.001}})
    clone = pickle.loads(pickle.dumps(engine))
    snap = toy_snapshot(visits=1000, orders=5)
    a, b = engine.evaluate(snap), clone.evaluate(snap)
    assert diagrules.to_json(a) == diagrules.to_json(b)
    assert statuses(b)["TOY001"] == "passed"
    report_clone = pickle.loads(pickle.dumps(a))
    assert diagrules.to_json(report_clone, "zh") == diagrules.to_json(a, "zh")


def test_deterministic_output(toy_engine):
    snap = toy_snapshot(visits=1000, orders=5)
    snap["datasets"] = {"items": [{"sku": str(i), "sold": 0} for i in range(20)]}
    engine = toy_engine()
    assert diagrules.to_json(engine.evaluate(snap)) == diagrules.to_json(toy_engine().evaluate(snap))


def test_evaluate_from_file_resolves_dataset_relative_to_snapshot(tmp_path, toy_engine):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "items.csv").write_text("货号,销量\nA,0\nB,2\n", encoding="utf-8")
    (tmp_path / "store.toml").write_text(
        'platform = "toyshop"\nstore = "File Store"\n[metrics]\nvisits = 5\n'
        '[datasets]\nitems = { file = "data/items.csv" }\n', encoding="utf-8")
    report = toy_engine().evaluate(tmp_path / "store.toml")
    assert [f.item for f in report.findings_for("TOY003")] == ["A"]


def test_rule_over_its_time_budget_is_reported_and_others_run():
    import time

    import toyplugin

    from diagrules import hookimpl, rule, text

    @rule("SLOW001", "sleeps-forever", title=text(en="slow"), platform="toyshop")
    def sleepy(ctx, p):
        try:
            time.sleep(30)
        except Exception:  # a rule's broad except must not swallow the budget
            pass
        return []

    class Plugin:
        @hookimpl
        def diagrules_rules(self):
            return [sleepy]

    engine = diagrules.Engine({"plugins": {"autoload": False}, "rule-timeout": 0.2},
                              plugins=[toyplugin, Plugin()])
    start = time.perf_counter()
    report = engine.evaluate(toy_snapshot(visits=1000, orders=5))
    assert time.perf_counter() - start < 5
    slow = report.outcome("SLOW001")
    assert slow.status is Status.ERROR and "time budget of 0.2 s" in (slow.reason or "")
    assert report.outcome("TOY001").status is Status.FAILED


def test_message_template_may_use_comparison():
    import toyplugin

    from diagrules import hookimpl, rule, text

    @rule("CMP001", "shows-comparison", title=text(en="c"), platform="toyshop", requires=["visits"],
          message=text(en="visits {observed}, expected {comparison} {threshold}"))
    def shows(ctx, p):
        yield ctx.finding(observed=ctx["visits"], threshold=100, comparison=">=")

    class Plugin:
        @hookimpl
        def diagrules_rules(self):
            return [shows]

    engine = diagrules.Engine({"plugins": {"autoload": False}}, plugins=[toyplugin, Plugin()])
    (f,) = engine.evaluate(toy_snapshot(visits=5)).findings_for("CMP001")
    assert f.message.get("en") == "visits 5, expected >= 100"
