"""An "in use" lock per project that a crashed GPT Studio never leaves stuck.

Two windows training the same project would overwrite each other's checkpoints, so a window that
opens a project holds `<project>/.lock`: JSON with the holder's pid, hostname and start time,
created with O_CREAT | O_EXCL so that exactly one window wins. A lock is taken over when its
holder is gone: a pid that no longer runs on this computer (or runs a different, newer process:
pids are reused), or a file still unreadable after a minute (its writer died between creating and
filling it). A lock from another computer (a shared folder) cannot be checked and is respected,
and so is one whose holder may still run here; the user can still take either over ("Open anyway",
`--open-anyway`) unless its holder is verified alive: a live process of this computer that started
when the lock says. A lock from this computer without a start time was not written by GPT Studio
on a system that records them (Linux does): it is stale, whatever runs under its pid (pid 1 always
does).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sys
import time
from pathlib import Path
from typing import Any

from gptstudio.engine.errors import describe_os_error
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.fsio import read_limited
from gptstudio.projects.project import ProjectError, now_iso

LOCK_FILE = ".lock"

# The lock file is created empty and filled a moment later; an unreadable one younger than this is
# another window mid-write, an older one was left by a crash.
UNREADABLE_GRACE_S = 60.0
MAX_LOCK_BYTES = 64 * 1024  # ours are about 150 bytes

# Locks held by this process, by resolved path: a lock naming our own pid that is not in here was
# left by an earlier process that had the same pid (common in containers, where pids restart at 1).
_HELD: set[str] = set()


class ProjectInUse(ProjectError):
    """Another GPT Studio window (or computer) has the project open. can_take_over: its holder
    cannot be verified alive (another computer, a pid that may be another program's), so the user
    may open it anyway."""

    def __init__(self, message: str, can_take_over: bool = False):
        super().__init__(message)
        self.can_take_over = can_take_over


class ProjectLock:
    def __init__(self, project_dir: str | os.PathLike) -> None:
        self.path = Path(project_dir) / LOCK_FILE  # the lock file itself
        # Written into our lock file, so that release never removes a lock taken over by another.
        self._token: str | None = None

    @property
    def held(self) -> bool:
        return self._token is not None

    def acquire(self, take_over: bool = False) -> ProjectLock:
        """take_over: the user chose to open it anyway; a lock whose holder is not verified alive
        (ProjectInUse.can_take_over) is replaced by ours."""
        if self.held:
            return self
        # A few tries: a stale lock we remove may be taken by another window before we create ours.
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = _live_holder(self.path)
                if holder is not None and not (take_over and _may_take_over(holder)):
                    raise ProjectInUse(_in_use_message(holder),
                                       can_take_over=_may_take_over(holder)) from None
                _remove(self.path)  # stale, or taken over
                continue
            except FileNotFoundError:
                raise ProjectError(Message(QT_TRANSLATE_NOOP(
                    "Engine", "There is no project at {path}."), path=self.path.parent)) from None
            except OSError as e:
                raise ProjectError(Message(QT_TRANSLATE_NOOP(
                    "Engine", "GPT Studio cannot write in the project folder ({problem})."),
                    problem=describe_os_error(e))) from None
            self._write(fd)
            return self
        raise ProjectInUse(_in_use_message({}))

    def release(self) -> None:
        # The CLI lets a second Ctrl-C stop it at once (KeyboardInterrupt), and it can land in
        # here: releasing is finished first (it can be done twice), then the interrupt goes on.
        try:
            self._release()
        except KeyboardInterrupt:
            self._release()
            raise

    def _release(self) -> None:
        if not self.held:
            return
        info = _read(self.path)
        if info is not None and info.get("token") == self._token:
            _remove(self.path)
        _HELD.discard(_key(self.path))
        self._token = None

    def __enter__(self) -> ProjectLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def _write(self, fd: int) -> None:
        token = secrets.token_hex(8)
        pid = os.getpid()
        info = {
            "pid": pid,
            "hostname": socket.gethostname(),
            "time": now_iso(),
            "started": _process_start(pid),
            "token": token,
        }
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(info, f)
                f.flush()
                os.fsync(f.fileno())
        except BaseException:
            _remove(self.path)
            raise
        self._token = token
        _HELD.add(_key(self.path))


def ensure_not_in_use(project_dir: str | os.PathLike) -> None:
    """Raise ProjectInUse if another process holds the project (before renaming or deleting it)."""
    path = Path(project_dir) / LOCK_FILE
    if not path.exists():
        return
    holder = _live_holder(path)
    if holder is not None and not _ours(holder):
        raise ProjectInUse(_in_use_message(holder))


# --------------------------------------------------------------------------------------------------
# Who holds a lock


def _live_holder(path: Path) -> dict[str, Any] | None:
    """The lock's contents if its holder may still be running, None if the lock is stale or gone."""
    info = _read(path)
    if info is None:
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError:
            return None
        return {} if age < UNREADABLE_GRACE_S else None
    if info.get("hostname") != socket.gethostname():
        return info
    pid = info.get("pid")
    if type(pid) is not int or pid <= 0:
        return None
    if pid == os.getpid():
        return info if _key(path) in _HELD else None
    started = info.get("started")
    if started is None and _process_start(os.getpid()) is not None:
        return None  # GPT Studio here writes a start time: not a lock of a window of this computer
    if started is not None and _process_start(pid) not in (None, started):
        return None  # the pid now belongs to a process that started later
    return info if _pid_alive(pid) else None


def _may_take_over(holder: dict[str, Any]) -> bool:
    """False only for a holder verified alive: a process of this computer that started when its
    lock says (or a window that is writing its lock right now)."""
    if not holder:
        return False
    if holder.get("hostname") != socket.gethostname():
        return True
    started = holder.get("started")
    return started is None or _process_start(holder.get("pid")) != started


def _ours(info: dict[str, Any]) -> bool:
    return info.get("pid") == os.getpid() and info.get("hostname") == socket.gethostname()


def _in_use_message(info: dict[str, Any]) -> Message:
    if not info:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "This project is being opened by another GPT Studio window."))
    if info.get("hostname") != socket.gethostname():
        return Message(QT_TRANSLATE_NOOP(
            "Engine", 'This project is open in GPT Studio on another computer ("{computer}").'),
            computer=info.get("hostname"))
    return Message(QT_TRANSLATE_NOOP(
        "Engine", "This project is open in another GPT Studio window (process {process})."),
        process=info.get("pid"))


def _read(path: Path) -> dict[str, Any] | None:
    try:
        info = json.loads(read_limited(path, MAX_LOCK_BYTES, follow_links=False).decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # fsio.TooLarge is a ValueError
        return None
    return info if isinstance(info, dict) else None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as e:  # a folder or a read-only file where the lock should be
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "GPT Studio cannot write in the project folder ({problem})."),
            problem=describe_os_error(e))) from None


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


# --------------------------------------------------------------------------------------------------
# Processes


def _process_start(pid: int) -> str | None:
    """When the process started, in clock ticks since boot (Linux only; None elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces and ")"; the fields after its last ")" start
    # at field 3, and starttime is field 22 (proc(5)).
    parts = stat.rpartition(")")[2].split()
    return parts[19] if len(parts) > 19 else None


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: checks existence and permission, delivers nothing
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    except OSError:
        return False
    return True


def _pid_alive_windows(pid: int) -> bool:
    # os.kill(pid, 0) would send CTRL_C_EVENT on Windows (signal 0 is CTRL_C_EVENT there).
    import ctypes

    kernel32 = ctypes.windll.kernel32
    PROCESS_QUERY_LIMITED_INFORMATION, STILL_ACTIVE, ERROR_ACCESS_DENIED = 0x1000, 259, 5
    handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return kernel32.GetLastError() == ERROR_ACCESS_DENIED
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
