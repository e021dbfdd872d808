"""Help ▸ Guide (F1): a short built-in guide for someone who has never trained a model.

What each tab is for and what to look for there, the keyboard shortcuts, and where the projects
are kept. The tab names, the shortcuts and the folders are read from the window when the guide
opens, so the guide never says something the window does not do.
"""

from __future__ import annotations

import html
import re

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import translate
from gptstudio.ui.widgets.controls import fit_to_screen


class Guide(QtCore.QObject):
    """The Help menu's action and the window it opens (made on first use, then shown again)."""

    def __init__(self, window: QtWidgets.QMainWindow):
        super().__init__(window)
        self.window = window
        self.dialog: GuideDialog | None = None
        self.action = QtGui.QAction(self.tr("&Guide"), window)
        self.action.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.HelpContents))
        self.action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        tip = self.tr("What each tab is for, what to look for, the keyboard shortcuts, and where "
                      "your projects are kept.")
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.triggered.connect(self.show)
        window.addAction(self.action)

    @QtCore.Slot()
    def show(self) -> None:
        if self.dialog is None:
            self.dialog = GuideDialog(self.window)
        self.dialog.browser.setHtml(guide_html(self.window))
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()


class GuideDialog(QtWidgets.QDialog):
    """Not modal: the guide can stay open beside the window while the user follows it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("GPT Studio guide"))
        self.browser = QtWidgets.QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(close)
        fit_to_screen(self, QtCore.QSize(760, 820))


# What each tab is for, and what to look for there: in the order of the tabs.
def _tab_notes() -> list[tuple[str, str]]:
    return [
        (translate("Guide", "The text the model learns from. Type, paste, open a file or start "
                            "from a demo."),
         translate("Guide", "The counts under the text: how many tokens the model trains on and "
                            "how many are kept aside to check it. A warning in red means training "
                            "would refuse the text.")),
        (translate("Guide", "How big the model is and how it learns. Automatic chooses for your "
                            "text and the time you give it; the presets are a good start too."),
         translate("Guide", "The time one training run will take, and any setting marked in "
                            "red.")),
        (translate("Guide", "Train the model (F5) and watch it learn. Pause, stop and continue "
                            "whenever you like: nothing is lost."),
         translate("Guide", "The loss falls as the model learns. The validation loss (orange) is "
                            "measured on text it never trains on: when it rises while the "
                            "training loss still falls, the model is memorising its text. The star "
                            "marks the best model, the one kept and used. Click a diamond to hear "
                            "the model as it was at that step.")),
        (translate("Guide", "Let the trained model write, from a beginning you type or from "
                            "nothing."),
         translate("Guide", "Temperature: lower repeats the likeliest words, higher invents more. "
                            "Mark text copied from the corpus shows which passages the model only "
                            "learned by heart.")),
        (translate("Guide", "Talk to a model trained on conversations (the data mode "
                            "Conversations, or a chat demo): it writes the assistant's replies."),
         translate("Guide", "Whether the replies answer what was asked. The bar under the "
                            "conversation shows how much of the model's context it fills: past "
                            "that, the model no longer sees the oldest turns.")),
        (translate("Guide", "See inside the model: what it predicts next, what it pays attention "
                            "to, how your text is cut into tokens, what one training step changes, "
                            "and a map of the tokens."),
         translate("Guide", "How the chances of the next token change as you type, and how the "
                            "map of the tokens sorts itself as training goes on.")),
    ]


def _e(text: str) -> str:
    return html.escape(text)


def _folder(path) -> str:
    return f"<code>{html.escape(str(path))}</code>"


def guide_html(window) -> str:
    """The guide for this window: its tabs, its shortcuts and its folders."""
    from gptstudio.projects.paths import trash_root

    heading = translate("Guide", "How GPT Studio works")
    parts = [
        f"<h2>{_e(heading)}</h2>",
        "<p>" + _e(translate("Guide", "GPT Studio teaches a small language model to write like the "
                                      "text you give it. Work through the tabs from left to "
                                      "right: each one is a step.")) + "</p>",
        "<h3>" + _e(translate("Guide", "The tabs")) + "</h3>", "<dl>"]
    look_for = _e(translate("Guide", "What to look for:"))
    for index, (purpose, what) in enumerate(_tab_notes()[: window.tabs.count()]):
        name = _e(window.tabs.tabText(index).replace("&&", "&"))
        parts.append(f"<dt><b>{name}</b></dt><dd>{_e(purpose)}<br>"
                     f"<i>{look_for}</i> {_e(what)}</dd>")
    parts += ["</dl>", "<h3>" + _e(translate("Guide", "Keyboard shortcuts")) + "</h3>",
              "<table cellpadding=3>"]
    for keys, what in shortcuts(window):
        parts.append(f"<tr><td><b>{_e(keys)}</b></td><td>{_e(what)}</td></tr>")
    parts += [
        "</table>", "<h3>" + _e(translate("Guide", "Where your projects are kept")) + "</h3>",
        "<p>" + _e(translate("Guide", "Every project is a folder in {folder}. Everything is saved "
                                      "as you work: there is no Save.")).format(
            folder=_folder(window.store.root)) + "</p>",
        "<p>" + _e(translate("Guide", "File ▸ Export project file… puts a whole project (text, "
                                      "settings, model) into one .zip file, to keep or to give; "
                                      "File ▸ Import project file… opens one. A deleted project "
                                      "goes to {folder}, and File ▸ Deleted projects… brings it "
                                      "back.")).format(folder=_folder(trash_root())) + "</p>",
        "<p>" + _e(translate("Guide", "When something goes wrong, Help ▸ Show log folder opens the "
                                      "folder with the details.")) + "</p>"]
    return "\n".join(parts)


def shortcuts(window) -> list[tuple[str, str]]:
    """(keys, what they do) for each action of the window with a shortcut, in the order made."""
    rows = []
    for action in window.actions():
        # Once each: Ctrl+Return and Ctrl+Enter read the same in some languages (Ctrl+回车).
        keys = list(dict.fromkeys(k.toString(QtGui.QKeySequence.SequenceFormat.NativeText)
                                  for k in action.shortcuts()))
        if keys:
            what = re.sub(r"\(&\w\)", "", action.text())  # 文件(&F): the mnemonic, in Chinese
            what = what.replace("&&", "\0").replace("&", "").replace("\0", "&")
            rows.append((" · ".join(keys), what.rstrip("…")))
    return rows
