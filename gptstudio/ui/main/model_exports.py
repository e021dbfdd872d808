"""File ▸ Export: the ways a trained model leaves GPT Studio, in one submenu.

    Hugging Face format…                    (the window's own action, moved in here)
    GGUF for llama.cpp, Ollama, LM Studio…  export_dialogs.GGUFDialog
    As a Python program…                    projects.exports.export_code, off the GUI thread
    Share on the Hugging Face Hub…          export_dialogs.HubDialog

The window owns one ModelExports: it builds the actions and the submenu, enables them with the
window's state, and shuts its dialogs' jobs down when the window closes.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.resources import icon
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.workers import CallWorker, WorkerThread


class ModelExports(QtCore.QObject):
    def __init__(self, window, export_hf_action: QtGui.QAction):
        super().__init__(window)
        self.window = window
        self._dialogs: list = []
        self._code_thread: WorkerThread | None = None
        self.gguf_action = self._action(
            self.tr("&GGUF for llama.cpp, Ollama, LM Studio…"), self.export_gguf,
            self.tr("Write the trained model as one GGUF file that llama.cpp, Ollama, LM Studio "
                    "and Jan run, checked with llama.cpp."))
        self.code_action = self._action(
            self.tr("As a &Python program…"), self.export_code,
            self.tr("Write this project's training run as a short Python program (train.py, "
                    "sample.py) that needs only torch and numpy: the same steps, the same "
                    "losses."))
        self.hub_action = self._action(
            self.tr("&Share on the Hugging Face Hub…"), self.share_on_hub,
            self.tr("Upload the trained model with a model card to the Hugging Face Hub."))
        self.menu = QtWidgets.QMenu(self.tr("E&xport model"), window)
        self.menu.setIcon(icon("export"))
        self.menu.setToolTipsVisible(True)
        for action in (export_hf_action, self.gguf_action, self.code_action, self.hub_action):
            self.menu.addAction(action)

    def _action(self, text: str, slot, tip: str) -> QtGui.QAction:
        action = QtGui.QAction(text, self.window)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def update_enabled(self, has_project: bool, training: bool, trained: bool) -> None:
        self.gguf_action.setEnabled(has_project and not training and trained)
        self.hub_action.setEnabled(has_project and not training and trained)
        self.code_action.setEnabled(has_project and self._code_thread is None)

    # -- the three exports -------------------------------------------------------------------------

    def _trained_project(self):
        project = self.window.project
        if project is None or not project.has_trained_model():
            self.window.show_message("info", self.tr("Train the model first: there is nothing to "
                                                     "export yet."))
            return None
        self.window.project_actions.save_project()
        return project

    @QtCore.Slot()
    def export_gguf(self):
        from gptstudio.ui.windows.export_dialogs import GGUFDialog

        project = self._trained_project()
        return self._open(GGUFDialog(project, self.window)) if project is not None else None

    @QtCore.Slot()
    def share_on_hub(self):
        from gptstudio.ui.windows.export_dialogs import HubDialog

        project = self._trained_project()
        return self._open(HubDialog(project, self.window)) if project is not None else None

    def _open(self, dialog):
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        self._dialogs.append(dialog)
        dialog.open()
        return dialog

    def _forget(self, dialog) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)

    @QtCore.Slot()
    def export_code(self) -> None:
        from gptstudio.projects.exports import export_code

        project = self.window.project
        if project is None or self._code_thread is not None:
            return
        folder = dialogs.choose_folder(self.window, self.tr("Choose an empty folder for the program"))
        if not folder:
            return
        self.window.project_actions.save_project()
        worker = CallWorker(export_code, project, folder)
        worker.failed.connect(self._on_code_failed)
        worker.done.connect(self._on_code_written)
        self._code_thread = WorkerThread(worker, self)
        self._code_thread.finished.connect(self._on_code_thread_finished)
        self.code_action.setEnabled(False)
        self._code_thread.start()

    @QtCore.Slot(object)
    def _on_code_written(self, folder) -> None:
        if folder is not None:
            self.window.show_message("info", self.tr(
                "Wrote the training run as a Python program to {folder}. Run it there with "
                "“python train.py”, then “python sample.py” (it needs torch and numpy).").format(
                folder=folder))

    @QtCore.Slot(str)
    def _on_code_failed(self, message: str) -> None:
        self.window.show_message("error", message)

    @QtCore.Slot()
    def _on_code_thread_finished(self) -> None:
        self._code_thread = None
        self.code_action.setEnabled(self.window.project is not None)

    # -- closing -------------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self._code_thread is not None or any(d.is_running() for d in self._dialogs)

    def shutdown(self) -> None:
        """Wait for the jobs still running (a GGUF export stops at its next stage)."""
        for dialog in list(self._dialogs):
            dialog.shutdown()
        if self._code_thread is not None:
            self._code_thread.stop_and_wait()
