"""What the command line says on the terminal: a user's mistake as one plain sentence with exit
code 1, and a training run's progress (a bar on a terminal, plain lines in a file)."""

from __future__ import annotations

import sys
import time

from gptstudio.engine.events import EvalEvent, StartedEvent, StepEvent


def fail(message: str) -> int:
    print(f"gptstudio: {message}", file=sys.stderr)
    return 1


class ProgressPrinter:
    """Trainer events -> a progress bar on a terminal, plain lines when piped to a file."""

    def __init__(self, stream=None, interval_s: float = 0.2):
        self.stream = stream = stream or sys.stdout  # looked up now: tests and pipes replace it
        self.tty = stream.isatty()
        self.interval_s = interval_s if self.tty else 5.0
        self._last = 0.0
        self._bar_shown = False

    def __call__(self, event) -> None:
        match event:
            case StartedEvent():
                self.line(f"Training on {event.device} ({event.precision}), {event.params:,} "
                          f"parameters, from step {event.step} to {event.max_steps}.")
                if event.note:
                    self.line(event.note)
            case StepEvent():
                now = time.monotonic()
                if now - self._last >= self.interval_s or event.step == event.max_steps:
                    self._last = now
                    self.bar(event)
            case EvalEvent():
                self.line(f"step {event.step}: train loss {event.train_loss:.4f}, "
                      f"validation loss {event.val_loss:.4f}")
                sample = event.sample.replace("\n", " ")[:100]
                self.line(f"  sample: {sample}")

    def write(self, text: str) -> None:
        """A closed terminal (SIGHUP) or pipe must not stop training: output is dropped then."""
        if self.stream is None:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # ValueError: the stream was closed
            self.stream = None

    def bar(self, e) -> None:
        width = 24
        filled = int(width * e.step / max(1, e.max_steps))
        text = (f"step {e.step}/{e.max_steps} [{'#' * filled}{'.' * (width - filled)}] "
                f"loss {e.loss:.4f} | lr {e.lr:.2e} | {e.tokens_per_s:,.0f} tok/s | "
                f"ETA {_duration(e.eta_s)}")
        if self.tty:
            self.write("\r" + text + "\x1b[K")
            self._bar_shown = True
        else:
            self.write(text + "\n")

    def line(self, text: str) -> None:
        if self._bar_shown:
            self.write("\r\x1b[K")
            self._bar_shown = False
        self.write(text + "\n")

    note = line

    def done(self) -> None:
        if self._bar_shown:
            self.write("\n")
            self._bar_shown = False


def _duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"
