"""File ▸ Export ▸ GGUF… and Share on the Hub…: each a dialog that runs its job off the GUI thread
and shows what came of it (for GGUF: what llama.cpp's check found).

Thin views over projects.exports.export_gguf and projects.hub.push_to_hub: the job runs in an
ExportWorker (a workers._Worker) and its progress sentences arrive through a signal. Cancel stops
a GGUF export between its stages; an upload cannot be stopped halfway, so the Hub dialog waits
for it. A dialog never closes while its job runs; the main window's shutdown waits for it.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import GGUF_TYPES
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.file_dialogs import file_stem
from gptstudio.ui.widgets.text import localized
from gptstudio.ui.workers import WorkerThread, _Worker

TYPE_LABELS = {
    "f16": QT_TRANSLATE_NOOP("ExportDialogs", "f16: half the size of f32, writes the same "
                                              "(recommended)"),
    "f32": QT_TRANSLATE_NOOP("ExportDialogs", "f32: the weights exactly as trained, the largest "
                                              "file"),
    "q8_0": QT_TRANSLATE_NOOP("ExportDialogs", "q8_0: a quarter of f32, weights rounded (may write "
                                               "a little differently)"),
}


class ExportWorker(_Worker):
    """Runs function(*args, progress=..., **kwargs) and passes its progress sentences on."""

    progress = QtCore.Signal(object)  # a Message

    def __init__(self, function, *args, **kwargs):
        super().__init__()
        self.function, self.args, self.kwargs = function, args, kwargs

    def work(self):
        return self.function(*self.args, progress=self.progress.emit, **self.kwargs)


class _JobDialog(QtWidgets.QDialog):
    """A dialog with a form, a Start button, a busy bar, a status line and a result."""

    finished_job = QtCore.Signal(object)  # the job's result, or None when it failed
    can_stop = True  # whether Cancel can stop the job before it ends

    def __init__(self, title: str, intro: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.thread: WorkerThread | None = None
        self.result_value = None
        layout = QtWidgets.QVBoxLayout(self)
        intro_label = QtWidgets.QLabel(intro)
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        self.form = QtWidgets.QFormLayout()
        layout.addLayout(self.form)
        self.busy = QtWidgets.QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.status = QtWidgets.QLabel()
        self.result = QtWidgets.QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.result.setOpenExternalLinks(True)
        self.result.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextBrowserInteraction)
        for widget in (self.busy, self.status, self.result):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.buttons = QtWidgets.QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr("Start"),
                                                   QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    def job(self) -> ExportWorker | None:
        raise NotImplementedError

    def show_result(self, value) -> None:
        raise NotImplementedError

    @QtCore.Slot()
    def start(self) -> None:
        worker = self.job()
        if worker is None:
            return
        worker.progress.connect(self._on_progress)
        worker.failed.connect(self._on_failed)
        worker.done.connect(self._on_done)
        self.thread = WorkerThread(worker, self)
        self.thread.finished.connect(self._on_thread_finished)
        self.result.clear()
        self.busy.show()
        self.start_button.setEnabled(False)
        self.close_button.setText(self.tr("Cancel"))
        self.close_button.setEnabled(self.can_stop)
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread is not None

    @QtCore.Slot(object)
    def _on_progress(self, message) -> None:
        self.status.setText(localized(message))

    @QtCore.Slot(str)
    def _on_failed(self, message: str) -> None:
        self.result.setText(self.tr("<b>Not done:</b> {reason}").format(
            reason=_escaped(message)))
        self._fit_result()

    @QtCore.Slot(object)
    def _on_done(self, value) -> None:
        self.result_value = value
        if value is not None:
            self.show_result(value)
            self._fit_result()
        self.finished_job.emit(value)

    def _fit_result(self) -> None:
        """Grow to show the whole result, up to most of the screen: the new lines of a word-wrapped
        label do not grow a dialog already shown, and the lines that matter (the files written,
        the Ollama command) were below its edge."""
        layout = self.layout()
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width())
        if wanted < 0:
            wanted = layout.totalSizeHint().height()
        screen = self.screen()
        if screen is not None:
            wanted = min(wanted, int(screen.availableGeometry().height() * 0.9))
        if wanted > self.height():
            self.resize(self.width(), wanted)

    @QtCore.Slot()
    def _on_thread_finished(self) -> None:
        self.thread = None
        self.busy.hide()
        self.status.clear()
        self.start_button.setEnabled(True)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setEnabled(True)

    def reject(self) -> None:  # Close, Cancel and Escape
        if self.thread is None:
            super().reject()
        elif self.can_stop:  # the job stops at its next check; the dialog stays until it has
            self.status.setText(self.tr("Stopping…"))
            self.thread.control.stop()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.thread is not None:
            self.reject()
            event.ignore()
            return
        super().closeEvent(event)

    def shutdown(self) -> None:
        """The app is quitting: stop the job if it can stop, and wait for its thread."""
        if self.thread is not None:
            self.thread.stop_and_wait(timeout_ms=3_600_000)


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


# ---------------------------------------------------------------------------------------------------
# GGUF


class GGUFDialog(_JobDialog):
    def __init__(self, project, parent=None):
        super().__init__(
            translate("ExportDialogs", "Export as GGUF"),
            translate("ExportDialogs", "Writes the model as one GGUF file, the format llama.cpp, "
                                       "Ollama, LM Studio and Jan run. GPT Studio then loads the "
                                       "file with llama.cpp and checks that it cuts text into the "
                                       "same tokens and writes the same words as here. An Ollama "
                                       "Modelfile and a how-to text are written beside it."),
            parent)
        self.project = project
        self.path = QtWidgets.QLineEdit(str(Path.home() / f"{file_stem(project.name)}.gguf"))
        choose = QtWidgets.QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._choose)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        self.form.addRow(self.tr("File:"), row)
        self.number_type = QtWidgets.QComboBox()
        for key in sorted(GGUF_TYPES, key=("f16", "f32", "q8_0").index):  # recommended first
            self.number_type.addItem(translate("ExportDialogs", TYPE_LABELS[key]), key)
        self.number_type.setToolTip(self.tr("How the weights are stored. f32 keeps every digit; f16 "
                                            "rounds them to half the size and writes the same "
                                            "text; q8_0 rounds them more."))
        self.form.addRow(self.tr("Numbers:"), self.number_type)
        self.start_button.setText(self.tr("Export"))
        self.open_folder = self.buttons.addButton(self.tr("Show folder"),
                                                  QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder.hide()
        self.open_folder.clicked.connect(self._show_folder)
        from gptstudio.engine.gguf_vocab import mode_refused

        refused = mode_refused(project.data.mode)
        if refused is not None:  # said before Export is pressed, not after
            self.result.setText(self.tr("<b>Not done:</b> {reason}").format(
                reason=_escaped(localized(refused))))
            self.start_button.setEnabled(False)

    @QtCore.Slot()
    def _choose(self) -> None:
        path = dialogs.choose_save_file(self, self.tr("Save the GGUF file"), self.path.text(),
                                        self.tr("GGUF files (*.gguf)"))
        if path:
            self.path.setText(path if path.endswith(".gguf") else path + ".gguf")

    def job(self) -> ExportWorker | None:
        from gptstudio.projects.exports import export_gguf

        path = self.path.text().strip()
        if not path:
            self.result.setText(self.tr("Choose where to save the file first."))
            return None
        if not path.endswith(".gguf"):
            path += ".gguf"
            self.path.setText(path)
        self.open_folder.hide()
        worker = ExportWorker(export_gguf, self.project, path, self.number_type.currentData())
        worker.kwargs["control"] = worker.control  # Cancel reaches the export between its stages
        return worker

    def show_result(self, export) -> None:
        check = export.check
        mark = "✔" if check.checked and check.passed else "⚠"
        lines = [f"<b>{mark} {_escaped(localized(check.summary))}</b>"]
        if export.differences:
            lines.append(self.tr("Text llama.cpp cuts into tokens otherwise:"))
            lines += [f"• {_escaped(localized(d))}" for d in export.differences]
        lines.append(self.tr("Written: {files}").format(
            files=", ".join(_escaped(p.name) for p in export.files)))
        lines.append(self.tr("Ollama: <code>ollama create {name} -f {name}.Modelfile</code> in "
                             "that folder; the how-to text says more.").format(
            name=_escaped(export.path.name.removesuffix(".gguf"))))
        self.result.setText("<br>".join(lines))
        self.open_folder.show()

    @QtCore.Slot()
    def _show_folder(self) -> None:
        if self.result_value is not None:
            QtGui.QDesktopServices.openUrl(
                QtCore.QUrl.fromLocalFile(str(self.result_value.path.parent)))


# ---------------------------------------------------------------------------------------------------
# The Hub


class HubDialog(_JobDialog):
    can_stop = False  # huggingface_hub finishes an upload once started

    def __init__(self, project, parent=None):
        from gptstudio.projects.hub import LICENCES, hub_login

        super().__init__(
            translate("ExportDialogs", "Share on the Hugging Face Hub"),
            translate("ExportDialogs", "Uploads the model to the Hugging Face Hub, where others "
                                       "can find and download it, with a model card: the size of "
                                       "the text, the settings, the loss curve and samples of what "
                                       "it writes. The text itself is not uploaded."),
            parent)
        self.project = project
        self.repo = QtWidgets.QLineEdit()
        self.repo.setPlaceholderText(self.tr("your-name/model-name"))
        self.repo.setToolTip(self.tr("Your Hugging Face user (or organisation) name, a slash, and "
                                     "a name for the model. A new repository is created; an "
                                     "existing one of yours is updated."))
        self.form.addRow(self.tr("Repository:"), self.repo)
        self.licence = QtWidgets.QComboBox()
        self.licence.setEditable(True)
        self.licence.addItem("")
        self.licence.addItems(list(LICENCES))
        self.licence.setToolTip(self.tr("The terms others may use the model under, as the Hub "
                                        "names them (mit lets anyone do anything with it; "
                                        "cc-by-4.0 asks them to name you). Empty: not chosen."))
        self.form.addRow(self.tr("Licence:"), self.licence)
        self.private = QtWidgets.QCheckBox(self.tr("Private: only you can see it"))
        self.form.addRow("", self.private)
        self.logged_in = bool(hub_login())
        self.token = QtWidgets.QLineEdit()
        self.token.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("hf_…"))
        login = QtWidgets.QLabel(
            self.tr("Uses your Hugging Face login on this computer.") if self.logged_in else
            self.tr("No Hugging Face login was found on this computer. Log in once with "
                    "<code>hf auth login</code> in a terminal, or paste an access token with write "
                    "permission below (it is used once, not saved)."))
        login.setWordWrap(True)
        self.form.addRow(self.tr("Login:"), login)
        if not self.logged_in:
            self.form.addRow(self.tr("Token:"), self.token)
        self.start_button.setText(self.tr("Share"))

    def job(self) -> ExportWorker | None:
        from gptstudio.projects.hub import push_to_hub

        repo = self.repo.text().strip()
        if not repo:
            self.result.setText(self.tr("Write the repository's name first, such as "
                                        "your-name/model-name."))
            return None
        return ExportWorker(push_to_hub, self.project, repo,
                            licence=self.licence.currentText().strip(),
                            private=self.private.isChecked(),
                            token=self.token.text().strip() or None)

    def show_result(self, url: str) -> None:
        self.result.setText(self.tr("<b>✔ Shared:</b> <a href=\"{url}\">{url}</a>").format(
            url=_escaped(url)))
