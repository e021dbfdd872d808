"""Models from elsewhere: a new project from a pretrained model by name (the dialog downloads
it) or from a GPT-2 folder on this computer, and the trained model written as a Hugging Face
folder. The slow parts run in a worker thread. A controller MainWindow owns (`window.pretrained`)."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore

from gptstudio.app.session import Session
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import describe_error


class PretrainedActions(QtCore.QObject):
    # What the pretrained dialog lists, and whether it times the models not timed yet (tests list
    # small ones). None: engine/catalogue.py's.
    pretrained_catalogue = None
    time_pretrained_models = True

    def __init__(self, window, session: Session):
        super().__init__(window)
        self.window, self.session = window, session
        self.pretrained_dialog = None  # kept: its threads may still be ending after it closes
        self.slow_thread = None  # GPT-2 import, Hugging Face export

    # -- a pretrained model by name (ui/windows/pretrained_dialog.py) -----------------------------

    @QtCore.Slot()
    def show_pretrained_models(self) -> None:
        from gptstudio.engine.catalogue import CATALOGUE
        from gptstudio.ui.windows.pretrained_dialog import PretrainedDialog

        if self.pretrained_dialog is None:
            self.pretrained_dialog = PretrainedDialog(
                self.window.store, self.window.project_actions.unique_name, self.window,
                catalogue=self.pretrained_catalogue or CATALOGUE,
                measure=self.time_pretrained_models)
            self.pretrained_dialog.created.connect(self._on_pretrained_created)
        else:
            self.pretrained_dialog.reopen()
        self.pretrained_dialog.open()

    @QtCore.Slot(str)
    def _on_pretrained_created(self, name: str) -> None:
        projects = self.window.project_actions
        if not projects.open_project(name):  # the new project is listed on the welcome view then
            projects.refresh_welcome()
            return
        if self.session.project.train.lora_rank:
            how = self.tr("Small LoRA adapters learn beside its weights, which stay as they are: "
                          "fine-tuning all of them would need more memory than this computer has.")
        else:
            how = self.tr("All its weights learn.")
        self.window.show_message("info", self.tr(
            "Created “{name}” from a pretrained model. It can write right away (Generate); Train "
            "fine-tunes it on your text, {steps:,} steps. {how}").format(
            name=name, steps=self.session.project.train.max_iters, how=how))

    # -- GPT-2 import / Hugging Face export (slow: a worker thread does them) ------------------------

    @QtCore.Slot()
    def create_from_gpt2_folder(self) -> None:
        if self.window.data_folder.unusable():
            return
        folder = dialogs.choose_folder(self.window, self.tr("Choose a GPT-2 model folder (Hugging Face format)"))
        if not folder:
            return
        text_path = dialogs.choose_open_file(self.window, self.tr("Choose the text to fine-tune GPT-2 on"),
                                             dialogs.text_file_filter())
        if not text_path:
            return
        from gptstudio.engine.errors import EngineError
        from gptstudio.engine.text_files import read_corpus_file
        from gptstudio.projects.pretrained import create_from_gpt2

        try:
            text = read_corpus_file(text_path).text
        except (EngineError, OSError) as error:
            self.window.show_message("error", self.tr("Could not use {file}: {error}").format(
                file=Path(text_path).name, error=describe_error(error)))
            return
        if self.session.project is not None and not self.window.project_actions.close_project():
            return
        name = self.window.project_actions.unique_name(self.tr("{folder} fine-tuned").format(folder=Path(folder).name))
        self._run_slow(self.tr("Importing GPT-2 from {folder}…").format(folder=folder),
                       create_from_gpt2, self._on_gpt2_created, self.window.store, name, text, folder)

    @QtCore.Slot(object)
    def _on_gpt2_created(self, project) -> None:
        self.window.set_state(self.tr("Ready"))
        if project is None:
            return
        self.window.project_actions.open_project(project.name)
        self.window.show_message("info", self.tr("Created “{name}” from GPT-2. It can write right away "
                                          "(Generate); Train fine-tunes it on your "
                                          "text.").format(name=project.name))

    @QtCore.Slot()
    def export_hf(self) -> None:
        if self.session.project is None or not self.session.project.has_trained_model():
            self.window.show_message("info", self.tr("Train the model first: there is nothing to export yet."))
            return
        folder = dialogs.choose_folder(self.window, self.tr("Choose an empty folder for the Hugging Face model"))
        if not folder:
            return
        from gptstudio.projects.pretrained import export_to_hf

        self.window.project_actions.save_project()
        self._run_slow(self.tr("Exporting to {folder}…").format(folder=folder), export_to_hf,
                       self._on_hf_exported, self.session.project, folder)

    @QtCore.Slot(object)
    def _on_hf_exported(self, folder) -> None:
        self.window.set_state(self.tr("Ready"))
        if folder is not None:
            self.window.show_message("info", self.tr("Wrote a Hugging Face GPT-2 folder to {folder}: "
                                              "transformers' GPT2LMHeadModel.from_pretrained can "
                                              "load it.").format(folder=folder))

    def _run_slow(self, status: str, function, on_done, *args) -> None:
        from gptstudio.ui.workers import CallWorker, WorkerThread

        if self.slow_thread is not None:
            self.window.show_message("info", self.tr("Please wait: the previous import or export is still "
                                              "running."))
            return
        worker = CallWorker(function, *args)
        worker.failed.connect(self._on_slow_failed)
        worker.done.connect(on_done)
        self.slow_thread = WorkerThread(worker, self)
        self.slow_thread.finished.connect(self._on_slow_finished)
        self.window.set_state(status)
        self.slow_thread.start()

    @QtCore.Slot(str)
    def _on_slow_failed(self, message: str) -> None:
        self.window.show_message("error", message)

    @QtCore.Slot()
    def _on_slow_finished(self) -> None:
        if self.slow_thread is not None and self.slow_thread.done and not self.slow_thread.is_running():
            self.slow_thread = None
        self.window.update_actions()
