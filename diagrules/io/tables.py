"""Reading dataset tables from back-office exports.

Exports from Alibaba.com's Data Manager (数据管家) and AliExpress's Business Advisor (生意参谋)
come as BIFF8 ``.xls``, ``.xlsx`` or CSV (UTF-8 or GB18030) with Chinese headers, a title block
or description rows above the header, a ``合计`` footer, ``-`` for "no value", ``1.2万``-style
magnitudes, ``1,234`` and ``1.27%`` strings, and units in the header (``支付金额(元)``). The
extension is not trusted: an ``.xls`` saved under a ``.csv`` name is read by its content.

This module finds the header row by matching the dataset's known headers, maps headers to field
names (ignoring unknown columns), understands a header's unit suffix against the field's unit,
and validates each row with the dataset's record model.

Every read is bounded before the expensive step, because snapshots may come from sellers the
operator does not trust: file size and name length first, a zip workbook's directory and its
sheets' cell coordinates before python-calamine allocates the grid (a 2 KB sheet naming cell
XFD1048576 would otherwise ask for half a terabyte), then rows, columns and field sizes while
reading. Error messages quote only header cells, truncated — never a data row, which could be
anything the file's path pointed at.
"""

from __future__ import annotations

import csv
import io
import json
import re
import stat
import typing
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path
from typing import Any

import attrs
from pydantic import ValidationError

from diagrules.authoring.datasets import EMPTY_MARKS, Dataset, Record, normalize_header
from diagrules.authoring.metrics import parse_unit
from diagrules.core.collector import YoungObjectsOnly
from diagrules.core.errors import SnapshotError
from diagrules.io.columns import BAD, MISSING, record_plan

MAX_ROWS = 1_000_000
"""Data rows per dataset file (and per inline or JSON dataset)."""
MAX_COLUMNS = 1_024
"""Columns of a table; a Data Manager export has 29."""
MAX_CELLS = 20_000_000
"""Rows × columns of a workbook sheet, checked on its cell coordinates before it is read."""
MAX_FIELD_CHARS = 128 * 1024
"""Characters of one CSV field (Python's csv default), a located error rather than a crash."""
MAX_NAME_CHARS = 255
"""Characters of a dataset file's name (most file systems' limit)."""
MAX_BYTES = 256 * 1024 * 1024
MAX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_RATIO = 200
HEADER_SCAN_ROWS = 30
MAX_QUOTED_CHARS = 40
"""A header cell quoted in an error message is cut to this length."""

FOOTER_WORDS = frozenset({"合计", "总计", "小计", "汇总", "total", "grandtotal", "subtotal", "sum"})
"""First cells that mark a footer row (totals), dropped from the data."""
TOTAL_TOLERANCE = 0.005
"""How much (as a share) a total row may exceed the sum of its rows before the file is refused."""
_TOTAL_WORDS = frozenset({"合计", "总计", "汇总", "total", "grandtotal", "sum"})
"""Footers that total the whole table (a 小计 subtotal covers only a group)."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_MAGNITUDE = re.compile(r"^([+-]?[\d,]*\.?\d+)\s*([万亿])$")
_MAGNITUDES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_SUFFIX = re.compile(r"^(.*?)[(（]\s*([^()（）]{1,12}?)\s*[)）]\s*$")
_CURRENCIES = {
    "元": "CNY", "人民币": "CNY", "rmb": "CNY", "cny": "CNY", "￥": "CNY", "¥": "CNY",
    "美元": "USD", "usd": "USD", "us$": "USD", "$": "USD", "美金": "USD",
    "欧元": "EUR", "eur": "EUR", "卢布": "RUB", "rub": "RUB", "英镑": "GBP", "gbp": "GBP",
}
_SECONDS = {"秒": 1, "s": 1, "sec": 1, "分钟": 60, "分": 60, "min": 60, "小时": 3600, "h": 3600,
            "天": 86400, "日": 86400, "d": 86400, "days": 86400}
_UNIT_SECONDS = {"seconds": 1, "hours": 3600, "days": 86400}


@attrs.frozen(slots=True)
class Column:
    """How one header feeds a field: ``percent`` for bare percentages, a factor for a unit."""

    field: str
    percent: bool = False
    factor: float | None = None
    refused: str | None = None


def load_rows(
    spec: Dataset,
    rows: Any,
    *,
    base_dir: Path | None = None,
    problems: list[str] | None = None,
    root: Path | None = None,
    confine: bool = True,
) -> list[Record]:
    """Validate inline rows or load ``{file = ...}`` for dataset ``spec``.

    A file is resolved against ``base_dir`` and, when ``confine`` is true (the default), must
    lie inside ``root`` (default: ``base_dir``) — see :func:`confined_path`. Row problems are
    appended to ``problems`` (so a store reports all of them at once); when ``problems`` is None
    the first problems raise a :class:`SnapshotError` directly.
    """
    own: list[str] = [] if problems is None else problems
    file_ref = getattr(rows, "file", None)
    rates: Mapping[str, float] = getattr(rows, "currency_rates", None) or {}
    if isinstance(file_ref, list):
        parts = []
        for ref in file_ref:
            table, name = read_table(
                confined_path(ref, base_dir, root=root, confine=confine), spec,
                sheet=getattr(rows, "sheet", None), header_row=getattr(rows, "header_row", None),
            )
            lines: list[int] = []
            records = validate_rows(spec, table, origin=name, problems=own, rates=rates, lines=lines)
            parts.append((name, lines, records))
        result = merge_on_key(spec, parts, own)
        if problems is None and own:
            raise SnapshotError(f"dataset '{spec.name}' has invalid rows", problems=own)
        return result
    if file_ref is not None:
        path = confined_path(file_ref, base_dir, root=root, confine=confine)
        raw_rows, origin = read_table(
            path, spec, sheet=getattr(rows, "sheet", None), header_row=getattr(rows, "header_row", None)
        )
    else:
        if len(rows) > MAX_ROWS:
            raise SnapshotError(f"{len(rows):,} rows; the limit is {MAX_ROWS:,} (split the store)")
        raw_rows = [(i + 1, r) for i, r in enumerate(rows)]
        origin = None
    result = validate_rows(spec, raw_rows, origin=origin, problems=own, rates=rates)
    if problems is None and own:
        raise SnapshotError(f"dataset '{spec.name}' has invalid rows", problems=own)
    return result


def merge_on_key(
    spec: Dataset,
    parts: Sequence[tuple[str, Sequence[int], Sequence[Record]]],
    problems: list[str],
) -> list[Record]:
    """One row per key from several exports, each contributing the columns it has.

    A value two files give differently is a conflict, reported with both files and rows rather
    than one silently overwriting the other; an empty cell never conflicts. Rows keep the order
    in which their key first appears.
    """
    if spec.key is None:
        problems.append(f"datasets.{spec.name}: has no key to merge files on; give a single file")
        return []
    key = spec.key
    merged: dict[Any, dict[str, Any]] = {}
    seen_at: dict[tuple[Any, str], str] = {}
    for origin, lines, records in parts:
        for line, record in zip(lines, records, strict=True):
            k = getattr(record, key)
            values = merged.setdefault(k, {})
            for field in sorted(record.model_fields_set):
                value = getattr(record, field)
                if value is None:
                    continue
                old = values.get(field)
                if old is not None and old != value:
                    problems.append(
                        f"datasets.{spec.name}: {key} {_quote(k)}: {field} is {_quote(old)} in "
                        f"{seen_at[(k, field)]} but {_quote(value)} in {origin} row {line}"
                    )
                    continue
                if old is None:
                    values[field] = value
                    seen_at[(k, field)] = f"{origin} row {line}"
    rows = list(merged.values())
    plan = record_plan(spec.record)
    fields = {f for values in rows for f in values}
    with YoungObjectsOnly():  # a table is thousands of acyclic objects; see core.collector
        built = [BAD] * len(rows) if plan is None else plan.validate(
            {f: [values.get(f, MISSING) for values in rows] for f in fields}, len(rows)
        )
    out = []
    for values, record in zip(rows, built, strict=True):
        if record is not BAD:
            out.append(record)
            continue
        try:
            out.append(spec.record.model_validate(values))
        except ValidationError as exc:  # e.g. a model validator judging the merged row
            problems.append(f"datasets.{spec.name}: {key} {_quote(values.get(key))}: {exc.errors()[0]['msg']}")
    return out


def confined_path(file_ref: str, base_dir: Path | None, *, root: Path | None = None, confine: bool = True) -> Path:
    """The file a dataset's ``file = …`` names, refused when it leaves the allowed folder.

    A snapshot may come from someone the operator does not trust, and its ``file`` is a path
    they chose: an absolute path, a ``..`` escape or a symlink would read any file the server
    can (``/etc/passwd``, ``/proc/self/environ``). So the path must be relative, resolve
    (symlinks followed) inside ``root`` — the snapshot's folder unless the operator configured
    a data root — and be a regular file. ``confine=False`` is for a trusted local user.
    """
    name = Path(file_ref).name
    if len(name) > MAX_NAME_CHARS or len(file_ref) > 4 * MAX_NAME_CHARS:
        raise SnapshotError(
            f"file name {_quote(name)} is {len(name):,} characters; the limit is {MAX_NAME_CHARS}"
        )
    path = Path(file_ref)
    if not confine:
        return path if path.is_absolute() or base_dir is None else base_dir / path
    if path.is_absolute() or path.drive:
        raise SnapshotError(
            f"{_cut(file_ref)}: an absolute path is not allowed; name the file relative to the "
            "snapshot's folder (or let a trusted local user allow it: trust-dataset-paths)"
        )
    base = (base_dir or Path.cwd()).resolve()
    allowed = (root or base).resolve()
    try:
        target = (base / path).resolve()
        if not target.is_relative_to(allowed):
            raise SnapshotError(
                f"{_cut(file_ref)}: resolves outside the allowed folder {allowed.name or allowed}; "
                "dataset files must be inside the snapshot's folder or the configured data-root"
            )
        mode = target.stat().st_mode
    except FileNotFoundError:
        raise SnapshotError(f"file not found: {_cut(file_ref)}") from None
    except (OSError, RuntimeError) as exc:  # a symlink loop is a RuntimeError before 3.13
        raise SnapshotError(f"{_cut(file_ref)}: cannot resolve the path ({exc})") from None
    if not stat.S_ISREG(mode):
        raise SnapshotError(f"{_cut(file_ref)}: not a file")
    return target


def validate_rows(
    spec: Dataset,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    origin: str | None,
    problems: list[str],
    rates: Mapping[str, float] | None = None,
    lines: list[int] | None = None,
) -> list[Record]:
    """Map headers to fields and validate the table by column; problems name the row and field.

    Each field's column is converted at once by the record class's compiled plan (see
    :mod:`diagrules.io.columns`); a row any of whose cells the plan refuses is validated again
    by the record model, so its problems are exactly those of per-row validation, in the same
    order. A record class the plan cannot reproduce is validated row by row.
    ``lines``, when given, receives the file line of each returned record.
    """
    plan = record_plan(spec.record)
    table = rows if isinstance(rows, list) else list(rows)
    if plan is None or not all(type(row) is dict for _, row in table):
        return validate_rows_by_row(spec, table, origin=origin, problems=problems, rates=rates, lines=lines)
    columns: dict[str, Column | None] = {}
    refused: dict[int, list[str]] = {}  # row index → refused columns first seen in that row
    known: set[str] = set()
    for index, (_, row) in enumerate(table):
        if row.keys() <= known:
            continue
        found = _new_columns(row, columns, spec, rates or {}, origin)
        if found:
            refused[index] = found
        known.update(row)
    dicts = typing.cast("list[dict[str, Any]]", [row for _, row in table])  # all dicts, checked above
    by_field: dict[str, list[str]] = {}
    for key, column in columns.items():
        if column is not None and not column.refused:
            by_field.setdefault(column.field, []).append(key)
    with YoungObjectsOnly():  # a table is thousands of acyclic objects; see core.collector
        records = plan.validate(_gather(dicts, by_field, columns), len(table))
    if not refused and all(r is not BAD for r in records):
        if lines is not None:
            lines.extend(line for line, _ in table)
        return records
    out: list[Record] = []
    for index, ((line, row), result) in enumerate(zip(table, records, strict=True)):
        problems.extend(refused.get(index, ()))
        if result is BAD:
            result = _validate_row(spec, _mapped(row, columns), index, line, origin, problems)
            if result is None:
                if len(problems) > 50:
                    break
                continue
        out.append(result)
        if lines is not None:
            lines.append(line)
    return out


def validate_rows_by_row(
    spec: Dataset,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    origin: str | None,
    problems: list[str],
    rates: Mapping[str, float] | None = None,
    lines: list[int] | None = None,
) -> list[Record]:
    """:func:`validate_rows` one row at a time through the record model (pydantic).

    For record classes the column plan cannot reproduce, and the baseline of
    ``benchmarks/tables.py``.
    """
    columns: dict[str, Column | None] = {}
    out: list[Record] = []
    for index, (line, row) in enumerate(rows):
        problems.extend(_new_columns(row, columns, spec, rates or {}, origin))
        result = _validate_row(spec, _mapped(row, columns), index, line, origin, problems)
        if result is not None:
            out.append(result)
            if lines is not None:
                lines.append(line)
        elif len(problems) > 50:
            break
    return out


def _new_columns(
    row: Mapping[str, Any], columns: dict[str, Column | None], spec: Dataset, rates: Mapping[str, float], origin: str | None
) -> list[str]:
    """Add the columns of ``row``'s headers not seen before; the problems of refused ones."""
    found = []
    for key in row:
        if key not in columns:
            columns[key] = column = _column(str(key), spec, rates)
            if column is not None and column.refused:
                where = f"datasets.{spec.name}" + (f" ({origin})" if origin else "")
                found.append(f"{where}: {column.refused}")
    return found


def _mapped(row: Mapping[str, Any], columns: Mapping[str, Column | None]) -> dict[str, Any]:
    """A row's cells by field name: the first header feeding a field wins, units applied."""
    mapped: dict[str, Any] = {}
    for key, value in row.items():
        column = columns[key]
        if column is None or column.refused or column.field in mapped:
            continue
        mapped[column.field] = _apply(column, value)
    return mapped


def _gather(
    dicts: Sequence[dict[str, Any]], by_field: Mapping[str, Sequence[str]], columns: Mapping[str, Column | None]
) -> dict[str, Sequence[Any]]:
    """Each field's cells down the table (MISSING where a row has none), as :func:`_mapped` reads them.

    The fields fed by one header are read in one pass over the rows, a row's cells in one
    ``itemgetter`` call, then transposed: a pass per field would walk every row dict once per
    field, and at 20,000 rows those no longer fit in the processor's cache.
    """
    single = {field: keys[0] for field, keys in by_field.items() if len(keys) == 1}
    out: dict[str, Sequence[Any]] = {}
    if single and dicts:
        keys = list(single.values())
        try:
            cells: list[Sequence[Any]] = (
                [[row[keys[0]] for row in dicts]] if len(keys) == 1 else list(zip(*map(itemgetter(*keys), dicts), strict=True))
            )
        except KeyError:  # some row lacks a column: look each cell up
            cells = [[row.get(key, MISSING) for row in dicts] for key in keys]
        for (field, key), column_cells in zip(single.items(), cells, strict=True):
            column = columns[key]
            assert column is not None
            if column.percent or column.factor is not None:
                column_cells = [v if v is MISSING else _apply(column, v) for v in column_cells]
            out[field] = column_cells
    for field, several in by_field.items():
        if len(several) > 1:
            out[field] = _first_of(dicts, several, columns)
    return out


def _first_of(dicts: Sequence[dict[str, Any]], keys: Sequence[str], columns: Mapping[str, Column | None]) -> list[Any]:
    """A field fed by several headers: in each row, the first of them in the row's own order."""
    wanted = set(keys)
    out = []
    for row in dicts:
        first = next((k for k in row if k in wanted), None)
        if first is None:
            out.append(MISSING)
        else:
            column = columns[first]
            assert column is not None
            out.append(_apply(column, row[first]))
    return out


def _validate_row(
    spec: Dataset, mapped: dict[str, Any], index: int, line: int, origin: str | None, problems: list[str]
) -> Record | None:
    """One row through the record model; its problems appended, each naming row and field."""
    try:
        return spec.record.model_validate(mapped)
    except ValidationError as exc:
        where = f"datasets.{spec.name}[{index}]" + (f" ({origin} row {line})" if origin else "")
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            got = "" if err["type"] == "missing" or "got" in msg else f" (got {_quote(err.get('input'))})"
            problems.append(f"{where}.{field}: {msg}{got}")
        return None


def _apply(column: Column, value: Any) -> Any:
    """A cell as its field reads it: ``1.15`` under ``(%)`` is ``"1.15%"``, a unit converted."""
    if column.percent and _bare_number(value):
        return f"{value}%".strip()
    if column.factor is not None and value is not None and not (isinstance(value, str) and value.strip() in EMPTY_MARKS):
        try:
            return float(parse_unit("number", value)) * column.factor
        except ValueError:
            return value  # the field's own validation names the bad cell
    return value


def read_table(
    path: Path,
    spec: Dataset,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """Read a CSV/XLSX/XLS/JSON file into (line number, {header: value}) rows."""
    if len(path.name) > MAX_NAME_CHARS:
        raise SnapshotError(
            f"file name {_quote(path.name)} is {len(path.name):,} characters; the limit is {MAX_NAME_CHARS}"
        )
    try:
        if not path.exists():
            raise SnapshotError(f"file not found: {path}")
        if not path.is_file():
            raise SnapshotError(f"{path.name}: not a file")
        return _read_table(path, spec, sheet=sheet, header_row=header_row)
    except OSError as exc:
        raise SnapshotError(f"{_cut(path.name)}: cannot read the file ({exc.strerror or exc})") from None


def _read_table(
    path: Path, spec: Dataset, *, sheet: str | None, header_row: int | None
) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SnapshotError(f"{path.name} is {size:,} bytes; the limit is {MAX_BYTES:,}")
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(1024)
    if head.startswith((_OLE2, _ZIP)):  # the content decides, whatever the name says
        grid = _read_spreadsheet(path, sheet, zipped=head.startswith(_ZIP))
    elif suffix == ".json":
        return _read_json(path), path.name
    elif _looks_like_html(head):
        raise SnapshotError(
            f"{path.name}: is a web page (HTML) saved under a {suffix or 'bare'} name, not a table; "
            "open it in a spreadsheet program and save it as .xlsx or .csv"
        )
    elif suffix in (".csv", ".tsv", ".txt", ".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ""):
        grid = _read_csv(path, spec, "\t" if suffix == ".tsv" else None)
    else:
        raise SnapshotError(
            f"{path.name}: unsupported file type '{suffix}'; use .csv, .xlsx, .xls or .json"
        )
    return rows_from_grid(grid, spec, header_row=header_row, origin=path.name), path.name


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml"))


def _read_json(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise SnapshotError(f"{path.name}: not valid JSON ({str(exc)[:200]})") from None
    if not isinstance(data, list):
        raise SnapshotError(f"{path.name}: expected a JSON list of rows")
    if len(data) > MAX_ROWS:
        raise SnapshotError(f"{path.name}: {len(data):,} rows; the limit is {MAX_ROWS:,} (split the file)")
    return [(i + 1, r) for i, r in enumerate(data) if isinstance(r, dict)]


def rows_from_grid(
    grid: Sequence[Sequence[Any]],
    spec: Dataset,
    *,
    header_row: int | None = None,
    origin: str = "table",
) -> list[tuple[int, dict[str, Any]]]:
    """Find the header row in a grid of cells and return the data rows below it.

    Footer rows (``合计``, ``总计``, ``小计``, ``Total``) are dropped; a grand total is checked
    against the rows above it for count columns, since a total larger than its rows' sum means
    rows are missing from the file. Cells are normalised on the way: ``-``, ``--`` and ``/``
    become empty, ``1.2万`` becomes 12000.
    """
    found = header_row - 1 if header_row is not None else _find_header(grid, spec)
    if found is None:
        raise SnapshotError(
            f"{origin}: no header row found in the first {HEADER_SCAN_ROWS} rows; "
            f"expected columns such as {_accepted(spec, spec.required_fields() or list(spec.aliases)[:3])}"
        )
    h = found
    if h >= len(grid):
        raise SnapshotError(f"{origin}: header row {h + 1} is past the end of the table")
    headers = [str(c).strip() if c is not None else "" for c in grid[h]]
    if len(headers) > MAX_COLUMNS:
        raise SnapshotError(f"{origin}: {len(headers):,} columns; the limit is {MAX_COLUMNS:,}")
    present = {col.field for c in headers if c and (col := _column(c, spec, {})) is not None}
    missing = [f for f in spec.required_fields() if f not in present]
    if missing:
        shown = [_quote(c) for c in headers if c and _column(c, spec, {}) is not None] or ["none"]
        raise SnapshotError(
            f"{origin}: required column(s) missing in header row {h + 1}: "
            f"{_accepted(spec, missing)} (recognised: {', '.join(shown[:20])})"
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    totals: list[tuple[int, dict[str, Any]]] = []
    named = [j for j, header in enumerate(headers) if header]
    pick = itemgetter(*named) if len(named) > 1 else None  # a whole row's named cells in one call
    keys = [headers[j] for j in named]
    for i in range(h + 1, len(grid)):
        cells = [  # text not ending in a mark's, 万's or 亿's character or a space is kept as it is
            _clean_cell(c) if isinstance(c, str) and (c[-1:] in _CLEAN_ENDS or c[-1:].isspace()) else c
            for c in grid[i]
        ]
        if cells.count(None) == len(cells):
            continue
        if pick is not None and len(cells) >= len(headers):
            row = dict(zip(keys, pick(cells), strict=True))
        else:
            row = {headers[j]: cells[j] for j in range(min(len(headers), len(cells))) if headers[j]}
        footer = _footer_word(cells)
        if footer is not None:
            if footer in _TOTAL_WORDS:
                totals.append((i + 1, row))
            continue
        rows.append((i + 1, row))
        if len(rows) > MAX_ROWS:
            raise SnapshotError(f"{origin}: more than {MAX_ROWS:,} rows; split the file")
    for line, total in totals:
        _check_total(spec, origin, line, total, rows)
    return rows


_CLEAN_ENDS = "-—/万亿"
"""The last characters of the cells :func:`_clean_cell` changes (an empty text ends in all of them)."""


def _clean_cell(value: Any) -> Any:
    """Empty marks become None; ``1.2万``/``3.4亿`` become numbers; other cells are kept."""
    if value is None:
        return None
    if isinstance(value, str):
        s = value.strip()
        if s in EMPTY_MARKS:
            return None
        m = _MAGNITUDE.match(s) if s.endswith(("万", "亿")) else None  # every text cell passes here
        if m:
            try:
                n = Decimal(m.group(1).replace(",", "")) * _MAGNITUDES[m.group(2)]
            except InvalidOperation:
                return value
            return int(n) if n == n.to_integral_value() else float(n)
    return value


def _footer_word(cells: Sequence[Any]) -> str | None:
    """The footer word when one of the row's first two filled cells is ``合计``, ``Total``…"""
    seen = 0
    for c in cells:
        if c is None:
            continue
        if isinstance(c, str) and len(c) <= 16:  # every row passes here: keep it cheap
            word = c.strip().rstrip(":：").replace(" ", "").replace("_", "").replace("-", "").lower()
            if word in FOOTER_WORDS:
                return word
        seen += 1
        if seen == 2:
            break
    return None


def _check_total(
    spec: Dataset, origin: str, line: int, total: Mapping[str, Any], rows: Sequence[tuple[int, Mapping[str, Any]]]
) -> None:
    """Refuse a file whose grand total exceeds the sum of its rows in a count column.

    Per-period totals of people (访客数) may be smaller than the rows' sum — a visitor counted
    on two days is one visitor in the total — but never larger; a larger total means rows were
    lost (a truncated copy, a filter left on) and every rule would judge too little. A total
    written in 万 is rounded, hence :data:`TOTAL_TOLERANCE`.
    """
    for header, value in total.items():
        column = _column(header, spec, {})
        if column is None or spec.field_unit(column.field) != "count" or value is None:
            continue
        try:
            expected = float(parse_unit("number", value))
            got = sum(float(parse_unit("number", r[header])) for _, r in rows if r.get(header) is not None)
        except ValueError:
            continue
        if expected > got * (1 + TOTAL_TOLERANCE) + 0.5:  # 34.86万 is rounded to 100
            raise SnapshotError(
                f"{origin} row {line}: the total row gives {_quote(header)} = {expected:g}, but the rows "
                f"above add up to {got:g}; rows seem to be missing (export the full list, or delete "
                "the total row)"
            )


def _column(header: str, spec: Dataset, rates: Mapping[str, float]) -> Column | None:
    """How a header feeds the dataset, or None for a column the dataset ignores.

    The header is tried whole, then without a bracketed unit suffix (``支付金额(元)``) or a
    trailing ``%``; the suffix is then judged against the field's unit: a percentage suffix on a
    ratio field marks bare percentages, a time suffix scales to the field's unit, a currency
    other than the field's (US$) is converted with a configured rate or refused — never
    silently read as dollars.
    """
    header_map = _header_map(spec)
    norm = normalize_header(header)
    base_header, suffix = header, None
    m = _SUFFIX.match(header.strip())
    if m:
        base_header, suffix = m.group(1), m.group(2).strip().lower()
    elif header.strip().endswith(("%", "％")):
        base_header, suffix = header.strip()[:-1], "%"
    field = header_map.get(norm) or header_map.get(normalize_header(base_header))
    if field is None:
        return None
    if suffix is None:
        return Column(field)
    unit = spec.field_unit(field)
    if suffix in ("%", "％", "百分比"):
        return Column(field, percent=unit == "ratio")
    currency = _CURRENCIES.get(suffix)
    if currency is not None and unit == "money":
        if currency == "USD":
            return Column(field)
        rate = rates.get(currency)
        if rate is None:
            return Column(
                field,
                refused=f"column {_quote(header)} is in {currency}, but {field} is in US$; add "
                f"currency_rates = {{ {currency} = <US$ per 1 {currency}> }} to the dataset entry to "
                "convert it (the column is not read)",
            )
        return Column(field, factor=rate)
    if suffix in _SECONDS and unit in _UNIT_SECONDS:
        factor = _SECONDS[suffix] / _UNIT_SECONDS[unit]
        return Column(field, factor=None if factor == 1 else factor)
    return Column(field)


_HEADER_MAPS: dict[int, tuple[Dataset, dict[str, str]]] = {}


def _header_map(spec: Dataset) -> dict[str, str]:
    """``spec.header_map()``, built once per dataset: every header cell of a scan consults it."""
    cached = _HEADER_MAPS.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = _HEADER_MAPS[id(spec)] = (spec, spec.header_map())
    return cached[1]


_NUMERIC = re.compile(r"^\s*-?[\d,]*\.?\d+\s*$")


def _bare_number(value: Any) -> bool:
    """A number, or text that is only a number (CSV cells are always text)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, float)) or (isinstance(value, str) and bool(_NUMERIC.match(value)))


def _quote(value: Any) -> str:
    """A value as an error message may show it: repr'd and cut to :data:`MAX_QUOTED_CHARS`."""
    s = value if isinstance(value, str) else str(value)
    return repr(s if len(s) <= MAX_QUOTED_CHARS else s[:MAX_QUOTED_CHARS] + "…")


def _cut(s: str) -> str:
    """A path as a message shows it: cut to :data:`MAX_QUOTED_CHARS` characters."""
    return s if len(s) <= MAX_QUOTED_CHARS else s[:MAX_QUOTED_CHARS] + "…"


def _accepted(spec: Dataset, fields: Sequence[str]) -> str:
    """``kind (kind, 产品类型, …)``: each field with the headers that fill it."""
    parts = []
    for f in fields:
        names = [f, *(n for n in spec.aliases.get(f, ()) if n != f)]
        parts.append(f"{f} ({', '.join(names[:5])}{', …' if len(names) > 5 else ''})")
    return "; ".join(parts)


def _header_hits(row: Sequence[Any], spec: Dataset) -> int:
    return len({col.field for c in row if c is not None and (col := _column(str(c), spec, {}))})


def _find_header(grid: Sequence[Sequence[Any]], spec: Dataset) -> int | None:
    """The row (0-based) among the first rows that names the most known fields."""
    best, best_hits = None, 0
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        hits = _header_hits(row, spec)
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def _read_csv(path: Path, spec: Dataset, delimiter: str | None) -> list[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SnapshotError(f"{path.name}: cannot decode as UTF-8 or GB18030 (and it is not a workbook)")
    if delimiter is None:
        delimiter = _delimiter(content, spec)
    grid: list[list[Any]] = []
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise SnapshotError(
                    f"{path.name} line {reader.line_num}: {len(row):,} columns; the limit is {MAX_COLUMNS:,}"
                )
            grid.append(row)
            if len(grid) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise SnapshotError(f"{path.name}: more than {MAX_ROWS:,} rows; split the file")
    except csv.Error as exc:
        detail = (
            f"a field is longer than {MAX_FIELD_CHARS:,} characters" if "field larger" in str(exc) else str(exc)
        )
        raise SnapshotError(f"{path.name} line {reader.line_num}: {detail}") from None
    return grid


def _delimiter(content: str, spec: Dataset) -> str:
    """The delimiter under which some early line reads as the dataset's header row.

    A title block above the header ("数据管家 产品报表, 2026-11-01 ~ 2026-11-30") misleads
    generic sniffing, so each candidate is judged by the headers it reveals.
    """
    head = content.splitlines()[:HEADER_SCAN_ROWS]
    best, best_hits = ",", 0
    for candidate in (",", "\t", ";"):
        try:
            rows = list(csv.reader(head, delimiter=candidate))
        except csv.Error:
            continue
        hits = max((_header_hits(r, spec) for r in rows), default=0)
        if hits > best_hits:
            best, best_hits = candidate, hits
    return best


def _cell(value: Any) -> Any:
    """Spreadsheets store every number as a float; whole numbers become ints (ids, counts)."""
    if value == "":
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def check_zip_container(path: Path) -> None:
    """Refuse a zip-based workbook that would expand far beyond its size, or whose sheets
    name cells so far apart that the reader would allocate an enormous grid.

    XLSX/XLSM/XLSB/ODS files are zip archives; their directory states each member's sizes
    before anything is decompressed, so the first check costs one directory read. The second
    streams each worksheet's XML (bounded by the first) and reads only its coordinates.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(path, members)
            for m in members:
                if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml"):
                    _check_extent(path, archive, m)
    except zipfile.BadZipFile:
        raise SnapshotError(f"{path.name}: not a valid {path.suffix} workbook (broken zip container)") from None


def _check_sizes(path: Path, members: Sequence[zipfile.ZipInfo]) -> None:
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise SnapshotError(
            f"{path.name}: expands to {total:,} bytes, over the limit of {MAX_UNCOMPRESSED:,}; refusing to open it"
        )
    for m in members:
        if m.compress_size and m.file_size / m.compress_size > MAX_RATIO and m.file_size > 10 * 1024 * 1024:
            raise SnapshotError(
                f"{path.name}: member {m.filename} is compressed {m.file_size // m.compress_size}:1, "
                "which looks like a zip bomb; refusing to open it"
            )


_COORD = re.compile(rb'<(?:\w+:)?(?:c|row|dimension)\b[^>]*?\b(?:r|ref)="([^"]{1,40})"')
_CELL_REFS = re.compile(rb'"([A-Z]{0,3})(\d{0,8})(?=")')
"""A whole quote-delimited part that is a cell reference (``XFD1048576``, ``A``, ``12``)."""


def _check_extent(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a sheet whose cells span more than :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS`
    columns or :data:`MAX_CELLS` cells — python-calamine allocates the whole rectangle."""
    max_row = max_col = 0
    tail = b""
    with archive.open(member) as fh:
        while chunk := fh.read(1 << 20):
            scan = tail + chunk
            tail = scan[-4096:]  # a tag cut by the chunk boundary is whole in the next scan
            # every reference of the chunk at once: a sheet has a coordinate per cell
            refs = b'"'.join(_COORD.findall(scan)).replace(b":", b'"')  # no reference holds a quote
            parts = _CELL_REFS.findall(b'"' + refs + b'"')
            digits = [d for _, d in parts if d]
            if digits:
                max_row = max(max_row, max(map(int, digits)))
            letters = {c for c, _ in parts if c}
            if letters:
                widest = max(letters, key=lambda c: (len(c), c))  # AB > Z: longer, then later
                col = 0
                for ch in widest:
                    col = col * 26 + ch - 64
                max_col = max(max_col, col)
    if max_row > MAX_ROWS + HEADER_SCAN_ROWS or max_col > MAX_COLUMNS or max_row * max(max_col, 1) > MAX_CELLS:
        raise SnapshotError(
            f"{path.name}: sheet {member.filename.rsplit('/', 1)[-1]} spans {max_row:,} rows × "
            f"{max_col:,} columns; the limits are {MAX_ROWS:,} rows, {MAX_COLUMNS:,} columns and "
            f"{MAX_CELLS:,} cells — refusing to open it"
        )


def _read_spreadsheet(path: Path, sheet: str | None, *, zipped: bool) -> list[list[Any]]:
    if zipped:
        check_zip_container(path)
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - depends on the installation
        raise SnapshotError(
            f"{path.name}: reading spreadsheets needs python-calamine (pip install 'diagrules[xlsx]')"
        ) from None
    try:
        with path.open("rb") as fh:  # by content: an .xls may be saved under a .csv name
            wb = CalamineWorkbook.from_filelike(io.BytesIO(fh.read()))
        names = wb.sheet_names
        if sheet is not None and sheet not in names:
            raise SnapshotError(f"{path.name}: no sheet named {_quote(sheet)} (sheets: {', '.join(map(_quote, names))})")
        ws = wb.get_sheet_by_name(sheet or names[0])
        if ws.total_width > MAX_COLUMNS or ws.total_height > MAX_ROWS + HEADER_SCAN_ROWS:
            raise SnapshotError(
                f"{path.name}: sheet spans {ws.total_height:,} rows × {ws.total_width:,} columns; the limits "
                f"are {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns"
            )
        grid: list[list[Any]] = []
        for row in ws.iter_rows():
            grid.append([c if type(c) is str and c else _cell(c) for c in row])
            if len(grid) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise SnapshotError(f"{path.name}: more than {MAX_ROWS:,} rows; split the file")
        return grid
    except SnapshotError:
        raise
    except Exception as exc:
        raise SnapshotError(f"{path.name}: cannot read the spreadsheet ({str(exc)[:200]})") from None
