"""The Train tab: start/pause/resume/stop, progress, the live loss curve, the loss in plain words,
and a timeline of the samples written at each evaluation (a slider linked to a marker on the curve).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from gptstudio.engine.events import (
    CheckpointEvent,
    EvalEvent,
    StartedEvent,
    StepEvent,
    StoppedEvent,
)
from gptstudio.engine.loss_history import LossHistory
from gptstudio.ui.i18n import translate
from gptstudio.ui.tabs.answers_plot import AnswersPlot
from gptstudio.ui.tabs.loss_plot import LossPlot
from gptstudio.ui.tabs.loss_words import loss_sentence, overfitting_notice
from gptstudio.ui.tabs.sample_timeline import SampleTimeline
from gptstudio.ui.tabs.time_travel import TimeTravelPanel
from gptstudio.ui.tabs.train_exports import EXPORTS, export_to_file
from gptstudio.ui.tabs.train_run import TrainRun
from gptstudio.ui.widgets.controls import StepProgress
from gptstudio.ui.widgets.text import device_name, format_duration
from gptstudio.ui.workers import TrainJob

NOTICE_STYLE = ("QLabel { background: #fff6e0; color: #5c4200; border: 1px solid #ecd9a6; "
                "border-radius: 4px; padding: 6px 8px; }")


class TrainTab(QtWidgets.QWidget):
    more_requested = QtCore.Signal(int)  # "Train more": this many steps after the last one
    model_choice_changed = QtCore.Signal(str)  # "best" or "latest"
    state_changed = QtCore.Signal(str)  # idle | starting | running | paused | stopping
    message = QtCore.Signal(str, str)  # level ("error" | "info"), one sentence: export results

    def __init__(self, parent=None):
        super().__init__(parent)
        self.state = "idle"
        self.done_training = False  # the run reached its steps or stopped early: Train adds more
        self.last_step = 0
        self.max_steps = 0
        self._cannot_continue = ""  # why Train cannot continue the saved model (set_cannot_continue)
        # How long the run so far has taken, from step 0 without a pause (whole_run_seconds).
        self._run_seconds, self._run_whole = 0.0, False
        self.evals_seen = 0
        self.vocab_size: int | None = None
        self.tokenizer = "char"
        self.unigram: float | None = None  # the loss of guessing by frequency alone
        self.export_name = "loss"  # suggested file name (without suffix) in the export dialogs
        self._evals: list[tuple[int, float, float]] = []  # (step, train loss, validation loss)
        # The tab starts, pauses and stops its own run; the job comes from the window (the
        # project, its text and settings), which returns None after saying why it cannot train.
        self.prepare_job: Callable[[], TrainJob | None] = lambda: None
        self.run = TrainRun(self.on_events, self)
        self.run.started.connect(self._on_run_started)
        self.run.done.connect(self._on_run_done)

        self._build_run_controls()

        self.progress = StepProgress()
        self.progress.setToolTip(self.tr("Training steps done out of the planned number of steps."))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QtWidgets.QLabel(self.tr("Not trained yet. Press Train to start."))
        self.status.setToolTip(self.tr("The latest training loss, learning rate, speed and time left."))
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setWordWrap(True)  # a long sentence ("Stopped early …") wraps: the window keeps its width

        self._build_curve_views()

        self._build_sample_views()

        self._build_travel_panel()

        self._lay_out()
        self.set_state("idle")
        self.sample_timeline.refresh(follow=True)
        self._refresh_words()

    def _build_run_controls(self) -> None:
        """Train (or Train more, with its number of steps), Pause/Resume, Stop, and which saved
        model the other tabs use."""
        self.start_button = QtWidgets.QPushButton(self.tr("Train", "button: start training"))
        self.start_button.setToolTip(self._start_tip())
        self.pause_button = QtWidgets.QPushButton(self.tr("Pause", "button: pause training"))
        self.pause_button.setToolTip(self.tr("Pause training without losing anything; press again to "
                                             "resume."))
        self.stop_button = QtWidgets.QPushButton(self.tr("Stop", "button: stop training"))
        self.stop_button.setToolTip(self.tr("Stop training and save a checkpoint (Esc). Train continues "
                                            "later."))
        self.start_button.clicked.connect(self._start_clicked)
        self.more_steps = QtWidgets.QSpinBox()
        self.more_steps.setRange(10, 1_000_000)
        self.more_steps.setSingleStep(100)
        self.more_steps.setValue(500)
        self.more_steps.setGroupSeparatorShown(True)
        self.more_steps.setSuffix(self.tr(" more steps"))
        self.more_steps.setToolTip(self.tr("How many steps “Train more” adds. The learning-rate "
                                           "schedule does not start again: the extra steps take a "
                                           "small rate."))
        self.model_choice = QtWidgets.QComboBox()
        self.model_choice.addItem(self.tr("the best model"), "best")
        self.model_choice.addItem(self.tr("the latest model"), "latest")
        self.model_choice.setToolTip(self.tr(
            "Which saved model Generate, Look inside and export use: the one with the lowest "
            "validation loss (the star on the curve; a model that went on to memorise its text "
            "writes worse), or the one from the last step."))
        self.model_choice.activated.connect(self._on_model_choice)
        # Its labels grow with the run ("the best model (step 1,320, validation loss 2.39)"): Qt's
        # default sizes the box once, for the first, short labels, and cut the later ones.
        self.model_choice.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_choice_label = QtWidgets.QLabel(self.tr("Write and look inside with:"))
        self.model_choice_label.setToolTip(self.model_choice.toolTip())

        self.pause_button.clicked.connect(self._pause_clicked)
        self.stop_button.clicked.connect(self.stop)
        self.start_button.setObjectName("primary")

    def _build_curve_views(self) -> None:
        """The loss curve with its answers plot, scale and export, and its words and notice."""
        self.plot = LossPlot()
        self.answers = AnswersPlot()  # a chat's held-out answers, beside the loss (hidden otherwise)
        self.answers.link_steps(self.plot)
        self.log_scale = QtWidgets.QCheckBox(self.tr("Log scale"))
        self.log_scale.setToolTip(self.tr("Show the loss on a logarithmic scale: small late improvements "
                                          "become visible."))
        self.log_scale.toggled.connect(self.plot.set_log_scale)
        self.export_button = QtWidgets.QPushButton(self.tr("Export", "button: save the curve or samples"))
        self.export_button.setToolTip(self.tr("Save the loss curve as an image (PNG or SVG), its numbers "
                                              "as a CSV table, or the samples as text."))
        export_menu = QtWidgets.QMenu(self.export_button)
        for kind, (text, *_rest) in EXPORTS.items():
            export_menu.addAction(translate("TrainTab", text), lambda kind=kind: self.export(kind))
        self.export_button.setMenu(export_menu)

        self.words = QtWidgets.QLabel()
        self.words.setWordWrap(True)
        self.words.setToolTip(self.tr("The validation loss read as a number of choices: the model is as "
                                      "unsure of the next token as if it picked among that many at random "
                                      "(the perplexity, e to the power of the loss)."))
        self.words.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = QtWidgets.QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setToolTip(self.tr("Validation loss is measured on text the model never trains on. "
                                       "When it rises while training loss falls, the model is learning "
                                       "its training text by heart rather than how the language works."))
        self.notice.hide()

    def _build_sample_views(self) -> None:
        """The samples over time (sample_timeline.SampleTimeline), marked on the curve."""
        self.sample_timeline = SampleTimeline(self)
        self.sample_timeline.marked.connect(self.plot.set_marker)
        timeline = self.sample_timeline
        self.timeline, self.timeline_label, self.timeline_step = timeline.slider, timeline.label, timeline.position
        self.sample_title, self.sample = timeline.title, timeline.text

    def _lay_out(self) -> None:
        buttons = QtWidgets.QHBoxLayout()
        for widget in (self.start_button, self.more_steps, self.pause_button, self.stop_button):
            buttons.addWidget(widget)
        buttons.addWidget(self.progress, 1)
        choice = QtWidgets.QHBoxLayout()
        choice.addWidget(self.model_choice_label)
        choice.addWidget(self.model_choice)
        choice.addStretch(1)
        plot_header = QtWidgets.QHBoxLayout()
        plot_header.addWidget(self.status, 1)
        plot_header.addWidget(self.log_scale)
        plot_header.addWidget(self.export_button)
        timeline = QtWidgets.QHBoxLayout()
        timeline.addWidget(self.timeline_label)
        timeline.addWidget(self.timeline, 1)
        timeline.addWidget(self.timeline_step)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(plot_header)
        layout.addWidget(self.words)
        layout.addLayout(choice)
        layout.addWidget(self.notice)
        plots = QtWidgets.QHBoxLayout()
        plots.addWidget(self.plot, 3)
        plots.addWidget(self.answers, 2)
        layout.addLayout(plots, 1)
        layout.addWidget(self.travel)
        layout.addLayout(timeline)
        layout.addWidget(self.sample_title)
        layout.addWidget(self.sample)

    def _build_travel_panel(self) -> None:
        """The model as it was at an earlier step (time_travel.TimeTravelPanel), opened from the curve."""
        self.travel = TimeTravelPanel()
        self.travel_title, self.travel_text = self.travel.title, self.travel.text
        self.travel_note, self.travel_close = self.travel.note, self.travel.close_button
        self.plot.step_clicked.connect(self.travel.travel_to)
        self.travel.step_shown.connect(self.plot.set_marker)
        self.travel.opened.connect(self._on_travel_opened)
        self.travel.closed.connect(self._on_travel_closed)

    # -- state ---------------------------------------------------------------------------------------

    def set_done(self, done: bool) -> None:
        """The model has trained all its steps (or stopped early): Train offers more steps."""
        self.done_training = done
        self.set_state(self.state)

    @QtCore.Slot()
    def trigger_start(self) -> None:
        """What Train (the button, F5, the toolbar) does now: start, continue, or train more."""
        self._start_clicked()

    def _start_clicked(self) -> None:
        if self.done_training:
            self.more_requested.emit(self.more_steps.value())
        else:
            self.start()

    # -- the run -------------------------------------------------------------------------------------

    def start(self) -> bool:
        """Train the job the window prepares, unless a run is on or there is nothing to train."""
        if self.run.is_running():
            return False
        job = self.prepare_job()
        if job is None:
            return False
        self.run.start(job)
        self.set_done(False)
        self.set_state("starting")
        return True

    def is_training(self) -> bool:
        return self.run.is_running()

    def whole_run_seconds(self) -> float | None:
        """The seconds a run took from step 0 to its last step, or None where that says nothing of
        its pace (it resumed a model, or was paused)."""
        return self._run_seconds if self._run_whole else None

    @QtCore.Slot()
    def pause(self) -> None:
        if self.run.pause():
            self._run_whole = False
            self.set_state("paused")

    @QtCore.Slot()
    def resume(self) -> None:
        if self.run.resume():
            self.set_state("running")

    @QtCore.Slot()
    def toggle_pause(self) -> None:
        self.resume() if self.state == "paused" else self.pause()

    @QtCore.Slot()
    def stop(self) -> None:
        if self.run.stop():
            self.set_state("stopping")

    @QtCore.Slot(object)
    def _on_run_started(self, _event) -> None:
        if self.state == "starting":  # a pause or stop pressed meanwhile stands
            self.set_state("running")

    @QtCore.Slot(object)
    def _on_run_done(self, result) -> None:
        self.set_state("idle")
        if result:
            self.set_done(result["reason"] in ("finished", "early_stopped"))

    def set_model_choice(self, which: str) -> None:
        self.model_choice.setCurrentIndex(max(0, self.model_choice.findData(which)))
        self._refresh_choice_labels()

    def _on_model_choice(self) -> None:
        self._refresh_choice_labels()
        self.model_choice_changed.emit(self.model_choice.currentData())

    def _refresh_choice_labels(self) -> None:
        from gptstudio.ui.tabs.loss_words import best_eval

        best = best_eval(self._evals) if self._evals else None
        if best is not None:
            self.model_choice.setItemText(0, self.tr("the best model (step {step:,}, validation loss "
                                                     "{loss:.2f})").format(step=best[0], loss=best[2]))
        else:
            self.model_choice.setItemText(0, self.tr("the best model"))
        self.model_choice.setItemText(1, self.tr("the latest model (step {step:,})").format(
            step=self.last_step) if self.last_step else self.tr("the latest model"))
        shown = bool(self._evals)
        self.model_choice.setVisible(shown)
        self.model_choice_label.setVisible(shown)

    def set_state(self, state: str, can_train: bool = True) -> None:
        """idle | starting | running | paused | stopping."""
        changed, self.state = state != self.state, state
        busy = state in ("starting", "running", "paused", "stopping")
        more = self.done_training and not busy
        self.start_button.setText(self.tr("Train more", "button: train more steps") if more
                                  else self.tr("Train", "button: start training"))
        self.more_steps.setVisible(more)
        self.start_button.setEnabled(not busy and can_train)
        self.pause_button.setEnabled(state in ("running", "paused"))
        self.pause_button.setText(self.tr("Resume", "button: resume training") if state == "paused"
                                  else self.tr("Pause", "button: pause training"))
        self.stop_button.setEnabled(state in ("starting", "running", "paused"))
        if state == "stopping":
            self.status.setText(self.tr("Stopping after this step and saving a checkpoint..."))
        elif state == "starting":
            self.status.setText(self.tr("Preparing the data and the model..."))
        elif state == "paused":
            self._show_paused()
        if changed:
            self.state_changed.emit(state)

    def set_can_train(self, can_train: bool, reason: str = "") -> None:
        self.start_button.setEnabled(can_train and self.state == "idle")
        self.start_button.setToolTip(reason or self._start_tip())

    def _start_tip(self) -> str:
        if self.done_training:
            return self.tr("Train the model for more steps (F5), from its last checkpoint.")
        return self.tr("Start training (F5). If the model has trained before, this continues from its "
                       "last checkpoint.")

    def _pause_clicked(self) -> None:
        self.toggle_pause()

    # -- data ----------------------------------------------------------------------------------------

    def show_history(self, history: LossHistory, max_steps: int) -> None:
        # Another run's curve: its saved models come with the next set_snapshots.
        self.travel.snapshots = []
        self.plot.set_saved_steps([], [])
        self.close_travel()
        self.plot.set_step_range(max(max_steps, history.last_step))
        self.plot.set_history(history)
        self.answers.set_points(history.eval_answers)
        self.last_step = history.last_step
        self.max_steps = max_steps
        self.evals_seen = len(history.eval_steps)
        self.progress.setRange(0, max(1, max_steps))
        self.progress.setValue(min(self.last_step, max_steps))
        self._evals = [(step, float(train), float(val)) for step, train, val in
                       zip(history.eval_steps, history.eval_train, history.eval_val, strict=True)]
        self.sample_timeline.samples = [(step, text) for step, text in history.samples if text]
        self.sample_timeline.refresh(follow=True)
        self._refresh_words()
        self._cannot_continue = ""
        self._show_trained_status()

    def set_cannot_continue(self, why: str) -> None:
        """Why Train cannot continue the saved model ("" when it can): the text now has characters
        it never saw. Where the status said "Train continues from there", Train then refused.
        Said when it changes, so a run's own last words stay until then."""
        if why != self._cannot_continue:
            self._cannot_continue = why
            self._show_trained_status()

    def _show_trained_status(self) -> None:
        """What the saved model is, and whether Train continues it."""
        if self.is_training():
            return
        last_val = self._evals[-1][2] if self._evals else None  # the latest check's, runs included
        if self.last_step and self._cannot_continue:
            self.status.setText(self.tr("Trained for {steps:,} steps. {why}").format(
                steps=self.last_step, why=self._cannot_continue))
        elif self.last_step and last_val is not None:
            self.status.setText(self.tr("Trained for {steps:,} steps, validation loss {loss:.2f}. Train "
                                        "continues from there.").format(steps=self.last_step,
                                                                        loss=last_val))
        elif self.last_step:
            self.status.setText(self.tr("Trained for {steps:,} steps. Train continues from there.")
                                .format(steps=self.last_step))
        else:
            self.status.setText(self.tr("Not trained yet. Press Train to start."))

    def show_plan(self, max_steps: int) -> None:
        """The step the next run trains to, as the settings say now. Between runs the settings can
        change (Automatic chooses after the project opens, the user edits Training steps), and
        the progress and the curve's axis must say what Train will do, not what was saved before.
        A run on, or one done (Train more adds its own steps), keeps its own number."""
        if self.is_training() or self.done_training:
            return
        self.max_steps = max_steps
        self.progress.setRange(0, max(1, max_steps))
        self.progress.setValue(min(self.last_step, max_steps))
        self.plot.set_step_range(max(max_steps, self.last_step))

    @QtCore.Slot(object)
    def on_events(self, events: list) -> None:
        steps, losses = [], []
        for event in events:
            if isinstance(event, StepEvent):
                steps.append(event.step)
                losses.append(event.loss)
                self._show_step(event)
            elif isinstance(event, StartedEvent):
                self._run_seconds, self._run_whole = 0.0, event.step == 0
                self.plot.truncate_after(event.step)
                self.answers.truncate_after(event.step)
                self._evals = [e for e in self._evals if e[0] <= event.step]
                self.sample_timeline.samples = [x for x in self._samples if x[0] <= event.step]
                self.travel.snapshots = [x for x in self.travel.snapshots if x[0] <= event.step]
                self._show_saved_steps()
                self.sample_timeline.refresh(follow=self.sample_timeline.at_end())
                self._refresh_words()
                self.max_steps = event.max_steps
                self.plot.set_step_range(event.max_steps)
                self.progress.setRange(0, max(1, event.max_steps))
                self.progress.setValue(event.step)
                self.status.setText(self.tr("Training on {device} in {precision}, {params:,} parameters...")
                                    .format(device=device_name(event.device), precision=event.precision,
                                            params=event.params))
            elif isinstance(event, EvalEvent):
                self.plot.add_steps(steps, losses)
                steps, losses = [], []
                self.plot.add_eval(event.step, event.val_loss)
                if event.answers:
                    self.answers.add(event.step, *event.answers)
                self.evals_seen += 1
                self._evals.append((event.step, event.train_loss, event.val_loss))
                self._refresh_words()
                if event.sample:
                    follow = self.sample_timeline.at_end()
                    self._samples.append((event.step, event.sample))
                    self.sample_timeline.refresh(follow=follow)
            elif isinstance(event, StoppedEvent | CheckpointEvent):
                pass
        self.plot.add_steps(steps, losses)

    def _show_step(self, event: StepEvent) -> None:
        self.last_step = event.step
        self._run_seconds = event.elapsed_s
        self.progress.setValue(min(event.step, self.progress.maximum()))
        if self.state == "paused":  # the step in flight when Pause was pressed: paused after it
            self._show_paused()
            return
        self.status.setText(
            self.tr("loss {loss:.3f}  ·  learning rate {lr:.2e}  ·  {speed:,.0f} tokens/s  ·  "
                    "{elapsed} so far  ·  about {left} left").format(
                loss=event.loss, lr=event.lr, speed=event.tokens_per_s,
                elapsed=format_duration(event.elapsed_s), left=format_duration(event.eta_s)))

    def _show_paused(self) -> None:
        self.status.setText(self.tr("Paused at step {step:,}. Press Resume to continue.")
                            .format(step=self.last_step))

    def set_vocabulary(self, vocab_size: int | None, tokenizer: str = "char") -> None:
        """The tokenizer's size and kind: the loss in plain words counts characters, words or
        tokens."""
        self.vocab_size = vocab_size
        self.tokenizer = tokenizer
        self._refresh_words()

    def set_baseline(self, unigram: float | None) -> None:
        """The loss of guessing by frequency alone on this text (nats per token), where known."""
        if unigram != self.unigram:
            self.unigram = unigram
            self._refresh_words()

    # -- the loss in plain words -------------------------------------------------------------------------

    def _refresh_words(self) -> None:
        self._refresh_choice_labels()
        if not self._evals:
            self.words.setText(self.tr("After the first evaluation, this says in plain words what the loss "
                                       "means."))
            self.notice.hide()
            return
        self.words.setText(loss_sentence(self._evals, self.vocab_size, self.tokenizer, self.unigram))
        steps, trains, vals = zip(*self._evals, strict=True)
        notice = overfitting_notice(steps, trains, vals)
        self.notice.setText(notice or "")
        self.notice.setVisible(notice is not None)

    # -- the samples timeline ----------------------------------------------------------------------------

    def sample_steps(self) -> list[int]:
        """The steps the samples slider moves through, left to right."""
        return self.sample_timeline.steps()

    @property
    def _samples(self) -> list[tuple[int, str]]:
        return self.sample_timeline.samples

    # -- time travel: the model as it was at an earlier step ---------------------------------------------

    def set_snapshots(self, checkpoint_dir: Path | None) -> None:
        """Learn which earlier models are saved (engine.snapshots) and mark them on the curve.
        Called after a project opens and after each checkpoint."""
        self.travel.set_snapshots(checkpoint_dir)
        self._show_saved_steps()

    def snapshot_steps(self) -> list[int]:
        return self.travel.snapshot_steps()

    def _show_saved_steps(self) -> None:
        """A diamond per saved model, on the validation loss of its step (or the training curve)."""
        train_x, train_y, _ex, _ey = self.plot.data()
        xs, ys = [], []
        for step, val in self.travel.snapshots:
            if val is None or not math.isfinite(val):
                if not len(train_x):
                    continue
                val = float(train_y[min(range(len(train_x)), key=lambda i: abs(train_x[i] - step))])
            xs.append(step)
            ys.append(val)
        self.plot.set_saved_steps(xs, ys)

    def travel_to(self, x: float) -> None:
        """Write from the saved model nearest at or before step x (time_travel.TimeTravelPanel)."""
        self.travel.travel_to(x)

    def close_travel(self) -> None:
        """Back to the latest model: the panel hides, the latest samples come back."""
        self.travel.close_travel()

    @QtCore.Slot()
    def _on_travel_opened(self) -> None:
        self.sample_timeline.set_shown(False)  # the panel takes their place: the curve keeps its height

    @QtCore.Slot()
    def _on_travel_closed(self) -> None:
        self.sample_timeline.set_shown(True)
        self.sample_timeline.show_selected()

    def stop_time_travel(self, timeout_ms: int = 30_000) -> None:
        """Stop a sample being written and wait for its thread (the window calls this on closing)."""
        self.travel.stop(timeout_ms)

    # -- export ----------------------------------------------------------------------------------------

    def export(self, kind: str) -> str | None:
        """Ask where, then save the curve (png | svg), its numbers (csv) or the samples. Returns the
        path written, or None (cancelled, nothing to save, or failed: the user is told)."""
        return export_to_file(self, kind, self._samples)

    def _tell(self, level: str, text: str) -> None:
        """Through the window's message bar when connected; else in the tab's status line."""
        if self.receivers(QtCore.SIGNAL("message(QString,QString)")):
            self.message.emit(level, text)
        else:
            self.status.setText(text)
