"""Background jobs, and knowing when the computer refused to start their threads.

Every piece of background work in the app is a `Job`: a plain function that gets a `JobControl`
(cancel through a threading.Event, a progress callback) and returns a result or raises. The GUI
thread hears about it through the Job's signals, always on the GUI thread and as plain data:
`progressed`, then `succeeded` or `failed`, then `finished`. A job runs on a thread of its own
(`own_thread=True`: training, writing, anything that can take minutes) or in the pool of short
jobs (counting, reading a file, loading a model for a view).

A computer short of threads or memory refuses to create one (pthread_create fails), and the app
must then say so where the result would have appeared, instead of waiting for it forever:
`threading.Thread.start()` raises RuntimeError ("can't start new thread") (`start_python_thread`),
and Job.start() returns False. (`QThread.start()` would return nothing and only leave the thread
neither running nor finished; `QThreadPool.start()` cannot be checked at all: it loses the job and
counts the thread that never ran as busy for good, so `waitForDone()` never succeeds again, and
neither does the wait for the global pool in QCoreApplication's destructor: the app cannot quit.
Jobs therefore run on plain threads: their own, or `JobPool`'s, a small pool that knows when a
thread could not be created and then gives the job back.)

A job's thread never holds the Job (a QObject of the GUI thread): it posts to one mailbox that
lives as long as the app, and the Job is let go on the GUI thread once `finished` was delivered.
Dropping a GUI-thread QObject's last reference on a worker thread deletes it there, while the GUI
thread may be delivering to it: that crashed the full test suite once.
"""

from __future__ import annotations

import collections
import itertools
import logging
import threading
from collections.abc import Callable

from PySide6 import QtCore

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

REFUSED = QT_TRANSLATE_NOOP(
    "Threads", "The computer refused to start a background task: it is short of threads or "
               "memory. Close some programs, then try again. Your work is safe.")
IDLE_SECONDS = 30.0  # an idle pool thread ends after this long (QThreadPool's expiry timeout)


def refused() -> str:
    """The sentence for a thread the computer would not start."""
    return translate("Threads", REFUSED)


def start_python_thread(thread: threading.Thread) -> bool:
    """Start a plain Python thread; False when the computer refused to create it."""
    try:
        thread.start()
    except RuntimeError as error:  # "can't start new thread"
        log.error("the %s thread could not be started: %s", thread.name, error)
        return False
    return True


# ---------------------------------------------------------------------------------------------------
# The pool of short jobs


class _GuiThreadRelease(QtCore.QObject):
    """Takes finished jobs to the GUI thread, where the last reference to them is dropped. A job
    holds its view's signals object (a QObject of the GUI thread); where the view is gone, the job
    holds the last reference, and dropping it in the pool's thread deleted that QObject there,
    while the GUI thread was delivering the result the job had just posted to it: a crash."""

    finished = QtCore.Signal(object)

    def __init__(self):
        super().__init__()
        self.finished.connect(self._drop, QtCore.Qt.ConnectionType.QueuedConnection)

    @QtCore.Slot(object)
    def _drop(self, job) -> None:
        pass  # the queued call's reference to the job is the last one: it ends here


class JobPool:
    """Runs jobs (anything with run(): a Job's part for its thread) on at most `size` threads,
    first come first served. A thread is made when a job finds none idle and fewer than `size`
    exist; it ends after IDLE_SECONDS without work. Results leave through the jobs' own posts to
    the GUI thread; a finished job is let go there too (_GuiThreadRelease)."""

    def __init__(self, size: int | None = None):
        self.size = size or max(1, QtCore.QThread.idealThreadCount())
        self._queue: collections.deque = collections.deque()
        self._changed = threading.Condition()
        self._threads = 0  # alive
        self._idle = 0  # waiting for a job
        self._running = 0  # jobs being run
        self._release = _GuiThreadRelease()  # made in the GUI thread: job_pool()'s first caller

    def start(self, job) -> bool:
        """Queue `job`; False (and the job not queued) when it needs a new thread, the computer
        refuses to make one, and no other thread of the pool is there to run it later."""
        with self._changed:
            self._queue.append(job)
            if self._idle >= len(self._queue) or self._threads >= self.size:
                self._changed.notify()
                return True  # an idle thread takes it, or the next one to finish
            thread = threading.Thread(target=self._work, daemon=True,
                                      name=f"gptstudio-job-{self._threads + 1}")
            if start_python_thread(thread):
                self._threads += 1
                return True
            if self._threads:
                return True  # a thread that is there runs it when it is free
            self._queue.remove(job)
            return False

    def wait_for_done(self, timeout_ms: int = -1) -> bool:
        """Wait until no job is queued or running (-1: as long as that takes); False when
        timeout_ms ran out first."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._queue and not self._running,
                                          None if timeout_ms < 0 else timeout_ms / 1000)

    def active_count(self) -> int:
        """Jobs running or waiting for a thread."""
        with self._changed:
            return self._running + len(self._queue)

    def _work(self) -> None:
        while (job := self._next_job()) is not None:
            try:
                job.run()
            except Exception:  # noqa: BLE001 - a job's bug must not end the pool's thread
                log.exception("a background job failed")
            finally:
                self._release.finished.emit(job)
                job = None  # noqa: F841 - this thread's reference goes now, not at the next job
                with self._changed:
                    self._running -= 1
                    self._changed.notify_all()

    def _next_job(self):
        """The next job, or None when none came for IDLE_SECONDS (this thread then ends)."""
        with self._changed:
            while not self._queue:
                self._idle += 1
                woken = self._changed.wait(IDLE_SECONDS)
                self._idle -= 1
                if not woken and not self._queue:
                    self._threads -= 1
                    return None
            self._running += 1
            return self._queue.popleft()


_pool: JobPool | None = None


def job_pool() -> JobPool:
    """The pool the views' short jobs run in (made on first use)."""
    global _pool
    if _pool is None:
        _pool = JobPool()
    return _pool


def wait_for_pool(timeout_ms: int = -1) -> bool:
    """Wait for job_pool()'s jobs to end (all of them: none is ever lost); -1: as long as it
    takes. False when timeout_ms ran out first."""
    return job_pool().wait_for_done(timeout_ms)


# ---------------------------------------------------------------------------------------------------
# Jobs: one way to run background work, on a thread of its own or in the pool


class JobControl:
    """What a running job gets from the GUI: whether its result is still wanted, and a way to
    report progress. Both are safe to use from the job's thread."""

    def __init__(self):
        self._cancelled = threading.Event()
        self._report: Callable[[object], None] = lambda value: None

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def progress(self, value) -> None:
        """Send `value` (plain data) to the Job's `progressed`; nothing once it was cancelled."""
        if not self.cancelled:
            self._report(value)


_PROGRESS, _SUCCEEDED, _FAILED, _FINISHED = range(4)
_numbers = itertools.count(1)
_live: dict[int, Job] = {}  # started, `finished` not yet delivered: kept alive by this


class _Mailbox(QtCore.QObject):
    """Made on the GUI thread and never deleted: job threads post here, the GUI thread hands each
    letter to its Job (so no job thread ever references a Job)."""

    posted = QtCore.Signal(int, int, object)  # job number, what, value

    def __init__(self):
        super().__init__()
        self.posted.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)

    @QtCore.Slot(int, int, object)
    def _deliver(self, number: int, what: int, value) -> None:
        job = _live.get(number)
        if job is not None:
            job._receive(what, value)


_mailbox: _Mailbox | None = None


class _Run:
    """The part of a job its thread sees: the function, its arguments and the control."""

    def __init__(self, number: int, function, args, control: JobControl, returned: threading.Event):
        self.number, self.function, self.args = number, function, args
        self.control, self.returned = control, returned
        control._report = self._post_progress

    def _post_progress(self, value) -> None:
        self._post(_PROGRESS, value)

    def _post(self, what: int, value) -> None:
        try:
            _mailbox.posted.emit(self.number, what, value)
        except RuntimeError:  # the app has ended and taken its mailbox along: no one is left to hear
            log.debug("a %s letter from a job found no mailbox", what)

    def run(self) -> None:
        outcome, value = _FINISHED, None
        try:
            if not self.control.cancelled:  # cancelled while it waited for a thread: skip it
                value = self.function(self.control, *self.args)
                outcome = _SUCCEEDED
        except BaseException as error:  # noqa: BLE001 - a job must never die silently
            outcome, value = _FAILED, error
        finally:
            # This thread lets go of what the function held (a worker QObject, an error's frames)
            # before the GUI thread can hear `finished` and let go of the Job's side. The outcome
            # is posted before `returned` is set: whoever waited for the job (stop_and_wait, then
            # processEvents) is sure to receive its result, as the window does when it closes.
            self.function = self.args = None
            if outcome != _FINISHED:
                self._post(outcome, value)
            value = None
            self.returned.set()
            self._post(_FINISHED, None)


class Job(QtCore.QObject):
    """One piece of background work: `function(control, *args)` on a thread of its own
    (`own_thread`) or in the pool of short jobs. Make it, connect its signals, start() it, keep a
    reference while you want its result (it stays alive until `finished` either way).

    Cancelling (cancel()) asks the function to give up (control.cancelled) and guarantees that
    nothing but `finished` is delivered afterwards: a view that closed gets no late result. The
    function must not reach into widgets: pass it plain data."""

    progressed = QtCore.Signal(object)
    succeeded = QtCore.Signal(object)  # what the function returned
    failed = QtCore.Signal(object)  # the exception it raised
    finished = QtCore.Signal()  # after everything else, cancelled or not

    def __init__(self, function, *args, own_thread: bool = False, name: str = ""):
        super().__init__()
        global _mailbox
        if _mailbox is None:
            _mailbox = _Mailbox()
        self.function, self.args, self.own_thread = function, args, own_thread
        self.name = name or getattr(function, "__name__", "job")
        self.setObjectName(self.name)
        self.control = JobControl()
        self._number = next(_numbers)
        self._returned = threading.Event()
        self._started = False

    def start(self) -> bool:
        """Start the job; False when the computer refused the thread it needed: nothing will be
        delivered, and the caller says so (refused())."""
        run = _Run(self._number, self.function, self.args, self.control, self._returned)
        self.function = self.args = None  # the job's thread has them; a Job runs once
        _live[self._number] = self
        if self.own_thread:
            thread = threading.Thread(target=run.run, daemon=True, name=f"gptstudio-{self.name}")
            started = start_python_thread(thread)
        else:
            started = job_pool().start(run)
        if not started:
            del _live[self._number]
            log.error("the %s job could not be started", self.name)
            return False
        self._started = True
        return True

    def cancel(self) -> None:
        self.control.cancel()

    def is_running(self) -> bool:
        """Started, and its function has not returned yet."""
        return self._started and not self._returned.is_set()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the function returned (-1: as long as that takes); False on timeout."""
        if not self._started:
            return True
        return self._returned.wait(None if timeout_ms < 0 else timeout_ms / 1000)

    def _receive(self, what: int, value) -> None:
        if what == _FINISHED:
            del _live[self._number]
            self.finished.emit()
        elif not self.control.cancelled:
            (self.progressed, self.succeeded, self.failed)[what].emit(value)


def log_failure(error: BaseException) -> None:
    """For a job whose failure the view has nothing to show for: the log has it."""
    log.error("a background job failed", exc_info=error)


def live_jobs() -> list[Job]:
    """Jobs started whose `finished` the GUI thread has not had yet (the tests' leak check)."""
    return list(_live.values())


class JobGroup:
    """The pool jobs one view starts: each one's result goes to the view's slots, and all of them
    are cancelled when the view is destroyed (a late result is then never delivered)."""

    def __init__(self, owner: QtCore.QObject):
        self._jobs: set[Job] = set()
        jobs = self._jobs  # the lambda must not hold the owner: it runs as the owner goes
        owner.destroyed.connect(lambda: [job.cancel() for job in list(jobs)])

    def start(self, function, *args, on_result, on_error=None, on_progress=None) -> Job | None:
        """Start `function(control, *args)` in the pool; None when the computer refused a thread
        (the caller says so, refused()). Without on_error, a failure is logged."""
        job = Job(function, *args)
        job.succeeded.connect(on_result)
        job.failed.connect(on_error if on_error is not None else log_failure)
        if on_progress is not None:
            job.progressed.connect(on_progress)
        if not job.start():
            return None
        self._jobs.intersection_update(_live.values())  # the finished ones are let go
        self._jobs.add(job)
        return job

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()


def collect_garbage_on_gui_thread(app: QtCore.QCoreApplication) -> None:
    """Python's cyclic garbage is collected on the GUI thread only, on a timer (pyqtgraph's
    GarbageCollector), never by whichever thread happens to allocate. A collection on a job's
    thread (a training step builds many objects) could otherwise free a closed window's Qt objects
    there, while the GUI thread deletes others: the two wait for each other's lock and the app
    hangs (seen in the test suite: a training thread in QObject::~QObject under gc, the GUI thread
    in Shiboken's deletion). Call once the QApplication exists; it lives as long as the app."""
    from pyqtgraph.util.garbage_collector import GarbageCollector

    if getattr(app, "_gui_thread_collector", None) is None:
        app._gui_thread_collector = GarbageCollector(interval=1.0)
