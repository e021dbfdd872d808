"""The Generate tab: a prompt, the sampling knobs, and text that streams in token by token.

With "Show how sure the model was" on, each token is shaded by its probability and hovering it
lists the alternatives the model considered (the engine sends them with every token).
"""

from __future__ import annotations

import bisect
import html

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.events import TokenEvent
from gptstudio.ui.tabs.memorisation import CopiedMarks, copied_summary
from gptstudio.ui.widgets.controls import spin
from gptstudio.ui.widgets.text import visible_whitespace

# Shorter stretches ("of the model") are shared by any two texts in a language; 20 characters is
# about four words in a row, which a model writing on its own rarely repeats by chance.


def probability_colour(prob: float) -> QtGui.QColor:
    """Sure tokens stay white; unsure ones turn orange-red."""
    doubt = max(0.0, min(1.0, 1.0 - prob))
    return QtGui.QColor.fromHsvF(0.08 * (1 - doubt), 0.65 * doubt, 1.0)


class TokenView(QtWidgets.QTextEdit):
    """The output. Remembers where each token sits, to explain it under the mouse."""

    explore_token = QtCore.Signal(int)  # index into self.tokens: "why this token?"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMouseTracking(True)
        self.setAcceptRichText(False)
        self.setPlaceholderText(self.tr("Generated text appears here as the model writes it."))
        self.starts: list[int] = []
        self.tokens: list[tuple[int, TokenEvent]] = []
        self.colour_tokens = False
        self.marks: CopiedMarks | None = None  # set by GenerateTab: its notes join the tooltip

    def clear_tokens(self) -> None:
        self.clear()
        self.starts, self.tokens = [], []

    def append_plain(self, text: str, bold: bool = False) -> None:
        cursor = self.textCursor()
        cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        fmt = QtGui.QTextCharFormat()
        if bold:
            fmt.setFontWeight(QtGui.QFont.Weight.Bold)
            fmt.setForeground(QtGui.QColor(90, 90, 90))
        cursor.insertText(text, fmt)

    def append_token(self, event: TokenEvent) -> None:
        if not event.text:
            return
        cursor = self.textCursor()
        cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        start = cursor.position()
        fmt = QtGui.QTextCharFormat()
        if self.colour_tokens:
            fmt.setBackground(probability_colour(event.prob))
        cursor.insertText(event.text, fmt)
        self.starts.append(start)
        self.tokens.append((cursor.position(), event))

    def token_at(self, position: int) -> TokenEvent | None:
        i = bisect.bisect_right(self.starts, position) - 1
        if i < 0:
            return None
        end, event = self.tokens[i]
        return event if position < end else None

    def generated_regions(self) -> list[tuple[int, int]]:
        """(start, end) of the text each sample wrote, without its prompt or heading."""
        regions: dict[int, list[int]] = {}
        for start, (end, event) in zip(self.starts, self.tokens, strict=True):
            region = regions.setdefault(event.sample_index, [start, end])
            region[1] = end
        return [(start, end) for start, end in regions.values()]

    def token_index_at(self, position: int) -> int | None:
        i = bisect.bisect_right(self.starts, position) - 1
        return i if i >= 0 and position < self.tokens[i][0] else None

    def contextMenuEvent(self, event: QtGui.QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        index = self.token_index_at(self.cursorForPosition(event.pos()).position())
        if index is not None:
            menu.addSeparator()
            action = menu.addAction(self.tr("Why this token? Show the choices the model had here"))
            action.setToolTip(self.tr("Opens Look inside ▸ Next token with the text up to this "
                                      "point, so you see every token the model could have "
                                      "written instead."))
            action.triggered.connect(lambda: self.explore_token.emit(index))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if not self.colour_tokens:
            return
        token = self.token_at(self.cursorForPosition(event.position().toPoint()).position())
        if token is None:
            QtWidgets.QToolTip.hideText()
            return
        lines = [self.tr("<b>{token}</b>: {prob:.0%} sure").format(token=_html(token.text),
                                                                   prob=token.prob),
                 self.tr("Other choices it considered:")]
        lines += [f"&nbsp;&nbsp;{_html(text)} — {prob:.0%}" for text, prob in token.alternatives]
        note = self.marks.note_at(self.cursorForPosition(event.position().toPoint()).position()) \
            if self.marks is not None else ""
        if note:
            lines.append(f"<i>{note}</i>")
        QtWidgets.QToolTip.showText(event.globalPosition().toPoint(), "<br>".join(lines), self)


def _html(text: str) -> str:
    return html.escape(visible_whitespace(text))


class GenerateTab(QtWidgets.QWidget):
    generate_requested = QtCore.Signal(str, object)  # prompt, SampleConfig
    stop_requested = QtCore.Signal()
    save_requested = QtCore.Signal(str)  # the output text
    explore_requested = QtCore.Signal(str, object)  # the text before a token, SampleConfig

    def __init__(self, parent=None):
        super().__init__(parent)
        self.running = False
        self._available = False
        self._prompt = ""
        self._written_with: SampleConfig | None = None  # the settings of the text on show

        self.prompt = QtWidgets.QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Type how the text should begin (or leave empty), "
                                               "then press Generate or Ctrl+Enter."))
        self.prompt.setToolTip(self.tr("The model continues this text. Leave it empty to let it "
                                       "start on its own. It can only use characters it saw in "
                                       "the corpus."))
        self.prompt.setMaximumHeight(80)

        knobs = self._build_knobs()

        self._build_buttons()

        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self.output = TokenView()
        self._following = True  # see _follow
        self.output.verticalScrollBar().valueChanged.connect(self._note_where_the_reader_is)
        self.output.verticalScrollBar().rangeChanged.connect(self._follow)
        self.copied = CopiedMarks(self.output)
        self.output.marks = self.copied
        self.output.explore_token.connect(self.explore_before_token)
        self.copied_label = QtWidgets.QLabel()
        self.copied_label.setWordWrap(True)
        self.copied_label.hide()
        self.output.textChanged.connect(self._update_buttons)

        buttons = QtWidgets.QHBoxLayout()
        for widget in (self.generate_button, self.stop_button, self.copy_button, self.save_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(QtWidgets.QLabel(self.tr("Prompt")))
        right.addWidget(self.prompt)
        right.addLayout(buttons)
        right.addWidget(self.status)
        right.addWidget(self.output, 1)
        right.addWidget(self.copied_label)
        layout = QtWidgets.QHBoxLayout(self)
        left = QtWidgets.QVBoxLayout()
        left.addWidget(knobs)
        left.addWidget(self.show_probs)
        left.addWidget(self.probs_key)
        left.addWidget(self.mark_copied)
        left.addStretch(1)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self._update_buttons()
        self.set_available(False, self.tr("There is no trained model yet: train it in the Train "
                                          "tab first."))
        self.set_corpus_index(None)

    def _build_knobs(self) -> QtWidgets.QGroupBox:
        """The sampling settings, in a box: temperature, top-k/p, min-p, penalty, length, seed."""
        # The ranges are SampleConfig's, which validate() holds every setting to: a project's saved
        # settings always fit these boxes.
        ranges = SampleConfig.RANGES
        self.temperature = spin(*ranges["temperature"], 0.8, 0.1, 2, self.tr(
            "Temperature: how adventurous the writing is. 0 always picks the likeliest next token "
            "(repetitive); 0.7-1 is natural; above 1.2 gets wild."))
        self.top_k = spin(*ranges["top_k"], 0, 1, None, self.tr(
            "Top-k: choose only among the k likeliest next tokens. Smaller = safer text. 0 turns "
            "it off."))
        self.top_p = spin(*ranges["top_p"], 1.0, 0.05, 2, self.tr(
            "Top-p (nucleus): choose among the likeliest tokens whose chances add up to p. 0.9 "
            "cuts off unlikely oddities; 1 turns it off."))
        self.min_p = spin(*ranges["min_p"], 0.0, 0.01, 2, self.tr(
            "Min-p: drop tokens less than min-p times as likely as the best one. 0.05 removes "
            "nonsense while keeping variety; 0 turns it off."))
        self.repetition = spin(*ranges["repetition_penalty"], 1.0, 0.05, 2, self.tr(
            "Repetition penalty: above 1 makes tokens already used less likely, so the text "
            "repeats itself less. 1 = off."))
        self.max_tokens = spin(*ranges["max_new_tokens"], 300, 50, None, self.tr(
            "How many new tokens (characters, for a character tokenizer) each sample gets at "
            "most."))
        self.samples = spin(*ranges["num_samples"], 1, 1, None, self.tr(
            "How many separate texts to write from the same prompt.\nThe model writes several "
            "at the same time: eight take a few times as long as one, not eight times."))
        self.random_seed = QtWidgets.QCheckBox(self.tr("Different every time"))
        self.random_seed.setChecked(True)
        self.random_seed.setToolTip(self.tr("On: each Generate gives new text. Off: the seed below "
                                            "makes the same settings give the same text again."))
        self.seed = spin(*ranges["seed"], 1234, 1, None, self.tr(
            "The seed: with the same seed and settings the model writes exactly the same text."))
        self.seed.setEnabled(False)
        self.random_seed.toggled.connect(lambda on: self.seed.setEnabled(not on))

        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for label, widget in ((self.tr("Temperature"), self.temperature),
                              (self.tr("Top-k"), self.top_k), (self.tr("Top-p"), self.top_p),
                              (self.tr("Min-p"), self.min_p),
                              (self.tr("Repetition penalty"), self.repetition),
                              (self.tr("Max new tokens"), self.max_tokens),
                              (self.tr("Samples"), self.samples)):
            form.addRow(label, widget)
        seed_row = QtWidgets.QHBoxLayout()
        seed_row.addWidget(self.seed)
        seed_row.addWidget(self.random_seed)
        form.addRow(self.tr("Seed"), seed_row)
        knobs = QtWidgets.QGroupBox(self.tr("How to write"))
        knobs.setLayout(form)
        return knobs

    def _build_buttons(self) -> None:
        """Generate, Stop, Copy, Save, and how the output is shown."""
        self.generate_button = QtWidgets.QPushButton(self.tr("Generate"))
        self.generate_button.setObjectName("primary")
        self.generate_button.setToolTip(self.tr("Write text with the trained model: the best one, "
                                                "or the latest if you chose it on the Train tab "
                                                "(Ctrl+Enter)."))
        self.stop_button = QtWidgets.QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop writing now."))
        self.copy_button = QtWidgets.QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the generated text to the clipboard."))
        self.save_button = QtWidgets.QPushButton(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save the generated text to a text file."))
        self.show_probs = QtWidgets.QCheckBox(self.tr("Show how sure the model was"))
        self.show_probs.setToolTip(self.tr("Shade each token by its probability (white = sure, the "
                                           "redder the more of a guess); hover a token to see the other "
                                           "choices it considered."))
        self.generate_button.clicked.connect(self.request_generate)
        self.stop_button.clicked.connect(self.stop_requested)
        self.copy_button.clicked.connect(self.copy_output)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.output.toPlainText()))
        self.show_probs.toggled.connect(self._set_colouring)
        # The shading's key, on show while it is: a new user learnt what red meant only by hovering.
        swatch = '<span style="background-color: {colour}; color: black;">&nbsp;{words}&nbsp;</span>'
        self.probs_key = QtWidgets.QLabel(self.tr("{sure} … {guess} · hover a token for the other "
                                                  "choices").format(
            sure=swatch.format(colour=probability_colour(1.0).name(), words=self.tr("sure")),
            guess=swatch.format(colour=probability_colour(0.05).name(), words=self.tr("a guess"))))
        self.probs_key.setWordWrap(True)
        self.probs_key.setContentsMargins(22, 0, 0, 0)  # under the check box's words
        self.probs_key.hide()
        self.mark_copied = QtWidgets.QCheckBox(self.tr("Mark text copied from the corpus"))
        self.mark_copied.toggled.connect(self._update_copied)
        self._corpus_index = None

    # -- settings ------------------------------------------------------------------------------------

    def sample_config(self) -> SampleConfig:
        return SampleConfig(
            temperature=self.temperature.value(), top_k=self.top_k.value(), top_p=self.top_p.value(),
            min_p=self.min_p.value(), repetition_penalty=self.repetition.value(),
            max_new_tokens=self.max_tokens.value(), num_samples=self.samples.value(),
            seed=None if self.random_seed.isChecked() else self.seed.value(), top_alternatives=5,
        )

    def set_sample_config(self, config: SampleConfig) -> None:
        self.temperature.setValue(config.temperature)
        self.top_k.setValue(config.top_k)
        self.top_p.setValue(config.top_p)
        self.min_p.setValue(config.min_p)
        self.repetition.setValue(config.repetition_penalty)
        self.max_tokens.setValue(config.max_new_tokens)
        self.samples.setValue(config.num_samples)
        self.random_seed.setChecked(config.seed is None)
        if config.seed is not None:
            self.seed.setValue(config.seed)

    # -- running -------------------------------------------------------------------------------------

    def set_available(self, available: bool, message: str = "") -> None:
        self._available = available
        self.status.setText(message)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.generate_button.setEnabled(self._available and not self.running)
        self.stop_button.setEnabled(self.running)
        # Copy and Save take the whole text: there is something to take once a text is finished.
        finished_text = not self.output.document().isEmpty() and not self.running
        self.copy_button.setEnabled(finished_text)
        self.save_button.setEnabled(finished_text)

    @QtCore.Slot()
    def request_generate(self) -> None:
        if self.running or not self._available:
            return
        self.generate_requested.emit(self.prompt.toPlainText(), self.sample_config())

    def begin(self, prompt: str | None = None, config: SampleConfig | None = None) -> None:
        """Output is about to stream in, written from `prompt` with `config` (default: the boxes)."""
        self.running = True
        self._update_buttons()
        self._prompt = self.prompt.toPlainText() if prompt is None else prompt
        self._written_with = config or self.sample_config()
        self.output.clear_tokens()
        # A new text is followed from its start, even where the reader was at the top of the old
        # one (value 0 stays 0 as the range shrinks: no valueChanged says they are at the end).
        self._following = True
        self.copied.clear()
        self.copied_label.hide()
        count = self._written_with.num_samples
        self.status.setText(self.tr("Writing...") if count == 1 else self.tr(
            "Writing {count} samples at the same time; they are shown one after another.").format(
            count=count))
        self._sample_index = -1

    @QtCore.Slot(object)
    def on_tokens(self, events: list) -> None:
        for event in events:
            if event.sample_index != self._sample_index:
                self._sample_index = event.sample_index
                if event.sample_index:
                    # The later samples were written beside the first and come at once: the view
                    # stays at the first one's end, with the next heading below it, instead of
                    # jumping to the end of the last (a new user lost sample 1 that way).
                    self._following = False
                if self.samples.value() > 1:
                    heading = self.tr("— sample {number} —").format(
                        number=event.sample_index + 1)
                    gap = "\n\n" if event.sample_index else ""
                    self.output.append_plain(f"{gap}{heading}\n", bold=True)
                self.output.append_plain(self._prompt)
            self.output.append_token(event)

    @QtCore.Slot(int)
    def _note_where_the_reader_is(self, value: int) -> None:
        self._following = value >= self.output.verticalScrollBar().maximum()

    @QtCore.Slot(int, int)
    def _follow(self, _minimum: int, maximum: int) -> None:
        """The view follows the text as it is written, as a terminal does, unless the reader has
        scrolled up to read something: then it stays where they are until they scroll back to
        the end."""
        if self._following:
            self.output.verticalScrollBar().setValue(maximum)

    def finish(self, message: str) -> None:
        self.running = False
        self._update_buttons()
        self.status.setText(message)
        self._update_copied()

    @QtCore.Slot()
    def copy_output(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.output.toPlainText())
        self.status.setText(self.tr("Copied to the clipboard."))

    def _set_colouring(self, on: bool) -> None:
        self.probs_key.setVisible(on)
        self.output.colour_tokens = on
        self.copied.tooltips = not on  # the token tooltip then carries the copied note itself
        # Re-shade what is already there.
        cursor = QtGui.QTextCursor(self.output.document())
        for start, (end, event) in zip(self.output.starts, self.output.tokens, strict=True):
            cursor.setPosition(start)
            cursor.setPosition(end, QtGui.QTextCursor.MoveMode.KeepAnchor)
            fmt = QtGui.QTextCharFormat()
            fmt.setBackground(probability_colour(event.prob) if on else QtGui.QColor(0, 0, 0, 0))
            cursor.mergeCharFormat(fmt)

    # -- memorisation check --------------------------------------------------------------------------

    def set_corpus_index(self, index) -> None:
        """The corpus's engine.memorisation.CorpusIndex, or None while there is none (yet)."""
        self._corpus_index = index
        self.mark_copied.setEnabled(index is not None)
        self.mark_copied.setToolTip(
            self.tr("Paint in yellow every passage of the output that appears word for word in "
                    "your text (at least {count} characters in a row, or a whole line of it): "
                    "there the model recites what it read instead of writing its own.").format(
                count=index.min_length)
            if index is not None else
            self.tr("Available once your text has been read through (this takes a moment after "
                    "the text changes), for texts of up to 5 million characters."))
        self._update_copied()

    @QtCore.Slot()
    def _update_copied(self) -> None:
        if not self.mark_copied.isChecked() or self._corpus_index is None or self.running:
            self.copied.clear()
            self.copied_label.hide()
            return
        spans, share = self.copy_report()
        self.copied.show_spans(spans)
        self.copied_label.setText(copied_summary(spans, share))
        self.copied_label.show()

    def copied_spans(self) -> list[tuple[int, int]]:
        return self.copy_report()[0]

    def copy_report(self) -> tuple[list[tuple[int, int]], float]:
        """The copied passages (character positions of the output's text) in what the model
        wrote (prompts excluded), and the share of what it wrote that they make up."""
        text = self.output.toPlainText()
        regions = self.output.generated_regions() or [(0, len(text))]  # text put there directly
        spans, copied, written = [], 0.0, 0
        for start, end in regions:
            report = self._corpus_index.copy_report(text[start:end])
            spans += [(start + a, start + b) for a, b in report.spans]
            counted = (end - start) - text.count("\n", start, end)
            copied += report.share * counted
            written += counted
        return spans, copied / written if written else 0.0

    @QtCore.Slot(int)
    def explore_before_token(self, index: int) -> None:
        """Ask for the Next-token explorer at output token `index`: its sample's prompt and the
        tokens before it, with the settings this text was written with."""
        _end, event = self.output.tokens[index]
        before = "".join(e.text for _, e in self.output.tokens[:index]
                         if e.sample_index == event.sample_index)
        self.explore_requested.emit(self._prompt + before, self._written_with or self.sample_config())
