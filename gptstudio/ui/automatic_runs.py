"""Choosing Automatic settings off the GUI thread: it measures real training steps (seconds on a
CPU), so it runs in a worker, and only the latest request's choice is used.

Owned by the main window: it asks (`request`) when the user picks Automatic or its time budget, or
when the text or its data mode changes while Automatic is chosen; it hears `chosen` and shows the
choice in the settings panel. Requests for what was already chosen are ignored.
"""

from __future__ import annotations

import hashlib
import logging

from PySide6 import QtCore

from gptstudio.ui.workers import CallWorker, WorkerThread

log = logging.getLogger(__name__)

DELAY_MS = 500  # a pause in typing or clicking before measuring


class AutomaticChooser(QtCore.QObject):
    chosen = QtCore.Signal(object)  # engine.auto_settings.AutoChoice
    failed = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread: WorkerThread | None = None
        self._pending: tuple | None = None  # (text, mode, minutes, device) wanted next
        self._last: tuple | None = None  # the key of the choice last made (or being made)
        self._running_key: tuple | None = None
        self._timer = QtCore.QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._start)

    @staticmethod
    def _key(text: str, mode: str, minutes: int, device: str) -> tuple:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest(), mode, minutes, device

    def assume(self, text: str, mode: str, minutes: int, device: str) -> None:
        """The project's saved settings are Automatic's choice for this: opening it again measures
        nothing (the settings would change with every opening otherwise)."""
        self._timer.stop()
        self._pending = None
        self._last = self._key(text, mode, minutes, device)

    def request(self, text: str, mode: str, minutes: int, device: str) -> bool:
        """Choose for this text, mode, time and device, unless that choice was made (or is being
        made) already. True when a new choice is on its way."""
        key = self._key(text, mode, minutes, device)
        if key == self._last:
            return False
        self._last = key
        self._pending = (key, text, mode, minutes, device)
        self._timer.start()
        return True

    def forget(self) -> None:
        """Another project: whatever was asked for the last one is dropped."""
        self._timer.stop()
        self._pending = self._last = None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_running()

    def stop_and_wait(self, timeout_ms: int = 30_000) -> bool:
        self._timer.stop()
        self._pending = None
        return self._thread is None or self._thread.stop_and_wait(timeout_ms)

    @QtCore.Slot()
    def _start(self) -> None:
        if self._pending is None:
            return
        if self.is_running():
            self._timer.start()  # one measurement at a time: the latest request waits its turn
            return
        from gptstudio.projects.automatic import automatic_settings

        key, text, mode, minutes, device = self._pending
        self._pending = None
        worker = CallWorker(automatic_settings, text, mode, minutes, device)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        self._thread = WorkerThread(worker, self)
        self._thread.finished.connect(self._on_finished)
        self._running_key = key
        self._thread.start()

    @QtCore.Slot(object)
    def _on_done(self, choice) -> None:
        if choice is not None and self._running_key == self._last:
            self.chosen.emit(choice)

    @QtCore.Slot(str)
    def _on_failed(self, message: str) -> None:
        log.warning("automatic settings failed: %s", message)
        if self._running_key == self._last:
            self._last = None  # asking again may work (a text fixed, a device back)
            self.failed.emit(message)

    @QtCore.Slot()
    def _on_finished(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        self._thread = None
