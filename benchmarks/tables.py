"""Dataset validation per row: ``load_rows`` of an N-row Alibaba.com products table.

    python benchmarks/tables.py                      # 200, 2,000, 20,000 and 200,000 rows
    python benchmarks/tables.py --sizes 2000,20000   # chosen sizes

Each size is timed from in-memory rows (as a snapshot's inline rows or a batch line give them),
from a CSV file and from an XLSX workbook, both laid out like the Data Manager product export
(a title block, Chinese headers, ``48,210`` and ``1.27%`` text cells, ``-`` for no value,
numeric cells in the workbook). The baseline is the per-row pydantic validation that the
column path falls back to, timed in the same run on the same rows; the table gives µs per row
for both and their ratio. File timings include reading the file, as an operator waits for both.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES = (200, 2_000, 20_000, 200_000)

TITLE = [
    ["产品分析 - 产品效果"],
    ["店铺:Benchmark Bags Co."],
    ["统计时间:2026-10-21 ~ 2026-11-19(美国太平洋时间)"],
    ["终端:全部", "数据更新至:2026-11-19"],
    [],
]
HEADERS = [
    "产品ID", "产品名称", "产品类型", "负责人", "是否橱窗", "是否P4P", "产品分层", "搜索曝光次数",
    "搜索点击次数", "搜索点击率", "访问人数", "询盘个数", "询盘率", "TM咨询人数", "订单数", "价格(美元)",
    "运费(美元)", "发货期(天)", "跨境电商专用包装", "运费模板", "计划报名Weekly Deals",
]
_LEVELS = ("爆品", "潜力品", "普通品", "-")


def product_rows(n: int, *, text: bool = True, seed: int = 2026) -> list[list[Any]]:
    """``n`` product rows under :data:`HEADERS`, cells as an export writes them.

    ``text=True`` gives every cell as text (a CSV): ``"48,210"``, ``"1.27%"``, ``"-"``.
    ``text=False`` gives numbers where a workbook stores numbers (ids, counts, prices) and
    text where the export writes text (percentages, thousands separators, flags).
    """
    rng = random.Random(seed)
    rows: list[list[Any]] = []
    for k in range(n):
        impressions = rng.randint(0, 60_000)
        clicks = rng.randint(0, max(impressions // 40, 1))
        visitors = rng.randint(0, max(clicks, 1))
        inquiries = rng.randint(0, max(visitors // 10, 1))
        empty = k % 17 == 0  # a product with no traffic data: dashes
        ctr = "-" if empty or not impressions else f"{clicks / impressions * 100:.2f}%"
        rate = "-" if empty or not visitors else f"{inquiries / visitors * 100:.2f}%"
        pid: Any = 1600512340000 + k
        price: Any = round(rng.uniform(0.5, 80), 2)
        freight: Any = round(rng.uniform(0.1, 20), 2)
        counts: list[Any] = [impressions, clicks, visitors, inquiries, rng.randint(0, 20), rng.randint(0, 9)]
        if text:
            pid, price, freight = str(pid), f"{price:.2f}", f"{freight:.2f}"
            counts = [f"{c:,}" for c in counts]
        else:
            counts[0] = f"{impressions:,}"  # the export writes some counts as text
        if empty:
            counts = ["-"] * len(counts)
        yes_no = ["是" if rng.random() < 0.6 else "否" for _ in range(5)]
        rows.append([
            pid, f"Product {k} canvas tote bag", "RTS" if k % 3 else "定制", "Lily", yes_no[0], yes_no[1],
            _LEVELS[k % len(_LEVELS)], counts[0], counts[1], ctr, counts[2], counts[3], rate,
            counts[4], counts[5], price, freight, str(rng.randint(3, 30)) if text else rng.randint(3, 30),
            yes_no[2], yes_no[3], yes_no[4],
        ])
    return rows


def inline_rows(n: int) -> list[dict[str, Any]]:
    """``n`` rows as a snapshot's inline ``[[datasets.products]]`` give them: field names, JSON values."""
    out = []
    for row in product_rows(n, text=False):
        out.append({
            "product_id": str(row[0]), "title": row[1], "kind": "rts" if row[2] == "RTS" else "customized",
            "product_level": None if row[6] == "-" else row[6],
            "impressions_30d": None if row[7] == "-" else int(str(row[7]).replace(",", "")),
            "clicks_30d": None if row[8] == "-" else row[8], "search_ctr": _ratio(row[9]),
            "visitors_30d": None if row[10] == "-" else row[10], "inquiries_30d": None if row[11] == "-" else row[11],
            "inquiry_rate": _ratio(row[12]), "orders_30d": None if row[14] == "-" else row[14],
            "price_usd": row[15], "freight_usd": row[16], "lead_time_days": float(row[17]),
            "has_cross_border_packaging": row[18] == "是", "has_shipping_template": row[19] == "是",
            "in_weekly_deals": row[20] == "是",
        })
    return out


def _ratio(cell: str) -> float | None:
    return None if cell == "-" else float(cell.rstrip("%")) / 100


def write_csv(path: Path, n: int) -> Path:
    """A Data Manager-like products CSV (UTF-8 with BOM, text cells) of ``n`` rows."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerows([*TITLE, HEADERS, *product_rows(n)])
    return path


def write_xlsx(path: Path, n: int) -> Path:
    """A Data Manager-like products workbook of ``n`` rows (numbers stored as numbers)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("产品效果")
    for r, line in enumerate([*TITLE, HEADERS, *product_rows(n, text=False)]):
        sheet.write_row(r, 0, line)
    book.close()
    return path


def _best(fn: Callable[[], Any], *, min_time: float, repeats: int) -> float:
    """Median seconds of one call over ``repeats`` rounds, each at least ``min_time`` long."""
    samples = []
    for _ in range(repeats):
        calls, start = 0, time.perf_counter()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_time:
                break
        samples.append(elapsed / calls)
    samples.sort()
    return samples[len(samples) // 2]


def run(sizes: tuple[int, ...] = SIZES, *, repeats: int = 3, min_time: float = 0.3) -> list[tuple[str, int, float, float]]:
    """(source, rows, baseline µs/row, column µs/row) for each source and size."""
    from diagrules.builtin.alibaba.common import PRODUCTS
    from diagrules.io.tables import load_rows, read_table, validate_rows, validate_rows_by_row

    def by_row(path: Path | None, numbered: list[tuple[int, dict[str, Any]]]) -> Callable[[], Any]:
        def go() -> Any:
            table, origin = (numbered, None) if path is None else read_table(path, PRODUCTS)
            return validate_rows_by_row(PRODUCTS, table, origin=origin, problems=[])

        return go

    def by_column(path: Path | None, numbered: list[tuple[int, dict[str, Any]]]) -> Callable[[], Any]:
        def go() -> Any:
            if path is None:
                return validate_rows(PRODUCTS, numbered, origin=None, problems=[])
            return load_rows(PRODUCTS, _File(path.name), base_dir=path.parent)

        return go

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            inline = inline_rows(n)
            numbered = [(i + 1, r) for i, r in enumerate(inline)]
            csv_path = write_csv(Path(tmp) / f"products-{n}.csv", n)
            xlsx_path = write_xlsx(Path(tmp) / f"products-{n}.xlsx", n)
            sources = {"in-memory rows": None, "CSV file": csv_path, "XLSX file": xlsx_path}
            rounds = 1 if n >= 200_000 else repeats
            for source, path in sources.items():
                old = _best(by_row(path, numbered), min_time=min_time, repeats=rounds) / n * 1e6
                new = _best(by_column(path, numbered), min_time=min_time, repeats=rounds) / n * 1e6
                results.append((source, n, old, new))
    return results


def construct(n: int = 20_000, *, repeats: int = 3, min_time: float = 0.3) -> dict[str, float]:
    """µs per row of building ``n`` validated Product rows again from their values, three ways.

    ``model_validate`` (pydantic, nothing left to parse), ``model_construct`` (pydantic's
    unvalidated constructor) and the column plan's builder (the same four slots, each set for
    all rows by one ``map``) — the choice of row form in docs/architecture.md.
    """
    from diagrules.builtin.alibaba.common import PRODUCTS
    from diagrules.io.columns import record_plan
    from diagrules.io.tables import validate_rows

    plan = record_plan(PRODUCTS.record)
    assert plan is not None
    rows = validate_rows(PRODUCTS, [(i + 1, r) for i, r in enumerate(inline_rows(n))], origin=None, problems=[])
    dumps = [r.model_dump() for r in rows]
    columns = {f.name: [d[f.name] for d in dumps] for f in plan.fields}
    record = PRODUCTS.record
    ways: dict[str, Callable[[], Any]] = {
        "model_validate": lambda: [record.model_validate(d) for d in dumps],
        "model_construct": lambda: [record.model_construct(**d) for d in dumps],
        "plan builder": lambda: plan.build(columns, n, set()),
    }
    return {name: _best(fn, min_time=min_time, repeats=repeats) / n * 1e6 for name, fn in ways.items()}


class _File:
    """A dataset entry naming a file, as a snapshot's ``{file = "…"}`` does."""

    def __init__(self, name: str) -> None:
        self.file = name


def render(results: list[tuple[str, int, float, float]]) -> str:
    lines = [
        "| source | rows | per-row pydantic µs/row | by column µs/row | speed-up |",
        "|---|---:|---:|---:|---:|",
    ]
    for source, n, old, new in results:
        lines.append(f"| {source} | {n:,} | {old:.2f} | {new:.2f} | {old / new:.1f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated row counts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--construct", action="store_true", help="time the ways of building rows instead")
    args = parser.parse_args(argv)
    if args.construct:
        for name, us in construct(repeats=args.repeats).items():
            print(f"{name}: {us:.2f} µs/row")
        return
    sizes = tuple(int(s) for s in args.sizes.split(","))
    print(render(run(sizes, repeats=args.repeats)))


if __name__ == "__main__":
    main()
