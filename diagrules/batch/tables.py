"""Parquet at both ends of a fleet batch: stores read a row at a time, rows written in groups.

pyarrow comes with the ``fleet`` (or ``dask``) extra and is imported only when a ``.parquet``
file is read or written, so ``import diagrules`` and every other batch stay free of it.

* **Input:** a Parquet file holds one store per row in the layout of
  :func:`diagrules.batch.scale.findings_frame`: a ``store`` column, optionally ``platform``,
  ``as_of``, ``seller_stage``, ``category``, and one column per metric (null = absent). It is
  read in record batches, so memory stays flat however many stores it holds; each row becomes
  a JSONL-like work item ``stores.parquet:17`` (row 17, counted from 1), diagnosed and
  reported exactly like line 17 of a JSONL file.
* **Output:** the workers encode each chunk's rows as an Arrow stream (:func:`arrow_block`);
  :class:`ParquetRows` in the parent gathers them and writes a row group every
  :data:`ROW_GROUP` rows, never looking at a row itself. The file is written under a temporary name and renamed when the run
  completes: a Parquet file is only readable once closed, so an interrupted run leaves no
  truncated table behind (and cannot be resumed; run it again).
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from diagrules.batch.scale import row_document
from diagrules.core.errors import DiagrulesError
from diagrules.core.strings import t

#: Rows per Parquet row group (and per record batch read): large enough for fast columnar
#: scans, small enough that the buffered rows stay a few MB.
ROW_GROUP = 65_536
#: Columns whose values are numbers in the tables; every other column holds text.
FLOAT_COLUMNS = frozenset({"observed", "threshold", "score"})
INT_COLUMNS = frozenset({"errors", "warnings", "infos", "findings", "rules_failed", "rules_error"})


class MissingPyarrow(DiagrulesError):
    """Reading or writing Parquet needs pyarrow, which is in an optional extra.

    The message is English (it is an exception); :meth:`text` gives it in the user's language.
    """

    def __init__(self) -> None:
        super().__init__(t("batch.needs_pyarrow", "en"))

    def text(self, lang: str) -> str:
        return t("batch.needs_pyarrow", lang)


def pyarrow_modules() -> tuple[ModuleType, ModuleType]:
    """``pyarrow`` and ``pyarrow.parquet``, or :class:`MissingPyarrow` saying how to install them."""
    try:  # typed as modules (Any inside): pyarrow is optional and ships no type information
        pyarrow = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise MissingPyarrow() from None
    return pyarrow, pq


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def count_rows(path: Path) -> int:
    """Stores in a Parquet file, from its footer (no data read)."""
    pa, pq = pyarrow_modules()
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, pa.ArrowException):  # reported as one bad input when it is read
        return 1


def iter_rows(path: Path) -> Iterator[tuple[str, str | None, str]]:
    """``(source, json text, problem)`` per store row of ``path``, read a batch at a time.

    A row that cannot be written as JSON (a value of a type JSON has no form for) yields
    ``None`` and the problem, so it costs only that store.
    """
    pa, pq = pyarrow_modules()
    number = 0
    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP)
    except (OSError, pa.ArrowException) as exc:  # not Parquet, or damaged: the file is one bad input
        yield str(path), None, f"cannot be read as Parquet: {exc}"
        return
    for batch in batches:
        for row in batch.to_pylist():
            number += 1
            source = f"{path}:{number}"
            try:
                yield source, json.dumps(row_document(row), ensure_ascii=False, allow_nan=False), ""
            except (TypeError, ValueError) as exc:
                yield source, None, f"row {number} cannot be read as a store: {exc}"


class ParquetRows:
    """Rows with fixed ``columns`` written to ``path`` as Parquet, a row group at a time."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        pa, pq = pyarrow_modules()
        self.path = path
        self.columns = tuple(columns)
        self._pa = pa
        self._schema = schema(pa, self.columns)
        self._temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self._writer = pq.ParquetWriter(self._temporary, self._schema)
        self._pending: list[Any] = []  # Arrow tables of whole chunks, written as one row group
        self._pending_rows = 0
        self.rows = 0

    def _write(self) -> None:
        """Write the blocks waiting to fill a row group."""
        if self._pending:
            self._writer.write_table(self._pa.concat_tables(self._pending))
            self._pending, self._pending_rows = [], 0

    def add_block(self, block: bytes) -> None:
        """Append the rows of an Arrow stream made by :func:`arrow_block` (a chunk diagnosed at once)."""
        table = self._pa.ipc.open_stream(block).read_all()
        self._pending.append(table)
        self._pending_rows += table.num_rows
        self.rows += table.num_rows
        if self._pending_rows >= ROW_GROUP:
            self._write()

    def close(self, *, complete: bool) -> None:
        """Finish the file (``complete``) or throw the unfinished one away."""
        if complete:
            self._write()
        self._writer.close()
        if complete:
            os.replace(self._temporary, self.path)
        else:
            self._temporary.unlink(missing_ok=True)


def schema(pa: ModuleType, columns: Sequence[str]) -> Any:
    """The Arrow schema of fleet rows: floats for evidence and scores, integers for counts, text."""
    return pa.schema([
        (c, pa.float64() if c in FLOAT_COLUMNS else pa.int64() if c in INT_COLUMNS else pa.string())
        for c in columns
    ])


def arrow_block(columns: dict[str, list[Any]]) -> bytes:
    """A chunk's rows (columns of equal length) as an Arrow stream, for :meth:`ParquetRows.add_block`.

    Built in the worker, so the parent only concatenates bytes it does not have to look inside.
    """
    pa, _ = pyarrow_modules()
    fields = schema(pa, list(columns))
    arrays = [_floats(pa, values) if name in FLOAT_COLUMNS else pa.array(values, type=field.type)
              for (name, values), field in zip(columns.items(), fields, strict=True)]
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, fields) as writer:
        writer.write_table(pa.Table.from_arrays(arrays, schema=fields))
    return bytes(sink.getvalue())


def _floats(pa: ModuleType, values: list[Any]) -> Any:
    """An evidence column as float64: Arrow converts numbers itself; text evidence makes it null."""
    try:
        return pa.array(values, type=pa.float64())
    except (TypeError, ValueError, pa.ArrowException):  # an enum value or a range among the numbers
        return pa.array([_float(v) for v in values], type=pa.float64())


def _float(value: Any) -> float | None:
    """Evidence as a number for the float column: text evidence (an enum value, a range) is null."""
    if isinstance(value, bool | int | float):
        return float(value)
    return None


__all__ = [
    "FLOAT_COLUMNS",
    "INT_COLUMNS",
    "ROW_GROUP",
    "MissingPyarrow",
    "ParquetRows",
    "arrow_block",
    "count_rows",
    "is_parquet",
    "iter_rows",
    "pyarrow_modules",
    "schema",
]
