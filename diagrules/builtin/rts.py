"""Alibaba.com Ready-To-Ship rules (prefix ``RTS``). Being written; registers nothing yet."""

from __future__ import annotations

from diagrules import hookimpl
from diagrules.builtin.alibaba import ALIBABA, SHARED_METRICS


@hookimpl
def diagrules_platforms() -> list[object]:
    return [ALIBABA]


@hookimpl
def diagrules_metrics() -> list[object]:
    return list(SHARED_METRICS)
