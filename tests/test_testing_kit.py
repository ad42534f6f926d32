"""The testing kit third parties use: case-file parsing, expectations, failure messages, pytest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from diagrules import ConfigError, Engine
from diagrules.testing import assert_report, is_case_file, load_cases, make_case, run_case

HEADER = 'rule = "RFQ002"\nplatform = "alibaba"\n'


def write(tmp_path: Path, body: str, name: str = "test_RFQ002.toml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ('[cases.a]\nexpct = "passed"\n', "unknown key 'expct' — did you mean 'expect'?"),
        ('plugins = ["x"]\n[cases.a]\nexpect = "passed"\n', "install your package (pip install -e .)"),
        ("[cases.a]\nmetrics = {}\n", 'missing expect = "passed"'),
        ('[cases.a]\nexpect = "fail"\n', "'fail' is not a status — did you mean 'failed'?"),
        ('[cases.a]\nexpect = "passed"\nexpect_error = "x"\n', "either expect or expect_error"),
        ('[cases.a]\nexpect_error = "x"\nfindings = 1\n', "cannot be combined with findings"),
        ("[cases]\n", "at least one [cases.<name>] table"),
    ],
)
def test_malformed_case_files_say_what_is_wrong(tmp_path: Path, body: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as exc:
        load_cases(write(tmp_path, body))
    assert fragment in str(exc.value) and "test_RFQ002.toml" in str(exc.value)


def test_file_level_snapshot_defaults_are_merged(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'seller_stage = "new"\nmetrics = { response_rate = 0.5, inquiries_30d = 3 }\n'
        '[cases.override]\nmetrics = { response_rate = 0.99, inquiries_30d = "" }\nexpect = "passed"\n',
    )
    [case] = load_cases(path)
    assert case.snapshot["metrics"] == {"response_rate": 0.99, "inquiries_30d": ""}
    assert case.snapshot["seller_stage"] == "new"
    assert case.line == 5
    run_case(case)


def test_failure_message_shows_what_happened_instead() -> None:
    case = make_case("RFQ002", "wrong", platform="alibaba", metrics={"response_rate": 0.9}, expect="passed")
    with pytest.raises(AssertionError) as exc:
        run_case(case)
    message = str(exc.value)
    assert "expected RFQ002 to be passed, got failed" in message
    assert "[error, observed=0.9, expected >= 0.95] Response rate is 90%" in message


def test_assert_report_checks_each_expectation() -> None:
    report = Engine({"select": ["RFQ002"]}).evaluate(
        {"platform": "alibaba", "store": "S", "metrics": {"response_rate": "93%"}}
    )
    assert_report(report, "RFQ002", status="failed", findings=1, severity="error", observed=0.93,
                  threshold=0.95, items=[None], message_contains={"en": "93%"})
    with pytest.raises(AssertionError, match=r"expected threshold 0\.9, got 0\.95"):
        assert_report(report, "RFQ002", threshold=0.9)
    with pytest.raises(AssertionError, match="severity warning, got \\['error'\\]"):
        assert_report(report, "RFQ002", severity="warning")
    with pytest.raises(AssertionError, match="does not contain 'oops'"):
        assert_report(report, "RFQ002", message_contains={"zh": "oops"})
    with pytest.raises(AssertionError, match="RFQ001 was not run for this store"):
        assert_report(report, "RFQ001", status="passed")


def test_expect_error_passes_on_a_matching_error_and_fails_otherwise() -> None:
    bad_param = {"rules": {"RFQ002": {"min_rat": 0.9}}}
    snapshot = {"platform": "alibaba", "metrics": {"response_rate": 0.9}}
    assert run_case(make_case("RFQ002", "ok", **snapshot, config=bad_param,
                              expect_error="unknown parameter 'min_rat'")) is None
    with pytest.raises(AssertionError, match="expected an error containing 'other', got"):
        run_case(make_case("RFQ002", "other", **snapshot, config=bad_param, expect_error="other"))
    with pytest.raises(AssertionError, match="but the store was diagnosed"):
        run_case(make_case("RFQ002", "none", **snapshot, expect_error="anything"))


def test_unknown_rule_lists_the_loaded_plugins() -> None:
    with pytest.raises(AssertionError) as exc:
        run_case(make_case("ZZZ001", platform="alibaba", expect="passed"))
    assert "rule ZZZ001 is not registered by any loaded plugin" in str(exc.value)
    assert "alibaba_rfq (diagrules " in str(exc.value)


def test_only_toml_files_with_cases_are_case_files(tmp_path: Path) -> None:
    data = tmp_path / "test_data.toml"
    data.write_text('platform = "alibaba"\n', encoding="utf-8")
    assert not is_case_file(data)
    assert is_case_file(write(tmp_path, '[cases.a]\nexpect = "skipped"\n'))
    assert not is_case_file(tmp_path / "cases.toml")


def test_pytest_collects_case_files_and_reports_failures(tmp_path: Path) -> None:
    write(tmp_path, '[cases.passes]\nmetrics = { response_rate = 0.96 }\nexpect = "passed"\n\n'
          '[cases.wrong]\nmetrics = { response_rate = 0.5 }\nexpect = "passed"\n')
    write(tmp_path, '[cases.a]\nexpct = "passed"\n', name="test_broken.toml")
    (tmp_path / "test_fixture_data.toml").write_text('store = "x"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors",
         str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    out = result.stdout
    assert result.returncode == 1, out
    assert "1 failed, 1 passed, 1 error" in out
    assert "RFQ002::wrong (" in out and "test_RFQ002.toml:7): expected RFQ002 to be passed, got failed" in out
    assert "case 'a': unknown key 'expct' — did you mean 'expect'?" in out
