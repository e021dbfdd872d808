"""A computer that refuses to start threads: every place the app starts one says so in a sentence,
the window keeps working, and closing it does not wait for work that never began.

The refusal is real, not imitated: each new thread asks for a 4 GB stack while the process may grow
by only 1 GB more (RLIMIT_AS), so pthread_create fails with EAGAIN as on a machine out of threads
or memory (Python then raises "can't start new thread").
"""

from __future__ import annotations

import re
import resource
import threading
from contextlib import contextmanager

import pytest

from gptstudio.ui import threads
from tests.ui.test_main_window import fast_settings

HUGE_STACK = 0xFFFF0000  # bytes: ~4 GB
HEADROOM = 1 << 30  # bytes the process may still grow by while threads are refused


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        return int(re.search(r"VmSize:\s+(\d+) kB", status.read()).group(1)) * 1024


@contextmanager
def _computer_refuses_threads(monkeypatch):
    if not hasattr(resource, "RLIMIT_AS"):
        pytest.skip("no address-space limit on this system")
    pool = threads.JobPool()  # no thread yet: the first job needs a new one
    monkeypatch.setattr(threads, "job_pool", lambda: pool)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    old_stack = threading.stack_size(HUGE_STACK)
    resource.setrlimit(resource.RLIMIT_AS, (_address_space() + HEADROOM, hard))
    try:
        yield pool
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        threading.stack_size(old_stack)


def test_each_way_of_starting_a_thread_reports_the_refusal(monkeypatch, qapp):
    def nothing(control):
        return None

    with _computer_refuses_threads(monkeypatch) as pool:
        assert not threads.start_python_thread(threading.Thread(target=print))
        assert not threads.Job(nothing, own_thread=True).start()
        assert not threads.Job(nothing).start()  # the pool's first thread
        assert not threads.live_jobs()
        # The job refused is not kept: nothing waits for it (a QThreadPool would count it as
        # running for good, and the app could not quit).
        assert pool.active_count() == 0 and threads.wait_for_pool(0)
    assert "threads or memory" in threads.refused()


def test_the_job_pool_runs_every_job_on_at_most_its_size_of_threads(qapp):
    pool = threads.JobPool(size=2)
    lock = threading.Lock()
    seen: dict[str, set] = {"threads": set(), "done": set()}
    release = threading.Event()

    class Job:
        def __init__(self, n):
            self.n = n

        def run(self):
            release.wait(10)
            with lock:
                seen["threads"].add(threading.current_thread().name)
                seen["done"].add(self.n)

    assert all(pool.start(Job(n)) for n in range(6))
    assert pool.active_count() == 6  # two running (held back), four waiting for a thread
    release.set()
    assert pool.wait_for_done(10_000)
    assert seen["done"] == set(range(6)) and len(seen["threads"]) <= 2
    assert pool.active_count() == 0


def test_threads_that_start_are_reported_as_started(qapp, qtbot):
    ran = threading.Event()
    worker = threading.Thread(target=ran.set)
    assert threads.start_python_thread(worker)
    worker.join()
    assert ran.is_set()


def test_a_window_on_a_computer_out_of_threads_says_so_and_keeps_working(
        qtbot, make_window, monkeypatch):
    refusal = threads.refused()
    with _computer_refuses_threads(monkeypatch):
        window = make_window()  # PyTorch is imported on a thread of its own
        qtbot.waitUntil(lambda: refusal in window.welcome_bar.text(), timeout=10_000)
        assert "PyTorch" in window.welcome_bar.text() and not window.torch_ready

        window.project_actions.create_from_demo("names")  # counting the text is a pool job
        qtbot.waitUntil(lambda: window.corpus_tab.stats_label.text() == refusal, timeout=10_000)

        fast_settings(window, max_iters=5, eval_interval=5)
        window.train_tab.start()  # a QThread of its own
        qtbot.waitUntil(lambda: refusal in window.message_bar.text(), timeout=10_000)
        qtbot.waitUntil(lambda: window.train_tab.run.thread is None, timeout=10_000)
        assert not window.train_tab.is_training() and window.train_tab.state == "idle"
        assert window.train_action.isEnabled()  # nothing is stuck: Train can be pressed again

        window.tabs.setCurrentWidget(window.inspect_tab)
        # Nothing is running: closing does not wait for the jobs that never began.
        assert threads.wait_for_pool(0)


def test_a_finished_job_is_let_go_on_the_gui_thread(qapp, qtbot):
    """A job holds its view's signals object; where the view is gone the job's reference is the
    last, and dropping it in the pool's thread deleted a GUI-thread QObject there, while the GUI
    thread delivered the result it had posted (a crash in the full test suite)."""
    released_in = []

    class Holder:  # stands for the signals object the job keeps
        def __del__(self):
            released_in.append(threading.current_thread())

    class Job:
        def __init__(self):
            self.holder = Holder()

        def run(self):
            pass

    pool = threads.JobPool(size=1)
    assert pool.start(Job())
    assert pool.wait_for_done(10_000)
    qtbot.waitUntil(lambda: bool(released_in), timeout=10_000)
    assert released_in == [threading.main_thread()]
