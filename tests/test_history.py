"""The history store (both backends), report comparison and series reading."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from diagrules.core.errors import HistoryError
from diagrules.core.i18n import text
from diagrules.core.model import Finding, Report, RuleOutcome, Severity, Status
from diagrules.history.changes import Change, compare
from diagrules.history.sqlite import SCHEMA_VERSION, SQLiteHistory
from diagrules.history.store import FindingKey, HistoryEntry, HistoryStore, InMemoryHistory
from diagrules.history.trend import change, run_length, sparkline

D = dt.date


def entry(day: D, store: str = "s1", **metrics: float) -> HistoryEntry:
    return HistoryEntry(platform="alibaba", store=store, as_of=day, metrics=metrics,
                        outcomes={"RFQ002": "failed"}, findings=(FindingKey("RFQ002", None, "warning"),))


@pytest.fixture(params=["memory", "sqlite"])
def history(request: pytest.FixtureRequest, tmp_path: Path) -> HistoryStore:
    return InMemoryHistory() if request.param == "memory" else SQLiteHistory(tmp_path / "h.sqlite")


def test_record_and_read_back(history: HistoryStore) -> None:
    assert history.record([entry(D(2026, 11, 6), response_rate=0.95), entry(D(2026, 11, 13), response_rate=0.93)]) == [False, False]
    got = history.entries("alibaba", "s1")
    assert [e.as_of for e in got] == [D(2026, 11, 6), D(2026, 11, 13)]
    assert got[1].metrics == {"response_rate": 0.93}
    assert got[1].findings == (FindingKey("RFQ002", None, "warning"),)
    assert history.entries("alibaba", "other") == []


def test_same_store_and_date_replaces_and_says_so(history: HistoryStore) -> None:
    history.record([entry(D(2026, 11, 6), response_rate=0.95)])
    assert history.record([entry(D(2026, 11, 6), response_rate=0.80)]) == [True]
    (only,) = history.entries("alibaba", "s1")
    assert only.metrics == {"response_rate": 0.80}


def test_previous_period_within_tolerance(history: HistoryStore) -> None:
    history.record([entry(D(2026, 10, 20)), entry(D(2026, 10, 23)), entry(D(2026, 11, 13))])
    found = history.previous("alibaba", "s1", D(2026, 11, 20), period_days=30, tolerance_days=3)
    # target 2026-10-21; both 20 and 23 are within 3 days, 20 is nearer
    assert found is not None and found.as_of == D(2026, 10, 20)
    assert history.previous("alibaba", "s1", D(2026, 11, 20), period_days=30, tolerance_days=0) is None
    # never the snapshot itself or a later one
    assert history.previous("alibaba", "s1", D(2026, 11, 13), period_days=0, tolerance_days=5) is None


def test_latest_is_strictly_before(history: HistoryStore) -> None:
    history.record([entry(D(2026, 11, 6)), entry(D(2026, 11, 13))])
    assert history.latest("alibaba", "s1", D(2026, 11, 13)).as_of == D(2026, 11, 6)  # type: ignore[union-attr]
    assert history.latest("alibaba", "s1").as_of == D(2026, 11, 13)  # type: ignore[union-attr]
    assert history.latest("alibaba", "s1", D(2026, 11, 6)) is None


def test_series_in_date_order_with_limit(history: HistoryStore) -> None:
    history.record([entry(D(2026, 11, d), response_rate=r) for d, r in [(13, 0.9), (6, 0.95), (20, 0.85)]])
    history.record([entry(D(2026, 11, 27))])  # no value that week
    assert history.series("alibaba", "s1", "response_rate") == [(D(2026, 11, 6), 0.95), (D(2026, 11, 13), 0.9), (D(2026, 11, 20), 0.85)]
    assert history.series("alibaba", "s1", "response_rate", limit=2) == [(D(2026, 11, 13), 0.9), (D(2026, 11, 20), 0.85)]
    assert history.series("alibaba", "s1", "response_rate", until=D(2026, 11, 13)) == [(D(2026, 11, 6), 0.95), (D(2026, 11, 13), 0.9)]


def test_entry_from_report_keeps_numbers_scores_and_says_when_the_date_was_assumed() -> None:
    report = Report(store="s", platform="alibaba", outcomes=[RuleOutcome("R1", Status.PASSED, Severity.WARNING)],
                    findings=[Finding("R2", Severity.ERROR, text(en="x"), item="p1")])
    e = HistoryEntry.of(report, {"a": 1, "b": True, "c": "text", "d": float("nan"), "e": 0.5}, today=D(2026, 12, 1))
    assert e.metrics == {"a": 1.0, "e": 0.5}
    assert e.as_of == D(2026, 12, 1) and e.as_of_assumed
    assert e.outcomes == {"R1": "passed"} and e.findings == (FindingKey("R2", "p1", "error"),)


def test_a_newer_layout_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    SQLiteHistory(path).record([entry(D(2026, 11, 6))])
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="newer diagrules") as err:
        SQLiteHistory(path)
    assert str(path) in str(err.value)
    assert path.read_bytes() == before


def test_a_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="cannot use this history file") as err:
        SQLiteHistory(path)
    assert str(path) in str(err.value)


def test_the_file_is_in_wal_mode(tmp_path: Path) -> None:
    SQLiteHistory(tmp_path / "h.sqlite").record([entry(D(2026, 11, 6))])
    con = sqlite3.connect(tmp_path / "h.sqlite")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _writer(path: str, store: str) -> None:
    h = SQLiteHistory(path)
    for week in range(20):
        h.record([entry(D(2026, 1, 1) + dt.timedelta(days=7 * week), store=store, x=float(week))])
    h.close()


def test_concurrent_writers_do_not_corrupt_the_file(tmp_path: Path) -> None:
    path = str(tmp_path / "h.sqlite")
    SQLiteHistory(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, f"s{i}")) for i in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    h = SQLiteHistory(path)
    assert len(h.entries("alibaba", "s0")) == len(h.entries("alibaba", "s1")) == 20
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_rerecording_does_not_grow_the_file(tmp_path: Path) -> None:
    h = SQLiteHistory(tmp_path / "h.sqlite")
    entries = [entry(D(2026, 11, 6), store=f"s{i}", a=1.0, b=2.0) for i in range(300)]
    h.record(entries)
    con = sqlite3.connect(tmp_path / "h.sqlite")
    rows = con.execute("SELECT count(*) FROM metric_values").fetchone()[0]
    assert h.record(entries) == [True] * 300
    assert con.execute("SELECT count(*) FROM metric_values").fetchone()[0] == rows == 600
    assert con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 300


# -- comparing reports --------------------------------------------------------------------------

def _finding(rule: str, item: str | None = None, observed: float = 1.0) -> Finding:
    return Finding(rule, Severity.WARNING, text(en=f"{rule} {item}"), observed=observed, item=item)


def test_compare_labels_new_unchanged_and_fixed() -> None:
    old = Report("s", "alibaba", findings=[_finding("R1"), _finding("R2", "p1"), _finding("R2", "p2")],
                 outcomes=[RuleOutcome("R1", Status.FAILED, Severity.WARNING), RuleOutcome("R2", Status.FAILED, Severity.WARNING),
                           RuleOutcome("R3", Status.PASSED, Severity.WARNING)])
    new = Report("s", "alibaba", findings=[_finding("R1", observed=2.0), _finding("R2", "p2"), _finding("R3")],
                 outcomes=[RuleOutcome("R1", Status.FAILED, Severity.WARNING), RuleOutcome("R2", Status.FAILED, Severity.WARNING),
                           RuleOutcome("R3", Status.FAILED, Severity.WARNING)])
    changes = compare(old, new)
    assert [(c.state, c.finding.rule, c.finding.item) for c in changes.findings] == [
        (Change.UNCHANGED, "R1", None), (Change.UNCHANGED, "R2", "p2"), (Change.NEW, "R3", None), (Change.FIXED, "R2", "p1"),
    ]
    assert [(o.rule, o.before, o.after) for o in changes.outcomes] == [("R3", Status.PASSED, Status.FAILED)]
    assert changes.count(Change.FIXED) == 1 and Change.FIXED.sarif == "absent"


def test_compare_with_itself_changes_nothing() -> None:
    r = Report("s", "alibaba", findings=[_finding("R1"), _finding("R1")])
    changes = compare(r, r)
    assert {c.state for c in changes.findings} == {Change.UNCHANGED} and changes.outcomes == ()


# -- series -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "direction", "expected"), [
    ([0.95, 0.93, 0.91, 0.88], "falling", 3),
    ([0.95, 0.93, 0.93, 0.88], "falling", 1),   # an unchanged week ends the run
    ([0.95, 0.93, 0.91, 0.92], "falling", 0),
    ([0.9], "falling", 0),
    ([], "rising", 0),
    ([1, 2, 3], "rising", 2),
])
def test_run_length(values: list[float], direction: str, expected: int) -> None:
    assert run_length(values, direction) == expected  # type: ignore[arg-type]


def test_change_and_sparkline() -> None:
    assert change([0.9, 0.81]) == pytest.approx((-0.09, -0.1))
    assert change([0.0, 1.0]) == (1.0, None) and change([1.0]) == (None, None)
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5]) == "▄▄" and sparkline([]) == ""


def test_a_sqlite_history_pickles_as_its_path(tmp_path: Path) -> None:
    import pickle

    import diagrules

    h = SQLiteHistory(tmp_path / "h.sqlite")
    h.record([entry(D(2026, 11, 6), response_rate=0.9)])
    engine = pickle.loads(pickle.dumps(diagrules.Engine({"select": ["RFQ002"]}, history=h)))
    assert isinstance(engine.history, SQLiteHistory) and engine.history.path == h.path
    assert len(engine.history.entries("alibaba", "s1")) == 1
