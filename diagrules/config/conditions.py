"""The condition grammar of declarative checks: ``"< 0.95"``, ``">= 80"``, ``"between 0.2 and 0.5"``.

A tiny hand-written parser: a comparison operator and a number, or ``between``/``outside`` two
numbers. Numbers may end in ``%`` (``"< 95%"`` means ``< 0.95``). Nothing is evaluated as
code — a condition compiles to an operator function and constants, which is both safe and
fast (no ``eval``, no attribute access, no calls).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

import attrs

from diagrules.authoring.context import Comparison

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_NEGATED: dict[str, Comparison] = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?"
_COMPARE = re.compile(rf"^\s*(<=|>=|==|!=|<|>|=)\s*({_NUM})\s*$")
_RANGE = re.compile(rf"^\s*(between|outside)\s+({_NUM})\s+and\s+({_NUM})\s*$", re.IGNORECASE)


class ConditionError(ValueError):
    """A condition string does not follow the grammar; the message shows where and what is allowed."""


def _number(token: str) -> float:
    if token.endswith("%"):
        return float(token[:-1]) / 100.0
    return float(token)


def _between(v: float, lo: float, hi: float) -> bool:
    return lo <= v <= hi


def _outside(v: float, lo: float, hi: float) -> bool:
    return v < lo or v > hi


@attrs.frozen
class Condition:
    """A parsed condition. ``holds(value)`` tells whether ``value`` meets it."""

    source: str
    op: str
    a: float
    b: float | None = None

    def holds(self, value: float) -> bool:
        if self.op == "between":
            return _between(value, self.a, self.b if self.b is not None else self.a)
        if self.op == "outside":
            return _outside(value, self.a, self.b if self.b is not None else self.a)
        return _OPS[self.op](value, self.a)

    @property
    def threshold(self) -> float | str:
        return self.a if self.b is None else f"{self.a:g}–{self.b:g}"

    @property
    def expected(self) -> Comparison:
        """The comparison a passing value satisfies (the negation of this condition)."""
        if self.op == "between":
            return "outside"
        if self.op == "outside":
            return "between"
        return _NEGATED[self.op]


def parse_condition(source: str) -> Condition:
    """Parse ``source``; raise :class:`ConditionError` explaining the grammar on failure."""
    if not isinstance(source, str):
        raise ConditionError(f"a condition must be a string such as \"< 0.95\", got {source!r}")
    m = _COMPARE.match(source)
    if m:
        op = "==" if m.group(1) == "=" else m.group(1)
        return Condition(source, op, _number(m.group(2)))
    m = _RANGE.match(source)
    if m:
        lo, hi = _number(m.group(2)), _number(m.group(3))
        if lo > hi:
            raise ConditionError(f"{source!r}: the lower bound {lo:g} is above the upper bound {hi:g}")
        return Condition(source, m.group(1).lower(), lo, hi)
    raise ConditionError(
        f"cannot read condition {source!r}: write an operator and a number (\"< 0.95\", \">= 80\", "
        f"\"== 0\", \"< 95%\") or a range (\"between 0.2 and 0.5\", \"outside 1 and 3\")"
    )
