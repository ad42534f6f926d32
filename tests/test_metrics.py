"""The unit normaliser: what users type becomes clean numbers, or a clear refusal."""

from __future__ import annotations

import math

import pytest

from diagrules import Metric, text


def m(unit: str, **kw) -> Metric:
    return Metric("x", unit=unit, label=text(en="X"), **kw)


@pytest.mark.parametrize(
    ("unit", "raw", "expected"),
    [
        ("ratio", 0.935, 0.935),
        ("ratio", "93.5%", 0.935),
        ("ratio", " 93.5 % ".replace(" %", "%"), 0.935),
        ("ratio", "100%", 1.0),
        ("ratio", 1, 1.0),
        ("ratio", 0, 0.0),
        ("ratio", "0.5", 0.5),
        ("ratio", "93,5%".replace(",", "."), 0.935),
        ("change", "-12%", -0.12),
        ("change", 1.5, 1.5),
        ("percent", "96.5%", 96.5),
        ("percent", 96.5, 96.5),
        ("count", "1,234", 1234.0),
        ("count", 12.0, 12.0),
        ("money", "$1,234.50", 1234.5),
        ("money", "US$99", 99.0),
        ("score", 74, 74.0),
        ("bool", "是", True),
        ("bool", "N", False),
        ("bool", 1, True),
    ],
)
def test_accepted_inputs(unit, raw, expected):
    assert m(unit).parse(raw) == pytest.approx(expected) if not isinstance(expected, bool) else m(unit).parse(raw) is expected


@pytest.mark.parametrize(
    ("unit", "raw", "message"),
    [
        ("ratio", 93.5, "must be a ratio between 0 and 1, got 93.5 — did you mean '93.5%'?"),
        ("ratio", 1.01, "did you mean '1.01%'"),
        ("ratio", 250, "must be at most 1, got 250"),
        ("ratio", "-5%", "must be at least 0"),
        ("ratio", float("nan"), "finite number"),
        ("ratio", math.inf, "finite number"),
        ("ratio", True, "expected a number"),
        ("count", 2.5, "must be a whole number"),
        ("count", -1, "must be at least 0"),
        ("count", "many", "expected a number, got 'many'"),
        ("count", "", "empty string"),
        ("count", [1], "expected a number, got list"),
        ("bool", "maybe", "expected true/false"),
        ("percent", 101, "must be at most 100"),
    ],
)
def test_refused_inputs_explain_why(unit, raw, message):
    with pytest.raises(ValueError) as exc:
        m(unit).parse(raw)
    assert message in str(exc.value)


def test_explicit_bounds_and_enum():
    dsr = m("score", minimum=1, maximum=5)
    assert dsr.parse("4.8") == 4.8
    with pytest.raises(ValueError, match="at most 5"):
        dsr.parse(6)
    stage = m("enum", choices=["new", "established"])
    assert stage.parse("NEW") == "new"
    with pytest.raises(ValueError, match="expected one of new, established"):
        stage.parse("old")


def test_invalid_declarations_are_rejected():
    with pytest.raises(ValueError, match="snake_case"):
        Metric("Response Rate")
    with pytest.raises(ValueError, match="unknown unit"):
        Metric("x", unit="furlongs")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs choices"):
        Metric("x", unit="enum")
