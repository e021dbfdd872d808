"""The next-token explorer: what the model thinks comes after a prompt, as a bar chart.

The model runs once per prompt (engine.next_token.NextTokenExplorer caches the logits); moving
the temperature, top-k, top-p or min-p only re-runs the filters on those logits, so the bars
reshape live even while training keeps the processor busy. Clicking a bar adds that token to the
prompt and shows the step after it.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.errors import EngineError
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.widgets.controls import add_labelled, spin, token_chance_chart
from gptstudio.ui.widgets.text import describe_error, percent, token_label

TOP = 20  # bars shown: enough to see the long tail of a character model, few enough to read
TYPING_PAUSE_MS = 200  # the model runs once the user stops typing for this long
NO_MODEL = QT_TRANSLATE_NOOP("ExplorerView", "Train the model first, then look at what it predicts.")
EXPLANATION = QT_TRANSLATE_NOOP(
    "ExplorerView",
    "Each bar is one token the model could write next. Outline: how likely the model itself "
    "thinks it is, before your settings. Blue: its chance with your settings. Grey: cut by your settings, so it can "
    "never be picked. Click a bar to add that token to the prompt and see the next step."
)

# colours: model's own guess (outline), chance with the settings (blue), cut (grey)
OWN_PEN = pg.mkPen((110, 130, 160), width=1)
CHANCE_BRUSH = pg.mkBrush(31, 90, 200)
CUT_BRUSH = pg.mkBrush(205, 205, 205)
CUT_TEXT = (150, 150, 150)
CHANCE_TEXT = (20, 20, 20)


class ExplorerView(QtWidgets.QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._explorer = None  # engine.next_token.NextTokenExplorer, or None without a model
        self._rows: list = []

        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)

        self.prompt = QtWidgets.QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Type the beginning of a text (or leave it empty) "
                                               "to see what the model would write next."))
        self.prompt.setToolTip(self.tr("The text so far. The chart shows which token the model "
                                       "thinks comes right after it. It can only use characters it "
                                       "saw in the corpus."))
        self.prompt.setMaximumHeight(48)
        self.clear_button = QtWidgets.QPushButton(self.tr("Clear", "button: empty the prompt"))
        self.clear_button.setToolTip(self.tr("Empty the prompt and start again from the beginning."))

        self.heading = QtWidgets.QLabel()
        self.heading.setWordWrap(True)
        self.heading.setToolTip(self.tr("The last characters of the prompt: the chart shows what "
                                        "the model thinks comes right after them."))
        explanation = QtWidgets.QLabel(translate("ExplorerView", EXPLANATION))
        explanation.setWordWrap(True)
        explanation.setStyleSheet("color: #555;")

        self.plot = pg.PlotWidget(background="w")
        self._build_chart()

        prompt_row = QtWidgets.QHBoxLayout()
        prompt_row.addWidget(self.prompt, 1)
        prompt_row.addWidget(self.clear_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(QtWidgets.QLabel(self.tr("Prompt", "label above the text box")))
        layout.addLayout(prompt_row)
        layout.addLayout(self._build_knobs())
        layout.addWidget(self.message)
        layout.addWidget(self.heading)
        layout.addWidget(self.plot, 1)
        layout.addWidget(explanation)

        # The model runs once the user pauses typing; the knobs only re-filter, so they act at once.
        self._typing = QtCore.QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.refresh)
        self.prompt.textChanged.connect(self._typing.start)
        self.clear_button.clicked.connect(self.prompt.clear)
        for box in (self.temperature, self.top_k, self.top_p, self.min_p):
            box.valueChanged.connect(self.refresh)
        self.set_generator(None)

    def _build_knobs(self) -> QtWidgets.QHBoxLayout:
        """The sampling filters the chart greys tokens out by."""
        self.temperature = spin(0.0, 5.0, 0.8, 0.1, 2, self.tr(
            "Temperature: how adventurous the writing is. Lower makes the likeliest tokens even "
            "likelier; higher evens the chances out. 0 always picks the likeliest token."))
        self.top_k = spin(0, 10_000, 0, 1, None, self.tr(
            "Top-k: choose only among the k likeliest next tokens; the others turn grey. 0 turns "
            "it off."))
        self.top_p = spin(0.01, 1.0, 1.0, 0.05, 2, self.tr(
            "Top-p (nucleus): keep the likeliest tokens until their chances add up to p; the rest "
            "turn grey. 1 turns it off."))
        self.min_p = spin(0.0, 0.99, 0.0, 0.01, 2, self.tr(
            "Min-p: drop tokens less than min-p times as likely as the best one; they turn grey. 0 "
            "turns it off."))

        knobs = QtWidgets.QHBoxLayout()
        add_labelled(knobs, ((self.tr("Temperature"), self.temperature),
                             (self.tr("Top-k"), self.top_k), (self.tr("Top-p"), self.top_p),
                             (self.tr("Min-p"), self.min_p)))
        return knobs

    def _build_chart(self) -> None:
        item = token_chance_chart(self.plot, label_width=90)
        item.getAxis("bottom").setTicks([[(x / 4, f"{x * 25}%") for x in range(5)]])
        item.setXRange(0, 1.12, padding=0)
        self.plot.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.plot.setToolTip(
            self.tr("Click a bar (or its token name) to add that token to the prompt."))
        self._own = pg.BarGraphItem(x0=[], y=[], width=[], height=0.8, pen=OWN_PEN, brush=None)
        self._chance = pg.BarGraphItem(x0=[], y=[], width=[], height=0.8, pen=None,
                                       brush=CHANCE_BRUSH)
        self._cut = pg.BarGraphItem(x0=[], y=[], width=[], height=0.8, pen=None, brush=CUT_BRUSH)
        for bars in (self._cut, self._chance, self._own):
            item.addItem(bars)
        self._labels = [pg.TextItem(anchor=(0, 0.5)) for _ in range(TOP)]
        for label in self._labels:
            item.addItem(label)
        self.plot.scene().sigMouseClicked.connect(self._on_click)

    # -- inputs --------------------------------------------------------------------------------------

    def set_generator(self, generator) -> None:
        """A sampling.TextGenerator for the trained model, or None when there is none yet."""
        if generator is None:
            self._explorer = None
        else:
            from gptstudio.engine.next_token import NextTokenExplorer

            self._explorer = NextTokenExplorer(generator)
        for widget in (self.prompt, self.clear_button, self.temperature, self.top_k, self.top_p,
                       self.min_p, self.plot):
            widget.setEnabled(generator is not None)
        self.refresh()

    def sample_config(self) -> SampleConfig:
        return SampleConfig(temperature=self.temperature.value(), top_k=self.top_k.value(),
                            top_p=self.top_p.value(), min_p=self.min_p.value())

    def set_sample_config(self, config: SampleConfig) -> None:
        """Take the Generate tab's settings (only the four this view shows)."""
        for box, value in ((self.temperature, config.temperature), (self.top_k, config.top_k),
                           (self.top_p, config.top_p), (self.min_p, config.min_p)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.refresh()

    def prompt_text(self) -> str:
        return self.prompt.toPlainText()

    def set_prompt(self, text: str) -> None:
        self.prompt.setPlainText(text)
        self.refresh()  # now, not after the typing pause

    # -- outputs -------------------------------------------------------------------------------------

    def choices(self) -> list:
        """The rows on the chart, likeliest first (engine.next_token.Choice)."""
        return list(self._rows)

    def message_text(self) -> str:
        return self.message.text()

    @QtCore.Slot()
    def refresh(self) -> None:
        """Recompute the rows: the model runs only if the prompt changed since the last time."""
        self._typing.stop()
        self._rows, problem = [], ""
        if self._explorer is None:
            problem = translate("ExplorerView", NO_MODEL)
        else:
            try:
                self._rows = self._explorer.table(self.prompt_text(), self.sample_config(), TOP)
            except EngineError as error:  # UnknownCharacters: a sentence naming the characters
                problem = describe_error(error)
        self._say(problem, error=self._explorer is not None)
        self._show_rows()

    def choose(self, index: int) -> None:
        """Add row `index`'s token to the prompt and show the next step."""
        choice = self._rows[index]
        if choice.text == "<eos>":
            self._say(self.tr("The model would end the text here: that token means \"this "
                              "example is finished\". Clear the prompt to start a new one."))
            return
        text = self._explorer.generator.tokenizer.decode([choice.token_id])
        self.set_prompt(self.prompt_text() + text)
        cursor = self.prompt.textCursor()
        cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        self.prompt.setTextCursor(cursor)

    def _say(self, sentence: str, error: bool = False) -> None:
        self.message.setText(sentence)
        self.message.setStyleSheet("color: #a33;" if error else "color: #333;")
        self.message.setVisible(bool(sentence))

    # -- drawing -------------------------------------------------------------------------------------

    def _show_rows(self) -> None:
        rows = self._rows
        ys = list(range(len(rows)))
        kept = [(y, r.prob) for y, r in zip(ys, rows, strict=True) if not r.excluded]
        cut = [(y, r.raw_prob) for y, r in zip(ys, rows, strict=True) if r.excluded]
        self._own.setOpts(x0=[0] * len(rows), y=ys, width=[r.raw_prob for r in rows])
        self._chance.setOpts(x0=[0] * len(kept), y=[y for y, _ in kept], width=[p for _, p in kept])
        self._cut.setOpts(x0=[0] * len(cut), y=[y for y, _ in cut], width=[p for _, p in cut])
        for label, row, y in zip(self._labels, rows, ys, strict=False):
            if row.excluded:
                label.setText(self.tr("cut (was {share})").format(share=percent(row.raw_prob)),
                              color=CUT_TEXT)
            else:
                label.setText(percent(row.prob), color=CHANCE_TEXT)
            label.setPos(max(row.prob, row.raw_prob) + 0.01, y)
        for i, label in enumerate(self._labels):
            label.setVisible(i < len(rows))
        item = self.plot.getPlotItem()
        item.getAxis("left").setTicks([[(y, token_label(r.text)) for y, r in zip(ys, rows,
                                                                                    strict=True)]])
        item.setYRange(-0.6, max(len(rows), 8) - 0.4, padding=0)
        self.heading.setText(self._heading())

    def _heading(self) -> str:
        if not self._rows:
            return ""
        prompt = self.prompt_text()
        if not prompt:
            return self.tr("What the model would write first, with nothing before it:")
        tail = ("…" if len(prompt) > 40 else "") + prompt[-40:].replace("\n", "↵")
        return self.tr("What the model would write after “{prompt}”:").format(prompt=tail)

    def _on_click(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton or not self._rows:
            return
        item = self.plot.getPlotItem()
        position = event.scenePos()
        if not item.sceneBoundingRect().contains(position):
            return
        row = round(item.vb.mapSceneToView(position).y())
        if 0 <= row < len(self._rows):
            self.choose(row)
