"""Writing TOML: the standard library reads it (``tomllib``) but cannot write it.

The starter configuration and the catalogue's parameter examples are written with these few
helpers rather than a TOML-writing dependency: they only ever write keys, scalars, lists and
inline tables, and the round trip is tested.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    """A TOML key, quoted when it is not a bare key (``"*"``, ``"回复率"``)."""
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_string(value: str) -> str:
    """A basic TOML string with the escapes TOML requires."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def toml_value(value: Any) -> str:
    """A value as inline TOML: strings, numbers, booleans, dates, lists and inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, Mapping):
        items = [f"{toml_key(str(k))} = {toml_value(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
