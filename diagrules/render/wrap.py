"""Line breaking that knows Chinese: a line may break between any two CJK characters.

rich breaks lines only at spaces, so a Chinese sentence (which has none) is one long "word":
it is pushed whole onto the next line, leaving the line before it short, and folded wherever
the width runs out. :class:`WrappingText` breaks Latin text at spaces as rich does and CJK text
between characters, keeping closing punctuation (，。）) off the start of a line and opening
punctuation (（“) off its end, as Chinese typesetting does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells
from rich.containers import Lines
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod, OverflowMethod

_CJK = "\u2e80-\u9fff\uf900-\ufaff"
_CLOSING = "，。、；：！？）」』】》〉”’…%"
_OPENING = "（「『【《〈“‘"
#: One breakable unit: a CJK character with the punctuation that must stay with it, or a run
#: of anything else up to the next space or CJK character; trailing spaces belong to the unit.
_UNIT = re.compile(
    f"[{_OPENING}]*[{_CJK}][{_CLOSING}]*\\s*"
    f"|[{_OPENING}]*[^\\s{_CJK}]+?(?=[{_CJK}{_OPENING}]|\\s|$)[{_CLOSING}]*\\s*"
    "|\\s+"
)


def _units(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    while position < len(text):
        match = _UNIT.match(text, position)
        if match is None or not match.group():  # never loop on an empty match
            yield position, text[position]
            position += 1
            continue
        yield position, match.group()
        position = match.end()


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break ``text`` so each line fits ``width`` cells; over-long units are folded."""
    breaks: list[int] = []
    offset = 0
    for start, unit in _units(text):
        length = cell_len(unit.rstrip())
        if offset + length <= width:
            offset += cell_len(unit)
            continue
        if length > width:  # longer than any line: fold it, character cells at a time
            pieces = chop_cells(unit, width)
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            offset = cell_len(pieces[-1])
        else:
            if start and offset:
                breaks.append(start)
            offset = cell_len(unit)
    return sorted(set(breaks))


class WrappingText(Text):
    """A rich :class:`~rich.text.Text` that wraps Chinese between characters and never truncates."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            pieces = line.divide(break_offsets(str(line), width))
            for piece in pieces:
                piece.rstrip_end(width)
            pieces.justify(console, width, justify=justify or self.justify or "default", overflow="fold")
            lines.extend(pieces)
        return lines
