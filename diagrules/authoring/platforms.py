"""Platform declarations: the ids snapshots use in ``platform = "..."``."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from diagrules.core.i18n import Text

_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    """A typed ``tuple`` converter: mypy cannot infer the item type of bare ``converter=tuple``."""
    return tuple(items)


@attrs.frozen(slots=True)
class Platform:
    """A marketplace a plugin knows about (``alibaba``, ``aliexpress``, ``amazon``…)."""

    id: str
    label: Text
    stages: tuple[str, ...] = attrs.field(default=("new", "established"), converter=_strings)

    def __attrs_post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"platform id {self.id!r} must be lower-case letters, digits, - or _")
