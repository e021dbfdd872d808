"""A broken PySide6 release (6.12.0 on Python 3.11) aborts after a few thousand cross-thread signal
emits. This test emits 5,000 with the engine's real event objects so such a release is caught."""

from PySide6 import QtCore

from gptstudio.engine.events import StepEvent
from gptstudio.ui.workers import WorkerThread, _Worker

COUNT = 5000


class Flood(_Worker):
    event = QtCore.Signal(object)

    def work(self):
        for i in range(COUNT):
            self.event.emit(StepEvent(i + 1, COUNT, 1.0 / (i + 1), 1e-3, 1000.0, 0.1, 0.0))
        return COUNT


class Receiver(QtCore.QObject):
    def __init__(self):
        super().__init__()
        self.steps = []
        self.thread_ok = True

    @QtCore.Slot(object)
    def on_event(self, event):
        self.thread_ok &= QtCore.QThread.currentThread() is QtCore.QCoreApplication.instance().thread()
        self.steps.append(event.step)


def test_five_thousand_cross_thread_signals(qtbot):
    receiver = Receiver()
    worker = Flood()
    worker.event.connect(receiver.on_event)
    holder = WorkerThread(worker)
    with qtbot.waitSignal(worker.done, timeout=60_000):
        holder.start()
    qtbot.waitUntil(lambda: len(receiver.steps) == COUNT, timeout=60_000)
    assert receiver.steps == list(range(1, COUNT + 1))
    assert receiver.thread_ok
    assert holder.stop_and_wait(10_000)
