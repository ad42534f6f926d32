"""The collector sees only an evaluation's own objects while it runs, and is left as it was found."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
import toyplugin
from conftest import toy_snapshot

import diagrules
from diagrules import Finding, Params, RuleContext, hookimpl, rule, text
from diagrules.core.collector import YoungObjectsOnly


def _engine(seen: list[int]) -> diagrules.Engine:
    @rule("GC001", "freeze-probe", title=text(en="Freeze probe", zh="冻结探测"), platform="toyshop",
          severity="info")
    def probe(ctx: RuleContext, p: Params) -> Iterator[Finding]:
        seen.append(gc.get_freeze_count())
        seen.append(gc.get_threshold()[2])
        yield from ()

    class Plugin:
        @hookimpl
        def diagrules_rules(self) -> list[object]:
            return [probe]

    return diagrules.Engine({"plugins": {"autoload": False}}, plugins=[toyplugin, Plugin()])


def test_the_heap_is_set_aside_during_evaluation_and_restored_after() -> None:
    seen: list[int] = []
    engine = _engine(seen)
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    engine.evaluate(toy_snapshot(visits=1))
    assert seen[0] > 0  # the engine, the rows and the modules are frozen meanwhile
    assert seen[1] > 10**6  # and no full collection walks what the evaluation made
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds


def test_an_application_s_frozen_heap_is_not_unfrozen() -> None:
    seen: list[int] = []
    engine = _engine(seen)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        engine.evaluate(toy_snapshot(visits=1))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert seen[0] >= frozen
    assert seen[1] == gc.get_threshold()[2]  # the thresholds were left alone too


def test_a_disabled_collector_is_left_alone_and_an_error_still_unfreezes() -> None:
    gc.disable()
    try:
        with YoungObjectsOnly():
            assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), YoungObjectsOnly():
        assert gc.get_freeze_count() > 0
        raise RuntimeError("a bug in the block")
    assert gc.get_freeze_count() == 0
