"""A time budget for rule functions.

A rule that loops forever on odd data must not stall a batch of a million stores. When a budget
is configured (``rule-timeout`` in seconds; ``diagrules batch`` sets one by default), each rule
call is guarded by a ``SIGALRM`` interval timer; a rule that overruns is interrupted and its
outcome is ``error`` with the reason. Signals only reach the main thread, so the guard is active
in the main thread of a process (the CLI and batch workers) and silently off elsewhere — a rule
is then simply not interrupted, never wrongly reported.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

_state = {"armed": False, "installed": False}


class RuleTimeout(BaseException):
    """Raised inside a rule that ran past its budget.

    A BaseException, so that a rule's own ``except Exception`` cannot swallow it.
    """


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if _state["armed"]:
        _state["armed"] = False
        raise RuleTimeout()


def arm(seconds: float) -> bool:
    """Start the budget; return False when it cannot be enforced in this thread."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    if not _state["installed"]:
        signal.signal(signal.SIGALRM, _on_alarm)
        _state["installed"] = True
    _state["armed"] = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


def disarm() -> None:
    """Stop the budget (safe to call when it already fired)."""
    _state["armed"] = False
    signal.setitimer(signal.ITIMER_REAL, 0)
