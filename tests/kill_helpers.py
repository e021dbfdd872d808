"""Training runs to kill: a fork server that imports torch and GPT Studio once, then starts each run
of `gptstudio train` as a forked child of itself.

Starting Python and importing torch takes 2-4 s on a busy machine; a fork takes milliseconds, so a
test can kill a dozen runs in a few seconds. Each child is its own process running the real
command (`gptstudio.cli.main`) with its output in a log file, and SIGKILL ends it exactly as it
would end the app or the CLI. The server forks before torch has computed anything (no thread pool
exists yet) and every run uses one thread, so forking is safe and every run computes the same
numbers bit for bit.

A child can be told to stop at one point of the checkpoint writer and sleep there, so that the test
kills it at exactly that point. A point is (kind, name, occurrence):

    ("write", "model.safetensors", 2)   half of the file is in its temporary file; the 2nd time
                                        this happens in the run (the run's 2nd checkpoint)
    ("rename", "meta.json", 1)          the temporary file is complete, not yet renamed
    ("rename", "latest.json", 1)        the step folder is in place, the pointer not yet updated
    ("rename", "folder", 1)             the temporary step folder is complete, not yet renamed
    ("delete", "folder", 1)             a folder is being deleted: its model.safetensors is gone,
                                        the rest not yet (the order most likely to mislead a reader)

The test side (ForkServer, Run) imports only the standard library.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

REPLY_TIMEOUT_S = 180.0  # a safety net for a hung server, far above any real wait
PAUSED = "PAUSED"
EXIT = "EXIT"


# ---------------------------------------------------------------------------------------------------
# Test side


class Run:
    """One forked `gptstudio train` run."""

    def __init__(self, server: ForkServer, pid: int, log: Path):
        self.server, self.pid, self.log = server, pid, log
        self.returncode: int | None = None

    def output(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def wait_for(self, text: str) -> bool:
        """Wait until `text` is in the output (True) or the run has ended without it (False)."""
        deadline = time.monotonic() + REPLY_TIMEOUT_S
        while time.monotonic() < deadline:
            out = self.output()
            if text in out:
                return True
            if f"\n{EXIT} " in "\n" + out:
                return False
            time.sleep(0.01)
        raise AssertionError(f"The run never printed {text!r}:\n{self.output()}")

    def signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> int:
        os.kill(self.pid, signal.SIGKILL)
        return self.wait()

    def wait(self) -> int:
        """Wait for the run to end (the server reaps it, so its pid is free afterwards)."""
        if self.returncode is None:
            self.returncode = self.server.ask({"op": "wait", "pid": self.pid})["status"]
        return self.returncode


class ForkServer:
    def __init__(self):
        env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        self.process = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=env)
        self.ask({"op": "ping"})  # returns once the server has imported everything

    def start(self, argv: list[str], log: Path, home: Path,
              pause: tuple[str, str, int] | None = None) -> Run:
        reply = self.ask({"op": "run", "argv": argv, "log": str(log), "pause": pause,
                          "env": {"GPTSTUDIO_HOME": str(home)}})
        return Run(self, reply["pid"], log)

    def ask(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], REPLY_TIMEOUT_S)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise AssertionError(f"The fork server did not answer {request!r}.")
        return json.loads(line)

    def close(self) -> None:
        try:
            self.ask({"op": "quit"})
        except (AssertionError, OSError, ValueError):
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# ---------------------------------------------------------------------------------------------------
# Server side (this file run as a script)


def _serve() -> None:
    import torch  # the slow imports, once, before any fork

    import gptstudio.cli
    import gptstudio.engine.checkpoint
    import gptstudio.engine.data
    import gptstudio.engine.sampling
    import gptstudio.engine.tokenizers
    import gptstudio.engine.trainer
    import gptstudio.projects.lock
    import gptstudio.projects.store  # noqa: F401

    # torch imports its compiler stack (~1 s) the first time an optimizer is made: do it here.
    torch.optim.AdamW([torch.zeros(1, requires_grad=True)])

    children: set[int] = set()
    try:
        for line in sys.stdin:  # ends when the test closes the pipe, or dies
            request = json.loads(line)
            op = request["op"]
            if op == "quit":
                break
            if op == "ping":
                _reply({"ok": True})
            elif op == "wait":
                _, status = os.waitpid(request["pid"], 0)
                children.discard(request["pid"])
                _reply({"status": os.waitstatus_to_exitcode(status)})
            elif op == "run":
                sys.stdout.flush()
                pid = os.fork()
                if pid == 0:
                    _child(request)  # never returns
                children.add(pid)
                _reply({"pid": pid})
    finally:  # a test that failed between a pause and its kill leaves no sleeping child behind
        for pid in children:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    _reply({"ok": True})


def _reply(obj: dict) -> None:
    _say(json.dumps(obj))


def _say(line: str) -> None:
    """One line on stdout, at once (the server's replies; a child's log, which the test watches)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _child(request: dict) -> None:
    code = 1
    try:
        fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.environ.update(request["env"])
        signal.signal(signal.SIGINT, signal.default_int_handler)  # the server ignores it
        if request.get("pause"):
            _install_pause(tuple(request["pause"]))
        from gptstudio.cli import main

        code = main(request["argv"])
    except KeyboardInterrupt:  # the test's Ctrl-C arriving just after main() returned
        pass
    except BaseException:  # noqa: BLE001 - whatever happens, the log says it and the child exits
        import traceback

        traceback.print_exc()
    finally:
        _say(f"{EXIT} {code}")
        sys.stderr.flush()
        os._exit(code)


class _Points:
    """Counts the points of the checkpoint writer passed during saves; sleeps at the chosen one."""

    def __init__(self, pause: tuple):
        self.pause = (pause[0], pause[1], int(pause[2]))
        self.counts: dict[tuple[str, str], int] = {}
        self.saving = False
        self.file = ""  # the file fsio is writing now

    def hit(self, kind: str, name: str) -> None:
        if not self.saving:
            return
        n = self.counts[(kind, name)] = self.counts.get((kind, name), 0) + 1
        _say(f"POINT {kind} {name} {n}")
        if (kind, name, n) == self.pause:
            _say(PAUSED)
            time.sleep(REPLY_TIMEOUT_S)  # the test kills us long before this ends
            os._exit(3)


class ModuleProxy:
    """A module stand-in: the listed functions replaced, everything else the module's own."""

    def __init__(self, module, **replaced):
        self._module, self._replaced = module, replaced

    def __getattr__(self, name):
        return self._replaced.get(name) or getattr(self._module, name)


class HalfWayFile:
    """A file whose every write lands half, is flushed to disk, then calls `midway()` (which may
    pause for a kill, or raise as a full disk would) before the rest is written."""

    def __init__(self, file, midway):
        self._file, self._midway = file, midway

    def write(self, data) -> int:
        half = len(data) // 2
        self._file.write(data[:half])
        self._file.flush()  # the first half is in the temporary file when the test strikes
        self._midway()
        self._file.write(data[half:])
        return len(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()

    def __getattr__(self, name):
        return getattr(self._file, name)


def _install_pause(pause: tuple) -> None:
    import shutil

    import gptstudio.engine.checkpoint as checkpoint
    import gptstudio.engine.training_run as training_run
    import gptstudio.fsio as fsio

    points = _Points(pause)
    real_save, real_write = checkpoint.save_checkpoint, fsio.atomic_write_bytes

    def save_checkpoint(*args, **kwargs):
        points.saving = True
        try:
            return real_save(*args, **kwargs)
        finally:
            points.saving = False

    def atomic_write_bytes(path, data):
        points.file = Path(path).name
        return real_write(path, data)

    def fsio_replace(src, dst):
        points.hit("rename", Path(dst).name)
        os.replace(src, dst)

    def checkpoint_replace(src, dst):
        if Path(dst).name.startswith("step-") and not Path(dst).name.endswith(".tmp"):
            points.hit("rename", "folder")
        os.replace(src, dst)

    def rmtree(path, *args, **kwargs):
        path = Path(path)
        if path.is_dir() and (path / "model.safetensors").is_file():
            (path / "model.safetensors").unlink()
            points.hit("delete", "folder")
        shutil.rmtree(path, *args, **kwargs)

    checkpoint.save_checkpoint = training_run.save_checkpoint = save_checkpoint
    checkpoint.atomic_write_bytes = fsio.atomic_write_bytes = atomic_write_bytes
    def fdopen(*args, **kwargs):
        return HalfWayFile(os.fdopen(*args, **kwargs), lambda: points.hit("write", points.file))

    fsio.os = ModuleProxy(os, replace=fsio_replace, fdopen=fdopen)
    checkpoint.os = ModuleProxy(os, replace=checkpoint_replace)
    checkpoint.shutil = ModuleProxy(shutil, rmtree=rmtree)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C in pytest must not kill the server first
    _serve()
