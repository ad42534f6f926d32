"""The ``diagrules`` command through click's CliRunner: output, formats and exit codes.

The tests use the built-in Alibaba.com rule RFQ002 (response rate ≥ 95 %) with ``--select``
where they need an exact outcome, so that other rule sets growing does not change them.
"""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from diagrules import from_json
from diagrules.cli.main import main, split_selectors
from diagrules.config.settings import Config, load_config

GOOD = 'platform = "alibaba"\nstore = "Good Co"\n[metrics]\nresponse_rate = "99%"\n'
BAD = 'platform = "alibaba"\nstore = "Slow Co"\n[metrics]\nresponse_rate = "90%"\n'


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run in an empty folder with an English locale, so no config or locale leaks in."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR", "FORCE_COLOR", "DIAGRULES_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)


def _file(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# -- check -----------------------------------------------------------------------------------------


def test_check_passes_with_exit_0(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "good.toml", GOOD), "--select", "RFQ002")
    assert result.exit_code == 0, result.output
    assert "Good Co" in result.stdout and "No findings" in result.stdout
    assert "\x1b[" not in result.stdout


def test_check_with_findings_exits_1_and_explains(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "bad.toml", BAD), "--select", "RFQ002")
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("Action plan") < out.index("Errors (1)")
    assert "Response rate is 90%, below the 95% target." in out
    assert "observed 90% · expected ≥ 95%" in out


def test_exit_zero_and_fail_on(tmp_path: Path) -> None:
    bad = _file(tmp_path, "bad.toml", BAD)
    assert run("check", bad, "--select", "RFQ002", "--exit-zero").exit_code == 0
    assert run("check", bad, "--select", "RFQ002", "--fail-on", "critical").exit_code == 0
    config = _file(tmp_path, "diagrules.toml", 'fail-on = "critical"\n')
    assert run("check", bad, "--select", "RFQ002", "--config", config).exit_code == 0
    assert run("check", bad, "--select", "RFQ002", "--config", config, "--fail-on", "error").exit_code == 1


def test_select_ignore_and_extend_select_override_the_config(tmp_path: Path) -> None:
    bad = _file(tmp_path, "bad.toml", BAD)
    config = _file(tmp_path, "diagrules.toml", 'select = ["RFQ002"]\n')
    ignored = run("check", bad, "--config", config, "--ignore", "RFQ002", "--format", "json")
    assert json.loads(ignored.stdout)["outcomes"] == [] and ignored.exit_code == 0
    replaced = run("check", bad, "--config", config, "--select", "RFQ,RTS", "--format", "json")
    rules = {o["rule"] for o in json.loads(replaced.stdout)["outcomes"]}
    assert "RFQ002" in rules and len(rules) > 1
    extended = run("check", bad, "--config", config, "--extend-select", "rfq", "--ignore", "RFQ002",
                   "--format", "json")
    rules = {o["rule"] for o in json.loads(extended.stdout)["outcomes"]}
    assert "RFQ002" not in rules and rules and all(r.startswith("RFQ") for r in rules)


def test_split_selectors() -> None:
    assert split_selectors(("RFQ, AEG001", "rts", ",")) == ["RFQ", "AEG001", "rts"]


def test_config_discovered_from_the_working_directory(tmp_path: Path) -> None:
    bad = _file(tmp_path, "bad.toml", BAD)
    (tmp_path / "diagrules.toml").write_text('select = ["RFQ002"]\n[rules.RFQ002]\nmin_rate = 0.8\n', encoding="utf-8")
    result = run("check", bad, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["outcomes"][0]["status"] == "passed"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown", "html", "sarif", "junit", "text"])
def test_every_format_from_the_command_line(fmt: str, tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "bad.toml", BAD), "--select", "RFQ002", "--format", fmt)
    assert result.exit_code == 1
    out = result.stdout
    if fmt == "json":
        assert from_json(out).findings[0].rule == "RFQ002"
    elif fmt == "jsonl":
        assert json.loads(out.splitlines()[0])["source"].endswith("bad.toml")
    elif fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "RFQ002"
    elif fmt == "junit":
        assert ET.fromstring(out).get("failures") == "1"
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>")
    elif fmt == "markdown":
        assert "#### RFQ002" in out


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = run("check", _file(tmp_path, "bad.toml", BAD), "--select", "RFQ002", "--format", "html",
                 "-o", str(target), "--lang", "zh")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"已写入 {target}" in result.stderr
    assert "回复率为 90%" in target.read_text(encoding="utf-8")


def test_several_files_and_a_jsonl_file(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({"platform": "alibaba", "store": f"L{i}", "metrics": {"response_rate": 0.99}})
                      for i in range(3))
    result = run("check", _file(tmp_path, "good.toml", GOOD), _file(tmp_path, "more.jsonl", lines),
                 "--select", "RFQ002", "--format", "json")
    data = json.loads(result.stdout)
    assert [d["store"] for d in data] == ["Good Co", "L0", "L1", "L2"]
    assert result.exit_code == 0


def test_language_from_option_config_and_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = _file(tmp_path, "bad.toml", BAD)
    assert "回复率为 90%" in run("check", bad, "--select", "RFQ002", "--lang", "zh").stdout
    config = _file(tmp_path, "zh.toml", 'lang = "zh"\n')
    assert "行动计划" in run("check", bad, "--select", "RFQ002", "--config", config).stdout
    assert "Action plan" in run("check", bad, "--select", "RFQ002", "--config", config, "--lang", "en").stdout
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "行动计划" in run("check", bad, "--select", "RFQ002").stdout


# -- errors: exit 2, one paragraph, no traceback -------------------------------------------------------


def test_unknown_selector_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "good.toml", GOOD), "--select", "RFQ02")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "did you mean" in result.stderr and "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "good.toml", GOOD), "--select", "RFQ02", "--debug")
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr and "ConfigError" in result.stderr


def test_invalid_configuration_exits_2(tmp_path: Path) -> None:
    config = _file(tmp_path, "diagrules.toml", 'selct = ["RFQ"]\n')
    result = run("check", _file(tmp_path, "good.toml", GOOD), "--config", config)
    assert result.exit_code == 2
    assert "unknown key 'selct'" in result.stderr and "did you mean 'select'" in result.stderr


def test_invalid_snapshot_exits_2_but_reports_the_valid_ones(tmp_path: Path) -> None:
    broken = _file(tmp_path, "broken.toml", 'platform = "alibaba"\nstore = "X"\n[metrics]\nresponse_rate = 95\n')
    result = run("check", _file(tmp_path, "good.toml", GOOD), broken, "--select", "RFQ002")
    assert result.exit_code == 2
    assert "Good Co" in result.stdout
    assert "broken.toml" in result.stderr and "did you mean '95%'" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("check").exit_code == 2
    assert run("check", str(tmp_path / "missing.toml")).exit_code == 2
    assert run("check", _file(tmp_path, "g.toml", GOOD), "--format", "pdf").exit_code == 2
    assert run("nonsense").exit_code == 2


def test_empty_folder_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("check", str(tmp_path / "empty"))
    assert result.exit_code == 2 and "no store snapshots found" in result.stderr


def test_error_messages_in_chinese(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "good.toml", GOOD), "--select", "RFQ02", "--lang", "zh")
    assert result.exit_code == 2 and result.stderr.startswith("错误：configuration: unknown rule")


# -- catalogue commands ---------------------------------------------------------------------------------


def test_rules_catalogue() -> None:
    result = run("rules")
    assert result.exit_code == 0 and "RFQ002" in result.stdout and "response-rate-low" in result.stdout
    data = json.loads(run("rules", "--format", "json").stdout)
    rfq = next(r for r in data if r["id"] == "RFQ002")
    assert rfq["selected"] is True and rfq["platforms"] == ["alibaba"] and rfq["plugin"] == "alibaba_rfq"
    assert "| RFQ002 | `response-rate-low` |" in run("rules", "--format", "markdown").stdout


def test_rules_by_platform(tmp_path: Path) -> None:
    data = json.loads(run("rules", "--platform", "aliexpress", "--format", "json").stdout)
    assert all(not r["platforms"] or "aliexpress" in r["platforms"] for r in data)
    assert not any(r["id"] == "RFQ002" for r in data)
    bad = run("rules", "--platform", "alibab")
    assert bad.exit_code == 2 and "did you mean 'alibaba'" in bad.stderr


def test_rules_shows_the_configured_selection_and_checks(tmp_path: Path) -> None:
    config = _file(tmp_path, "diagrules.toml",
                   'select = ["RFQ002"]\n[[checks]]\nid = "MY001"\nmetric = "response_rate"\nfail = "< 0.9"\n')
    data = {r["id"]: r for r in json.loads(run("rules", "--config", config, "--format", "json").stdout)}
    assert data["RFQ002"]["selected"] and data["MY001"]["selected"]
    assert data["MY001"]["ruleset"] == "checks"
    assert not any(r["selected"] for rid, r in data.items() if rid not in ("RFQ002", "MY001"))


def test_rules_output_dir_writes_the_reference(tmp_path: Path) -> None:
    out = tmp_path / "ref"
    result = run("rules", "--format", "markdown", "--output-dir", str(out))
    assert result.exit_code == 0
    assert (out / "index.md").is_file() and (out / "rfq.md").is_file()
    assert run("rules", "--output-dir", str(out)).exit_code == 2


def test_rules_output_dir_writes_only_the_selected_pages(tmp_path: Path) -> None:
    """A plugin author generates their own pages next to others', which stay untouched."""
    out = tmp_path / "ref"
    out.mkdir()
    (out / "index.md").write_text("the full index\n", encoding="utf-8")
    result = run("rules", "--format", "markdown", "--output-dir", str(out), "--plugin", "amazon_account_health")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["amazon-account-health.md", "index.md"]
    assert (out / "index.md").read_text(encoding="utf-8") == "the full index\n"
    assert "AMZ001" in (out / "amazon-account-health.md").read_text(encoding="utf-8")
    run("rules", "--format", "markdown", "--output-dir", str(out), "--platform", "alibaba")
    assert sorted(p.name for p in out.glob("*.md")) == ["amazon-account-health.md", "index.md", "rfq.md", "rts.md"]
    run("rules", "--format", "markdown", "--output-dir", str(out), "--platform", "aliexpress", "--ruleset", "aeg")
    assert (out / "aeg.md").is_file() and not (out / "aliexpress-wholesale.md").exists()
    unknown = run("rules", "--format", "markdown", "--output-dir", str(out), "--plugin", "amazon")
    assert unknown.exit_code == 2 and "unknown plugin 'amazon'" in unknown.output


def test_rules_listing_filters_by_plugin_and_ruleset() -> None:
    result = run("rules", "--format", "json", "--plugin", "alibaba_rts")
    assert result.exit_code == 0
    assert {r["id"][:3] for r in json.loads(result.output)} == {"RTS"}
    result = run("rules", "--format", "json", "--ruleset", "rfq")
    assert {r["id"][:3] for r in json.loads(result.output)} == {"RFQ"}


def test_explain_in_both_languages() -> None:
    en = run("explain", "RFQ002")
    assert en.exit_code == 0
    for phrase in ("RFQ002 Response rate below", "What it checks", "Why it matters", "practitioner article",
                   "min_rate = 0.95", "[rules.RFQ002]", "Remedies", "response_rate — Response rate (ratio)"):
        assert phrase in en.stdout, phrase
    zh = run("explain", "response-rate-low", "--lang", "zh")
    assert "检查内容" in zh.stdout and "从业者文章" in zh.stdout and "改进措施" in zh.stdout


def test_explain_json_and_configured_parameters(tmp_path: Path) -> None:
    config = _file(tmp_path, "diagrules.toml", '[rules.RFQ002]\nmin_rate = 0.9\nseverity = "critical"\n')
    info = json.loads(run("explain", "rfq002", "--format", "json", "--config", config).stdout)
    (param,) = info["params"]
    assert {k: param[k] for k in ("name", "type", "default", "configured")} == {
        "name": "min_rate", "type": "float", "default": 0.95, "configured": 0.9}
    assert param["description"]
    assert info["severity"] == "critical" and info["default_severity"] == "error"
    assert info["official"] is False and info["source"]
    assert "# RFQ002 —" in run("explain", "RFQ002", "--format", "markdown").stdout


def test_explain_unknown_rule() -> None:
    result = run("explain", "RFQ0002")
    assert result.exit_code == 2 and "unknown rule 'RFQ0002'" in result.stderr and "did you mean" in result.stderr


def test_metrics_catalogue() -> None:
    result = run("metrics", "--platform", "alibaba")
    assert result.exit_code == 0 and "response_rate" in result.stdout and "及时回复率" in result.stdout
    data = {m["name"]: m for m in json.loads(run("metrics", "--format", "json", "--lang", "zh").stdout)}
    assert data["response_rate"]["label"] == "回复率" and data["response_rate"]["unit"] == "ratio"
    assert "回复率" in data["response_rate"]["aliases"]
    assert "| `response_rate` |" in run("metrics", "--format", "markdown").stdout


def test_plugins() -> None:
    result = run("plugins")
    assert result.exit_code == 0
    assert "alibaba_rfq  diagrules " in result.stdout and "(diagrules.builtin.alibaba.rfq)" in result.stdout
    assert "RFQ002" in result.stdout
    data = json.loads(run("plugins", "--format", "json").stdout)
    rfq = next(p for p in data["plugins"] if p["name"] == "alibaba_rfq")
    assert rfq["distribution"] == "diagrules" and rfq["version"]
    assert "RFQ002" in rfq["registered"]["rule"]
    assert data["failures"] == []


def test_plugins_blocked_by_config_are_listed(tmp_path: Path) -> None:
    config = _file(tmp_path, "diagrules.toml", '[plugins]\nblock = ["aliexpress_growth"]\n')
    data = json.loads(run("plugins", "--format", "json", "--config", config).stdout)
    assert "aliexpress_growth" in data["skipped"]
    assert all(p["name"] != "aliexpress_growth" for p in data["plugins"])


# -- demo, init, config ----------------------------------------------------------------------------------


def test_demo_shows_a_real_report() -> None:
    result = run("demo", "--lang", "zh")
    assert result.exit_code == 1  # the examples have warnings: the status check would give
    assert "行动计划" in result.stdout and "Shenzhen Demo Bags Co." in result.stdout
    assert "diagrules check" in result.stderr


def test_init_writes_a_valid_commented_starter(tmp_path: Path) -> None:
    result = run("init", "--lang", "zh")
    assert result.exit_code == 0
    text = (tmp_path / "diagrules.toml").read_text(encoding="utf-8")
    assert "本机已安装的规则集" in text and "rfq" in text and "RFQ" in text
    loaded = load_config(tmp_path / "diagrules.toml")
    assert loaded.config == Config()
    uncommented = "\n".join(line[2:] if line.startswith("# ") and " = " in line and not line.startswith("#   ")
                            else "" for line in text.splitlines())
    data = tomllib.loads(uncommented)
    assert data["fail-on"] == "warning" and data["lang"] == "zh"
    again = run("init")
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("init", "--force", "--lang", "en").exit_code == 0
    assert "Rule sets installed here" in (tmp_path / "diagrules.toml").read_text(encoding="utf-8")


def test_init_example_override_is_a_real_parameter(tmp_path: Path) -> None:
    run("init", "cfg.toml")
    text = (tmp_path / "cfg.toml").read_text(encoding="utf-8")
    block = text[text.index("# [rules."):].split("\n\n", 1)[0]
    body = "\n".join(line[2:] for line in block.splitlines())
    (tmp_path / "uncommented.toml").write_text(body + "\n", encoding="utf-8")
    assert run("check", _file(tmp_path, "g.toml", GOOD), "--config", str(tmp_path / "uncommented.toml"),
               "--select", "RFQ002").exit_code == 0


def test_config_prints_values_and_their_sources(tmp_path: Path) -> None:
    config = _file(tmp_path, "diagrules.toml", 'lang = "zh"\nselect = ["rfq"]\n[rules.RFQ002]\nmin_rate = 0.9\n'
                   '[[waivers]]\nrule = "RFQ002"\nreason = "新店"\nuntil = 2030-01-01\n')
    result = run("config", "--config", config, "--ignore", "RFQ001", "--lang", "en")
    assert result.exit_code == 0
    out = result.stdout
    assert f"# Configuration file: {config}" in out
    assert f'select = ["rfq"]  # {config}' in out
    assert 'ignore = ["RFQ001"]  # command line' in out
    assert 'fail-on = "warning"  # default' in out
    assert 'lang = "en"  # ' in out and "+ command line" in out
    parsed = tomllib.loads(out)
    assert Config.model_validate(parsed) == load_config(config, overrides={"ignore": ["RFQ001"], "lang": "en"}).config
    data = json.loads(run("config", "--config", config, "--format", "json").stdout)
    assert data["sources"]["rules"] == config and data["sources"]["checks"] == "default"


def test_config_without_a_file(tmp_path: Path) -> None:
    result = run("config", "--lang", "zh")
    assert result.exit_code == 0 and "未找到配置文件" in result.stdout and "# 默认值" in result.stdout


# -- help and version -----------------------------------------------------------------------------------


def test_help_and_version(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("check", "batch", "rules", "explain", "metrics", "plugins", "demo", "init", "config"):
        assert command in result.stdout
    assert run("--version").stdout.startswith("diagrules ")
    assert "--extend-select" in run("check", "--help").stdout
