"""Reading dataset tables from back-office exports.

Exports from Alibaba.com's Data Manager and AliExpress's Business Advisor come as CSV, XLSX or
legacy XLS with Chinese headers, a title block above the header row, percentages as strings
(``"1.15%"``) and thousands separators. This module finds the header row by matching the
dataset's known headers, maps headers to field names (ignoring unknown columns), and validates
each row with the dataset's record model. A header that carries its unit (``搜索点击率(%)``)
marks a column of bare percentages (``1.15``), which are read as ``"1.15%"``. Spreadsheets are read with python-calamine, which
does not expand XML entities; rows and file size are capped so a hostile file cannot exhaust
memory.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from diagrules.authoring.datasets import Dataset, Record, normalize_header
from diagrules.core.errors import SnapshotError

MAX_ROWS = 1_000_000
MAX_BYTES = 256 * 1024 * 1024
MAX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_RATIO = 200
HEADER_SCAN_ROWS = 30


def load_rows(
    spec: Dataset,
    rows: Any,
    *,
    base_dir: Path | None = None,
    problems: list[str] | None = None,
) -> list[Record]:
    """Validate inline rows or load ``{file = ...}`` for dataset ``spec``.

    Row problems are appended to ``problems`` (so a store reports all of them at once); when
    ``problems`` is None the first problems raise a :class:`SnapshotError` directly.
    """
    own: list[str] = [] if problems is None else problems
    file_ref = getattr(rows, "file", None)
    if file_ref is not None:
        path = Path(file_ref)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        raw_rows, origin = read_table(
            path, spec, sheet=getattr(rows, "sheet", None), header_row=getattr(rows, "header_row", None)
        )
    else:
        raw_rows = [(i + 1, r) for i, r in enumerate(rows)]
        origin = None
    result = validate_rows(spec, raw_rows, origin=origin, problems=own)
    if problems is None and own:
        raise SnapshotError(f"dataset '{spec.name}' has invalid rows", problems=own)
    return result


def validate_rows(
    spec: Dataset,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    origin: str | None,
    problems: list[str],
) -> list[Record]:
    """Map headers to fields and validate each row; problems name the row and field."""
    header_map = spec.header_map()
    record = spec.record
    columns: dict[str, tuple[str, bool] | None] = {}
    out: list[Record] = []
    for index, (line, row) in enumerate(rows):
        mapped: dict[str, Any] = {}
        for key, value in row.items():
            if key not in columns:
                columns[key] = _column(key, header_map)
            column = columns[key]
            if column is None or column[0] in mapped:
                continue
            field, percent = column
            mapped[field] = f"{value}%".strip() if percent and _bare_number(value) else value
        try:
            out.append(record.model_validate(mapped))
        except ValidationError as exc:
            where = f"datasets.{spec.name}[{index}]" + (f" ({origin} row {line})" if origin else "")
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"])
                msg = err["msg"].removeprefix("Value error, ")
                got = "" if err["type"] == "missing" else f" (got {err.get('input')!r})"
                problems.append(f"{where}.{field}: {msg}{got}")
            if len(problems) > 50:
                break
    return out


def read_table(
    path: Path,
    spec: Dataset,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """Read a CSV/XLSX/XLS/JSON file into (line number, {header: value}) rows."""
    if not path.exists():
        raise SnapshotError(f"file not found: {path}")
    if not path.is_file():
        raise SnapshotError(f"{path.name}: not a file")
    try:
        return _read_table(path, spec, sheet=sheet, header_row=header_row)
    except OSError as exc:
        raise SnapshotError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None


def _read_table(
    path: Path, spec: Dataset, *, sheet: str | None, header_row: int | None
) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SnapshotError(f"{path.name} is {size:,} bytes; the limit is {MAX_BYTES:,}")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
            raise SnapshotError(f"{path.name}: not valid JSON ({exc})") from None
        if not isinstance(data, list):
            raise SnapshotError(f"{path.name}: expected a JSON list of rows")
        return [(i + 1, r) for i, r in enumerate(data) if isinstance(r, dict)], path.name
    if suffix in (".csv", ".tsv", ".txt"):
        grid = _read_csv(path, spec, "\t" if suffix == ".tsv" else None)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        grid = _read_spreadsheet(path, sheet)
    else:
        raise SnapshotError(
            f"{path.name}: unsupported file type '{suffix}'; use .csv, .xlsx, .xls or .json"
        )
    return rows_from_grid(grid, spec, header_row=header_row, origin=path.name), path.name


def rows_from_grid(
    grid: Sequence[Sequence[Any]],
    spec: Dataset,
    *,
    header_row: int | None = None,
    origin: str = "table",
) -> list[tuple[int, dict[str, Any]]]:
    """Find the header row in a grid of cells and return the data rows below it."""
    header_map = spec.header_map()
    found = header_row - 1 if header_row is not None else _find_header(grid, header_map)
    if found is None:
        raise SnapshotError(
            f"{origin}: no header row found in the first {HEADER_SCAN_ROWS} rows; "
            f"expected columns such as {_accepted(spec, spec.required_fields())}"
        )
    h = found
    if h >= len(grid):
        raise SnapshotError(f"{origin}: header row {h + 1} is past the end of the table")
    headers = [str(c).strip() if c is not None else "" for c in grid[h]]
    present = {col[0] for c in headers if c and (col := _column(c, header_map)) is not None}
    missing = [f for f in spec.required_fields() if f not in present]
    if missing:
        raise SnapshotError(
            f"{origin}: required column(s) missing in header row {h + 1}: "
            f"{_accepted(spec, missing)} (found: {', '.join(c for c in headers if c)})"
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    for i in range(h + 1, len(grid)):
        cells = grid[i]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        row = {headers[j]: cells[j] for j in range(min(len(headers), len(cells))) if headers[j]}
        rows.append((i + 1, {k: (None if v == "" else v) for k, v in row.items()}))
        if len(rows) > MAX_ROWS:
            raise SnapshotError(f"{origin}: more than {MAX_ROWS:,} rows; split the file")
    return rows


def _column(header: str, header_map: Mapping[str, str]) -> tuple[str, bool] | None:
    """(field, holds bare percentages) for a header, or None for a column the dataset ignores."""
    norm = normalize_header(header)
    field = header_map.get(norm)
    if field is not None:
        return field, False
    if norm.endswith(("%", "％")):
        field = header_map.get(norm[:-1])
        if field is not None:
            return field, True
    return None


_NUMERIC = re.compile(r"^\s*-?[\d,]*\.?\d+\s*$")


def _bare_number(value: Any) -> bool:
    """A number, or text that is only a number (CSV cells are always text)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, float)) or (isinstance(value, str) and bool(_NUMERIC.match(value)))


def _accepted(spec: Dataset, fields: Sequence[str]) -> str:
    """``kind (kind, 产品类型, …)``: each field with the headers that fill it."""
    parts = []
    for f in fields:
        names = [f, *(n for n in spec.aliases.get(f, ()) if n != f)]
        parts.append(f"{f} ({', '.join(names[:5])}{', …' if len(names) > 5 else ''})")
    return "; ".join(parts)


def _header_hits(row: Sequence[Any], header_map: Mapping[str, str]) -> int:
    return len({col[0] for c in row if c is not None and (col := _column(str(c), header_map))})


def _find_header(grid: Sequence[Sequence[Any]], header_map: Mapping[str, str]) -> int | None:
    """The row (0-based) among the first rows that names the most known fields."""
    best, best_hits = None, 0
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        hits = _header_hits(row, header_map)
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
        raise SnapshotError(f"{path.name}: cannot decode as UTF-8 or GB18030")
    if delimiter is None:
        delimiter = _delimiter(content, spec)
    grid: list[list[Any]] = []
    for row in csv.reader(io.StringIO(content), delimiter=delimiter):
        grid.append(list(row))
        if len(grid) > MAX_ROWS + HEADER_SCAN_ROWS:
            raise SnapshotError(f"{path.name}: more than {MAX_ROWS:,} rows; split the file")
    return grid


def _delimiter(content: str, spec: Dataset) -> str:
    """The delimiter under which some early line reads as the dataset's header row.

    A title block above the header ("数据管家 产品报表, 2026-11-01 ~ 2026-11-30") misleads
    generic sniffing, so each candidate is judged by the headers it reveals.
    """
    header_map = spec.header_map()
    head = content.splitlines()[:HEADER_SCAN_ROWS]
    best, best_hits = ",", 0
    for candidate in (",", "\t", ";"):
        rows = list(csv.reader(head, delimiter=candidate))
        hits = max((_header_hits(r, header_map) for r in rows), default=0)
        if hits > best_hits:
            best, best_hits = candidate, hits
    return best


def _cell(value: Any) -> Any:
    """Spreadsheets store every number as a float; whole numbers become ints (ids, counts)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def check_zip_container(path: Path) -> None:
    """Refuse a zip-based workbook that would expand far beyond its size (a zip bomb).

    XLSX/XLSM/XLSB/ODS files are zip archives; their directory states each member's sizes
    before anything is decompressed, so the check costs one directory read.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise SnapshotError(f"{path.name}: not a valid {path.suffix} workbook (broken zip container)") from None
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


def _read_spreadsheet(path: Path, sheet: str | None) -> list[list[Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xlsb", ".ods"):
        check_zip_container(path)
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - depends on the installation
        raise SnapshotError(
            f"{path.name}: reading spreadsheets needs python-calamine (pip install 'diagrules[xlsx]')"
        ) from None
    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = wb.sheet_names
        if sheet is not None and sheet not in names:
            raise SnapshotError(f"{path.name}: no sheet named {sheet!r} (sheets: {', '.join(names)})")
        ws = wb.get_sheet_by_name(sheet or names[0])
        grid: list[list[Any]] = []
        for row in ws.iter_rows():
            grid.append([_cell(c) for c in row])
            if len(grid) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise SnapshotError(f"{path.name}: more than {MAX_ROWS:,} rows; split the file")
        return grid
    except SnapshotError:
        raise
    except Exception as exc:
        raise SnapshotError(f"{path.name}: cannot read the spreadsheet ({exc})") from None
