"""The "in use" lock: one holder at a time, and a crashed holder never leaves a project stuck."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

import gptstudio
from gptstudio.projects.lock import LOCK_FILE, ProjectInUse, ProjectLock, ensure_not_in_use
from gptstudio.projects.project import ProjectError

REPO = Path(gptstudio.__file__).resolve().parents[1]


def write_lock(folder: Path, **info) -> Path:
    path = folder / LOCK_FILE
    path.write_text(
        json.dumps({"hostname": socket.gethostname(), "time": "2024-01-01T00:00:00", **info})
    )
    return path


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "Poems"
    path.mkdir()
    return path


@contextmanager
def held_elsewhere(folder: Path):
    """Another process that holds the project's lock until the block ends (or its stdin closes)."""
    code = textwrap.dedent(f"""
        import sys
        from gptstudio.projects.lock import ProjectLock
        with ProjectLock({str(folder)!r}):
            print("locked", flush=True)
            sys.stdin.read()
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        assert proc.stdout.readline().strip() == "locked"
        try:
            yield proc
        finally:
            if not proc.stdin.closed:
                proc.stdin.close()
            proc.wait(timeout=30)


@pytest.fixture
def other_window(folder):
    with held_elsewhere(folder) as proc:
        yield proc


def test_acquire_writes_who_holds_it_and_release_removes_it(folder):
    lock = ProjectLock(folder).acquire()
    info = json.loads((folder / LOCK_FILE).read_text())
    assert info["pid"] == os.getpid() and info["hostname"] == socket.gethostname() and info["time"]
    assert lock.held
    lock.release()
    assert not (folder / LOCK_FILE).exists() and not lock.held
    lock.release()  # releasing twice is harmless


def test_second_acquire_is_refused_until_the_first_releases(folder):
    with ProjectLock(folder):
        with pytest.raises(ProjectInUse) as raised:
            ProjectLock(folder).acquire()
        assert str(raised.value) == (
            f"This project is open in another GPT Studio window (process {os.getpid()})."
        )
        assert isinstance(raised.value, ProjectError)
    with ProjectLock(folder) as again:
        assert again.held


def test_lock_held_by_another_live_process(folder, other_window):
    with pytest.raises(ProjectInUse, match=f"process {other_window.pid}"):
        ProjectLock(folder).acquire()
    with pytest.raises(ProjectInUse):
        ensure_not_in_use(folder)


def test_lock_is_free_once_the_other_process_exits(folder, other_window):
    other_window.stdin.close()
    other_window.wait(timeout=30)
    with ProjectLock(folder):
        pass


def test_stale_lock_of_a_dead_process_is_taken_over(folder):
    write_lock(folder, pid=dead_pid())
    ensure_not_in_use(folder)  # no error: nobody is using it
    with ProjectLock(folder):
        assert json.loads((folder / LOCK_FILE).read_text())["pid"] == os.getpid()


def test_lock_with_our_pid_left_by_an_earlier_process_is_taken_over(folder):
    # In a container the app may get the same pid after a crash and a restart.
    write_lock(folder, pid=os.getpid(), token="from the previous run")
    with ProjectLock(folder) as lock:
        assert lock.held


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process start times need /proc")
def test_lock_of_a_reused_pid_is_taken_over(folder):
    # The parent (pytest's launcher) is alive, but it is not the process that wrote this lock.
    write_lock(folder, pid=os.getppid(), started="-1")
    with ProjectLock(folder) as lock:
        assert lock.held


def test_unreadable_lock_is_respected_for_a_minute_then_taken_over(folder):
    path = folder / LOCK_FILE
    path.write_bytes(b"")  # another window between creating and filling it
    with pytest.raises(ProjectInUse, match="being opened by another GPT Studio window"):
        ProjectLock(folder).acquire()
    two_minutes_ago = time.time() - 120
    os.utime(path, (two_minutes_ago, two_minutes_ago))
    with ProjectLock(folder) as lock:
        assert lock.held


def test_lock_from_another_computer_is_respected(folder):
    write_lock(folder, pid=1, hostname="the-other-laptop")
    with pytest.raises(ProjectInUse, match='on another computer \\("the-other-laptop"\\)'):
        ProjectLock(folder).acquire()


def test_release_only_removes_our_own_lock(folder):
    lock = ProjectLock(folder).acquire()
    write_lock(folder, pid=12345, token="someone else")  # taken over while we were away
    lock.release()
    assert json.loads((folder / LOCK_FILE).read_text())["token"] == "someone else"


def test_lock_in_a_missing_folder(tmp_path):
    with pytest.raises(ProjectError, match="There is no project"):
        ProjectLock(tmp_path / "gone").acquire()


def test_store_refuses_to_rename_or_delete_a_project_open_elsewhere(store, tiny_corpus):
    project = store.create("Poems", tiny_corpus)
    with held_elsewhere(project.path):
        with pytest.raises(ProjectInUse):
            store.rename("Poems", "Sonnets")
        with pytest.raises(ProjectInUse):
            store.delete("Poems")
    assert store.delete("Poems").is_dir()


def test_store_lets_this_process_rename_what_it_holds(store, tiny_corpus):
    project = store.create("Poems", tiny_corpus)
    with ProjectLock(project.path):
        assert store.rename("Poems", "Sonnets").name == "Sonnets"


def test_a_second_ctrl_c_during_release_still_removes_the_lock(tmp_path, monkeypatch):
    """The CLI stops at once on a second Ctrl-C (KeyboardInterrupt); landing inside release, it
    must not leave the lock behind (a fresh-clone run of the stop-signals test once did)."""
    from gptstudio.projects import lock as lock_module

    lock = lock_module.ProjectLock(tmp_path).acquire()
    read = lock_module._read
    calls = []

    def interrupted_once(path):
        calls.append(path)
        if len(calls) == 1:
            raise KeyboardInterrupt  # the signal arrives as release reads the lock file
        return read(path)

    monkeypatch.setattr(lock_module, "_read", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        lock.release()
    assert not (tmp_path / ".lock").exists() and not lock.held
