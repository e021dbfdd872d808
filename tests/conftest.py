"""Shared test set-up. Qt must run offscreen, and no test may touch the real user data folder."""

import os
import sys
import threading
import time

# Before any Qt import anywhere: tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

# How long a test's threads and jobs may take to end after it; past that the test fails naming them.
THREADS_END_WITHIN_S = 20.0

TINY_CORPUS = (
    "To be, or not to be, that is the question:\n"
    "Whether 'tis nobler in the mind to suffer\n"
    "The slings and arrows of outrageous fortune,\n"
    "Or to take arms against a sea of troubles\n"
    "And by opposing end them. To die: to sleep;\n"
) * 8


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "gptstudio-home"
    monkeypatch.setenv("GPTSTUDIO_HOME", str(home))
    # The Hugging Face Hub: a cache of the test's own, and an endpoint nothing listens on (port 9,
    # "discard"), so that no test reads the real cache or reaches the network. Tests of downloads
    # start a stand-in Hub and point HF_ENDPOINT at it (tests/hub_server.py).
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    return home


@pytest.fixture
def tiny_corpus() -> str:
    return TINY_CORPUS


@pytest.fixture
def corpus_file(tmp_path, tiny_corpus):
    """The tiny corpus as a .txt file, for the CLI's --corpus."""
    path = tmp_path / "corpus.txt"
    path.write_text(tiny_corpus, encoding="utf-8")
    return path


# Threads a library starts once and keeps for the whole process, whichever test used it first.
PROCESS_THREADS = ("tqdm_monitor",)  # tqdm's progress-bar monitor (Hugging Face downloads, saves)


def _new_threads(before: set) -> list[threading.Thread]:
    """Threads alive now that were not before, less the short-job pool's (they wait idle for the
    next job), the libraries' process-long ones, and Qt's own (Python sees them as dummies once
    they ran Python code)."""
    return [t for t in threading.enumerate()
            if t not in before and t.is_alive() and not t.name.startswith("gptstudio-job-")
            and t.name not in PROCESS_THREADS
            and not isinstance(t, threading._DummyThread)]  # noqa: SLF001


def _leftovers(threads_before: set, jobs_before: set) -> list[str]:
    """What this test started and left running: threads, and app jobs (gptstudio.ui.threads)."""
    names = [f"thread {t.name!r}" for t in _new_threads(threads_before)]
    jobs = sys.modules.get("gptstudio.ui.threads")
    if jobs is not None:
        names += [f"job {job.name!r}" for job in jobs.live_jobs() if job not in jobs_before]
        if jobs.job_pool().active_count():
            names.append(f"{jobs.job_pool().active_count()} pool job(s)")
    return names


def _let_events_through() -> None:
    """Deliver what finished jobs posted to the GUI thread (their `finished` ends them)."""
    qt = sys.modules.get("PySide6.QtCore")
    if qt is not None and qt.QCoreApplication.instance() is not None:
        qt.QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def _no_thread_outlives_its_test():
    """Fails a test that leaves a thread or an app job running (napari's guard, in spirit): the
    next test would race with it, or a thread would be torn down mid-work at exit. Leftovers get
    a bounded wait, each on its own end, before the test fails naming them."""
    jobs = sys.modules.get("gptstudio.ui.threads")
    threads_before = set(threading.enumerate())
    jobs_before = set(jobs.live_jobs()) if jobs is not None else set()
    yield
    deadline = time.monotonic() + THREADS_END_WITHIN_S
    while left := _leftovers(threads_before, jobs_before):
        if time.monotonic() > deadline:
            pytest.fail("still running after the test: " + ", ".join(left), pytrace=False)
        running = _new_threads(threads_before)
        if running:
            running[0].join(0.05)  # wakes as soon as it ends
        elif "gptstudio.ui.threads" in sys.modules:
            sys.modules["gptstudio.ui.threads"].job_pool().wait_for_done(50)
        _let_events_through()
