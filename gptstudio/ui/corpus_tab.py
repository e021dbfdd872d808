"""The Corpus tab: the text the model learns from, with live statistics computed off the GUI thread.

Counting tokens means running the tokenizer over the whole text (seconds for BPE on a big corpus),
so statistics are computed by a QRunnable on the thread pool from a copy of the text, at most once
per pause in typing; a result from an older text is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui import dialogs

log = logging.getLogger(__name__)

STATS_DELAY_MS = 400
EDIT_DELAY_MS = 700
BIG_TEXT = 2_000_000  # characters; above this, no line wrapping (it costs layout time)
TEXT_FILTER = "Text files (*.txt *.md *.text *.csv);;All files (*)"


@dataclass(frozen=True)
class CorpusReport:
    characters: int
    words: int
    lines: int
    distinct_characters: int
    tokens: int
    vocab_size: int
    train_tokens: int
    val_tokens: int
    mode: str
    problem: str | None


@dataclass(frozen=True)
class StatsSettings:
    tokenizer: str = "char"
    bpe_vocab_size: int = 512
    mode: str = "continuous"
    block_size: int = 64
    val_fraction: float = 0.1


def compute_report(text: str, settings: StatsSettings) -> CorpusReport:
    """Runs on a pool thread: plain data in, plain data out."""
    from gptstudio.engine.data import build_dataset, corpus_stats, encode_array
    from gptstudio.engine.errors import EngineError
    from gptstudio.engine.tokenizers import train_tokenizer

    stats = corpus_stats(text)
    tokens = vocab = train_tokens = val_tokens = 0
    problem = None
    try:
        tokenizer = train_tokenizer(settings.tokenizer, text, settings.bpe_vocab_size)
        vocab = tokenizer.vocab_size
        tokens = len(encode_array(tokenizer, text))
        dataset = build_dataset(text, tokenizer, settings.mode, settings.block_size, settings.val_fraction)
        train_tokens, val_tokens = dataset.train_tokens, dataset.val_tokens
    except EngineError as error:
        problem = str(error)
    return CorpusReport(stats.characters, stats.words, stats.lines, stats.distinct_characters,
                        tokens, vocab, train_tokens, val_tokens, settings.mode, problem)


class _StatsSignals(QtCore.QObject):
    ready = QtCore.Signal(int, object)  # generation, CorpusReport


class _StatsJob(QtCore.QRunnable):
    def __init__(self, generation: int, text: str, settings: StatsSettings, signals: _StatsSignals):
        super().__init__()
        self.generation, self.text, self.settings, self.signals = generation, text, settings, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            report = compute_report(self.text, self.settings)
        except Exception as error:  # noqa: BLE001 - statistics must never take the app down
            log.exception("corpus statistics failed")
            report = CorpusReport(len(self.text), 0, 0, 0, 0, 0, 0, 0, self.settings.mode,
                                  f"The statistics could not be computed: {error}")
        try:
            self.signals.ready.emit(self.generation, report)
        except RuntimeError:  # the app is shutting down
            pass


class CorpusEditor(QtWidgets.QPlainTextEdit):
    """The text editor; files dropped on it are handed to the tab."""

    file_dropped = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setPlaceholderText("Type or paste the text the model should learn from, open a text "
                                "file, or drop one here.")
        self.setToolTip("The text the model learns from. Drop a .txt or .md file here to use it.")
        font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.file_dropped.emit(urls[0].toLocalFile())
        else:
            super().dropEvent(event)


class FindBar(QtWidgets.QWidget):
    def __init__(self, editor: QtWidgets.QPlainTextEdit, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.query = QtWidgets.QLineEdit()
        self.query.setPlaceholderText("Find in the text")
        self.query.setToolTip("Text to find; Enter finds the next one.")
        self.case = QtWidgets.QCheckBox("Match case")
        self.case.setToolTip("Only find text with the same capital and small letters.")
        self.previous = QtWidgets.QPushButton("Previous")
        self.previous.setToolTip("Find the previous match (Shift+Enter).")
        self.next = QtWidgets.QPushButton("Next")
        self.next.setToolTip("Find the next match (Enter).")
        self.close_button = QtWidgets.QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Hide the find bar (Esc).")
        self.result = QtWidgets.QLabel()
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.query, self.case, self.previous, self.next, self.result):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.query.returnPressed.connect(self.find_next)
        self.next.clicked.connect(self.find_next)
        self.previous.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.hide)
        QtGui.QShortcut(QtGui.QKeySequence("Shift+Return"), self.query, self.find_previous)
        QtGui.QShortcut(QtGui.QKeySequence("Escape"), self, self.hide)

    def open(self) -> None:
        self.show()
        selected = self.editor.textCursor().selectedText()
        if selected:
            self.query.setText(selected)
        self.query.setFocus()
        self.query.selectAll()

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        text = self.query.text()
        if not text:
            return False
        flags = QtGui.QTextDocument.FindFlag(0)
        if backward:
            flags |= QtGui.QTextDocument.FindFlag.FindBackward
        if self.case.isChecked():
            flags |= QtGui.QTextDocument.FindFlag.FindCaseSensitively
        found = self.editor.find(text, flags)
        if not found:  # wrap around
            cursor = self.editor.textCursor()
            cursor.movePosition(QtGui.QTextCursor.MoveOperation.End if backward
                                else QtGui.QTextCursor.MoveOperation.Start)
            self.editor.setTextCursor(cursor)
            found = self.editor.find(text, flags)
        self.result.setText("" if found else "not found")
        return found


class CorpusTab(QtWidgets.QWidget):
    text_edited = QtCore.Signal()
    message = QtCore.Signal(str, str)
    stats_ready = QtCore.Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._generation = 0
        self._settings = StatsSettings()
        self._loading = False
        self.report: CorpusReport | None = None
        # No parent: a job still counting when the tab is destroyed keeps its own reference and
        # emits into a connection Qt has already cut, instead of into a deleted object.
        self._signals = _StatsSignals()
        self._signals.ready.connect(self._on_stats)

        self.editor = CorpusEditor()
        self.editor.file_dropped.connect(self._on_file_dropped)
        self.editor.textChanged.connect(self._on_text_changed)
        self.find_bar = FindBar(self.editor)
        self.find_bar.hide()

        self.notice = QtWidgets.QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff4e0; color: #7a4f00; border: 1px solid #e0a030; "
                                  "border-radius: 4px; padding: 6px;")
        self.notice.hide()

        bar = QtWidgets.QHBoxLayout()
        self.open_button = self._button("Open text file…", "Replace the text with a .txt or .md file.",
                                        self.choose_file)
        self.append_button = self._button("Append file…", "Add a file's text at the end.",
                                          lambda: self.choose_file(append=True))
        self.demo_button = QtWidgets.QToolButton()
        self.demo_button.setText("Demo texts")
        self.demo_button.setToolTip("Replace the text with one of the demo texts that come with "
                                    "GPT Studio.")
        self.demo_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.demo_menu = QtWidgets.QMenu(self)
        self.demo_menu.setToolTipsVisible(True)
        self._fill_demo_menu()
        self.demo_button.setMenu(self.demo_menu)
        self.undo_button = self._button("Undo", "Undo the last change (Ctrl+Z).", self.editor.undo)
        self.redo_button = self._button("Redo", "Redo what was undone (Ctrl+Shift+Z).", self.editor.redo)
        self.find_button = self._button("Find…", "Find text in the corpus (Ctrl+F).", self.find_bar.open)
        self.editor.undoAvailable.connect(self.undo_button.setEnabled)
        self.editor.redoAvailable.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        for widget in (self.open_button, self.append_button, self.demo_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.undo_button, self.redo_button, self.find_button):
            bar.addWidget(widget)
        QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Find, self, self.find_bar.open)

        self.stats_label = QtWidgets.QLabel("Counting…")
        self.stats_label.setWordWrap(True)
        self.stats_label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.stats_label.setToolTip("Live statistics of the text, with the tokenizer and context "
                                    "length chosen in Model & Training settings.")

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.stats_label)

        self._stats_timer = QtCore.QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(STATS_DELAY_MS)
        self._stats_timer.timeout.connect(self._start_stats)
        self._edit_timer = QtCore.QTimer(self)
        self._edit_timer.setSingleShot(True)
        self._edit_timer.setInterval(EDIT_DELAY_MS)
        self._edit_timer.timeout.connect(self.text_edited)

    def _button(self, text, tip, slot) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _fill_demo_menu(self) -> None:
        from gptstudio.demos import DEMOS

        for demo in DEMOS:
            action = self.demo_menu.addAction(demo.title)
            action.setToolTip(demo.description)
            action.triggered.connect(lambda _=False, key=demo.key: self.load_demo(key))

    # -- text ----------------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """A project's text: fresh undo history, and not reported as an edit."""
        self._loading = True
        try:
            self.editor.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap if len(text) > BIG_TEXT
                                        else QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
            self.editor.setPlainText(text)
        finally:
            self._loading = False
        self._stats_timer.start(0)

    def text(self) -> str:
        return self.editor.toPlainText()

    def _replace_text(self, text: str, append: bool) -> None:
        """A user action: goes on the undo stack, and counts as an edit."""
        cursor = QtGui.QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        if append:
            cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
            existing = self.editor.document().characterCount() > 1
            if existing and not self.text().endswith("\n"):
                text = "\n" + text
        else:
            cursor.select(QtGui.QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        self._edit_timer.start(0)

    @QtCore.Slot()
    def _on_text_changed(self) -> None:
        if self._loading:
            return
        self._stats_timer.start()
        self._edit_timer.start()

    def _may_replace(self, what: str) -> bool:
        if not self.text().strip():
            return True
        return dialogs.confirm(self, "Replace the text?",
                               f"Replace the current text with {what}? (Undo brings it back.)",
                               yes="Replace")

    def choose_file(self, append: bool = False) -> bool:
        path = dialogs.choose_open_file(self, "Append a text file" if append else "Open a text file",
                                        TEXT_FILTER)
        return self.load_file(path, append=append) if path else False

    def load_file(self, path: str, append: bool = False) -> bool:
        from gptstudio.engine.data import decode_corpus_bytes
        from gptstudio.engine.errors import EngineError

        name = Path(path).name
        try:
            text = decode_corpus_bytes(Path(path).read_bytes())
        except EngineError as error:
            self.message.emit("error", f"{name} was not used: {error}")
            return False
        except OSError as error:
            self.message.emit("error", f"{name} could not be read: {error.strerror or error}.")
            return False
        if not append and not self._may_replace(f"the file {name}"):
            return False
        self._replace_text(text, append)
        self.message.emit("info", f"{'Appended' if append else 'Opened'} {name} "
                                  f"({len(text):,} characters).")
        return True

    def load_demo(self, key: str) -> bool:
        from gptstudio.demos import get_demo, read_demo

        demo = get_demo(key)
        if not self._may_replace(f"the demo text “{demo.title}”"):
            return False
        self._replace_text(read_demo(key), append=False)
        return True

    @QtCore.Slot(str)
    def _on_file_dropped(self, path: str) -> None:
        self.load_file(path)

    def set_trained_notice(self, text: str | None) -> None:
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def notice_text(self) -> str:
        return self.notice.text() if not self.notice.isHidden() else ""

    # -- statistics ----------------------------------------------------------------------------------

    def set_stats_settings(self, tokenizer: str, bpe_vocab_size: int, mode: str, block_size: int,
                           val_fraction: float) -> None:
        settings = StatsSettings(tokenizer, bpe_vocab_size, mode, block_size, val_fraction)
        if settings != self._settings:
            self._settings = settings
            self._stats_timer.start(0)

    @QtCore.Slot()
    def _start_stats(self) -> None:
        self._generation += 1
        self.stats_label.setText(self.stats_label.text() if self.report else "Counting…")
        job = _StatsJob(self._generation, self.text(), self._settings, self._signals)
        QtCore.QThreadPool.globalInstance().start(job)

    @QtCore.Slot(int, object)
    def _on_stats(self, generation: int, report: CorpusReport) -> None:
        if generation != self._generation:
            return  # the text or the settings changed since this was counted
        self.report = report
        unit = "characters" if self._settings.tokenizer == "char" else "tokens"
        parts = [f"<b>{report.characters:,}</b> characters", f"<b>{report.words:,}</b> words",
                 f"<b>{report.lines:,}</b> lines",
                 f"<b>{report.distinct_characters:,}</b> different characters"]
        if report.tokens:
            parts.append(f"<b>{report.tokens:,}</b> tokens, a vocabulary of "
                         f"<b>{report.vocab_size:,}</b>")
        html = " · ".join(parts)
        if report.train_tokens:
            html += (f"<br>Training on <b>{report.train_tokens:,}</b> {unit}, checking on "
                     f"<b>{report.val_tokens:,}</b> kept aside.")
        if report.problem:
            html += f"<br><span style='color:#b3261e'><b>Warning:</b> {_escape(report.problem)}</span>"
        self.stats_label.setText(html)
        self.stats_ready.emit(report)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
