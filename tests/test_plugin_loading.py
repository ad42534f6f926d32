"""Plugin loading through real entry points: failures, conflicts, strictness, allow/block lists.

Each test installs throw-away distributions the way pip would leave them — a package on
``sys.path`` next to a ``<name>-<version>.dist-info`` folder with ``entry_points.txt`` — so
``importlib.metadata`` discovers them and diagrules loads them exactly as in production.
"""

from __future__ import annotations

import ast
import importlib
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import diagrules
from diagrules import PluginError, PluginSettings, load_plugins

ROOT = Path(__file__).resolve().parents[1]

GOOD = '''
from diagrules import Metric, Platform, hookimpl, rule, text

SHOP = Platform("tinyshop", label=text(en="Tiny shop"))
VISITS = Metric("tiny_visits", unit="count")

@rule("TNY001", "tiny-no-visits", title=text(en="No visits"), platform="tinyshop", requires=[VISITS])
def no_visits(ctx, p):
    if ctx[VISITS] == 0:
        yield ctx.finding(observed=0)

@hookimpl
def diagrules_platforms():
    return [SHOP]

@hookimpl
def diagrules_metrics():
    return [VISITS]

@hookimpl
def diagrules_rules():
    return [no_visits]
'''

BROKEN = '''
raise ImportError("this plugin needs the 'numpy' package")
'''

DUPLICATE = '''
from diagrules import hookimpl, rule, text

@rule("TNY001", "tiny-copycat", title=text(en="A different rule with the same id"))
def copycat(ctx, p):
    return None

@hookimpl
def diagrules_rules():
    return [copycat]
'''

CYCLE = '''
from diagrules import Metric, hookimpl, ratio

A = Metric("loop_a", unit="number", derive=ratio("loop_b", "loop_c"))
B = Metric("loop_b", unit="number", derive=ratio("loop_a", "loop_c"))
C = Metric("loop_c", unit="number")

@hookimpl
def diagrules_metrics():
    return [A, B, C]
'''

MISSPELT = '''
from diagrules import hookimpl

@hookimpl
def diagrules_rule():
    return []
'''

Install = Callable[..., None]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Install fake distributions: ``install("diagrules-x", "1.0", {"x": source})``."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    modules: list[str] = []

    def add(dist: str, version: str, plugins: dict[str, str]) -> None:
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        lines = ["[diagrules]"]
        for name, source in plugins.items():
            module = f"_test_plugin_{name}_{tmp_path.name}".replace("-", "_")
            (site / f"{module}.py").write_text(textwrap.dedent(source))
            modules.append(module)
            lines.append(f"{name} = {module}")
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
        importlib.invalidate_caches()
        diagrules.purge_plugin_cache()

    yield add
    for module in modules:
        sys.modules.pop(module, None)
    diagrules.purge_plugin_cache()


def test_broken_plugin_is_reported_and_builtins_keep_working(install: Install) -> None:
    install("diagrules-broken", "1.2.3", {"broken": BROKEN})
    engine = diagrules.Engine()
    [failure] = [f for f in engine.plugins.failures if f.name == "broken"]
    assert (failure.distribution, failure.version) == ("diagrules-broken", "1.2.3")
    assert "plugin 'broken' from diagrules-broken 1.2.3 failed: ImportError" in failure.describe()
    assert "needs the 'numpy' package" in failure.describe()
    report = engine.evaluate({"platform": "alibaba", "store": "S", "metrics": {"response_rate": "90%"}})
    assert report.outcome("RFQ002").status.value == "failed"


def test_installed_plugin_is_loaded_with_its_distribution(install: Install) -> None:
    install("diagrules-tinyshop", "0.3.0", {"tinyshop": GOOD})
    info = load_plugins().info("tinyshop")
    assert info is not None and (info.distribution, info.version) == ("diagrules-tinyshop", "0.3.0")
    report = diagrules.Engine().evaluate({"platform": "tinyshop", "store": "T", "metrics": {"tiny_visits": 0}})
    assert report.outcome("TNY001").status.value == "failed"


def test_duplicate_rule_id_across_plugins_names_both(install: Install) -> None:
    install("diagrules-tinyshop", "0.3.0", {"tinyshop": GOOD})
    install("diagrules-copycat", "0.1.0", {"copycat": DUPLICATE})
    with pytest.raises(PluginError) as exc:
        diagrules.Engine()
    message = str(exc.value)
    assert "rule 'TNY001'" in message and "'tinyshop'" in message and "'copycat'" in message


def test_derivation_cycle_names_the_plugin(install: Install) -> None:
    install("diagrules-loops", "0.1.0", {"loops": CYCLE})
    with pytest.raises(PluginError, match=r"cycle: loop_a -> loop_b -> loop_a \(plugin 'loops'\)"):
        diagrules.Engine()


def test_misspelt_hook_is_a_failure_naming_the_plugin(install: Install) -> None:
    install("diagrules-typo", "0.1.0", {"typo": MISSPELT})
    loaded = load_plugins()
    [failure] = [f for f in loaded.failures if f.name == "typo"]
    assert "diagrules_rule" in failure.error and failure.distribution == "diagrules-typo"
    assert loaded.info("typo") is None


def test_strict_mode_from_the_environment_reraises(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("diagrules-broken", "1.2.3", {"broken": BROKEN})
    monkeypatch.setenv("DIAGRULES_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match=r"diagrules-broken 1\.2\.3 failed: ImportError.*strict"):
        load_plugins()


def test_strict_mode_from_settings_and_config_reraises(install: Install) -> None:
    install("diagrules-broken", "1.2.3", {"broken": BROKEN})
    with pytest.raises(PluginError, match="diagrules-broken"):
        load_plugins(PluginSettings(strict=True))
    with pytest.raises(PluginError, match="diagrules-broken"):
        diagrules.Engine({"plugins": {"strict": True}})


def test_autoload_can_be_disabled(install: Install, monkeypatch: pytest.MonkeyPatch) -> None:
    install("diagrules-tinyshop", "0.3.0", {"tinyshop": GOOD})
    assert load_plugins(PluginSettings(autoload=False)).plugins == []
    assert diagrules.Engine({"plugins": {"autoload": False}}).registry.rules == {}
    monkeypatch.setenv("DIAGRULES_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert load_plugins().plugins == []


def test_allow_list_loads_only_named_plugins(install: Install) -> None:
    install("diagrules-tinyshop", "0.3.0", {"tinyshop": GOOD})
    install("diagrules-broken", "1.2.3", {"broken": BROKEN})
    loaded = load_plugins(PluginSettings(allow=["tinyshop"]))
    assert [p.name for p in loaded.plugins] == ["tinyshop"]
    assert loaded.failures == [] and "broken" in loaded.skipped
    engine = diagrules.Engine({"plugins": {"autoload": False, "allow": ["tinyshop"]}})
    assert sorted(engine.registry.rules) == ["TNY001"]


def test_block_list_keeps_a_broken_plugin_out(install: Install) -> None:
    install("diagrules-broken", "1.2.3", {"broken": BROKEN})
    loaded = load_plugins(PluginSettings(block=["broken"]))
    assert loaded.failures == [] and loaded.skipped == ["broken"]
    assert loaded.info("alibaba_rfq") is not None


@pytest.mark.parametrize(
    "package", sorted(p.name for p in (ROOT / "plugins").iterdir() if (p / "pyproject.toml").is_file())
)
def test_example_plugins_import_only_the_public_api(package: str) -> None:
    """Third-party code may use ``diagrules.__all__`` only; internals can change any time."""
    public = set(diagrules.__all__)
    sources = sorted((ROOT / "plugins" / package / "src").rglob("*.py"))
    assert sources, package
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "diagrules":
                assert node.module == "diagrules", f"{path}: imports from {node.module}"
                private = {a.name for a in node.names} - public
                assert not private, f"{path}: imports {sorted(private)}, which diagrules does not export"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("diagrules."), f"{path}: imports {alias.name}"
            elif (
                isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "diagrules"
            ):
                assert node.attr in public, f"{path}: uses diagrules.{node.attr}"


def test_require_plugin_api_refuses_a_too_old_diagrules() -> None:
    diagrules.require_plugin_api(diagrules.PLUGIN_API_VERSION, "diagrules-example")  # current: fine
    with pytest.raises(ImportError, match=(
        rf"^diagrules-example needs diagrules plugin API {diagrules.PLUGIN_API_VERSION + 1} or newer, "
        rf"this diagrules \({diagrules.__version__}\) has {diagrules.PLUGIN_API_VERSION}; upgrade diagrules$"
    )):
        diagrules.require_plugin_api(diagrules.PLUGIN_API_VERSION + 1, "diagrules-example")


TYPO_PLACEHOLDER = '''
from diagrules import Metric, Platform, hookimpl, rule, text

SHOP = Platform("typoshop", label=text(en="Typo shop"))
VISITS = Metric("typo_visits", unit="count")

@rule("TYP001", "typo-visits", title=text(en="Visits"), platform="typoshop", requires=[VISITS],
      message=text(en="{obsreved} visits"))
def visits(ctx, p):
    return None

@hookimpl
def diagrules_platforms():
    return [SHOP]

@hookimpl
def diagrules_metrics():
    return [VISITS]

@hookimpl
def diagrules_rules():
    return [visits]
'''


def test_the_case_kit_says_why_a_rule_was_dropped_at_registration(install: Install) -> None:
    """Registration failures are per build, so the kit rebuilds the registry to report them."""
    from diagrules.testing import engine_for

    install("diagrules-typo", "0.3", {"typo": TYPO_PLACEHOLDER})
    with pytest.raises(diagrules.ConfigError) as exc:
        engine_for({"plugins": {"allow": ["typo"]}}, "TYP001")
    message = str(exc.value)
    assert "rule TYP001 is not registered by any loaded plugin" in message
    assert "plugin 'typo' from diagrules-typo 0.3 failed: rule TYP001 was not registered: it uses '{obsreved}'" in message


def _dist_with_entry_points(site: Path, name: str, entry_points: str) -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(entry_points)


@pytest.fixture
def no_pydantic_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """PYDANTIC_DISABLE_PLUGINS unset for the test, and whatever the test sets undone after it."""
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "placeholder")
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS")


@pytest.mark.usefixtures("no_pydantic_setting")
def test_pydantic_is_told_there_are_no_plugins_only_when_none_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from diagrules.plugins.loading import skip_pydantic_plugin_scan

    diagrules.purge_plugin_cache()
    skip_pydantic_plugin_scan()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"  # this venv has no pydantic plugin

    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS")
    _dist_with_entry_points(tmp_path, "pydantic_probe", "[pydantic]\nprobe = pydantic_probe:plugin\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    diagrules.purge_plugin_cache()
    skip_pydantic_plugin_scan()
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ  # an installed pydantic plugin keeps loading
    diagrules.purge_plugin_cache()


@pytest.mark.usefixtures("no_pydantic_setting")
def test_a_users_pydantic_plugin_setting_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from diagrules.plugins.loading import skip_pydantic_plugin_scan

    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "logfire")
    skip_pydantic_plugin_scan()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "logfire"


def test_entry_points_are_read_once_until_the_cache_is_purged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, install: Install
) -> None:
    from diagrules.plugins.loading import installed_entry_points

    before = {ep.name for ep in installed_entry_points("diagrules")}
    _dist_with_entry_points(tmp_path, "diagrules_unseen", "[diagrules]\nunseen = unseen_module\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    assert {ep.name for ep in installed_entry_points("diagrules")} == before  # one scan per process
    diagrules.purge_plugin_cache()
    assert {ep.name for ep in installed_entry_points("diagrules")} - before == {"unseen"}
    install("diagrules-late", "2.0", {"late": GOOD})
    info = load_plugins(PluginSettings(block=("unseen",))).info("late")
    assert info is not None and (info.distribution, info.version) == ("diagrules-late", "2.0")
