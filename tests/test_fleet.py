"""The fleet path reports exactly what the per-store engine reports, store by store.

Thousands of generated stores — metrics missing, values exactly at thresholds and band values,
values that do not parse, unknown keys, aliases, odd envelopes, datasets, broken documents —
are diagnosed twice: by :func:`diagrules.fleet.evaluate_frame` and one by one by
``Engine.evaluate_many`` + ``finding_rows``. The finding rows must be equal (values, order,
message bytes) and every store row must agree with the store's report.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path
from typing import Any

import pytest
import toyplugin
from toychecks import CHECKS, ExtraMetrics

import diagrules
from diagrules import Metric, Severity, Status
from diagrules.batch.scale import finding_rows
from diagrules.core.errors import SnapshotError
from diagrules.fleet import FINDING_COLUMNS, STORE_COLUMNS, evaluate_frame
from diagrules.fleet.frame import FrameBuilder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import plugin as bench_plugin  # noqa: E402
from benchmarks import workload  # noqa: E402
from benchmarks.generate import TOML_PATH  # noqa: E402

TOY_CHECKS: list[dict[str, Any]] = [
    *CHECKS,
    {"id": "CHK012", "metric": "conversion", "fail": "< 0.0333", "message": {"en": "{observed} vs {threshold}"}},
]


def _toy(**config: Any) -> diagrules.Engine:
    data = {"plugins": {"autoload": False}, "checks": TOY_CHECKS, **config}
    return diagrules.Engine(data, plugins=[toyplugin, ExtraMetrics()])


# -- generating stores ------------------------------------------------------------------------

def _interesting(engine: diagrules.Engine) -> list[float]:
    """Numbers at which some rule, check or band changes its mind."""
    found: set[float] = {0.0, 1.0, 0.5, 100.0, 1000.0}
    for c in engine.plan.rules:
        fn = c.rule.fn
        for cond in (getattr(fn, "fail", None), getattr(fn, "warn", None)):
            if cond is not None:
                found.update(v for v in (cond.a, cond.b) if v is not None)
        for v in c.params.model_dump().values():
            if isinstance(v, int | float) and not isinstance(v, bool):
                found.add(float(v))
    for cards in engine.plan.scorecards.values():
        for sc in cards:
            for d in sc.dimensions:
                for m in d.metrics:
                    found.update(v for v in (m.pass_, m.excellent, m.poor) if v is not None)
    return sorted(found)


_LOW = {"ratio": 0.0, "percent": 0.0, "count": 0.0, "money": 0.0, "days": 0.0, "hours": 0.0, "seconds": 0.0}
_HIGH = {"ratio": 1.0, "percent": 100.0}


def _valid(rng: random.Random, metric: Metric, pool: list[float]) -> Any:
    """A value the metric accepts: often one of the interesting numbers, in every input shape."""
    if metric.unit == "bool":
        return rng.choice([True, False, 0, 1, "yes", "否"])
    if metric.unit == "enum":
        return rng.choice([*metric.choices, metric.choices[0].upper()])
    lo = metric.minimum if metric.minimum is not None else _LOW.get(metric.unit, -1e6)
    hi = metric.maximum if metric.maximum is not None else _HIGH.get(metric.unit, 1e6)
    roll = rng.random()
    if roll < 0.35:
        v = rng.choice(pool)
    elif roll < 0.40:
        v = rng.choice(pool) + rng.choice([1e-9, -1e-9, 1e-4, -1e-4, 0.005])
    elif metric.unit == "ratio":
        v = rng.random()
    else:
        v = rng.lognormvariate(2, 2) * rng.choice([1, 1, 1, -1])
    v = min(hi, max(lo, v))
    if metric.unit == "count":
        v = float(round(v))
    shape = rng.random()
    if shape < 0.08 and metric.unit == "ratio":
        return f"{v * 100!r}%"
    if shape < 0.12:
        return f"{v:,}" if metric.unit not in ("ratio", "change") else repr(v)
    if shape < 0.35 and v == int(v):
        return int(v)
    return v


def _value(rng: random.Random, metric: Metric, pool: list[float], dirty: bool) -> Any:
    if rng.random() < 0.04:
        return rng.choice([None, "", "  "])
    if not dirty or rng.random() < 0.9:
        return _valid(rng, metric, pool)
    return rng.choice(["abc", float("nan"), float("inf"), [1], {"x": 1}, True, 1.5, 93.5, 150, -0.1, 2.5,
                       10**30, "bogus", "1e400"])


def _stores(engine: diagrules.Engine, n: int, seed: int, platforms: list[str]) -> list[Any]:
    rng = random.Random(seed)
    reg = engine.registry
    pool = _interesting(engine)
    by_platform = {
        p: [m for m in reg.metrics.values() if m.platform in (p, None) and m.previous is None]
        for p in platforms
    }
    aliases = {}
    for (scope, key), name in reg.aliases.items():
        aliases.setdefault(name, []).append((scope, key))
    categories = [*sorted(engine.plan.benchmarks), "unlisted category", None, None]
    docs: list[Any] = []
    for k in range(n):
        platform = rng.choice(platforms)
        doc: dict[str, Any] = {"platform": platform, "store": rng.choice([f"Shop {k}", f"shop-{k}", "waived-1",
                                                                          "ignored-2", f"Shop {k % 7}"])}
        metrics: dict[str, Any] = {}
        dirty = rng.random() < 0.15
        chosen = [m for m in by_platform[platform] if rng.random() < rng.choice([0.3, 0.8, 1.0])]
        for m in chosen:
            key = m.name
            options = [a for scope, a in aliases.get(m.name, []) if scope in (platform, None)]
            if options and rng.random() < 0.1:
                key = rng.choice(options)
            metrics[key] = _value(rng, m, pool, dirty)
        rng.shuffle(order := list(metrics))
        doc["metrics"] = {key: metrics[key] for key in order}
        roll = rng.random()
        if roll < 0.01:
            doc["metrics"]["no_such_metric"] = 1
        elif roll < 0.015:
            doc["metrics"]["also_unknown"] = None
        elif roll < 0.02:
            doc["store"] = " padded "
        elif roll < 0.03:
            doc["datasets"] = {}
        elif roll < 0.035:
            doc["colour"] = "red"
        elif roll < 0.04:
            docs.append(rng.choice(["not a document", [1, 2], SnapshotError("line 3: bad JSON", location="x:3")]))
            continue
        if rng.random() < 0.3:
            doc["as_of"] = rng.choice(["2026-11-20", "2026-02-30", "20261120", None])
        if rng.random() < 0.3:
            stages = reg.platforms[platform].stages
            doc["seller_stage"] = rng.choice([*stages, "新店", "bogus"] if stages else ["anything", None])
        if rng.random() < 0.3:
            doc["category"] = rng.choice(categories)
        docs.append(doc)
    return docs


# -- the reference: store by store ------------------------------------------------------------

def _expected(engine: diagrules.Engine, docs: list[Any], sources: list[str], lang: str
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    stores: list[dict[str, Any]] = []
    for doc, source in zip(docs, sources, strict=True):
        (result,) = engine.evaluate_many([(source, doc)], errors="return")
        found = finding_rows(result, lang)
        rows += [{"source": source, **row} for row in found]
        if isinstance(result, diagrules.InvalidSnapshot):
            platform = doc.get("platform") if isinstance(doc, dict) else None
            stores.append({"store": result.store, "source": source,
                           "platform": platform if isinstance(platform, str) else None,
                           "status": "invalid", "worst": None, "errors": 0, "warnings": 0, "infos": 0,
                           "findings": 0, "rules_failed": 0, "rules_error": 0, "score": None,
                           "tier": None, "problem": found[0]["message"]})
            continue
        severities = [f.severity for f in result.findings]
        card = result.scores[0] if result.scores else None
        stores.append({
            "store": result.store, "source": source, "platform": result.platform,
            "status": "incomplete" if result.input_errors else "diagnosed",
            "worst": result.worst_severity().label if result.findings else None,
            "errors": sum(s in (Severity.ERROR, Severity.CRITICAL) for s in severities),
            "warnings": severities.count(Severity.WARNING), "infos": severities.count(Severity.INFO),
            "findings": len(severities),
            "rules_failed": sum(o.status is Status.FAILED for o in result.outcomes),
            "rules_error": sum(o.status is Status.ERROR for o in result.outcomes),
            "score": card.overall if card else None, "tier": card.tier if card else None, "problem": None,
        })
    return rows, stores


@pytest.fixture(autouse=True)
def _vector_forms_must_not_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    import diagrules.fleet.vector

    monkeypatch.setattr(diagrules.fleet.vector, "STRICT", True)


def _same(a: Any, b: Any) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def assert_same_as_per_store(engine: diagrules.Engine, docs: list[Any], lang: str) -> int:
    sources = [f"stores.jsonl:{i + 1}" for i in range(len(docs))]
    result = evaluate_frame(engine, docs, lang=lang, sources=sources)
    _frames, per_store = FrameBuilder(engine).build(docs)
    assert len(per_store) < 0.4 * len(docs), "the column path must take most stores"
    assert tuple(result.findings) == FINDING_COLUMNS and tuple(result.stores) == STORE_COLUMNS
    rows, stores = _expected(engine, docs, sources, lang)
    got = result.finding_rows()
    assert len(got) == len(rows)
    for mine, theirs in zip(got, rows, strict=True):
        assert all(_same(mine[k], theirs[k]) for k in FINDING_COLUMNS), [(k, mine[k], theirs[k]) for k in FINDING_COLUMNS if not _same(mine[k], theirs[k])]
        assert type(mine["observed"]) is type(theirs["observed"]), (mine, theirs)
    assert result.store_rows() == stores
    assert len(result) == len(docs)
    assert len(result.invalid) == sum(s["status"] == "invalid" for s in stores)
    return len(rows)


# -- the rule sets ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_builtin_rule_sets_and_plugins(lang: str) -> None:
    engine = diagrules.Engine()
    assert {"aliexpress", "alibaba"} <= set(engine.registry.platforms)
    docs = _stores(engine, 1500, seed=1 if lang == "en" else 2, platforms=sorted(engine.registry.platforms))
    assert assert_same_as_per_store(engine, docs, lang) > 1500


def test_aliexpress_with_every_metric_benchmarks_and_overrides() -> None:
    config = {
        "benchmarks": {"apparel": {"pay_conversion_rate": {"pass": 0.02, "excellent": 0.04}}},
        "rules": {"AEG012": {"threshold": 0.3}, "AEG020": {"severity": "critical"}, "AEG030": {"error_score": 50}},
        "select": ["AEG", "AEW"],
    }
    engine = diagrules.Engine(config)
    docs = _stores(engine, 1500, seed=3, platforms=["aliexpress"])
    assert assert_same_as_per_store(engine, docs, "en") > 1500


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_benchmark_hundred_checks(lang: str) -> None:
    engine = diagrules.Engine(diagrules.load_config(TOML_PATH), plugins=[bench_plugin])
    docs: list[Any] = list(workload.snapshots(800))
    docs += _stores(engine, 800, seed=4, platforms=["bench"])
    assert assert_same_as_per_store(engine, docs, lang) > 10 * 800


TOY_CONFIGS = {
    "default": {},
    "explicit-select": {"select": ["CHK", "TOY001", "OTH001"]},
    "overrides-and-waivers": {
        "rules": {"CHK002": {"severity": "error"}, "CHK007": {"severity": "warning"}},
        "waivers": [{"rule": "CHK004", "store": "waived-*", "reason": "seasonal"},
                    {"rule": "CHK001", "store": "shop-*", "reason": "old", "until": "2020-01-01"}],
    },
    "per-store-ignores": {"per-store-ignores": {"ignored-*": ["CHK001", "CHK003"], "Shop 1*": ["CHK"]}},
}


@pytest.mark.parametrize("name", list(TOY_CONFIGS))
def test_declarative_checks_of_every_shape(name: str) -> None:
    engine = _toy(**TOY_CONFIGS[name])
    docs = _stores(engine, 1200, seed=5, platforms=["toyshop", "othershop"])
    assert assert_same_as_per_store(engine, docs, "en") > 1200


def test_an_empty_chunk_and_mismatched_sources() -> None:
    engine = _toy()
    result = evaluate_frame(engine, [])
    assert len(result) == 0 and result.finding_rows() == [] and result.invalid == []
    with pytest.raises(ValueError, match="2 documents but 1 sources"):
        evaluate_frame(engine, [{}, {}], sources=["a"])


def test_an_engine_is_not_kept_alive_by_the_fleet_path() -> None:
    import gc
    import weakref

    engine = _toy()
    evaluate_frame(engine, [{"platform": "toyshop", "store": "s", "metrics": {"visits": 1}}])
    ref = weakref.ref(engine)
    del engine
    gc.collect()
    assert ref() is None


def test_importing_the_package_does_not_import_numpy() -> None:
    import subprocess

    code = "import sys, diagrules.fleet; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
