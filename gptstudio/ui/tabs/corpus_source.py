"""Where the Corpus tab's text came from: the file it was opened from, in which encoding, and the
files appended to it since, shown above the editor (SourceBar) and kept true through Undo and Redo
(SourceHistory).

The editor's undo stack holds the texts; SourceHistory holds, beside it, the source after each
opening, appending or demo choice, keyed by the document's count of undo items
(QTextDocument.availableUndoSteps): Undo and Redo move the count back and forth, and the source
shown is the one recorded at or below it. An edit (typing, Replace all, cleaning stray characters)
records nothing: the text still came from where it came from. A new edit after an Undo drops what
was recorded beyond it, as the undo stack drops its redo steps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.ui.i18n import translate
from gptstudio.ui.widgets.text import join_list, localized


@dataclass(frozen=True)
class Source:
    path: str = ""  # the file the text was opened from; "" for typed text, a demo, a project's text
    encoding: str = ""  # how it was read: a key of text_files.ENCODING_NAMES ...
    how: str = ""  # ... and why (text_files.DecodedText.how)
    appended: tuple[str, ...] = ()  # the names of the files appended since, in order

    def with_appended(self, name: str) -> Source:
        return replace(self, appended=(*self.appended, name))


NO_SOURCE = Source()


class SourceHistory:
    """The source of the text at each point of the editor's undo history (see the docstring)."""

    def __init__(self, source: Source = NO_SOURCE):
        self._by_step = {0: source}

    def reset(self, source: Source = NO_SOURCE, step: int = 0) -> None:
        """A fresh undo history (a project's text), whose text came from `source`."""
        self._by_step = {step: source}

    def command_added(self, before: int) -> None:
        """A new undo command follows the `before` items there were: what Redo could reach (the
        sources recorded beyond `before`) is gone."""
        self._by_step = {k: v for k, v in self._by_step.items() if k <= before}

    def record(self, step: int, source: Source) -> None:
        self._by_step[step] = source

    def at(self, step: int) -> Source:
        below = [k for k in self._by_step if k <= step]
        return self._by_step[max(below)] if below else NO_SOURCE


class SourceTracker(QtCore.QObject):
    """Follows an editor's document: `changed` sends the source of the text as it is now (after an
    edit, Undo or Redo), only when it differs from the one sent before."""

    changed = QtCore.Signal(object)  # Source

    def __init__(self, document: QtGui.QTextDocument, parent=None):
        super().__init__(parent)
        self._document = document
        self.history = SourceHistory()
        self._seen = 0  # undo items after the last change: what a new command follows
        self.current = NO_SOURCE
        self._new_command = False  # the change being made is a new undo step (not Undo, Redo)
        document.undoCommandAdded.connect(self._on_command_added)
        document.contentsChanged.connect(self.refresh)

    def steps(self) -> int:
        return self._document.availableUndoSteps()

    def chosen_encoding(self) -> str:
        """The name of the encoding the user chose for the file that is the whole text, or "" (it
        was recognised, or the text is not one file's)."""
        from gptstudio.engine.text_files import DecodedText

        source = self.current
        if not source.path or source.appended or source.how != "chosen":
            return ""
        return localized(DecodedText("", source.encoding, source.how).encoding_name())

    def reset(self, source: Source = NO_SOURCE) -> None:
        self.history.reset(source, self.steps())
        self.refresh(force=True)

    def record(self, source: Source) -> None:
        """The text just put in (one undo step) came from `source`."""
        self.history.record(self.steps(), source)
        self.refresh(force=True)  # it replaces whatever the bar offered meanwhile

    @QtCore.Slot()
    def _on_command_added(self) -> None:
        # undoCommandAdded comes before contentsChanged: _seen still counts the items before it.
        self.history.command_added(self._seen)
        self._new_command = True

    @QtCore.Slot()
    def refresh(self, force: bool = False) -> None:
        self._seen = self.steps()
        if self._new_command and self._document.isEmpty():
            # The user emptied the text: what they type next comes from no file (an Open records
            # its file just after). Undo goes back to the file's source. An edit over the whole
            # text (Replace all, cleaning) keeps it: the text still came from that file.
            self.history.record(self._seen, NO_SOURCE)
        self._new_command = False
        source = self.history.at(self._seen)
        if force or source != self.current:
            self.current = source
            self.changed.emit(source)


class SourceBar(QtWidgets.QWidget):
    """"poems.txt was read as: [GB18030 ▾]" for the file the text came from (another encoding reads
    it again); "…, with more.txt appended" once files were appended; an offer of encodings for a
    file that was not recognised as text."""

    encoding_chosen = QtCore.Signal(str, str)  # path, encoding (a key of text_files.ENCODING_NAMES)

    def __init__(self, parent=None):
        super().__init__(parent)
        from gptstudio.engine.text_files import ENCODINGS

        self.path = ""
        self.refused = False  # the file was not read: its text is not in the editor
        self.label = QtWidgets.QLabel()
        self.encoding = QtWidgets.QComboBox()
        for codec, name in ENCODINGS:
            self.encoding.addItem(translate("Engine", name), codec)
        self.encoding.setToolTip(self.tr("The encoding the file was read in. If its text looks "
                                         "garbled, choose the one it was written in: the file is "
                                         "read again (Undo brings the text back)."))
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.encoding)
        layout.addStretch(1)
        self.encoding.activated.connect(self._on_chosen)
        self.hide()

    @QtCore.Slot(object)
    def show_source(self, source: Source) -> None:
        if not source.path and not source.appended:
            self.forget()
            return
        self.path, self.refused = source.path, False
        appended = join_list(source.appended)
        if not source.path:
            self.label.setText(self.tr("{names} appended at the end of the text.").format(
                names=appended))
        elif source.appended:
            self.label.setText(self.tr("The text of {name}, with {names} appended.").format(
                name=Path(source.path).name, names=appended))
        else:
            self._show_encoding(source)
        # Read again in another encoding, the first file would replace the files appended to it.
        self.encoding.setVisible(bool(source.path) and not source.appended)
        self.show()

    def _show_encoding(self, source: Source) -> None:
        from gptstudio.engine.text_files import DecodedText

        how = {"mark": self.tr("marked in the file"), "valid": self.tr("recognised"),
               "detected": self.tr("recognised"), "chosen": self.tr("chosen")}.get(source.how, "")
        self.label.setText(self.tr("{name} was read as ({how}):").format(
            name=Path(source.path).name, how=how))
        self.encoding.blockSignals(True)
        index = self.encoding.findData(source.encoding)
        if index < 0:
            name = DecodedText("", source.encoding, source.how).encoding_name()
            self.encoding.addItem(localized(name), source.encoding)
            index = self.encoding.count() - 1
        self.encoding.setCurrentIndex(index)
        self.encoding.blockSignals(False)

    def show_refused(self, path: str) -> None:
        """The file was not read as text: perhaps it is, in an encoding that was not recognised
        (a UTF-16 file without its mark, a short file in an East Asian encoding). Offer them."""
        self.path, self.refused = path, True
        self.label.setText(self.tr("If {name} is text, choose its encoding to read it:").format(
            name=Path(path).name))
        self.encoding.setCurrentIndex(-1)
        self.encoding.show()
        self.show()

    def forget(self) -> None:
        self.path, self.refused = "", False
        self.hide()

    def _on_chosen(self) -> None:
        if self.path:
            self.encoding_chosen.emit(self.path, self.encoding.currentData())
