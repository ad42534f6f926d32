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
import time
from types import FrameType
from typing import Any

_state = {"armed": False, "installed": False, "user_interrupt": False, "watching": False}
#: A shared ``ctypes`` array of doubles (``multiprocessing.RawArray("d", n)``) a batch worker's
#: parent reads; item 0 is the ``time.monotonic()`` at which the running rule's budget was
#: armed, 0 between rules.
_heartbeat: list[Any] = [None]


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
    beat = _heartbeat[0]
    if beat is not None:
        beat[0] = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


def disarm() -> None:
    """Stop the budget (safe to call when it already fired)."""
    _state["armed"] = False
    signal.setitimer(signal.ITIMER_REAL, 0)
    beat = _heartbeat[0]
    if beat is not None:
        beat[0] = 0.0


def set_heartbeat(value: Any) -> None:
    """Publish rule start times in ``value[0]`` (a batch worker), so the parent can end a rule the
    timer cannot: one that catches :class:`RuleTimeout` with a bare ``except:``, or is stuck in
    native code. CLOCK_MONOTONIC is system-wide, so both processes read the same clock."""
    _heartbeat[0] = value


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _state["user_interrupt"] = True
    raise KeyboardInterrupt


def watch_interrupts() -> None:
    """Tell a real Ctrl-C apart from a rule raising ``KeyboardInterrupt`` itself.

    The engine turns a ``KeyboardInterrupt`` raised inside a rule into that rule's ``error``
    outcome, but Ctrl-C on the command must still stop it. When Python's default SIGINT handler
    is in place (and only then: a program's own handler is left alone), it is replaced by one
    that behaves the same and also notes that the signal came. Main thread only.
    """
    if _state["watching"] or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)
        _state["watching"] = True


def forget_interrupt() -> None:
    """Called as a rule starts: an earlier Ctrl-C, already handled, is not this rule's."""
    _state["user_interrupt"] = False


def user_interrupted() -> bool:
    """Whether SIGINT arrived since :func:`forget_interrupt` (a ``KeyboardInterrupt`` is the user's)."""
    return bool(_state["user_interrupt"])
