"""Small converters the declaration classes share (attrs ``converter=`` functions and friends).

Typed functions rather than bare ``tuple``: mypy cannot infer the item type of
``converter=tuple``. Declarations accept a metric or dataset object wherever they accept its
name, so :func:`name_of` turns either into the name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def name_of(item: Any) -> str:
    """``item`` itself if it is a name, else its ``.name`` (a Metric, a Dataset)."""
    return item if isinstance(item, str) else str(item.name)


def names(items: Iterable[Any]) -> tuple[str, ...]:
    """The names of ``items`` (names or objects with a ``.name``)."""
    return tuple(name_of(i) for i in items)


def strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def optional_strings(items: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if items is None else tuple(items)


def as_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)
