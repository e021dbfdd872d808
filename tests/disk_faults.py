"""A disk that fails: one chosen write of GPT Studio raises OSError (disk full, read-only, no
permission) half-way through, as a real full disk does.

Tests run as root, where a read-only folder made with chmod is still writable, so the failure is
injected instead: into gptstudio.fsio (every file GPT Studio writes goes through it) and into the
checkpoint writer's folder operations. Only GPT Studio's view of `os` is replaced; the rest of the
process is untouched.

    with FailingDisk(errno.ENOSPC, "meta.json", nth=3):   # the 3rd write of any meta.json
    with FailingDisk(errno.EROFS, "folder"):              # renaming a step folder into place
    with FailingDisk(errno.EACCES, "mkdir"):              # creating a step folder

The disk heals when the `with` block ends. (It keeps its own MonkeyPatch: undoing the test's would
also undo conftest's GPTSTUDIO_HOME and let the code under test reach the real data folder.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import gptstudio.engine.checkpoint as checkpoint
import gptstudio.fsio as fsio
from tests.kill_helpers import HalfWayFile, ModuleProxy


class FailingDisk:
    def __init__(self, err: int, point: str, nth: int = 1):
        self.err, self.point, self.nth = err, point, nth
        self._patch = pytest.MonkeyPatch()
        self.seen = 0  # times the point was reached
        self.failed = False
        self._file = ""  # the file fsio is writing now
        real_write, real_mkdir = fsio.atomic_write_bytes, Path.mkdir

        def atomic_write_bytes(path, data):
            self._file = Path(path).name
            return real_write(path, data)

        def mkdir(path, *args, **kwargs):
            if path.name.startswith("step-") and path.name.endswith(".tmp") and not path.exists():
                self._reach("mkdir", path)
            return real_mkdir(path, *args, **kwargs)

        patch = self._patch
        patch.setattr(fsio, "atomic_write_bytes", atomic_write_bytes)
        patch.setattr(checkpoint, "atomic_write_bytes", atomic_write_bytes)
        patch.setattr(fsio, "os", ModuleProxy(os, fdopen=self._fdopen))
        patch.setattr(checkpoint, "os", ModuleProxy(os, replace=self._replace))
        patch.setattr(Path, "mkdir", mkdir)

    def __enter__(self) -> FailingDisk:
        return self

    def __exit__(self, *exc) -> None:
        self._patch.undo()

    def error(self, path=None) -> OSError:
        return OSError(self.err, os.strerror(self.err), *([str(path)] if path else []))

    def _reach(self, point: str, path=None) -> None:
        if point != self.point:
            return
        self.seen += 1
        if self.seen == self.nth:
            self.failed = True
            raise self.error(path)

    def _fdopen(self, fd, *args, **kwargs):
        file = os.fdopen(fd, *args, **kwargs)
        if self._file != self.point or self.seen + 1 != self.nth:
            self.seen += self._file == self.point
            return file
        self.seen += 1
        self.failed = True
        error = self.error()

        def disk_fills_up():  # half of the first write lands, then the write fails
            raise error

        return HalfWayFile(file, disk_fills_up)

    def _replace(self, src, dst) -> None:
        name = Path(dst).name
        if name.startswith("step-") and not name.endswith(".tmp"):
            self._reach("folder", dst)
        os.replace(src, dst)
