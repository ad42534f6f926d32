"""Dataset specifications: named record tables (products, RFQ quotes…) and their field types.

A dataset is declared by a plugin as a pydantic model, one instance per row. Field aliases
(``Field(validation_alias=AliasChoices("product_id", "产品ID"))`` or the simpler ``aliases=``
mapping on :class:`Dataset`) let the loaders accept back-office export headers. The annotated
types below (``Ratio``, ``Count``…) apply the same unit normaliser as metrics, so ``"1.15%"``
and ``"1,234"`` in a spreadsheet cell mean what an operator thinks they mean.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Annotated, Any, Generic

import attrs
from pydantic import BaseModel, BeforeValidator, ConfigDict
from typing_extensions import TypeVar

from diagrules.authoring.metrics import parse_unit
from diagrules.core.i18n import Text

EMPTY_MARKS = frozenset({"", "-", "--", "—", "——", "/"})
"""Cells back offices write for "no value": a dash, a double dash, a slash."""


def _optional(unit: str, raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and raw.strip() in EMPTY_MARKS):
        return None
    return _whole(unit, raw) if unit == "count" else _ranged(unit, raw)


def _ranged(unit: str, raw: Any) -> Any:
    """Parse ``raw`` in ``unit`` and refuse what no export can hold: negative counts, hours, money."""
    value = parse_unit(unit, raw)
    if isinstance(value, float) and value < 0 and unit in _NON_NEGATIVE:
        raise ValueError(f"must not be negative, got {raw!r}")
    if unit == "ratio" and isinstance(value, float) and value > 1:
        raise ValueError(f"must be a ratio between 0 and 1 (0–100%), got {raw!r}")
    return value


def _whole(unit: str, raw: Any) -> int:
    return int(_ranged(unit, raw))


_NON_NEGATIVE = frozenset({"ratio", "percent", "count", "money", "days", "hours", "seconds"})


def _unit(unit: str) -> BeforeValidator:
    return BeforeValidator(partial(_ranged, unit))


Ratio = Annotated[float, _unit("ratio")]
"""A 0–1 ratio; accepts ``0.0115`` or ``"1.15%"``."""
Count = Annotated[int, BeforeValidator(partial(_whole, "count"))]
"""A non-negative whole number; accepts ``"1,234"``."""
Money = Annotated[float, _unit("money")]
"""An amount in USD; accepts ``"$1,234.50"``."""
Number = Annotated[float, _unit("number")]
"""A plain number; accepts ``"1,234.5"``."""
Flag = Annotated[bool, _unit("bool")]
"""A yes/no field; accepts ``true``, ``"Y"``, ``"是"``…"""

OptionalRatio = Annotated[float | None, BeforeValidator(partial(_optional, "ratio"))]
"""A :data:`Ratio` or ``None`` for an empty cell (``""``, ``"-"``, ``"—"``)."""
OptionalCount = Annotated[int | None, BeforeValidator(partial(_optional, "count"))]
"""A :data:`Count` or ``None`` for an empty cell."""
OptionalMoney = Annotated[float | None, BeforeValidator(partial(_optional, "money"))]
"""A :data:`Money` amount or ``None`` for an empty cell."""
OptionalNumber = Annotated[float | None, BeforeValidator(partial(_optional, "number"))]
"""A :data:`Number` or ``None`` for an empty cell."""
OptionalFlag = Annotated[bool | None, BeforeValidator(partial(_optional, "bool"))]
"""A :data:`Flag` or ``None`` for an empty cell."""
OptionalDays = Annotated[float | None, BeforeValidator(partial(_optional, "days"))]
"""A duration in days; a ``发货期(小时)`` header is converted."""
OptionalHours = Annotated[float | None, BeforeValidator(partial(_optional, "hours"))]
OptionalSeconds = Annotated[float | None, BeforeValidator(partial(_optional, "seconds"))]


class Record(BaseModel):
    """Base class for dataset rows: unknown columns are ignored, values validated by type."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True, defer_build=True)


_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

RowT = TypeVar("RowT", bound=Record, default=Record, covariant=True)
"""The row type of a dataset, inferred from ``record=``."""
_Row = TypeVar("_Row", bound=Record)


@attrs.frozen
class Dataset(Generic[RowT]):
    """A named table that snapshots may carry, e.g. ``products`` or ``rfq_quotes``.

    ``Dataset[RowT]`` holds rows of the record class ``RowT``; ``ctx.rows(DATASET)`` is a ``list`` of them.

    ``aliases`` maps a field name to the other headers accepted for it (Chinese export labels);
    ``key`` names the field that identifies a row, used as a finding's ``item``.
    ``sources`` maps a field to the back-office export that carries it, so a rule skipped for
    want of that column can tell the operator which file to add (see :meth:`require`).
    """

    name: str
    record: type[RowT]
    label: Text | None = None
    description: Text | None = None
    aliases: Mapping[str, Sequence[str]] = attrs.field(factory=dict)
    key: str | None = None
    platform: str | None = None
    sources: Mapping[str, Text] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"dataset name {self.name!r} must be snake_case")
        fields = self.record.model_fields
        for field in (*self.aliases, *self.sources):
            if field not in fields:
                raise ValueError(f"dataset {self.name!r}: alias or source for unknown field {field!r}")
        if self.key is not None and self.key not in fields:
            raise ValueError(f"dataset {self.name!r}: key {self.key!r} is not a field")

    def header_map(self) -> dict[str, str]:
        """Every accepted header (lower-cased, stripped) → canonical field name."""
        result: dict[str, str] = {}
        for field in self.record.model_fields:
            result[_norm_header(field)] = field
        for field, names in self.aliases.items():
            for name in names:
                result[_norm_header(name)] = field
        return result

    def required_fields(self) -> list[str]:
        return [n for n, f in self.record.model_fields.items() if f.is_required()]

    def require(self, rows: Sequence[_Row], *fields: str) -> Sequence[_Row]:
        """``rows``, or skip the running rule when none of ``fields`` came as a column.

        A dataset column is required only by the rules that read it: a store whose export
        lacks freight still gets every other rule. A column counts as given when any row was
        given it — an empty cell counts, an absent column does not. The skip names the column,
        the header that would fill it and, when declared in ``sources``, the export to add.
        """
        if any(f in row.model_fields_set for row in rows for f in fields):
            return rows
        from diagrules.authoring.rules import Skip

        headers = {f: next(iter(self.aliases.get(f, ())), None) for f in fields}
        en = " or ".join(f + (f" ({h})" if h else "") for f, h in headers.items())
        zh = "、".join(f"“{h}”" if h else f for f, h in headers.items())
        sources = [s for s in dict.fromkeys(self.sources.get(f) for f in fields) if s is not None]
        raise Skip(
            Text(
                en=f"the {self.name} table has no {en} column"
                + (f"; it comes from {' or '.join(s.get('en') for s in sources)}" if sources else ""),
                zh=f"{self.name} 表缺少{zh}列" + (f"；该列来自{'或'.join(s.get('zh') for s in sources)}" if sources else ""),
            ),
            missing=[f"{self.name}.{f}" for f in fields],
        )

    def field_unit(self, field: str) -> str | None:
        """The unit a field's values are read in (``money``, ``ratio``, ``seconds``…), if typed.

        A loader needs it to understand a header's unit suffix: ``支付金额(元)`` feeding a
        ``Money`` field (US$) must be converted or refused, ``搜索点击率(%)`` feeding a ``Ratio``
        field holds bare percentages.
        """
        info = self.record.model_fields.get(field)
        for meta in info.metadata if info is not None else ():
            func = getattr(meta, "func", None)
            if isinstance(func, partial) and func.func in (_optional, _ranged, _whole) and func.args:
                return str(func.args[0])
        return None


def _norm_header(h: str) -> str:
    return re.sub(r"[\s_()（）]+", "", str(h)).lower()


def normalize_header(h: str) -> str:
    """The form headers are compared in: case, spaces, underscores and brackets ignored."""
    return _norm_header(h)
