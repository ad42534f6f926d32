"""Bounds on snapshot documents, checked before the expensive steps.

A snapshot may come from a seller nobody trusts (a SaaS upload, one line of an agency's batch).
Python's parsers accept documents that later cost unbounded time or memory, or that blow up
with an exception nobody meant to raise: a 1,100-deep nesting (``RecursionError``), a
5,000-digit integer (``ValueError`` from ``int``), 100,000 unknown metric keys (each one a
did-you-mean search), ``/dev/zero`` as the file to read. Every such document is refused here
with a :class:`~diagrules.SnapshotError` naming the place and the limit, so the CLI exits 2 and a
batch records the store and goes on. The defaults are generous for real stores (an Alibaba.com
snapshot is a few KiB, five levels deep); they are documented in ``docs/security.md``.

Table files (CSV, XLSX, XLS, JSON datasets) have their own limits in :mod:`diagrules.io.tables`.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from diagrules.core.errors import SnapshotError

#: Bytes of one snapshot document: a ``.toml``/``.json`` file or one JSONL line.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
#: Nesting of tables and lists (a snapshot with inline dataset rows needs 5).
MAX_DEPTH = 32
#: Entries of one table/object (metric keys, dataset fields, dataset names).
MAX_KEYS = 10_000
#: Items of one list (inline dataset rows; the same as a table file's row limit).
MAX_ITEMS = 1_000_000
#: Characters of one string or key.
MAX_STRING_CHARS = 64 * 1024
#: Decimal digits of one integer (a 64-bit count has 19; money in cents fits easily).
MAX_INT_DIGITS = 40

_MAX_INT = 10**MAX_INT_DIGITS


def read_document_file(path: Path) -> str:
    """The text of a snapshot document file, read only if it is a regular file within the bound.

    Opened without blocking (a FIFO would otherwise hang ``open``) and checked with ``fstat``
    on the open descriptor, so a device (``/dev/zero``), a FIFO or a socket is refused and a
    file swapped after the check is not read either.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise SnapshotError("file not found", location=name) from None
    except OSError as exc:
        raise SnapshotError(f"cannot read the file ({exc.strerror or exc})", location=name) from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SnapshotError("not a regular file; a snapshot is read only from a regular file", location=name)
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise SnapshotError(_too_big(info.st_size), location=name)
        data = fh.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:  # the file grew while being read
        raise SnapshotError(_too_big(len(data)), location=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"not UTF-8 text (byte {exc.start:,})", location=name) from None


def is_regular_file(path: Path) -> bool:
    """True for a regular file (following symlinks); never opens it, so a FIFO cannot hang."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _too_big(size: int) -> str:
    return f"{size:,} bytes; the limit of one snapshot document is {MAX_DOCUMENT_BYTES:,} bytes"


def loads_json(text: str, location: str | None) -> Any:
    """Parse one JSON document and check it against the bounds."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise SnapshotError(_too_big(len(text)), location=location)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", location=location
        ) from None
    except RecursionError:
        raise SnapshotError(_too_deep(), location=location) from None
    except ValueError:  # int() refuses over 4,300 digits
        raise SnapshotError(_too_long_int(), location=location) from None
    check_document(doc, location)
    return doc


def loads_toml(text: str, location: str | None) -> Any:
    """Parse one TOML document and check it against the bounds."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SnapshotError(f"invalid TOML: {exc}", location=location) from None
    except RecursionError:
        raise SnapshotError(_too_deep(), location=location) from None
    except ValueError:  # int() refuses over 4,300 digits
        raise SnapshotError(_too_long_int(), location=location) from None
    check_document(doc, location)
    return doc


def _too_deep() -> str:
    return f"nested more than {MAX_DEPTH} levels deep (tables and lists)"


def _too_long_int() -> str:
    return f"an integer has more than {MAX_INT_DIGITS} digits"


def check_document(doc: Any, location: str | None) -> None:
    """Refuse a decoded document beyond the bounds, naming the field path of the first excess.

    Iterative (an explicit stack), so a deep document cannot exhaust the interpreter's stack
    while being checked. Types other than tables, lists, strings and integers pass unchecked:
    the snapshot model refuses what it does not expect, with its own located message.
    """
    stack: list[tuple[Any, str, int]] = [(doc, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, Mapping):
            if depth >= MAX_DEPTH:
                _fail(location, path, _too_deep())
            if len(value) > MAX_KEYS:
                _fail(location, path, f"{len(value):,} entries in one table; the limit is {MAX_KEYS:,}")
            for key, item in value.items():
                if isinstance(key, str) and len(key) > MAX_STRING_CHARS:
                    _fail(location, path, f"a key of {len(key):,} characters; the limit is {MAX_STRING_CHARS:,}")
                # Numbers are most of a store: a float (or None) needs no check and no path.
                if type(item) is not float and item is not None:
                    stack.append((item, f"{path}.{key}" if path else str(key), depth + 1))
        elif isinstance(value, (list, tuple)):
            if depth >= MAX_DEPTH:
                _fail(location, path, _too_deep())
            if len(value) > MAX_ITEMS:
                _fail(location, path, f"{len(value):,} items in one list; the limit is {MAX_ITEMS:,}")
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)
                         if type(item) is not float and item is not None)
        elif isinstance(value, str):
            if len(value) > MAX_STRING_CHARS:
                _fail(location, path, f"a string of {len(value):,} characters; the limit is {MAX_STRING_CHARS:,}")
        elif isinstance(value, int) and not isinstance(value, bool) and not -_MAX_INT < value < _MAX_INT:
            _fail(location, path, _too_long_int())


def _fail(location: str | None, path: str, message: str) -> None:
    where = (path[:80] + "…") if len(path) > 80 else path
    raise SnapshotError(f"{where or '(top level)'}: {message}", location=location)


def refuse_files(doc: Any, location: str | None) -> None:
    """Refuse every ``datasets.x = { file = ... }`` reference: the untrusted mode reads no file."""
    datasets = doc.get("datasets") if isinstance(doc, Mapping) else None
    if not isinstance(datasets, Mapping):
        return
    named = sorted(str(name) for name, rows in datasets.items() if isinstance(rows, Mapping) and "file" in rows)
    if named:
        shown = ", ".join(f"datasets.{name}" for name in named[:5])
        raise SnapshotError(
            f"{shown}: file references are not read for untrusted input; give the rows inline",
            location=location,
        )
