"""The typed rule-authoring API: what fails at registration, and what a type checker catches.

A misspelt message placeholder and a parameter class without valid defaults used to pass
registration and show up later (a raw ``{obsreved}`` in a report, ``error: AttributeError``
for every store). They are now registration problems naming the rule: the rule is dropped and
reported as its plugin's failure, and strict loading refuses to build the engine.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import toyplugin
from conftest import toy_snapshot
from pydantic import Field, model_validator

import diagrules
from diagrules import Dataset, Params, PluginError, Record, hookimpl, rule, text
from diagrules.authoring.rules import _accepts_nothing


class _Rules:
    def __init__(self, name: str, *rules: diagrules.Rule) -> None:
        self.__name__ = name
        self._rules = list(rules)

    @hookimpl
    def diagrules_rules(self) -> list[diagrules.Rule]:
        return self._rules


def _engine(*rules: diagrules.Rule, strict: bool = False) -> diagrules.Engine:
    return diagrules.Engine({"plugins": {"autoload": False, "strict": strict}},
                            plugins=[toyplugin, _Rules("author", *rules)])


def _failure(engine: diagrules.Engine) -> str:
    (failure,) = [f for f in engine.registry.failures if f.name == "author"]
    return failure.error


def _toy(rid: str, **kw):
    return rule(rid, f"typed-{rid.lower()}", title=text(en="t", zh="标题"), platform="toyshop",
                requires=[toyplugin.VISITS], **kw)


def test_misspelt_placeholder_is_a_registration_error_naming_the_rule():
    typo = _toy("TYP001", message=text(en="Visits {obsreved}", zh="访客 {observed}"))(lambda ctx, p: None)
    engine = _engine(typo)
    assert "TYP001" not in engine.registry.rules
    assert _failure(engine) == (
        "rule TYP001 was not registered: it uses '{obsreved}' in its message (en) — did you mean "
        "'{observed}'? (declare values= if it is the rule's own)"
    )
    assert engine.evaluate(toy_snapshot(visits=10, orders=1)).outcome("TOY001")  # the rest works
    with pytest.raises(PluginError, match="TYP001"):
        _engine(typo, strict=True)


def test_declared_values_are_checked_strictly_and_undeclared_extras_are_allowed():
    declared = _toy("TYP002", values=["gap"], message=text(en="{observed}, {gap} short", zh="差 {gap}"))
    assert "TYP002" in _engine(declared(lambda ctx, p: None)).registry.rules
    strict = _toy("TYP003", values=["gap"], message=text(en="{observed}, {short} short", zh="差 {gap}"))
    assert "'{short}' in its message (en), which is neither a standard placeholder" in _failure(
        _engine(strict(lambda ctx, p: None)))
    # a rule written before values= existed keeps its own placeholders (``{product}`` is no typo)
    legacy = _toy("TYP004", message=text(en="{product}: {observed}", zh="{product}：{observed}"))
    assert "TYP004" in _engine(legacy(lambda ctx, p: None)).registry.rules
    positional = _toy("TYP005", message=text(en="{} visits", zh="{0} 访客"))
    assert "positional placeholder '{}'" in _failure(_engine(positional(lambda ctx, p: None)))


class _Required(Params):
    min_visits: int


def test_default_parameters_are_validated_at_registration():
    broken = _toy("TYP006", params=_Required)(lambda ctx, p: None)
    engine = _engine(broken)
    assert "TYP006" not in engine.registry.rules
    assert _failure(engine).startswith(
        "rule TYP006 was not registered: it has invalid default parameters (_Required): "
        "'min_visits': field required"
    )
    with pytest.raises(PluginError, match="rule TYP006 was not registered"):
        _engine(broken, strict=True)


class _Checked(Params):
    low: int = 1
    high: int = 0

    @model_validator(mode="after")
    def _ordered(self) -> _Checked:
        if self.low > self.high:
            raise ValueError("low must not exceed high")
        return self


class _Posted(Params):
    x: int = 1

    def model_post_init(self, context: object) -> None:
        raise ValueError("refused")


class _Listed(Params):
    items: list[int] = Field(default_factory=list)


def test_defaults_are_judged_without_pydantic_only_when_pydantic_would_agree():
    """The registration shortcut (no schema build) never accepts what ``model_validate({})``
    rejects: every class it judges alone validates, and code added to a class sends it to pydantic."""
    classes = {r.params for r in diagrules.Engine().registry.rules.values()}
    classes |= {_Required, _Checked, _Posted, _Listed, diagrules.NoParams}
    for cls in classes:
        if _accepts_nothing(cls):
            cls.model_validate({})
    assert not any(_accepts_nothing(c) for c in (_Required, _Checked, _Posted, _Listed))
    assert _accepts_nothing(diagrules.NoParams)
    assert "low must not exceed high" in _failure(_engine(_toy("TYP007", params=_Checked)(lambda ctx, p: None)))


def test_a_declarative_check_with_a_misspelt_placeholder_is_a_config_error():
    checks = [{"id": "CHK001", "metric": "visits", "fail": "< 10", "message": {"en": "{obsreved} visits"}}]
    with pytest.raises(diagrules.ConfigError, match=r"checks\[0\]: check CHK001 uses '\{obsreved\}'"):
        diagrules.Engine({"plugins": {"autoload": False}, "checks": checks}, plugins=[toyplugin])


class _Row(Record):
    sku: str


ROWS = Dataset("typed_rows", record=_Row)


def test_requires_takes_metrics_and_datasets_in_one_list():
    r = _toy("TYP007")(lambda ctx, p: None)
    both = rule("TYP008", "typed-both", title=text(en="t"), requires=[toyplugin.VISITS, toyplugin.ITEMS],
                uses=[toyplugin.ORDERS])(lambda ctx, p: None)
    assert (r.requires, r.datasets) == (("visits",), ())
    assert (both.requires, both.datasets, both.uses, both.unit) == (("visits",), ("items",), ("orders",), "count")


GOOD = '''
from collections.abc import Iterator

from diagrules import Dataset, Finding, Metric, Params, Record, RuleContext, rule, text

RATE = Metric("rate", unit="ratio")
GRADE: Metric[str] = Metric("grade", unit="enum", choices=("a", "b"))


class Row(Record):
    sku: str


ROWS = Dataset("rows", record=Row)


class RateParams(Params):
    min_rate: float = 0.9


@rule("GOO001", "rate-low", title=text(en="t"), requires=[RATE, ROWS], params=RateParams)
def rate_low(ctx: RuleContext, p: RateParams) -> Iterator[Finding]:
    rate: float = ctx[RATE]
    grade: str | None = ctx.get(GRADE)
    skus: list[str] = [row.sku for row in ctx.rows(ROWS)]
    if rate < p.min_rate and grade != "a" and skus:
        yield ctx.finding(observed=rate, threshold=p.min_rate, comparison=">=")
'''

BAD = GOOD + '''

class OtherParams(Params):
    limit: int = 3


@rule("BAD001", "rate-wrong", title=text(en="t"), requires=[RATE], params=RateParams)
def wrong_params(ctx: RuleContext, p: OtherParams) -> None:
    name: str = ctx[RATE]
    ctx.rows(ROWS)[0].price
    ctx.finding(comparison="at least")
'''


def test_mypy_strict_catches_wrong_metric_use_and_params_mismatch(tmp_path: Path) -> None:
    """A third-party plugin type-checks clean, and each misuse of the API is an error.

    One mypy run over two files (the correct plugin and one with the mistakes) keeps this to a
    single start of the type checker.
    """
    mypy_api = pytest.importorskip("mypy.api")
    good, bad = tmp_path / "good_plugin.py", tmp_path / "bad_plugin.py"
    good.write_text(textwrap.dedent(GOOD), encoding="utf-8")
    bad.write_text(textwrap.dedent(BAD), encoding="utf-8")
    out, err, status = mypy_api.run([
        "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy_cache"),
        "--config-file", "", str(good), str(bad),
    ])
    errors = [line for line in (out + err).splitlines() if ": error:" in line]
    assert status == 1 and all(line.startswith(str(bad)) for line in errors), out + err
    assert any('"Callable[[RuleContext, OtherParams], None]"' in e and "RateParams" in e for e in errors), out
    assert any('expression has type "float", variable has type "str"' in e for e in errors), out
    assert any('"Row" has no attribute "price"' in e for e in errors), out
    assert any('"comparison" to "finding"' in e for e in errors), out
    assert len(errors) == 4, out


class _Described(Params):
    min_visits: int = diagrules.param(10, en="Fewest visits a day", zh="每日最少访客数", ge=0)


def test_param_gives_a_bilingual_description_and_bounds():
    from diagrules.catalogue.catalogue import rule_info

    described = _toy("TYP009", params=_Described)(lambda ctx, p: None)
    engine = _engine(described)
    assert [p["description"] for p in rule_info(described, engine.registry, "zh")["params"]] == ["每日最少访客数"]
    assert [p["description"] for p in rule_info(described, engine.registry, "en")["params"]] == ["Fewest visits a day"]
    with pytest.raises(diagrules.ConfigError, match=r"\[rules.TYP009\]: parameter 'min_visits': Input should be greater"):
        diagrules.Engine({"plugins": {"autoload": False}, "rules": {"TYP009": {"min-visits": -1}}},
                         plugins=[toyplugin, _Rules("author", described)])
