"""A test plugin whose rule hangs on one kind of store, for the rule time budget in batch runs.

Used together with ``toyplugin`` (it adds a rule to the ``toyshop`` platform). It lives in
``tests/`` so that batch worker processes, which rebuild the engine and re-import plugin
modules by name, can import it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from toyplugin import VISITS

from diagrules import Finding, Params, RuleContext, hookimpl, rule, text

#: A store with exactly this many visits makes the rule hang.
HANGING_VISITS = 13


@rule("SLP001", "hangs-on-thirteen", title=text(en="Hangs on 13 visits", zh="访客数为 13 时卡住"),
      platform="toyshop", requires=[VISITS])
def hangs_on_thirteen(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    if ctx[VISITS] == HANGING_VISITS:
        while True:  # a rule stuck in a loop on odd data; its broad except must not help it
            with contextlib.suppress(Exception):
                time.sleep(60)
    return
    yield  # pragma: no cover


@hookimpl
def diagrules_rules() -> list[object]:
    return [hangs_on_thirteen]
