"""AliExpress merchant growth: 7 abilities, 48 metrics (prefix ``AEG``). Being written."""

from __future__ import annotations

from diagrules import Platform, hookimpl, text

ALIEXPRESS = Platform("aliexpress", label=text(en="AliExpress", zh="速卖通"))


@hookimpl
def diagrules_platforms() -> list[object]:
    return [ALIEXPRESS]
