"""``diagrules check -``: a snapshot read from standard input, as ruff and pytest read ``-``.

Standard input has no file name, so its format is recognised from the text: a JSON object or
list, JSON lines, or else TOML. Every store is handed to the batch layer as a JSON line, so it
is validated and diagnosed exactly as a store of a ``.jsonl`` file is; dataset files named in
it are found relative to the working directory.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diagrules.cli.texts import tr

if TYPE_CHECKING:
    from diagrules.batch.run import Result
    from diagrules.engine.engine import Engine

SOURCE = "-"


def _iso(value: object) -> str:
    """TOML dates and times as the ISO text a JSON snapshot uses for them."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"cannot pass {type(value).__name__} on")


def split_documents(text: str) -> list[tuple[str, str]] | str:
    """``(source, JSON text)`` for every store in ``text``, or why it is neither TOML nor JSON.

    Sources follow the file readers' spelling: ``-`` for one store, ``-[2]`` in a list,
    ``-:3`` for the third line of JSON lines, ``-:stores[0]`` in a TOML ``stores`` array.
    """
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        try:
            doc: Any = json.loads(stripped)
        except json.JSONDecodeError as exc:
            lines = [line for line in stripped.splitlines() if line.strip()]
            if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
                return [(f"{SOURCE}:{n}", line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
            return f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        if isinstance(doc, list):
            return [(f"{SOURCE}[{i}]", json.dumps(item)) for i, item in enumerate(doc)]
        return [(SOURCE, stripped)]
    try:
        toml_doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return f"invalid TOML: {exc}"
    stores = toml_doc.get("stores") if set(toml_doc) == {"stores"} else None
    if isinstance(stores, list):
        return [(f"{SOURCE}:stores[{i}]", json.dumps(s, default=_iso)) for i, s in enumerate(stores)]
    return [(SOURCE, json.dumps(toml_doc, default=_iso))]


def diagnose_stdin(engine: Engine, lang: str) -> list[tuple[Result, str | None]]:
    """Read standard input to the end and diagnose the stores in it (bad data never raises)."""
    from diagrules.batch.run import WorkItem, diagnose_item
    from diagrules.engine.engine import InvalidSnapshot

    text = sys.stdin.read()
    if not text.strip():
        return [(InvalidSnapshot(None, SOURCE, tr("err.stdin_empty", lang)), SOURCE)]
    documents = split_documents(text)
    if isinstance(documents, str):
        return [(InvalidSnapshot(None, SOURCE, documents), SOURCE)]
    base_dir = str(Path.cwd())
    results: list[tuple[Result, str | None]] = []
    for source, payload in documents:
        results += diagnose_item(engine, WorkItem(source, "line", payload, base_dir))
    return results
