"""Alibaba.com stores of any size, written as the files an operator has: a snapshot, a Data
Manager product export (title block, Chinese headers, numbers as text with separators and
percents, as the back office writes them) and the RFQ quote list.

The product rows are the bundled example's, repeated with new ids and their numbers varied, so
that every rule sees a realistic mix (RTS and custom, 爆品 and 低质品, empty freight cells).
"""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path
from typing import Any

import diagrules

EXAMPLE = Path(diagrules.__file__).resolve().parent / "examples" / "alibaba"
HEADER = "产品ID"


def _example_sheet() -> tuple[list[list[Any]], list[Any], list[list[Any]]]:
    """The example export as (title block, header row, data rows)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(EXAMPLE / "products.xlsx")).get_sheet_by_index(0).to_python()
    at = next(i for i, r in enumerate(rows) if r and r[0] == HEADER)
    return rows[:at], rows[at], rows[at + 1:]


def _vary(cell: Any, rng: random.Random) -> Any:
    """A number (or a number written as text, "48,210" / "1.27%") scaled by a random factor."""
    if isinstance(cell, bool) or cell in ("", None):
        return cell
    if isinstance(cell, float):
        return float(round(cell * rng.uniform(0.5, 1.5)))
    if isinstance(cell, str) and cell.endswith("%"):
        return f"{min(100.0, float(cell[:-1]) * rng.uniform(0.5, 1.5)):.2f}%"
    if isinstance(cell, str) and cell.replace(",", "").isdigit():
        return f"{round(int(cell.replace(',', '')) * rng.uniform(0.5, 1.5)):,}"
    return cell


def product_rows(n: int, seed: int = 2026) -> tuple[list[list[Any]], list[Any], list[list[Any]]]:
    """(title block, header, ``n`` data rows) of a product export."""
    title, header, base = _example_sheet()
    rng = random.Random(seed)
    numeric = {header.index(h) for h in ("搜索曝光次数", "搜索点击次数", "访问人数", "询盘个数", "TM咨询人数", "订单数",
                                         "价格(美元)", "运费(美元)")}
    rows = []
    for k in range(n):
        row = list(base[k % len(base)])
        row[0] = float(1_700_000_000_000 + k)
        for i in numeric:
            row[i] = _vary(row[i], rng)
        rows.append(row)
    return title, header, rows


def write_store(folder: Path, n: int, *, fmt: str = "xlsx") -> Path:
    """Write a store with ``n`` products into ``folder``; returns the snapshot's path."""
    import xlsxwriter

    folder.mkdir(parents=True, exist_ok=True)
    title, header, rows = product_rows(n)
    products = folder / f"products.{fmt}"
    if fmt == "xlsx":
        book = xlsxwriter.Workbook(str(products), {"constant_memory": True})
        sheet = book.add_worksheet("产品效果")
        for r, row in enumerate([*title, header, *rows]):
            sheet.write_row(r, 0, row)
        book.close()
    elif fmt == "csv":
        with products.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerows([header, *rows])
    else:
        raise ValueError(f"fmt must be xlsx or csv, not {fmt!r}")
    shutil.copy(EXAMPLE / "rfq_quotes.csv", folder / "rfq_quotes.csv")
    snapshot = (EXAMPLE / "store.toml").read_text("utf-8").replace('"products.xlsx"', f'"{products.name}"')
    path = folder / "store.toml"
    path.write_text(snapshot, "utf-8")
    return path
