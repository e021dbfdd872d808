"""The file dialogs: where they open, and Qt's own words in them.

Where: in the folder the user last chose a file or folder in (kept in the app's settings, so it
survives a restart), else in their Documents folder, else their home folder; never in the folder
GPT Studio happened to be started from (its install folder, for a user who clicked a shortcut).

Qt's words: Qt 6.11 writes "&Look in:", "Files of &type:" and "Folder" in its file dialog, where the
Chinese catalogue it ships (qtbase_zh_CN.qm, from an older Qt) has "Look in:", "Files of type:" and
a "Folder" of another context, so a Chinese dialog kept them in English. The app's own catalogue
gives them under Qt's contexts (qt_words below lists them for lupdate):
QCoreApplication.translate asks every installed translator, Qt's and ours alike.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from gptstudio.ui.i18n import translate

SETTING = "last_folder"


def qt_words() -> list[str]:
    """Qt's file-dialog words that Qt's own Chinese catalogue lacks, as the interface shows them."""
    return [translate("QFileDialog", "&Look in:"),
            translate("QFileDialog", "Files of &type:"),
            translate("QAbstractFileIconProvider", "Folder", "All other platforms"),
            translate("QAbstractFileIconProvider", "Drive")]


def _settings() -> QtCore.QSettings:
    from gptstudio.ui.main.main_window import app_settings  # the app's one settings file

    return app_settings()


def documents_folder() -> Path:
    """The user's Documents folder, or their home folder where there is none."""
    documents = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path(QtCore.QDir.homePath())


def start_folder() -> Path:
    """Where the next file dialog opens."""
    last = str(_settings().value(SETTING, "") or "")
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember(path: str, is_folder: bool = False) -> None:
    """The next dialog opens where this one was left: the chosen file's folder, or the folder."""
    folder = Path(path) if is_folder else Path(path).parent
    settings = _settings()
    settings.setValue(SETTING, str(folder))
    settings.sync()


def file_stem(name: str) -> str:
    """A project's name as the start of a file name the dialogs suggest: letters (of any script),
    digits, '-' and '_' kept, the rest '-' (no spaces: the name goes into commands such as
    "ollama create NAME"), then made safe as project folders are (Windows' reserved names, the
    length). A name is free text ("Family/Chat: 2024?"): its '/' named a folder and its ':' and
    '?' make a name Windows refuses."""
    from gptstudio.projects.paths import safe_folder_name

    # Composed first: a name from macOS ("Cre\u0302pes") would lose its accent to a "-".
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in unicodedata.normalize("NFC", name))
    return safe_folder_name(re.sub("-{2,}", "-", stem).strip("-") or "model")


def open_file_name(parent, title: str, filters: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    if path:
        remember(path)
    return path or None


def save_file_name(parent, title: str, suggested: str, filters: str) -> str | None:
    """suggested: a file name, proposed in the start folder."""
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, str(start_folder() / suggested),
                                                    filters)
    if path:
        remember(path)
    return path or None


def existing_folder(parent, title: str) -> str | None:
    path = QtWidgets.QFileDialog.getExistingDirectory(parent, title, str(start_folder()))
    if path:
        remember(path, is_folder=True)
    return path or None
