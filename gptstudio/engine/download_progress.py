"""A model download's progress, added up over its files, and its cancel.

huggingface_hub reports each file's progress to a tqdm-like object of the class a download is given
(`tqdm_class`); Tracker.bar_class is such a class: it draws nothing (the app and the CLI draw
their own) and sends each chunk here, which adds the files up into plain DownloadEvents (bytes,
speed over the last seconds, time left) and raises DownloadCancelled from inside huggingface_hub's
loop once control.stop() was called, which removes its partial file.
"""

from __future__ import annotations

import time

from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import EngineError
from gptstudio.engine.events import DownloadEvent
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

EVENT_INTERVAL_S = 0.1  # progress events at most ten a second
SPEED_WINDOW_S = 3.0  # speed over the last few seconds: a stall shows at once


class DownloadCancelled(EngineError):
    def __init__(self):
        super().__init__(Message(QT_TRANSLATE_NOOP(
            "Engine", "The download was cancelled. The files already complete are kept; starting "
                      "it again downloads only the rest.")))


class Tracker:
    """Adds up the bytes of every file being downloaded into one progress report, and cancels.
    A retry after a broken connection goes on with the same bar (and rolls it back if the server
    restarts the file)."""

    def __init__(self, on_event, control: RunControl, sizes: dict[str, int]):
        """sizes: each file's size in bytes, as the Hub lists it."""
        self.on_event, self.control = on_event, control
        self.sizes = sizes
        self.total = 0
        self.done = 0  # bytes of this fetch's downloads so far
        self.downloaded = 0
        self.file = ""
        self.cancelled = False
        self._samples: list[tuple[float, int]] = []
        self._last_event = 0.0
        self.bar_class = _bar_class(self)

    def expect(self, names: list[str]) -> None:
        self.total = self.done + sum(self.sizes.get(n, 0) for n in names)

    def start_file(self, name: str) -> None:
        self.check_cancel()
        self.file = name

    def end_file(self, name: str) -> None:
        self._emit(force=True)

    def checking(self, name: str) -> None:
        self.file = name
        self._emit(force=True, checking=True)

    def finish(self) -> None:
        self.file = ""
        self._emit(force=True, finished=True)

    def check_cancel(self) -> None:
        if self.control.stop_requested:
            self.cancelled = True
            raise DownloadCancelled()

    def update(self, n: int) -> None:
        self.done += n
        self.downloaded += n
        self.total = max(self.total, self.done)  # a server's file larger than its listing said
        self._emit()
        self.check_cancel()  # raised inside huggingface_hub's loop: its partial file is removed

    def _emit(self, force: bool = False, finished: bool = False, checking: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_event < EVENT_INTERVAL_S:
            return
        self._last_event = now
        self._samples.append((now, self.done))
        while len(self._samples) > 2 and now - self._samples[0][0] > SPEED_WINDOW_S:
            self._samples.pop(0)
        (t0, d0) = self._samples[0]
        speed = (self.done - d0) / (now - t0) if now > t0 else 0.0
        left = self.total - self.done
        eta = left / speed if speed > 0 else None
        self.on_event(DownloadEvent(file=self.file, done_bytes=self.done, total_bytes=self.total,
                                    bytes_per_second=speed, eta_s=0.0 if finished else eta,
                                    finished=finished, checking=checking))


def _bar_class(tracker: Tracker) -> type:
    from huggingface_hub.utils import tqdm as hf_tqdm

    class ProgressBar(hf_tqdm):
        """Draws nothing (the app and the CLI draw their own); forwards each chunk to the tracker."""

        def __init__(self, *args, **kwargs):
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

        def update(self, n=1):
            tracker.update(int(n or 0))

    return ProgressBar
