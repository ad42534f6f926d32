"""``number_formatter`` is ``format_value`` for a column: both must show every number alike.

The fleet path formats whole columns of values with the cached formatter while single reports
go through ``format_value``; a finding's message must read the same either way.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from diagrules.core.i18n import format_value, number_formatter

UNITS = [None, "number", "ratio", "change", "percent", "money", "count", "days", "hours", "seconds",
         "multiple", "score"]


@settings(max_examples=400, derandomize=True)
@given(
    value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    unit=st.sampled_from(UNITS),
    lang=st.sampled_from(["en", "zh"]),
    extra=st.integers(0, 4),
)
def test_the_formatter_of_a_unit_shows_a_float_as_format_value_does(
    value: float, unit: str | None, lang: str, extra: int
) -> None:
    assert number_formatter(unit, lang, extra)(value) == format_value(value, unit, lang, extra=extra)


def test_an_int_reads_as_a_count_unless_its_unit_has_a_format_of_its_own() -> None:
    assert format_value(12345, "number") == "12,345" == number_formatter("count", "en")(12345.0)
    assert format_value(1, "days", "en") == "1 day"
    assert format_value(1, "ratio") == "100%"
    assert format_value(2, "money") == "US$2.00"
    assert format_value(2.5, "count", extra=1) == "2.5"
    assert format_value(math.inf, "ratio") == "inf"
