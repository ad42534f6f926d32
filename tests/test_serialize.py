"""JSON reports: the documented keys, languages, and exact round trips."""

from __future__ import annotations

import json

import pytest
from conftest import toy_snapshot

import diagrules
from diagrules import DiagrulesError


@pytest.fixture
def report(toy_engine):
    snap = toy_snapshot(visits=1000, orders=5)
    snap["datasets"] = {"items": [{"sku": "A", "sold": 0}]}
    snap["as_of"] = "2026-11-20"
    return toy_engine().evaluate(snap)


def test_documented_keys(report):
    data = json.loads(diagrules.to_json(report))
    for key in ("schema_version", "store", "platform", "outcomes", "findings", "scores", "action_plan", "summary"):
        assert key in data
    assert data["as_of"] == "2026-11-20"
    assert {"rule", "status"} <= set(data["outcomes"][0])
    f = data["findings"][0]
    for key in ("rule", "severity", "message", "observed", "threshold", "comparison", "remedies", "item"):
        assert key in f
    assert data["summary"]["failed"] == 2 and data["summary"]["error"] == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_round_trip_is_exact(report, lang):
    text = diagrules.to_json(report, lang)
    again = diagrules.from_json(text)
    assert diagrules.to_json(again, lang) == text


def test_language_of_texts(report):
    zh = json.loads(diagrules.to_json(report, "zh"))
    assert zh["lang"] == "zh"
    assert zh["findings"][0]["message"].startswith("转化率")


def test_newer_schema_refused(report):
    data = diagrules.to_dict(report)
    data["schema_version"] = 99
    with pytest.raises(DiagrulesError, match="unsupported report schema_version 99"):
        diagrules.from_dict(data)
