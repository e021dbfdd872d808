"""Background work for the window: training, generation and the step-time probe.

Each worker is a QObject whose work() runs as a threads.Job on a thread of its own (WorkerThread).
It sends plain data (engine events, strings) through signals; the receivers are methods of
GUI-thread widgets, so Qt queues the calls onto the GUI thread. Pause/resume/stop reach a worker through RunControl (threading.Event flags the engine
checks between steps), never through queued signals: a busy worker thread would not see them.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from PySide6 import QtCore

from gptstudio.engine.config import DataConfig, ModelConfig, SampleConfig, TrainConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.errors import EngineError
from gptstudio.engine.events import CheckpointEvent, StepEvent
from gptstudio.projects.project import ProjectError
from gptstudio.ui.i18n import translate
from gptstudio.ui.threads import Job, refused
from gptstudio.ui.widgets.text import describe_error

log = logging.getLogger(__name__)

# Steps can come thousands of times a second on a GPU; the GUI needs at most ~20 updates a second.
EMIT_INTERVAL_S = 0.05


def plain_error(error: BaseException) -> str:
    """One sentence for the user. Engine errors are written for users; anything else is a bug,
    logged with its traceback and reported without one."""
    if isinstance(error, EngineError | ProjectError):
        return describe_error(error)
    if isinstance(error, MemoryError):
        return translate("Workers", "The computer ran out of memory. Try a smaller model, batch size "
                         "or context length.")
    if isinstance(error, OSError) and getattr(error, "errno", None) == 28:
        return translate("Workers", "The disk is full: free some space, then press Train again (your "
                         "project is safe).")
    log.error("Unexpected error in a worker:\n%s", "".join(traceback.format_exception(error)))
    if not str(error):  # an error without words of its own: no empty "went wrong: ."
        return translate("Workers", "Something went wrong. Your project is safe; details are in "
                         "the log file.")
    return translate("Workers", "Something went wrong: {error}. Your project is safe; details are "
                     "in the log file.").format(error=error)


class _Worker(QtCore.QObject):
    """A long job with signals of its own (training events, tokens): work() runs on its own thread
    (WorkerThread, a threads.Job) and checks `control`; failed and done arrive on the GUI thread."""

    failed = QtCore.Signal(str)
    done = QtCore.Signal(object)  # the result (plain data) or None

    def __init__(self):
        super().__init__()
        self.control = RunControl()

    def work(self):
        raise NotImplementedError


def _run_worker(_control, worker: _Worker):
    """A Job's function for a worker: the worker stops through its own RunControl (pause too)."""
    return worker.work()


class WorkerThread(QtCore.QObject):
    """Runs one worker as a Job on a thread of its own; `finished` comes once the worker is done,
    after its `failed` (if it failed) and `done`."""

    finished = QtCore.Signal()

    def __init__(self, worker: _Worker, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.job = Job(_run_worker, worker, own_thread=True, name=type(worker).__name__)
        self.job.succeeded.connect(self._on_succeeded)
        self.job.failed.connect(self._on_failed)
        self.job.finished.connect(self.finished)
        self.done = False

    @property
    def control(self) -> RunControl:
        return self.worker.control

    def start(self) -> bool:
        """Start the worker; False when the computer refused to start its thread. The worker then
        reports that as its failure, and is done, as if it had run: once the caller has finished
        its own bookkeeping (queued), so every run ends through the same signals."""
        if self.job.start():
            return True
        QtCore.QTimer.singleShot(0, self._report_not_started)
        return False

    @QtCore.Slot()
    def _report_not_started(self) -> None:
        self._end(refused(), None)
        self.finished.emit()

    def is_running(self) -> bool:
        return self.job.is_running()

    def stop_and_wait(self, timeout_ms: int = 30_000) -> bool:
        """Ask the worker to stop at its next check and wait for its thread to end."""
        self.worker.control.stop()
        return self.job.wait(timeout_ms)

    @QtCore.Slot(object)
    def _on_succeeded(self, result) -> None:
        self._end(None, result)

    @QtCore.Slot(object)
    def _on_failed(self, error) -> None:
        self._end(plain_error(error), None)

    def _end(self, problem: str | None, result) -> None:
        self.done = True
        if problem is not None:
            self.worker.failed.emit(problem)
        self.worker.done.emit(result)


class _Batcher:
    """Collects events and hands them on as lists, at most every EMIT_INTERVAL_S."""

    def __init__(self, emit):
        self.emit = emit
        self.pending: list = []
        self.last = 0.0

    def add(self, event, urgent: bool = False) -> None:
        self.pending.append(event)
        now = time.perf_counter()
        if urgent or now - self.last >= EMIT_INTERVAL_S:
            self.flush(now)

    def flush(self, now: float | None = None) -> None:
        if self.pending:
            self.emit(self.pending)
            self.pending = []
        self.last = now if now is not None else time.perf_counter()


def stream_tokens(events, emit, control) -> int:
    """Hands a writing model's token events on in batches (the last one at once) until it ends;
    returns how many there were. Generate and Chat both stream this way. Stop reaches the engine
    through control: it ends every sample at its next token and hands on what each wrote (samples
    written side by side are shown one after another, so several may still be on their way)."""
    batcher = _Batcher(emit)
    count = 0
    try:
        for event in events:
            count += 1
            batcher.add(event, urgent=event.finished)
    finally:
        batcher.flush()
    return count


class CallWorker(_Worker):
    """Runs one slow function (importing or exporting a model) off the GUI thread."""

    def __init__(self, function, *args, **kwargs):
        super().__init__()
        self.function, self.args, self.kwargs = function, args, kwargs

    def work(self):
        return self.function(*self.args, **self.kwargs)


@dataclass(frozen=True)
class TrainJob:
    """Everything a training run needs, copied from the project on the GUI thread."""

    corpus: str
    data: DataConfig
    model: ModelConfig
    train: TrainConfig
    checkpoint_dir: Path
    tokenizer_path: Path
    precision_cache: Path | None = None
    new_model: bool = False  # True: train a fresh tokenizer on the current corpus first
    set_aside_old: Path | None = None  # where a replaced model goes once the new one has saved


class TrainWorker(_Worker):
    events = QtCore.Signal(object)  # list of engine events (StartedEvent, StepEvent, EvalEvent, ...)

    def __init__(self, job: TrainJob):
        super().__init__()
        self.job = job

    def work(self):
        from gptstudio.engine.checkpoint import latest_checkpoint
        from gptstudio.engine.tokenizers import load_tokenizer, save_tokenizer, train_tokenizer
        from gptstudio.engine.trainer import Trainer

        job = self.job
        has_checkpoint = latest_checkpoint(job.checkpoint_dir) is not None
        replacing = job.new_model and has_checkpoint
        if job.new_model or not has_checkpoint or not job.tokenizer_path.is_file():
            tokenizer = train_tokenizer(job.data.tokenizer, job.corpus, job.data.bpe_vocab_size,
                                        job.data.mode)
            if not replacing:  # a replaced model keeps its tokenizer until the new one has saved
                save_tokenizer(tokenizer, job.tokenizer_path)
        else:
            tokenizer = load_tokenizer(job.tokenizer_path)
        trainer = Trainer(corpus=job.corpus, tokenizer=tokenizer, data=job.data, model=job.model,
                          train=job.train, checkpoint_dir=job.checkpoint_dir,
                          precision_cache=job.precision_cache, fresh=replacing,
                          set_aside_old=job.set_aside_old, window_open=True)
        batcher = _Batcher(self.events.emit)
        tokenizer_saved = [not replacing]

        def on_event(event) -> None:
            if not tokenizer_saved[0] and isinstance(event, CheckpointEvent):
                save_tokenizer(tokenizer, job.tokenizer_path)
                tokenizer_saved[0] = True
            batcher.add(event, urgent=not isinstance(event, StepEvent))

        try:
            result = trainer.run(on_event, self.control)
        finally:
            batcher.flush()
        return {"step": result.step, "reason": result.reason, "val_loss": result.val_loss,
                "val_step": result.val_step, "best_step": result.best_step, "best_val": result.best_val}


class GenerateWorker(_Worker):
    tokens = QtCore.Signal(object)  # list of TokenEvent

    def __init__(self, checkpoint_dir: Path, prompt: str, config: SampleConfig, device: str = "auto",
                 which: str = "best"):
        super().__init__()
        self.checkpoint_dir, self.prompt, self.config, self.device = checkpoint_dir, prompt, config, device
        self.which = which  # the project's model choice: its best checkpoint or its latest

    def work(self):
        from gptstudio.engine.model_service import load_generator

        generator = load_generator(self.checkpoint_dir, self.which, self.device)
        count = stream_tokens(generator.stream(self.prompt, self.config, self.control),
                              self.tokens.emit, self.control)
        return {"tokens": count, "stopped": self.control.stop_requested}


# Time travel writes every saved step from the same start, so two steps can be compared fairly.
TIME_TRAVEL_SAMPLE = SampleConfig(temperature=0.8, max_new_tokens=200, seed=1, top_alternatives=0)


class TimeTravelWorker(_Worker):
    """Writes a sample from the model as it was at an earlier step (engine.snapshots)."""

    def __init__(self, checkpoint_dir: Path, step: int, prompt: str = ""):
        super().__init__()
        self.checkpoint_dir, self.step, self.prompt = checkpoint_dir, step, prompt

    def work(self):
        from gptstudio.engine.errors import UnknownCharacters
        from gptstudio.engine.model_service import load_generator

        generator = load_generator(self.checkpoint_dir, device="cpu", step=self.step)
        prompt = self.prompt
        try:
            events = list(generator.stream(prompt, TIME_TRAVEL_SAMPLE, self.control))
        except UnknownCharacters:  # a prompt this model could not read: start from nothing
            prompt = ""
            events = list(generator.stream(prompt, TIME_TRAVEL_SAMPLE, self.control))
        return {"step": self.step, "prompt": prompt, "text": "".join(e.text for e in events)}


@dataclass(frozen=True)
class ProbeJob:
    """The settings a step is timed with (engine/step_time.py); hashable, so timings are kept per
    job by the main window."""

    model: ModelConfig
    train: TrainConfig  # batch size, device, precision, threads, optimizer and LoRA rank matter
    width: int | None = None  # the batch's sequence length (default: the context)
    precision_cache: Path | None = None  # the automatic precision's verdicts, shared with training
    # Step times measured before (the pretrained catalogue's): a GPT-2 is not timed twice.
    cache: Path | None = None


class ProbeWorker(_Worker):
    """Measures seconds per training step of the settings (engine.step_time), in the precision and
    with the threads training will use."""

    def __init__(self, job: ProbeJob):
        super().__init__()
        self.job = job

    def work(self):
        from gptstudio.engine.step_time import measure_step_seconds

        job = self.job
        timing = measure_step_seconds(job.model, job.train, width=job.width,
                                      precision_cache=job.precision_cache, cache=job.cache)
        return {"seconds": timing.seconds, "device": timing.device}


def _import_torch(_control) -> list[str]:
    import gptstudio.engine.trainer  # noqa: F401  (warms the heavy imports)
    from gptstudio.engine.device import available_devices

    return available_devices()


@dataclass
class TorchLoader:
    """Imports torch (1+ s) on a thread of its own after the window is shown, then keeps the
    devices (or the sentence saying why it failed)."""

    devices: list[str] = field(default_factory=list)
    error: str | None = None

    def job(self) -> Job:
        """The import as a Job (not started); devices and error are set before its `finished`."""
        job = Job(_import_torch, own_thread=True, name="import-torch")
        job.succeeded.connect(self._loaded)
        job.failed.connect(self._failed)
        return job

    def _loaded(self, devices: list[str]) -> None:
        self.devices = devices

    def _failed(self, error: BaseException) -> None:
        self.error = plain_error(error)
