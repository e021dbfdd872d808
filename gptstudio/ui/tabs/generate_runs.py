"""The Generate tab's runs: the trained model writes from the prompt in a worker thread, its
tokens streamed to the tab; a prompt with characters the model has never seen is refused at once,
with an offer to leave them out; each finished text is kept as a sample of the project."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6 import QtCore

from gptstudio.app.session import Session
from gptstudio.engine.config import SampleConfig, to_dict
from gptstudio.projects.project import ProjectError
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import describe_error
from gptstudio.ui.workers import GenerateWorker, WorkerThread

log = logging.getLogger(__name__)


class GenerateRuns(QtCore.QObject):
    """Connects the window's Generate tab to its project (`window.generate_runs`)."""

    def __init__(self, window, session: Session):
        super().__init__(window)
        self.window, self.session = window, session
        self.thread: WorkerThread | None = None
        self._state_before = ""  # the status bar's state while text is written: "Writing…"
        tab = window.generate_tab
        tab.generate_requested.connect(self.start_generation)
        tab.stop_requested.connect(self.stop_generation)
        tab.save_requested.connect(self.save_output)

    def is_generating(self) -> bool:
        return self.thread is not None and self.thread.is_running()

    def stop_and_wait(self, timeout_ms: int = 30_000) -> bool:
        return self.thread is None or self.thread.stop_and_wait(timeout_ms)

    @QtCore.Slot()
    def _drop_finished_thread(self) -> None:
        if self.thread is not None and self.thread.done and not self.thread.is_running():
            self.thread = None
        self.window.update_actions()

    def update_generate_availability(self) -> None:
        project = self.session.project
        if project is not None and project.has_trained_model() and project.data.mode == "chat":
            # Here a prompt is text to continue, not a turn: a model of conversations answered
            # "Q: Can I change" with letter soup, and looked broken beside its good answers in Chat.
            self.window.generate_tab.set_available(True, self.tr(
                "This model learnt conversations: it answers on the Chat tab. Here it continues "
                "your text as written, without a conversation's turns, so what it writes can read "
                "as nonsense."))
        elif project is not None and project.has_trained_model():
            self.window.generate_tab.set_available(True, self.tr(
                "Ready: type a prompt (or leave it empty) and press Generate."))
        else:
            self.window.generate_tab.set_available(False, self.tr(
                "There is no trained model yet: train it in the Train tab first (even a minute "
                "helps)."))

    @QtCore.Slot(str, object)
    def start_generation(self, prompt: str, config: SampleConfig) -> None:
        window, project = self.window, self.session.project
        if project is None or self.is_generating():
            return
        if not project.has_trained_model():
            window.generate_tab.set_available(False, self.tr("There is no trained model yet: train "
                                                             "it first."))
            return
        if self._refuse_unknown_prompt(prompt):
            return
        if window.message_bar.offers(self._generate_without_unknown):
            window.message_bar.hide_message()  # the prompt was fixed by hand: the message is done
        worker = GenerateWorker(project.checkpoint_dir, prompt, config,
                                window.settings_panel.settings().train.device, project.model_choice)
        worker.tokens.connect(window.generate_tab.on_tokens)
        worker.failed.connect(self._on_generate_failed)
        worker.done.connect(self._on_generate_done)
        self.thread = WorkerThread(worker, self)
        self.thread.finished.connect(self._drop_finished_thread)
        self.session.start_generation(prompt, config)
        window.generate_tab.begin(prompt, config)
        self._state_before = window.state_label.text()  # "Ready", or "Paused" for a paused run
        window.set_state(self.tr("Writing…"))
        self.thread.start()
        window.update_actions()

    def _refuse_unknown_prompt(self, prompt: str) -> bool:
        """The worker would fail on a prompt the model cannot read: say so at once, naming what it
        has never seen, and offer to generate without it."""
        from gptstudio.engine.data import prompt_ids
        from gptstudio.engine.errors import UnknownCharacters

        tokenizer = self.session.tokenizer
        if tokenizer is None:
            return False  # unreadable here: the worker loads the checkpoint's own and reports
        try:
            prompt_ids(tokenizer, self.session.project.data.mode, prompt)
        except UnknownCharacters as error:
            log.info("prompt refused: %s", error)
            self.window.generate_tab.status.setText(describe_error(error))
            self.window.message_bar.show_message(
                "error", describe_error(error),
                action=(self.tr("Remove them and generate"), self._generate_without_unknown),
                tip=self.tr("Take what the model has never seen out of the prompt, then generate."))
            return True
        return False

    @QtCore.Slot()
    def _generate_without_unknown(self) -> None:
        from gptstudio.engine.data import drop_unknown

        tokenizer = self.session.tokenizer
        if tokenizer is None:
            return
        tab = self.window.generate_tab
        tab.prompt.setPlainText(drop_unknown(tokenizer, tab.prompt.toPlainText(),
                                             self.session.project.data.mode))
        tab.request_generate()

    @QtCore.Slot()
    def stop_generation(self) -> None:
        if self.is_generating():
            self.thread.control.stop()

    @QtCore.Slot(str)
    def _on_generate_failed(self, message: str) -> None:
        self.session.generation_failed(message)  # said when the run ends

    @QtCore.Slot(object)
    def _on_generate_done(self, result) -> None:
        generation = self.session.end_generation()
        tab = self.window.generate_tab
        if self.window.state_label.text() == self.tr("Writing…"):
            # Training may have moved on meanwhile (resumed, paused, finished): its word stays.
            self.window.set_state(self._state_before)
        if generation is not None and generation.error:
            tab.finish(generation.error)
        elif result:
            if result["stopped"]:
                text = self.tr("Stopped: {tokens:,} tokens written.")
            else:
                text = self.tr("Done: {tokens:,} tokens written.")
            tab.finish(text.format(tokens=result["tokens"]))
            if self.session.project is not None and generation is not None:
                try:
                    self.session.project.add_sample(generation.prompt, tab.output.toPlainText(),
                                                    to_dict(generation.config))
                except (ProjectError, OSError) as err:
                    log.warning("sample not saved: %s", err)
        self.window.update_actions()

    @QtCore.Slot(str)
    def save_output(self, text: str) -> None:
        window = self.window
        if not text:
            window.show_message("info", self.tr("There is no text to save yet: press Generate first."))
            return
        path = dialogs.choose_save_file(window, self.tr("Save generated text"), "generated.txt",
                                        self.tr("Text files (*.txt);;All files (*)"))
        if not path:
            return
        from gptstudio.fsio import atomic_write_text

        try:
            atomic_write_text(Path(path), text)
        except OSError as error:
            window.show_message("error", self.tr("Could not save the text: {error}").format(
                error=describe_error(error)))
            return
        saved = self.tr("Saved to {path}.").format(path=path)
        window.generate_tab.status.setText(saved)  # not "Copied to the clipboard." from before
        window.show_message("info", saved)
