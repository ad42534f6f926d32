"""The declarative condition grammar."""

from __future__ import annotations

import pytest

from diagrules.config.conditions import ConditionError, parse_condition


@pytest.mark.parametrize(
    ("source", "true_for", "false_for"),
    [
        ("< 0.95", [0.94, -1], [0.95, 1]),
        ("<= 0.95", [0.95], [0.951]),
        ("> 80", [80.5], [80]),
        (">= 80", [80], [79.99]),
        ("== 0", [0], [1]),
        ("= 0", [0], [0.1]),
        ("!= 0", [1], [0]),
        ("< 95%", [0.94], [0.95]),
        ("<1e-3", [0.0001], [0.001]),
        ("between 0.2 and 0.5", [0.2, 0.5, 0.3], [0.19, 0.51]),
        ("BETWEEN 20% and 50%", [0.2], [0.6]),
        ("outside 1 and 3", [0.5, 3.5], [1, 2, 3]),
    ],
)
def test_conditions(source, true_for, false_for):
    c = parse_condition(source)
    assert all(c.holds(v) for v in true_for)
    assert not any(c.holds(v) for v in false_for)


@pytest.mark.parametrize(
    "source",
    ["", "< ", "0.95", "<< 1", "< abc", "__import__('os')", "< 1 and > 2", "between 1", "between 3 and 1", "> 1; rm"],
)
def test_malformed_conditions_are_refused(source):
    with pytest.raises(ConditionError):
        parse_condition(source)


def test_non_string_condition():
    with pytest.raises(ConditionError, match="must be a string"):
        parse_condition(0.5)  # type: ignore[arg-type]


def test_expected_is_the_negation():
    assert parse_condition("< 1").expected == ">="
    assert parse_condition(">= 1").expected == "<"
    assert parse_condition("between 1 and 2").expected == "outside"
