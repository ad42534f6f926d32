"""``ctx.memo``: a view of a store's data computed once per store and shared by its rules."""

from __future__ import annotations

from collections.abc import Iterator

import toyplugin
from conftest import toy_snapshot

import diagrules
from diagrules import Finding, Params, RuleContext, Skip, Status, hookimpl, rule, text

_KEY = ("test_context_memo", "sold, most first")


def _plugin(calls: list[str]) -> object:
    """Two rules reading one memoised view, and one whose view always skips."""

    def by_sales(ctx: RuleContext) -> list[str]:
        def compute() -> list[str]:
            calls.append(ctx.store)
            return [r.sku for r in sorted(ctx.rows(toyplugin.ITEMS), key=lambda r: -r.sold)]

        return ctx.memo(_KEY, compute)

    @rule("MEMO001", "best-seller", title=text(en="Best seller", zh="畅销品"), platform="toyshop",
          datasets=[toyplugin.ITEMS], severity="info")
    def best(ctx: RuleContext, p: Params) -> Iterator[Finding]:
        yield ctx.finding(item=by_sales(ctx)[0])

    @rule("MEMO002", "worst-seller", title=text(en="Worst seller", zh="滞销品"), platform="toyshop",
          datasets=[toyplugin.ITEMS], severity="info")
    def worst(ctx: RuleContext, p: Params) -> Iterator[Finding]:
        yield ctx.finding(item=by_sales(ctx)[-1])

    def thin() -> int:
        calls.append("skip")
        raise Skip(text(en="too thin", zh="数据太少"))

    @rule("MEMO003", "thin-a", title=text(en="Thin A", zh="甲"), platform="toyshop",
          datasets=[toyplugin.ITEMS], severity="info")
    def thin_a(ctx: RuleContext, p: Params) -> Iterator[Finding]:
        ctx.memo(("test_context_memo", "thin"), thin)
        yield from ()

    @rule("MEMO004", "thin-b", title=text(en="Thin B", zh="乙"), platform="toyshop",
          datasets=[toyplugin.ITEMS], severity="info")
    def thin_b(ctx: RuleContext, p: Params) -> Iterator[Finding]:
        ctx.memo(("test_context_memo", "thin"), thin)
        yield from ()

    class Plugin:
        @hookimpl
        def diagrules_rules(self) -> list[object]:
            return [best, worst, thin_a, thin_b]

    return Plugin()


def _store(name: str, sold: list[int]) -> dict[str, object]:
    snap = toy_snapshot(visits=1)
    snap["store"] = name
    snap["datasets"] = {"items": [{"sku": f"S{i}", "sold": n} for i, n in enumerate(sold)]}
    return snap


def test_a_view_is_computed_once_per_store_and_never_shared_between_stores() -> None:
    calls: list[str] = []
    engine = diagrules.Engine({"plugins": {"autoload": False}}, plugins=[toyplugin, _plugin(calls)])
    first = engine.evaluate(_store("A", [1, 5, 3]))
    second = engine.evaluate(_store("B", [9, 0, 2]))
    assert calls.count("A") == 1 and calls.count("B") == 1
    assert [f.item for f in first.findings if f.rule.startswith("MEMO")] == ["S1", "S0"]
    assert [f.item for f in second.findings if f.rule.startswith("MEMO")] == ["S0", "S1"]


def test_an_exception_is_not_remembered_each_rule_sees_it() -> None:
    calls: list[str] = []
    engine = diagrules.Engine({"plugins": {"autoload": False}}, plugins=[toyplugin, _plugin(calls)])
    report = engine.evaluate(_store("A", [1]))
    assert calls.count("skip") == 2
    assert report.outcome("MEMO003").status is Status.SKIPPED
    assert report.outcome("MEMO004").status is Status.SKIPPED
