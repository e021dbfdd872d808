"""The main window: the tabs, menus, toolbar and status bar over the session (gptstudio.app).

It owns two controllers: ProjectActions (the File menu's work: open, create, save, rename...) and
Runs (what a training run needs and what follows from it, generation, the step-time probe). The
Train tab starts and stops its own run (tabs/train_run.py)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.app.session import Session
from gptstudio.projects.project import Project, ProjectError
from gptstudio.projects.store import ProjectStore
from gptstudio.ui.inspect.inspect_tab import InspectTab
from gptstudio.ui.main.data_folder import DataFolder
from gptstudio.ui.main.language_menu import LanguageMenu
from gptstudio.ui.main.model_exports import ModelExports
from gptstudio.ui.main.presentation import PresentationMode
from gptstudio.ui.main.pretrained_actions import PretrainedActions
from gptstudio.ui.main.project_actions import ProjectActions
from gptstudio.ui.main.project_edits import ProjectEdits
from gptstudio.ui.main.runs import Runs
from gptstudio.ui.main.trash_actions import TrashActions
from gptstudio.ui.main.welcome import WelcomeView
from gptstudio.ui.resources import icon
from gptstudio.ui.tabs.automatic_runs import AutomaticChooser
from gptstudio.ui.tabs.chat_runs import ChatRuns
from gptstudio.ui.tabs.chat_tab import ChatTab
from gptstudio.ui.tabs.corpus_tab import CorpusTab
from gptstudio.ui.tabs.generate_runs import GenerateRuns
from gptstudio.ui.tabs.generate_tab import GenerateTab
from gptstudio.ui.tabs.memorisation import CorpusIndexBuilder
from gptstudio.ui.tabs.settings_panel import SettingsPanel
from gptstudio.ui.tabs.train_tab import TrainTab
from gptstudio.ui.threads import refused, wait_for_pool
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.message_bar import MessageBar
from gptstudio.ui.windows.guide import Guide
from gptstudio.ui.workers import TorchLoader

log = logging.getLogger(__name__)

TAB_CORPUS, TAB_SETTINGS, TAB_TRAIN, TAB_GENERATE, TAB_CHAT, TAB_INSPECT = range(6)


def app_settings() -> QtCore.QSettings:
    """Window state lives beside the projects (GPTSTUDIO_HOME moves both: tests stay isolated).
    Without a usable data folder it is kept nowhere (a path that cannot be created): the window
    still opens, to say so."""
    from gptstudio.projects.paths import data_home

    try:
        folder = data_home()
    except ProjectError:
        folder = Path(os.devnull)
    return QtCore.QSettings(str(folder / "settings.ini"), QtCore.QSettings.Format.IniFormat)


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, store: ProjectStore | None = None, load_torch: bool = True,
                 language: str = "en"):
        super().__init__()
        self.setWindowTitle("GPT Studio")
        self.setWindowIcon(icon("gptstudio"))
        self.data_folder = DataFolder(self)
        self.store = store or self.data_folder.open_store()
        self.settings = app_settings()
        self.session = Session()  # the open project, its tokenizer, the runs: plain Python
        self.devices = ["cpu"]
        self.torch_ready = False
        self.closing = False
        self._compare_window = None
        self.language = language  # the interface's language (View ▸ Language: from the next start)
        self.restart_requested = False  # app.run() starts GPT Studio again once this window closed
        # Set when the system asks GPT Studio to stop (SIGTERM, SIGHUP, Ctrl-C: ui/app.py): close
        # as Quit does, but with no question that no one may be there to answer.
        self.quit_without_asking = False

        self._build_widgets()
        self.project_actions = ProjectActions(self, self.session)
        self.runs = Runs(self, self.session)
        self.generate_runs = GenerateRuns(self, self.session)
        self.edits = ProjectEdits(self, self.session)
        self.pretrained = PretrainedActions(self, self.session)
        self.trash = TrashActions(self, self.session)
        self._build_actions()
        self._connect()
        self._restore_window()
        self.project_actions.refresh_welcome()
        self.update_actions()

        self._torch_loader = TorchLoader()
        self._torch_thread = None
        if load_torch:
            self._torch_thread = self._torch_loader.job()
            self._torch_thread.finished.connect(self._check_torch)
            if not self._torch_thread.start():
                self._torch_loader.error = refused()  # said by _check_torch, as any failure
                QtCore.QTimer.singleShot(0, self._check_torch)

    @property
    def project(self) -> Project | None:
        """The open project (the session's), or None."""
        return self.session.project

    @QtCore.Slot()
    def _check_torch(self) -> None:
        if self._torch_thread is None or self._torch_thread.is_running():
            return
        self.torch_ready = self._torch_loader.error is None
        self.runs.torch_loaded(self._torch_loader)
        if not self.torch_ready:
            return
        self.runs.schedule_probe()
        if self.project is not None and self.settings_panel.automatic_chosen():
            self.edits.request_automatic()  # asked for before PyTorch was there

    # -- building ------------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.welcome = WelcomeView()
        self.corpus_tab = CorpusTab()
        self.settings_panel = SettingsPanel()
        self.train_tab = TrainTab()
        self.generate_tab = GenerateTab()
        self.chat_tab = ChatTab()
        self.chat_runs = ChatRuns(self)  # the model the Chat tab talks to, and its workers
        self.inspect_tab = InspectTab()
        self.corpus_index = CorpusIndexBuilder()  # for "Mark text copied from the corpus"
        # Automatic settings, measured off the GUI thread, never while the probe or training runs.
        self.automatic = AutomaticChooser(self, busy=lambda: self.edits.timing_or_training())
        settings_scroll = QtWidgets.QScrollArea()
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setWidget(self.settings_panel)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self.corpus_tab, icon("corpus"), self.tr("1 · Corpus"))
        self.tabs.addTab(settings_scroll, icon("settings"),
                         self.tr("2 · Model && Training settings"))
        self.tabs.addTab(self.train_tab, icon("train"), self.tr("3 · Train"))
        self.tabs.addTab(self.generate_tab, icon("generate"), self.tr("4 · Generate"))
        self.tabs.addTab(self.chat_tab, self.tr("5 · Chat"))
        self.tabs.addTab(self.inspect_tab, self.tr("6 · Look inside"))
        tips = (self.tr("The text the model learns from. Edit it, paste into it, or open a file."),
                self.tr("How big the model is and how it learns, with presets for beginners."),
                self.tr("Train the model and watch the loss fall and its writing improve."),
                self.tr("Let the trained model write."),
                self.tr("Talk to a model trained on conversations: it answers each message."),
                self.tr("See inside the model: what it predicts next, what it pays attention to, "
                        "and how your text is cut into tokens."))
        for index, tip in enumerate(tips):
            self.tabs.setTabToolTip(index, tip)
        self.message_bar = MessageBar()
        workspace = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(workspace)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.tabs, 1)
        self.welcome_bar = MessageBar()
        welcome_page = QtWidgets.QWidget()
        welcome_layout = QtWidgets.QVBoxLayout(welcome_page)
        welcome_layout.addWidget(self.welcome_bar)
        welcome_scroll = QtWidgets.QScrollArea()
        welcome_scroll.setWidgetResizable(True)
        welcome_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        welcome_scroll.setWidget(self.welcome)
        welcome_layout.addWidget(welcome_scroll, 1)
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(welcome_page)
        self.stack.addWidget(workspace)
        self.setCentralWidget(self.stack)
        self._build_status_bar()

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.device_label = QtWidgets.QLabel(self.tr("Device: starting…"))
        self.device_label.setToolTip(self.tr("Where the model is trained: the graphics card (GPU) "
                                             "if there is one, else the processor (CPU)."))
        self.project_label = QtWidgets.QLabel(self.tr("No project"))
        self.project_label.setToolTip(
            self.tr("The open project. Everything is saved automatically."))
        self.state_label = QtWidgets.QLabel(self.tr("Ready"))
        self.state_label.setToolTip(self.tr("What GPT Studio is doing now."))
        status.addWidget(self.project_label, 1)
        status.addPermanentWidget(self.state_label)
        status.addPermanentWidget(self.device_label)

    def _action(self, text, slot, shortcut=None, tip="", icon_name=None) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QtGui.QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_action = a(self.tr("&New project…"), self.project_actions.new_project, "Ctrl+N",
                            self.tr("Create a project from a demo text or a text file."), "new")
        self.new_from_file_action = a(
            self.tr("New project from a &text file…"), self.project_actions.create_from_file,
            "Ctrl+Shift+N", self.tr("Choose a text file of your own: a new project learns from it, "
                                    "with settings chosen for it."), "new")
        self.open_action = a(self.tr("&Open project…"), self.project_actions.choose_project, "Ctrl+O",
                             self.tr("Open one of your projects."), "open")
        self.close_action = a(self.tr("&Close project"), self.project_actions.show_welcome, "Ctrl+W",
                              self.tr("Save and close the project, back to the start page."))
        self.rename_action = a(self.tr("&Rename project…"), self.project_actions.rename_project, None,
                               self.tr("Give the project a new name."))
        self.duplicate_action = a(self.tr("&Duplicate project…"), self.project_actions.duplicate_project, None,
                                  self.tr("Make a copy of the project, model included, to try "
                                     "something without losing the original."))
        self.delete_action = a(self.tr("De&lete project…"), self.trash.delete_project, None,
                               self.tr("Move the project to the trash folder (asks first); "
                                  "File ▸ Deleted projects… can restore it."))
        self.export_action = a(self.tr("&Export project file…"), self.project_actions.export_project, "Ctrl+E",
                               self.tr("Save the whole project (text, settings, model) as one .zip "
                                  "file."), "export")
        self.import_action = a(self.tr("&Import project file…"), self.project_actions.import_project, "Ctrl+I",
                               self.tr("Open a project from a .zip file."), "import")
        self.pretrained_action = a(self.tr("New project from a &pretrained model…"),
                                   self.pretrained.show_pretrained_models, None,
                                   self.tr("Download a pretrained model such as GPT-2 by its name "
                                           "and fine-tune it on your text."), "new")
        self.gpt2_action = a(self.tr("New project from a &GPT-2 folder…"),
                             self.pretrained.create_from_gpt2_folder, None,
                             self.tr("Start from a pretrained GPT-2 (a Hugging Face model folder "
                                     "on this computer) and fine-tune it on your text."), "new")
        self.export_hf_action = a(self.tr("Export to &Hugging Face format…"), self.pretrained.export_hf,
                                  None, self.tr("Write the trained model as a GPT-2 folder that "
                                                "the transformers library can load."), "export")
        self.model_exports = ModelExports(self, self.export_hf_action)  # File ▸ Export model
        self.quit_action = a(self.tr("&Quit"), self.close, "Ctrl+Q",
                             self.tr("Close GPT Studio (your work is saved)."))
        self.trash_action = a(self.tr("Deleted pro&jects…"), self.trash.show_trash, None,
                              self.tr("See the projects you deleted: restore one, or empty the "
                                      "trash to free disk space."))
        self._build_model_actions()
        self._build_menus()
        self._build_toolbar()
        self.project_actions.rebuild_recent_menu()

    def _build_model_actions(self) -> None:
        """The Model and Help menus' actions (the File menu's are _build_actions' own)."""
        a = self._action
        self.train_action = a(self.tr("&Train"), self.train_on_its_tab, "F5",
                              self.tr("Train the model (continues from the last checkpoint)."),
                              "train")
        self.pause_action = a(self.tr("&Pause / Resume"), self.train_tab.toggle_pause, "F6",
                              self.tr("Pause or resume training."), "pause")
        self.stop_action = a(self.tr("&Stop"), self.runs.stop_work, "Esc",
                             self.tr("Stop training (saving a checkpoint) or stop writing."),
                             "stop")
        self.generate_action = a(self.tr("&Generate"), self.generate_on_its_tab,
                                 ["Ctrl+Return", "Ctrl+Enter"],
                                 self.tr("Write text with the trained model."), "generate")
        self.about_action = a(self.tr("&About GPT Studio"), self.show_about, None,
                              self.tr("What this program is."))
        self.compare_action = a(self.tr("&Compare projects…"), self.open_compare, None,
                                self.tr("Put the loss curves of several trained projects on one "
                                        "plot, and let each write from the same prompt and seed."))
        self.log_folder_action = a(self.tr("Show &log folder"), self.project_actions.show_log_folder, None,
                                   self.tr("Open the folder with GPT Studio's log file, which has "
                                           "the details of any error (useful in a bug report)."))

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.new_action, self.new_from_file_action, self.open_action):
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu(self.tr("Recent projects"))
        self.recent_menu.setToolTipsVisible(True)
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        for action in (self.rename_action, self.duplicate_action, self.delete_action,
                       self.trash_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.pretrained_action)
        file_menu.addAction(self.gpt2_action)
        file_menu.addMenu(self.model_exports.menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        run_menu = menu.addMenu(self.tr("&Model"))
        for action in (self.train_action, self.pause_action, self.stop_action, self.generate_action):
            run_menu.addAction(action)
        run_menu.addSeparator()
        run_menu.addAction(self.compare_action)
        self.presentation = PresentationMode(self, self.settings)
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addAction(self.presentation.action)
        view_menu.addSeparator()
        self.language_menu = LanguageMenu(self, self.settings, running=self.language)
        self.language_menu.restart_requested.connect(self.restart)
        view_menu.addMenu(self.language_menu.menu)
        help_menu = menu.addMenu(self.tr("&Help"))
        self.guide = Guide(self)  # Help ▸ Guide (F1)
        help_menu.addAction(self.guide.action)
        help_menu.addAction(self.log_folder_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        for m in (file_menu, run_menu, view_menu, help_menu):
            m.setToolTipsVisible(True)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Main", "toolbar name"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.new_action, self.open_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.train_action, self.pause_action, self.stop_action, self.generate_action):
            toolbar.addAction(action)

    def _connect(self) -> None:
        self.welcome.demo_chosen.connect(self.project_actions.create_from_demo)
        self.welcome.file_requested.connect(self.project_actions.create_from_file)
        self.welcome.open_requested.connect(self.project_actions.open_project)
        self.welcome.import_requested.connect(self.project_actions.import_project)
        self.welcome.pretrained_requested.connect(self.pretrained.show_pretrained_models)
        self.corpus_tab.message.connect(self.show_message)
        self.corpus_tab.message_undone.connect(self.message_bar.withdraw)
        self.corpus_tab.mode_suggested.connect(self.settings_panel.set_mode)
        self.automatic.chosen.connect(self.settings_panel.apply_automatic)
        self.train_tab.message.connect(self.show_message)
        self.corpus_index.built.connect(self.generate_tab.set_corpus_index)
        self.generate_tab.explore_requested.connect(self.explore_next_token)
        self.chat_tab.explore_requested.connect(self.explore_next_token)
        self.settings_panel.validity_changed.connect(lambda _valid: self.update_actions())

    # -- messages and state --------------------------------------------------------------------------

    @QtCore.Slot(str, str)
    def show_message(self, level: str, text: str) -> None:
        bar = self.message_bar if self.project is not None else self.welcome_bar
        bar.show_message(level, text)
        (log.warning if level in ("error", "warning") else log.info)("%s: %s", level, text)

    def set_state(self, text: str) -> None:
        self.state_label.setText(text)

    def update_actions(self) -> None:
        has = self.project is not None
        training = self.train_tab.is_training()
        for action in (self.rename_action, self.duplicate_action, self.delete_action, self.export_action):
            action.setEnabled(has and not training)
        self.close_action.setEnabled(has)  # during a run it asks first, as quitting does
        self.corpus_tab.set_training(training)  # the run learns from the text as it took it
        self.export_hf_action.setEnabled(has and not training and self.project.has_trained_model())
        self.model_exports.update_enabled(has, training, has and self.project.has_trained_model())
        valid = has and self.settings_panel.is_valid()
        self.train_action.setEnabled(valid and not training)
        self.pause_action.setEnabled(training)
        self.stop_action.setEnabled(training or self.generate_runs.is_generating())
        self.generate_action.setEnabled(has and self.project.has_trained_model())
        reason = "" if valid else self.tr(
            "Fix the settings marked in red in Model & Training settings first.")
        self.train_tab.set_can_train(valid, reason)
        self.chat_runs.refresh()

    # Train and Generate from the toolbar, the menu or their keys work from any tab, and show
    # their tab: a run on a hidden tab looks like nothing happened.

    @QtCore.Slot()
    def train_on_its_tab(self) -> None:
        self.tabs.setCurrentWidget(self.train_tab)
        self.train_tab.trigger_start()

    @QtCore.Slot()
    def generate_on_its_tab(self) -> None:
        self.tabs.setCurrentWidget(self.generate_tab)
        self.generate_tab.request_generate()

    @QtCore.Slot()
    def open_compare(self) -> None:
        from gptstudio.ui.windows.compare_window import CompareWindow

        if self.data_folder.unusable():
            return
        current = self.project.name if self.project is not None else None
        if self._compare_window is None:
            self._compare_window = CompareWindow(self.store, current=current, parent=self)
        else:
            self._compare_window.refresh(current)  # a run may have finished since; ticks are kept
        self._compare_window.show()
        self._compare_window.raise_()
        self._compare_window.activateWindow()

    @QtCore.Slot(str, object)
    def explore_next_token(self, prompt: str, config) -> None:
        """From a token in the Generate tab to Look inside ▸ Next token at that point."""
        self.tabs.setCurrentWidget(self.inspect_tab)
        self.inspect_tab.views.setCurrentWidget(self.inspect_tab.explorer)
        self.inspect_tab.explorer.set_sample_config(config)
        self.inspect_tab.explorer.set_prompt(prompt)

    # -- window --------------------------------------------------------------------------------------

    @QtCore.Slot()
    def show_about(self) -> None:
        from gptstudio import __version__

        QtWidgets.QMessageBox.about(
            self, self.tr("About GPT Studio"),
            self.tr("<b>GPT Studio {version}</b><p>Train a small GPT language model on your own "
                    "text and watch it learn. Projects are kept in the user data folder.</p>").format(
                version=__version__))

    def _restore_window(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 780)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        self.presentation.restore_from_settings()

    def restore_last_project(self) -> None:
        if self.data_folder.unusable():
            return
        name = self.settings.value("last_project")
        try:
            infos = self.store.list()
        except (ProjectError, OSError):
            return  # the start view says why
        if name and any(info.name == name and info.ok for info in infos):
            self.project_actions.open_project(str(name))

    def stop_all_workers(self) -> None:
        self.train_tab.stop_time_travel()
        for holder in (self.train_tab.run, self.generate_runs, self.runs, self.pretrained.slow_thread,
                       self.automatic, self.chat_runs):
            if holder is not None and not holder.stop_and_wait(120_000):
                log.error("a worker did not stop in time")
        wait_for_pool(30_000)  # corpus statistics, loading a model to look inside
        # Their final queued signals (done, last events) are delivered now, not after we are gone.
        QtCore.QCoreApplication.processEvents()

    def shutdown(self) -> None:
        """Stop every worker and save; safe to call more than once."""
        self.presentation.shutdown()  # the font is application-wide: give it back
        self.closing = True
        if self._compare_window is not None:
            self._compare_window.shutdown()
        if self.pretrained.pretrained_dialog is not None:
            self.pretrained.pretrained_dialog.shutdown()
        self.runs.probe_timer.stop()
        self.stop_all_workers()
        self.model_exports.shutdown()
        if self.project is not None:
            self.project_actions.save_project()
            if self.session.lock is not None:
                self.session.lock.release()
                self.session.lock = None
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.sync()

    @QtCore.Slot()
    def restart(self) -> None:
        """Close (asking first if training runs) and have app.run() start GPT Studio again."""
        self.restart_requested = True
        if not self.close():
            self.restart_requested = False

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.train_tab.is_training() and not self.quit_without_asking and not dialogs.confirm(
                self, self.tr("Training is running"),
                self.tr("Training is still running. Stop it, save a checkpoint and quit?"),
                yes=self.tr("Stop and quit"), no=self.tr("Keep training")):
            event.ignore()
            return
        self.train_tab.stop()  # says "stopping" on the tab while the checkpoint is saved
        self.shutdown()
        event.accept()
