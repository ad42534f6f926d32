"""What plugins register is validated: conflicts and broken derivations are errors naming the
plugins; an invalid object costs only its own plugin."""

from __future__ import annotations

import pytest
import toyplugin
from conftest import toy_snapshot

import diagrules
from diagrules import Metric, PluginError, hookimpl, ratio, rule, text


def engine_with(*plugins, strict=False):
    return diagrules.Engine({"plugins": {"autoload": False, "strict": strict}}, plugins=[toyplugin, *plugins])


class Returns:
    """A plugin object whose hooks return what it is given."""

    def __init__(self, name, **hooks):
        self.__name__ = name
        for hook, value in hooks.items():
            setattr(self, hook, hookimpl(specname=hook)(lambda value=value: value))


def test_duplicate_rule_id_names_both_plugins():
    clash = rule("TOY001", "another-name", title=text(en="x"), platform="toyshop")(lambda ctx, p: None)
    with pytest.raises(PluginError) as exc:
        engine_with(Returns("clashing_plugin", diagrules_rules=[clash]))
    assert "rule 'TOY001'" in str(exc.value)
    assert "'toyplugin'" in str(exc.value) and "'clashing_plugin'" in str(exc.value)


def test_identical_redeclaration_is_merged():
    engine = engine_with(Returns("again", diagrules_metrics=[toyplugin.VISITS],
                                 diagrules_platforms=[toyplugin.SHOP]))
    assert engine.registry.owner("metric", "visits") == "toyplugin"


def test_conflicting_metric_definition_names_both():
    other = Metric("visits", unit="ratio")
    with pytest.raises(PluginError, match="metric 'visits' is registered by two plugins"):
        engine_with(Returns("other_metrics", diagrules_metrics=[other]))


def test_derivation_cycle_names_the_plugin():
    a = Metric("cyc_a", derive=ratio("cyc_b", "visits"))
    b = Metric("cyc_b", derive=ratio("cyc_a", "visits"))
    with pytest.raises(PluginError) as exc:
        engine_with(Returns("cyclic", diagrules_metrics=[a, b]))
    assert "cycle: cyc_a -> cyc_b -> cyc_a" in str(exc.value) and "'cyclic'" in str(exc.value)


def test_dangling_derivation_names_the_plugin():
    a = Metric("dangling", derive=ratio("nowhere", "visits"))
    with pytest.raises(PluginError, match="'dangling' .*plugin 'hanging'.* unknown metric 'nowhere'"):
        engine_with(Returns("hanging", diagrules_metrics=[a]))


def test_invalid_object_is_reported_and_others_work():
    engine = engine_with(Returns("sloppy", diagrules_rules=["not a rule"], diagrules_metrics=42))
    failures = {f.name: f.error for f in engine.registry.failures}
    assert "not a Rule" in failures["sloppy"] or "must return a list" in failures["sloppy"]
    assert engine.evaluate(toy_snapshot(visits=10, orders=1)).outcome("TOY001")


def test_rule_with_unknown_metric_is_dropped_and_reported():
    orphan = rule("ORF001", "orphan-rule", title=text(en="x"), platform="toyshop",
                  requires=["no_such_metric"])(lambda ctx, p: None)
    engine = engine_with(Returns("outdated", diagrules_rules=[orphan]))
    assert "ORF001" not in engine.registry.rules
    (failure,) = [f for f in engine.registry.failures if f.name == "outdated"]
    assert "rule ORF001 was not registered: it requires unknown metric 'no_such_metric'" in failure.error
    with pytest.raises(PluginError):
        engine_with(Returns("outdated_strict", diagrules_rules=[orphan]), strict=True)


def test_hook_that_raises_is_reported():
    class Raising:
        __name__ = "raising"

        @hookimpl
        def diagrules_rules(self):
            raise RuntimeError("cannot build rules")

    engine = engine_with(Raising())
    assert any("diagrules_rules() raised RuntimeError" in f.error for f in engine.registry.failures)


def test_misspelt_hook_is_reported_by_check_pending():
    class Misspelt:
        __name__ = "misspelt"

        @hookimpl
        def diagrules_rulez(self):
            return []

    engine = engine_with(Misspelt())
    assert any(f.name == "misspelt" and "unknown hook" in f.error for f in engine.plugins.failures)


def test_aliases_are_scoped_by_platform():
    a = Metric("toy_service", unit="score", platform="toyshop", aliases=["服务分"])
    b = Metric("other_service", unit="score", platform="othershop", aliases=["服务分"])
    engine = engine_with(Returns("services", diagrules_metrics=[a, b]))
    toy = engine.prepare({"platform": "toyshop", "store": "S", "metrics": {"服务分": 70}})
    other = engine.prepare({"platform": "othershop", "store": "S", "metrics": {"服务分": 80}})
    assert toy.metrics["toy_service"] == 70 and other.metrics["other_service"] == 80
    clash = Metric("toy_service2", unit="score", platform="toyshop", aliases=["服务分"])
    engine = engine_with(Returns("services", diagrules_metrics=[a]), Returns("clasher", diagrules_metrics=[clash]))
    (failure,) = [f for f in engine.registry.failures if f.name == "clasher"]
    assert "alias '服务分' of metric 'toy_service2' is ignored: it already names 'toy_service'" in failure.error
    assert engine.prepare({"platform": "toyshop", "store": "S", "metrics": {"服务分": 1}}).metrics == {"toy_service": 1}
    with pytest.raises(PluginError):
        engine_with(Returns("services", diagrules_metrics=[a]), Returns("clasher", diagrules_metrics=[clash]),
                    strict=True)


def test_every_installed_rule_accepts_its_own_defaults():
    """The plan trusts default parameters without validating them; this is the check."""
    engine = diagrules.Engine()
    for r in engine.registry.rules.values():
        validated = r.params.model_validate({})
        assert validated == r.params.model_construct(), r.id


def test_building_many_engines_keeps_failures_and_memory_flat():
    """The loaded plugins are cached and shared; each build reports its own failures only.

    Building engines used to append registration failures to the shared cache, so the third
    engine reported three copies of one failure and a long-lived host grew without bound.
    """
    import gc
    import tracemalloc

    sloppy = Returns("sloppy", diagrules_rules=["not a rule"])

    def build():
        return engine_with(sloppy)

    first = build()
    assert [f.name for f in first.registry.failures] == ["sloppy"]
    for _ in range(5):  # warm caches (plugin cache, interned strings) before measuring
        build()
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(100):
            engine = build()
            assert [f.name for f in engine.registry.failures] == ["sloppy"]
        del engine
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [f.name for f in first.plugins.failures] == []
    assert after - before < 200_000, f"building 100 engines kept {after - before} bytes"
