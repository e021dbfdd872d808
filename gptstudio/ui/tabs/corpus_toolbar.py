"""The Corpus tab's row of buttons: open or append a file, the demo texts, find and replace, undo
and redo. While the tab opens a file it takes no other, and an undo would tear a half-filled text
apart: set_busy turns those buttons off. While training runs the text is locked (set_locked): the
buttons that change it are off, and their tooltips say why."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import translate
from gptstudio.ui.tabs.corpus_editor import CorpusEditor
from gptstudio.ui.tabs.find_replace import FindReplaceBar


def _button(text: str, tip: str, slot) -> QtWidgets.QPushButton:
    button = QtWidgets.QPushButton(text)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


class CorpusToolbar(QtWidgets.QWidget):
    open_requested = QtCore.Signal()
    append_requested = QtCore.Signal()
    demo_chosen = QtCore.Signal(str)  # a demo text's key

    def __init__(self, editor: CorpusEditor, find_bar: FindReplaceBar, parent=None):
        super().__init__(parent)
        self._editor = editor
        self._busy = False
        self._locked = ""  # why the text cannot change now ("" when it can)
        # The words are the Corpus tab's own (its translation context).
        self.open_button = _button(
            translate("CorpusTab", "Open text file…"),
            translate("CorpusTab", "Replace the text with the text of a .txt or .md file."),
            self.open_requested)
        self.append_button = _button(translate("CorpusTab", "Append file…"),
                                     translate("CorpusTab", "Add the text of a file at the end."),
                                     self.append_requested)
        # A push button with a menu draws its own arrow, with room for it (a QToolButton's
        # indicator overlapped the text).
        self.demo_button = QtWidgets.QPushButton(translate("CorpusTab", "Demo corpora"))
        self.demo_button.setToolTip(translate(
            "CorpusTab", "Replace the text with one of the demo texts that come with GPT Studio."))
        self.demo_menu = QtWidgets.QMenu(self)
        self.demo_menu.setToolTipsVisible(True)
        self.demo_menu.triggered.connect(self._on_demo_chosen)
        self._fill_demo_menu()
        self.demo_button.setMenu(self.demo_menu)
        self.find_button = _button(
            translate("CorpusTab", "Find and replace…"),
            translate("CorpusTab", "Find text in the corpus (Ctrl+F), and replace it (Ctrl+H)."),
            find_bar.open_replace)
        self.undo_button = _button(translate("CorpusTab", "Undo"),
                                   translate("CorpusTab", "Undo the last change to the text (Ctrl+Z)."),
                                   editor.undo)
        self.redo_button = _button(translate("CorpusTab", "Redo"),
                                   translate("CorpusTab", "Redo what was undone (Ctrl+Shift+Z)."),
                                   editor.redo)
        editor.undoAvailable.connect(self.update_undo)
        editor.redoAvailable.connect(self.update_undo)
        # The buttons that change the text, with their own tooltips (a locked text shows why).
        self._changing = {b: b.toolTip() for b in (self.open_button, self.append_button,
                                                    self.demo_button, self.undo_button,
                                                    self.redo_button)}
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        bar = QtWidgets.QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.open_button, self.append_button, self.demo_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.find_button, self.undo_button, self.redo_button):
            bar.addWidget(widget)

    def _fill_demo_menu(self) -> None:
        try:
            from gptstudio.demos import DEMOS
        except ImportError:  # a build without the demo corpora: no menu, no crash
            self.demo_button.setEnabled(False)
            return
        for demo in DEMOS:
            action = self.demo_menu.addAction(translate("Demos", demo.title))
            action.setToolTip(translate("Demos", demo.description))
            action.setData(demo.key)

    @QtCore.Slot(QtGui.QAction)
    def _on_demo_chosen(self, action: QtGui.QAction) -> None:
        if action.data():
            self.demo_chosen.emit(str(action.data()))

    def set_busy(self, busy: bool) -> None:
        """The tab is opening a file (or its own text): no other file, no demo, no undo."""
        self._busy = busy
        self._update()

    def set_locked(self, why: str) -> None:
        """why: the sentence that says why the text cannot change now, or "" when it can."""
        self._locked = why
        for button, tip in self._changing.items():
            button.setToolTip(why or tip)
        self._update()

    def _update(self) -> None:
        free = not self._busy and not self._locked
        for button in (self.open_button, self.append_button):
            button.setEnabled(free)
        self.demo_button.setEnabled(free and bool(self.demo_menu.actions()))
        self.update_undo()

    @QtCore.Slot()
    def update_undo(self) -> None:
        document = self._editor.document()
        free = not self._busy and not self._locked
        self.undo_button.setEnabled(free and document.isUndoAvailable())
        self.redo_button.setEnabled(free and document.isRedoAvailable())
