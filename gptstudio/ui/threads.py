"""Starting threads, and knowing when the computer refused to.

A computer short of threads or memory refuses to create one (pthread_create fails), and the app
must then say so where the result would have appeared, instead of waiting for it forever:

- `QThread.start()` returns nothing. On a refusal Qt writes "QThread::start: Thread creation
  error" and leaves the thread neither running nor finished (qthread_unix.cpp), while a thread
  that ran and already ended is finished: that state is the check (`start_qthread`).
- `threading.Thread.start()` raises RuntimeError ("can't start new thread") (`start_python_thread`).
- `QThreadPool.start()` cannot be checked: it returns nothing and loses the job, and the pool
  counts the thread that never ran as busy for good, so `waitForDone()` never succeeds again, and
  neither does the wait for the global pool in QCoreApplication's destructor: the app cannot
  quit. The views' short jobs (counting, loading a model, one training step) therefore run in
  `JobPool`, a small pool of plain threads that knows when a thread could not be created and
  then gives the job back (`start_pooled`).
"""

from __future__ import annotations

import collections
import logging
import threading

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


def start_qthread(thread: QtCore.QThread) -> bool:
    """Start `thread`; False when the computer refused to create it."""
    thread.start()
    if thread.isRunning() or thread.isFinished():
        return True
    log.error("a %s thread could not be started", thread.objectName() or "Qt")
    return False


def start_python_thread(thread: threading.Thread) -> bool:
    """Start a plain Python thread; False when the computer refused to create it."""
    try:
        thread.start()
    except RuntimeError as error:  # "can't start new thread"
        log.error("the %s thread could not be started: %s", thread.name, error)
        return False
    return True


# ---------------------------------------------------------------------------------------------------
# The views' short jobs


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
    """Runs jobs (QRunnables, or anything with run()) on at most `size` threads, first come first
    served. A thread is made when a job finds none idle and fewer than `size` exist; it ends after
    IDLE_SECONDS without work. Results leave through the jobs' own queued signals."""

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


def start_pooled(job) -> bool:
    """Run `job` in job_pool(); False when the computer refused the thread it needed: the job
    will not run, and the caller says so (refused())."""
    if job_pool().start(job):
        return True
    log.error("a %s job could not be started", type(job).__name__)
    return False


def wait_for_pool(timeout_ms: int = -1) -> bool:
    """Wait for job_pool()'s jobs to end (all of them: none is ever lost); -1: as long as it
    takes. False when timeout_ms ran out first."""
    return job_pool().wait_for_done(timeout_ms)
