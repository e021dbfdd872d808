"""Training seen from the window, and the step-time probe. The Train tab starts, pauses and
stops its own run (tabs/train_run.py); this controller prepares the job the tab asks for and
brings the rest of the window along as the run goes (the settings lock, the tokenizer, Generate,
the status bar, the messages). Generation is tabs/generate_runs.py's."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6 import QtCore

from gptstudio.app.session import Session
from gptstudio.engine.config import TrainConfig
from gptstudio.engine.errors import name_character
from gptstudio.engine.loss_history import LossHistory
from gptstudio.projects.paths import precision_cache_file, step_time_cache_file
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.threads import refused
from gptstudio.ui.widgets.text import (
    device_name,
    format_duration,
    join_list,
    join_sentences,
    localized,
)
from gptstudio.ui.workers import (
    ProbeJob,
    ProbeWorker,
    TrainJob,
    WorkerThread,
)

log = logging.getLogger(__name__)
# A run Automatic planned that took this many times the time chosen is told why (Runs._over_time).
OVER_TIME = 1.25

# What the status bar says for each state of the Train tab's run (translated as Runs' own).
STATE_WORDS = {"starting": QT_TRANSLATE_NOOP("Runs", "Training…"),
               "running": QT_TRANSLATE_NOOP("Runs", "Training…"),
               "paused": QT_TRANSLATE_NOOP("Runs", "Paused"),
               "stopping": QT_TRANSLATE_NOOP("Runs", "Stopping…"),
               "idle": QT_TRANSLATE_NOOP("Runs", "Ready")}


class Runs(QtCore.QObject):
    """Owned by MainWindow (`window.runs`): reads its views and changes the session."""

    def __init__(self, window, session: Session):
        super().__init__(window)
        self.window, self.session = window, session
        self.probe_thread: WorkerThread | None = None
        # The probe's measured step times, by ProbeJob: the settings panel shows them at once.
        self.step_times: dict[tuple, float] = {}
        self._probe_key_running = None
        self.probe_timer = QtCore.QTimer(self)
        self.probe_timer.setSingleShot(True)
        self.probe_timer.setInterval(600)
        self.probe_timer.timeout.connect(self._start_probe)
        train_tab = window.train_tab
        train_tab.prepare_job = self.prepare_training
        train_tab.more_requested.connect(self.train_more)
        train_tab.state_changed.connect(self._on_train_state)
        train_tab.run.started.connect(self._on_train_started)
        train_tab.run.saved.connect(self._on_checkpoint)
        train_tab.run.failed.connect(self._on_train_failed)
        train_tab.run.done.connect(self._on_train_done)
        train_tab.run.ended.connect(window.update_actions)

    def is_probing(self) -> bool:
        return self.probe_thread is not None and self.probe_thread.is_running()

    # -- step-time probe -------------------------------------------------------------------------------

    def schedule_probe(self) -> None:
        self.probe_timer.start()

    def _probe_key(self):
        """What the step time depends on: the model (its dropout included), the batch and its
        width (one example per line or block: the longest example in a batch, about the context),
        the device, precision, threads, optimizer and LoRA rank."""
        window = self.window
        current = window.settings_panel.settings()
        data, model, train = current.data, current.model, current.train
        tokenizer = self.session.tokenizer
        vocab = tokenizer.vocab_size if tokenizer is not None else 256
        report = window.corpus_tab.report
        widest = report.widest_batch if report is not None and report.mode == data.mode else 0
        return ProbeJob(replace(model, vocab_size=vocab),
                        replace(TrainConfig(), batch_size=train.batch_size, device=train.device,
                                precision=train.precision, num_threads=train.num_threads,
                                optimizer=train.optimizer, lora_rank=train.lora_rank),
                        width=min(widest, model.block_size) if widest else None)

    @QtCore.Slot()
    def _start_probe(self) -> None:
        window = self.window
        if (self.session.project is None or not window.torch_ready or window.closing
                or not window.settings_panel.is_valid()):
            return
        automatic = window.settings_panel.automatic_step_seconds()
        if automatic is not None:
            window.settings_panel.set_step_time(automatic)  # the figure Automatic's reasons quote
            return
        key = self._probe_key()
        if key in self.step_times:
            window.settings_panel.set_step_time(self.step_times[key])
            return
        if window.train_tab.is_training() or self.is_probing():
            return  # timings taken while training runs would be wrong; try again later
        if window.edits.automatic_due():
            self.schedule_probe()  # Automatic's choice, with its own step time, comes first
            return
        window.settings_panel.set_step_time(None)
        # The automatic precision's verdict is shared with training where the probe's model is
        # training's own: with the real vocabulary, once the project has its tokenizer.
        shared = self.session.tokenizer is not None
        worker = ProbeWorker(replace(key, precision_cache=precision_cache_file() if shared else None,
                                     cache=step_time_cache_file()))
        worker.done.connect(self._on_probe_done)
        self.probe_thread = WorkerThread(worker, self)
        self.probe_thread.finished.connect(self._drop_finished_threads)
        self._probe_key_running = key
        if not self.probe_thread.start():
            window.show_message("error", refused())  # the worker ends as if it had failed

    @QtCore.Slot(object)
    def _on_probe_done(self, result) -> None:
        key = self._probe_key_running
        if result:
            self.step_times[key] = result["seconds"]
        if self.window.settings_panel.automatic_step_seconds() is not None:
            return  # Automatic's choice arrived meanwhile: its own timing is the one shown
        if key == self._probe_key():
            self.window.settings_panel.set_step_time(self.step_times.get(key))
        else:
            self.schedule_probe()

    def torch_loaded(self, loader) -> None:
        """PyTorch has loaded in the background (or failed to): show the devices, or why not."""
        window = self.window
        if loader.error:
            window.device_label.setText(self.tr("Device: unavailable"))
            window.show_message("error", self.tr("PyTorch could not be loaded: {error}").format(
                error=loader.error))
            return
        window.devices = loader.devices
        window.settings_panel.set_devices(["auto", *window.devices])
        best = window.devices[0]
        names = {"cuda": self.tr("Device: graphics card (CUDA)"),
                 "mps": self.tr("Device: Apple GPU (MPS)"),
                 "cpu": self.tr("Device: processor (CPU)")}
        window.device_label.setText(names.get(best) or self.tr("Device: {device}").format(device=best))
        window.inspect_tab.torch_loaded()

    # -- training --------------------------------------------------------------------------------------

    def prepare_training(self) -> TrainJob | None:
        """The job the Train tab runs when Train is pressed: the project's text and settings, a
        new model or more steps of the trained one. None (after saying why) when it cannot train."""
        window, session = self.window, self.session
        if session.project is None or window.train_tab.is_training():
            return None
        panel = window.settings_panel
        if not panel.is_valid():
            window.show_message("error", self.tr("Some settings are not valid: {problems}").format(
                problems=join_sentences(panel.problems())))
            return None
        project = session.project
        new_model = session.starts_new_model()
        train = panel.settings().train
        if new_model and train.schedule_iters:
            # "Train more" stretched the old model's run past its schedule; a new model has its own.
            panel.set_run_length(replace(train, schedule_iters=0))
        window.project_actions.save_project()
        window.automatic.forget()  # a choice still being measured must not land on a training model
        corpus = window.corpus_tab.text()
        if not new_model and self._refuse_unknown_corpus(corpus):
            return None
        current = panel.settings()
        data, model, train = current.data, current.model, current.train
        job = TrainJob(corpus=corpus, data=data, model=model, train=train,
                       checkpoint_dir=project.checkpoint_dir, tokenizer_path=project.tokenizer_path,
                       precision_cache=precision_cache_file(), new_model=new_model,
                       set_aside_old=self._old_model_place() if new_model else None)
        session.start_training(corpus, new_model)
        window.corpus_index.build(corpus)  # the text this model learns from
        if new_model:
            window.train_tab.show_history(LossHistory(), train.max_iters)
        window.message_bar.hide_message()
        return job

    def _refuse_unknown_corpus(self, corpus: str) -> bool:
        unknown = self.session.unknown_in(corpus)
        if not unknown:
            return False
        shown = join_list(localized(name_character(u)) for u in unknown[:8])
        self.window.show_message("error", self.tr(
            "The text now has characters the trained model has never seen ({characters}). "
            "Start a new model in Model & Training settings to train on this text.").format(
            characters=shown))
        return True

    @QtCore.Slot(int)
    def train_more(self, steps: int) -> None:
        """Train `steps` more steps after the last one. The schedule's end stays where it was, so
        the learning rate goes on from where it left off (engine.schedule): no jump in the loss.
        The new number of steps shows in the settings: nothing changes behind the user's back."""
        window = self.window
        train_tab = window.train_tab
        if self.session.project is None or train_tab.is_training():
            return
        if self.session.new_model_pending:  # the next run starts a new model: nothing to add steps to
            train_tab.set_done(False)
            train_tab.start()
            return
        from gptstudio.engine.schedule import learning_rate, schedule_end

        train = window.settings_panel.settings().train
        done = train_tab.last_step
        more = replace(train, max_iters=done + steps, schedule_iters=schedule_end(train))
        window.settings_panel.set_run_length(more)  # Automatic's choice stays Automatic's
        window.edits.settings_changed()
        train_tab.set_done(False)
        if done < schedule_end(train):  # stopped early: the schedule goes on where it was
            text = self.tr("Training {steps:,} more steps, to step {end:,}. The learning rate goes "
                           "on along its schedule from where it stopped ({rate:.5f}).")
        else:
            text = self.tr("Training {steps:,} more steps, to step {end:,}. The schedule had "
                           "ended: the extra steps take a small, constant learning rate ({rate:.5f}, "
                           "at most a tenth of its peak), so the schedule does not start again.")
        train_tab.start()  # hides the messages of before: this one is said after it
        if train_tab.is_training():
            window.show_message("info", text.format(steps=steps, end=done + steps,
                                                    rate=learning_rate(done, more)))

    def _old_model_place(self) -> Path:
        """Where a replaced model goes (the trash folder, not deleted) once the new one has saved."""
        from gptstudio.projects.paths import trash_root

        return self.session.old_model_place(trash_root())

    @QtCore.Slot(str)
    def _on_train_state(self, state: str) -> None:
        window = self.window
        window.set_state(translate("Runs", STATE_WORDS[state]))
        if state == "starting":
            window.tabs.setCurrentWidget(window.train_tab)
            window.update_actions()

    @QtCore.Slot(object)
    def _on_train_started(self, event) -> None:
        self.window.set_state(self.tr("Training on {device}").format(device=device_name(event.device)))
        self.window.settings_panel.set_locked(True)
        if event.note:
            self.window.show_message("warning", localized(event.note))

    @QtCore.Slot(object)
    def _on_checkpoint(self, _event) -> None:
        window = self.window
        self.session.model_saved()
        window.project_actions.reload_tokenizer()
        self.window.generate_runs.update_generate_availability()
        window.update_actions()
        window.train_tab.set_snapshots(self.session.project.checkpoint_dir)
        window.inspect_tab.model_changed()

    @QtCore.Slot()
    def stop_work(self) -> None:
        self.window.train_tab.stop()
        self.window.generate_runs.stop_generation()

    @QtCore.Slot(str)
    def _on_train_failed(self, message: str) -> None:
        self.window.show_message("error", message)

    @QtCore.Slot(object)
    def _on_train_done(self, result) -> None:
        window, project = self.window, self.session.project
        self.session.training = None
        if project is not None:
            window.project_actions.reload_tokenizer()
            window.settings_panel.set_locked(project.has_trained_model())
            window.corpus_tab.set_shape_locked(project.has_trained_model())
            self.window.generate_runs.update_generate_availability()
        if result:
            text = self._result_sentence(result)
            window.show_message("info", text)
        else:
            text = self.tr("Training did not complete: see the message above.")
        window.train_tab.status.setText(text)
        window.update_actions()

    def _result_sentence(self, result: dict) -> str:
        loss = result.get("val_loss")
        project = self.session.project
        if result["reason"] == "early_stopped":
            return self.tr("Stopped early at step {step:,}: the validation loss had not improved "
                           "since step {best_step:,} ({best:.2f}), and training longer would "
                           "only make the model recite its text. The best model is kept and "
                           "used.").format(step=result["step"], best_step=result["best_step"],
                                           best=result["best_val"])
        checked = result.get("val_step")
        if result["reason"] == "stopped" and loss is not None and checked not in (None, result["step"]):
            # The loss is measured at the checks only: say which step it belongs to.
            return self.tr("Stopped at step {step:,} and saved. Validation loss at the last check "
                           "(step {checked:,}): {loss:.2f}. Press Train to continue.").format(
                step=result["step"], checked=checked, loss=loss)
        if result["reason"] == "stopped" and loss is not None:
            text = self.tr("Stopped at step {step:,} and saved, validation loss {loss:.2f}. "
                           "Press Train to continue.")
        elif result["reason"] == "stopped":
            text = self.tr("Stopped at step {step:,} and saved. Press Train to continue.")
        elif loss is not None and project is not None and project.data.mode == "chat":
            text = self.tr("Training finished: {step:,} steps, validation loss {loss:.2f}. "
                           "Talk to it on the Chat tab!")
        elif loss is not None:
            text = self.tr("Training finished: {step:,} steps, validation loss {loss:.2f}. "
                           "Try the Generate tab!")
        else:
            text = self.tr("Training finished: {step:,} steps. Try the Generate tab!")
        return join_sentences([text.format(step=result["step"], loss=loss), self._over_time()])

    def _over_time(self) -> str:
        """Why a run Automatic planned for the time chosen took much longer, or "". The plan times
        steps on an idle computer: while other programs keep it busy, each step takes longer, and
        "1 minute" took two with nothing said."""
        project = self.session.project
        seconds = self.window.train_tab.whole_run_seconds()
        # Automatic's measured choice, still the settings (a run does not change them): not the
        # stand-in defaults of a project whose choice never came, which nothing timed.
        planned = self.window.settings_panel.automatic_step_seconds() is not None
        if project is None or not planned or seconds is None:
            return ""
        chosen = project.budget_minutes * 60
        if seconds <= OVER_TIME * chosen:
            return ""
        return self.tr("It took {took}, more than the {chosen} chosen: its steps were slower than "
                       "when Automatic timed them, as they are while other programs keep the "
                       "computer busy.").format(
            took=format_duration(seconds),
            chosen=translate("AutomaticBox", "{minutes} min").format(minutes=project.budget_minutes))

    @QtCore.Slot()
    def _drop_finished_threads(self) -> None:
        if _ended(self.probe_thread):
            self.probe_thread = None
        self.window.update_actions()

    def stop_and_wait(self, timeout_ms: int) -> bool:
        """Stop the probe (shutting down, closing the project)."""
        return self.probe_thread is None or self.probe_thread.stop_and_wait(timeout_ms)


def _ended(holder: WorkerThread | None) -> bool:
    return holder is not None and holder.done and not holder.is_running()
