"""Choosing Automatic settings off the GUI thread: it measures real training steps (seconds on a
CPU), so it runs in a worker, and only the latest request's choice is used.

Owned by the main window: it asks (`request`) when the user picks Automatic or its time budget, or
when the text or its data mode changes while Automatic is chosen; it hears `chosen` and shows the
choice in the settings panel. Requests for what was already chosen are ignored; a choice never
lands while training runs (the model's shape is fixed then).
"""

from __future__ import annotations

import logging

from PySide6 import QtCore

from gptstudio.ui.workers import CallWorker, WorkerThread

log = logging.getLogger(__name__)

DELAY_MS = 500  # a pause in typing or clicking before measuring


class AutomaticChooser(QtCore.QObject):
    chosen = QtCore.Signal(object)  # engine.auto_settings.AutoChoice
    failed = QtCore.Signal(str)

    def __init__(self, parent=None, busy=lambda: False):
        """busy(): other work is timing this computer or training on it (the step-time probe,
        a run): a measurement waits for it to end, and a choice arriving then is dropped."""
        super().__init__(parent)
        self._busy = busy
        self._thread: WorkerThread | None = None
        self._pending: tuple | None = None  # (key, text, mode, minutes, device) wanted next
        self._last: tuple | None = None  # the key of the choice last made (or being made)
        self._running_key: tuple | None = None
        self._failed: tuple | None = None  # the key whose choice last failed (asked again on request)
        self._timer = QtCore.QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._start)

    def assume(self, key: tuple) -> None:
        """The project's saved settings are Automatic's choice for this key: opening it again
        measures nothing (its settings would change with every opening otherwise)."""
        self._timer.stop()
        self._pending = None
        self._last = key

    def request(self, key: tuple, text: str, mode: str, minutes: int, device: str) -> bool:
        """Choose for this text, mode, time and device, unless a choice for the same key (what
        a choice depends on: engine.auto_settings.CorpusProfile.key, the time, the device) was made
        or is being made already. True when a new choice is on its way."""
        if key == self._last:
            return False
        self._last = key
        self._pending = (key, text, mode, minutes, device)
        self._timer.start()
        return True

    def forget(self) -> None:
        """Another project, or training starts: what was asked is dropped, and a measurement still
        running is not used."""
        self._timer.stop()
        self._pending = self._last = self._failed = None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_running()

    def is_due(self) -> bool:
        """A choice was asked for and has not arrived: it waits to start, is being measured, or
        is on its way to the GUI thread (the thread is dropped once its result was handed on)."""
        return self._pending is not None or self._thread is not None

    def is_choosing(self) -> bool:
        """A choice asked for has not been handed on yet (unlike is_due, not while its thread
        ends after handing it on: the settings shown are the choice by then)."""
        return self._pending is not None or self._running_key is not None

    def would_choose(self, key: tuple) -> bool:
        """A choice for this key is still to be made: nothing was chosen for it, nor did choosing
        for it fail (asking again tries again, but nothing is coming until then)."""
        return key != self._last and key != self._failed

    def stop_and_wait(self, timeout_ms: int = 30_000) -> bool:
        self._timer.stop()
        self._pending = None
        return self._thread is None or self._thread.stop_and_wait(timeout_ms)

    @QtCore.Slot()
    def _start(self) -> None:
        if self._pending is None:
            return
        if self.is_running() or self._busy():
            self._timer.start()  # one measurement at a time, on an otherwise idle computer
            return
        from gptstudio.projects.automatic import automatic_settings

        key, text, mode, minutes, device = self._pending
        self._pending = None
        worker = CallWorker(automatic_settings, text, mode, minutes, device, window_open=True)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        self._thread = WorkerThread(worker, self)
        self._thread.finished.connect(self._on_finished)
        self._running_key = key
        self._thread.start()

    @QtCore.Slot(object)
    def _on_done(self, choice) -> None:
        key, self._running_key = self._running_key, None  # handed on (or failed): no longer choosing
        if choice is None or key != self._last:
            return  # asked for something else since
        if self._busy():
            self._last = None  # training started meanwhile: its model's shape is fixed now
            return
        self.chosen.emit(choice)

    @QtCore.Slot(str)
    def _on_failed(self, message: str) -> None:
        log.warning("automatic settings failed: %s", message)
        # Not choosing any more before anyone hears of it: the notes redrawn on `failed` would
        # otherwise still say the settings are being chosen, and nothing would redraw them.
        key, self._running_key = self._running_key, None
        if key == self._last:
            # Asking again may work (a text fixed, a device back); until then nothing is coming.
            self._failed, self._last = self._last, None
            self.failed.emit(message)

    @QtCore.Slot()
    def _on_finished(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        self._thread = None
