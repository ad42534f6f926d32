"""Spreadsheet reading is safe against zip bombs, entity tricks and oversized input."""

from __future__ import annotations

import zipfile

import pytest

import diagrules
from diagrules import SnapshotError
from diagrules.io import tables


def products_spec():
    return diagrules.Engine().registry.datasets["products"]


def test_zip_bomb_is_refused_before_decompression(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(SnapshotError, match="looks like a zip bomb"):
        tables.read_table(bomb, products_spec())


def test_total_uncompressed_size_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNCOMPRESSED", 1000)
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(big, "w") as z:
        z.writestr("a.xml", b"x" * 2000)
    with pytest.raises(SnapshotError, match="expands to 2,000 bytes"):
        tables.read_table(big, products_spec())


def test_broken_zip_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SnapshotError, match="broken zip container"):
        tables.read_table(bad, products_spec())


def test_external_entities_are_not_resolved(tmp_path):
    import openpyxl

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["产品ID", "产品类型"])
    ws.append(["P1", "RTS"])
    path = tmp_path / "evil.xlsx"
    wb.save(path)
    # Rewrite the sheet with a DTD that would pull the secret into a cell if entities expanded.
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    dtd = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    sheet = sheet.replace("?>", "?>" + dtd, 1).replace("<t>P1</t>", "<t>&xxe;</t>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    shared = parts.get("xl/sharedStrings.xml")
    if shared:
        parts["xl/sharedStrings.xml"] = shared.decode().replace("?>", "?>" + dtd, 1).replace(
            "<t>P1</t>", "<t>&xxe;</t>").encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    try:
        rows, _ = tables.read_table(path, products_spec())
    except SnapshotError:
        return  # refusing the file is also safe
    assert all("TOP-SECRET" not in str(v) for _, row in rows for v in row.values())


def test_row_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    csv = tmp_path / "p.csv"
    csv.write_text("产品ID,产品类型\n" + "".join(f"P{i},RTS\n" for i in range(10)), encoding="utf-8")
    with pytest.raises(SnapshotError, match="more than 3 rows"):
        tables.read_table(csv, products_spec())
