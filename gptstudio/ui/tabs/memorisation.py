"""Marks the passages of generated text that the model copied word for word from the corpus.

The marks are QTextEdit extra selections: an overlay that leaves the document's own formats (the
Generate tab's probability shading) untouched, and goes away with one call. The spans come from
engine.memorisation.CorpusIndex, which CorpusIndexBuilder builds on the thread pool (indexing a
megabyte takes a second or more).
"""

from __future__ import annotations

import bisect
import logging

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import translate
from gptstudio.ui.threads import JobGroup
from gptstudio.ui.widgets.text import document_positions

log = logging.getLogger(__name__)

COPIED_COLOUR = QtGui.QColor("#fff176")  # a highlighter-pen yellow: "this bit is marked"
COPIED_TEXT_COLOUR = QtGui.QColor("#3d2e00")


def copied_tooltip(length: int) -> str:
    return translate("Memorisation", "Copied word for word from your text ({length:,} "
                                     "characters)").format(length=length)


def copied_summary(spans, share: float | None = None) -> str:
    """One sentence about what was copied, for the status line under the output: how many
    passages, the longest, and the share of what the model wrote that is copied."""
    spans = list(spans)
    if not spans:
        return translate("Memorisation", "Nothing copied word for word: the model wrote this "
                                         "itself.")
    longest = max(end - start for start, end in spans)
    if len(spans) == 1:
        sentence = translate("Memorisation", "1 passage copied word for word from your text, "
                                             "{longest:,} characters long.").format(longest=longest)
    else:
        sentence = translate("Memorisation", "{count:,} passages copied word for word from your "
                                             "text, the longest {longest:,} characters.").format(
            count=len(spans), longest=longest)
    if share is None:
        return sentence
    return sentence + " " + translate("Memorisation", "{share:.0%} of what the model wrote is "
                                                      "copied.").format(share=share)


class CopiedMarks(QtCore.QObject):
    """Yellow marks over copied spans of a QTextEdit (document positions), with a tooltip each."""

    def __init__(self, view: QtWidgets.QTextEdit):
        super().__init__(view)
        self.view = view
        self.spans: list[tuple[int, int]] = []  # document positions (UTF-16 units)
        self._lengths: dict[int, int] = {}  # start -> the passage's length in characters
        self.tooltips = True  # off while the view shows tooltips of its own on the same text
        view.viewport().installEventFilter(self)

    def show_spans(self, spans) -> None:
        """spans: (start, end) of each copied passage of the view's text, in characters."""
        at = document_positions(self.view.toPlainText())
        self.spans = sorted((at[int(start)], at[int(end)]) for start, end in spans)
        self._lengths = {at[int(start)]: int(end) - int(start) for start, end in spans}
        selections = []
        for start, end in self.spans:
            selection = QtWidgets.QTextEdit.ExtraSelection()
            cursor = QtGui.QTextCursor(self.view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QtGui.QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format.setBackground(COPIED_COLOUR)
            selection.format.setForeground(COPIED_TEXT_COLOUR)
            selection.format.setToolTip(copied_tooltip(self._lengths[start]))
            selections.append(selection)
        self.view.setExtraSelections(selections)

    def clear(self) -> None:
        self.spans = []
        self.view.setExtraSelections([])

    def note_at(self, position: int) -> str:
        i = bisect.bisect_right(self.spans, (position, float("inf"))) - 1
        if i >= 0 and self.spans[i][0] <= position < self.spans[i][1]:
            return copied_tooltip(self._lengths[self.spans[i][0]])
        return ""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QtCore.QEvent.Type.ToolTip and self.tooltips and self.spans:
            position = self.view.cursorForPosition(event.pos()).position()
            note = self.note_at(position)
            if note:
                QtWidgets.QToolTip.showText(event.globalPos(), note, self.view)
                return True
        return False


# ---- building the index off the GUI thread --------------------------------------------------------


# The suffix array takes about 40 bytes and 1-4 us per character to build: past 5 million characters
# the check would cost seconds to minutes and hundreds of MB, so such texts are not checked.
MAX_INDEXED_CHARACTERS = 5_000_000


def _index(control, generation: int, corpus: str):
    """A threads.Job: (generation, the CorpusIndex of `corpus`, or None when it is too long or
    indexing failed)."""
    from gptstudio.engine.memorisation import CorpusIndex

    if len(corpus) > MAX_INDEXED_CHARACTERS:
        return generation, None
    try:
        index = CorpusIndex(corpus)
    except Exception:  # noqa: BLE001 - without an index the check is only unavailable
        log.exception("indexing the corpus for the memorisation check failed")
        index = None
    return generation, index


class CorpusIndexBuilder(QtCore.QObject):
    """Builds a CorpusIndex in the pool of short jobs; `built` carries it (or None) to the GUI
    thread."""

    built = QtCore.Signal(object)  # CorpusIndex or None (indexing failed); only the latest corpus

    def __init__(self):
        super().__init__()
        self._generation = 0
        self._corpus: str | None = None
        self._jobs = JobGroup(self)

    def forget(self) -> None:
        """No corpus any more (the project closed): drop any index still being built."""
        self._corpus = None
        self._generation += 1

    def build(self, corpus: str) -> None:
        if corpus == self._corpus:
            return  # indexed already (or being indexed): opening or training again changes nothing
        self._corpus = corpus
        self._generation += 1
        if not self._jobs.start(_index, self._generation, corpus, on_result=self._on_done):
            self._corpus = None  # the next build tries again
            self._on_done((self._generation, None))  # no index: the copy check is unavailable

    @QtCore.Slot(object)
    def _on_done(self, answer) -> None:
        generation, index = answer
        if generation == self._generation:  # a later corpus is being indexed otherwise
            self.built.emit(index)
