"""The training run the Train tab starts, pauses, resumes and stops: its worker thread, and the
engine's events told apart by type for whoever follows the run (the tab, the window)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore

from gptstudio.engine.events import CheckpointEvent, StartedEvent
from gptstudio.ui.workers import TrainJob, TrainWorker, WorkerThread


class TrainRun(QtCore.QObject):
    """At most one training worker at a time. Its events go straight to `on_events` (the tab's
    plot and progress), then the two that others act on are sent on their own: `started` (the
    device is known, the settings lock) and `saved` (a checkpoint: Generate, Look inside and the
    tokenizer follow the new model)."""

    started = QtCore.Signal(object)  # the StartedEvent
    saved = QtCore.Signal(object)  # a CheckpointEvent
    failed = QtCore.Signal(str)  # a sentence for the user
    done = QtCore.Signal(object)  # the worker's result (a dict), or None when it failed
    ended = QtCore.Signal()  # the thread has ended: is_running() is False from now on

    def __init__(self, on_events: Callable[[list], None], parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self._on_events = on_events  # a list of engine events, as the worker batched them
        self.thread: WorkerThread | None = None

    def is_running(self) -> bool:
        return self.thread is not None and self.thread.is_running()

    def start(self, job: TrainJob) -> bool:
        """Start training `job` in its own thread; False when one already runs."""
        if self.is_running():
            return False
        worker = TrainWorker(job)
        worker.events.connect(self._on_events)
        worker.events.connect(self._dispatch)
        worker.failed.connect(self.failed)
        worker.done.connect(self.done)
        self.thread = WorkerThread(worker, self)
        self.thread.finished.connect(self._drop_finished_thread)
        self.thread.start()  # a refused thread reports through failed and done, as a failed run
        return True

    def pause(self) -> bool:
        if self.is_running():
            self.thread.control.pause()
            return True
        return False

    def resume(self) -> bool:
        if self.is_running():
            self.thread.control.resume()
            return True
        return False

    def stop(self) -> bool:
        if self.is_running():
            self.thread.control.stop()
            return True
        return False

    def stop_and_wait(self, timeout_ms: int) -> bool:
        return self.thread is None or self.thread.stop_and_wait(timeout_ms)

    @QtCore.Slot(object)
    def _dispatch(self, events: list) -> None:
        for event in events:
            match event:
                case StartedEvent():
                    self.started.emit(event)
                case CheckpointEvent():
                    self.saved.emit(event)

    @QtCore.Slot()
    def _drop_finished_thread(self) -> None:
        if self.thread is not None and self.thread.done and not self.thread.is_running():
            self.thread = None
        self.ended.emit()
