"""docs/configuration.md documents every configuration key the model accepts."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from diagrules.config.settings import BandOverride, CheckConfig, Config, HistoryConfig, PluginsConfig, Waiver

DOC = (Path(__file__).parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")


def keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def test_every_top_level_key_has_a_section():
    for key in keys(Config):
        assert f"### `{key}`" in DOC, f"docs/configuration.md lacks a '### `{key}`' section"


def test_every_nested_key_is_documented():
    for model in (Waiver, CheckConfig, PluginsConfig, BandOverride, HistoryConfig):
        for key in keys(model):
            assert f"`{key}`" in DOC, f"docs/configuration.md does not mention `{key}` of {model.__name__}"


def test_documented_example_is_valid(tmp_path):
    import re

    from diagrules.config.settings import load_config

    block = re.search(r"```toml\n(.*?)```", DOC, re.S)
    assert block is not None
    path = tmp_path / "diagrules.toml"
    path.write_text(block.group(1), encoding="utf-8")
    config = load_config(path).config
    assert config.lang == "zh" and config.checks[0].id == "MY001"
    assert config.benchmarks["apparel"]["pay_conversion_rate"].pass_ == 0.012


def test_documented_example_builds_an_engine_with_the_builtin_rules(tmp_path):
    import re

    import diagrules

    block = re.search(r"```toml\n(.*?)```", DOC, re.S)
    assert block is not None
    path = tmp_path / "diagrules.toml"
    path.write_text(block.group(1).replace('block = ["some_plugin"]', "block = []"), encoding="utf-8")
    engine = diagrules.Engine.from_config(path)
    ids = {c.rule.id for c in engine.plan.rules}
    assert "RFQ002" in ids and "RFQ009" not in ids and "MY001" in ids and "RTS003" in ids
