"""A test plugin whose rule misbehaves in every way issue 14 found, chosen by the store's visits.

Used with ``toyplugin`` (it adds a rule to the ``toyshop`` platform). It lives in ``tests/`` so
batch workers, which rebuild the engine and re-import plugins by name, can import it. The
values that end the process (``os._exit``, a signal) must only be used in batch workers.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator

from toyplugin import VISITS

from diagrules import Finding, Params, RuleContext, hookimpl, rule, text
from diagrules.engine.budget import RuleTimeout

SYS_EXIT = 101
KEYBOARD_INTERRUPT = 102
RULE_TIMEOUT = 103
OS_EXIT = 104
SWALLOWS_BUDGET = 105
SEGFAULT = 106


@rule("HST001", "misbehaves", title=text(en="Misbehaves on odd visits", zh="访客数异常时出错"),
      platform="toyshop", requires=[VISITS])
def misbehaves(ctx: RuleContext, p: Params) -> Iterator[Finding]:
    visits = ctx[VISITS]
    if visits == SYS_EXIT:
        sys.exit(0)
    if visits == KEYBOARD_INTERRUPT:
        raise KeyboardInterrupt
    if visits == RULE_TIMEOUT:
        raise RuleTimeout()
    if visits == OS_EXIT:
        os._exit(3)
    if visits == SEGFAULT:
        os.kill(os.getpid(), signal.SIGSEGV)
    if visits == SWALLOWS_BUDGET:
        while True:  # a bare except swallows the budget's interrupt, every time
            try:
                time.sleep(60)
            except:  # noqa: E722
                pass
    return
    yield  # pragma: no cover


@hookimpl
def diagrules_rules() -> list[object]:
    return [misbehaves]
