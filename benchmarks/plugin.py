"""The benchmark's plugin: a ``bench`` platform with 60 input metrics and 30 derived ratios.

It is passed explicitly (``Engine(config, plugins=[benchmarks.plugin])``), never installed
as an entry point, so the benchmark does not leak into users' rule catalogues. Being a module,
the engine pickles it by name, so worker processes rebuild the same engine.
"""

from __future__ import annotations

from benchmarks.workload import N_METRICS, RATIO_PAIRS, metric_name, ratio_name
from diagrules import Metric, Platform, hookimpl, ratio, text

PLATFORM = Platform("bench", label=text(en="Benchmark shop", zh="基准测试店铺"))

METRICS = [
    Metric(metric_name(i), unit="number", label=text(en=f"Metric {i}", zh=f"指标{i}"), platform="bench")
    for i in range(N_METRICS)
]
RATIOS = [
    Metric(
        ratio_name(j), unit="number", derive=ratio(metric_name(a), metric_name(b)),
        label=text(en=f"Ratio {j}", zh=f"比率{j}"), platform="bench",
    )
    for j, (a, b) in enumerate(RATIO_PAIRS)
]


@hookimpl
def diagrules_platforms() -> list[Platform]:
    return [PLATFORM]


@hookimpl
def diagrules_metrics() -> list[Metric]:
    return [*METRICS, *RATIOS]
