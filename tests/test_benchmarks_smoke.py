"""The benchmark's workloads, on a few snapshots: every implementation gives the same findings.

The timings themselves live in ``benchmarks/run.py``; this keeps the workloads honest (the
generated if-chain is current, diagrules, the floor and the installed peers agree) without
timing anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import diagrules

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import builtin_sets, declarative, generate, ifchain_generated, peers
from benchmarks.workload import N_METRICS, checks


def test_generated_if_chain_and_toml_are_current() -> None:
    assert generate.stale_files() == [], "run: python benchmarks/generate.py"


def test_declarative_workload_gives_identical_findings_everywhere() -> None:
    workload = declarative.build(25)
    total = declarative.verify(workload)
    assert 10 <= total / 25 <= 30  # calibrated to about 20 of the 100 checks failing
    assert len(workload.metrics[0]) == N_METRICS
    report = workload.engine.evaluate(workload.prepared[0])
    assert len(report.outcomes) == len(checks()) == 100


def test_the_floors_write_what_diagrules_finds(tmp_path: Path) -> None:
    """The from-file floor reads the same document diagrules reads and writes its findings."""
    import json

    workload = declarative.build(3)
    (path,) = declarative._write_files(tmp_path, workload.raw[:1])
    written = json.loads(declarative.floor_file(path))
    report = workload.engine.evaluate_file(path)
    assert [f["rule"] for f in written] == [f.rule for f in report.findings]
    assert [f["message"] for f in written] == [f.message.get("en") for f in report.findings]


@pytest.mark.parametrize("name", list(peers.PEERS))
def test_each_peer_is_checked_or_skipped_with_a_note(name: str) -> None:
    runners, notes = peers.available_peers(checks())
    if name in runners:
        workload = declarative.build(5)
        for metrics in workload.metrics:
            assert runners[name](metrics) == ifchain_generated.diagnose(metrics)
    else:
        assert any(name in note and "pip install" in note for note in notes)


def test_builtin_example_stores_validate_and_find_something() -> None:
    engine = diagrules.Engine()
    stores = builtin_sets.stores(engine)
    alibaba = next(doc for label, doc in stores.items() if label.startswith("Alibaba"))
    assert len(alibaba["datasets"]["products"]) == builtin_sets.PRODUCT_ROWS
    for doc in stores.values():
        assert engine.evaluate(doc).findings


def test_rows_benchmark_runs_on_a_small_size() -> None:
    from benchmarks import rows

    ((n, seconds),) = rows.run((2_000,))
    assert n == 2_000 and seconds < 5
    assert "| 2,000 |" in rows.render([(n, seconds)])


def test_history_benchmark_runs_on_a_small_input() -> None:
    from benchmarks import history

    overhead = history.run_overhead(50)
    size = history.run_size(20, 3, 5)
    assert overhead["size_again"] == overhead["size_first"] > 0  # a re-run does not grow the file
    assert size["weeks"] == 3 and "MB" in history.render(overhead, size)


def test_scaled_store_files_are_read_like_the_example(tmp_path: Path) -> None:
    """The generated export keeps the example's layout: every row read, none invalid."""
    from benchmarks.stores import write_store

    engine = diagrules.Engine()
    for fmt in ("xlsx", "csv"):
        report = engine.evaluate_file(write_store(tmp_path / fmt, 50, fmt=fmt))
        assert not report.input_errors
        prepared = engine.prepare_file(tmp_path / fmt / "store.toml")
        assert len(prepared.datasets["products"]) == 50
        assert report.findings


def test_derivations_benchmark_agrees_on_a_few_snapshots() -> None:
    from benchmarks import derivations

    result = derivations.run(n=5, repeats=1, min_time=0.0)
    assert set(result) == {"copy only", "interpret (before)", "compiled closures (now)", "generated source (exec)"}


def test_scaling_rows_benchmark_keeps_every_row() -> None:
    from benchmarks import scaling_rows

    result = scaling_rows.run((20, 40))
    assert len(result) == 3
    assert all(set(by_size) == {20, 40} for by_size in result.values())
    assert "40 ÷ 20" in scaling_rows.render(result)
