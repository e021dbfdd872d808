"""The Tokenizer view: the start of the corpus with each token coloured, and a table of how many
tokens the character, word and BPE tokenizers make of it, so the choice between them is visible.

Both are computed off the GUI thread (engine.token_spans, on the thread pool, like the Corpus tab's
statistics): BPE training on a megabyte takes a few seconds. A job reports plain data (TokenPreview,
TokenCounts) through a signals object that lives in the GUI thread; a generation number drops the
results of a job started before the latest change.
"""

from __future__ import annotations

import bisect
import functools
import logging

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.threads import JobGroup, refused
from gptstudio.ui.widgets.text import (
    describe_error,
    document_positions,
    join_sentences,
    localized,
    visible_whitespace,
)

log = logging.getLogger(__name__)

# Two soft colours, one token after the other: a boundary is wherever the colour changes.
TOKEN_COLOURS = (QtGui.QColor("#cfe3ff"), QtGui.QColor("#ffe0b8"))
# Texts shown in the interface: translate("TokenizerView", KIND_NAMES[kind]) etc.
KIND_NAMES = {
    "char": QT_TRANSLATE_NOOP("TokenizerView", "Characters"),
    "word": QT_TRANSLATE_NOOP("TokenizerView", "Words"),
    "bpe": QT_TRANSLATE_NOOP("TokenizerView", "BPE pieces"),
}
KIND_TIPS = {
    "char": QT_TRANSLATE_NOOP("TokenizerView",
                              "One token per character: a tiny vocabulary, but the most tokens."),
    "word": QT_TRANSLATE_NOOP("TokenizerView",
                              "One token per word, space or punctuation mark: the fewest tokens, "
                              "but a huge vocabulary, and words it never saw become <unk>."),
    "bpe": QT_TRANSLATE_NOOP("TokenizerView",
                             "Byte-pair encoding: frequent pieces of words become one token. In "
                             "between: fewer tokens than characters, a vocabulary you choose, and "
                             "any text at all can be read."),
}
KIND_WORDS = {  # "cut by the BPE tokenizer"
    "char": QT_TRANSLATE_NOOP("TokenizerView", "character"),
    "word": QT_TRANSLATE_NOOP("TokenizerView", "word"),
    "bpe": QT_TRANSLATE_NOOP("TokenizerView", "BPE"),
    "gpt2": QT_TRANSLATE_NOOP("TokenizerView", "GPT-2"),
    "wordpiece": QT_TRANSLATE_NOOP("TokenizerView", "WordPiece"),
}
DELAY_MS = 250  # typing in the corpus restarts the count after this pause


def _work_out(control, generation: int, function, *args, **kwargs):
    """A threads.Job: one engine function's result, or a sentence when it fails, as
    (generation, result)."""
    try:
        result = function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - a view must never take the app down
        log.exception("tokenizer view job failed")
        result = translate("TokenizerView", "This could not be worked out ({error}).").format(
            error=describe_error(error))
    return generation, result


class TokenText(QtWidgets.QTextEdit):
    """Read-only text whose tokens have alternating backgrounds; hovering one describes it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMouseTracking(True)
        self.setAcceptRichText(False)
        self.setLineWrapMode(QtWidgets.QTextEdit.LineWrapMode.WidgetWidth)
        option = self.document().defaultTextOption()
        # Spaces drawn as dots, tabs as arrows, line ends as ¶: they are tokens too.
        option.setFlags(option.flags() | QtGui.QTextOption.Flag.ShowTabsAndSpaces
                        | QtGui.QTextOption.Flag.ShowLineAndParagraphSeparators)
        self.document().setDefaultTextOption(option)
        font = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(font.pointSize(), 11))
        self.setFont(font)
        self.spans: tuple[tuple[int, int], ...] = ()
        self.ids: tuple[int, ...] = ()
        self._starts: list[int] = []

    def show_tokens(self, text: str, spans, ids) -> None:
        """spans: (start, end) of each token in `text`, in characters (Python's indices)."""
        at = document_positions(text)
        self.spans = tuple((at[start], at[end]) for start, end in spans)  # document positions
        self.ids = tuple(ids)
        self._starts = [start for start, _ in self.spans]
        self.setPlainText(text)
        cursor = QtGui.QTextCursor(self.document())
        cursor.beginEditBlock()
        shown = 0
        for start, end in self.spans:
            if end == start:  # the rest of a character another token began (byte-level BPE)
                continue
            cursor.setPosition(start)
            cursor.setPosition(end, QtGui.QTextCursor.MoveMode.KeepAnchor)
            fmt = QtGui.QTextCharFormat()
            fmt.setBackground(TOKEN_COLOURS[shown % 2])
            cursor.setCharFormat(fmt)
            shown += 1
        cursor.endEditBlock()

    def token_index_at(self, position: int) -> int | None:
        i = bisect.bisect_right(self._starts, position) - 1
        while i >= 0 and self.spans[i][0] == self.spans[i][1]:
            i -= 1
        if i < 0 or position >= self.spans[i][1]:
            return None
        return i

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        i = self.token_index_at(self.cursorForPosition(event.position().toPoint()).position())
        if i is None:
            QtWidgets.QToolTip.hideText()
            return
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(self.spans[i][0])
        cursor.setPosition(self.spans[i][1], QtGui.QTextCursor.MoveMode.KeepAnchor)
        piece = visible_whitespace(cursor.selectedText())
        QtWidgets.QToolTip.showText(event.globalPosition().toPoint(),
                                    self.tr("Token {position:,}: “{piece}” (number {token_id:,} in "
                                            "the vocabulary)").format(
                                        position=i + 1, piece=piece, token_id=self.ids[i]), self)


class TokenizerView(QtWidgets.QWidget):
    """Shows how the project's tokenizer cuts the corpus, and what the other tokenizers would do."""

    preview_shown = QtCore.Signal()  # the coloured text is up to date
    counts_shown = QtCore.Signal()  # the table is up to date

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text, self._kind, self._bpe_vocab_size = "", "char", 512
        self._automatic = False  # the tokenizer is Automatic settings' choice
        self._tokenizer = None
        self._preview_generation = self._counts_generation = 0
        self._counted: tuple[str, int] | None = None  # (text, bpe vocabulary) last counted
        self._counting: tuple[str, int] | None = None  # ... and being counted now
        self.preview = None  # the latest TokenPreview
        self.counts = None  # the latest TokenCounts
        self._jobs = JobGroup(self)  # splitting and counting; cancelled when the view goes

        self.explanation = QtWidgets.QLabel(self.tr(
            "A model does not read letters or words: it reads <b>tokens</b>, the pieces its "
            "tokenizer cuts the text into. Below, each coloured block is one token (the colour "
            "changes where a new token starts). Dots are spaces, ¶ marks the end of a line. "
            "Hover a block to see which token it is."))
        self.explanation.setWordWrap(True)
        self.heading = QtWidgets.QLabel(self.tr("Splitting your text…"))
        self.heading.setWordWrap(True)
        self.text = TokenText()
        self.text.setToolTip(self.tr("The start of your text, cut into tokens."))

        self.table = QtWidgets.QTableWidget(3, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Tokenizer"), self.tr("Tokens in your text"),
                                              self.tr("Vocabulary (different tokens)")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        for row, kind in enumerate(KIND_NAMES):
            for column in range(3):
                item = QtWidgets.QTableWidgetItem("")
                item.setToolTip(translate("TokenizerView", KIND_TIPS[kind]))
                if column:
                    item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight
                                          | QtCore.Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.setFixedHeight(self.table.horizontalHeader().height()
                                  + 3 * self.table.verticalHeader().defaultSectionSize() + 4)
        self.table_note = QtWidgets.QLabel()
        self.table_note.setWordWrap(True)

        compare = QtWidgets.QGroupBox(self.tr("The same text with each tokenizer"))
        compare_layout = QtWidgets.QVBoxLayout(compare)
        compare_layout.addWidget(self.table)
        compare_layout.addWidget(self.table_note)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(compare)

        self._timer = QtCore.QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._start)
        self._show_counting()

    # ---- inputs -----------------------------------------------------------------------------------

    def set_corpus(self, text: str, tokenizer_kind: str, bpe_vocab_size: int,
                   chosen_by_automatic: bool = False) -> None:
        """The corpus and the tokenizer settings (chosen_by_automatic: Automatic settings chose
        the tokenizer, not the user); the view recounts after a short pause."""
        self._text, self._kind, self._bpe_vocab_size = text, tokenizer_kind, int(bpe_vocab_size)
        self._automatic = chosen_by_automatic
        self._timer.start()

    def set_tokenizer(self, tokenizer) -> None:
        """The project's trained tokenizer (None: make one from the corpus with the settings)."""
        self._tokenizer = tokenizer
        self._timer.start()

    def is_counting(self) -> bool:
        return self._timer.isActive() or self._counted is None

    # ---- jobs -------------------------------------------------------------------------------------

    @QtCore.Slot()
    def _start(self) -> None:
        from gptstudio.engine.token_spans import preview_tokens, token_counts

        self._preview_generation += 1
        self.heading.setText(self.tr("Splitting your text…"))
        preview = functools.partial(preview_tokens, tokenizer=self._tokenizer)
        if not self._jobs.start(_work_out, self._preview_generation, preview, self._text,
                                self._kind, self._bpe_vocab_size, on_result=self._on_preview):
            self._on_preview((self._preview_generation, refused()))
        wanted = (self._text, self._bpe_vocab_size)
        if wanted != self._counted:
            self._counted = None
            self._counts_generation += 1
            self._show_counting()
            self._counting = wanted
            if not self._jobs.start(_work_out, self._counts_generation, token_counts, self._text,
                                    self._bpe_vocab_size, on_result=self._on_counts):
                self._on_counts((self._counts_generation, refused()))
        self._highlight_row()

    @QtCore.Slot(object)
    def _on_preview(self, answer) -> None:
        generation, preview = answer
        if generation != self._preview_generation:
            return  # the text or the tokenizer changed since: a newer job is on its way
        if isinstance(preview, str):
            self.heading.setText(preview)
            return
        self.preview = preview
        self.text.show_tokens(preview.text, preview.spans, preview.ids)
        self.heading.setText(self._heading(preview))
        self.preview_shown.emit()

    @QtCore.Slot(object)
    def _on_counts(self, answer) -> None:
        generation, counts = answer
        if generation != self._counts_generation:
            return
        if isinstance(counts, str):
            self.table_note.setText(counts)
            return
        self.counts, self._counted = counts, self._counting
        for row, kind in enumerate(KIND_NAMES):
            tokens, vocabulary = counts.counts.get(kind, (0, 0))
            self.table.item(row, 1).setText(f"{tokens:,}")
            self.table.item(row, 2).setText(f"{vocabulary:,}")
        self.table_note.setText(counts_note(counts))
        self.counts_shown.emit()

    # ---- display ----------------------------------------------------------------------------------

    def _show_counting(self) -> None:
        for row in range(3):
            self.table.item(row, 1).setText(self.tr("counting…"))
            self.table.item(row, 2).setText(self.tr("counting…"))
        self.table_note.setText(self.tr("Counting the tokens of your text with each tokenizer…"))

    def _highlight_row(self) -> None:
        for row, kind in enumerate(KIND_NAMES):
            shown = translate("TokenizerView", KIND_NAMES[kind])
            if kind != self._kind:
                name = f"{shown} ({kind})"
            elif self._automatic:
                name = self.tr("{name} ({kind}) — chosen by Automatic settings").format(
                    name=shown, kind=kind)
            else:
                name = self.tr("{name} ({kind}) — chosen in Model & Training settings").format(
                    name=shown, kind=kind)
            for column in range(3):
                item = self.table.item(row, column)
                font = item.font()
                font.setBold(kind == self._kind)
                item.setFont(font)
            self.table.item(row, 0).setText(name)

    def _heading(self, preview) -> str:
        if not preview.text:
            return self.tr("There is no text yet: add some in the Corpus tab.")
        shown = len(preview.text)
        tokens = sum(1 for s, e in preview.spans if e > s)
        kind = (translate("TokenizerView", KIND_WORDS[preview.kind]) if preview.kind in KIND_WORDS
                else preview.kind)
        if shown == len(self._text):
            heading = self.tr("All of your text, cut by the {kind} tokenizer into {tokens:,} tokens "
                              "(vocabulary {vocabulary:,}).")
        else:
            heading = self.tr("The first {shown:,} characters of your text, cut by the {kind} "
                              "tokenizer into {tokens:,} tokens (vocabulary {vocabulary:,}).")
        heading = heading.format(shown=shown, kind=kind, tokens=tokens,
                                 vocabulary=preview.vocab_size)
        return join_sentences([heading, localized(preview.note)]) if preview.note else heading


def counts_note(counts) -> str:
    """What the table means, and on how much of the text it was counted."""
    if counts.is_sample:
        return translate("TokenizerView",
                         "Fewer tokens fit more text into the model's context; a bigger vocabulary "
                         "gives the model more different tokens to learn. Counted on the first "
                         "{sample:,} characters of your {total:,}, to save time.").format(
            sample=counts.sample_characters, total=counts.total_characters)
    return translate("TokenizerView",
                     "Fewer tokens fit more text into the model's context; a bigger vocabulary "
                     "gives the model more different tokens to learn.")
