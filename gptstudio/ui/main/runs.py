"""Background runs of the open project: the step-time probe, training and generation. A mixin of
MainWindow: it starts the workers, routes their signals to the tabs, and stops them."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from PySide6 import QtCore

from gptstudio.engine.config import SampleConfig, TrainConfig, to_dict
from gptstudio.engine.errors import name_character
from gptstudio.projects.paths import precision_cache_file, step_time_cache_file
from gptstudio.projects.project import ProjectError
from gptstudio.ui.threads import refused
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import describe_error, join_list, join_sentences, localized
from gptstudio.ui.workers import (
    GenerateWorker,
    ProbeJob,
    ProbeWorker,
    TrainJob,
    TrainWorker,
    WorkerThread,
)

log = logging.getLogger(__name__)




class Runs:
    # -- step-time probe -------------------------------------------------------------------------------

    def _schedule_probe(self) -> None:
        self._probe_timer.start()

    def _probe_key(self):
        """What the step time depends on: the model (its dropout included), the batch and its
        width (one example per line or block: the longest example in a batch, about the context),
        the device, precision, threads, optimizer and LoRA rank."""
        data, model, train, _ = self.settings_panel.settings()
        vocab = self._tokenizer.vocab_size if self._tokenizer is not None else 256
        report = self.corpus_tab.report
        widest = report.widest_batch if report is not None and report.mode == data.mode else 0
        return ProbeJob(replace(model, vocab_size=vocab),
                        replace(TrainConfig(), batch_size=train.batch_size, device=train.device,
                                precision=train.precision, num_threads=train.num_threads,
                                optimizer=train.optimizer, lora_rank=train.lora_rank),
                        width=min(widest, model.block_size) if widest else None)

    @QtCore.Slot()
    def _start_probe(self) -> None:
        if (self.project is None or not self.torch_ready or self._closing
                or not self.settings_panel.is_valid()):
            return
        key = self._probe_key()
        if key in self._step_times:
            self.settings_panel.set_step_time(self._step_times[key])
            return
        if self.is_training() or (self.probe_thread is not None and self.probe_thread.is_running()):
            return  # timings taken while training runs would be wrong; try again later
        if self.automatic.is_running():
            self._schedule_probe()  # Automatic is timing this computer: after it
            return
        self.settings_panel.set_step_time(None)
        # The automatic precision's verdict is shared with training where the probe's model is
        # training's own: with the real vocabulary, once the project has its tokenizer.
        shared = self._tokenizer is not None
        worker = ProbeWorker(replace(key, precision_cache=precision_cache_file() if shared else None,
                                     cache=step_time_cache_file()))
        worker.done.connect(self._on_probe_done)
        self.probe_thread = WorkerThread(worker, self)
        self.probe_thread.finished.connect(self._drop_finished_threads)
        self._probe_key_running = key
        if not self.probe_thread.start():
            self.show_message("error", refused())  # the worker ends as if it had failed

    @QtCore.Slot(object)
    def _on_probe_done(self, result) -> None:
        key = self._probe_key_running
        if result:
            self._step_times[key] = result["seconds"]
        if key == self._probe_key():
            self.settings_panel.set_step_time(self._step_times.get(key))
        else:
            self._schedule_probe()

    @QtCore.Slot()
    def _check_torch(self) -> None:
        if self._torch_thread is None or self._torch_thread.is_running():
            return
        self.torch_ready = self._torch_loader.error is None
        if self._torch_loader.error:
            self.device_label.setText(self.tr("Device: unavailable"))
            self.show_message("error", self.tr("PyTorch could not be loaded: {error}").format(
                error=self._torch_loader.error))
            return
        self.devices = self._torch_loader.devices
        self.settings_panel.set_devices(["auto", *self.devices])
        best = self.devices[0]
        names = {"cuda": self.tr("Device: graphics card (CUDA)"),
                 "mps": self.tr("Device: Apple GPU (MPS)"),
                 "cpu": self.tr("Device: processor (CPU)")}
        self.device_label.setText(names.get(best) or self.tr("Device: {device}").format(device=best))
        self.inspect_tab.torch_loaded()
        self._schedule_probe()
        if self.project is not None and self.settings_panel.automatic_chosen():
            self._request_automatic()  # asked for before PyTorch was there

    # -- training --------------------------------------------------------------------------------------

    @QtCore.Slot()
    def start_training(self) -> None:
        if self.project is None or self.is_training():
            return
        if not self.settings_panel.is_valid():
            self.show_message("error", self.tr("Some settings are not valid: {problems}").format(
                problems=join_sentences(self.settings_panel.problems())))
            return
        project = self.project
        new_model = self._new_model_pending or not project.has_trained_model()
        data, model, train, preset = self.settings_panel.settings()
        if new_model and train.schedule_iters:
            # "Train more" stretched the old model's run past its schedule; a new model has its own.
            self.settings_panel.set_settings(data, model, replace(train, schedule_iters=0), preset)
        self.save_project()
        self.automatic.forget()  # a choice still being measured must not land on a training model
        corpus = self.corpus_tab.text()
        if not new_model and self._tokenizer is not None:
            unknown = self._unknown_in(corpus)
            if unknown:
                shown = join_list(localized(name_character(u)) for u in unknown[:8])
                self.show_message("error", self.tr(
                    "The text now has characters the trained model has never seen ({characters}). "
                    "Start a new model in Model & Training settings to train on this text.").format(
                    characters=shown))
                return
        data, model, train, _ = self.settings_panel.settings()
        job = TrainJob(corpus=corpus, data=data, model=model, train=train,
                       checkpoint_dir=project.checkpoint_dir, tokenizer_path=project.tokenizer_path,
                       precision_cache=precision_cache_file(), new_model=new_model,
                       set_aside_old=self._old_model_place() if new_model else None)
        worker = TrainWorker(job)
        worker.events.connect(self.train_tab.on_events)
        worker.events.connect(self._on_train_events)
        worker.failed.connect(self._on_train_failed)
        worker.done.connect(self._on_train_done)
        self.train_thread = WorkerThread(worker, self)
        self.train_thread.finished.connect(self._drop_finished_threads)
        self._corpus_at_training = corpus
        self.corpus_index.build(corpus)  # the text this model learns from
        if new_model:
            self.train_tab.show_history({}, train.max_iters)
        self.train_tab.set_done(False)
        self.train_tab.set_state("starting")
        self._set_state(self.tr("Training…"))
        self.message_bar.hide_message()
        self.train_thread.start()
        self.tabs.setCurrentWidget(self.train_tab)
        self._update_actions()

    @QtCore.Slot(int)
    def train_more(self, steps: int) -> None:
        """Train `steps` more steps after the last one. The schedule's end stays where it was, so
        the learning rate goes on from where it left off (engine.schedule): no jump in the loss.
        The new number of steps shows in the settings: nothing changes behind the user's back."""
        if self.project is None or self.is_training():
            return
        if self._new_model_pending:  # the next run starts a new model: nothing to add steps to
            self.train_tab.set_done(False)
            self.start_training()
            return
        from gptstudio.engine.schedule import learning_rate, schedule_end

        data, model, train, preset = self.settings_panel.settings()
        done = self.train_tab.last_step
        more = replace(train, max_iters=done + steps, schedule_iters=schedule_end(train))
        self.settings_panel.set_settings(data, model, more, preset)
        self._on_settings_changed()
        self.train_tab.set_done(False)
        if done < schedule_end(train):  # stopped early: the schedule goes on where it was
            text = self.tr("Training {steps:,} more steps, to step {end:,}. The learning rate goes "
                           "on along its schedule from where it stopped ({rate:.5f}).")
        else:
            text = self.tr("Training {steps:,} more steps, to step {end:,}. The schedule had "
                           "ended: the extra steps take a small, constant learning rate ({rate:.5f}, "
                           "at most a tenth of its peak), so the schedule does not start again.")
        self.start_training()  # hides the messages of before: this one is said after it
        if self.is_training():
            self.show_message("info", text.format(steps=steps, end=done + steps,
                                                  rate=learning_rate(done, more)))

    def _old_model_place(self) -> Path:
        """Where a replaced model goes (the trash folder, not deleted) once the new one has saved."""
        from gptstudio.projects.paths import trash_root

        return trash_root() / f"{self.project.path.name}-old-model-{time.strftime('%Y%m%d-%H%M%S')}"

    @QtCore.Slot(object)
    def _on_train_events(self, events: list) -> None:
        for event in events:
            name = type(event).__name__
            if name == "StartedEvent":
                self.train_tab.set_state("running" if self.train_tab.state == "starting" else self.train_tab.state)
                self._set_state(self.tr("Training on {device}").format(device=event.device))
                self.settings_panel.set_locked(True)
            elif name == "CheckpointEvent":
                self._new_model_pending = False  # the new model has replaced the old one
                self.reload_tokenizer()
                self._update_generate_availability()
                self._update_actions()
                self.train_tab.set_snapshots(self.project.checkpoint_dir)
                self.inspect_tab.model_changed()

    @QtCore.Slot()
    def pause_training(self) -> None:
        if self.is_training():
            self.train_thread.control.pause()
            self.train_tab.set_state("paused")
            self._set_state(self.tr("Paused"))

    @QtCore.Slot()
    def resume_training(self) -> None:
        if self.is_training():
            self.train_thread.control.resume()
            self.train_tab.set_state("running")
            self._set_state(self.tr("Training…"))

    @QtCore.Slot()
    def toggle_pause(self) -> None:
        if self.train_tab.state == "paused":
            self.resume_training()
        else:
            self.pause_training()

    @QtCore.Slot()
    def stop_training(self) -> None:
        if self.is_training():
            self.train_thread.control.stop()
            self.train_tab.set_state("stopping")
            self._set_state(self.tr("Stopping…"))

    @QtCore.Slot()
    def stop_work(self) -> None:
        if self.is_training():
            self.stop_training()
        if self.is_generating():
            self.stop_generation()

    @QtCore.Slot(str)
    def _on_train_failed(self, message: str) -> None:
        self.show_message("error", message)

    @QtCore.Slot(object)
    def _on_train_done(self, result) -> None:
        self.train_tab.set_state("idle")
        self._set_state(self.tr("Ready"))
        if self.project is not None:
            self.reload_tokenizer()
            self.settings_panel.set_locked(self.project.has_trained_model())
            self.corpus_tab.set_shape_locked(self.project.has_trained_model())
            self._update_generate_availability()
        if result:
            self.train_tab.set_done(result["reason"] in ("finished", "early_stopped"))
            loss = result.get("val_loss")
            if result["reason"] == "early_stopped":
                text = self.tr("Stopped early at step {step:,}: the validation loss had not improved "
                               "since step {best_step:,} ({best:.3f}), and training longer would "
                               "only make the model recite its text. The best model is kept and "
                               "used.").format(step=result["step"], best_step=result["best_step"],
                                               best=result["best_val"])
                self.show_message("info", text)
                self.train_tab.status.setText(text)
                self._update_actions()
                return
            if result["reason"] == "stopped" and loss is not None:
                text = self.tr("Stopped at step {step:,} and saved, validation loss {loss:.3f}. "
                               "Press Train to continue.")
            elif result["reason"] == "stopped":
                text = self.tr("Stopped at step {step:,} and saved. Press Train to continue.")
            elif loss is not None and self.project is not None and self.project.data.mode == "chat":
                text = self.tr("Training finished: {step:,} steps, validation loss {loss:.3f}. "
                               "Talk to it on the Chat tab!")
            elif loss is not None:
                text = self.tr("Training finished: {step:,} steps, validation loss {loss:.3f}. "
                               "Try the Generate tab!")
            else:
                text = self.tr("Training finished: {step:,} steps. Try the Generate tab!")
            text = text.format(step=result["step"], loss=loss)
            self.show_message("info", text)
            self.train_tab.status.setText(text)
        else:
            self.train_tab.status.setText(self.tr("Training did not complete: see the message "
                                                  "above."))
        self._update_actions()

    @QtCore.Slot()
    def _drop_finished_threads(self) -> None:
        for name in ("train_thread", "generate_thread", "probe_thread", "slow_thread"):
            holder = getattr(self, name)
            if holder is not None and holder.done and not holder.is_running():
                setattr(self, name, None)
        self._update_actions()

    # -- generation ------------------------------------------------------------------------------------

    def _update_generate_availability(self) -> None:
        if self.project is not None and self.project.has_trained_model():
            self.generate_tab.set_available(True, self.tr("Ready: type a prompt (or leave it empty) "
                                                          "and press Generate."))
        else:
            self.generate_tab.set_available(False, self.tr("There is no trained model yet: train it "
                                                           "in the Train tab first (even a minute "
                                                           "helps)."))

    @QtCore.Slot(str, object)
    def start_generation(self, prompt: str, config: SampleConfig) -> None:
        if self.project is None or self.is_generating():
            return
        if not self.project.has_trained_model():
            self.generate_tab.set_available(False, self.tr("There is no trained model yet: train it "
                                                           "first."))
            return
        if self._refuse_unknown_prompt(prompt):
            return
        if self.message_bar.offers(self._generate_without_unknown):
            self.message_bar.hide_message()  # the prompt was fixed by hand: the message is done
        worker = GenerateWorker(self.project.checkpoint_dir, prompt, config,
                                self.settings_panel.settings()[2].device, self.project.model_choice)
        worker.tokens.connect(self.generate_tab.on_tokens)
        worker.failed.connect(self._on_generate_failed)
        worker.done.connect(self._on_generate_done)
        self.generate_thread = WorkerThread(worker, self)
        self.generate_thread.finished.connect(self._drop_finished_threads)
        self._generation = (prompt, config)
        self.generate_tab.begin(prompt, config)
        self.generate_thread.start()
        self._update_actions()

    def _refuse_unknown_prompt(self, prompt: str) -> bool:
        """The worker would fail on a prompt the model cannot read: say so at once, naming what it
        has never seen, and offer to generate without it."""
        from gptstudio.engine.data import prompt_ids
        from gptstudio.engine.errors import UnknownCharacters

        if self._tokenizer is None:
            return False  # unreadable here: the worker loads the checkpoint's own and reports
        try:
            prompt_ids(self._tokenizer, self.project.data.mode, prompt)
        except UnknownCharacters as error:
            log.info("prompt refused: %s", error)
            self.generate_tab.status.setText(describe_error(error))
            self.message_bar.show_message(
                "error", describe_error(error),
                action=(self.tr("Remove them and generate"), self._generate_without_unknown),
                tip=self.tr("Take what the model has never seen out of the prompt, then generate."))
            return True
        return False

    @QtCore.Slot()
    def _generate_without_unknown(self) -> None:
        from gptstudio.engine.data import drop_unknown

        if self._tokenizer is None:
            return
        tab = self.generate_tab
        tab.prompt.setPlainText(drop_unknown(self._tokenizer, tab.prompt.toPlainText(),
                                             self.project.data.mode))
        tab.request_generate()

    @QtCore.Slot()
    def stop_generation(self) -> None:
        if self.is_generating():
            self.generate_thread.control.stop()

    @QtCore.Slot(str)
    def _on_generate_failed(self, message: str) -> None:
        self._generate_error = message

    @QtCore.Slot(object)
    def _on_generate_done(self, result) -> None:
        error = getattr(self, "_generate_error", None)
        self._generate_error = None
        if error:
            self.generate_tab.finish(error)
        elif result:
            if result["stopped"]:
                text = self.tr("Stopped: {tokens:,} tokens written.")
            else:
                text = self.tr("Done: {tokens:,} tokens written.")
            self.generate_tab.finish(text.format(tokens=result["tokens"]))
            if self.project is not None:
                prompt, config = self._generation
                try:
                    self.project.add_sample(prompt, self.generate_tab.output.toPlainText(), to_dict(config))
                except (ProjectError, OSError) as err:
                    log.warning("sample not saved: %s", err)
        self._update_actions()

    @QtCore.Slot(str)
    def save_output(self, text: str) -> None:
        if not text:
            self.show_message("info", self.tr("There is no text to save yet: press Generate first."))
            return
        path = dialogs.choose_save_file(self, self.tr("Save generated text"), "generated.txt",
                                        self.tr("Text files (*.txt);;All files (*)"))
        if not path:
            return
        from gptstudio.fsio import atomic_write_text

        try:
            atomic_write_text(Path(path), text)
        except OSError as error:
            self.show_message("error", self.tr("Could not save the text: {error}").format(
                error=describe_error(error)))
            return
        self.show_message("info", self.tr("Saved to {path}.").format(path=path))

