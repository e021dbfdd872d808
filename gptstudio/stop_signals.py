"""The operating system asking GPT Studio to stop: Ctrl-C (SIGINT), SIGTERM (a logout, `timeout`,
`docker stop`, `kill`) and SIGHUP (the terminal was closed) all mean "save and stop".

Without a handler SIGTERM and SIGHUP end the process on the spot: the steps since the last
checkpoint are lost and the project's lock is left behind. With StopSignals the first of them calls
`on_first` (the command sets its RunControl's stop, so training saves a checkpoint, the lock is
released and the command exits). What a second signal does is the caller's choice: the CLI stops at
once (KeyboardInterrupt: every file is written atomically, so an interrupted save leaves the
previous checkpoint whole), the app ignores it while it saves.

Stdlib only, no Qt: the CLI and the app (ui/app.py, which wakes its event loop for them) share it.
Handlers can only be installed from the main thread; elsewhere StopSignals does nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

# SIGHUP does not exist on Windows; SIGTERM does, but only `os.kill` raises it there.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


def signal_name(signum: int) -> str:
    """"SIGTERM", or "Ctrl-C" for SIGINT: what a user would recognise."""
    if signum == signal.SIGINT:
        return "Ctrl-C"
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


class StopSignals:
    """`with StopSignals(on_first):` handles the stop signals for the block, then puts back the
    handlers there were. on_first(signum) is called for the first signal; a later one raises
    KeyboardInterrupt when abort_on_second, else it calls on_again(signum) if given."""

    def __init__(self, on_first: Callable[[int], None], *, abort_on_second: bool = True,
                 on_again: Callable[[int], None] | None = None):
        self.on_first, self.on_again = on_first, on_again
        self.abort_on_second = abort_on_second
        self.received: list[int] = []
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        # Stopping because of a signal: one more while the process ends is ignored, as it was
        # while saving, instead of killing it half-way out (the default action, restored).
        ending = bool(self.received) and not self.abort_on_second
        for signum, previous in self._previous.items():
            signal.signal(signum, signal.SIG_IGN if ending else previous)
        self._previous.clear()

    def _handle(self, signum: int, _frame) -> None:
        self.received.append(signum)
        if len(self.received) == 1:
            self.on_first(signum)
        elif self.abort_on_second:
            raise KeyboardInterrupt
        elif self.on_again is not None:
            self.on_again(signum)
