"""Reading snapshot documents: TOML (one store), JSON (one store or a list), JSONL (one per line).

Readers yield ``(source, document)`` pairs where ``source`` locates the store (``stores.jsonl:17``).
A line or file that cannot be parsed yields a :class:`~diagrules.SnapshotError` in place of the
document instead of stopping the iteration, so one corrupted record never hides the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from diagrules.core.errors import SnapshotError
from diagrules.io.limits import (
    MAX_DOCUMENT_BYTES,
    is_regular_file,
    loads_json,
    loads_toml,
    read_document_file,
)

SNAPSHOT_SUFFIXES = (".toml", ".json", ".jsonl", ".ndjson")


def read_snapshot_file(path: Path) -> Iterator[tuple[str, Any]]:
    """Yield ``(source, document or SnapshotError)`` for every store in ``path``.

    Only a regular file is read, and every document is bounded (:mod:`diagrules.io.limits`).
    """
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SNAPSHOT_SUFFIXES:
        yield name, SnapshotError(
            f"unsupported snapshot file type '{suffix}'; use .toml, .json or .jsonl", location=name
        )
        return
    if suffix in (".jsonl", ".ndjson"):
        if not is_regular_file(path):
            try:
                read_document_file(path)  # names the reason: missing, a device, a FIFO…
            except SnapshotError as exc:
                yield name, exc
            return
        for where, line in iter_lines(path):
            if isinstance(line, SnapshotError):
                yield where, line
                continue
            try:
                yield where, loads_json(line, where)
            except SnapshotError as exc:
                yield where, exc
        return
    try:
        content = read_document_file(path)
        doc = loads_toml(content, name) if suffix == ".toml" else loads_json(content, name)
    except SnapshotError as exc:
        yield name, exc
        return
    if suffix == ".toml":
        stores = doc.get("stores") if isinstance(doc, dict) and set(doc) == {"stores"} else None
        if isinstance(stores, list):
            for i, s in enumerate(stores):
                yield f"{name}:stores[{i}]", s
        else:
            yield name, doc
        return
    if isinstance(doc, list):
        for i, s in enumerate(doc):
            yield f"{name}[{i}]", s
    else:
        yield name, doc


def iter_lines(path: Path) -> Iterator[tuple[str, str | SnapshotError]]:
    """The non-blank lines of a JSONL file with their sources (``stores.jsonl:17``), each bounded.

    A line longer than a document may be is skipped to its end and yields a SnapshotError, so
    memory stays bounded by one document whatever the file holds. Undecodable bytes become
    U+FFFD: the line is then still parsed, and its store reported, not the whole file.
    """
    with path.open("rb") as fh:
        number = 0
        while raw := fh.readline(MAX_DOCUMENT_BYTES + 1):
            number += 1
            where = f"{path}:{number}"
            if len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n"):
                while (rest := fh.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                    pass
                yield where, SnapshotError(
                    f"a line longer than the limit of one snapshot document ({MAX_DOCUMENT_BYTES:,} bytes)",
                    location=where,
                )
                continue
            if raw.strip():
                yield where, raw.decode("utf-8", errors="replace")


def iter_snapshot_paths(paths: list[Path]) -> Iterator[Path]:
    """Expand directories into the snapshot files they contain (sorted, recursively)."""
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SNAPSHOT_SUFFIXES:
                    yield f
        else:
            yield p


def iter_snapshots(paths: list[Path]) -> Iterator[tuple[str, Any, Path]]:
    """Every store document in ``paths`` (files or directories) with its source and file."""
    for f in iter_snapshot_paths(paths):
        for source, doc in read_snapshot_file(f):
            yield source, doc, f
