"""Reading snapshot documents: TOML (one store), JSON (one store or a list), JSONL (one per line).

Readers yield ``(source, document)`` pairs where ``source`` locates the store (``stores.jsonl:17``).
A line or file that cannot be parsed yields a :class:`~diagrules.SnapshotError` in place of the
document instead of stopping the iteration, so one corrupted record never hides the others.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from diagrules.core.errors import SnapshotError

SNAPSHOT_SUFFIXES = (".toml", ".json", ".jsonl", ".ndjson")


def read_snapshot_file(path: Path) -> Iterator[tuple[str, Any]]:
    """Yield ``(source, document or SnapshotError)`` for every store in ``path``."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SNAPSHOT_SUFFIXES:
        yield name, SnapshotError(
            f"unsupported snapshot file type '{suffix}'; use .toml, .json or .jsonl", location=name
        )
        return
    try:
        if suffix in (".jsonl", ".ndjson"):
            with path.open("r", encoding="utf-8") as fh:
                for number, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    where = f"{name}:{number}"
                    try:
                        yield where, json.loads(line)
                    except json.JSONDecodeError as exc:
                        yield where, SnapshotError(f"invalid JSON: {exc.msg} at column {exc.colno}", location=where)
            return
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        yield name, SnapshotError("file not found", location=name)
        return
    except (OSError, UnicodeDecodeError) as exc:
        yield name, SnapshotError(f"cannot read the file ({exc})", location=name)
        return
    if suffix == ".toml":
        try:
            doc: Any = tomllib.loads(content)
        except tomllib.TOMLDecodeError as exc:
            yield name, SnapshotError(f"invalid TOML: {exc}", location=name)
            return
        stores = doc.get("stores") if isinstance(doc, dict) and set(doc) == {"stores"} else None
        if isinstance(stores, list):
            for i, s in enumerate(stores):
                yield f"{name}:stores[{i}]", s
        else:
            yield name, doc
        return
    try:
        doc = json.loads(content)
    except json.JSONDecodeError as exc:
        yield name, SnapshotError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", location=name)
        return
    if isinstance(doc, list):
        for i, s in enumerate(doc):
            yield f"{name}[{i}]", s
    else:
        yield name, doc


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
