"""History through the engine: previous-period metrics, trend rules and history checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from diagrules import Engine
from diagrules.core.errors import ConfigError
from diagrules.core.model import Report, Status
from diagrules.history.sqlite import SQLiteHistory
from diagrules.history.store import InMemoryHistory

WEEK = dt.timedelta(days=7)
START = dt.date(2026, 10, 30)


def snap(week: int, **metrics: Any) -> dict[str, Any]:
    return {"platform": "alibaba", "store": "Demo Co.", "as_of": (START + week * WEEK).isoformat(),
            "metrics": metrics}


def run(engine: Engine, rates: list[float], rule: str) -> Report:
    report = None
    for week, rate in enumerate(rates):
        report = engine.evaluate(snap(week, response_rate=rate))
    assert report is not None
    return report


def engine(**config: Any) -> Engine:
    return Engine({"select": ["RFQ030", "RFQ031", "RFQ007", *config.pop("select", [])], **config},
                  history=config.pop("history", None) or InMemoryHistory())


@pytest.mark.parametrize(("rates", "status", "observed"), [
    ([0.99, 0.98, 0.97, 0.96], Status.FAILED, 3),     # three falls in a row: the boundary
    ([0.99, 0.98, 0.97, 0.96, 0.95], Status.FAILED, 4),
    ([0.99, 0.99, 0.98, 0.97], Status.PASSED, None),  # two falls only
    ([0.99, 0.98, 0.98, 0.97], Status.PASSED, None),  # an unchanged week ends the run
    ([0.97, 0.98, 0.97, 0.96], Status.PASSED, None),
])
def test_response_rate_falling_three_weeks(rates: list[float], status: Status, observed: int | None) -> None:
    report = run(engine(), rates, "RFQ030")
    assert report.outcome("RFQ030").status is status
    found = report.findings_for("RFQ030")
    assert [f.observed for f in found] == ([observed] if observed else [])
    if found:
        last = f"{rates[-1] * 100:g}%"
        assert f"→ {last}" in found[0].message.get("en") and "周" in found[0].message.get("zh")


def test_too_short_a_history_is_skipped_naming_it() -> None:
    report = run(engine(), [0.99, 0.98], "RFQ030")
    outcome = report.outcome("RFQ030")
    assert outcome.status is Status.SKIPPED and "history" in (outcome.reason or "")


def test_without_history_trend_rules_are_not_applicable() -> None:
    report = Engine({"select": ["RFQ030", "RFQ002"]}).evaluate(snap(0, response_rate=0.9))
    assert report.outcome("RFQ030").status is Status.NOT_APPLICABLE
    assert report.outcome("RFQ002").status is Status.FAILED


def test_rerunning_the_same_week_does_not_count_as_a_fall() -> None:
    e = engine()
    run(e, [0.99, 0.98, 0.97], "RFQ030")
    report = e.evaluate(snap(2, response_rate=0.97))  # the same week again, same number
    assert report.outcome("RFQ030").status is Status.SKIPPED  # 3 values: week 0, 1 and this one


def test_previous_period_metrics_are_filled_from_history_and_named() -> None:
    e = engine()
    first = e.evaluate({**snap(0, inquiries_30d=100, gmv_30d=50_000)})
    assert first.from_history == {}
    later = snap(0, inquiries_30d=120, gmv_30d=20_000)
    later["as_of"] = (START + dt.timedelta(days=31)).isoformat()  # 31 days later: within tolerance
    report = e.evaluate(later)
    assert report.from_history == {"inquiries_prev_30d": START.isoformat(), "gmv_prev_30d": START.isoformat()}
    # the filled numbers feed the period-over-period rule: more inquiries, quality 500 → 167 each
    assert report.outcome("RFQ007").status is Status.FAILED


def test_given_previous_numbers_win_over_history() -> None:
    e = engine()
    e.evaluate(snap(0, inquiries_30d=100, gmv_30d=50_000))
    later = snap(0, inquiries_30d=80, gmv_30d=20_000, inquiries_prev_30d=80, gmv_prev_30d=20_000)
    later["as_of"] = (START + dt.timedelta(days=30)).isoformat()
    report = e.evaluate(later)
    assert report.from_history == {}
    assert report.outcome("RFQ007").status is Status.PASSED


def test_outside_the_tolerance_nothing_is_filled() -> None:
    e = engine()
    e.evaluate(snap(0, inquiries_30d=100, gmv_30d=50_000))
    later = snap(0, inquiries_30d=80, gmv_30d=20_000)
    later["as_of"] = (START + dt.timedelta(days=40)).isoformat()
    assert e.evaluate(later).from_history == {}


def test_history_from_the_configuration_file(tmp_path: Path) -> None:
    (tmp_path / "diagrules.toml").write_text('select = ["RFQ030"]\n[history]\nstore = "h.sqlite"\n', encoding="utf-8")
    e = Engine.from_config(tmp_path / "diagrules.toml")
    for week, rate in enumerate([0.99, 0.98, 0.97, 0.96]):
        report = e.evaluate(snap(week, response_rate=rate))
    assert report.outcome("RFQ030").status is Status.FAILED
    assert len(SQLiteHistory(tmp_path / "h.sqlite").entries("alibaba", "Demo Co.")) == 4


def test_record_false_reads_but_does_not_write() -> None:
    history = InMemoryHistory()
    e = Engine({"select": ["RFQ030"], "history": {"record": False}}, history=history)
    e.evaluate(snap(0, response_rate=0.9))
    assert history.entries("alibaba", "Demo Co.") == []


# -- declarative history checks -----------------------------------------------------------------

def checks_engine(**check: Any) -> Engine:
    return Engine({"select": ["MY001"], "checks": [{"id": "MY001", "metric": "response_rate", **check}]},
                  history=InMemoryHistory())


@pytest.mark.parametrize(("change", "rates", "status"), [
    ("< -5%", [0.90, 0.85], Status.FAILED),     # -5.6 %
    ("< -5%", [0.90, 0.86], Status.PASSED),     # -4.4 %
    ("< -0.02", [0.90, 0.87], Status.FAILED),   # absolute: -0.03
    ("< -0.02", [0.90, 0.89], Status.PASSED),
])
def test_change_check(change: str, rates: list[float], status: Status) -> None:
    report = run(checks_engine(change=change), rates, "MY001")
    assert report.outcome("MY001").status is status


def test_change_check_message_reads_the_change() -> None:
    report = run(checks_engine(change="< -5%"), [0.90, 0.81], "MY001")
    (f,) = report.findings
    assert "-10%" in f.message.get("en") and "90% → 81%" in f.message.get("en")


@pytest.mark.parametrize(("rates", "status"), [([3, 2, 1], Status.FAILED), ([3, 2, 2], Status.PASSED)])
def test_falling_check(rates: list[float], status: Status) -> None:
    report = run(checks_engine(falling=2), [r / 10 for r in rates], "MY001")
    assert report.outcome("MY001").status is status


def test_rising_check_and_a_short_history() -> None:
    assert run(checks_engine(rising=2), [0.1], "MY001").outcome("MY001").status is Status.SKIPPED
    assert run(checks_engine(rising=2), [0.1, 0.2, 0.3], "MY001").outcome("MY001").status is Status.FAILED


@pytest.mark.parametrize(("check", "message"), [
    ({"fail": "< 0.9", "change": "< -5%"}, "exactly one of fail, change, falling or rising"),
    ({}, "exactly one of"),
    ({"change": "< -5%", "warn": "< 0.9"}, "warn goes with fail"),
    ({"change": "down a lot"}, r"checks\[0\]\.change"),
])
def test_check_kinds_are_validated(check: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Engine({"checks": [{"id": "MY001", "metric": "response_rate", **check}]})


# -- AEG070: an ability falling ---------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[1] / "diagrules" / "examples" / "aliexpress" / "store.toml"


def _aliexpress(history: InMemoryHistory, past: dict[str, list[float]]) -> Report:
    """The bundled AliExpress store diagnosed after ``past`` weekly ability scores were recorded."""
    from diagrules.core.model import score_key
    from diagrules.history.store import HistoryEntry

    e = Engine({"select": ["AEG070"]}, history=history)
    current = e.evaluate(EXAMPLE)
    assert current.as_of is not None
    n = len(next(iter(past.values())))
    history._stores.clear()
    history.record([
        HistoryEntry(platform="aliexpress", store=current.store, as_of=current.as_of - (n - i) * WEEK,
                     metrics={score_key("aliexpress-growth", dim): values[i] for dim, values in past.items()})
        for i in range(n)
    ])
    return e.evaluate(EXAMPLE)


def _score(report: Report, dim: str) -> float:
    (card,) = report.scores
    d = card.dimension(dim)
    assert d is not None and d.score is not None
    return d.score


@pytest.mark.parametrize(("offsets", "fires"), [
    ([9, 6, 3], True),      # three falls ending at this snapshot
    ([6, 3, 3], False),     # an unchanged period breaks the run
    ([3, 6, 9], False),     # rising
])
def test_ability_score_falling(offsets: list[float], fires: bool) -> None:
    probe = Engine({"select": ["AEG070"]}).evaluate(EXAMPLE)
    dim = probe.scores[0].dimensions[0].dimension
    now = _score(probe, dim)
    report = _aliexpress(InMemoryHistory(), {dim: [now + o for o in offsets]})
    outcome = report.outcome("AEG070")
    assert outcome.status is (Status.FAILED if fires else Status.PASSED)
    if fires:
        (f,) = report.findings
        label = probe.scores[0].dimensions[0].label
        assert f.details["dimension"] == dim and label.get("zh") in f.message.get("zh")


def test_ability_score_falling_needs_history() -> None:
    probe = Engine({"select": ["AEG070"]}).evaluate(EXAMPLE)
    dim = probe.scores[0].dimensions[0].dimension
    report = _aliexpress(InMemoryHistory(), {dim: [90.0]})
    assert report.outcome("AEG070").status is Status.SKIPPED
    assert probe.outcome("AEG070").status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(("qualities", "status"), [
    ([400, 350, 300, 250], Status.FAILED),   # three falls in a row: the boundary
    ([400, 350, 350, 250], Status.PASSED),   # an unchanged period ends the run
    ([400, 350, 300], Status.SKIPPED),       # too short a history to see three falls
])
def test_inquiry_quality_falling(qualities: list[float], status: Status) -> None:
    e = engine()
    report = None
    for week, quality in enumerate(qualities):  # 100 inquiries a period, GMV gives the quality
        report = e.evaluate(snap(week, inquiries_30d=100, gmv_30d=quality * 100))
    assert report is not None and report.outcome("RFQ031").status is status
