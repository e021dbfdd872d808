"""A coloured bar above the tabs for messages that need no answer (errors included): the user reads
it, the work goes on. Modal boxes are kept for questions."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

STYLES = {
    "error": ("#fdecea", "#a12a1c", "Problem"),
    "warning": ("#fff4e0", "#8a5a00", "Note"),
    "info": ("#e8f1fd", "#1f4f99", "Info"),
}


class MessageBar(QtWidgets.QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.level = ""
        self.label = QtWidgets.QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QtWidgets.QToolButton()
        close.setText("✕")
        close.setToolTip("Hide this message.")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide_message)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, level: str, text: str) -> None:
        background, colour, title = STYLES.get(level, STYLES["info"])
        self.level = level
        self.setStyleSheet(f"MessageBar {{ background: {background}; border: 1px solid {colour}; "
                           f"border-radius: 4px; }} QLabel {{ color: {colour}; }}")
        self.label.setText(f"<b>{title}:</b> {_escape(text)}")
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    @QtCore.Slot()
    def hide_message(self) -> None:
        self.level = ""
        self.hide()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
