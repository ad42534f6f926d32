"""diagrules.batch.scale on a local Dask cluster gives exactly the single-process results.

Needs the ``dask`` extra (``pip install -e '.[dask]'``); skipped without it. Two worker
processes with one thread each, so the engine really travels between processes.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag", reason="needs the dask extra: pip install -e '.[dask]'")
pytest.importorskip("dask.dataframe", reason="needs the dask extra: pip install -e '.[dask]'")
pytest.importorskip("distributed", reason="needs the dask extra: pip install -e '.[dask]'")
pd = pytest.importorskip("pandas", reason="needs the dask extra: pip install -e '.[dask]'")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import diagrules  # noqa: E402
from diagrules.batch.scale import (  # noqa: E402
    COLUMNS,
    finding_rows,
    findings_bag,
    findings_frame,
    frame_rows,
    reports_bag,
    stores_frame,
)

CONFIG: dict[str, Any] = {
    "checks": [
        {"id": "DSK001", "metric": "response_rate", "fail": "< 90%", "warn": "< 95%"},
        {"id": "DSK002", "metric": "ecommerce_service_score", "fail": "< 80", "severity": "warning"},
    ],
}
RANGES = {
    "response_rate": (0.8, 1.0),
    "ecommerce_service_score": (60.0, 100.0),
    "inquiries_30d": (50.0, 300.0),
    "inquiries_prev_30d": (50.0, 300.0),
    "gmv_30d": (20_000.0, 120_000.0),
    "gmv_prev_30d": (20_000.0, 120_000.0),
    "todo_unread_rfq": (0.0, 30.0),
    "star_level": (0.0, 5.0),
}


def _stores(n: int) -> list[dict[str, Any]]:
    rng = random.Random(11)
    stores = []
    for k in range(n):
        metrics = {
            name: round(rng.uniform(lo, hi), 3 if hi <= 1 else 0)
            for name, (lo, hi) in RANGES.items()
            if rng.random() < 0.9
        }
        stores.append({"platform": "alibaba", "store": f"store-{k:03d}", "metrics": metrics})
    stores[7]["metrics"]["respons_rate"] = 0.5  # a typo: this store is invalid, the run goes on
    return stores


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def engine() -> diagrules.Engine:
    return diagrules.Engine(CONFIG)


def _expected(engine: diagrules.Engine, stores: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for r in engine.evaluate_many(stores, errors="return") for row in finding_rows(r)]


def _key(row: dict[str, Any]) -> tuple[str, ...]:
    """A row as comparable text; None, NaN and pandas' NA all read as missing."""
    return tuple("" if pd.isna(row[c]) else str(row[c]) for c in COLUMNS)


def _frame_keys(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return sorted(_key(r) for r in frame.to_dict(orient="records"))


def test_bag_of_findings_equals_single_process(client: Client, engine: diagrules.Engine) -> None:
    stores = _stores(120)
    bag = db.from_sequence(stores, npartitions=6)
    got = findings_bag(bag, engine).compute()
    expected = _expected(engine, stores)
    assert got == expected
    assert {r["status"] for r in got} == {"failed", "invalid"}
    assert {r["rule"] for r in got} >= {"DSK001", "DSK002", "RFQ002"}


def test_reports_bag_equals_single_process(client: Client, engine: diagrules.Engine) -> None:
    stores = _stores(40)
    got = reports_bag(db.from_sequence(stores, npartitions=4), engine).compute()
    assert got == list(engine.evaluate_many(stores, errors="return"))


def test_findings_frame_from_bag_and_from_dataframe(client: Client, engine: diagrules.Engine) -> None:
    stores = [s for s in _stores(120) if "respons_rate" not in s["metrics"]]
    expected = frame_rows(_expected(engine, stores))
    assert expected["observed"].notna().all()

    from_bag = findings_frame(db.from_sequence(stores, npartitions=5), engine).compute()
    assert list(from_bag.columns) == list(COLUMNS)
    assert from_bag["observed"].dtype == "float64"
    assert _frame_keys(from_bag) == _frame_keys(expected)

    table = pd.DataFrame([{"store": s["store"], **s["metrics"]} for s in stores])
    frame = findings_frame(dd.from_pandas(table, npartitions=4), engine, platform="alibaba").compute()
    assert _frame_keys(frame) == _frame_keys(expected)


def test_import_diagrules_never_imports_dask() -> None:
    code = "import sys, diagrules; diagrules.Engine; print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'pandas')))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_stores_frame_has_one_summary_row_per_store(client: Client, engine: diagrules.Engine) -> None:
    from diagrules.batch.rows import store_row
    from diagrules.fleet import STORE_COLUMNS

    stores = _stores(90)
    got = stores_frame(db.from_sequence(stores, npartitions=4), engine).compute()
    assert list(got.columns) == list(STORE_COLUMNS) and len(got) == 90
    assert got["findings"].dtype == "int64" and got["score"].dtype == "float64"
    for row, (store, result) in zip(got.to_dict(orient="records"), zip(stores, engine.evaluate_many(
            stores, errors="return"), strict=True), strict=True):
        expected = dict(zip(STORE_COLUMNS, store_row(result, None, store["platform"]), strict=True))
        assert {k: None if pd.isna(v) else v for k, v in row.items()} == expected


def test_findings_stay_distributed_as_parquet(client: Client, engine: diagrules.Engine, tmp_path: Path) -> None:
    stores = _stores(150)
    findings_frame(db.from_sequence(stores, npartitions=5), engine).to_parquet(tmp_path / "findings")
    parts = sorted((tmp_path / "findings").glob("*.parquet"))
    assert len(parts) == 5  # one file per partition, each written by a worker
    back = pd.read_parquet(tmp_path / "findings")
    assert _frame_keys(back) == _frame_keys(frame_rows(_expected(engine, stores)))
