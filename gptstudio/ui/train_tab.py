"""The Train tab: start/pause/resume/stop, progress, the live loss curve and the latest sample."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from gptstudio.engine.events import (
    CheckpointEvent,
    EvalEvent,
    StartedEvent,
    StepEvent,
    StoppedEvent,
)
from gptstudio.ui.loss_plot import LossPlot
from gptstudio.ui.text import format_duration


class TrainTab(QtWidgets.QWidget):
    start_requested = QtCore.Signal()
    pause_requested = QtCore.Signal()
    resume_requested = QtCore.Signal()
    stop_requested = QtCore.Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.state = "idle"
        self.last_step = 0
        self.max_steps = 0
        self.evals_seen = 0

        self.start_button = QtWidgets.QPushButton("Train")
        self.start_button.setToolTip("Start training (F5). If the model has trained before, this "
                                     "continues from its last checkpoint.")
        self.pause_button = QtWidgets.QPushButton("Pause")
        self.pause_button.setToolTip("Pause training without losing anything; press again to resume.")
        self.stop_button = QtWidgets.QPushButton("Stop")
        self.stop_button.setToolTip("Stop training and save a checkpoint (Esc). Train continues later.")
        self.start_button.clicked.connect(self.start_requested)
        self.pause_button.clicked.connect(self._pause_clicked)
        self.stop_button.clicked.connect(self.stop_requested)
        self.start_button.setObjectName("primary")

        self.progress = QtWidgets.QProgressBar()
        self.progress.setToolTip("Training steps done out of the planned number of steps.")
        self.progress.setFormat("step %v of %m")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QtWidgets.QLabel("Not trained yet. Press Train to start.")
        self.status.setToolTip("The latest training loss, learning rate, speed and time left.")
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        self.plot = LossPlot()
        self.log_scale = QtWidgets.QCheckBox("Log scale")
        self.log_scale.setToolTip("Show the loss on a logarithmic scale: small late improvements "
                                  "become visible.")
        self.log_scale.toggled.connect(self.plot.set_log_scale)

        self.sample_title = QtWidgets.QLabel("What the model writes")
        self.sample_title.setToolTip("After each evaluation the model writes a short sample, so "
                                     "you can watch its writing improve.")
        self.sample = QtWidgets.QPlainTextEdit()
        self.sample.setReadOnly(True)
        self.sample.setPlaceholderText("A sample appears here after each evaluation.")
        self.sample.setToolTip(self.sample_title.toolTip())
        self.sample.setMaximumHeight(150)

        buttons = QtWidgets.QHBoxLayout()
        for widget in (self.start_button, self.pause_button, self.stop_button):
            buttons.addWidget(widget)
        buttons.addWidget(self.progress, 1)
        plot_header = QtWidgets.QHBoxLayout()
        plot_header.addWidget(self.status, 1)
        plot_header.addWidget(self.log_scale)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(plot_header)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.sample_title)
        layout.addWidget(self.sample)
        self.set_state("idle")

    # -- state ---------------------------------------------------------------------------------------

    def set_state(self, state: str, can_train: bool = True) -> None:
        """idle | starting | running | paused | stopping."""
        self.state = state
        busy = state in ("starting", "running", "paused", "stopping")
        self.start_button.setEnabled(not busy and can_train)
        self.pause_button.setEnabled(state in ("running", "paused"))
        self.pause_button.setText("Resume" if state == "paused" else "Pause")
        self.stop_button.setEnabled(state in ("starting", "running", "paused"))
        if state == "stopping":
            self.status.setText("Stopping after this step and saving a checkpoint...")
        elif state == "starting":
            self.status.setText("Preparing the data and the model...")
        elif state == "paused":
            self.status.setText(f"Paused at step {self.last_step:,}. Press Resume to continue.")

    def set_can_train(self, can_train: bool, reason: str = "") -> None:
        self.start_button.setEnabled(can_train and self.state == "idle")
        self.start_button.setToolTip(reason or "Start training (F5). If the model has trained before, "
                                     "this continues from its last checkpoint.")

    def _pause_clicked(self) -> None:
        (self.resume_requested if self.state == "paused" else self.pause_requested).emit()

    # -- data ----------------------------------------------------------------------------------------

    def show_history(self, history: dict, max_steps: int) -> None:
        steps = history.get("steps", [])
        self.plot.set_step_range(max(max_steps, int(steps[-1]) if steps else 0))
        self.plot.set_history(history)
        steps = history.get("steps", [])
        self.last_step = int(steps[-1]) if steps else 0
        self.max_steps = max_steps
        self.evals_seen = len(history.get("eval_steps", []))
        self.progress.setRange(0, max(1, max_steps))
        self.progress.setValue(min(self.last_step, max_steps))
        samples = history.get("samples", [])
        if samples:
            self._show_sample(*samples[-1])
        else:
            self.sample.clear()
        if self.last_step:
            vals = history.get("eval_val", [])
            best = f", validation loss {vals[-1]:.3f}" if vals else ""
            self.status.setText(f"Trained for {self.last_step:,} steps{best}. Train continues "
                                f"from there.")
        else:
            self.status.setText("Not trained yet. Press Train to start.")

    @QtCore.Slot(object)
    def on_events(self, events: list) -> None:
        steps, losses = [], []
        for event in events:
            if isinstance(event, StepEvent):
                steps.append(event.step)
                losses.append(event.loss)
                self._show_step(event)
            elif isinstance(event, StartedEvent):
                self.plot.truncate_after(event.step)
                self.max_steps = event.max_steps
                self.plot.set_step_range(event.max_steps)
                self.progress.setRange(0, max(1, event.max_steps))
                self.progress.setValue(event.step)
                self.status.setText(f"Training on {event.device} ({event.precision}), "
                                    f"{event.params:,} parameters...")
            elif isinstance(event, EvalEvent):
                self.plot.add_steps(steps, losses)
                steps, losses = [], []
                self.plot.add_eval(event.step, event.val_loss)
                self.evals_seen += 1
                if event.sample:
                    self._show_sample(event.step, event.sample)
            elif isinstance(event, StoppedEvent | CheckpointEvent):
                pass
        self.plot.add_steps(steps, losses)

    def _show_step(self, event: StepEvent) -> None:
        self.last_step = event.step
        self.progress.setValue(min(event.step, self.progress.maximum()))
        if self.state == "paused":
            return
        self.status.setText(
            f"loss {event.loss:.3f}  ·  learning rate {event.lr:.2e}  ·  "
            f"{event.tokens_per_s:,.0f} tokens/s  ·  {format_duration(event.elapsed_s)} so far  ·  "
            f"about {format_duration(event.eta_s)} left")

    def _show_sample(self, step: int, text: str) -> None:
        self.sample_title.setText(f"What the model writes (after step {int(step):,})")
        self.sample.setPlainText(text)
