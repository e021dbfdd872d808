"""The main window: ties the project on disk to the four tabs and the background workers."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import IMPORTED_TOKENIZERS
from gptstudio.engine.errors import name_character
from gptstudio.projects.lock import ProjectLock
from gptstudio.projects.project import Project, ProjectError
from gptstudio.projects.store import ProjectStore
from gptstudio.ui.inspect.inspect_tab import InspectTab
from gptstudio.ui.main.language_menu import LanguageMenu
from gptstudio.ui.main.model_exports import ModelExports
from gptstudio.ui.main.presentation import PresentationMode
from gptstudio.ui.main.project_actions import ProjectActions
from gptstudio.ui.main.runs import Runs
from gptstudio.ui.main.welcome import WelcomeView
from gptstudio.ui.resources import icon
from gptstudio.ui.tabs.automatic_runs import AutomaticChooser
from gptstudio.ui.tabs.chat_runs import ChatRuns
from gptstudio.ui.tabs.chat_tab import ChatTab
from gptstudio.ui.tabs.corpus_tab import CorpusTab
from gptstudio.ui.tabs.generate_tab import GenerateTab
from gptstudio.ui.tabs.memorisation import CorpusIndexBuilder
from gptstudio.ui.tabs.settings_panel import SettingsPanel
from gptstudio.ui.tabs.train_tab import TrainTab
from gptstudio.ui.threads import JobGroup, refused, wait_for_pool
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.message_bar import MessageBar
from gptstudio.ui.widgets.text import describe_error, join_list, localized
from gptstudio.ui.windows.guide import Guide
from gptstudio.ui.workers import (
    TorchLoader,
    WorkerThread,
)

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


class MainWindow(ProjectActions, Runs, QtWidgets.QMainWindow):
    def __init__(self, store: ProjectStore | None = None, load_torch: bool = True,
                 language: str = "en"):
        super().__init__()
        self.setWindowTitle("GPT Studio")
        self.setWindowIcon(icon("gptstudio"))
        self._data_problem = None  # why the data folder cannot be used (a sentence), if it cannot
        self.store = store or self._open_store()
        self.settings = app_settings()
        self.project: Project | None = None
        self._lock: ProjectLock | None = None
        self._tokenizer = None  # the project's tokenizer, to tell which new characters it knows
        self._new_model_pending = False
        self._assume_automatic = False  # the opened project's settings are Automatic's choice
        self.train_thread: WorkerThread | None = None
        self.generate_thread: WorkerThread | None = None
        self.probe_thread: WorkerThread | None = None
        self.slow_thread: WorkerThread | None = None  # GPT-2 import, Hugging Face export
        # A big tokenizer file is read in the job pool; each read has a number, the newest is shown.
        self._tokenizer_request = 0
        self._tokenizer_jobs = JobGroup(self)  # reading a big tokenizer file
        self._step_times: dict[tuple, float] = {}
        self.devices = ["cpu"]
        self.torch_ready = False
        self._closing = False
        self._compare_window = None
        self._pretrained_dialog = None  # kept: its threads may still be ending after it closes
        self.language = language  # the interface's language (View ▸ Language: from the next start)
        self.restart_requested = False  # app.run() starts GPT Studio again once this window closed
        # Set when the system asks GPT Studio to stop (SIGTERM, SIGHUP, Ctrl-C: ui/app.py): close
        # as Quit does, but with no question that no one may be there to answer.
        self.quit_without_asking = False

        self._build_widgets()
        self._build_actions()
        self._connect()
        self._restore_window()
        self.refresh_welcome()
        self._update_actions()

        self._torch_loader = TorchLoader()
        self._torch_thread = None
        if load_torch:
            self._torch_thread = self._torch_loader.job()
            self._torch_thread.finished.connect(self._check_torch)
            if not self._torch_thread.start():
                self._torch_loader.error = refused()  # said by _check_torch, as any failure
                QtCore.QTimer.singleShot(0, self._check_torch)

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
        self.automatic = AutomaticChooser(self, busy=self._timing_or_training)
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
        self.new_action = a(self.tr("&New project…"), self.show_welcome, "Ctrl+N",
                            self.tr("Create a project from a demo text or a text file."), "new")
        self.open_action = a(self.tr("&Open project…"), self.choose_project, "Ctrl+O",
                             self.tr("Open one of your projects."), "open")
        self.rename_action = a(self.tr("&Rename project…"), self.rename_project, None,
                               self.tr("Give the project a new name."))
        self.duplicate_action = a(self.tr("&Duplicate project…"), self.duplicate_project, None,
                                  self.tr("Make a copy of the project, model included, to try "
                                     "something without losing the original."))
        self.delete_action = a(self.tr("De&lete project…"), self.delete_project, None,
                               self.tr("Move the project to the trash folder (asks first); "
                                  "File ▸ Deleted projects… can restore it."))
        self.export_action = a(self.tr("&Export project file…"), self.export_project, "Ctrl+E",
                               self.tr("Save the whole project (text, settings, model) as one .zip "
                                  "file."), "export")
        self.import_action = a(self.tr("&Import project file…"), self.import_project, "Ctrl+I",
                               self.tr("Open a project from a .zip file."), "import")
        self.pretrained_action = a(self.tr("New project from a &pretrained model…"),
                                   self.show_pretrained_models, None,
                                   self.tr("Download a pretrained model such as GPT-2 by its name "
                                           "and fine-tune it on your text."), "new")
        self.gpt2_action = a(self.tr("New project from a &GPT-2 folder…"),
                             self.create_from_gpt2_folder, None,
                             self.tr("Start from a pretrained GPT-2 (a Hugging Face model folder "
                                     "on this computer) and fine-tune it on your text."), "new")
        self.export_hf_action = a(self.tr("Export to &Hugging Face format…"), self.export_hf,
                                  None, self.tr("Write the trained model as a GPT-2 folder that "
                                                "the transformers library can load."), "export")
        self.model_exports = ModelExports(self, self.export_hf_action)  # File ▸ Export model
        self.quit_action = a(self.tr("&Quit"), self.close, "Ctrl+Q",
                             self.tr("Close GPT Studio (your work is saved)."))
        self.train_action = a(self.tr("&Train"), self.train_on_its_tab, "F5",
                              self.tr("Train the model (continues from the last checkpoint)."),
                              "train")
        self.pause_action = a(self.tr("&Pause / Resume"), self.toggle_pause, "F6",
                              self.tr("Pause or resume training."), "pause")
        self.stop_action = a(self.tr("&Stop"), self.stop_work, "Esc",
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
        self.trash_action = a(self.tr("Deleted pro&jects…"), self.show_trash, None,
                              self.tr("See the projects you deleted: restore one, or empty the "
                                      "trash to free disk space."))
        self.log_folder_action = a(self.tr("Show &log folder"), self.show_log_folder, None,
                                   self.tr("Open the folder with GPT Studio's log file, which has "
                                           "the details of any error (useful in a bug report)."))

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.new_action, self.open_action):
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu(self.tr("Recent projects"))
        self.recent_menu.setToolTipsVisible(True)
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

        toolbar = self.addToolBar(self.tr("Main", "toolbar name"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.new_action, self.open_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.train_action, self.pause_action, self.stop_action, self.generate_action):
            toolbar.addAction(action)
        self._rebuild_recent_menu()

    def _connect(self) -> None:
        self.welcome.demo_chosen.connect(self.create_from_demo)
        self.welcome.file_requested.connect(self.create_from_file)
        self.welcome.open_requested.connect(self.open_project)
        self.welcome.import_requested.connect(self.import_project)
        self.welcome.pretrained_requested.connect(self.show_pretrained_models)
        self.corpus_tab.text_edited.connect(self._on_corpus_edited)
        self.corpus_tab.message.connect(self.show_message)
        self.corpus_tab.stats_ready.connect(self._on_corpus_stats)
        self.corpus_tab.mode_suggested.connect(self.settings_panel.set_mode)
        self.settings_panel.automatic_requested.connect(self._on_automatic_requested)
        self.automatic.chosen.connect(self.settings_panel.apply_automatic)
        self.automatic.failed.connect(self._on_automatic_failed)
        self.train_tab.message.connect(self.show_message)
        self.corpus_index.built.connect(self.generate_tab.set_corpus_index)
        self.generate_tab.explore_requested.connect(self.explore_next_token)
        self.chat_tab.explore_requested.connect(self.explore_next_token)
        self.settings_panel.changed.connect(self._on_settings_changed)
        self.settings_panel.validity_changed.connect(lambda _valid: self._update_actions())
        self.settings_panel.new_model_requested.connect(self._on_new_model_requested)
        self.train_tab.start_requested.connect(self.start_training)
        self.train_tab.more_requested.connect(self.train_more)
        self.train_tab.model_choice_changed.connect(self._on_model_choice_changed)
        self.train_tab.pause_requested.connect(self.pause_training)
        self.train_tab.resume_requested.connect(self.resume_training)
        self.train_tab.stop_requested.connect(self.stop_training)
        self.generate_tab.generate_requested.connect(self.start_generation)
        self.generate_tab.stop_requested.connect(self.stop_generation)
        self.generate_tab.save_requested.connect(self.save_output)
        self._probe_timer = QtCore.QTimer(self)
        self._probe_timer.setSingleShot(True)
        self._probe_timer.setInterval(600)
        self._probe_timer.timeout.connect(self._start_probe)

    # -- the data folder ------------------------------------------------------------------------------

    def _open_store(self) -> ProjectStore | None:
        from gptstudio.projects.paths import data_folder_problem

        self._data_problem = data_folder_problem()
        if self._data_problem is None:
            try:
                return ProjectStore()
            except (ProjectError, OSError) as error:  # the folder changed since it was checked
                self._data_problem = describe_error(error)
        log.error("no data folder: %s", self._data_problem)
        return None

    def _no_data_folder(self) -> bool:
        """True while there is no usable data folder; the start view then says why and offers to
        choose another."""
        if self._data_problem is None:
            return False
        self.stack.setCurrentIndex(0)
        self.welcome_bar.show_message(
            "error", self.tr("{problem} Choose another folder to keep your projects in.").format(
                problem=localized(self._data_problem)),
            action=(self.tr("Choose a folder…"), self.choose_data_folder),
            tip=self.tr("Pick a folder you can write in: GPT Studio keeps your projects there, now "
                        "and at the next start."))
        return True

    @QtCore.Slot()
    def choose_data_folder(self) -> None:
        from gptstudio.projects.paths import data_folder_problem
        from gptstudio.ui.app import remember_data_folder, setup_logging

        folder = dialogs.choose_folder(self, self.tr("Choose a folder for your projects"))
        if not folder:
            self._no_data_folder()
            return
        before = os.environ.get("GPTSTUDIO_HOME")
        os.environ["GPTSTUDIO_HOME"] = folder
        problem = data_folder_problem()
        if problem is None:
            try:
                self.store = ProjectStore()
            except (ProjectError, OSError) as error:
                problem = describe_error(error)
        if problem is not None:
            if before is None:
                del os.environ["GPTSTUDIO_HOME"]
            else:
                os.environ["GPTSTUDIO_HOME"] = before
            self._data_problem = problem
            self._no_data_folder()
            return
        self._data_problem = None
        remember_data_folder(folder)
        setup_logging()
        self.refresh_welcome()
        self.welcome_bar.show_message("info", self.tr(
            "GPT Studio keeps your projects in {folder} from now on.").format(folder=folder))

    # -- messages and state --------------------------------------------------------------------------

    @QtCore.Slot(str, str)
    def show_message(self, level: str, text: str) -> None:
        bar = self.message_bar if self.project is not None else self.welcome_bar
        bar.show_message(level, text)
        (log.warning if level in ("error", "warning") else log.info)("%s: %s", level, text)

    def _set_state(self, text: str) -> None:
        self.state_label.setText(text)

    def is_training(self) -> bool:
        return self.train_thread is not None and self.train_thread.is_running()

    def is_generating(self) -> bool:
        return self.generate_thread is not None and self.generate_thread.is_running()

    def _update_actions(self) -> None:
        has = self.project is not None
        training = self.is_training()
        for action in (self.rename_action, self.duplicate_action, self.delete_action, self.export_action):
            action.setEnabled(has and not training)
        self.export_hf_action.setEnabled(has and not training and self.project.has_trained_model())
        self.model_exports.update_enabled(has, training, has and self.project.has_trained_model())
        valid = has and self.settings_panel.is_valid()
        self.train_action.setEnabled(valid and not training)
        self.pause_action.setEnabled(training)
        self.stop_action.setEnabled(training or self.is_generating())
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

        if self._no_data_folder():
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

    # -- corpus and settings --------------------------------------------------------------------------

    @QtCore.Slot()
    def _on_corpus_edited(self) -> None:
        if self.project is None:
            return
        try:
            self.project.write_corpus(self.corpus_tab.text())
        except (ProjectError, OSError) as error:
            self.show_message("error", self.tr(
                "Could not save the text: {problem}. It is still in the editor and is saved again "
                "at your next change.").format(problem=describe_error(error)))
        self._update_trained_notice()
        data = self.settings_panel.settings()[0]
        self.inspect_tab.set_corpus(self.corpus_tab.text(), data.tokenizer, data.bpe_vocab_size)

    def _update_trained_notice(self) -> None:
        project = self.project
        if project is None or not project.has_trained_model() or self._new_model_pending:
            self.corpus_tab.set_trained_notice(None)
            return
        text = self.corpus_tab.text()
        if text == self._trained_corpus_marker():
            self.corpus_tab.set_trained_notice(None)
            return
        unknown = self._unknown_in(text)
        if unknown:
            shown = join_list(localized(name_character(u)) for u in unknown[:8])
            self.corpus_tab.set_trained_notice(
                self.tr("The model was trained on a different text. The new text has characters it "
                        "has never seen ({characters}), so it cannot keep training on it: start a new "
                        "model in Model & Training settings to learn from it.").format(
                    characters=shown))
        else:
            self.corpus_tab.set_trained_notice(
                self.tr("The model was trained on a different text. Press Train to keep training it "
                        "on the new text, or start a new model in Model & Training settings to begin "
                        "from scratch."))

    def _unknown_in(self, text: str) -> list[str]:
        """What of the text the trained model's tokenizer has never seen (in a conversation: of
        what its turns say; a text that cannot be read as one is for training to report)."""
        from gptstudio.engine.data import model_text
        from gptstudio.engine.errors import CorpusError

        try:
            read = model_text(text, self.project.data.mode if self.project else "continuous")
        except CorpusError:
            return []
        return self._tokenizer.unknown_in(read) if self._tokenizer is not None else []

    def _trained_corpus_marker(self) -> str | None:
        return getattr(self, "_corpus_at_training", None)

    def _push_stats_settings(self) -> None:
        data, model, _train, _preset = self.settings_panel.settings()
        imported = data.tokenizer in IMPORTED_TOKENIZERS and self.project is not None
        self.corpus_tab.set_stats_settings(data.tokenizer, data.bpe_vocab_size, data.mode,
                                           model.block_size, data.val_fraction,
                                           str(self.project.tokenizer_path) if imported else "")
        self.inspect_tab.set_corpus(self.corpus_tab.text(), data.tokenizer, data.bpe_vocab_size)

    @QtCore.Slot()
    def _on_settings_changed(self) -> None:
        if self.project is None:
            return
        self._apply_settings_to_project()
        try:
            self.project.save()
        except (ProjectError, OSError) as error:
            self.show_message("error", self.tr("Could not save the settings: {problem}").format(
                problem=describe_error(error)))
        self._push_stats_settings()
        self._update_actions()
        self._schedule_probe()

    @QtCore.Slot(object)
    def _on_corpus_stats(self, report) -> None:
        self.train_tab.set_baseline(report.unigram)
        self._schedule_probe()  # batches of examples are as wide as the text's examples
        if self._assume_automatic:  # a project opened again: its saved choice is for this text
            self._assume_automatic = False
            key = self._automatic_key()
            if key is not None:
                self.automatic.assume(key)
                return
        if self.settings_panel.automatic_chosen():
            self._request_automatic()  # a new text: chosen again (the same one is not)

    @QtCore.Slot(int)
    def _on_automatic_requested(self, _minutes: int) -> None:
        self._request_automatic()  # the panel's budget is read there

    def _request_automatic(self) -> None:
        """Choose Automatic settings for the text as it is now, unless the model is trained (its
        shape is fixed) or training runs (timings taken meanwhile would be wrong)."""
        if (self.project is None or self.settings_panel.is_locked() or not self.torch_ready
                or not self.settings_panel.automatic_chosen()):
            return  # a trained shape, or settings of the user's own: nothing to choose
        if self.is_training():
            self.settings_panel.show_automatic_waiting(self.tr(
                "Automatic settings are chosen again once training has stopped."))
            return
        if not self.corpus_tab.text().strip():
            self.settings_panel.show_automatic_waiting(self.tr(
                "Automatic settings are chosen once the project has some text."))
            return
        data, _model, train, _ = self.settings_panel.settings()
        key = self._automatic_key()
        if key is None:
            return  # the Corpus tab is still counting this text: asked again when it has
        if self.automatic.request(key, self.corpus_tab.text(), data.mode,
                                  self.settings_panel.budget_minutes(), train.device):
            self.settings_panel.show_automatic_waiting()

    def _automatic_key(self) -> tuple | None:
        """What Automatic's choice depends on: the text as the Corpus tab counted it (its data
        mode, its different characters, its size in characters and lines, rounded: a few
        characters typed measure nothing again), the time and the device. Nothing that the choice
        itself changes (the context cuts the examples, and so the counts of training tokens)."""
        from gptstudio.engine.auto_settings import two_digits

        report = self.corpus_tab.report
        data, _model, train, _ = self.settings_panel.settings()
        if report is None or report.mode != data.mode or not report.characters:
            return None
        return (data.mode, report.distinct_characters, two_digits(report.characters),
                two_digits(report.lines), self.settings_panel.budget_minutes(), train.device)

    def _timing_or_training(self) -> bool:
        probing = self.probe_thread is not None and self.probe_thread.is_running()
        return probing or self.is_training() or self.settings_panel.is_locked()

    @QtCore.Slot(str)
    def _on_model_choice_changed(self, which: str) -> None:
        if self.project is None:
            return
        self.project.model_choice = which
        self.save_project()
        self.inspect_tab.set_model_choice(which)

    @QtCore.Slot(str)
    def _on_automatic_failed(self, message: str) -> None:
        self.settings_panel.show_automatic_waiting(message)

    @QtCore.Slot()
    def _on_new_model_requested(self) -> None:
        self._new_model_pending = True
        self.train_tab.set_done(False)  # Train starts the new model, not more steps of the old one
        self.corpus_tab.set_trained_notice(None)
        self.corpus_tab.set_shape_locked(False)
        if self.settings_panel.automatic_chosen():
            self._request_automatic()
        self.show_message("info", self.tr("The next Train starts a new model from scratch with "
                                          "these settings. The current model stays until then."))

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
        if self._no_data_folder():
            return
        name = self.settings.value("last_project")
        try:
            infos = self.store.list()
        except (ProjectError, OSError):
            return  # the start view says why
        if name and any(info.name == name and info.ok for info in infos):
            self.open_project(str(name))

    def _stop_all_workers(self) -> None:
        self.train_tab.stop_time_travel()
        for holder in (self.train_thread, self.generate_thread, self.probe_thread, self.slow_thread,
                       self.automatic, self.chat_runs):
            if holder is not None and not holder.stop_and_wait(120_000):
                log.error("a worker did not stop in time")
        wait_for_pool(30_000)  # corpus statistics, loading a model to look inside
        # Their final queued signals (done, last events) are delivered now, not after we are gone.
        QtCore.QCoreApplication.processEvents()

    def shutdown(self) -> None:
        """Stop every worker and save; safe to call more than once."""
        self.presentation.shutdown()  # the font is application-wide: give it back
        self._closing = True
        if self._compare_window is not None:
            self._compare_window.shutdown()
        if self._pretrained_dialog is not None:
            self._pretrained_dialog.shutdown()
        self._probe_timer.stop()
        self._stop_all_workers()
        self.model_exports.shutdown()
        if self.project is not None:
            self.save_project()
            if self._lock is not None:
                self._lock.release()
                self._lock = None
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
        if self.is_training() and not self.quit_without_asking and not dialogs.confirm(
                self, self.tr("Training is running"),
                self.tr("Training is still running. Stop it, save a checkpoint and quit?"),
                yes=self.tr("Stop and quit"), no=self.tr("Keep training")):
            event.ignore()
            return
        self.train_tab.set_state("stopping") if self.is_training() else None
        self.shutdown()
        event.accept()
