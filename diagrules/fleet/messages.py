"""Finding messages for a column of failing stores, byte for byte what :class:`~diagrules.core.i18n.Message` gives.

On the per-store path a finding carries a ``Message`` (template, values, units) that is
formatted when a report is rendered. A fleet writes one message per failing row, so here the
same formatting is done for a whole column at once: each placeholder's values are formatted
in one pass with specialised float formatters (the same f-strings as
:func:`~diagrules.core.i18n.format_value`), and the template is filled per row with
``str.format`` as ``Message.get`` does. The one subtle step of ``Message.get`` — showing more
decimals when two values of one unit would read alike but differ (:func:`distinct_values`) —
is detected per row, and only such rows are formatted by ``distinct_values`` itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from diagrules.core.i18n import _SUFFIXES, Text, distinct_values, format_value

Column = Sequence[Any]


def _trim(v: float, digits: int) -> str:
    s = f"{v:,.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _float_formatter(unit: str | None, lang: str) -> Callable[[float], str]:
    """``format_value(v, unit, lang)`` for a finite float ``v`` (no extra decimals)."""
    if unit == "ratio":
        return lambda v: f"{_trim(v * 100, 1)}%"
    if unit == "change":
        return lambda v: f"{'+' if v * 100 > 0 else ''}{_trim(v * 100, 1)}%"
    if unit == "percent":
        return lambda v: f"{_trim(v, 1)}%"
    if unit == "money":
        return lambda v: f"US${v:,.2f}" if abs(v) < 1000 else f"US${v:,.0f}"
    if unit in _SUFFIXES:
        one, many, zh = _SUFFIXES[unit]
        if lang == "zh":
            return lambda v: _trim(v, 1) + zh
        return lambda v: _trim(v, 1) + (one if v == 1 else many)
    if unit == "count":
        return lambda v: f"{v:,.0f}"
    return lambda v: _trim(v, 2)


def format_column(values: Column, unit: str | None, lang: str) -> list[str]:
    """Every value of ``values`` as :func:`~diagrules.core.i18n.format_value` shows it."""
    fast = _float_formatter(unit, lang)
    return [fast(v) if type(v) is float and math.isfinite(v) else format_value(v, unit, lang) for v in values]


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def render(
    template: Text,
    lang: str,
    n: int,
    values: Mapping[str, Column | Any],
    units: Mapping[str, str | None],
    texts: Mapping[str, Column] | None = None,
    columns: frozenset[str] = frozenset(),
) -> list[str]:
    """The message of each of ``n`` findings in ``lang``.

    ``values`` are the finding's message values, each a column of ``n`` (named in ``columns``)
    or one value shared by all rows; ``units`` the unit each is shown in (``None``: as is).
    ``texts`` are placeholders already written in ``lang`` (a :class:`~diagrules.Text` value of
    a per-store message), which take no part in telling numbers apart.
    """
    tmpl = template.get(lang)
    shown: dict[str, Any] = {}
    for k, v in values.items():
        unit = units.get(k)
        shown[k] = format_column(v, unit, lang) if k in columns else format_value(v, unit, lang)
    # Pairs of numbers of one unit that may need more decimals (Message.get → distinct_values).
    numeric = [k for k, v in values.items() if (any(map(_numeric, v)) if k in columns else _numeric(v))]
    pairs = [(a, b) for a in numeric for b in numeric if a < b and units.get(a) == units.get(b)]
    keys = list(shown)
    out: list[str] = []
    for i in range(n):
        row: dict[str, str] = {k: (s[i] if k in columns else s) for k, s in shown.items()}
        for a, b in pairs:
            if row[a] == row[b]:
                va: Any = values[a][i] if a in columns else values[a]
                vb: Any = values[b][i] if b in columns else values[b]
                if _numeric(va) and _numeric(vb) and float(va) != float(vb):
                    raw = {k: (values[k][i] if k in columns else values[k]) for k in keys}
                    row = distinct_values(raw, {k: units.get(k) for k in keys}, lang)
                    break
        if texts:
            for k, col in texts.items():
                row[k] = col[i]
        try:
            out.append(tmpl.format(**row))
        except (KeyError, IndexError, ValueError):
            out.append(tmpl)
    return out
