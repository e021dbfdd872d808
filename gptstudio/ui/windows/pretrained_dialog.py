"""Start from a pretrained model: the catalogue, a model's name, the download, the new project.

Pick a model (or type any GPT-2 model's name from the Hugging Face Hub), press "Download and
start": GPT Studio asks for your text, downloads the model once (it stays in the Hugging Face cache
for next time), times a step on this computer and sets up the fine-tuning (engine/finetune.py).

Two workers do the slow parts: PlanWorker fills in what each model takes here (memory, and seconds
per step, measured with a model of the same shape, one model after the other); CreateWorker
downloads and creates the project, reporting DownloadEvents, and stops when Cancel is pressed.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from gptstudio.engine.catalogue import CATALOGUE, NOT_STATED
from gptstudio.engine.finetune import DEFAULT_BLOCK_SIZE, DEFAULT_MINUTES
from gptstudio.ui.i18n import translate
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import format_bytes, format_duration, localized
from gptstudio.ui.workers import WorkerThread, _Worker

COLUMNS = 7
PROGRESS_INTERVAL_S = 0.1


# ---------------------------------------------------------------------------------------------------
# Workers



def steps_in_ten_minutes(seconds: float) -> str:
    """A step time as what it means for fine-tuning ("65.8 s" said nothing of whether a model can
    learn anything here in a few minutes): the time, and how many steps ten minutes hold."""
    steps = 600 / max(seconds, 1e-9)
    if steps < 1:
        return translate("PretrainedDialog", "{seconds:,.1f} s (not one step in 10 minutes)").format(
            seconds=seconds)
    return translate("PretrainedDialog", "{seconds:,.1f} s (about {steps:,} steps in 10 minutes)").format(
        seconds=seconds, steps=round(steps))

class PlanWorker(_Worker):
    """For each model: what fine-tuning takes here. A first pass from the cache of measurements (at
    once), then the models not measured yet are timed one after the other."""

    planned = QtCore.Signal(int, object)  # row, FineTunePlan

    def __init__(self, configs, block_size: int, measure: bool = True):
        super().__init__()
        self.configs, self.block_size, self.measure = list(configs), block_size, measure

    def work(self):
        from gptstudio.projects.pretrained import plan_fine_tune

        plans = [plan_fine_tune(c, block_size=self.block_size) for c in self.configs]
        for row, plan in enumerate(plans):
            self.planned.emit(row, plan)
        for row, plan in enumerate(plans):
            if self.control.stop_requested or not self.measure:
                break
            if plan.seconds_per_step is None:
                self.planned.emit(row, plan_fine_tune(self.configs[row], block_size=self.block_size,
                                                      measure=True))
        return None


class CreateWorker(_Worker):
    progress = QtCore.Signal(object)  # the latest DownloadEvent (at most ten a second)

    def __init__(self, store, name: str, text: str, source: str, block_size: int, minutes: float):
        super().__init__()
        self.store, self.name, self.text, self.source = store, name, text, source
        self.block_size, self.minutes = block_size, minutes
        self._last = 0.0

    def work(self):
        from gptstudio.projects.pretrained import create_from_pretrained

        project = create_from_pretrained(self.store, self.name, self.text, self.source,
                                         block_size=self.block_size, minutes=self.minutes,
                                         on_event=self._on_event, control=self.control)
        return project.name

    def _on_event(self, event) -> None:
        now = time.monotonic()
        if event.finished or event.checking or now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self.progress.emit(event)


# ---------------------------------------------------------------------------------------------------
# Words


def download_text(name: str, event) -> str:
    """One line under the progress bar: size, speed, time left."""
    if event.finished:
        return translate("PretrainedDialog", "The model is on this computer. Timing a training "
                                             "step and setting up the fine-tuning…")
    if event.checking:
        return translate("PretrainedDialog", "Checking {file} against the Hub's checksum…").format(
            file=event.file)
    done, total = format_bytes(event.done_bytes), format_bytes(event.total_bytes)
    if event.eta_s is None:  # the first moments: no speed yet
        return translate("PretrainedDialog", "Downloading {name}: {done} of {total}…").format(
            name=name, done=done, total=total)
    return translate("PretrainedDialog", "Downloading {name}: {done} of {total} · {speed}/s · "
                                         "{left} left").format(
        name=name, done=done, total=total, speed=format_bytes(event.bytes_per_second),
        left=format_duration(event.eta_s))


def context_note(block_size: int) -> str:
    """What cutting GPT-2's 1,024 positions means, in words."""
    return translate("PretrainedDialog", "GPT-2 can read 1,024 tokens at once. With {tokens:,}, "
                                         "each training step is cheaper (about {faster:.0f}× "
                                         "fewer positions), but the model sees only the last "
                                         "{tokens:,} tokens — about {words:,} English words or "
                                         "{characters:,} Chinese characters — while it learns and "
                                         "while it writes.").format(
        tokens=block_size, faster=1024 / block_size, words=int(block_size * 0.75),
        characters=block_size)


# ---------------------------------------------------------------------------------------------------
# The dialog


class PretrainedDialog(QtWidgets.QDialog):
    created = QtCore.Signal(str)  # the new project's name

    def __init__(self, store, unique_name, parent=None, catalogue=CATALOGUE, measure: bool = True):
        """unique_name(base) -> a project name not taken yet. measure=False only reads the step
        times measured before (tests)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start from a pretrained model"))
        self.store, self.unique_name, self.catalogue = store, unique_name, tuple(catalogue)
        self.measure = measure
        self.text_path: str | None = None
        self.plan_thread: WorkerThread | None = None
        self.create_thread: WorkerThread | None = None
        self._source = ""
        self._closing = False
        self._plan_again = False
        self._build()
        self.resize(1060, 640)
        self._start_planning()

    # -- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QtWidgets.QLabel(self.tr(
            "A model that has already read a great deal of text learns the style of yours far "
            "faster than one that starts from nothing. Pick one and press Download and start: it "
            "is downloaded once (and kept for next time), then fine-tuned on your text when you "
            "press Train."), wordWrap=True)
        self.progress = QtWidgets.QProgressBar(visible=False)
        self.status = QtWidgets.QLabel(wordWrap=True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QtWidgets.QPushButton(self.tr("Cancel download"), visible=False)
        self.cancel_button.setToolTip(self.tr("Stop downloading. The files already complete are "
                                              "kept, so starting again downloads only the rest."))
        self.cancel_button.clicked.connect(self.cancel)
        progress_row = QtWidgets.QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.start_button = QtWidgets.QPushButton(self.tr("Download and start…"))
        self.start_button.setDefault(True)
        self.start_button.setToolTip(self.tr("Choose the text to fine-tune on, then download the "
                                             "model (if it is not on this computer yet) and create "
                                             "the project."))
        self.start_button.clicked.connect(self.start)
        close = QtWidgets.QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(close)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._build_table(), 1)
        layout.addLayout(self._build_form())
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._on_block_size(self.block_size.value())

    def _build_table(self) -> QtWidgets.QTableWidget:
        """The catalogue: a row per model, what it costs here in memory and time."""
        self.table = QtWidgets.QTableWidget(len(self.catalogue), COLUMNS)
        self.table.setHorizontalHeaderLabels([
            self.tr("Model"), self.tr("Language"), self.tr("Parameters"), self.tr("Download"),
            self.tr("Licence"), self.tr("Memory to fine-tune here"),
            self.tr("Seconds per step here")])
        tips = (self.tr("The model's name on the Hugging Face Hub."),
                self.tr("The language of the text it was trained on."),
                self.tr("How many numbers the model has learnt: more writes better, trains slower."),
                self.tr("About how much is downloaded, once."),
                self.tr("The terms under which its authors share it."),
                self.tr("What fine-tuning needs at the context length below and 8 texts a step: "
                        "all weights learn where that fits this computer's memory, else only "
                        "small LoRA adapters beside them."),
                self.tr("Measured on this computer with a model of the same shape, before "
                        "downloading anything."))
        for column, tip in enumerate(tips):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        for row, entry in enumerate(self.catalogue):
            self._fill_row(row, entry)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectRow(0)
        self.table.itemSelectionChanged.connect(self._on_row_chosen)
        return self.table

    def _build_form(self) -> QtWidgets.QFormLayout:
        """A model by name, the context length and the time to fine-tune."""
        self.repo_edit = QtWidgets.QLineEdit(placeholderText=self.tr(
            "or any GPT-2 model of the Hugging Face Hub by its name, e.g. user/model"))
        self.repo_edit.setToolTip(self.tr("A model not in the list: its name as on "
                                          "huggingface.co. GPT Studio checks that it is a GPT-2 "
                                          "before downloading its weights."))
        self.repo_edit.textEdited.connect(self._on_name_typed)
        self.block_size = QtWidgets.QSpinBox(minimum=16, maximum=1024, singleStep=64,
                                             value=DEFAULT_BLOCK_SIZE)
        self.block_size.setToolTip(self.tr("Context length: how many tokens the model reads at once "
                                           "while fine-tuning and writing."))
        self.block_note = QtWidgets.QLabel(wordWrap=True)
        self.block_size.valueChanged.connect(self._on_block_size)
        self.minutes = QtWidgets.QSpinBox(minimum=1, maximum=24 * 60, value=DEFAULT_MINUTES,
                                          suffix=self.tr(" min"))
        self.minutes.setToolTip(self.tr("About how long fine-tuning should take on this computer: "
                                        "the number of steps is planned from it, from the length "
                                        "of your text and from the measured time a step takes."))
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Or by name"), self.repo_edit)
        form.addRow(self.tr("Context length"), self.block_size)
        form.addRow("", self.block_note)
        form.addRow(self.tr("Time to fine-tune"), self.minutes)
        return form

    def _fill_row(self, row: int, entry) -> None:
        licence = localized(translate("Catalogue", NOT_STATED)) if entry.licence == NOT_STATED \
            else entry.licence
        values = (entry.repo_id, translate("Catalogue", entry.language),
                  self.tr("{millions:,.0f} million", "also given: {ten_thousands:,.0f}, for "
                          "languages that count in ten-thousands").format(
                      millions=entry.parameters / 1e6, ten_thousands=entry.parameters / 1e4),
                  format_bytes(entry.download_bytes), licence, self.tr("working out…"),
                  self.tr("working out…"))
        about = translate("Catalogue", entry.about)
        for column, value in enumerate(values):
            item = QtWidgets.QTableWidgetItem(value)
            item.setToolTip(about)
            self.table.setItem(row, column, item)

    # -- what each model takes here ------------------------------------------------------------------

    def _start_planning(self) -> None:
        """Work out every row again. A measurement under way is never waited for on this thread
        (timing GPT-2-medium takes half a minute): it is told to stop, and the new round starts
        when it has."""
        if self.plan_thread is not None and self.plan_thread.is_running():
            self.plan_thread.control.stop()
            self._plan_again = True
            return
        self._plan_again = False
        worker = PlanWorker([e.config for e in self.catalogue], self.block_size.value(),
                            self.measure)
        worker.planned.connect(self._on_planned)
        self.plan_thread = WorkerThread(worker, self)
        self.plan_thread.finished.connect(self._on_planning_ended)
        self.plan_thread.start()

    @QtCore.Slot()
    def _on_planning_ended(self) -> None:
        if getattr(self, "_plan_again", False) and not self._closing:
            self._start_planning()

    @QtCore.Slot(int, object)
    def _on_planned(self, row: int, plan) -> None:
        if self.sender() is not None and self.plan_thread is not None and \
                self.sender() is not self.plan_thread.worker:
            return  # from a round for another context length
        memory = plan.memory
        if memory.lora_rank:
            text = self.tr("LoRA adapters, {memory}").format(memory=format_bytes(memory.needed_bytes))
        else:
            text = self.tr("all weights, {memory}").format(memory=format_bytes(memory.needed_bytes))
        if not memory.fits:
            text = self.tr("{plan} (more than is free now)").format(plan=text)
        self.table.item(row, 5).setText(text)
        seconds = plan.seconds_per_step
        if seconds is None:
            shown = self.tr("measuring…") if self.measure else self.tr("not measured yet")
        else:
            shown = steps_in_ten_minutes(seconds)
        self.table.item(row, 6).setText(shown)

    def _on_block_size(self, value: int) -> None:
        self.block_note.setText(context_note(value))
        if self.plan_thread is not None:  # another context: other memory and step times
            for row in range(self.table.rowCount()):
                for column in (5, 6):
                    self.table.item(row, column).setText(self.tr("working out…"))
            self._block_timer = getattr(self, "_block_timer", None) or QtCore.QTimer(
                self, singleShot=True, interval=500, timeout=self._start_planning)
            self._block_timer.start()

    # -- choosing ------------------------------------------------------------------------------------

    def _on_row_chosen(self) -> None:
        if self.table.selectedItems():
            self.repo_edit.clear()

    def _on_name_typed(self, text: str) -> None:
        if text.strip():
            self.table.clearSelection()

    def chosen_source(self) -> str:
        typed = self.repo_edit.text().strip()
        if typed:
            return typed
        rows = self.table.selectionModel().selectedRows()
        return self.catalogue[rows[0].row()].repo_id if rows else ""

    # -- downloading and creating --------------------------------------------------------------------

    @QtCore.Slot()
    def start(self) -> None:
        source = self.chosen_source()
        if not source:
            self.status.setText(self.tr("Pick a model in the list, or type a model's name."))
            return
        if self.text_path is None:
            path = dialogs.choose_open_file(self, self.tr("Choose the text to fine-tune {model} "
                                                          "on").format(model=source),
                                            dialogs.text_file_filter())
            if not path:
                return
            self.text_path = path
        self.start_with(source, self.text_path)

    def start_with(self, source: str, text_path: str) -> None:
        from gptstudio.engine.errors import EngineError
        from gptstudio.engine.text_files import read_corpus_file
        from gptstudio.ui.widgets.text import describe_error

        try:
            # Any common encoding, recognised; stray control characters stay, as for any new
            # project: the Corpus tab shows them and offers to clean them.
            text = read_corpus_file(text_path).text
        except (EngineError, OSError) as error:
            self.text_path = None
            self.status.setText(self.tr("Could not use {file}: {error}").format(
                file=Path(text_path).name, error=describe_error(error)))
            return
        if self.plan_thread is not None:  # timing other models would slow the download's own
            self.plan_thread.control.stop()
        self._source = source
        name = self.unique_name(self.tr("{model} fine-tuned").format(model=source.split("/")[-1]))
        worker = CreateWorker(self.store, name, text, source, self.block_size.value(),
                              self.minutes.value())
        worker.progress.connect(self._on_progress)
        worker.failed.connect(self._on_failed)
        worker.done.connect(self._on_done)
        self.create_thread = WorkerThread(worker, self)
        self._set_busy(True)
        self.status.setText(self.tr("Looking up {model}…").format(model=source))
        self.create_thread.start()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)  # busy until the first DownloadEvent says how much
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        for widget in (self.start_button, self.table, self.repo_edit, self.block_size, self.minutes):
            widget.setEnabled(not busy)

    @QtCore.Slot(object)
    def _on_progress(self, event) -> None:
        if event.total_bytes and not event.finished:
            # Per mille: QProgressBar takes ints, and gigabytes overflow them.
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * event.done_bytes / event.total_bytes))
        else:
            self.progress.setRange(0, 0)
        if event.finished:
            self.cancel_button.setEnabled(False)  # a project is being made: no half project
        self.status.setText(download_text(self._source, event))

    @QtCore.Slot()
    def cancel(self) -> None:
        if self.create_thread is not None:
            self.create_thread.control.stop()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))

    @QtCore.Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.setText(message)

    @QtCore.Slot(object)
    def _on_done(self, name) -> None:
        self._set_busy(False)
        self.text_path = None  # another model may be meant for another text
        if name:
            self.created.emit(name)
            self.accept()

    def reopen(self) -> None:
        """Shown again: a fresh status, and the rows worked out again if they were stopped."""
        self.status.clear()
        if self.create_thread is None or not self.create_thread.is_running():
            self._set_busy(False)
        self._start_planning()

    # -- closing -------------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the workers and wait for them (the window does this as the app closes)."""
        self._closing = True
        for holder in (self.plan_thread, self.create_thread):
            if holder is not None:
                holder.stop_and_wait(120_000)

    def done(self, result: int) -> None:  # accept, reject, Escape and the close button
        # Stopped, not waited for: a download stops at its next chunk and a step being timed ends
        # by itself; the window keeps this dialog (and so its threads) until they have.
        for holder in (self.plan_thread, self.create_thread):
            if holder is not None:
                holder.control.stop()
        super().done(result)
