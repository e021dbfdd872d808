"""A coloured bar above the tabs for messages that need no answer (errors included): the user reads
it, the work goes on. Modal boxes are kept for questions. A message is about the moment it was
raised: it goes when the page that shows it is left.

A message may offer one way out as a button ("Remove them and generate"): clicking it hides the
message and calls the function given with it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate

STYLES = {
    "error": ("#fdecea", "#a12a1c", QT_TRANSLATE_NOOP("MessageBar", "Problem")),
    "warning": ("#fff4e0", "#8a5a00", QT_TRANSLATE_NOOP("MessageBar", "Note")),
    "info": ("#e8f1fd", "#1f4f99", QT_TRANSLATE_NOOP("MessageBar", "Info")),
}


class MessageBar(QtWidgets.QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.level = ""
        self._text = ""  # the message shown, as it was given
        self._action: Callable[[], object] | None = None
        self.label = QtWidgets.QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QtWidgets.QToolButton()
        close.setText("✕")
        close.setToolTip(self.tr("Hide this message."))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide_message)
        self.action_button = QtWidgets.QPushButton()
        self.action_button.clicked.connect(self._on_action)
        self.action_button.hide()
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(close, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, level: str, text: str,
                     action: tuple[str, Callable[[], object]] | None = None, tip: str = "") -> None:
        """action: (button text, function called on click), or None for a message alone."""
        background, colour, title = STYLES.get(level, STYLES["info"])
        self.level, self._text = level, text
        self.setStyleSheet(f"MessageBar {{ background: {background}; border: 1px solid {colour}; "
                           f"border-radius: 4px; }} QLabel {{ color: {colour}; }}")
        self.label.setText(self.tr("<b>{title}:</b> {message}").format(
            title=translate("MessageBar", title), message=_escape(text)))
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setToolTip(tip or (action[0] if action else ""))
        self.action_button.setVisible(action is not None)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def withdraw(self, text: str) -> None:
        """Hide the message `text` if it is the one shown (not one said since)."""
        if not self.isHidden() and self._text == text:
            self.hide_message()

    def offers(self, action: Callable[[], object]) -> bool:
        """Whether the message shown now offers this action."""
        return not self.isHidden() and self._action is not None and self._action == action

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        """A message belongs to the moment it was raised: once the page it was shown on is left
        (the welcome view for a project, or back), it is done, and does not come back with the
        page. Minimising the window (a spontaneous hide) keeps it."""
        super().hideEvent(event)
        if not event.spontaneous() and not self.isHidden():  # an ancestor was hidden, not the bar
            self.hide_message()

    @QtCore.Slot()
    def hide_message(self) -> None:
        self.level = self._text = ""
        self._action = None
        self.hide()

    @QtCore.Slot()
    def _on_action(self) -> None:
        action = self._action
        self.hide_message()  # first: the action may show a message of its own
        if action is not None:
            action()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
