"""Time travel, in the Train tab: a click on the loss curve writes from the model as it was at the
saved step nearest before it (engine.snapshots), every step from the same start, so two steps can
be compared fairly. Writing runs as a TimeTravelWorker on a thread of its own; one click at a time
is written, and the latest click waits for the one being written.

The panel's sentences keep the Train tab's translation context (they were the tab's own).
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from gptstudio.ui.i18n import translate
from gptstudio.ui.workers import TIME_TRAVEL_SAMPLE, TimeTravelWorker, WorkerThread

TRAVEL_STYLE = ("QFrame#timeTravel { background: #f3f7ff; border: 1px solid #b9cbe8; border-radius: 4px; }"
                "QFrame#timeTravel QLabel { background: transparent; border: none; }")


class TimeTravelPanel(QtWidgets.QFrame):
    """What an earlier model writes. The tab marks `step_shown` on its curve, hides its latest
    samples while the panel is `opened`, and shows them again when it is `closed`."""

    step_shown = QtCore.Signal(int)  # the saved step written from (or being written)
    opened = QtCore.Signal()
    closed = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._snapshot_dir: Path | None = None
        self.snapshots: list[tuple[int, float | None]] = []  # (step, validation loss), oldest first
        self.prompt = ""  # every saved model starts from the prompt the run's samples used
        self._threads: list[WorkerThread] = []
        self._step: int | None = None  # the step shown (or being written) in the panel
        self._pending: int | None = None  # clicked while another was being written
        self.setObjectName("timeTravel")
        self.setStyleSheet(TRAVEL_STYLE)
        self.title = QtWidgets.QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.close_button = QtWidgets.QPushButton(translate("TrainTab", "Back to the latest model"))
        self.close_button.setToolTip(translate(
            "TrainTab", "Close this panel and show the latest model's samples again."))
        self.close_button.clicked.connect(self.close_travel)
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(120)
        self.note = QtWidgets.QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #4a5568;")
        header = QtWidgets.QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.close_button)
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.addLayout(header)
        box.addWidget(self.text)
        box.addWidget(self.note)
        self.hide()

    # -- the saved models ------------------------------------------------------------------------------

    def set_snapshots(self, checkpoint_dir: Path | None) -> None:
        """Learn which earlier models are saved in checkpoint_dir (None: none)."""
        from gptstudio.engine.snapshots import list_snapshots, snapshot_meta

        self._snapshot_dir = Path(checkpoint_dir) if checkpoint_dir is not None else None
        found = list_snapshots(self._snapshot_dir) if self._snapshot_dir is not None else []
        self.snapshots = [(s.step, s.val_loss) for s in found]
        self.prompt = ""
        if found:
            try:
                prompt = snapshot_meta(self._snapshot_dir, found[-1].step).get("sample_prompt")
            except Exception:  # noqa: BLE001 - a prompt is a nicety; the empty one always works
                prompt = ""
            self.prompt = prompt if isinstance(prompt, str) else ""

    def snapshot_steps(self) -> list[int]:
        return [step for step, _val in self.snapshots]

    # -- writing -------------------------------------------------------------------------------------

    @QtCore.Slot(float)
    def travel_to(self, x: float) -> None:
        """Write from the saved model nearest at or before step x (a click on the curve)."""
        if self._snapshot_dir is None or not self.snapshots:
            self._show(None, translate(
                "TrainTab", "No earlier model is saved yet. While the model trains, one is kept "
                            "now and then (the diamonds on the curve); click near one to hear "
                            "what the model wrote at that step."))
            return
        earlier = [step for step, _val in self.snapshots if step <= x]
        if not earlier:
            first = self.snapshots[0][0]
            self._show(None, translate(
                "TrainTab", "No model was saved before step {step:,}. The earliest saved one is "
                            "from step {first:,}: click at or after it.").format(
                step=max(0, int(x)), first=first))
            return
        step = earlier[-1]
        self._step = step
        self._show(step, "")
        self.text.setPlaceholderText(translate("TrainTab", "Writing…"))
        self.step_shown.emit(step)
        if self.is_writing():
            self._pending = step  # written as soon as the current one is done
            return
        self._start(step)

    def is_writing(self) -> bool:
        return any(t.is_running() and not t.done for t in self._threads)

    def _start(self, step: int) -> None:
        worker = TimeTravelWorker(self._snapshot_dir, step, self.prompt)
        worker.done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        thread = WorkerThread(worker, self)
        thread.finished.connect(self._drop_threads)
        self._threads.append(thread)
        thread.start()

    def _show(self, step: int | None, sentence: str) -> None:
        if step is None:
            self._step = None
            self.title.setText(translate("TrainTab", "Time travel"))
            self.text.hide()
            self.note.setText(sentence)
        else:
            self.title.setText(translate("TrainTab", "The model at step {step:,} writes:").format(
                step=step))
            self.text.clear()
            self.text.show()
            self.note.setText(self._fairness_note())
        self.show()
        self.opened.emit()

    def _fairness_note(self) -> str:
        sample = TIME_TRAVEL_SAMPLE
        if self.prompt:
            note = translate(
                "TrainTab", "Every saved model starts from the prompt “{prompt}”, with temperature "
                            "{temperature:g}, up to {tokens} tokens and seed {seed}, so two steps "
                            "can be compared fairly. Click another point on the curve to hear "
                            "another step.")
        else:
            note = translate(
                "TrainTab", "Every saved model starts from nothing, with temperature "
                            "{temperature:g}, up to {tokens} tokens and seed {seed}, so two steps "
                            "can be compared fairly. Click another point on the curve to hear "
                            "another step.")
        return note.format(prompt=self.prompt, temperature=sample.temperature,
                           tokens=sample.max_new_tokens, seed=sample.seed)

    @QtCore.Slot(object)
    def _on_done(self, result) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self._start(pending)
            return
        if result is None or result.get("step") != self._step:
            return  # failed (already said), or the panel has moved on
        self.text.setPlaceholderText("")
        self.text.setPlainText(result["prompt"] + result["text"])

    @QtCore.Slot(str)
    def _on_failed(self, sentence: str) -> None:
        if self._pending is None:
            self._show(None, sentence)

    @QtCore.Slot()
    def _drop_threads(self) -> None:
        for thread in [t for t in self._threads if not t.is_running()]:
            self._threads.remove(thread)
            thread.setParent(None)  # ended: Python may free it

    @QtCore.Slot()
    def close_travel(self) -> None:
        """Back to the latest model: hide the panel."""
        self._step = None
        self._pending = None
        self.hide()
        self.closed.emit()

    def stop(self, timeout_ms: int = 30_000) -> None:
        """Stop a sample being written and wait for its thread (the window calls this on closing)."""
        self._pending = None
        for thread in list(self._threads):
            thread.stop_and_wait(timeout_ms)
        self._threads = []
