"""Atomic file writes, and reads that refuse what no GPT Studio file can be.

Every write goes to a temporary file in the same folder, is flushed and fsync'ed, then
`os.replace`d over the target (atomic on POSIX and Windows): a crash mid-write leaves the previous
version readable, and a temporary file ".<name>.<8 random characters>.tmp" that
sweep_stale_temporaries removes later. Files are created with the permissions the umask gives (as
any program's files), never tempfile.mkstemp's 0600: a project or an export in a shared folder
must stay readable to the others.

read_limited reads a file only after checking its size, and can refuse a link or a device in its
place: a settings file of a gigabyte, /dev/zero or a link to /etc/passwd must not be read whole.
Stdlib only: everyone may import it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
import time
from pathlib import Path
from typing import Any

# A temporary file that has not been written to for this long belongs to a process that died
# mid-write: a live writer touches its file with every chunk (an export streams hundreds of MB).
STALE_TEMPORARY_S = 3600.0
# ".<name>.<8 random>.tmp": ours (temporary_file) and tempfile.mkstemp's, which earlier versions used.
_TEMPORARY = re.compile(r"^\..+\.[0-9a-z_]{8}\.tmp$")


class TooLarge(ValueError):
    """A file bigger than its kind can be; nothing of it was read past the limit."""

    def __init__(self, path: str | os.PathLike, size: int, limit: int):
        self.path, self.size, self.limit = Path(path), size, limit
        super().__init__(f"{path} is {size:,} bytes, more than {limit:,}")


class NotAPlainFile(OSError):
    """A link, a device, a pipe or a folder where a plain file was expected."""

    def __init__(self, path: str | os.PathLike, link: bool):
        self.link = link  # True: a symbolic link
        super().__init__(errno.ELOOP if link else errno.EINVAL,
                         "is a link" if link else "is not a plain file", str(path))


def temporary_file(folder: str | os.PathLike, name: str) -> tuple[int, Path]:
    """A new, empty file ".<name>.<8 random>.tmp" in folder, open to write and read: (fd, path)."""
    for _ in range(100):
        path = Path(folder) / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o666)  # the umask takes away what the user does not share
        except FileExistsError:
            continue
        return fd, path
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(folder))


def is_temporary(name: str) -> bool:
    """A temporary file name of our own making (temporary_file's, or mkstemp's of earlier versions)."""
    return bool(_TEMPORARY.match(name))


def sweep_stale_temporaries(folder: str | os.PathLike,
                            older_than_s: float = STALE_TEMPORARY_S) -> int:
    """Remove the temporary files of our own naming in folder (not below it) that no one has
    written to for older_than_s: left by a process killed mid-write. Returns how many went."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        if not is_temporary(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than_s:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass  # gone meanwhile, or not ours to remove
    return removed


def read_limited(path: str | os.PathLike, limit: int, *, follow_links: bool = True) -> bytes:
    """path's bytes. Raises TooLarge for a file over `limit` bytes before reading it (and, for one
    that grows while read, after limit + 1 bytes), NotAPlainFile for a device, a pipe or a folder,
    and with follow_links=False for a symbolic link."""
    path = os.fspath(path)
    if not follow_links and os.path.islink(path):
        raise NotAPlainFile(path, link=True)
    # O_NONBLOCK: opening a named pipe would otherwise wait for a writer forever.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)  # a link swapped in since the check: ELOOP
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise NotAPlainFile(path, link=True) from None
        raise
    with open(fd, "rb", closefd=True) as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAPlainFile(path, link=False)
        if info.st_size > limit:
            raise TooLarge(path, info.st_size, limit)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, len(data), limit)
    return data


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_file(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        # The target is untouched; only our temporary file has to go.
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: str | os.PathLike, obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def read_json(path: str | os.PathLike) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on Windows, where it is not needed.
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
