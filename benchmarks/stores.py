"""Alibaba.com stores of any size, written as the files an operator has: the bundled example's
snapshot and RFQ quote list, with its products in a Data Manager export of ``n`` rows (title
block, Chinese headers, numbers written as text with separators and percents, ``-`` for no
value — :mod:`benchmarks.tables` writes it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import diagrules
from benchmarks.tables import write_csv, write_xlsx

EXAMPLE = Path(diagrules.__file__).resolve().parent / "examples" / "alibaba"


def write_store(folder: Path, n: int, *, fmt: str = "xlsx") -> Path:
    """Write a store with ``n`` products into ``folder``; returns the snapshot's path."""
    writers = {"xlsx": write_xlsx, "csv": write_csv}
    if fmt not in writers:
        raise ValueError(f"fmt must be xlsx or csv, not {fmt!r}")
    folder.mkdir(parents=True, exist_ok=True)
    products = writers[fmt](folder / f"products.{fmt}", n)
    shutil.copy(EXAMPLE / "rfq_quotes.csv", folder / "rfq_quotes.csv")
    snapshot = (EXAMPLE / "store.toml").read_text("utf-8").replace('"products.xlsx"', f'"{products.name}"')
    path = folder / "store.toml"
    path.write_text(snapshot, "utf-8")
    return path
