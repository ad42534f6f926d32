"""Text from data, made safe to write: to a UTF-8 file, a terminal, Markdown, XML.

A store name or metric key comes from the seller. Legal JSON can carry a lone surrogate
(``"\\ud800"``), which no UTF-8 writer can encode (the write raises, and a batch used to stop
at that store on every re-run); and raw ESC/OSC sequences, which a terminal obeys (clear the
screen, set the window title, plant a hyperlink). NUL and BEL make XML unparseable. Renderers
pass data strings through these functions at the point where they are written.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, and the C1 controls (U+0080–U+009F; U+009B is a CSI).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
# Characters XML 1.0 forbids, and lone surrogates: the complement of XML's ``Char`` production
# (TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF) written as the few ranges it
# leaves out, because compiling the negated class of those wide ranges costs ~7 ms at import.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def encodable(text: str) -> str:
    """``text`` with each lone surrogate written as its ``\\udXXX`` escape (valid inside JSON)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def neutralise(text: str, *, one_line: bool = False) -> str:
    """Control characters shown as ``\\x1b``-style escapes, so a terminal prints, never obeys them.

    Newlines and tabs are kept unless ``one_line`` (a table cell, a heading). Lone surrogates
    are escaped too, so the result can always be written.
    """
    pattern = _CONTROLS_ONE_LINE if one_line else _CONTROLS
    return encodable(pattern.sub(_escape, text))


_SGR = re.compile(r"\x1b\[[0-9;]*m")


def terminal(text: str, *, keep_colour: bool) -> str:
    """Rendered terminal text with every control sequence escaped except colour (SGR) codes.

    For output whose colours the renderer wrote itself: a colour code is harmless, every other
    sequence (clear screen ``ESC[2J``, window title ``ESC]0;…BEL``, hyperlinks) is shown, not obeyed.
    """
    if not keep_colour:
        return neutralise(text)
    parts = _SGR.split(text)
    codes = _SGR.findall(text)
    out = [neutralise(parts[0])]
    for code, part in zip(codes, parts[1:], strict=True):
        out += [code, neutralise(part)]
    return "".join(out)


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold (NUL, BEL, lone surrogates) escaped."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)
