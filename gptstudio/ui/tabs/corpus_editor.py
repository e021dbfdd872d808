"""The Corpus tab's text editor: plain text, fixed-width, a file dropped on it is opened, not
pasted; and a long text goes into it a piece per event-loop turn (PieceFill)."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

BIG_TEXT = 2_000_000  # characters; above this, no line wrapping (re-wrapping costs layout time)


class CorpusEditor(QtWidgets.QPlainTextEdit):
    """The text editor. A file dropped on it is handed to the tab (file_dropped), never inserted."""

    file_dropped = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setUndoRedoEnabled(True)
        self.setPlaceholderText(self.tr("Type or paste the text the model should learn from, open "
                                        "a text file, or drop one here."))
        self.setToolTip(self.tr("The text the model learns from. Drop a .txt or .md file here to "
                                "use it."))
        self.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))

    def fit_wrap(self, length: int) -> None:
        """Wrap the lines of a text of `length` characters, unless it is big."""
        self.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap if length > BIG_TEXT
                             else QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)

    def show_from(self, position: int) -> None:
        """Put the cursor at `position` and scroll there. Replacing the document keeps the scroll
        offset and moves the cursor to the end of the inserted text: a file opened after reading
        line 1,300 of the old text showed its own line 1,300."""
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        if position == 0:
            self.verticalScrollBar().setValue(0)
            self.horizontalScrollBar().setValue(0)
        else:  # mid-view: the old text's end above, the appended text's start below
            self.centerCursor()

    @staticmethod
    def _local_files(event) -> list[str]:
        mime = event.mimeData()
        urls = mime.urls() if mime.hasUrls() else []
        return [u.toLocalFile() for u in urls if u.isLocalFile()]

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        files = self._local_files(event)
        if files:
            event.acceptProposedAction()
            self.file_dropped.emit(files[0])  # the content decides, not the extension
        else:
            super().dropEvent(event)


class PieceFill(QtCore.QObject):
    """Puts the rest of a long text into an editor one piece per event-loop turn: one insertText
    of 50 MB blocks the window for seconds, a piece of half a megabyte for milliseconds. With
    `undoable`, every piece joins the undo step the first piece began."""

    progressed = QtCore.Signal(float)  # the share of the text in the editor now
    filled = QtCore.Signal()  # all of it is in

    def __init__(self, editor: QtWidgets.QPlainTextEdit, piece: int):
        super().__init__(editor)
        self._editor, self._piece = editor, piece
        self.whole: str | None = None  # the whole text, while it is being filled in
        self._pieces = None
        self._cursor: QtGui.QTextCursor | None = None
        self._undoable = False
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def start(self, whole: str, start: int, cursor: QtGui.QTextCursor, undoable: bool) -> bool:
        """The editor holds whole[:start] (cursor at its end); False when that is all of it."""
        if start >= len(whole):
            return False
        self._pieces = (whole[i:i + self._piece] for i in range(start, len(whole), self._piece))
        self.whole, self._cursor, self._undoable = whole, cursor, undoable
        self._timer.start()
        return True

    def cancel(self) -> None:
        self._timer.stop()
        self.whole = self._pieces = self._cursor = None

    @QtCore.Slot()
    def _step(self) -> None:
        piece = next(self._pieces, None)
        if piece is None:
            self.cancel()
            self.filled.emit()
            return
        if self._undoable:
            self._cursor.joinPreviousEditBlock()
        self._cursor.insertText(piece)
        if self._undoable:
            self._cursor.endEditBlock()
        done = self._editor.document().characterCount() / max(1, len(self.whole))
        self.progressed.emit(min(done, 1.0))
        self._timer.start()
