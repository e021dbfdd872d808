"""threads.Job, the one way the app runs background work: what the GUI thread hears, in which
order, on which thread, and what cancelling and refusing do."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6 import QtCore

from gptstudio.ui import threads
from gptstudio.ui.workers import WorkerThread, _Worker

TIMEOUT_MS = 10_000


class Heard:
    """Records every signal of a job with the thread it arrived on."""

    def __init__(self, job: threads.Job):
        self.events: list[tuple[str, object]] = []
        self.threads: set[threading.Thread] = set()
        for name in ("progressed", "succeeded", "failed"):
            getattr(job, name).connect(lambda value, name=name: self._hear(name, value))
        job.finished.connect(lambda: self._hear("finished", None))

    def _hear(self, name: str, value) -> None:
        self.events.append((name, value))
        self.threads.add(threading.current_thread())

    def names(self) -> list[str]:
        return [name for name, _value in self.events]

    def finished(self) -> bool:
        return "finished" in self.names()


def count_to(control, n: int) -> int:
    for i in range(n):
        control.progress(i)
    return n


@pytest.mark.parametrize("own_thread", [False, True])
def test_progress_then_the_result_then_finished_all_on_the_gui_thread(qtbot, own_thread):
    job = threads.Job(count_to, 3, own_thread=own_thread)
    heard = Heard(job)
    assert job.start()
    qtbot.waitUntil(heard.finished, timeout=TIMEOUT_MS)
    assert heard.events == [("progressed", 0), ("progressed", 1), ("progressed", 2),
                            ("succeeded", 3), ("finished", None)]
    assert heard.threads == {threading.main_thread()}
    assert not job.is_running() and job not in threads.live_jobs()


def test_an_error_is_delivered_as_the_exception_itself(qtbot):
    def broken(control):
        raise ValueError("no such thing")

    job = threads.Job(broken, own_thread=True)
    heard = Heard(job)
    assert job.start()
    qtbot.waitUntil(heard.finished, timeout=TIMEOUT_MS)
    assert heard.names() == ["failed", "finished"]
    error = heard.events[0][1]
    assert isinstance(error, ValueError) and str(error) == "no such thing"


def test_a_cancelled_job_is_told_and_delivers_nothing_but_finished(qtbot):
    started, release = threading.Event(), threading.Event()
    seen_cancel = []

    def waits(control):
        started.set()
        release.wait(TIMEOUT_MS / 1000)
        seen_cancel.append(control.cancelled)
        control.progress("late")
        return "late"

    job = threads.Job(waits)
    heard = Heard(job)
    assert job.start()
    assert started.wait(TIMEOUT_MS / 1000)
    job.cancel()
    release.set()
    qtbot.waitUntil(heard.finished, timeout=TIMEOUT_MS)
    assert heard.names() == ["finished"] and seen_cancel == [True]


def test_wait_blocks_until_the_function_returned(qtbot):
    release = threading.Event()
    job = threads.Job(lambda control: release.wait(TIMEOUT_MS / 1000), own_thread=True)
    heard = Heard(job)
    assert job.start()
    assert job.is_running() and not job.wait(10)
    release.set()
    assert job.wait(TIMEOUT_MS) and not job.is_running()
    qtbot.waitUntil(heard.finished, timeout=TIMEOUT_MS)


def test_a_group_cancels_its_jobs_when_its_owner_goes(qtbot):
    owner = QtCore.QObject()
    group = threads.JobGroup(owner)
    release = threading.Event()
    results = []
    job = group.start(lambda control: release.wait(TIMEOUT_MS / 1000) and "done",
                      on_result=results.append)
    assert job is not None
    heard = Heard(job)
    owner.deleteLater()
    qtbot.waitUntil(lambda: job.control.cancelled, timeout=TIMEOUT_MS)
    release.set()
    qtbot.waitUntil(heard.finished, timeout=TIMEOUT_MS)
    assert results == [] and heard.names() == ["finished"]


class _Counting(_Worker):
    """A long job with a signal of its own, stopped through its RunControl."""

    ticks = QtCore.Signal(int)

    def work(self):
        n = 0
        while not self.control.stop_requested:
            self.ticks.emit(n)
            n += 1
            time.sleep(0.002)  # a step's worth of work
        return {"ticks": n}


def test_a_worker_thread_stops_and_says_done_after_its_own_signals(qtbot):
    worker = _Counting()
    order = []
    worker.ticks.connect(lambda n: order.append("tick"))
    worker.done.connect(lambda result: order.append(("done", result["ticks"] > 0)))
    holder = WorkerThread(worker)
    holder.finished.connect(lambda: order.append("finished"))
    assert holder.start() and holder.is_running()
    qtbot.waitUntil(lambda: "tick" in order, timeout=TIMEOUT_MS)
    assert holder.stop_and_wait(TIMEOUT_MS) and not holder.is_running()
    qtbot.waitUntil(lambda: "finished" in order, timeout=TIMEOUT_MS)
    assert order[-2:] == [("done", True), "finished"] and holder.done
    assert set(order[:-2]) == {"tick"}  # every tick came before done


def test_a_group_job_that_fails_without_a_handler_is_logged(qtbot, caplog):
    owner = QtCore.QObject()
    group = threads.JobGroup(owner)

    def broken(control):
        raise RuntimeError("a bug in the job")

    job = group.start(broken, on_result=lambda result: None)
    heard = Heard(job)
    qtbot.waitUntil(heard.finished, timeout=TIMEOUT_MS)
    assert "a background job failed" in caplog.text and "a bug in the job" in caplog.text


class _HoldsAfterSet(threading.Event):
    """A job's `returned` event that keeps the job's thread waiting once it is set: the moment a
    window that waited for the job goes on to read what the job delivered."""

    def __init__(self):
        super().__init__()
        self.release = threading.Event()

    def set(self) -> None:
        super().set()
        if threading.current_thread() is not threading.main_thread():
            self.release.wait(TIMEOUT_MS / 1000)


def test_a_job_waited_for_has_posted_its_result_the_next_events_deliver_it(qtbot):
    # The window stops its workers on closing, waits for each, then processes events once to
    # hear their last results (a generated text kept as a sample). The result must already be
    # posted when the wait returns, not after.
    job = threads.Job(lambda control: 42, own_thread=True)
    returned = job._returned = _HoldsAfterSet()
    heard = Heard(job)
    try:
        assert job.start()
        assert job.wait(TIMEOUT_MS) and not job.is_running()
        QtCore.QCoreApplication.processEvents()
        assert ("succeeded", 42) in heard.events
    finally:
        returned.release.set()
        qtbot.waitUntil(heard.finished, timeout=TIMEOUT_MS)


def test_a_jobs_allocations_never_free_qt_objects_on_its_thread(qtbot, qapp):
    import gc
    import weakref

    threads.collect_garbage_on_gui_thread(qapp)  # what the app does when it starts
    freed_on: list[threading.Thread] = []

    class Holder:
        pass

    def make_garbage() -> None:  # a closed view: a Qt object in a reference cycle
        holder = Holder()
        holder.qt_object, holder.itself = QtCore.QObject(), holder
        weakref.finalize(holder, lambda: freed_on.append(threading.current_thread()))

    make_garbage()

    def allocate(control) -> int:  # a training step builds many objects
        return len([{} for _ in range(200_000)])

    job = threads.Job(allocate, own_thread=True)
    heard = Heard(job)
    assert job.start()
    qtbot.waitUntil(heard.finished, timeout=TIMEOUT_MS)
    gc.collect()
    assert freed_on == [threading.main_thread()]


def test_a_job_ending_after_the_app_has_gone_says_nothing_and_counts_as_returned(monkeypatch):
    # A start-up job (importing torch) may end after a window that closed at once took the app,
    # and its mailbox, along: no traceback then, and whoever waits is not left waiting.
    class GoneMailbox:
        class posted:  # noqa: N801 - stands in for the signal
            @staticmethod
            def emit(*args):
                raise RuntimeError("Internal C++ object (_Mailbox) already deleted.")

    monkeypatch.setattr(threads, "_mailbox", GoneMailbox)
    returned = threading.Event()
    control = threads.JobControl()
    run = threads._Run(1, lambda control: control.progress(0.5) or 42, (), control, returned)
    run.run()
    assert returned.is_set()


def test_generating_hands_on_what_every_sample_wrote_after_stop():
    """Stop reaches the engine, which ends every sample at its next token; samples written side by
    side come one after another, so the ones after the shown one arrive after the stop and must
    still be shown."""
    from gptstudio.engine.control import RunControl
    from gptstudio.engine.events import TokenEvent
    from gptstudio.ui.workers import stream_tokens

    control = RunControl()

    def event(sample, index, finished=False):
        return TokenEvent(sample, index, 0, "x", 0.5, (), finished)

    def engine():
        yield event(0, 0)
        control.stop()  # the user presses Stop while sample 0 is being shown
        yield event(0, 1, finished=True)
        yield event(1, 0)
        yield event(1, 1, finished=True)

    shown = []
    assert stream_tokens(engine(), shown.extend, control) == 4
    assert [(e.sample_index, e.index) for e in shown] == [(0, 0), (0, 1), (1, 0), (1, 1)]
