"""Configuration: discovery and precedence, validation messages, selection, parameters,
waivers, declarative checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import toyplugin
from conftest import toy_snapshot

import diagrules
from diagrules import ConfigError, Status
from diagrules.config.settings import find_config, load_config


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


# -- discovery and precedence -------------------------------------------------------------

def test_diagrules_toml_found_from_a_subdirectory(tmp_path):
    write(tmp_path / "diagrules.toml", 'lang = "zh"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == ((tmp_path / "diagrules.toml").resolve(), "")
    assert load_config(start=sub).config.lang == "zh"


def test_pyproject_tool_table_is_used(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.diagrules]\nfail-on = "error"\n')
    loaded = load_config(start=tmp_path)
    assert loaded.config.fail_on == "error"
    assert loaded.path == (tmp_path / "pyproject.toml").resolve()


def test_pyproject_without_tool_table_is_skipped(tmp_path):
    write(tmp_path / "diagrules.toml", 'lang = "zh"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(start=tmp_path / "sub").config.lang == "zh"


def test_diagrules_toml_wins_over_pyproject_in_same_directory(tmp_path):
    write(tmp_path / "diagrules.toml", 'lang = "zh"\n')
    write(tmp_path / "pyproject.toml", '[tool.diagrules]\nlang = "en"\n')
    assert load_config(start=tmp_path).config.lang == "zh"


def test_nearer_file_wins(tmp_path):
    write(tmp_path / "diagrules.toml", 'lang = "zh"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.diagrules]\nlang = "en"\n')
    assert load_config(start=tmp_path / "sub").config.lang == "en"


def test_explicit_path_wins_over_discovery(tmp_path):
    write(tmp_path / "diagrules.toml", 'lang = "zh"\n')
    other = write(tmp_path / "other.toml", 'lang = "en"\n')
    assert load_config(other, start=tmp_path).config.lang == "en"


def test_command_line_overrides_file(tmp_path):
    cfg = write(tmp_path / "diagrules.toml", 'lang = "zh"\nselect = ["TOY001"]\nignore = ["TOY002"]\n')
    loaded = load_config(cfg, overrides={"lang": "en", "select": ["TOY"], "ignore": ["TOY003"]})
    assert loaded.config.lang == "en"
    assert loaded.config.select == ["TOY"]  # select replaces
    assert loaded.config.ignore == ["TOY002", "TOY003"]  # ignore adds
    assert loaded.sources["lang"].endswith("+ command line")


# -- validation messages ------------------------------------------------------------------

def test_unknown_key_names_file_key_and_suggestion(tmp_path):
    cfg = write(tmp_path / "diagrules.toml", 'selct = ["RFQ"]\n')
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    msg = str(exc.value)
    assert str(cfg) in msg and "unknown key 'selct' — did you mean 'select'?" in msg


def test_unknown_nested_key_in_pyproject_has_full_path(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", '[tool.diagrules.plugins]\nautolaod = false\n')
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    assert "unknown key 'tool.diagrules.plugins.autolaod' — did you mean 'autoload'?" in str(exc.value)


def test_invalid_toml_reports_line(tmp_path):
    cfg = write(tmp_path / "diagrules.toml", 'select = [\n')
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    assert "invalid TOML" in str(exc.value) and "line" in str(exc.value)


def test_bad_fail_on_value(tmp_path):
    cfg = write(tmp_path / "diagrules.toml", 'fail-on = "sometimes"\n')
    with pytest.raises(ConfigError, match="unknown severity 'sometimes'"):
        load_config(cfg)


# -- selection ----------------------------------------------------------------------------

def selected(engine: diagrules.Engine) -> list[str]:
    return [c.rule.id for c in engine.plan.rules]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({}, ["OTH001", "TOY001", "TOY002", "TOY003", "TOY004"]),
        ({"select": ["ALL"]}, ["OTH001", "TOY001", "TOY002", "TOY003", "TOY004"]),
        ({"select": ["TOY001"]}, ["TOY001"]),
        ({"select": ["TOY"]}, ["TOY001", "TOY002", "TOY003", "TOY004"]),
        ({"select": ["TOY00"]}, ["TOY001", "TOY002", "TOY003", "TOY004"]),
        ({"select": ["conversion-low"]}, ["TOY001"]),
        ({"select": ["toy"]}, ["TOY001", "TOY002", "TOY003", "TOY004"]),  # rule-set name
        ({"select": ["othershop"]}, ["OTH001"]),  # platform id
        ({"select": ["TOY"], "ignore": ["TOY002"]}, ["TOY001", "TOY003", "TOY004"]),
        # more specific select beats a less specific ignore
        ({"select": ["TOY002"], "ignore": ["TOY"]}, ["TOY002"]),
        # equally specific: ignore wins
        ({"select": ["TOY"], "ignore": ["TOY"]}, []),
        ({"select": ["TOY001"], "extend-select": ["OTH"]}, ["OTH001", "TOY001"]),
        ({"ignore": ["ALL"], "extend-select": ["TOY004"]}, ["TOY004"]),
        ({"select": ["TOY005"]}, ["TOY005"]),  # preview only by exact id
    ],
)
def test_selection_semantics(toy_engine, config, expected):
    assert selected(toy_engine(**{k.replace("-", "_"): v for k, v in config.items()})) == expected


@pytest.mark.parametrize("key", ["select", "ignore", "extend_select"])
def test_unknown_selector_suggests(toy_engine, key):
    with pytest.raises(ConfigError) as exc:
        toy_engine(**{key: ["TOY01"] if key != "select" else ["conversion-lo"]})
    assert "did you mean" in str(exc.value)


def test_per_store_ignores(toy_engine):
    engine = toy_engine(per_store_ignores={"Toy*": ["TOY002"], "!Toy*": ["TOY001"]})
    report = engine.evaluate(toy_snapshot(visits=10, orders=1))
    assert "TOY002" not in {o.rule for o in report.outcomes}
    assert "TOY001" in {o.rule for o in report.outcomes}
    other = engine.evaluate({"platform": "toyshop", "store": "Other", "metrics": {"visits": 10, "orders": 1}})
    assert "TOY001" not in {o.rule for o in other.outcomes}


# -- per-rule settings --------------------------------------------------------------------

def test_rule_parameters_override_defaults(toy_engine):
    snap = toy_snapshot(visits=100, orders=3)
    assert toy_engine().evaluate(snap).outcome("TOY001").status is Status.PASSED
    strict = toy_engine(rules={"TOY001": {"min-conversion": 0.05}})
    assert strict.evaluate(snap).outcome("TOY001").status is Status.FAILED


def test_rule_settings_by_name_and_severity(toy_engine):
    engine = toy_engine(rules={"conversion-low": {"severity": "error"}})
    (f,) = engine.evaluate(toy_snapshot(visits=1000, orders=1)).findings_for("TOY001")
    assert f.severity is diagrules.Severity.ERROR


def test_unknown_parameter_names_rule_and_parameter(toy_engine):
    with pytest.raises(ConfigError) as exc:
        toy_engine(rules={"TOY001": {"min_conversoin": 0.1}})
    msg = str(exc.value)
    assert "[rules.TOY001]" in msg and "unknown parameter 'min_conversoin' — did you mean 'min_conversion'?" in msg


def test_wrong_parameter_type(toy_engine):
    with pytest.raises(ConfigError, match=r"\[rules.TOY001\]: parameter 'min_conversion'"):
        toy_engine(rules={"TOY001": {"min_conversion": "lots"}})


def test_unknown_rule_table(toy_engine):
    with pytest.raises(ConfigError, match="unknown rule 'TOY01' — did you mean 'TOY001'"):
        toy_engine(rules={"TOY01": {}})


def test_bad_severity_in_rule_table(toy_engine):
    with pytest.raises(ConfigError, match="severity"):
        toy_engine(rules={"TOY001": {"severity": "loud"}})


# -- waivers ------------------------------------------------------------------------------

def waived_engine(until: str | None, today: dt.date) -> diagrules.Engine:
    waiver = {"rule": "TOY001", "store": "Toy*", "reason": "relaunch in December"}
    if until:
        waiver["until"] = until
    return diagrules.Engine(
        {"plugins": {"autoload": False}, "waivers": [waiver]}, plugins=[toyplugin], today=today
    )


def test_waiver_before_expiry():
    report = waived_engine("2026-12-31", dt.date(2026, 12, 31)).evaluate(toy_snapshot(visits=1000, orders=1))
    o = report.outcome("TOY001")
    assert o.status is Status.WAIVED and "relaunch in December" in (o.reason or "")
    assert report.findings_for("TOY001") == []


def test_waiver_after_expiry_says_so():
    report = waived_engine("2026-12-31", dt.date(2027, 1, 1)).evaluate(toy_snapshot(visits=1000, orders=1))
    o = report.outcome("TOY001")
    assert o.status is Status.FAILED
    assert o.note == "waiver expired on 2026-12-31: relaunch in December"


def test_waiver_without_date_and_other_store():
    engine = waived_engine(None, dt.date(2030, 1, 1))
    assert engine.evaluate(toy_snapshot(visits=1000, orders=1)).outcome("TOY001").status is Status.WAIVED
    other = engine.evaluate({"platform": "toyshop", "store": "Else", "metrics": {"visits": 1000, "orders": 1}})
    assert other.outcome("TOY001").status is Status.FAILED


def test_waiver_requires_reason(tmp_path):
    cfg = write(tmp_path / "diagrules.toml", '[[waivers]]\nrule = "TOY001"\n')
    with pytest.raises(ConfigError, match=r"waivers.0.reason"):
        load_config(cfg)


# -- declarative checks -------------------------------------------------------------------

def check_engine(**check) -> diagrules.Engine:
    base = {"id": "MY001", "metric": "conversion", "fail": "< 1%"}
    return diagrules.Engine(
        {"plugins": {"autoload": False}, "checks": [{**base, **check}]}, plugins=[toyplugin]
    )


@pytest.mark.parametrize(
    ("orders", "status", "severity"),
    [(9, "failed", "error"), (10, "failed", "warning"), (19, "failed", "warning"), (20, "passed", None)],
)
def test_declarative_check_boundaries(orders, status, severity):
    engine = check_engine(warn="< 2%")
    report = engine.evaluate(toy_snapshot(visits=1000, orders=orders))
    assert report.outcome("MY001").status.value == status
    if severity:
        (f,) = report.findings_for("MY001")
        assert f.severity.label == severity
        assert f.comparison == ">="


def test_declarative_check_between_and_messages():
    engine = check_engine(fail="between 0.2% and 0.8%", message={"en": "Conversion odd", "zh": "转化率异常"},
                          remedy={"en": "Look at it", "zh": "检查一下"})
    report = engine.evaluate(toy_snapshot(visits=1000, orders=5))
    (f,) = report.findings_for("MY001")
    assert f.message.get("zh") == "转化率异常"
    assert f.remedies[0].action.get("en") == "Look at it"
    assert engine.evaluate(toy_snapshot(visits=1000, orders=9)).outcome("MY001").status is Status.PASSED


def test_declarative_check_default_message_is_bilingual():
    report = check_engine().evaluate(toy_snapshot(visits=1000, orders=5))
    (f,) = report.findings_for("MY001")
    assert f.message.get("en") == "Conversion is 0.5%; expected >= 1%."
    assert "转化率" in f.message.get("zh")


def test_declarative_check_is_skipped_waived_and_ignored_like_a_rule():
    assert check_engine().evaluate(toy_snapshot(visits=5)).outcome("MY001").status is Status.SKIPPED
    waived = diagrules.Engine(
        {"plugins": {"autoload": False},
         "checks": [{"id": "MY001", "metric": "conversion", "fail": "< 1%"}],
         "waivers": [{"rule": "MY", "reason": "new store"}]},
        plugins=[toyplugin],
    )
    assert waived.evaluate(toy_snapshot(visits=1000, orders=1)).outcome("MY001").status is Status.WAIVED
    ignored = diagrules.Engine(
        {"plugins": {"autoload": False}, "ignore": ["MY001"],
         "checks": [{"id": "MY001", "metric": "conversion", "fail": "< 1%"}]},
        plugins=[toyplugin],
    )
    assert "MY001" not in [c.rule.id for c in ignored.plan.rules]


def test_declarative_check_serializes():
    report = check_engine().evaluate(toy_snapshot(visits=1000, orders=5))
    again = diagrules.from_json(diagrules.to_json(report))
    assert diagrules.to_json(again) == diagrules.to_json(report)


@pytest.mark.parametrize(
    ("check", "fragment"),
    [
        ({"fail": "lower than 3"}, "checks[0].fail: cannot read condition 'lower than 3'"),
        ({"fail": "between 5 and 1"}, "lower bound 5 is above the upper bound 1"),
        ({"fail": "< 1", "warn": "<< 2"}, "checks[0].warn"),
        ({"metric": "convrsion"}, "unknown metric 'convrsion' — did you mean 'conversion'?"),
        ({"id": "TOY001"}, "already a rule of plugin"),
        ({"id": "my-1"}, "checks[0].id"),
        ({"platform": "toyshp"}, "did you mean 'toyshop'"),
    ],
)
def test_malformed_checks_point_at_the_entry(check, fragment):
    with pytest.raises(ConfigError) as exc:
        check_engine(**check)
    assert fragment in str(exc.value)


# -- benchmarks validation ----------------------------------------------------------------

def test_benchmark_for_unscored_metric_is_an_error(toy_engine):
    with pytest.raises(ConfigError, match="not a scored metric"):
        toy_engine(benchmarks={"toys": {"visits": {"pass": 1, "excellent": 2}}})
