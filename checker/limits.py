"""The hard time limit on one grading (SPEC §5 Safety: about 2 s, then ``invalid``).

Natively, a SIGALRM timer interrupts sympy wherever it is. Where signals are unavailable
(a thread other than the main one, or Pyodide), long loops call :func:`check` and the
browser additionally terminates and restarts its worker.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

from .errors import TooSlow

TIME_LIMIT = 2.0  # seconds
_deadline = [float("inf")]


def check() -> None:
    """Raise TooSlow if the current grading is past its deadline."""
    if time.monotonic() > _deadline[0]:
        raise TooSlow()


def _on_alarm(signum, frame):
    raise TooSlow()


@contextmanager
def time_limit(seconds: float = TIME_LIMIT):
    """Run the body with a hard limit of ``seconds``; raises TooSlow when it runs past."""
    previous = _deadline[0]
    _deadline[0] = time.monotonic() + seconds
    armed = False
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        try:
            old = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            armed = True
        except (ValueError, OSError, AttributeError):
            armed = False
    try:
        yield
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        _deadline[0] = previous
