"""Platform declarations: the ids snapshots use in ``platform = "..."``."""

from __future__ import annotations

import re

import attrs

from diagrules.core.convert import strings
from diagrules.core.i18n import Text

_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


@attrs.frozen
class Platform:
    """A marketplace a plugin knows about (``alibaba``, ``aliexpress``, ``amazon``…)."""

    id: str
    label: Text
    stages: tuple[str, ...] = attrs.field(default=("new", "established"), converter=strings)

    def __attrs_post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"platform id {self.id!r} must be lower-case letters, digits, - or _")
