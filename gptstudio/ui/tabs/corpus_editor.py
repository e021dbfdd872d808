"""The Corpus tab's text editor: plain text, fixed-width, and a file dropped on it is opened, not
pasted."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets


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
