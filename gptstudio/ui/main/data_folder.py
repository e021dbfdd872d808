"""The folder the projects are kept in: opened at start, and when it cannot be used (not
writable, gone), the start view says why and offers to choose another, kept for the next start."""

from __future__ import annotations

import logging
import os

from PySide6 import QtCore

from gptstudio.projects.project import ProjectError
from gptstudio.projects.store import ProjectStore
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import describe_error, localized

log = logging.getLogger(__name__)


class DataFolder(QtCore.QObject):
    """Owned by MainWindow (`window.data_folder`); sets `window.store` when a folder is chosen."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.problem: str | None = None  # why the data folder cannot be used (a sentence), if so

    def open_store(self) -> ProjectStore | None:
        from gptstudio.projects.paths import data_folder_problem

        self.problem = data_folder_problem()
        if self.problem is None:
            try:
                return ProjectStore()
            except (ProjectError, OSError) as error:  # the folder changed since it was checked
                self.problem = describe_error(error)
        log.error("no data folder: %s", self.problem)
        return None

    def unusable(self) -> bool:
        """True while there is no usable data folder; the start view then says why and offers to
        choose another."""
        if self.problem is None:
            return False
        self.window.stack.setCurrentIndex(0)
        self.window.welcome_bar.show_message(
            "error", self.tr("{problem} Choose another folder to keep your projects in.").format(
                problem=localized(self.problem)),
            action=(self.tr("Choose a folder…"), self.choose_data_folder),
            tip=self.tr("Pick a folder you can write in: GPT Studio keeps your projects there, now "
                        "and at the next start."))
        return True

    @QtCore.Slot()
    def choose_data_folder(self) -> None:
        from gptstudio.projects.paths import data_folder_problem
        from gptstudio.ui.app import remember_data_folder, setup_logging

        folder = dialogs.choose_folder(self.window, self.tr("Choose a folder for your projects"))
        if not folder:
            self.unusable()
            return
        before = os.environ.get("GPTSTUDIO_HOME")
        os.environ["GPTSTUDIO_HOME"] = folder
        problem = data_folder_problem()
        if problem is None:
            try:
                self.window.store = ProjectStore()
            except (ProjectError, OSError) as error:
                problem = describe_error(error)
        if problem is not None:
            if before is None:
                del os.environ["GPTSTUDIO_HOME"]
            else:
                os.environ["GPTSTUDIO_HOME"] = before
            self.problem = problem
            self.unusable()
            return
        self.problem = None
        remember_data_folder(folder)
        setup_logging()
        self.window.project_actions.refresh_welcome()
        self.window.welcome_bar.show_message("info", self.tr(
            "GPT Studio keeps your projects in {folder} from now on.").format(folder=folder))
