"""`gptstudio models` and `gptstudio new NAME --corpus FILE --from MODEL`: pretrained models by name.

    gptstudio models [--measure]       the catalogue, with what fine-tuning each takes here
    gptstudio new poems --corpus poems.txt --from uer/gpt2-chinese-poem [--minutes 10]

Kept apart from cli.py, which only registers the arguments and calls in here.
"""

from __future__ import annotations

import signal
import sys
import time

from gptstudio.engine.finetune import DEFAULT_BATCH_SIZE, DEFAULT_BLOCK_SIZE, DEFAULT_MINUTES


def add_arguments(sub, new) -> None:
    """The `models` command, and `new`'s options for starting from a pretrained model."""
    models = sub.add_parser("models", help="list the pretrained models to start from")
    models.add_argument("--measure", action="store_true",
                        help="time a training step of each model not measured yet (minutes)")
    new.add_argument("--from", dest="source", metavar="MODEL",
                     help="start from a pretrained GPT-2: a Hugging Face Hub name (gpt2, "
                          "uer/gpt2-chinese-poem; see `gptstudio models`) or a model folder")
    new.add_argument("--fine-tune", choices=("auto", "full", "lora"), default="auto",
                     help="with --from: all weights learn (full), small LoRA adapters learn "
                          "(lora), or whichever fits this computer's memory (auto)")


# ---------------------------------------------------------------------------------------------------
# gptstudio models


def cmd_models(args) -> int:
    from gptstudio.engine.catalogue import CATALOGUE, NOT_STATED
    from gptstudio.projects.pretrained import plan_fine_tune

    print("Pretrained models to start from (gptstudio new NAME --corpus FILE --from MODEL):\n")
    header = ("MODEL", "LANGUAGE", "PARAMETERS", "DOWNLOAD", "LICENCE", "FINE-TUNING HERE",
              "S/STEP")
    rows = []
    for entry in CATALOGUE:
        if args.measure:
            print(f"Timing a training step of {entry.repo_id}...", file=sys.stderr, flush=True)
        plan = plan_fine_tune(entry.config, measure=args.measure, window_open=False)
        how = "LoRA" if plan.memory.lora_rank else "all weights"
        seconds = f"{plan.seconds_per_step:.1f}" if plan.seconds_per_step else "not timed"
        rows.append((entry.repo_id, entry.language, f"{entry.parameters / 1e6:.0f}M",
                     _size(entry.download_bytes),
                     "not stated" if entry.licence == NOT_STATED else entry.licence,
                     f"{how}, {_size(plan.memory.needed_bytes)}", seconds))
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    print(f"\nFINE-TUNING HERE: the memory fine-tuning needs at context {DEFAULT_BLOCK_SIZE} and "
          f"batch {DEFAULT_BATCH_SIZE}, with all weights learning where that fits this computer, "
          "else LoRA adapters.")
    print("S/STEP: seconds per training step, measured on this computer"
          + ("." if args.measure else " (`gptstudio models --measure` times those not timed yet)."))
    print("Download sizes are about; the download reads the exact ones. Any other GPT-2 model on "
          "the Hugging Face Hub works by its name too (user/model).")
    return 0


# ---------------------------------------------------------------------------------------------------
# gptstudio new --from


def new_from_pretrained(args, text: str, mode: str | None) -> int:
    from gptstudio.engine.control import RunControl
    from gptstudio.projects.pretrained import create_from_pretrained
    from gptstudio.projects.store import ProjectStore

    minutes = DEFAULT_MINUTES if args.minutes is None else args.minutes  # --minutes: cli.py's
    control = RunControl()
    printer = DownloadPrinter(str(args.source))
    previous = signal.signal(signal.SIGINT, lambda *_: control.stop())
    try:
        project = create_from_pretrained(
            ProjectStore(), args.name, text, args.source, block_size=args.block_size,
            minutes=minutes, method=args.fine_tune, mode=mode, on_event=printer,
            control=control, window_open=False)
    finally:
        signal.signal(signal.SIGINT, previous)
        printer.done()
    train = project.train
    how = (f"LoRA adapters of rank {train.lora_rank}" if train.lora_rank
           else "all weights learn")
    print(f"Created project '{project.name}' from {args.source} "
          f"({project.model.param_count():,} parameters, context {project.model.block_size}, "
          f"{project.data.mode} text, {project.data.tokenizer} tokenizer).")
    print(f"Fine-tuning: {how}, {train.max_iters:,} steps of {train.batch_size} x "
          f"{project.model.block_size} tokens, learning rate {train.learning_rate:g} "
          f"(about {minutes:g} minutes here).")
    print(f"Fine-tune it with: gptstudio train \"{project.name}\"")
    return 0


class DownloadPrinter:
    """DownloadEvents -> a progress bar on a terminal, a line every few seconds when piped."""

    def __init__(self, name: str, stream=None):
        self.name = name
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.interval_s = 0.2 if self.tty else 5.0
        self._last = 0.0
        self._shown = False

    def __call__(self, event) -> None:
        now = time.monotonic()
        if not (event.finished or now - self._last >= self.interval_s):
            return
        self._last = now
        self.write(describe_download(self.name, event))
        if event.finished and self.tty:
            self.done()

    def write(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r" + text + "\x1b[K")
            self._shown = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False


def describe_download(name: str, e) -> str:
    """One line: what, how far, how fast, how long still."""
    if e.finished:
        return (f"Downloaded {name}: {_size(e.done_bytes)}." if e.done_bytes
                else f"{name} is already on this computer (Hugging Face cache).")
    if e.checking:
        return f"Checking {e.file} against the Hub's checksum..."
    width = 24
    filled = int(width * e.done_bytes / max(1, e.total_bytes))
    left = f"{_duration(e.eta_s)} left" if e.eta_s is not None else "time left unknown"
    return (f"Downloading {name} {e.file} [{'#' * filled}{'.' * (width - filled)}] "
            f"{_size(e.done_bytes)} of {_size(e.total_bytes)} | {_size(e.bytes_per_second)}/s | "
            f"{left}")


def _size(n: float) -> str:
    """Binary units, as the app and engine/memory.py's sentences give sizes."""
    if n >= 2**30:
        return f"{n / 2**30:.1f} GB"
    if n >= 2**20:
        return f"{n / 2**20:.0f} MB"
    return f"{n / 2**10:.0f} KB"


def _duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"
