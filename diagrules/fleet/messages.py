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
import string
from collections.abc import Mapping, Sequence
from typing import Any

from diagrules.core.i18n import _SUFFIXES, Text, distinct_values, format_value

Column = Sequence[Any]


def _trimmed(shown: list[str]) -> list[str]:
    """``_trim``'s second half for a column: drop trailing zeros and a trailing point."""
    return [t.rstrip("0").rstrip(".") if "." in t else t for t in shown]


def _fixed(values: Column, digits: int) -> list[str]:
    """``f"{v:,.{digits}f}"`` for every float; below 999 in size no grouping comma can appear
    (not even after rounding up), and printf-style formatting — the same digits — is about
    twice as fast."""
    if values and min(values) > -999.0 and max(values) < 999.0:
        pattern = f"%.{digits}f"
        return [pattern % v for v in values]
    return [f"{v:,.{digits}f}" for v in values]


def _floats(values: Column, unit: str | None, lang: str) -> list[str]:
    """``format_value(v, unit, lang)`` for a column of finite floats, one comprehension per step."""
    if unit in ("ratio", "change"):
        shown = [t + "%" for t in _trimmed(_fixed([v * 100 for v in values], 1))]
        if unit == "change":
            shown = [("+" + t) if v * 100 > 0 else t for v, t in zip(values, shown, strict=True)]
        return shown
    if unit == "percent":
        return [t + "%" for t in _trimmed(_fixed(values, 1))]
    if unit == "money":
        return [f"US${v:,.2f}" if abs(v) < 1000 else f"US${v:,.0f}" for v in values]
    if unit in _SUFFIXES:
        one, many, zh = _SUFFIXES[unit]
        shown = _trimmed(_fixed(values, 1))
        if lang == "zh":
            return [t + zh for t in shown]
        return [t + (one if v == 1 else many) for v, t in zip(values, shown, strict=True)]
    if unit == "count":
        return _fixed(values, 0)
    return _trimmed(_fixed(values, 2))


def format_values(values: Sequence[Any], unit: str | None, lang: str) -> list[str]:
    """``Quantity(v, unit).format(lang)`` for every ``v`` of ``values``, in one pass.

    For a rule's vector form that writes a column of numbers into its messages: the same text
    as one ``Quantity`` at a time, a few times faster on a column of floats.
    """
    if set(map(type, values)) == {float} and all(map(math.isfinite, values)):
        return _floats(values, unit, lang)
    return [_floats([v], unit, lang)[0] if type(v) is float and math.isfinite(v) else format_value(v, unit, lang)
            for v in values]


def _compiled(template: str, constants: Mapping[str, str], columns: Sequence[str]) -> str | None:
    """``template`` with its constant placeholders filled in and each column placeholder made
    positional (``{0}``, ``{1}``…, in ``columns`` order), so that a row is one ``str.format``
    call with the row's strings; ``None`` when the template uses anything but plain names
    (a format spec, a conversion, an attribute), which then goes the per-row way."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    out: list[str] = []
    for literal, field, spec, conversion in parsed:
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            return None
        if field in constants:
            out.append(constants[field].replace("{", "{{").replace("}", "}}"))
        elif field in columns:
            out.append("{" + str(columns.index(field)) + "}")
        else:
            return None
    return "".join(out)


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
    templates: Sequence[Text] | None = None,
) -> list[str]:
    """The message of each of ``n`` findings in ``lang``.

    ``values`` are the finding's message values, each a column of ``n`` (named in ``columns``)
    or one value shared by all rows; ``units`` the unit each is shown in (``None``: as is).
    ``texts`` are placeholders already written in ``lang`` (a :class:`~diagrules.Text` value of
    a per-store message), which take no part in telling numbers apart. ``templates`` gives
    each row its own template instead of ``template`` (filled row by row).
    """
    tmpl = template.get(lang)
    shown: dict[str, Any] = {}
    for k, v in values.items():
        unit = units.get(k)
        shown[k] = format_values(v, unit, lang) if k in columns else format_value(v, unit, lang)
    keys = list(shown)
    # Rows where two numbers of one unit read alike but differ take more decimals (Message.get
    # → distinct_values): found per pair of numeric placeholders, formatted by distinct_values.
    numeric = [k for k, v in values.items() if (any(map(_numeric, v)) if k in columns else _numeric(v))]
    special: dict[int, dict[str, str]] = {}
    for a in numeric:
        for b in numeric:
            if not (a < b and units.get(a) == units.get(b)):
                continue
            sa, sb = shown[a], shown[b]
            alike: Sequence[int]
            if a not in columns and b not in columns:
                alike = range(n) if sa == sb else ()
            elif a in columns and b in columns:
                alike = [i for i, (x, y) in enumerate(zip(sa, sb, strict=True)) if x == y]
            else:
                one, col = (sb, sa) if a in columns else (sa, sb)
                alike = [i for i, x in enumerate(col) if x == one]
            for i in alike:
                if i in special:
                    continue
                va: Any = values[a][i] if a in columns else values[a]
                vb: Any = values[b][i] if b in columns else values[b]
                if _numeric(va) and _numeric(vb) and float(va) != float(vb):
                    raw = {k: (values[k][i] if k in columns else values[k]) for k in keys}
                    special[i] = distinct_values(raw, {k: units.get(k) for k in keys}, lang)
    texts = texts or {}
    varying = [k for k in keys if k in columns] + [k for k in texts if k not in columns]
    constants = {k: v for k, v in shown.items() if k not in columns and k not in texts}
    compiled = _compiled(tmpl, constants, varying) if templates is None else None
    if templates is not None:
        out = [_fill(t.get(lang), {**{k: (s[i] if k in columns else s) for k, s in shown.items()},
                                   **{k: w[i] for k, w in texts.items()}}) for i, t in enumerate(templates)]
    elif compiled is not None:
        cols = [shown[k] if k in shown and k not in texts else texts[k] for k in varying]
        out = list(map(compiled.format, *cols)) if cols else [compiled.format()] * n
    else:
        out = [_fill(tmpl, {**{k: (s[i] if k in columns else s) for k, s in shown.items()},
                            **{k: t[i] for k, t in texts.items()}}) for i in range(n)]
    for i, row in special.items():
        own = tmpl if templates is None else templates[i].get(lang)
        out[i] = _fill(own, {**row, **{k: t[i] for k, t in texts.items()}})
    return out


def _fill(template: str, row: Mapping[str, str]) -> str:
    """``Message.get``'s last step: the template filled, or as it stands if it does not fill."""
    try:
        return template.format(**row)
    except (KeyError, IndexError, ValueError):
        return template
