"""The Corpus tab: the text the model learns from, with live statistics counted off the GUI thread
(corpus_counts.CorpusCounts).

Big files stay out of the GUI thread's way too. A file over text_files.MAX_CORPUS_BYTES is refused by its
size before it is read. One over SYNC_READ_BYTES is read and decoded on the pool. A text of more
than FILL_PIECE characters goes into the editor one piece per event-loop turn: one insertText of
50 MB blocks the window for 3.5 s, pieces of 512 KiB for at most ~60 ms each.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.corpus_report import StatsSettings
from gptstudio.ui.i18n import translate
from gptstudio.ui.tabs.corpus_counts import CorpusCounts
from gptstudio.ui.tabs.corpus_editor import CorpusEditor, PieceFill
from gptstudio.ui.tabs.corpus_files import failure, read_file, read_text_file
from gptstudio.ui.tabs.corpus_notes import NOTE_STYLE, ShapeNote, StrayOffer
from gptstudio.ui.tabs.corpus_source import NO_SOURCE, Source, SourceBar, SourceTracker
from gptstudio.ui.tabs.corpus_stats_text import CorpusReport, checking_only, report_html
from gptstudio.ui.tabs.corpus_toolbar import CorpusToolbar
from gptstudio.ui.tabs.find_replace import FindReplaceBar
from gptstudio.ui.threads import JobGroup, refused
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import localized

log = logging.getLogger(__name__)

EDIT_DELAY_MS = 700  # text_edited (the main window saves the project) waits this long
SYNC_READ_BYTES = 5_000_000  # files up to this are read on the GUI thread (5 MB: 0.03 s)
FILL_PIECE = 1 << 19  # characters put into the editor per event-loop turn (see the docstring)
# What the tab is busy opening while the project's own text (not a file) fills the editor: a NUL,
# which no file name holds.
THE_TEXT = "\0"


# ---- widgets ----------------------------------------------------------------------------------------

class CorpusTab(QtWidgets.QWidget):
    text_edited = QtCore.Signal()  # the user changed the text; debounced; not sent by set_text
    message = QtCore.Signal(str, str)  # level ("error" | "warning" | "info"), one sentence
    message_undone = QtCore.Signal(str)  # a message about a step the user has undone since
    stats_ready = QtCore.Signal(object)  # the latest CorpusReport
    mode_suggested = QtCore.Signal(str)  # the user chose the data mode the text's shape suggests

    def __init__(self, parent=None):
        super().__init__(parent)
        self._loading = False
        self._jobs = JobGroup(self)  # counting and reading; cancelled when the tab goes
        self._load = 0  # counts loads and set_text calls: a file read for an older one is dropped
        self._busy = ""  # what the tab is opening ("" when idle): it takes no other file meanwhile
        self._reading_append = False  # the file being read goes at the end of the text
        self._reading_path = ""
        self._fill_end = None  # while the editor fills: (undoable, message at the end)
        self._training = False  # a run is learning from the text: it stays as the run took it
        self._step_message = ("", 0)  # the message said about an undoable step, and that step

        self.editor = CorpusEditor()
        self.editor.file_dropped.connect(self._on_file_dropped)
        self.editor.textChanged.connect(self._on_text_changed)
        self.find_bar = FindReplaceBar(self.editor)
        self.find_bar.hide()
        self.source_bar = SourceBar()
        self.source_bar.encoding_chosen.connect(self.reopen_file)
        self.sources = SourceTracker(self.editor.document(), self)
        self.sources.changed.connect(self.source_bar.show_source)
        self.stray_offer = StrayOffer()
        self.stray_offer.clean_requested.connect(self.clean_stray_characters)
        self.stray_offer.recognise_requested.connect(self.recognise_encoding)
        self.shape_note = ShapeNote()
        self.shape_note.mode_suggested.connect(self.mode_suggested)
        self._shape_locked = False  # the model is trained: its data mode can no longer change
        # True while the context the text was counted with is about to change (Automatic is choosing
        # settings for it): the window sets it (ProjectEdits.automatic_choosing).
        self.context_changing = lambda: False
        self._mode_guessed = False  # the data mode is the guess made when the project was made
        self._build_notes()

        layout = QtWidgets.QVBoxLayout(self)
        self.toolbar = CorpusToolbar(self.editor, self.find_bar)
        self.toolbar.open_requested.connect(self._on_open_clicked)
        self.toolbar.append_requested.connect(self._on_append_clicked)
        self.toolbar.demo_chosen.connect(self.load_demo)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.source_bar)
        layout.addWidget(self.stray_offer)
        layout.addWidget(self.notice)
        layout.addWidget(self.training_note)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.shape_note)
        layout.addWidget(self.stats_label)
        self._build_shortcuts()

        self.counts = CorpusCounts(self.text, self.is_busy, self._jobs, self)
        self.counts.counted.connect(self._on_counted)
        self.counts.refused.connect(lambda: self.stats_label.setText(refused()))
        self._edit_timer = QtCore.QTimer(self, singleShot=True, interval=EDIT_DELAY_MS)
        self._edit_timer.timeout.connect(self.text_edited)
        self._filler = PieceFill(self.editor, FILL_PIECE)
        self._filler.progressed.connect(self._on_fill_progress)
        self._filler.filled.connect(self._end_fill)

    def _build_notes(self) -> None:
        """The trained-model notice and the training note above the editor, the counts below."""
        self.notice = QtWidgets.QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff4e0; color: #7a4f00; border: 1px solid #e0a030;"
                                  " border-radius: 4px; padding: 6px;")
        self.notice.hide()
        self.training_note = QtWidgets.QLabel(self._training_words())
        self.training_note.setWordWrap(True)
        self.training_note.setStyleSheet(f"QLabel {{{NOTE_STYLE}}}")
        self.training_note.hide()
        self.stats_label = QtWidgets.QLabel(self.tr("Counting…"))
        self.stats_label.setWordWrap(True)
        self.stats_label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.stats_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stats_label.setToolTip(self.tr("Live statistics of the text, for the tokenizer, data "
                                            "mode and context length chosen in Model & Training "
                                            "settings."))

    def _build_shortcuts(self) -> None:
        # Ctrl+F anywhere in the window while this tab shows (a hidden tab's shortcuts are off);
        # Esc only with the focus inside the tab, so it cannot steal Esc from other widgets.
        find = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.find_bar.open)
        replace = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+H"), self)
        replace.activated.connect(self.find_bar.open_replace)
        escape = QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), self)
        escape.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._on_escape)
        # Ctrl+Z / Ctrl+Shift+Z belong to the editor's own undo stack (QPlainTextEdit handles them
        # while it has the focus); the buttons call the same stack.

    # ---- text -------------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """A project's text: fresh undo history, and not reported as an edit."""
        self._edit_timer.stop()  # an edit pending for the previous text must not save this one
        self.cancel_loading()
        self.find_bar.reset()
        self.editor.fit_wrap(len(text))
        self._loading = True
        self.editor.setPlainText(text[:FILL_PIECE])  # also clears the undo history
        self.sources.reset()
        self.editor.setUndoRedoEnabled(False)  # the rest is no step to undo either
        cursor = QtGui.QTextCursor(self.editor.document())
        cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        self._start_fill(text, FILL_PIECE, cursor, undoable=False, what=THE_TEXT)

    def text(self) -> str:
        whole = self._filler.whole  # the whole text while the editor fills piece by piece
        return whole if whole is not None else self.editor.toPlainText()

    def is_busy(self) -> bool:
        """Reading or filling in a file: the text is read-only and no other file is taken."""
        return bool(self._busy)

    def _replace_text(self, text: str, append: bool, name: str = "",
                      source: Source | None = None) -> None:
        """A user action: one step on the undo stack, and an edit. With a file name, a message
        says the file is in once it is. `source`: where the new text came from (None: it is the
        text as it was, edited). A new text shows from its start, appended text from where it
        starts; an edited one stays where it was."""
        if not name:
            message = ""
        elif append:
            message = self.tr("Appended {name} ({characters:,} characters).").format(
                name=name, characters=len(text))
        else:
            message = self.tr("Opened {name} ({characters:,} characters).").format(
                name=name, characters=len(text))
        document = self.editor.document()
        cursor = QtGui.QTextCursor(document)
        if append:
            cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
            if not document.isEmpty() and document.lastBlock().text():  # no newline at the end
                text = "\n" + text
            whole = self.text() + text
        else:
            cursor.select(QtGui.QTextCursor.SelectionType.Document)
            whole = text
        start = cursor.selectionStart() + (1 if text.startswith("\n") and append else 0)
        if message and append and (checking := checking_only(self.counts.settings, len(text), len(whole))):
            message = f"{message} {checking}"
        self.editor.fit_wrap(len(whole))
        self._loading = True
        cursor.beginEditBlock()
        cursor.insertText(text[:FILL_PIECE])
        cursor.endEditBlock()
        if source is not None:
            self.sources.record(source)
            self.editor.show_from(start)
        self._start_fill(whole, len(whole) - len(text) + FILL_PIECE, cursor, undoable=True,
                         what=name or THE_TEXT, message=message)

    # ---- filling the editor piece by piece --------------------------------------------------------

    def _start_fill(self, whole: str, start: int, cursor, undoable: bool, what: str,
                    message: str | None = None) -> None:
        """The editor holds whole[:start]; the rest follows a piece per event-loop turn
        (PieceFill), during which text() gives the whole text and the editor is read-only."""
        self._fill_end = (undoable, message)
        if not self._filler.start(whole, start, cursor, undoable):
            self._end_fill()
            return
        self._set_busy(what)

    @QtCore.Slot(float)
    def _on_fill_progress(self, done: float) -> None:
        if self._busy == THE_TEXT:
            progress = self.tr("Opening the text… {done:.0%}")
        else:
            progress = self.tr("Opening {name}… {done:.0%}")
        self.stats_label.setText(progress.format(name=self._busy, done=done))

    @QtCore.Slot()
    def _end_fill(self) -> None:
        undoable, message = self._fill_end
        self._fill_end = None
        self._loading = False
        self.editor.setUndoRedoEnabled(True)
        self._set_busy("")
        self.counts.now()
        if undoable:
            self._edit_timer.start(0)  # a whole new text: save it now, not after a typing pause
        if message:
            self._say_step(message)

    def cancel_loading(self) -> None:
        """A new project's text, or none (the project closed), replaces whatever was being read
        or filled in."""
        self._load += 1
        if self._fill_end is not None:
            self._fill_end = None
            self._filler.cancel()
            self.editor.setUndoRedoEnabled(True)
        self._loading = False
        self._set_busy("")

    def _set_busy(self, what: str) -> None:
        self._busy = what
        self._update_read_only()
        self.toolbar.set_busy(bool(what))
        if what:
            self.setCursor(QtCore.Qt.CursorShape.BusyCursor)
            self.stats_label.setText(self.tr("Opening the text…") if what == THE_TEXT
                                     else self.tr("Opening {name}…").format(name=what))
        else:
            self.unsetCursor()
            self._show_stats()

    # ---- while training runs -------------------------------------------------------------------

    def _training_words(self) -> str:
        return self.tr("Training is running: the model learns from the text as it was when "
                       "training started. Change the text once training has stopped (Stop saves "
                       "the model).")

    def set_training(self, running: bool) -> None:
        """A run has started or ended (MainWindow.update_actions). While it runs, nothing changes
        the text: the run took a copy of it at its start, and an edit, a file, a demo or an Undo
        meanwhile would be saved as the project's text without the model having learnt from it,
        which the user would see only once the run ended ("trained on a different text")."""
        if running == self._training:
            return
        self._training = running
        why = self._training_words() if running else ""
        self._update_read_only()
        self.toolbar.set_locked(why)
        self.find_bar.set_locked(why)
        for control in (self.stray_offer.clean_button, self.source_bar.encoding):
            control.setEnabled(not running)
        self.stray_offer.clean_button.setToolTip(why or self.stray_offer.clean_tip)
        self.training_note.setVisible(running)
        self._show_shape()  # no other data mode offered: the settings wait for the run too

    def _update_read_only(self) -> None:
        # While a file fills in, an edit would tear it apart; while training runs, see set_training.
        self.editor.setReadOnly(bool(self._busy) or self._training)

    def is_training(self) -> bool:
        return self._training

    def _refuse_while_training(self, name: str = "") -> bool:
        """Said and True while training runs (a file dropped on the editor, an encoding chosen)."""
        if not self._training:
            return False
        self.message.emit("info", self.tr("{name} was not used. {why}").format(
            name=name, why=self._training_words()) if name else self._training_words())
        return True

    def _say_step(self, message: str) -> None:
        """Say what the step just taken did ("Appended notes.txt …"); once it is undone, the
        message is withdrawn, so the window does not report a file that is no longer in the text."""
        self._step_message = (message, self.sources.steps())
        self.message.emit("info", message)

    @QtCore.Slot()
    def _on_text_changed(self) -> None:
        if self._loading:
            return
        message, step = self._step_message
        if message and self.sources.steps() < step:
            self._step_message = ("", 0)
            self.message_undone.emit(message)
        self.counts.after_typing()
        self._edit_timer.start()

    def _may_replace(self, question: str) -> bool:
        """`question`: the whole sentence, "Replace the current text with …? Undo brings it back." """
        if self.editor.document().isEmpty() or not self.text().strip():
            return True
        return dialogs.confirm(self, self.tr("Replace the text?"), question,
                               yes=self.tr("Replace"))

    def load_file(self, path: str, append: bool = False) -> bool:
        """Reads a file the user chose; a file too big, binary or empty is refused with a message
        and nothing changes. A big file is read on the pool: True means it is being opened."""
        from gptstudio.engine.errors import EngineError
        from gptstudio.engine.text_files import check_corpus_size

        name = Path(path).name
        if self._refuse_while_training(name):
            return False
        if self.is_busy():
            if self._busy == THE_TEXT:
                wait = self.tr("Wait until the text is open, then try {name} again.")
            else:
                wait = self.tr("Wait until {busy} is open, then try {name} again.")
            self.message.emit("info", wait.format(busy=self._busy, name=name))
            return False
        try:
            size = os.stat(path).st_size  # the size decides before a byte is read
            check_corpus_size(size)
            if append:  # characters stand in for bytes: equal for most text, and cheap to count
                check_corpus_size(size + self.editor.document().characterCount(), appended=True)
        except (EngineError, OSError) as error:
            return self._use_read(path, (None, failure(path, error)), append)
        if size <= SYNC_READ_BYTES:
            return self._use_read(path, read_text_file(path), append)
        self._load += 1
        self._set_busy(name)
        self._reading_append = append
        self._reading_path = path
        if not self._jobs.start(read_file, self._load, path, on_result=self._on_file_read):
            self._set_busy("")
            self.message.emit("error", refused())
            return False
        return True

    @QtCore.Slot(object)
    def _on_file_read(self, answer) -> None:
        load, result = answer
        if load != self._load:
            return  # another project's text came in meanwhile
        self._set_busy("")
        self._use_read(self._reading_path, result, self._reading_append)

    def _use_read(self, path: str, result, append: bool) -> bool:
        """result: corpus_files.read_text_file's, a text or why the file was not used."""
        decoded, problem = result
        if problem is None:
            return self._use_file_text(path, decoded, append)
        sentence, offer = problem
        self.message.emit("error", sentence)
        if offer:
            self.source_bar.show_refused(path)
        return False

    def _use_file_text(self, path: str, decoded, append: bool) -> bool:
        """decoded: the engine.text_files.DecodedText of the file at path."""
        name = Path(path).name
        # A big file is read on the pool: Train may have been pressed while it was being read.
        if self._refuse_while_training(name):
            return False
        if not append and not self._may_replace(self.tr(
                "Replace the current text with the file {name}? Undo brings it back.").format(
                name=name)):
            return False
        source = Source(path, decoded.encoding, decoded.how)
        if append and self.text():  # appended to an empty editor, the file is all the text
            source = self.sources.current.with_appended(name)
        self._replace_text(decoded.text, append, name, source)
        return True

    def show_source(self, path: str, decoded) -> None:
        """The project's text came from this file, read as decoded says (a new project)."""
        self.sources.reset(Source(path, decoded.encoding, decoded.how))

    @QtCore.Slot(str, str)
    def reopen_file(self, path: str, encoding: str | None) -> None:
        """Read the file the text came from again, in another encoding (None: the one recognised
        in it), as one undoable step."""
        if self.is_busy() or self._refuse_while_training(Path(path).name):
            return
        decoded, problem = read_text_file(path, encoding)  # as any file is read, failures alike
        if problem is not None:
            self.message.emit("error", problem[0])
            return
        if self.source_bar.refused:  # not in the editor yet: as any file the user opens
            self._use_file_text(path, decoded, append=False)
            return
        self._replace_text(decoded.text, append=False,
                           source=Source(path, decoded.encoding, decoded.how))
        self._say_step(self.tr("Read {name} again as {encoding}. Undo brings the "
                                          "previous text back.").format(
            name=Path(path).name, encoding=localized(decoded.encoding_name())))

    @QtCore.Slot()
    def recognise_encoding(self) -> None:
        """Read the text's file again in the encoding recognised in it."""
        if self.sources.chosen_encoding():
            self.reopen_file(self.sources.current.path, None)

    @QtCore.Slot()
    def clean_stray_characters(self) -> None:
        """Take out the characters that are not text (one undoable step)."""
        from gptstudio.engine.stray_characters import clean_stray

        if self.is_busy() or self._refuse_while_training():
            return
        cleaned, report = clean_stray(self.text())
        if not report.found:
            return
        self._replace_text(cleaned, append=False)
        self.stray_offer.hide()
        self._say_step(self.tr("Removed {count:,} characters that are not text. Undo "
                                          "brings them back.").format(count=report.removed))

    def load_demo(self, key: str) -> bool:
        from gptstudio.demos import DEMOS, read_demo

        if self._refuse_while_training():
            return False
        demo = next((d for d in DEMOS if d.key == key), None)
        if demo is None:
            self.message.emit("error", self.tr("There is no demo text called {key}.").format(
                key=repr(key)))
            return False
        if not self._may_replace(self.tr(
                "Replace the current text with the demo text “{title}”? Undo brings it back.").format(
                title=translate("Demos", demo.title))):
            return False
        self._replace_text(read_demo(key), append=False, source=NO_SOURCE)
        return True

    @QtCore.Slot()
    def _on_open_clicked(self) -> None:
        path = dialogs.choose_open_file(self, self.tr("Open a text file"),
                                        dialogs.text_file_filter())
        if path:
            self.load_file(path)

    @QtCore.Slot()
    def _on_append_clicked(self) -> None:
        path = dialogs.choose_open_file(self, self.tr("Append a text file"),
                                        dialogs.text_file_filter())
        if path:
            self.load_file(path, append=True)

    @QtCore.Slot(str)
    def _on_file_dropped(self, path: str) -> None:
        self.load_file(path)

    @QtCore.Slot()
    def _on_escape(self) -> None:
        if self.find_bar.isVisible():
            self.find_bar.close_bar()

    def set_trained_notice(self, text: str | None) -> None:
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def notice_text(self) -> str:
        return self.notice.text() if not self.notice.isHidden() else ""

    # ---- statistics -------------------------------------------------------------------------------

    @property
    def report(self) -> CorpusReport | None:
        """The newest count of the text as it is now (None before the first)."""
        return self.counts.report

    def set_stats_settings(self, tokenizer: str, bpe_vocab_size: int, mode: str, block_size: int,
                           val_fraction: float, tokenizer_file: str = "") -> None:
        self.counts.set_settings(StatsSettings(tokenizer, int(bpe_vocab_size), mode, int(block_size),
                                               float(val_fraction), str(tokenizer_file)))

    def is_counting(self) -> bool:
        return self.counts.is_counting()

    @QtCore.Slot(object)
    def _on_counted(self, report: CorpusReport) -> None:
        self.stray_offer.show_report(report.stray, self.sources.chosen_encoding())
        self._show_shape()
        self.stats_ready.emit(report)

    def set_shape_locked(self, locked: bool) -> None:
        """The model is trained: the shape note offers no other data mode."""
        self._shape_locked = locked
        self._show_shape()

    def set_mode_guessed(self, guessed: bool) -> None:
        """Who chose the data mode: the guess when the project was made (True), or the user in
        the settings; the shape note says which (set before the settings it goes with)."""
        self._mode_guessed = guessed

    def refresh_shape_note(self) -> None:
        """The statistics and the shape note again (Automatic's choice arrived, or failed), unless
        a count with the newest settings is on its way: they show with it."""
        if not self.is_counting():
            self._show_shape()

    def _show_stats(self, changing: bool | None = None) -> None:
        """The counts under the editor ("Counting…" before the first)."""
        if self.report is None:
            self.stats_label.setText(self.tr("Counting…"))
            return
        changing = self.context_changing() if changing is None else changing
        self.stats_label.setText(report_html(self.report, self.counts.settings.tokenizer, changing))

    def _show_shape(self) -> None:
        """The statistics and the shape note, which say what the context cuts: not while it is
        about to change."""
        changing = self.context_changing()
        if self.report is not None and not self._busy:  # opening a file shows its progress there
            self._show_stats(changing)
        self.shape_note.show_report(self.report, self.counts.settings.mode, self.counts.settings.block_size,
                                    self._shape_locked or self._training, self.counts.settings.tokenizer,
                                    changing, self._mode_guessed)
