"""Find and replace in the corpus editor: plain text or a regular expression, one match at a time or
all at once, every replacement one step on the editor's undo stack.

Matching is Python's `re` on the editor's text, in both modes (plain text is escaped), so what the
bar finds is what "Replace all" replaces. Positions go from Python's characters to the document's
UTF-16 units (Positions) before they select anything. The pure part (compiling the
query, replacing) is plain functions, tested without Qt.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import translate


@dataclass(frozen=True)
class Query:
    text: str
    regex: bool = False
    match_case: bool = False


def compile_query(query: Query) -> re.Pattern | str:
    """The pattern, or a sentence saying why the regular expression is not one."""
    flags = 0 if query.match_case else re.IGNORECASE
    try:
        return re.compile(query.text if query.regex else re.escape(query.text), flags | re.MULTILINE)
    except re.error as error:
        return translate("FindReplace", "This is not a valid regular expression: {error}.").format(
            error=error)


def expand(match: re.Match, replacement: str, regex: bool) -> str:
    """What one match becomes: the replacement as written, or (regular expression) with its groups
    (\\1, \\g<name>) filled in."""
    return match.expand(replacement) if regex else replacement


def replace_all(text: str, pattern: re.Pattern, replacement: str, regex: bool) -> tuple[str, int]:
    """The text with every match replaced, and how many there were. Empty matches (of a pattern
    like "x*") are skipped: replacing nothing everywhere is never what a user meant."""
    count = 0

    def one(match: re.Match) -> str:
        nonlocal count
        if match.end() == match.start():
            return ""
        count += 1
        return expand(match, replacement, regex)

    return pattern.sub(one, text), count


def next_match(text: str, pattern: re.Pattern, start: int, backward: bool) -> re.Match | None:
    """The first non-empty match at or after `start` (backward: the last one ending at or before
    it), wrapping around the text's ends."""
    matches = (m for m in pattern.finditer(text) if m.end() > m.start())
    if not backward:
        first = None
        for m in matches:
            if m.start() >= start:
                return m
            first = first or m
        return first
    last_before, last = None, None
    for m in matches:
        last = m
        if m.end() <= start:
            last_before = m
    return last_before or last


class FindReplaceBar(QtWidgets.QWidget):
    """Find (Ctrl+F) and replace (Ctrl+H) in a QPlainTextEdit; Esc hides it."""

    def __init__(self, editor: QtWidgets.QPlainTextEdit, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.query = QtWidgets.QLineEdit(placeholderText=self.tr("Find in the text"))
        self.query.setToolTip(self.tr("Text to find. Enter finds the next match, Shift+Enter the "
                                      "previous."))
        self.replacement = QtWidgets.QLineEdit(placeholderText=self.tr("Replace with"))
        self.replacement.setToolTip(self.tr("What each match becomes. Leave it empty to delete the "
                                            "matches. With a regular expression, \\1 is the first "
                                            "group in brackets."))
        self.case = QtWidgets.QCheckBox(self.tr("Match case"))
        self.case.setToolTip(self.tr("Only find text with the same capital and small letters."))
        self.regex = QtWidgets.QCheckBox(self.tr("Regular expression"))
        self.regex.setToolTip(self.tr("Read the text to find as a pattern (Python's regular "
                                      "expressions): ^%$ finds lines of a single %, \\d+ numbers, "
                                      "\\s+$ spaces at line ends."))
        self.previous = self._button(self.tr("Previous", "button: find the previous match"),
                                     self.tr("Find the previous match (Shift+Enter)."),
                                     self.find_previous)
        self.next = self._button(self.tr("Next", "button: find the next match"),
                                 self.tr("Find the next match (Enter)."), self.find_next)
        self.replace_button = self._button(self.tr("Replace"),
                                           self.tr("Replace the selected match, then find the next."),
                                           self.replace_one)
        self.replace_all_button = self._button(self.tr("Replace all"),
                                               self.tr("Replace every match at once (Undo brings "
                                                       "them all back)."), self.replace_everything)
        self.result = QtWidgets.QLabel()
        self.close_button = QtWidgets.QToolButton(text="✕")
        self.close_button.setToolTip(self.tr("Hide the find bar (Esc)."))
        self.close_button.clicked.connect(self.close_bar)
        self._replace_tips = {b: b.toolTip() for b in (self.replace_button, self.replace_all_button)}
        self._build_layout()
        self.query.returnPressed.connect(self.find_next)
        self.replacement.returnPressed.connect(self.replace_one)
        back = QtGui.QShortcut(QtGui.QKeySequence("Shift+Return"), self.query)
        back.setContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(self.find_previous)

    def set_locked(self, why: str) -> None:
        """The text cannot change now (why: the sentence that says why; "" when it can): finding
        goes on, replacing waits."""
        for button, tip in self._replace_tips.items():
            button.setEnabled(not why)
            button.setToolTip(why or tip)
        self.replacement.setEnabled(not why)

    def _button(self, text: str, tip: str, slot) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        find_row, replace_row = QtWidgets.QHBoxLayout(), QtWidgets.QHBoxLayout()
        find_row.addWidget(self.query, 1)
        for widget in (self.case, self.regex, self.previous, self.next, self.close_button):
            find_row.addWidget(widget)
        replace_row.addWidget(self.replacement, 1)
        for widget in (self.replace_button, self.replace_all_button, self.result):
            replace_row.addWidget(widget)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(find_row)
        layout.addLayout(replace_row)

    # -- opening and closing ----------------------------------------------------------------------

    @QtCore.Slot()
    def open(self) -> None:
        self.show()
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:  # a selection across lines is not a query
            self.query.setText(selected)
        self.query.setFocus()
        self.query.selectAll()

    @QtCore.Slot()
    def open_replace(self) -> None:
        self.open()
        if self.query.text():
            self.replacement.setFocus()

    def reset(self) -> None:
        """Another project's text: its search starts afresh. "Matches replaced: 700" and the last
        project's pattern, left standing, read as edits made to the new text."""
        self.hide()
        for field in (self.query, self.replacement, self.result):
            field.clear()

    @QtCore.Slot()
    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()

    # -- finding ----------------------------------------------------------------------------------

    def current_query(self) -> Query:
        return Query(self.query.text(), self.regex.isChecked(), self.case.isChecked())

    def _pattern(self) -> re.Pattern | None:
        if not self.query.text():
            return None
        pattern = compile_query(self.current_query())
        if isinstance(pattern, str):
            self.result.setText(pattern)
            return None
        return pattern

    @QtCore.Slot()
    def find_next(self) -> bool:
        return self._find(backward=False)

    @QtCore.Slot()
    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        pattern = self._pattern()
        if pattern is None:
            return False
        text = self.editor.toPlainText()
        places = Positions(text)
        cursor = self.editor.textCursor()
        start = places.character(cursor.selectionStart() if backward else cursor.selectionEnd())
        match = next_match(text, pattern, start, backward)
        if match is None:
            self.result.setText(self.tr("Not found"))
            return False
        cursor.setPosition(places.document(match.start()))
        cursor.setPosition(places.document(match.end()), QtGui.QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.result.setText("")
        return True

    # -- replacing --------------------------------------------------------------------------------

    @QtCore.Slot()
    def replace_one(self) -> bool:
        """Replace the selection if it is a match (else find one first), then find the next."""
        pattern = self._pattern()
        if pattern is None or self.editor.isReadOnly():
            return False
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            return self._find(backward=False)
        # The match is looked for in the whole text, at the selection: lookarounds and \b see
        # what surrounds it.
        text = self.editor.toPlainText()
        places = Positions(text)
        start = places.character(cursor.selectionStart())
        end = places.character(cursor.selectionEnd())
        match = pattern.search(text, start)
        if match is None or match.span() != (start, end):
            return self._find(backward=False)
        cursor.insertText(expand(match, self.replacement.text(), self.regex.isChecked()))
        self.editor.setTextCursor(cursor)
        self._find(backward=False)
        return True

    @QtCore.Slot()
    def replace_everything(self) -> int:
        pattern = self._pattern()
        if pattern is None or self.editor.isReadOnly():
            return 0
        text = self.editor.toPlainText()
        new, count = replace_all(text, pattern, self.replacement.text(), self.regex.isChecked())
        if count:
            cursor = QtGui.QTextCursor(self.editor.document())
            cursor.beginEditBlock()  # one step on the undo stack
            cursor.select(QtGui.QTextCursor.SelectionType.Document)
            cursor.insertText(new)
            cursor.endEditBlock()
        self.result.setText(self.tr("Matches replaced: {count:,}").format(count=count)
                            if count else self.tr("Not found"))
        return count


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Positions:
    """Between Python's character indices and a Qt document's positions (UTF-16 units: a
    character beyond the Basic Multilingual Plane, most emoji, takes two). Only where a text has
    such characters is anything counted, and then only their places: a find in 50 MB stays quick."""

    def __init__(self, text: str):
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []

    def document(self, index: int) -> int:
        return index + bisect.bisect_left(self._astral, index)

    def character(self, position: int) -> int:
        low, high = 0, position  # character(position) <= position
        while low < high:
            mid = (low + high + 1) // 2
            if self.document(mid) <= position:
                low = mid
            else:
                high = mid - 1
        return low
