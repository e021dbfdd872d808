"""Letting Qt run in the screenshot scripts until something is on screen."""

from __future__ import annotations

import time


def pump(seconds: float = 0.3, until=None, timeout: float = 900) -> None:
    """Run the event loop (sleeping when idle, as the real app does) for `seconds`, or until
    `until()` holds (at most `timeout` seconds): a busy loop would steal the CPU the workers use."""
    from PySide6 import QtCore

    end = time.perf_counter() + (timeout if until else seconds)
    while time.perf_counter() < end and not (until is not None and until()):
        loop = QtCore.QEventLoop()
        QtCore.QTimer.singleShot(50, loop.quit)
        loop.exec()
