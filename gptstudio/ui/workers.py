"""Background work for the window: training, generation and the step-time probe.

Each worker is a QObject living in its own QThread. It sends plain data (engine events, strings)
through signals; the receivers are methods of GUI-thread widgets, so Qt queues the calls onto the
GUI thread. Pause/resume/stop reach a worker through RunControl (threading.Event flags the engine
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
from gptstudio.projects.project import ProjectError
from gptstudio.ui.i18n import translate
from gptstudio.ui.threads import refused, start_qthread
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
    failed = QtCore.Signal(str)
    done = QtCore.Signal(object)  # the result (plain data) or None

    def __init__(self):
        super().__init__()
        self.control = RunControl()

    @QtCore.Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as error:  # noqa: BLE001 - a worker must never die silently
            self.failed.emit(plain_error(error))
            result = None
        self.done.emit(result)

    def work(self):
        raise NotImplementedError


class WorkerThread(QtCore.QObject):
    """Owns one worker and its QThread; makes sure the thread has ended before it is dropped."""

    finished = QtCore.Signal()

    def __init__(self, worker: _Worker, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.thread = QtCore.QThread()
        self.thread.setObjectName(type(worker).__name__)
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        self.done = False
        # Direct: quit() is called from the worker thread itself. Queued to the GUI thread, it
        # would never arrive while the GUI thread is blocked in stop_and_wait().
        worker.done.connect(self.thread.quit, QtCore.Qt.ConnectionType.DirectConnection)
        worker.done.connect(self._on_worker_done)
        self.thread.finished.connect(self._on_thread_finished)

    @property
    def control(self) -> RunControl:
        return self.worker.control

    def start(self) -> bool:
        """Start the worker; False when the computer refused to start its thread. The worker then
        reports that as its failure, and is done, as if it had run: once the caller has finished
        its own bookkeeping (queued), so every run ends through the same signals."""
        if start_qthread(self.thread):
            return True
        QtCore.QTimer.singleShot(0, self._report_not_started)
        return False

    @QtCore.Slot()
    def _report_not_started(self) -> None:
        self.worker.failed.emit(refused())
        self.worker.done.emit(None)  # marks this holder done, as a worker that ran
        self.finished.emit()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def stop_and_wait(self, timeout_ms: int = 30_000) -> bool:
        """Ask the worker to stop at its next check and wait for the thread to end."""
        self.worker.control.stop()
        if not self.thread.isRunning():
            return True
        return self.thread.wait(QtCore.QDeadlineTimer(timeout_ms))

    @QtCore.Slot(object)
    def _on_worker_done(self, _result) -> None:
        self.done = True

    @QtCore.Slot()
    def _on_thread_finished(self) -> None:
        self.thread.wait()  # finished is sent just before the thread really ends
        self.finished.emit()


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
            if not tokenizer_saved[0] and type(event).__name__ == "CheckpointEvent":
                save_tokenizer(tokenizer, job.tokenizer_path)
                tokenizer_saved[0] = True
            batcher.add(event, urgent=type(event).__name__ != "StepEvent")

        try:
            result = trainer.run(on_event, self.control)
        finally:
            batcher.flush()
        return {"step": result.step, "reason": result.reason, "val_loss": result.val_loss,
                "best_step": result.best_step, "best_val": result.best_val}


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
        batcher = _Batcher(self.tokens.emit)
        count = 0
        try:
            for event in generator.stream(self.prompt, self.config, self.control):
                count += 1
                batcher.add(event, urgent=event.finished)
                if self.control.stop_requested:
                    break
        finally:
            batcher.flush()
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


@dataclass
class TorchLoader:
    """Imports torch (1+ s) on a plain thread after the window is shown, then reports the devices."""

    devices: list[str] = field(default_factory=list)
    error: str | None = None

    def load(self) -> None:
        try:
            import gptstudio.engine.trainer  # noqa: F401  (warms the heavy imports)
            from gptstudio.engine.device import available_devices
            self.devices = available_devices()
        except Exception as error:  # noqa: BLE001
            self.error = plain_error(error)
