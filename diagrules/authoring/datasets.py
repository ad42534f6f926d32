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


def _unit(unit: str) -> BeforeValidator:
    return BeforeValidator(partial(parse_unit, unit))


def _optional(unit: str, raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and raw.strip() in ("", "-", "--", "—")):
        return None
    return parse_unit(unit, raw)


Ratio = Annotated[float, _unit("ratio")]
"""A 0–1 ratio; accepts ``0.0115`` or ``"1.15%"``."""
Count = Annotated[int, BeforeValidator(lambda v: int(parse_unit("count", v)))]
"""A non-negative whole number; accepts ``"1,234"``."""
Money = Annotated[float, _unit("money")]
"""An amount in USD; accepts ``"$1,234.50"``."""
Number = Annotated[float, _unit("number")]
"""A plain number; accepts ``"1,234.5"``."""
Flag = Annotated[bool, _unit("bool")]
"""A yes/no field; accepts ``true``, ``"Y"``, ``"是"``…"""

OptionalRatio = Annotated[float | None, BeforeValidator(partial(_optional, "ratio"))]
"""A :data:`Ratio` or ``None`` for an empty cell (``""``, ``"-"``, ``"—"``)."""
OptionalCount = Annotated[int | None, BeforeValidator(
    lambda v: None if (r := _optional("count", v)) is None else int(r))]
"""A :data:`Count` or ``None`` for an empty cell."""
OptionalMoney = Annotated[float | None, BeforeValidator(partial(_optional, "money"))]
"""A :data:`Money` amount or ``None`` for an empty cell."""
OptionalNumber = Annotated[float | None, BeforeValidator(partial(_optional, "number"))]
"""A :data:`Number` or ``None`` for an empty cell."""
OptionalFlag = Annotated[bool | None, BeforeValidator(partial(_optional, "bool"))]
"""A :data:`Flag` or ``None`` for an empty cell."""


class Record(BaseModel):
    """Base class for dataset rows: unknown columns are ignored, values validated by type."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True, defer_build=True)


_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

RowT = TypeVar("RowT", bound=Record, default=Record, covariant=True)
"""The row type of a dataset, inferred from ``record=``."""


@attrs.frozen
class Dataset(Generic[RowT]):
    """A named table that snapshots may carry, e.g. ``products`` or ``rfq_quotes``.

    ``Dataset[RowT]`` holds rows of the record class ``RowT``; ``ctx.rows(DATASET)`` is a ``list`` of them.

    ``aliases`` maps a field name to the other headers accepted for it (Chinese export labels);
    ``key`` names the field that identifies a row, used as a finding's ``item``.
    ``header_hints`` are headers whose presence marks the header row in a spreadsheet export
    whose first rows are a title block.
    """

    name: str
    record: type[RowT]
    label: Text | None = None
    description: Text | None = None
    aliases: Mapping[str, Sequence[str]] = attrs.field(factory=dict)
    key: str | None = None
    platform: str | None = None

    def __attrs_post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"dataset name {self.name!r} must be snake_case")
        fields = self.record.model_fields
        for field in self.aliases:
            if field not in fields:
                raise ValueError(f"dataset {self.name!r}: alias for unknown field {field!r}")
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


def _norm_header(h: str) -> str:
    return re.sub(r"[\s_()（）]+", "", str(h)).lower()


def normalize_header(h: str) -> str:
    """The form headers are compared in: case, spaces, underscores and brackets ignored."""
    return _norm_header(h)
