"""File ▸ Deleted projects…: what is in the trash folder, with Restore and Empty trash.

A thin view over ProjectStore.list_trash / restore / empty_trash. Deleted projects can be
restored; the earlier models that "Start a new model" set aside are listed beside them, so that
the user sees what takes the space, but are only removed (with everything else) by Empty trash.
"""

from __future__ import annotations

from datetime import datetime

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.projects.project import ProjectError
from gptstudio.projects.store import ProjectStore, TrashEntry
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import describe_error, format_bytes, join_list

COLUMNS = (QT_TRANSLATE_NOOP("TrashDialog", "Project"), QT_TRANSLATE_NOOP("TrashDialog", "Deleted"),
           QT_TRANSLATE_NOOP("TrashDialog", "Size"))
# Each kind of entry, counted in the summary: (kind, the count of one, the count of several).
NOUNS = (("project", QT_TRANSLATE_NOOP("TrashDialog", "{count} deleted project"),
          QT_TRANSLATE_NOOP("TrashDialog", "{count} deleted projects")),
         ("old-model", QT_TRANSLATE_NOOP("TrashDialog", "{count} earlier model"),
          QT_TRANSLATE_NOOP("TrashDialog", "{count} earlier models")),
         ("other", QT_TRANSLATE_NOOP("TrashDialog", "{count} other folder"),
          QT_TRANSLATE_NOOP("TrashDialog", "{count} other folders")))
INTRO = QT_TRANSLATE_NOOP("TrashDialog", "Deleted projects wait here until you empty the trash; "
                                         "Restore puts one back in your list.")


def entry_title(entry: TrashEntry) -> str:
    if entry.kind == "project":
        return entry.name
    if entry.kind == "old-model":
        return translate("TrashDialog", "Earlier model of “{name}”").format(name=entry.name)
    return translate("TrashDialog", "Other files: {name}").format(name=entry.path.name)


def entry_tip(entry: TrashEntry) -> str:
    if entry.kind == "project":
        return translate("TrashDialog", "The project “{name}”: its text, settings and trained "
                                        "model. Restore puts it back in your project list.").format(
            name=entry.name)
    if entry.kind == "old-model":
        return translate("TrashDialog", "The model “{name}” had before a new model was started in "
                                        "it. It is kept here in case you want it back, but it "
                                        "cannot be restored from this window; Empty trash deletes "
                                        "it. Folder: {folder}").format(name=entry.name,
                                                                       folder=entry.path)
    return translate("TrashDialog", "A folder in the trash that is not a project. Empty trash "
                                    "deletes it. Folder: {folder}").format(folder=entry.path)


def entry_detail(entry: TrashEntry) -> str:
    """One sentence under the list about the selected row: what Restore would do with it."""
    if entry.kind == "project":
        return translate("TrashDialog", "Restore puts “{name}” back in your project list and "
                                        "opens it.").format(name=entry.name)
    if entry.kind == "old-model":
        return translate("TrashDialog", "Set aside when “{name}” got a new model. It cannot be "
                                        "restored here; Empty trash deletes it.").format(
            name=entry.name)
    return translate("TrashDialog", "“{name}” is not a project: it cannot be restored; Empty trash "
                                    "deletes it.").format(name=entry.path.name)


def _month_name(month: int) -> str:
    """January to December in the interface's language (1 is January)."""
    names = (translate("TrashDialog", "January"), translate("TrashDialog", "February"),
             translate("TrashDialog", "March"), translate("TrashDialog", "April"),
             translate("TrashDialog", "May", "month"), translate("TrashDialog", "June"),
             translate("TrashDialog", "July"), translate("TrashDialog", "August"),
             translate("TrashDialog", "September"), translate("TrashDialog", "October"),
             translate("TrashDialog", "November"), translate("TrashDialog", "December"))
    return names[month - 1]


def when_text(iso: str, now: datetime | None = None) -> str:
    """ "Today, 14:05", "Yesterday, 09:12" or "3 March 2025, 14:05" (local time)."""
    try:
        when = datetime.fromisoformat(iso).astimezone()
    except (ValueError, OverflowError, OSError):
        return translate("TrashDialog", "unknown", "when it was deleted")
    now = (now or datetime.now()).astimezone()
    days = (now.date() - when.date()).days
    time = f"{when:%H:%M}"
    if days == 0:
        return translate("TrashDialog", "Today, {time}").format(time=time)
    if days == 1:
        return translate("TrashDialog", "Yesterday, {time}").format(time=time)
    return translate("TrashDialog", "{day} {month} {year}, {time}").format(
        day=when.day, month=_month_name(when.month), year=when.year, time=time)


class TrashDialog(QtWidgets.QDialog):
    restored = QtCore.Signal(object)  # the restored project's ProjectInfo (its name may be new)

    def __init__(self, store: ProjectStore, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.entries: list[TrashEntry] = []
        self.setWindowTitle(self.tr("Deleted projects"))
        self.resize(680, 360)

        intro = QtWidgets.QLabel(translate("TrashDialog", INTRO))
        intro.setWordWrap(True)
        self.table = QtWidgets.QTreeWidget()
        self.table.setHeaderLabels([translate("TrashDialog", column) for column in COLUMNS])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setStyleSheet("QTreeView::item { padding: 3px 6px; }"  # air between columns
                                 "QHeaderView::section { padding: 3px 6px; }")
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.headerItem().setTextAlignment(2, QtCore.Qt.AlignmentFlag.AlignRight
                                                 | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(self._restore_activated)
        self.empty_label = QtWidgets.QLabel(self.tr("The trash is empty."))
        self.empty_label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.details = QtWidgets.QLabel()  # what the selected row is, in a sentence
        self.details.setWordWrap(True)
        self.summary = QtWidgets.QLabel()
        self.summary.setWordWrap(True)

        self.restore_button = QtWidgets.QPushButton(self.tr("Restore"))
        self.restore_button.setToolTip(self.tr("Put the selected project back in your project list "
                                               "and open it (renamed “Name (2)” if the name is "
                                               "taken)."))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.setDefault(True)
        self.empty_button = QtWidgets.QPushButton(self.tr("Empty trash…"))
        self.empty_button.setToolTip(self.tr("Delete everything listed here for good (asks "
                                             "first)."))
        self.empty_button.clicked.connect(self.empty_trash)
        close_button = QtWidgets.QPushButton(self.tr("Close"))
        close_button.setToolTip(self.tr("Close this window; the trash stays as it is."))
        close_button.clicked.connect(self.reject)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.empty_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(close_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.refresh()

    # -- the list ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        problem = ""
        try:
            self.entries = self.store.list_trash()
        except ProjectError as error:
            self.entries, problem = [], describe_error(error)
        blocker = QtCore.QSignalBlocker(self.table)  # no selection signals while half rebuilt
        self.table.clear()
        # Rows that cannot be restored are set apart: italic, in the palette's placeholder grey.
        muted = self.palette().color(QtGui.QPalette.ColorRole.PlaceholderText)
        italic = self.table.font()
        italic.setItalic(True)
        for entry in self.entries:
            item = QtWidgets.QTreeWidgetItem(
                [entry_title(entry), when_text(entry.deleted), format_bytes(entry.size)])
            item.setTextAlignment(2, QtCore.Qt.AlignmentFlag.AlignRight
                                  | QtCore.Qt.AlignmentFlag.AlignVCenter)
            for column in range(len(COLUMNS)):
                item.setToolTip(column, entry_tip(entry))
                if not entry.restorable:
                    item.setForeground(column, muted)
                    item.setFont(column, italic)
            self.table.addTopLevelItem(item)
        if self.entries:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        blocker.unblock()
        self.table.setVisible(bool(self.entries))
        self.empty_label.setVisible(not self.entries)
        self.summary.setText(problem or (self._summary() if self.entries else ""))
        self._update_buttons()

    def _summary(self) -> str:
        kinds = [e.kind for e in self.entries]
        parts = [translate("TrashDialog", one if kinds.count(kind) == 1 else several).format(
                     count=kinds.count(kind)) for kind, one, several in NOUNS if kind in kinds]
        return self.tr("{counts}: {size} in all.").format(
            counts=join_list(parts), size=format_bytes(sum(e.size for e in self.entries)))

    def selected(self) -> TrashEntry | None:
        item = self.table.currentItem()
        index = self.table.indexOfTopLevelItem(item) if item is not None else -1
        return self.entries[index] if item is not None and item.isSelected() and index >= 0 else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.details.setText(entry_detail(entry) if entry is not None else "")
        self.details.setVisible(entry is not None)
        self.restore_button.setEnabled(entry is not None and entry.restorable)
        self.empty_button.setEnabled(bool(self.entries))

    # -- actions -------------------------------------------------------------------------------------

    @QtCore.Slot()
    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is None or not entry.restorable:
            return
        try:
            info = self.store.restore(entry)
        except (ProjectError, OSError) as error:
            dialogs.show_error(self, self.tr("Restore"), describe_error(error))
            self.refresh()
            return
        self.accept()
        self.restored.emit(info)

    @QtCore.Slot(QtWidgets.QTreeWidgetItem, int)
    def _restore_activated(self, _item, _column) -> None:
        self.restore_selected()

    @QtCore.Slot()
    def empty_trash(self) -> None:
        if not self.entries:
            return
        freed = format_bytes(sum(e.size for e in self.entries))
        if len(self.entries) == 1:
            question = self.tr("Delete everything in the trash for good ({count} item)? This frees "
                               "{size} of disk space and cannot be undone.")
        else:
            question = self.tr("Delete everything in the trash for good ({count} items)? This frees "
                               "{size} of disk space and cannot be undone.")
        if not dialogs.confirm(self, self.tr("Empty trash"),
                               question.format(count=len(self.entries), size=freed),
                               yes=self.tr("Delete for good")):
            return
        try:
            self.store.empty_trash()
        except (ProjectError, OSError) as error:
            dialogs.show_error(self, self.tr("Empty trash"), describe_error(error))
        self.refresh()
        if not self.entries:
            self.summary.setText(self.tr("The trash was emptied: {size} freed.").format(size=freed))
