"""Issue 14, dataset files: confinement to the snapshot's folder and bounds on every table.

Each test is one hostile input from the issue; each must give one clear located error, never a
traceback, never the content of a file outside the allowed folder, and bounded memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

import diagrules
from diagrules import SnapshotError
from diagrules.io import tables

ENGINE = diagrules.Engine({"plugins": {"allow": ["alibaba_rts"]}, "reject_invalid_datasets": True})


def _snapshot(file: str) -> dict[str, Any]:
    return {"platform": "alibaba", "store": "S", "datasets": {"products": {"file": file}}}


def _problems(doc: dict[str, Any], base: Path, engine: diagrules.Engine = ENGINE) -> str:
    with pytest.raises(SnapshotError) as info:
        engine.prepare(doc, base_dir=base)
    return " | ".join(info.value.problems)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A snapshot folder with one good export, next to a secret the snapshot must not reach."""
    (tmp_path / "secret.csv").write_text("产品ID,产品类型\nDB_PASSWORD=hunter2,RTS\n", encoding="utf-8")
    store = tmp_path / "store"
    store.mkdir()
    (store / "products.csv").write_text("产品ID,产品类型\nP1,RTS\n", encoding="utf-8")
    return store


def test_a_file_inside_the_folder_loads(store_dir: Path) -> None:
    rows = ENGINE.prepare(_snapshot("products.csv"), base_dir=store_dir).datasets["products"]
    assert [r.product_id for r in rows] == ["P1"]


@pytest.mark.parametrize("file", ["../secret.csv", "sub/../../secret.csv"])
def test_dot_dot_escapes_are_refused(store_dir: Path, file: str) -> None:
    text = _problems(_snapshot(file), store_dir)
    assert "resolves outside the allowed folder" in text and "hunter2" not in text


def test_absolute_paths_are_refused(store_dir: Path) -> None:
    text = _problems(_snapshot(str(store_dir.parent / "secret.csv")), store_dir)
    assert "an absolute path is not allowed" in text and "hunter2" not in text


def test_a_symlink_out_of_the_folder_is_refused(store_dir: Path) -> None:
    (store_dir / "link.csv").symlink_to(store_dir.parent / "secret.csv")
    text = _problems(_snapshot("link.csv"), store_dir)
    assert "resolves outside the allowed folder" in text and "hunter2" not in text


def test_a_symlink_inside_the_folder_is_followed(store_dir: Path) -> None:
    (store_dir / "latest.csv").symlink_to(store_dir / "products.csv")
    rows = ENGINE.prepare(_snapshot("latest.csv"), base_dir=store_dir).datasets["products"]
    assert len(rows) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_only_regular_files_are_read(store_dir: Path) -> None:
    os.mkfifo(store_dir / "pipe.csv")
    assert "pipe.csv: not a file" in _problems(_snapshot("pipe.csv"), store_dir)


def test_data_root_and_trusted_paths_widen_the_confinement(store_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "diagrules.toml"
    config.write_text('data-root = "."\n[plugins]\nallow = ["alibaba_rts"]\n', encoding="utf-8")
    rooted = diagrules.Engine.from_config(config)
    assert rooted.prepare(_snapshot("../secret.csv"), base_dir=store_dir).datasets["products"]
    trusted = diagrules.Engine({"plugins": {"allow": ["alibaba_rts"]}, "trust_dataset_paths": True,
                                "reject_invalid_datasets": True})
    doc = _snapshot(str(tmp_path / "secret.csv"))
    assert trusted.prepare(doc, base_dir=store_dir).datasets["products"]


def test_errors_quote_only_recognised_header_cells(store_dir: Path) -> None:
    """``header_row`` pointed at a secret row must not echo it (issue 14: ``found: DB_PASSWORD``)."""
    (store_dir / "env.txt").write_text("产品ID\nDB_PASSWORD=hunter2\n", encoding="utf-8")
    doc = {"platform": "alibaba", "store": "S", "datasets": {"products": {"file": "env.txt", "header_row": 2}}}
    text = _problems(doc, store_dir)
    assert "required column(s) missing in header row 2" in text
    assert "hunter2" not in text and "recognised: none" in text


def test_a_long_file_name_is_a_located_error(store_dir: Path) -> None:
    text = _problems(_snapshot("p" * 300 + ".csv"), store_dir)
    assert "characters; the limit is 255" in text


def test_a_huge_csv_field_is_a_located_error(store_dir: Path) -> None:
    (store_dir / "big.csv").write_text("产品ID,产品类型\nP1," + "x" * (130 * 1024) + "\n", encoding="utf-8")
    text = _problems(_snapshot("big.csv"), store_dir)
    assert "big.csv line 2: a field is longer than 131,072 characters" in text


def test_too_many_columns(store_dir: Path) -> None:
    (store_dir / "wide.csv").write_text("产品ID,产品类型" + ",x" * 2000 + "\n", encoding="utf-8")
    assert "wide.csv line 1: 2,002 columns; the limit is 1,024" in _problems(_snapshot("wide.csv"), store_dir)


def test_json_and_inline_datasets_have_the_row_limit(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_ROWS", 5)
    (store_dir / "p.json").write_text(json.dumps([{"产品ID": f"P{i}", "产品类型": "RTS"} for i in range(6)]))
    assert "p.json: 6 rows; the limit is 5" in _problems(_snapshot("p.json"), store_dir)
    inline = {"platform": "alibaba", "store": "S",
              "datasets": {"products": [{"product_id": f"P{i}", "kind": "rts"} for i in range(6)]}}
    assert "6 rows; the limit is 5" in _problems(inline, store_dir)


@pytest.mark.parametrize(("column", "value"), [("搜索曝光次数", "-100"), ("搜索点击率", "130%")])
def test_dataset_rows_get_the_range_checks_of_metrics(store_dir: Path, column: str, value: str) -> None:
    (store_dir / "neg.csv").write_text(f"产品ID,产品类型,{column}\nP1,RTS,{value}\n", encoding="utf-8")
    text = _problems(_snapshot("neg.csv"), store_dir)
    assert "neg.csv row 2" in text and value in text


def _sparse_workbook(path: Path, far: str) -> Path:
    """The issue's 1.9 KB workbook: one cell at A1 and one at ``far``."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>产品ID</t></is>'
        f'</c></row><row r="{far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{far}"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
        'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data)
    return path


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS behaves this way on Linux")
@pytest.mark.parametrize("far", ["XFD1048576", "CV1000000"])
def test_a_coordinate_bomb_workbook_is_refused_under_a_memory_limit(tmp_path: Path, far: str) -> None:
    """Without the coordinate scan python-calamine would allocate 512 GiB (XFD1048576) or 4 GB
    (CV1000000) and abort; under a 1 GiB address-space limit the process must still exit
    cleanly with the located message."""
    (tmp_path / "store").mkdir()
    book = _sparse_workbook(tmp_path / "store" / "bomb.xlsx", far)
    assert book.stat().st_size < 2500
    probe = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        import diagrules
        engine = diagrules.Engine({{"plugins": {{"allow": ["alibaba_rts"]}}, "reject_invalid_datasets": True}})
        try:
            engine.prepare({_snapshot("bomb.xlsx")!r}, base_dir=__import__("pathlib").Path({str(book.parent)!r}))
        except diagrules.SnapshotError as exc:
            print(" | ".join(exc.problems))
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "bomb.xlsx: sheet sheet1.xml spans" in result.stdout
    assert "refusing to open it" in result.stdout


def test_a_workbook_within_the_limits_still_loads(tmp_path: Path) -> None:
    grid = tables._read_spreadsheet(_sparse_workbook(tmp_path / "ok.xlsx", "B3"), None, zipped=True)
    assert grid[0][0] == "产品ID" and grid[2] == [None, 1]
