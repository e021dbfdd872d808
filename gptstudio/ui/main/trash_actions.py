"""Deleting a project and bringing it back: Delete moves the project to the trash folder (after
asking), File ▸ Deleted projects… lists what is there and restores a project. A controller
MainWindow owns (`window.trash`)."""

from __future__ import annotations

from PySide6 import QtCore

from gptstudio.app.session import Session
from gptstudio.projects.project import ProjectError
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import describe_error, localized


class TrashActions(QtCore.QObject):
    def __init__(self, window, session: Session):
        super().__init__(window)
        self.window, self.session = window, session
        self.trash_dialog = None  # the File ▸ Deleted projects… dialog, once shown

    @QtCore.Slot()
    def delete_project(self) -> None:
        if self.session.project is None:
            return
        name = self.session.project.name
        if not dialogs.confirm(self.window, self.tr("Delete project"),
                               self.tr("Move the project “{name}” (text, settings and trained model) "
                                       "to the trash folder?").format(name=name),
                               yes=self.tr("Delete", "button: move the project to the trash")):
            return
        self.window.project_actions.close_project()
        try:
            where = self.window.store.delete(name)
        except (ProjectError, OSError) as error:
            self.window.show_message("error", describe_error(error))
            return
        self.window.project_actions.forget_recent(name)
        self.window.project_actions.show_welcome()
        self.window.welcome_bar.show_message("info", self.tr("“{name}” was moved to the trash folder "
                                                      "({folder}); File ▸ Deleted projects… can "
                                                      "restore it.").format(name=name, folder=where))

    @QtCore.Slot()
    def show_trash(self) -> None:
        """File ▸ Deleted projects…: a window-modal dialog (open(), not exec(): tests can drive it)."""
        from gptstudio.ui.windows.trash_dialog import TrashDialog

        if self.window.data_folder.unusable():
            return
        if self.trash_dialog is not None:
            self.trash_dialog.deleteLater()
        self.trash_dialog = TrashDialog(self.window.store, self.window)
        self.trash_dialog.restored.connect(self._on_project_restored)
        self.trash_dialog.open()

    @QtCore.Slot(object)
    def _on_project_restored(self, info) -> None:
        self.window.project_actions.refresh_welcome()
        if not info.ok:
            self.window.show_message("warning", self.tr("Restored “{name}”, but it cannot be opened: "
                                                 "{error}").format(name=info.name, error=localized(info.error)))
        elif self.window.project_actions.open_project(info.name):
            self.window.show_message("info", self.tr("Restored “{name}” from the trash.").format(
                name=info.name))
        else:  # the user kept the open project open (it is training)
            self.window.show_message("info", self.tr("Restored “{name}”: it is back in your project "
                                              "list.").format(name=info.name))
