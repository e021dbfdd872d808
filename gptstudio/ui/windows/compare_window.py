"""Compare: the loss curves of several trained projects on one plot, and text from each of them
written from the same prompt with the same seed, side by side.

The same seed makes the random choices the same, so when two columns differ it is because the
models differ, not because one was luckier. Writing runs off the GUI thread: one job in the pool
(threads.Job, compare_columns.write_each) loads each model in turn (on the CPU, so a training run
keeps its GPU) and reports plain text as its progress. A generation number drops the results of a
run started before the latest one.
"""

from __future__ import annotations

import logging

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.control import RunControl
from gptstudio.engine.loss_history import LossHistory
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.inspect.tokenizer_view import KIND_WORDS
from gptstudio.ui.tabs.loss_plot import smoothed
from gptstudio.ui.threads import JobGroup, log_failure, refused
from gptstudio.ui.widgets.controls import fit_to_screen, plot_without_menus, spin
from gptstudio.ui.widgets.text import describe_error, join_list, localized
from gptstudio.ui.windows.compare_columns import CompareColumn, CompareEntry, same_texts, write_each

log = logging.getLogger(__name__)

# Distinct colours that stay apart for colour-blind eyes too (Okabe-Ito, then a few more).
COLOURS = ((0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (230, 159, 0),
           (86, 180, 233), (120, 120, 120), (160, 40, 40), (40, 40, 160), (100, 140, 20))
SAME_SEED_TIP = QT_TRANSLATE_NOOP(
    "CompareWindow",
    "Same prompt and same seed: differences come from the models, not from luck.")



class CompareWindow(QtWidgets.QWidget):
    """Tick two or more trained projects: their losses share one plot, and each writes a column
    from the same prompt and seed."""

    curves_changed = QtCore.Signal()  # the ticked projects (and so the plot) changed
    outputs_shown = QtCore.Signal()  # every column of the latest "Write with each" is filled

    def __init__(self, store, current: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowFlag(QtCore.Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Compare projects"))
        self.store = store
        self._entries: dict[str, CompareEntry] = {}
        self._outputs: dict[str, tuple[str, bool]] = {}
        self._columns: dict[str, CompareColumn] = {}
        self._prompt_written = ""
        self._generation = 0
        self._pending: list[str] = []
        self._control: RunControl | None = None
        self.running = False
        self._jobs = JobGroup(self)  # the writing; cancelled when the window goes

        top = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        top.addWidget(self._build_projects())
        top.addWidget(self._build_plot())
        top.setStretchFactor(0, 0)
        top.setStretchFactor(1, 1)
        top.setSizes([260, 900])

        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self._build_writing())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 430])  # the columns need room to be read
        # A screen smaller than the window's parts scrolls them, inside a window that fits it.
        scroll_all = QtWidgets.QScrollArea()
        scroll_all.setWidgetResizable(True)
        scroll_all.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll_all.setWidget(splitter)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(scroll_all)
        fit_to_screen(self, QtCore.QSize(1300, 850))

        self.refresh(current)
        self._tick_a_pair()

    # -- building ------------------------------------------------------------------------------------

    def _build_projects(self) -> QtWidgets.QWidget:
        """The list of projects to tick, with its hint."""
        intro = QtWidgets.QLabel(self.tr(
            "Tick two or more trained projects. Their losses share the plot, and each one writes "
            "from the same prompt. On the same text, the lower curve is the model that learnt "
            "it better."))
        intro.setWordWrap(True)
        self.projects = QtWidgets.QListWidget()
        self.projects.setSpacing(2)
        self.projects.setMinimumWidth(240)
        self.projects.setToolTip(self.tr("Your trained projects. Tick the ones to compare; a "
                                         "greyed-out project has no trained model yet (hover it "
                                         "to see why)."))
        self.projects.itemChanged.connect(self._on_item_changed)
        self.hint = QtWidgets.QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QtWidgets.QLabel(self.tr("<b>Projects</b>"))
        left_layout.addWidget(heading)
        left_layout.addWidget(intro)
        left_layout.addWidget(self.projects, 1)
        left_layout.addWidget(self.hint)
        return left

    def _build_plot(self) -> QtWidgets.QWidget:
        """The loss plot and its options."""
        self.plot = pg.PlotWidget(background="w")
        item = self.plot.getPlotItem()
        item.setLabel("bottom", self.tr("training step"))
        item.setLabel("left", self.tr("loss (lower is better)"))
        plot_without_menus(self.plot)
        item.showGrid(x=True, y=True, alpha=0.15)
        self.legend = self.plot.addLegend(offset=(-10, 10))
        self.plot.setToolTip(self.tr(
            "Validation loss (thick lines with dots) is measured on text the model never trained "
            "on: lower means it predicts the corpus better. Training loss (light lines) is on the "
            "text it trains on. Losses compare fairly only between projects that cut text into "
            "the same kind of tokens."))
        self.plot.setMinimumHeight(220)
        self.show_train = QtWidgets.QCheckBox(self.tr("Also show training loss (light lines)"))
        self.show_train.setChecked(True)
        self.show_train.setToolTip(self.tr(
            "Training loss, smoothed, in a lighter shade of each project's colour. When it keeps "
            "falling while the validation loss rises, the model is memorising its text instead of "
            "learning."))
        self.show_train.toggled.connect(self._redraw)
        self.log_scale = QtWidgets.QCheckBox(self.tr("Logarithmic scale"))
        self.log_scale.setToolTip(self.tr("Spread out the low end of the loss, where late "
                                          "training happens."))
        self.log_scale.toggled.connect(lambda on: self.plot.getPlotItem().setLogMode(y=on))
        self.caveat = QtWidgets.QLabel()
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet("color: #8a5a00;")
        self.caveat.hide()
        plot_box = QtWidgets.QWidget()
        plot_layout = QtWidgets.QVBoxLayout(plot_box)
        plot_layout.setContentsMargins(0, 0, 0, 0)
        plot_layout.addWidget(self.plot, 1)
        options = QtWidgets.QHBoxLayout()
        options.addWidget(self.show_train)
        options.addWidget(self.log_scale)
        options.addStretch(1)
        plot_layout.addLayout(options)
        plot_layout.addWidget(self.caveat)
        return plot_box

    def _build_writing(self) -> QtWidgets.QWidget:
        """The prompt, the knobs, and a column per ticked project."""
        self.prompt = QtWidgets.QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Type how the text should begin (or leave empty), "
                                               "then press “Write with each”."))
        self.prompt.setToolTip(self.tr("Every ticked model continues this same text. A model can "
                                       "only use characters it saw in its own corpus; one that "
                                       "cannot read the prompt says so in its column."))
        self.prompt.setMaximumHeight(52)
        same_seed = QtWidgets.QLabel(translate("CompareWindow", SAME_SEED_TIP))
        same_seed.setStyleSheet("color: #555;")
        same_seed.setWordWrap(True)
        self.status = QtWidgets.QLabel()
        self.status.setStyleSheet("color: #555;")
        self.columns_area = QtWidgets.QWidget()
        self.columns_layout = QtWidgets.QHBoxLayout(self.columns_area)
        self.columns_layout.setContentsMargins(0, 0, 0, 0)
        self.empty_columns = QtWidgets.QLabel(self.tr("Tick projects above: each gets a column here."))
        self.empty_columns.setStyleSheet("color: #777;")
        self.empty_columns.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.columns_layout.addWidget(self.empty_columns)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(self.columns_area)

        bottom = QtWidgets.QGroupBox(self.tr("Write with each model"))
        bottom_layout = QtWidgets.QVBoxLayout(bottom)
        bottom_layout.addWidget(self.prompt)
        bottom_layout.addLayout(self._build_knobs())
        bottom_layout.addWidget(same_seed)
        bottom_layout.addWidget(scroll, 1)
        bottom_layout.addWidget(self.status)
        return bottom

    def _build_knobs(self) -> QtWidgets.QHBoxLayout:
        """Seed, temperature, length, Write with each and Stop."""
        self.seed = spin(0, 2**31 - 1, 1234, 1, None, self.tr(
            "The seed fixes the model's random choices. Same prompt and same seed: differences "
            "come from the models, not from luck."))
        self.temperature = spin(0.0, 5.0, 0.8, 0.1, 2, self.tr(
            "Temperature: how adventurous the writing is. 0 always picks the likeliest next token "
            "(repetitive); 0.7-1 is natural; above 1.2 gets wild."))
        self.max_tokens = spin(1, 20_000, 200, 50, None, self.tr(
            "How many new tokens (characters, for a character tokenizer) each model writes at "
            "most."))
        self.write_button = QtWidgets.QPushButton(self.tr("Write with each"))
        self.write_button.setObjectName("primary")
        self.write_button.setToolTip(self.tr(
            "Each ticked model writes, one after the other, from the same prompt and seed. Same "
            "prompt and same seed: differences come from the models, not from luck."))
        self.write_button.clicked.connect(self.write_with_each)
        self.stop_button = QtWidgets.QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop writing now; the columns already written "
                                            "stay."))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        knobs = QtWidgets.QHBoxLayout()
        for label, widget in ((self.tr("Seed"), self.seed),
                              (self.tr("Temperature"), self.temperature),
                              (self.tr("Max new tokens"), self.max_tokens)):
            caption = QtWidgets.QLabel(label)
            caption.setToolTip(widget.toolTip())
            knobs.addWidget(caption)
            knobs.addWidget(widget)
            knobs.addSpacing(12)
        knobs.addWidget(self.write_button)
        knobs.addWidget(self.stop_button)
        knobs.addStretch(1)
        return knobs

    # -- the list of projects ------------------------------------------------------------------------

    def refresh(self, current: str | None = None) -> None:
        """Read the projects again (a run may have finished since). Ticks are kept by name."""
        ticked = set(self.ticked()) | ({current} if current else set())
        self._entries.clear()
        self.projects.blockSignals(True)
        self.projects.clear()
        try:
            infos = self.store.list()
        except Exception as error:  # noqa: BLE001 - the projects folder itself cannot be read
            infos = []
            self.hint.setText(describe_error(error))
        colour_index = 0
        for info in infos:
            item = QtWidgets.QListWidgetItem(info.name)
            reason = self._load_entry(info, COLOURS[colour_index % len(COLOURS)])
            if reason is None:
                entry = self._entries[info.name]
                colour_index += 1
                item.setText(f"{info.name}\n    {entry.summary()}")
                item.setData(QtCore.Qt.ItemDataRole.UserRole, info.name)
                item.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled
                              | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(QtCore.Qt.CheckState.Checked if info.name in ticked
                                   else QtCore.Qt.CheckState.Unchecked)
                item.setForeground(QtGui.QColor(*entry.colour))
                item.setToolTip(self.tr("{name}: {summary}. Tick to compare it.").format(
                    name=info.name, summary=entry.summary()))
            else:
                item.setText(f"{info.name}\n    {reason[0]}")
                item.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)  # shown greyed, cannot be ticked
                item.setToolTip(reason[1])
            self.projects.addItem(item)
        self.projects.blockSignals(False)
        self._ticks_changed()

    def _tick_a_pair(self) -> None:
        """Something to compare straight away: the open project and the next trained one."""
        self.projects.blockSignals(True)
        for i in range(self.projects.count()):
            if len(self.ticked()) >= 2:
                break
            item = self.projects.item(i)
            if item.flags() & QtCore.Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(QtCore.Qt.CheckState.Checked)
        self.projects.blockSignals(False)
        self._ticks_changed()

    def _load_entry(self, info, colour) -> tuple[str, str] | None:
        """Adds a trained project's entry; otherwise returns (short reason, full reason)."""
        if not info.ok:
            return self.tr("cannot be opened"), localized(info.error) or self.tr(
                "This project cannot be opened.")
        if not info.trained:
            return (self.tr("not trained yet"), self.tr(
                "This project has no trained model yet: train it first, then it can be compared."))
        try:
            project = self.store.open(info.name)
            history = project.history()
        except Exception as error:  # noqa: BLE001 - one damaged project must not hide the others
            log.exception("compare: cannot read %s", info.name)
            return self.tr("cannot be read"), describe_error(error)
        self._entries[info.name] = CompareEntry(info.name, project.checkpoint_dir,
                                          project.data.tokenizer, history, colour,
                                          project.model_choice, project.corpus_path)
        return None

    def ticked(self) -> list[str]:
        """The names of the ticked projects, in list order."""
        names = []
        for i in range(self.projects.count()):
            item = self.projects.item(i)
            if item.checkState() == QtCore.Qt.CheckState.Checked:
                names.append(item.data(QtCore.Qt.ItemDataRole.UserRole))
        return [n for n in names if n in self._entries]

    def set_ticked(self, name: str, on: bool) -> None:
        for i in range(self.projects.count()):
            item = self.projects.item(i)
            if item.data(QtCore.Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(QtCore.Qt.CheckState.Checked if on
                                   else QtCore.Qt.CheckState.Unchecked)
                return
        raise KeyError(name)

    def available(self) -> list[str]:
        """The projects that can be ticked (trained, readable)."""
        return list(self._entries)

    def _on_item_changed(self, _item) -> None:
        self._ticks_changed()

    def _ticks_changed(self) -> None:
        names = self.ticked()
        if len(self._entries) < 2:
            self.hint.setText(self.tr("Train at least two projects to compare them."))
        elif len(names) < 2:
            self.hint.setText(self.tr("Tick at least two projects to compare them."))
        else:
            self.hint.setText(self.tr("Comparing {count} projects.").format(count=len(names)))
        caveats = self._caveats(names)
        self.caveat.setText("\n".join(caveats))
        self.caveat.setVisible(bool(caveats))
        self._redraw()
        self._rebuild_columns()
        self.write_button.setEnabled(bool(names) and not self.running)
        self.curves_changed.emit()

    def _caveats(self, names: list[str]) -> list[str]:
        """Why the heights of these projects' curves do not say which model learnt more."""
        caveats = []
        if not same_texts([self._entries[n].text for n in names]):
            caveats.append(self.tr(
                "These projects learn from different texts: a lower loss can mean an easier text, "
                "not a better model. The curves say which model learnt more only for the same "
                "text; compare what they write instead."))
        kinds = {self._entries[n].tokenizer for n in names}
        if len(kinds) > 1:
            kinds = sorted(translate("TokenizerView", KIND_WORDS.get(kind, kind)) for kind in kinds)
            caveats.append(self.tr(
                "These projects cut text into different kinds of tokens ({kinds}), so one loss "
                "counts letters and another whole pieces: compare their written text rather than "
                "the height of their curves.").format(kinds=join_list(kinds)))
        return caveats

    # -- the plot -----------------------------------------------------------------------------------

    def curves(self) -> dict[str, LossHistory]:
        """The loss history of each ticked project."""
        return {name: self._entries[name].history for name in self.ticked()}

    def plotted(self) -> list[str]:
        """The names in the plot's legend, in order."""
        return [label.text for _, label in self.legend.items]

    def _redraw(self) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        self.legend.clear()
        for name in self.ticked():
            entry = self._entries[name]
            history = entry.history
            r, g, b = entry.colour
            steps = list(history.steps)
            if self.show_train.isChecked() and steps:
                trend = smoothed(history.train_loss, len(steps))
                light = self.plot.plot(steps[:len(trend)], trend,
                                       pen=pg.mkPen((r, g, b, 90), width=1.5))
                light.setDownsampling(auto=True, method="peak")
                light.setClipToView(True)
            self.plot.plot(list(history.eval_steps), list(history.eval_val), name=name,
                           pen=pg.mkPen((r, g, b), width=2.5),
                           symbol="o", symbolSize=6, symbolBrush=(r, g, b), symbolPen=(r, g, b))

    # -- the columns --------------------------------------------------------------------------------

    def _rebuild_columns(self) -> None:
        names = self.ticked()
        for name in list(self._columns):
            if name not in names:
                column = self._columns.pop(name)
                self.columns_layout.removeWidget(column)
                column.deleteLater()
        for index, name in enumerate(names):
            column = self._columns.get(name)
            if column is None:
                column = CompareColumn(self._entries[name])
                self._columns[name] = column
                if name in self._outputs:
                    column.show_output(self._prompt_written, *self._outputs[name])
                elif self.running and name not in self._pending:
                    column.show_waiting(self.tr("Ticked after the models started writing: press "
                                                "“Write with each” again to include it."))
            self.columns_layout.insertWidget(index, column, 1)
        self.empty_columns.setVisible(not names)

    def outputs(self) -> dict[str, str]:
        """What each project wrote in the latest run (or the sentence saying why it could not)."""
        return {name: text for name, (text, _ok) in self._outputs.items()}

    def output_ok(self) -> dict[str, bool]:
        """For each output: True when it is the model's text, False when it is a sentence."""
        return {name: ok for name, (_text, ok) in self._outputs.items()}

    # -- writing ------------------------------------------------------------------------------------

    def sample_config(self) -> SampleConfig:
        return SampleConfig(temperature=self.temperature.value(),
                            max_new_tokens=self.max_tokens.value(), seed=self.seed.value(),
                            top_alternatives=0)

    def write_with_each(self) -> None:
        names = self.ticked()
        if not names or self.running:
            return
        self._generation += 1
        self._control = RunControl()
        self._outputs.clear()
        self._prompt_written = self.prompt.toPlainText()
        self._pending = list(names)
        for i, name in enumerate(names):
            self._columns[name].show_waiting(self.tr("Writing…") if i == 0
                                             else self.tr("Waiting for its turn…"))
        self._set_running(True)
        self.status.setText(self.tr("Writing with {name} ({index} of {total})…").format(
            name=names[0], index=1, total=len(names)))
        targets = [(n, self._entries[n].checkpoint_dir, self._entries[n].which) for n in names]
        if not self._jobs.start(write_each, self._generation, targets, self._prompt_written,
                                self.sample_config(), self._control,
                                on_result=self._on_finished, on_progress=self._on_progress,
                                on_error=self._on_write_failed):
            for name in names:
                self._on_written(self._generation, name, refused(), False)
            self._on_finished(self._generation)
            self.status.setText(refused())

    def stop(self) -> None:
        if self._control is not None:
            self._control.stop()

    def shutdown(self) -> None:
        """Stop writing and drop whatever arrives later (the window is closing)."""
        self.stop()
        self._jobs.cancel_all()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

    def _set_running(self, on: bool) -> None:
        self.running = on
        self.write_button.setEnabled(not on and bool(self.ticked()))
        self.stop_button.setEnabled(on)

    @QtCore.Slot(object)
    def _on_write_failed(self, error: BaseException) -> None:
        """A bug in the writing job (each model's own failure is its column's sentence): the
        log has it, and the window is ready to write again."""
        log_failure(error)
        self._on_finished(self._generation)

    @QtCore.Slot(object)
    def _on_progress(self, event: tuple) -> None:
        what, *details = event
        (self._on_started if what == "started" else self._on_written)(*details)

    def _on_started(self, generation: int, name: str) -> None:
        if generation != self._generation:
            return
        total = len(self._pending)
        index = self._pending.index(name) + 1 if name in self._pending else 0
        self.status.setText(self.tr("Writing with {name} ({index} of {total})…").format(
            name=name, index=index, total=total))
        if name in self._columns:
            self._columns[name].show_waiting(self.tr("Writing…"))

    def _on_written(self, generation: int, name: str, text: str, ok: bool) -> None:
        if generation != self._generation:
            return
        self._outputs[name] = (text, ok)
        if name in self._columns:
            self._columns[name].show_output(self._prompt_written, text, ok)

    def _on_finished(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._set_running(False)
        stopped = self._control is not None and self._control.stop_requested
        for name in self._pending:
            if name not in self._outputs and name in self._columns:
                self._columns[name].show_waiting(self.tr("Stopped before this model wrote."))
        written = sum(ok for _text, ok in self._outputs.values())
        self.status.setText(self.tr("Stopped.") if stopped else
                            self.tr("Done: {written} of {total} models wrote.").format(
                                written=written, total=len(self._pending)))
        self.outputs_shown.emit()
