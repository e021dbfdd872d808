"""The Chat tab: talk to a model trained on conversations.

The conversation is plain data kept here (a list of engine Turns); each reply is written by a
worker (ui/tabs/chat_runs.py) from a frozen ChatRequest and streams into the last bubble token by token.
A reply ends when the model writes the end of its turn (engine/chat.py). Beside it: the sampling
knobs, the system line where the model's conversations had one, and a gauge of how much of the
model's context the conversation fills. Right-click a word of a reply: "Why this token?" opens
Look inside ▸ Next token at that point, with the conversation before it as the prompt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.conversations import Turn
from gptstudio.ui.tabs.generate_tab import TokenView, probability_colour
from gptstudio.ui.widgets.controls import spin

USER_STYLE = "QFrame#bubble { background: #dce8fb; border: 1px solid #b7cdf0; border-radius: 10px; }"
ASSISTANT_STYLE = "QFrame#bubble { background: #f3f3f1; border: 1px solid #dcdcd6; border-radius: 10px; }"
BUBBLE_SHARE = 0.78  # a bubble is at most this share of the conversation's width
GAUGE_WARN = 0.75  # past this share of the context the oldest turns start to drop out (engine.chat)


@dataclass(frozen=True)
class ChatRequest:
    """What a reply is written from (plain data: it crosses to the worker's thread)."""

    turns: tuple[Turn, ...]  # the conversation so far, the user's turn last
    system: str
    config: SampleConfig


class BubbleText(TokenView):
    """A bubble's text: as wide as its longest line (at most the width it is given) and as tall
    as its text, with no scroll bars; the reply's tokens are kept for "Why this token?"."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("")
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QtWidgets.QTextEdit.LineWrapMode.FixedPixelWidth)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("background: transparent;")
        self._widest = 300
        # A longer line changes the width it needs but not the document's size (its width is
        # fixed): refit on every change of the text, not only of the size.
        self.document().contentsChanged.connect(self._fit)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def set_widest(self, pixels: int) -> None:
        self._widest = max(80, pixels)
        self.setLineWrapColumnOrWidth(self._widest)
        self._fit()

    def _fit(self, _size=None) -> None:
        document = self.document()
        margin = 2 * (self.frameWidth() + int(document.documentMargin()))
        width = min(self._widest, math.ceil(document.idealWidth())) + margin
        self.setFixedSize(max(24, width), math.ceil(document.size().height()) + margin)


class Bubble(QtWidgets.QFrame):
    def __init__(self, role: str, name: str, parent=None):
        super().__init__(parent)
        self.role = role
        self.setObjectName("bubble")
        self.setStyleSheet(USER_STYLE if role == "user" else ASSISTANT_STYLE)
        self.name = QtWidgets.QLabel(name)
        self.name.setStyleSheet("color: #666; font-size: 9pt; background: transparent;")
        self.text = BubbleText()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(0)
        layout.addWidget(self.name)
        layout.addWidget(self.text)

    def plain_text(self) -> str:
        return self.text.toPlainText()


class ChatView(QtWidgets.QScrollArea):
    """The conversation: the user's bubbles on the right, the assistant's on the left."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.bubbles: list[Bubble] = []
        inner = QtWidgets.QWidget()
        self.column = QtWidgets.QVBoxLayout(inner)
        self.column.setSpacing(8)
        self.placeholder = QtWidgets.QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #777; padding: 30px;")
        self.column.addWidget(self.placeholder)
        self.column.addStretch(1)
        self.setWidget(inner)
        self.verticalScrollBar().rangeChanged.connect(self._follow)

    def add(self, role: str, name: str, text: str = "") -> Bubble:
        bubble = Bubble(role, name)
        bubble.text.setPlainText(text)
        row = QtWidgets.QHBoxLayout()
        if role == "user":
            row.addStretch(1)
        row.addWidget(bubble)
        if role != "user":
            row.addStretch(1)
        self.column.insertLayout(self.column.count() - 1, row)
        self.bubbles.append(bubble)
        self.placeholder.hide()
        bubble.text.set_widest(self._widest())
        return bubble

    def remove_last(self) -> None:
        bubble = self.bubbles.pop()
        row = self.column.itemAt(self.column.count() - 2).layout()
        self.column.removeItem(row)
        bubble.setParent(None)
        bubble.deleteLater()
        self.placeholder.setVisible(not self.bubbles)

    def clear(self) -> None:
        while self.bubbles:
            self.remove_last()

    def _widest(self) -> int:
        return int(self.viewport().width() * BUBBLE_SHARE) - 20

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        for bubble in self.bubbles:
            bubble.text.set_widest(self._widest())

    @QtCore.Slot(int, int)
    def _follow(self, _low: int, high: int) -> None:
        self.verticalScrollBar().setValue(high)  # the newest words stay in sight


class ChatTab(QtWidgets.QWidget):
    reply_requested = QtCore.Signal(object)  # ChatRequest
    stop_requested = QtCore.Signal()
    explore_requested = QtCore.Signal(str, object)  # a transcript up to a token, SampleConfig

    def __init__(self, parent=None):
        super().__init__(parent)
        self.turns: list[Turn] = []
        self.running = False
        self._available = False
        self._tokenizer = None  # the model's (engine.tokenizers), with its chat template
        self._block_size = 0
        self._reply: Bubble | None = None
        self._written_with: SampleConfig | None = None
        self._note = ""  # about the message being answered (what was left out of it)

        self.view = ChatView()
        self.view.placeholder.setText(self.tr("There is no chat model yet."))
        self.input = QtWidgets.QPlainTextEdit()
        self.input.setPlaceholderText(self.tr("Type a message, then press Enter (Shift+Enter for a "
                                              "new line)."))
        self.input.setMaximumHeight(70)
        self.input.installEventFilter(self)
        self.send_button = QtWidgets.QPushButton(self.tr("Send"))
        self.send_button.setObjectName("primary")
        self.send_button.setToolTip(self.tr("Send your message; the model answers it (Enter)."))
        self.stop_button = QtWidgets.QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply now; what it wrote so far stays."))
        self.regenerate_button = QtWidgets.QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(self.tr(
            "Write the last reply again. With a temperature above 0 it comes out differently: "
            "the model draws each word by chance."))
        self.clear_button = QtWidgets.QPushButton(self.tr("Clear", "button: start a new conversation"))
        self.clear_button.setToolTip(self.tr("Start a new conversation: the model forgets this one."))
        self.copy_button = QtWidgets.QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the whole conversation to the clipboard, one "
                                             "turn a line, labelled as in the text it learnt from."))
        self.system = QtWidgets.QLineEdit()
        self.system.setToolTip(self.tr(
            "The system line: an instruction that comes before the conversation, as the "
            "conversations the model learnt from had one. It reads it before every reply."))
        self.system_label = QtWidgets.QLabel(self.tr("System line:"))
        self.system_label.setToolTip(self.system.toolTip())
        self.gauge = QtWidgets.QProgressBar()
        self.gauge.setToolTip(self.tr(
            "How much of the model's context (the tokens it can see at once) the conversation "
            "fills, its markers for the turns included. When it is full, the model no longer "
            "sees the oldest turns."))
        self.gauge_note = QtWidgets.QLabel()
        self.gauge_note.setWordWrap(True)
        self.gauge_note.setStyleSheet("color: #7a4f00;")
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)

        self._build_knobs()
        self._build_layout()
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop_requested)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.clear_button.clicked.connect(self.clear)
        self.copy_button.clicked.connect(self.copy_conversation)
        self.show_probs.toggled.connect(self._set_colouring)
        self.system.textChanged.connect(self._update_gauge)
        self.input.textChanged.connect(self._update_buttons)
        self.set_unavailable(self.tr("There is no chat model yet."))

    def _build_knobs(self) -> None:
        """How the model answers: the sampling settings and the probability shading."""
        self.temperature = spin(0.0, 5.0, 0.5, 0.1, 2, self.tr(
            "Temperature: how adventurous the replies are. 0 always picks the likeliest word (the "
            "same reply every time); around 0.5 answers stay on topic; above 1 they wander."))
        self.top_k = spin(0, 10_000, 0, 1, None, self.tr(
            "Top-k: choose only among the k likeliest next tokens. 0 turns it off."))
        self.top_p = spin(0.01, 1.0, 1.0, 0.05, 2, self.tr(
            "Top-p (nucleus): choose among the likeliest tokens whose chances add up to p. 1 "
            "turns it off."))
        self.min_p = spin(0.0, 0.99, 0.0, 0.01, 2, self.tr(
            "Min-p: drop tokens less than min-p times as likely as the best one. 0 turns it off."))
        self.repetition = spin(0.5, 3.0, 1.0, 0.05, 2, self.tr(
            "Repetition penalty: above 1 makes tokens already used less likely. 1 = off."))
        self.max_tokens = spin(1, 4_000, 200, 50, None, self.tr(
            "The longest reply, in tokens (characters, for a character tokenizer). A reply "
            "usually ends sooner: when the model writes the end of its turn."))
        self.show_probs = QtWidgets.QCheckBox(self.tr("Show how sure the model was"))
        self.show_probs.setToolTip(self.tr("Shade each word of the replies by its probability "
                                           "(white = sure, the redder the more of a guess); hover "
                                           "it to see "
                                           "the other choices."))

    def _build_layout(self) -> None:
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for label, widget in ((self.tr("Temperature"), self.temperature),
                              (self.tr("Top-k"), self.top_k), (self.tr("Top-p"), self.top_p),
                              (self.tr("Min-p"), self.min_p),
                              (self.tr("Repetition penalty"), self.repetition),
                              (self.tr("Longest reply"), self.max_tokens)):
            form.addRow(label, widget)
        knobs = QtWidgets.QGroupBox(self.tr("How to answer"))
        knobs.setLayout(form)
        left = QtWidgets.QVBoxLayout()
        left.addWidget(knobs)
        left.addWidget(self.show_probs)
        left.addStretch(1)

        system_row = QtWidgets.QHBoxLayout()
        system_row.addWidget(self.system_label)
        system_row.addWidget(self.system, 1)
        gauge_row = QtWidgets.QHBoxLayout()
        gauge_row.addWidget(QtWidgets.QLabel(self.tr("Context:")))
        gauge_row.addWidget(self.gauge, 1)
        send_row = QtWidgets.QHBoxLayout()
        send_row.addWidget(self.input, 1)
        send_row.addWidget(self.send_button, 0, QtCore.Qt.AlignmentFlag.AlignBottom)
        buttons = QtWidgets.QHBoxLayout()
        for button in (self.stop_button, self.regenerate_button, self.clear_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QtWidgets.QVBoxLayout()
        right.addLayout(system_row)
        right.addWidget(self.view, 1)
        right.addLayout(gauge_row)
        right.addWidget(self.gauge_note)
        right.addLayout(send_row)
        right.addLayout(buttons)
        right.addWidget(self.status)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    # -- the model ---------------------------------------------------------------------------------------

    def set_model(self, tokenizer, block_size: int) -> None:
        """A chat model to talk to: its tokenizer (with its chat template) and its context."""
        if self._available and tokenizer is self._tokenizer and block_size == self._block_size:
            # The window refreshes its tabs after any change (a run's end, a timing, a setting):
            # the same model keeps the conversation's status line ("Done: …", "Writing…").
            self._update_buttons()
            return
        template = tokenizer.chat
        first = self._tokenizer is None or self._tokenizer.chat != template
        self._tokenizer, self._block_size, self._available = tokenizer, block_size, True
        self.system_label.setVisible(template.has_system)
        self.system.setVisible(template.has_system)
        if first:
            self.system.setText(template.default_system)
        self.view.placeholder.setText(self.tr("Ask something the conversations it learnt from "
                                              "talk about."))
        self.status.setText("")
        self._update_gauge()
        self._update_buttons()

    def set_unavailable(self, message: str) -> None:
        self._available = False
        self.view.placeholder.setText(message)
        self.status.setText(message if self.turns else "")
        self.system_label.hide()
        self.system.hide()
        self._update_buttons()

    def forget(self) -> None:
        """Another project: its conversation and model go."""
        self.clear()
        self._tokenizer = None

    def sample_config(self) -> SampleConfig:
        return SampleConfig(
            temperature=self.temperature.value(), top_k=self.top_k.value(), top_p=self.top_p.value(),
            min_p=self.min_p.value(), repetition_penalty=self.repetition.value(),
            max_new_tokens=self.max_tokens.value(), num_samples=1, top_alternatives=5)

    def set_sample_config(self, config: SampleConfig) -> None:
        """The project's sampling settings (Generate's): the temperature and filters."""
        self.temperature.setValue(config.temperature)
        self.top_k.setValue(config.top_k)
        self.top_p.setValue(config.top_p)
        self.min_p.setValue(config.min_p)
        self.repetition.setValue(config.repetition_penalty)

    # -- talking -------------------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.input and event.type() == QtCore.QEvent.Type.KeyPress
                and event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter)
                and not event.modifiers() & QtCore.Qt.KeyboardModifier.ShiftModifier):
            self.send()
            return True
        return super().eventFilter(watched, event)

    @QtCore.Slot()
    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.running or not self._available:
            return
        from gptstudio.engine.data import drop_unknown
        from gptstudio.engine.errors import name_character
        from gptstudio.ui.widgets.text import join_list, localized

        known = drop_unknown(self._tokenizer, text).strip()
        note = ""
        if known != text:
            unknown = self._tokenizer.unknown_in(text)
            note = self.tr("Left out of your message what the model has never seen: "
                           "{characters}.").format(
                characters=join_list(localized(name_character(u)) for u in unknown[:12]))
        self.input.clear()
        self.turns.append(Turn("user", known))
        self.view.add("user", self._name("user"), text)
        self._ask(note)

    @QtCore.Slot()
    def regenerate(self) -> None:
        if self.running or not self._available or not self.turns:
            return
        if self.turns[-1].role == "assistant":
            self.turns.pop()
            self.view.remove_last()
        self._ask("")

    def _ask(self, note: str) -> None:
        config = self.sample_config()
        self._written_with = config
        self.running = True
        self._reply = self.view.add("assistant", self._name("assistant"))
        self._reply.text.colour_tokens = self.show_probs.isChecked()
        self._reply.text.explore_token.connect(self._explore)
        self._note = note  # said again with the reply's end
        self.status.setText(note or self.tr("Writing…"))
        self._update_buttons()
        self.reply_requested.emit(ChatRequest(tuple(self.turns), self._system(), config))

    @QtCore.Slot(object)
    def on_tokens(self, events: list) -> None:
        if self._reply is None:
            return
        for event in events:
            self._reply.text.append_token(event)
        self._update_gauge()

    def finish_reply(self, message: str, failed: bool = False) -> None:
        """The reply is written (or stopped, or failed: `message` says which)."""
        self.running = False
        if self._reply is not None:
            if failed and not self._reply.plain_text():
                self.view.remove_last()  # nothing was written: the user's turn awaits a retry
            else:
                self.turns.append(Turn("assistant", self._reply.plain_text()))
        self._reply = None
        from gptstudio.ui.widgets.text import join_sentences

        self.status.setText(join_sentences([self._note, message]))
        self._note = ""
        self._update_gauge()
        self._update_buttons()

    @QtCore.Slot()
    def clear(self) -> None:
        if self.running:
            self.stop_requested.emit()
            return
        self.turns = []
        self.view.clear()
        self.status.setText("")
        self._update_gauge()
        self._update_buttons()

    @QtCore.Slot()
    def copy_conversation(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.transcript())
        self.status.setText(self.tr("The conversation is on the clipboard."))

    def transcript(self, turns=None) -> str:
        from gptstudio.engine.chat_template import ChatTemplate, transcript

        template = self._tokenizer.chat if self._tokenizer is not None else ChatTemplate()
        return transcript(template, self.turns if turns is None else turns, self._system())

    @QtCore.Slot(int)
    def _explore(self, index: int) -> None:
        """"Why this token?" on a reply: the conversation up to that token as a transcript."""
        view = self.sender()
        bubbles = [b for b in self.view.bubbles if b.role == "assistant"]
        reply = next((i for i, b in enumerate(bubbles) if b.text is view), None)
        if reply is None:
            return
        # The turns before that reply, then the reply as far as the token.
        cut = [i for i, t in enumerate(self.turns) if t.role == "assistant"]
        before = self.turns[:cut[reply]] if reply < len(cut) else list(self.turns)
        written = "".join(e.text for _end, e in view.tokens[:index])
        text = self.transcript([*before, Turn("assistant", written)])
        self.explore_requested.emit(text, self._written_with or self.sample_config())

    # -- display -------------------------------------------------------------------------------------------

    def _name(self, role: str) -> str:
        label = self._tokenizer.chat.label(role) if self._tokenizer is not None else role
        return label.rstrip(":：")

    def _system(self) -> str:
        return self.system.text().strip() if self.system.isVisible() else ""

    def _update_buttons(self) -> None:
        ready = self._available and not self.running
        self.send_button.setEnabled(ready and bool(self.input.toPlainText().strip()))
        self.stop_button.setEnabled(self.running)
        self.regenerate_button.setEnabled(ready and bool(self.turns))
        self.clear_button.setEnabled(bool(self.turns) or self.running)
        self.copy_button.setEnabled(bool(self.turns))
        self.input.setEnabled(self._available)

    def _update_gauge(self) -> None:
        if self._tokenizer is None or not self._block_size:
            self.gauge.setRange(0, 1)
            self.gauge.setValue(0)
            self.gauge.setFormat("")
            self.gauge_note.hide()
            return
        from gptstudio.engine.chat import context_used

        turns = list(self.turns)
        if self._reply is not None:
            turns.append(Turn("assistant", self._reply.plain_text()))
        used = context_used(self._tokenizer, turns, self._system())
        self.gauge.setRange(0, self._block_size)
        self.gauge.setValue(min(used, self._block_size))
        if used > self._block_size:  # "147 of 104 tokens" read as a counting mistake
            shown = self.tr("{used:,} tokens, more than the {size:,} the model sees")
        else:
            shown = self.tr("{used:,} of {size:,} tokens")
        self.gauge.setFormat(shown.format(used=used, size=self._block_size))
        crowded = used > GAUGE_WARN * self._block_size
        # Said at three quarters, not when full: a reply needs room too (engine.chat).
        self.gauge_note.setText(self.tr(
            "The conversation fills most of the model's context, and a reply needs room: for the "
            "next reply it no longer sees the oldest turns. Clear starts afresh.") if crowded else "")
        self.gauge_note.setVisible(crowded)

    def _set_colouring(self, on: bool) -> None:
        for bubble in self.view.bubbles:
            if bubble.role != "assistant":
                continue
            text = bubble.text
            text.colour_tokens = on
            cursor = QtGui.QTextCursor(text.document())
            for start, (end, event) in zip(text.starts, text.tokens, strict=True):
                cursor.setPosition(start)
                cursor.setPosition(end, QtGui.QTextCursor.MoveMode.KeepAnchor)
                fmt = QtGui.QTextCharFormat()
                fmt.setBackground(probability_colour(event.prob) if on else QtGui.QColor(0, 0, 0, 0))
                cursor.mergeCharFormat(fmt)
