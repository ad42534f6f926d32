"""The AMZ plugin end to end: from the report JSON to findings, through the real entry point."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import diagrules
import pytest
from diagrules.testing import assert_report, make_case, run_case

import diagrules_amazon_account_health
from diagrules_amazon_account_health import snapshot_from_report

FIXTURES = Path(__file__).parent / "fixtures"
US_REPORT = FIXTURES / "account_health_us_at_risk.json"
EU_REPORT = FIXTURES / "account_health_eu_two_marketplaces.json"
#: The example of Amazon's accountHealthReport-2020-11-18 schema (its ``examples[0]``), with the
#: example's own spellings (prefulfillmentCancelRate, warningState, documentRequest).
SCHEMA_EXAMPLE = FIXTURES / "account_health_schema_example.json"
SOURCES = Path(diagrules_amazon_account_health.__file__).parent


def test_registered_through_its_entry_point() -> None:
    info = next(p for p in diagrules.load_plugins().plugins if p.name == "amazon_account_health")
    assert (info.distribution, info.version) == ("diagrules-amazon-account-health", "0.1.0")


def test_converter_reads_rates_as_fractions_with_targets() -> None:
    snap = snapshot_from_report(US_REPORT, store="Acme US", account_health_rating=184)
    assert snap["platform"] == "amazon"
    assert snap["as_of"] == "2026-11-15"
    assert snap["metrics"] == {
        "order_defect_rate": 0.01285,
        "order_defect_rate_fba": 0.005155,
        "late_shipment_rate": 0.04381,
        "pre_fulfillment_cancel_rate": 0.01449,
        "valid_tracking_rate": 0.93894,
        "on_time_delivery_rate": 0.95853,
        "unit_on_time_delivery_rate": 0.96125,
        "account_health_status": "WARNED",
        "account_status": "AT_RISK",
        "account_health_rating": 184,
    }
    rows = {r["metric"]: r for r in snap["datasets"]["account_health_metrics"]}
    assert rows["valid_tracking_rate"]["target_condition"] == "GREATER_THAN"
    assert rows["listingPolicyViolations"]["value"] == 2
    assert len([m for m in rows if m[0].islower() and m.endswith(("Violations", "Complaints", "Issues", "Requests"))]) == 10


def test_us_report_fires_the_expected_rules() -> None:
    snap = snapshot_from_report(US_REPORT, store="Acme US", account_health_rating=184)
    report = diagrules.Engine({"select": ["AMZ"]}).evaluate(snap)
    assert_report(report, "AMZ001", status="failed", observed=0.01285, threshold=0.01,
                  details={"target_source": "report"})
    assert_report(report, "AMZ002", status="passed")
    assert_report(report, "AMZ003", status="failed", threshold=0.04)
    assert_report(report, "AMZ004", status="passed")
    assert_report(report, "AMZ005", status="failed", observed=0.93894)
    assert_report(report, "AMZ006", status="failed", severity="info")
    assert_report(report, "AMZ007", status="failed",
                  items=["listingPolicyViolations", "receivedIntellectualPropertyComplaints"])
    assert_report(report, "AMZ008", status="failed", severity="error", details={"band": "at_risk"})
    assert_report(report, "AMZ009", status="failed", observed="AT_RISK")


def test_marketplace_must_be_chosen_when_the_report_has_several() -> None:
    with pytest.raises(ValueError, match="A1F83G8C2ARO7P, A1PA6795UKMFR9"):
        snapshot_from_report(EU_REPORT, store="Acme EU")
    with pytest.raises(ValueError, match="'ATVPDKIKX0DER' is not in the report"):
        snapshot_from_report(EU_REPORT, store="Acme EU", marketplace_id="ATVPDKIKX0DER")


def test_rates_over_zero_orders_are_left_out_so_rules_skip() -> None:
    snap = snapshot_from_report(EU_REPORT, store="Acme UK", marketplace_id="A1F83G8C2ARO7P")
    assert set(snap["metrics"]) == {"order_defect_rate_fba", "account_status", "account_health_status"}
    report = diagrules.Engine({"select": ["AMZ"]}).evaluate(snap)
    assert_report(report, "AMZ001", status="skipped", missing=["order_defect_rate"])
    assert_report(report, "AMZ002", status="passed")
    assert_report(report, "AMZ007", status="passed")
    assert_report(report, "AMZ009", status="passed")


def test_report_target_is_stricter_than_policy_in_germany() -> None:
    snap = snapshot_from_report(json.loads(EU_REPORT.read_text()), store="Acme DE",
                                marketplace_id="A1PA6795UKMFR9")
    expect_fail = make_case("AMZ004", "de_report_target", **snap, expect="failed", threshold=0.01)
    run_case(expect_fail)
    policy_only = make_case("AMZ004", "de_policy_target", **snap, expect="passed",
                            config={"rules": {"AMZ004": {"use_report_target": False}}})
    run_case(policy_only)


def test_texts_are_bilingual_and_documented() -> None:
    engine = diagrules.Engine({"select": ["AMZ"]})
    rules = [r for r in engine.registry.rules.values() if r.id.startswith("AMZ")]
    assert len(rules) == 11
    for r in rules:
        assert r.title.en and r.title.zh, r.id
        assert r.doc is not None and r.doc.source and r.doc.as_of, r.id
        assert r.remedies and all(m.action.en and m.action.zh for m in r.remedies), r.id
        # whose judgement: every threshold and every remedy says it
        assert r.doc.threshold_basis in ("source", "diagrules"), r.id
        assert all(m.basis in ("source", "diagrules") for m in r.remedies), r.id


def test_imports_only_the_public_api() -> None:
    public = set(diagrules.__all__)
    for path in SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("diagrules"):
                assert node.module == "diagrules" or node.module.startswith("diagrules_"), path.name
                if node.module == "diagrules":
                    assert {a.name for a in node.names} <= public, path.name


def test_amazons_own_schema_example() -> None:
    """The example report of the SP-API schema, read as Amazon means it: the report's statuses
    decide, the unit-level on-time delivery rate is read, and both key spellings work."""
    snap = snapshot_from_report(SCHEMA_EXAMPLE, store="Schema example")
    assert snap["metrics"]["pre_fulfillment_cancel_rate"] == 0.005  # prefulfillmentCancelRate
    assert snap["datasets"]["account_warning_states"] == [
        {"warning_type": "spammingSellerMessaging", "status": "BAD"}  # warningState
    ]
    report = diagrules.Engine({"select": ["AMZ"]}).evaluate(snap)
    for passing in ("AMZ001", "AMZ002", "AMZ003", "AMZ004", "AMZ005", "AMZ006"):
        assert_report(report, passing, status="passed")
    # 88.48 % against "> 90 %": read and reported, at info since the report still rates it GOOD
    assert_report(report, "AMZ010", status="failed", severity="info", observed=0.8848,
                  threshold=0.9, details={"target_source": "report", "report_status": "GOOD"})
    assert "still rates it GOOD" in report.findings_for("AMZ010")[0].message.get("en")
    # the BAD counters are violations; the 8 document requests rated GOOD are not
    assert_report(report, "AMZ007", status="failed", items=[
        "listingPolicyViolations", "productAuthenticityCustomerComplaints",
        "productConditionCustomerComplaints", "productSafetyCustomerComplaints",
        "receivedIntellectualPropertyComplaints", "foodAndProductSafetyIssues",
        "otherPolicyViolations",
    ])
    # no numeric rating: the report's WARNED decides
    assert_report(report, "AMZ008", status="failed", severity="error", details={"band": "warned"})
    assert_report(report, "AMZ009", status="failed", observed="AT_RISK")
    assert_report(report, "AMZ011", status="failed", items=["spammingSellerMessaging"])


def test_schema_spelling_warning_states_is_read_too() -> None:
    doc = json.loads(SCHEMA_EXAMPLE.read_text())
    entry = doc["performanceMetrics"][0]
    entry["warningStates"] = [{"warningType": "policyWarning", "status": "GOOD"}]
    entry["accountHealthRating"] = {"accountHealthRatingStatus": "GREAT"}
    snap = snapshot_from_report(doc, store="Schema spelling")
    assert [w["warning_type"] for w in snap["datasets"]["account_warning_states"]] == [
        "policyWarning", "spammingSellerMessaging"
    ]
    report = diagrules.Engine({"select": ["AMZ"]}).evaluate(snap)
    assert_report(report, "AMZ008", status="passed")
    assert_report(report, "AMZ011", status="failed", items=["spammingSellerMessaging"])
