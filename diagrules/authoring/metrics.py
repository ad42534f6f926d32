"""Metric specifications and the normaliser that turns what users type into clean numbers.

A metric is *declared* by a plugin (name, unit, direction, labels, aliases, optional
derivation), never guessed from data. The unit decides how input is read: a ``ratio`` accepts
``0.935`` or ``"93.5%"`` and refuses a bare ``93.5`` with a message that suggests ``"93.5%"``,
because silently guessing the scale is how dashboards end up wrong by a factor of 100.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, Generic, Literal

import attrs
from typing_extensions import TypeVar

from diagrules.core.convert import names, strings
from diagrules.core.i18n import UNITS, Text, Unit, bilingual

Better = Literal["higher", "lower"]
"""Which direction of a metric is good (``Metric(better=...)``, scorecards)."""
Value = float | bool | str

T = TypeVar("T", default=float, covariant=True)
"""The type of a metric's value as a rule reads it: ``float`` unless declared otherwise
(``Metric[bool]`` for a ``bool`` metric, ``Metric[str]`` for an ``enum``)."""

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@attrs.frozen
class Derivation:
    """How to compute a metric from other metrics and/or datasets when it is not given.

    ``fn`` receives the input metric values (in ``metrics`` order) followed by the rows of each
    dataset (in ``datasets`` order) and returns the value or ``None`` when it is undefined
    (for example a ratio whose denominator is 0).

    ``fallback`` is tried when this derivation's inputs are missing or its value is undefined,
    because the same figure often has two sources: a share from the store's own counts, else
    from the record table (``ratio(a, b).or_else(share_of_rows(...))``).
    """

    fn: Callable[..., Value | None]
    metrics: tuple[str, ...] = attrs.field(default=(), converter=names)
    datasets: tuple[str, ...] = attrs.field(default=(), converter=names)
    fallback: Derivation | None = None

    def or_else(self, other: Derivation) -> Derivation:
        """This derivation, then ``other`` when this one cannot be computed."""
        tail = other if self.fallback is None else self.fallback.or_else(other)
        return attrs.evolve(self, fallback=tail)

    def chain(self) -> tuple[Derivation, ...]:
        """This derivation and its fallbacks, in the order they are tried."""
        return (self,) if self.fallback is None else (self, *self.fallback.chain())


def _safe_div(a: float, b: float) -> float | None:
    return a / b if b else None


def ratio(numerator: Metric | str, denominator: Metric | str) -> Derivation:
    """Derive ``numerator / denominator``; undefined when the denominator is zero."""
    return Derivation(_safe_div, metrics=(numerator, denominator))


def _count_where(rows: Sequence[Any], test: Callable[[Any], bool | None]) -> float | None:
    """Rows for which ``test`` holds; None when it cannot tell for some row.

    An export may lack the column a predicate reads (a Data Manager product export has no
    product type): counting those rows as "no" would understate the metric, so it stays unknown.
    """
    n = 0
    for r in rows:
        hit = test(r)
        if hit is None:
            return None
        n += bool(hit)
    return float(n)


def count_rows(dataset: Any, where: Callable[[Any], bool | None] | None = None) -> Derivation:
    """Derive the number of rows of ``dataset`` (optionally only those ``where`` holds;
    ``where`` returning None for a row means unknown, and so is the count)."""
    if where is None:
        return Derivation(lambda rows: float(len(rows)), datasets=(dataset,))
    test = where
    return Derivation(lambda rows: _count_where(rows, test), datasets=(dataset,))


def share_of_rows(dataset: Any, where: Callable[[Any], bool | None]) -> Derivation:
    """Derive the share of ``dataset`` rows for which ``where`` holds (undefined if empty or
    if ``where`` cannot tell for some row)."""
    test = where

    def share(rows: Sequence[Any]) -> float | None:
        n = _count_where(rows, test) if rows else None
        return None if n is None else n / len(rows)

    return Derivation(share, datasets=(dataset,))


@attrs.frozen
class Previous:
    """Declares a metric as the previous period of another: ``inquiries_prev_30d`` is
    ``inquiries_30d`` as it was ``period_days`` earlier.

    When a snapshot does not give the metric and a history is in use, the engine fills it from
    the store's snapshot one period earlier (within the history's tolerance) and the report says
    where the number came from.
    """

    of: str
    period_days: int = 30

    def __attrs_post_init__(self) -> None:
        if self.period_days < 1:
            raise ValueError(f"a previous period must be at least one day, got {self.period_days}")


@attrs.frozen
class Metric(Generic[T]):
    """A declared metric; ``Metric[T]`` reads as a ``T`` in a rule (``ctx[METRIC]``).

    ``name`` is canonical snake_case; ``aliases`` are other keys accepted on input (back-office
    labels such as ``"回复率"``). ``better`` says which direction is good, which scorecards and
    reports use. ``minimum``/``maximum`` bound accepted values (a DSR is 1–5).
    """

    name: str
    unit: Unit = "number"
    better: Better | None = None
    label: Text | None = None
    description: Text | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=strings)
    derive: Derivation | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = attrs.field(default=(), converter=strings)
    platform: str | None = None
    previous: Previous | None = None

    def __attrs_post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"metric name {self.name!r} must be snake_case (a-z, 0-9, _)")
        if self.unit not in UNITS:
            raise ValueError(f"metric {self.name!r}: unknown unit {self.unit!r}; use one of {UNITS}")
        if self.unit == "enum" and not self.choices:
            raise ValueError(f"metric {self.name!r}: an enum metric needs choices=")

    def title(self, lang: str) -> str:
        return self.label.get(lang) if self.label else self.name

    number_range: tuple[float, float] | None = attrs.field(init=False, eq=False, repr=False, hash=False)
    """(lowest, highest) finite value a plain number is accepted as itself (``None`` for bool and
    enum metrics): the unit's range, ``minimum``/``maximum``, a ratio at most 1. :meth:`parse`
    takes its fast path inside it, and code checking a whole column (the fleet) tests it at once;
    a count must also be whole."""

    @number_range.default
    def _numeric_bounds(self) -> tuple[float, float] | None:
        if self.unit in ("bool", "enum"):
            return None
        lo = self.minimum if self.minimum is not None else _DEFAULT_MIN.get(self.unit, -_LARGEST)
        hi = self.maximum if self.maximum is not None else _DEFAULT_MAX.get(self.unit, _LARGEST)
        if self.unit == "ratio":  # 1 < v <= 100 is refused as "did you mean v%?" by the full parser
            hi = min(hi, 1.0)
        return (lo, hi)

    def parse(self, raw: Any) -> Value:
        """Normalise one input value, raising ``ValueError`` with a user-facing explanation.

        A finite float (or int) inside the unit's range is its own value in every numeric unit,
        which is what JSON and spreadsheets mostly hold: it is returned without the string
        parsing, so a store of numbers pays one comparison per metric. Anything else takes the
        full parser and its messages.
        """
        kind = type(raw)
        bounds = self.number_range
        if (kind is float or kind is int) and bounds is not None:
            value = float(raw)
            if bounds[0] <= value <= bounds[1] and (self.unit != "count" or value == int(value)):
                return value
        return self._parse(raw)

    def _parse(self, raw: Any) -> Value:
        value = parse_unit(self.unit, raw, choices=self.choices)
        if isinstance(value, float):
            lo = self.minimum if self.minimum is not None else _DEFAULT_MIN.get(self.unit)
            hi = self.maximum if self.maximum is not None else _DEFAULT_MAX.get(self.unit)
            if lo is not None and value < lo:
                raise ValueError(bilingual(f"must be at least {lo:g}, got {_show(raw)}",
                                           f"不能小于 {lo:g}，实际为 {_show(raw)}"))
            if hi is not None and value > hi:
                raise ValueError(bilingual(f"must be at most {hi:g}, got {_show(raw)}",
                                           f"不能大于 {hi:g}，实际为 {_show(raw)}"))
        return value


_LARGEST = sys.float_info.max  # finite, so inf and nan take the full parser and its message
_DEFAULT_MIN: dict[str, float] = {
    "ratio": 0.0, "percent": 0.0, "count": 0.0, "money": 0.0,
    "days": 0.0, "hours": 0.0, "seconds": 0.0,
}
_DEFAULT_MAX: dict[str, float] = {"ratio": 1.0, "percent": 100.0}

_TRUE = {"true", "yes", "y", "1", "是", "有", "t", "on"}
_FALSE = {"false", "no", "n", "0", "否", "无", "f", "off", ""}


def _show(raw: Any) -> str:
    return repr(raw) if isinstance(raw, str) else str(raw)


def _number(raw: Any) -> float:
    """Read a plain number: int/float, or a string with optional thousands separators/currency."""
    if isinstance(raw, bool):
        raise ValueError(bilingual(f"expected a number, got {raw!r}", f"应为数字，实际为 {raw!r}"))
    if isinstance(raw, (int, float)):
        v = float(raw)
    elif isinstance(raw, str):
        s = raw.strip().replace(",", "").replace("，", "").replace("$", "").replace("US", "")
        if not s:
            raise ValueError(bilingual("expected a number, got an empty string", "应为数字，实际为空字符串"))
        try:
            v = float(s)
        except ValueError:
            raise ValueError(bilingual(f"expected a number, got {raw!r}", f"应为数字，实际为 {raw!r}")) from None
    else:
        raise ValueError(bilingual(f"expected a number, got {type(raw).__name__} {raw!r}", f"应为数字，实际为 {raw!r}"))
    if math.isnan(v) or math.isinf(v):
        raise ValueError(bilingual(f"expected a finite number, got {raw!r}", f"应为有限的数字，实际为 {raw!r}"))
    return v


def _percent_string(raw: Any) -> float | None:
    """``"93.5%"`` → 93.5; anything else → None."""
    if isinstance(raw, str):
        s = raw.strip()
        if s.endswith(("%", "％")):
            return _number(s[:-1])
    return None


def _parse_ratio(raw: Any) -> float:
    pct = _percent_string(raw)
    if pct is not None:
        return pct / 100.0
    v = _number(raw)
    if 1.0 < v <= 100.0:
        raise ValueError(bilingual(
            f"must be a ratio between 0 and 1, got {_show(raw)} — did you mean '{_show_num(v)}%'?",
            f"应为 0 到 1 之间的比例，实际为 {_show(raw)}；是否想写“{_show_num(v)}%”？",
        ))
    return v


def _show_num(v: float) -> str:
    return f"{v:g}"


def _parse_change(raw: Any) -> float:
    pct = _percent_string(raw)
    return pct / 100.0 if pct is not None else _number(raw)


def _parse_percent(raw: Any) -> float:
    pct = _percent_string(raw)
    return pct if pct is not None else _number(raw)


def _parse_count(raw: Any) -> float:
    v = _number(raw)
    if v != int(v):
        raise ValueError(bilingual(f"must be a whole number, got {_show(raw)}", f"应为整数，实际为 {_show(raw)}"))
    return v


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in _TRUE:
        return True
    if isinstance(raw, str) and raw.strip().lower() in _FALSE:
        return False
    raise ValueError(bilingual(f"expected true/false (or yes/no, 是/否), got {_show(raw)}",
                               f"应为 是/否（或 true/false），实际为 {_show(raw)}"))


_PARSERS: dict[str, Callable[[Any], Value]] = {
    "ratio": _parse_ratio,
    "change": _parse_change,
    "percent": _parse_percent,
    "count": _parse_count,
    "money": _number,
    "days": _number,
    "hours": _number,
    "seconds": _number,
    "score": _number,
    "number": _number,
    "bool": _parse_bool,
}


def parse_unit(unit: str, raw: Any, *, choices: Sequence[str] = ()) -> Value:
    """Normalise ``raw`` for ``unit``; ``ValueError`` says what was expected."""
    if unit == "enum":
        s = str(raw).strip()
        for c in choices:
            if s.lower() == c.lower():
                return c
        raise ValueError(bilingual(f"expected one of {', '.join(choices)}, got {_show(raw)}",
                                   f"应为以下之一：{'、'.join(choices)}，实际为 {_show(raw)}"))
    return _PARSERS[unit](raw)
