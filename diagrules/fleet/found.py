"""What a column operation hands back for one rule over a frame: its findings as columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from diagrules.core.model import Severity


@attrs.define
class Found:
    """One rule's findings over a frame, and the stores it could not judge as a column.

    ``stores`` is the frame row of each finding (a store's findings in the order the rule would
    yield them); the other lists run parallel to it. ``messages(lang)`` formats the messages of
    those rows only when asked, in one language. ``declined`` are frame rows the rule must run
    on per store instead (its outcome there is whatever the per-store runner says).
    """

    rule: str
    stores: list[int]
    severities: list[Severity]
    observed: list[Any]
    threshold: list[Any]
    items: list[str | None]
    messages: Callable[[str], list[str]]
    declined: list[int] = attrs.field(factory=list)
