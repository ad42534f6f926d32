"""Validating a dataset table by column: one compiled converter per field of a record class.

Per-row pydantic validation costs about 20 µs a row, almost all of it the Python callbacks of
the unit types (``_optional`` → ``parse_unit`` → ``_number``) entered through pydantic's
machinery once per cell. A column of one field holds cells of one or two types — floats from
a workbook, numbers from JSON, text from a CSV — so each field is compiled once per record
class into a converter that accepts the common cells with a type check and a range check in
one list comprehension, and hands every other cell to the field's own parse function, the one
pydantic would call, so the values are the same floats.

Nothing here decides an error. A cell the fast path is not sure of is validated by a pydantic
``TypeAdapter`` of that field alone (the field's exact semantics); a cell that fails there, or
a row a model validator refuses, marks its row *bad*, and the caller validates that row again
with the record model exactly as before — so messages, locations and order of problems cannot
differ from per-row validation. A record class whose model-level behaviour this cannot
reproduce (field validators, before/wrap model validators, a custom ``__init__``,
``model_post_init``, private attributes, aliases, extra fields kept, strict mode) compiles to
None and keeps per-row validation.

Rows are built as instances of the record class without pydantic's validator: the same four
slots pydantic's ``model_construct`` fills (``__dict__``, ``__pydantic_fields_set__``,
``__pydantic_extra__``, ``__pydantic_private__``), set directly. ``isinstance``, attribute
access, ``model_dump``, ``model_fields_set`` and frozenness (enforced by the class's
``__setattr__``) are those of a validated instance.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import types
import typing
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from itertools import repeat
from typing import Any

import attrs
from annotated_types import MaxLen, MinLen
from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints, TypeAdapter

from diagrules.authoring.datasets import EMPTY_MARKS, _optional, _ranged, _whole
from diagrules.authoring.metrics import _FALSE as _FALSE_WORDS
from diagrules.authoring.metrics import _TRUE as _TRUE_WORDS

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""A row without a cell for the field: the field is left to its default, and not in the row's
``model_fields_set``."""
BAD: Any = type("Bad", (), {"__repr__": lambda self: "BAD"})()
"""A cell the field refuses: its row is validated again by the record model for the message."""

_MAX_FLOAT = 1.7976931348623157e308
_EXACT_INT = 2**53
"""Ints up to here survive ``float()`` unchanged, so ``int(float(v)) == v`` (counts)."""

_HARMLESS_CONFIG = frozenset({
    "title", "frozen", "defer_build", "protected_namespaces", "arbitrary_types_allowed",
    "json_schema_extra", "json_schema_mode_override", "populate_by_name", "validate_by_name",
    "validate_assignment", "use_attribute_docstrings", "ser_json_timedelta", "ser_json_bytes",
    "ser_json_inf_nan", "ser_json_temporal", "ser_json_float", "hide_input_in_errors",
    "regex_engine", "cache_strings", "plugin_settings", "model_title_generator",
    "field_title_generator", "alias_generator", "loc_by_alias", "serialize_by_alias",
})
"""Config keys that do not change what validation accepts or returns."""

Convert = Callable[[Sequence[Any]], tuple[list[Any], bool]]
"""A column of raw cells → (values, whether any is :data:`BAD` or :data:`MISSING`)."""


@attrs.frozen
class FieldPlan:
    """How one field's column is converted, and what a row without the cell gets."""

    name: str
    convert: Convert
    required: bool
    default: Callable[[], Any]


@attrs.frozen
class RecordPlan:
    """The compiled form of a record class: its fields in declaration order and its after-validators."""

    cls: type[BaseModel]
    fields: tuple[FieldPlan, ...]
    after: tuple[Callable[[Any], Any], ...]

    def validate(self, cells: Mapping[str, Sequence[Any]], n: int) -> list[Any]:
        """``n`` rows from each given field's cells (:data:`MISSING` where a row has none).

        A row is an instance of the record class, or :data:`BAD` when the model must judge it.
        """
        values: dict[str, Sequence[Any]] = {}
        marked: set[str] = set()
        for field in self.fields:
            if field.name in cells:
                values[field.name], has_marks = field.convert(cells[field.name])
                if has_marks:
                    marked.add(field.name)
        return self.build(values, n, marked)

    def build(self, columns: Mapping[str, Sequence[Any]], n: int, marked: set[str]) -> list[Any]:
        """``n`` instances from converted columns (absent fields: defaults); BAD for a bad row.

        A column named in ``marked`` may hold :data:`MISSING` (the row has no such cell) and
        :data:`BAD`; a required field missing or any BAD makes the row BAD.
        """
        if any(f.required for f in self.fields if f.name not in columns):
            return [BAD] * n
        given = {f.name for f in self.fields if f.name in columns}
        cols = [columns[f.name] if f.name in columns else _repeat(f.default, n) for f in self.fields]
        if marked:
            out = self._build_marked(cols, n, given, marked)
        else:
            out = _construct(self.cls, tuple(f.name for f in self.fields), cols, given, n)
        if not self.after:
            return out
        if not marked:
            try:
                validated = out
                for fn in self.after:
                    validated = [fn(obj) for obj in validated]
                return validated
            except Exception:  # some row is refused: find it below, and let the model report it
                pass
        return [BAD if obj is BAD else _after(self.after, obj) for obj in out]

    def _build_marked(self, cols: list[Sequence[Any]], n: int, given: set[str], marked: set[str]) -> list[Any]:
        """:meth:`build` for columns with MISSING or BAD cells, one row at a time."""
        cls, new = self.cls, object.__new__
        names = tuple(f.name for f in self.fields)
        irregular = [i for i, f in enumerate(self.fields) if f.name in marked]
        out: list[Any] = []
        for values in zip(*cols, strict=True):
            row = list(values)
            fields_set = set(given)
            for i in irregular:
                v = row[i]
                if v is MISSING and not self.fields[i].required:
                    row[i] = self.fields[i].default()
                    fields_set.discard(names[i])
                elif v is MISSING or v is BAD:
                    out.append(BAD)
                    break
            else:
                obj = new(cls)
                _set_dict(obj, dict(zip(names, row, strict=True)))
                _set_fields(obj, fields_set)
                _set_extra(obj, None)
                _set_private(obj, None)
                out.append(obj)
        return out


def _construct(cls: type[BaseModel], names: tuple[str, ...], cols: list[Sequence[Any]], given: set[str], n: int) -> list[Any]:
    """``n`` instances from columns, each step one C-level ``map`` over all rows.

    The four slots are those pydantic's ``model_construct`` sets; ``model_construct`` itself
    loops over the fields in Python for every row (two to three times the cost).
    """
    objs = list(map(object.__new__, repeat(cls, n)))
    rows = map(dict, map(zip, repeat(names), zip(*cols, strict=True)))
    deque(map(object.__setattr__, objs, repeat("__dict__"), rows), maxlen=0)
    deque(map(_set_fields, objs, map(set.copy, repeat(given, n))), maxlen=0)
    deque(map(_set_extra, objs, repeat(None, n)), maxlen=0)
    deque(map(_set_private, objs, repeat(None, n)), maxlen=0)
    return objs


_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _set_dict(obj: Any, values: dict[str, Any]) -> None:
    object.__setattr__(obj, "__dict__", values)


def _repeat(default: Callable[[], Any], n: int) -> Sequence[Any]:
    """A field's default for ``n`` rows: one shared value when immutable, else one each."""
    value = default()
    if value is None or type(value) in _IMMUTABLE or (type(value) in (tuple, frozenset) and _hashable(value)):
        return [value] * n
    return [value, *(default() for _ in range(n - 1))] if n else []


_IMMUTABLE = (str, int, float, bool, bytes, Decimal, dt.date, dt.datetime)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _after(validators: tuple[Callable[[Any], Any], ...], obj: Any) -> Any:
    """Run the model's after-validators as pydantic does; any error leaves the row to pydantic."""
    try:
        for fn in validators:
            obj = fn(obj)
    except Exception:  # the row is validated again by the model, which reports or raises it
        return BAD
    return obj


_PLANS: dict[type[BaseModel], RecordPlan | None] = {}


def record_plan(cls: type[BaseModel]) -> RecordPlan | None:
    """The compiled plan of ``cls``, built once; None when only per-row validation is exact."""
    if cls not in _PLANS:
        _PLANS[cls] = _compile(cls)
    return _PLANS[cls]


def _compile(cls: type[BaseModel]) -> RecordPlan | None:
    if not _model_compilable(cls):
        return None
    cls.model_rebuild()  # a deferred build (Record sets defer_build) completes model_fields
    if not cls.model_fields:
        return None
    strip = bool(cls.model_config.get("str_strip_whitespace"))
    after = []
    for dec in cls.__pydantic_decorators__.model_validators.values():
        if dec.info.mode != "after" or _positional(dec.func) != 1:
            return None
        after.append(dec.func)
    fields = []
    for name, info in cls.model_fields.items():
        if info.alias is not None or info.validation_alias is not None or info.validate_default:
            return None
        if info.discriminator is not None or info.default_factory_takes_validated_data:
            return None
        annotation: Any = typing.Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        try:
            adapter = TypeAdapter(annotation, config=ConfigDict(
                str_strip_whitespace=strip,
                arbitrary_types_allowed=bool(cls.model_config.get("arbitrary_types_allowed")),
            ))
        except Exception:  # a type that validates only inside its model: keep per-row validation
            return None
        convert = _field(info.annotation, list(info.metadata), strip, adapter)
        fields.append(FieldPlan(
            name, convert, info.is_required(), partial(info.get_default, call_default_factory=True),
        ))
    return RecordPlan(cls, tuple(fields), tuple(after))


def _model_compilable(cls: type[BaseModel]) -> bool:
    decorators = cls.__pydantic_decorators__
    if decorators.field_validators or decorators.root_validators or decorators.validators:
        return False
    if cls.__pydantic_post_init__ or cls.__private_attributes__ or cls.__pydantic_custom_init__:
        return False
    if getattr(cls, "__pydantic_root_model__", False):
        return False
    for key, value in cls.model_config.items():
        if key in _HARMLESS_CONFIG or key == "str_strip_whitespace":
            continue
        if key == "extra" and value in (None, "ignore"):
            continue
        if value in (None, False):
            continue
        return False
    return True


def _positional(fn: Any) -> int:
    """The number of parameters ``fn`` takes (a validator with ``info`` takes two)."""
    try:
        return len(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return -1


# -- fields ---------------------------------------------------------------------------------

_UNIT_FUNCS = (_optional, _ranged, _whole)
_LOW = {"ratio": 0.0, "count": 0.0, "money": 0.0, "days": 0.0, "hours": 0.0, "seconds": 0.0, "number": -_MAX_FLOAT}
_HIGH = {"ratio": 1.0}


Cell = Callable[[Any], Any]
CellFactory = Callable[[list[Any]], Cell]
"""A cell function for one conversion; it appends to the given list when it returns a mark."""


def _field(annotation: Any, metadata: list[Any], strip: bool, adapter: TypeAdapter[Any]) -> Convert:
    """The converter of one field, from its annotation and metadata."""
    befores = [m for m in metadata if isinstance(m, BeforeValidator)]
    rest = [m for m in metadata if not isinstance(m, BeforeValidator)]
    if not metadata and typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = typing.get_args(annotation)
        inner = [m for m in members if m is not type(None)]
        if len(members) == 2 and len(inner) == 1 and typing.get_origin(inner[0]) is typing.Annotated:
            # ``Annotated[T, BeforeValidator(f)] | None``: None is the None member's (asked of
            # pydantic once); every other cell is the annotated member's, the only one it can be
            base, *inner_meta = typing.get_args(inner[0])
            if _cell_with(None, None, adapter)([])(None) is None:
                return _with_none(_field(base, list(inner_meta), strip, adapter))
            return _generic(_cell_with(None, None, adapter))
    if len(befores) > 1 or (befores and _positional(befores[0].func) != 1):
        return _generic(_cell_with(None, None, adapter))
    before = typing.cast("Callable[[Any], Any]", befores[0].func) if befores else None
    check = _checker(annotation, rest, strip)
    unit = _unit_of(before)
    cell = _cell_with(before, check, adapter)
    if unit is not None and not rest and check is not None:
        return _unit_column(unit, cell)
    if before is None and check is not None:
        text = _plain_text(annotation, rest, strip)
        return _text_column(text, cell) if text is not None else _checked_column(check, cell)
    return _generic(cell)


def _unit_of(before: Any) -> tuple[str, bool] | None:
    """(unit, optional) of a diagrules unit type's parser, e.g. ``("ratio", True)`` for OptionalRatio."""
    if isinstance(before, partial) and before.func in _UNIT_FUNCS and len(before.args) == 1 and not before.keywords:
        return str(before.args[0]), before.func is _optional
    return None


def _cell_with(before: Cell | None, check: Cell | None, adapter: TypeAdapter[Any]) -> CellFactory:
    """Cells the comprehension did not accept: the field's parser, else the field's adapter.

    Within one column, the value a parser gave a cell is remembered for the next equal cell
    (up to :data:`_MEMO` distinct cells): categorical columns (``RTS``/``定制``, ``是``/``否``)
    repeat a few texts thousands of times. Only values the checker accepted are remembered,
    and those are immutable (text, numbers, dates, literals, enum members), so rows may share
    them; a parser is taken to depend on its cell alone, as a validator of one field does.
    """
    validate = adapter.validate_python

    def factory(marks: list[Any]) -> Cell:
        seen: dict[tuple[type, Any], Any] = {}

        def cell(raw: Any) -> Any:
            if raw is MISSING:
                marks.append(raw)
                return MISSING
            if check is not None:
                key = (type(raw), raw) if type(raw) in _MEMO_TYPES else None
                if key is not None and key in seen:
                    return seen[key]
                try:
                    value = check(raw if before is None else before(raw))
                except Exception:
                    value = BAD  # the adapter decides (and the model reports it)
                if value is not BAD:
                    if key is not None and len(seen) < _MEMO:
                        seen[key] = value
                    return value
            try:
                return validate(raw)
            except Exception:  # ValidationError, or what pydantic would raise: the model's row says
                marks.append(raw)
                return BAD

        return cell

    return factory


_MEMO = 256
_MEMO_TYPES = frozenset({str, int, float, bool})


def _generic(factory: CellFactory) -> Convert:
    def convert(column: Sequence[Any]) -> tuple[list[Any], bool]:
        marks: list[Any] = []
        cell = factory(marks)
        return [cell(v) for v in column], bool(marks)

    return convert


def _with_none(convert: Convert) -> Convert:
    """``convert`` for the cells that are not None; None cells stay None."""

    def optional(column: Sequence[Any]) -> tuple[list[Any], bool]:
        if None not in column:
            return convert(column)
        values, marked = convert([v for v in column if v is not None])
        it = iter(values)
        return [None if v is None else next(it) for v in column], marked

    return optional


def _checked_column(check: Cell, factory: CellFactory) -> Convert:
    def convert(column: Sequence[Any]) -> tuple[list[Any], bool]:
        marks: list[Any] = []
        cell = factory(marks)
        return [cell(v) if (r := check(v)) is BAD else r for v in column], bool(marks)

    return convert


def _plain_text(annotation: Any, metadata: list[Any], strip: bool) -> tuple[bool, int, int, bool] | None:
    """(optional, min length, max length, strip) of a ``str`` or ``str | None`` field, else None."""
    lengths = _lengths(metadata)
    if lengths is None:
        return None
    if annotation is str:
        return False, *lengths, strip
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    if union and not metadata and set(typing.get_args(annotation)) == {str, type(None)}:
        return True, *lengths, strip
    return None


def _text_column(spec: tuple[bool, int, int, bool], factory: CellFactory) -> Convert:
    """A text field: a string pydantic would return unchanged is kept, None kept when allowed."""
    optional, lo, hi, strip = spec

    def convert(column: Sequence[Any]) -> tuple[list[Any], bool]:
        marks: list[Any] = []
        cell = factory(marks)
        out = [
            v if type(v) is str and lo <= len(v) <= hi and (not strip or v == v.strip())
            else None if v is None and optional
            else cell(v)
            for v in column
        ]
        return out, bool(marks)

    return convert


def _unit_column(unit_info: tuple[str, bool], factory: CellFactory) -> Convert:
    """A diagrules unit field (``OptionalRatio``, ``Count``…): numbers checked inline, text parsed.

    The accepted numbers are exactly those the unit's parser returns unchanged (or as ``float``):
    finite, inside the unit's range, whole for a count. Text goes through :func:`_number_text`
    or :func:`_flag_text`, which take the common forms and leave the rest to the unit's parser.
    """
    unit, optional = unit_info
    lo, hi = _LOW.get(unit), _HIGH.get(unit, _MAX_FLOAT)
    if unit == "bool":
        def flags(column: Sequence[Any]) -> tuple[list[Any], bool]:
            marks: list[Any] = []
            cell = factory(marks)
            text = _flag_text(optional, cell)
            out = [
                v if type(v) is bool
                else None if v is None and optional
                else text(v) if type(v) is str
                else cell(v)
                for v in column
            ]
            return out, bool(marks)

        return flags
    if lo is None:
        return _generic(factory)
    low = lo
    if unit == "count":
        def counts(column: Sequence[Any]) -> tuple[list[Any], bool]:
            marks: list[Any] = []
            cell = factory(marks)
            text = _number_text(unit, optional, low, hi, cell)
            out = [
                v if type(v) is int and 0 <= v <= _EXACT_INT
                else int(v) if type(v) is float and v.is_integer() and v >= 0.0
                else None if v is None and optional
                else text(v) if type(v) is str
                else cell(v)
                for v in column
            ]
            return out, bool(marks)

        return counts

    def floats(column: Sequence[Any]) -> tuple[list[Any], bool]:
        marks: list[Any] = []
        cell = factory(marks)
        text = _number_text(unit, optional, low, hi, cell)
        out = [
            v if type(v) is float and low <= v <= hi
            else float(v) if type(v) is int and low <= v <= hi and -_EXACT_INT <= v <= _EXACT_INT
            else None if v is None and optional
            else text(v) if type(v) is str
            else cell(v)
            for v in column
        ]
        return out, bool(marks)

    return floats


def _number_text(unit: str, optional: bool, lo: float, hi: float, cell: Cell) -> Callable[[str], Any]:
    """A text cell of a number unit: ``"1,234"``, ``"1.27%"`` (ratios), ``"-"``, else the unit's parser.

    ``float`` succeeding on the text without commas means ``_number`` reads the same float (it
    strips the text and removes only commas, ``，``, ``$`` and ``US``, none of which ``float``
    accepts). A cell that is exactly an empty mark is what ``_optional`` reads as None.
    Currency signs, ``万`` and anything unusual go to ``cell``.
    """
    ratio, count = unit == "ratio", unit == "count"

    def read(raw: str) -> Any:
        if optional and raw in EMPTY_MARKS:
            return None
        s = raw.replace(",", "") if "," in raw else raw
        scale = 1.0
        if ratio and s.endswith("%"):
            s, scale = s[:-1], 100.0
        try:
            v = float(s)
        except ValueError:
            return cell(raw)
        if scale != 1.0:
            if not -_MAX_FLOAT <= v <= _MAX_FLOAT:
                return cell(raw)
            v = v / scale
        if not lo <= v <= hi:
            return cell(raw)
        if count:
            return int(v) if v.is_integer() else cell(raw)
        return v

    return read


def _flag_text(optional: bool, cell: Cell) -> Callable[[str], Any]:
    """A text cell of a yes/no field, read with the words ``_parse_bool`` knows (``是``, ``Y``…)."""

    def read(raw: str) -> Any:
        s = raw.strip()
        if optional and s in EMPTY_MARKS:
            return None
        word = s.lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        return cell(raw)

    return read


def _checker(annotation: Any, metadata: list[Any], strip: bool) -> Callable[[Any], Any] | None:
    """A function returning a value unchanged when pydantic would return it unchanged, else BAD;
    None when the annotation has no such exact fast check (every cell goes to the adapter)."""
    lengths = _lengths(metadata)
    if lengths is None:
        return None
    lo, hi = lengths
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        if metadata:
            return None
        members = [_checker(m, [], strip) for m in typing.get_args(annotation)]
        if any(m is None for m in members):
            return None
        checks = [m for m in members if m is not None]

        def union(v: Any) -> Any:
            for check in checks:
                r = check(v)
                if r is not BAD:
                    return r
            return BAD

        return union
    if origin is typing.Literal:
        allowed = {(type(a), a) for a in typing.get_args(annotation)}
        kinds = {kind for kind, _ in allowed}  # all hashable: a list cell is not looked up
        return lambda v: v if type(v) in kinds and (type(v), v) in allowed else BAD
    if annotation is type(None):
        return lambda v: None if v is None else BAD
    if annotation is str:
        if strip:
            return lambda v: v if type(v) is str and lo <= len(v) <= hi and not (v[:1].isspace() or v[-1:].isspace()) else BAD
        return lambda v: v if type(v) is str and lo <= len(v) <= hi else BAD
    if lo != 0 or hi != _UNBOUNDED:
        return None
    if annotation in (int, float, bool, dt.date, dt.datetime, Decimal):
        exact = annotation
        return lambda v: v if type(v) is exact else BAD
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        kind = annotation
        return lambda v: v if type(v) is kind else BAD
    return None


_UNBOUNDED = 1 << 62


def _lengths(metadata: list[Any]) -> tuple[int, int] | None:
    """(min, max) length from string constraints; None for any other metadata."""
    lo, hi = 0, _UNBOUNDED
    for m in metadata:
        if isinstance(m, StringConstraints):
            if (m.strip_whitespace, m.to_upper, m.to_lower, m.strict, m.pattern, m.ascii_only) != (None,) * 6:
                return None
            lo = max(lo, m.min_length or 0)
            hi = min(hi, m.max_length if m.max_length is not None else _UNBOUNDED)
        elif isinstance(m, MinLen):
            lo = max(lo, m.min_length)
        elif isinstance(m, MaxLen):
            hi = min(hi, m.max_length)
        else:
            return None
    return lo, hi
