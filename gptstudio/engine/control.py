"""RunControl: pause, resume and stop a running loop from another thread.

These are `threading.Event` flags the loop checks between steps. A queued Qt signal would be
delivered only after the loop ended (STYLE.md, "Two Qt thread facts"), so flags it is.
"""

from __future__ import annotations

import threading


class RunControl:
    def __init__(self) -> None:
        self._stop = threading.Event()
        self._running = threading.Event()  # set = not paused
        self._running.set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._stop.set()
        self._running.set()  # a paused loop must wake up to see the stop

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_if_paused(self, poll_s: float = 0.1) -> None:
        """Block while paused; returns at once when running or stopped."""
        while not self._running.wait(poll_s):
            if self._stop.is_set():
                return
