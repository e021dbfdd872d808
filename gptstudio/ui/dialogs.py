"""The few modal questions the app asks. Kept in one module so tests can answer them
(monkeypatch `confirm`, `choose_open_file`, ...) instead of blocking on a dialog."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from gptstudio.ui.i18n import translate


def confirm(parent, title: str, text: str, yes: str | None = None, no: str | None = None) -> bool:
    """yes, no: the buttons' texts, already translated (None: "Yes" and "Cancel")."""
    yes = translate("Dialogs", "Yes") if yes is None else yes
    no = translate("Dialogs", "Cancel") if no is None else no
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_button


def ask_text(parent, title: str, label: str, text: str = "") -> str | None:
    value, ok = QtWidgets.QInputDialog.getText(parent, title, label, text=text)
    value = value.strip()
    return value if ok and value else None


def choose_open_file(parent, title: str, filters: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, "", filters)
    return path or None


def choose_save_file(parent, title: str, suggested: str, filters: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def show_error(parent, title: str, text: str) -> None:
    QtWidgets.QMessageBox.warning(parent, title, text)


def choose_item(parent, title: str, label: str, items: list[str]) -> str | None:
    value, ok = QtWidgets.QInputDialog.getItem(parent, title, label, items, 0, False)
    return value if ok and value else None


def choose_folder(parent, title: str) -> str | None:
    path = QtWidgets.QFileDialog.getExistingDirectory(parent, title)
    return path or None


def text_file_filter() -> str:
    """The file dialogs' filter for corpora."""
    return QtCore.QCoreApplication.translate(
        "Dialogs", "Text files (*.txt *.md *.text *.csv);;All files (*)")
