"""Reading a metric's series: consecutive falls or rises, the change, and a sparkline.

Article 003 weighs a signal that keeps rising over consecutive periods more than a single jump,
and article 004's weekly review looks at the week against the weeks before: both are a *run*
of consecutive moves in one direction, counted from the newest value backwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Direction = Literal["falling", "rising"]

_BARS = "▁▂▃▄▅▆▇█"


def run_length(values: Sequence[float], direction: Direction) -> int:
    """How many consecutive moves in ``direction`` end at the newest value.

    ``[0.95, 0.93, 0.91, 0.88]`` falling → 3 (three falls in a row); an unchanged value ends a run.
    """
    n = 0
    for older, newer in zip(reversed(values[:-1]), reversed(values[1:]), strict=True):
        moved = newer < older if direction == "falling" else newer > older
        if not moved:
            break
        n += 1
    return n


def change(values: Sequence[float]) -> tuple[float | None, float | None]:
    """The newest value's change against the one before: (absolute, relative); ``None`` when unknown."""
    if len(values) < 2:
        return None, None
    old, new = values[-2], values[-1]
    return new - old, ((new - old) / abs(old) if old else None)


def sparkline(values: Sequence[float]) -> str:
    """The series as a line of block characters, lowest ▁ to highest █ (flat series: all ▄)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return _BARS[3] * len(values)
    return "".join(_BARS[round((v - low) / (high - low) * (len(_BARS) - 1))] for v in values)
