"""The few modal questions the app asks. Kept in one module so tests can answer them
(monkeypatch `confirm`, `choose_open_file`, ...) instead of blocking on a dialog."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import translate
from gptstudio.ui.widgets import file_dialogs


def confirm(parent, title: str, text: str, yes: str | None = None, no: str | None = None) -> bool:
    """yes, no: the buttons' texts, already translated (None: "Yes" and "Cancel")."""
    yes = translate("Dialogs", "Yes") if yes is None else yes
    no = translate("Dialogs", "Cancel") if no is None else no
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_button


MAX_FIELD_WIDTH = 560  # pixels: a longer proposed text scrolls in its field


class InputDialog(QtWidgets.QDialog):
    """A line of text, or a choice from a list, under a label, in a dialog wide enough for its
    title: QInputDialog sizes itself to its label and field alone and cannot be widened, so a
    window manager cut its title down ("Duplic…roject")."""

    def __init__(self, parent, title: str, label: str, text: str = "",
                 items: list[str] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        if items is None:
            self.field = QtWidgets.QLineEdit(text)
            self.field.selectAll()
            # The proposed text shown whole (a long project name), up to a reasonable width.
            metrics = self.field.fontMetrics()
            shown = metrics.horizontalAdvance(text) + 3 * metrics.height()
            self.field.setMinimumWidth(min(shown, MAX_FIELD_WIDTH))
        else:
            self.field = QtWidgets.QComboBox()
            self.field.addItems(items)
        caption = QtWidgets.QLabel(label)
        caption.setBuddy(self.field)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        for widget in (caption, self.field, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(title_room(title))

    def value(self) -> str:
        return self.field.text() if isinstance(self.field, QtWidgets.QLineEdit) \
            else self.field.currentText()


def title_room(title: str) -> int:
    """Pixels a window needs for its title in the title bar: the text, bold as most window managers
    draw it, and about eight lines' height for the icon and the buttons beside it."""
    font = QtGui.QFont(QtWidgets.QApplication.font())
    font.setBold(True)
    metrics = QtGui.QFontMetrics(font)
    return metrics.horizontalAdvance(title) + 8 * metrics.height()


def ask_text(parent, title: str, label: str, text: str = "") -> str | None:
    dialog = InputDialog(parent, title, label, text=text)
    ok = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
    value = dialog.value().strip()
    dialog.deleteLater()
    return value if ok and value else None


def choose_open_file(parent, title: str, filters: str) -> str | None:
    return file_dialogs.open_file_name(parent, title, filters)


def choose_save_file(parent, title: str, suggested: str, filters: str) -> str | None:
    return file_dialogs.save_file_name(parent, title, suggested, filters)


def show_error(parent, title: str, text: str) -> None:
    QtWidgets.QMessageBox.warning(parent, title, text)


def choose_item(parent, title: str, label: str, items: list[str]) -> str | None:
    dialog = InputDialog(parent, title, label, items=items)
    ok = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
    value = dialog.value()
    dialog.deleteLater()
    return value if ok and value else None


def choose_folder(parent, title: str) -> str | None:
    return file_dialogs.existing_folder(parent, title)


def text_file_filter() -> str:
    """The file dialogs' filter for corpora: the kinds of plain text people keep (subtitles, chat
    exports, logs, web pages, JSON lines of conversations), so a file the welcome page says works
    is not hidden until the user thinks to pick "All files"."""
    return QtCore.QCoreApplication.translate(
        "Dialogs", "Text files (*.txt *.md *.text *.csv *.tsv *.json *.jsonl *.srt *.vtt *.sub "
                   "*.log *.html *.htm *.xml *.rst *.tex);;All files (*)")
