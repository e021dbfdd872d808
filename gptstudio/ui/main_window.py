"""The main window: ties the project on disk to the four tabs and the background workers."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from gptstudio.engine.config import DataConfig, SampleConfig, to_dict
from gptstudio.projects.lock import ProjectLock
from gptstudio.projects.project import Project, ProjectError
from gptstudio.projects.store import ProjectStore
from gptstudio.ui import dialogs
from gptstudio.ui.corpus_tab import CorpusTab
from gptstudio.ui.generate_tab import GenerateTab
from gptstudio.ui.message_bar import MessageBar
from gptstudio.ui.resources import icon
from gptstudio.ui.settings_panel import SettingsPanel
from gptstudio.ui.train_tab import TrainTab
from gptstudio.ui.welcome import WelcomeView
from gptstudio.ui.workers import (
    GenerateWorker,
    ProbeJob,
    ProbeWorker,
    TorchLoader,
    TrainJob,
    TrainWorker,
    WorkerThread,
)

log = logging.getLogger(__name__)

MAX_RECENT = 8
TEXT_FILTER = "Text files (*.txt *.md *.text *.csv);;All files (*)"
PROJECT_FILTER = "GPT Studio project (*.zip)"
TAB_CORPUS, TAB_SETTINGS, TAB_TRAIN, TAB_GENERATE = range(4)


def app_settings() -> QtCore.QSettings:
    """Window state lives beside the projects (GPTSTUDIO_HOME moves both: tests stay isolated)."""
    from gptstudio.projects.paths import data_home

    return QtCore.QSettings(str(data_home() / "settings.ini"), QtCore.QSettings.Format.IniFormat)


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, store: ProjectStore | None = None, load_torch: bool = True):
        super().__init__()
        self.setWindowTitle("GPT Studio")
        self.setWindowIcon(icon("gptstudio"))
        self.store = store or ProjectStore()
        self.settings = app_settings()
        self.project: Project | None = None
        self._lock: ProjectLock | None = None
        self._tokenizer = None  # the project's tokenizer, to tell which new characters it knows
        self._new_model_pending = False
        self.train_thread: WorkerThread | None = None
        self.generate_thread: WorkerThread | None = None
        self.probe_thread: WorkerThread | None = None
        self._step_times: dict[tuple, float] = {}
        self.devices = ["cpu"]
        self.torch_ready = False
        self._closing = False

        self._build_widgets()
        self._build_actions()
        self._connect()
        self._restore_window()
        self.refresh_welcome()
        self._update_actions()

        self._torch_loader = TorchLoader()
        self._torch_thread = None
        if load_torch:
            self._torch_thread = threading.Thread(target=self._torch_loader.load, daemon=True,
                                                  name="import-torch")
            self._torch_thread.start()
            self._torch_poll = QtCore.QTimer(self)
            self._torch_poll.setInterval(50)
            self._torch_poll.timeout.connect(self._check_torch)
            self._torch_poll.start()

    # -- building ------------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.welcome = WelcomeView()
        self.corpus_tab = CorpusTab()
        self.settings_panel = SettingsPanel()
        self.train_tab = TrainTab()
        self.generate_tab = GenerateTab()
        settings_scroll = QtWidgets.QScrollArea()
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setWidget(self.settings_panel)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self.corpus_tab, icon("corpus"), "1 · Corpus")
        self.tabs.addTab(settings_scroll, icon("settings"), "2 · Model && Training settings")
        self.tabs.addTab(self.train_tab, icon("train"), "3 · Train")
        self.tabs.addTab(self.generate_tab, icon("generate"), "4 · Generate")
        tips = ("The text the model learns from. Edit it, paste into it, or open a file.",
                "How big the model is and how it learns, with presets for beginners.",
                "Train the model and watch the loss fall and its writing improve.",
                "Let the trained model write.")
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
        self.device_label = QtWidgets.QLabel("Device: starting…")
        self.device_label.setToolTip("Where the model is trained: the graphics card (GPU) if "
                                     "there is one, else the processor (CPU).")
        self.project_label = QtWidgets.QLabel("No project")
        self.project_label.setToolTip("The open project. Everything is saved automatically.")
        self.state_label = QtWidgets.QLabel("Ready")
        self.state_label.setToolTip("What GPT Studio is doing now.")
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
        self.new_action = a("&New project…", self.show_welcome, "Ctrl+N",
                            "Create a project from a demo text or a text file.", "new")
        self.open_action = a("&Open project…", self.choose_project, "Ctrl+O",
                             "Open one of your projects.", "open")
        self.rename_action = a("&Rename project…", self.rename_project, None, "Give the project a new name.")
        self.duplicate_action = a("&Duplicate project…", self.duplicate_project, None,
                                  "Make a copy of the project, model included, to try something "
                                  "without losing the original.")
        self.delete_action = a("De&lete project…", self.delete_project, None,
                               "Move the project to the trash folder (asks first).")
        self.export_action = a("&Export project file…", self.export_project, "Ctrl+E",
                               "Save the whole project (text, settings, model) as one .zip file.",
                               "export")
        self.import_action = a("&Import project file…", self.import_project, "Ctrl+I",
                               "Open a project from a .zip file.", "import")
        self.quit_action = a("&Quit", self.close, "Ctrl+Q", "Close GPT Studio (your work is saved).")
        self.train_action = a("&Train", self.start_training, "F5",
                              "Train the model (continues from the last checkpoint).", "train")
        self.pause_action = a("&Pause / Resume", self.toggle_pause, "F6",
                              "Pause or resume training.", "pause")
        self.stop_action = a("&Stop", self.stop_work, "Esc",
                             "Stop training (saving a checkpoint) or stop writing.", "stop")
        self.generate_action = a("&Generate", self.generate_tab.request_generate,
                                 ["Ctrl+Return", "Ctrl+Enter"],
                                 "Write text with the trained model.", "generate")
        self.about_action = a("&About GPT Studio", self.show_about, None, "What this program is.")

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for action in (self.new_action, self.open_action):
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu("Recent projects")
        self.recent_menu.setToolTipsVisible(True)
        file_menu.addSeparator()
        for action in (self.rename_action, self.duplicate_action, self.delete_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        run_menu = menu.addMenu("&Model")
        for action in (self.train_action, self.pause_action, self.stop_action, self.generate_action):
            run_menu.addAction(action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.about_action)
        for m in (file_menu, run_menu, help_menu):
            m.setToolTipsVisible(True)

        toolbar = self.addToolBar("Main")
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
        self.corpus_tab.text_edited.connect(self._on_corpus_edited)
        self.corpus_tab.message.connect(self.show_message)
        self.settings_panel.changed.connect(self._on_settings_changed)
        self.settings_panel.validity_changed.connect(lambda _valid: self._update_actions())
        self.settings_panel.new_model_requested.connect(self._on_new_model_requested)
        self.train_tab.start_requested.connect(self.start_training)
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
        valid = has and self.settings_panel.is_valid()
        self.train_action.setEnabled(valid and not training)
        self.pause_action.setEnabled(training)
        self.stop_action.setEnabled(training or self.is_generating())
        self.generate_action.setEnabled(has and self.project.has_trained_model())
        reason = "" if valid else "Fix the settings marked in red in Model & Training settings first."
        self.train_tab.set_can_train(valid, reason)

    # -- projects ------------------------------------------------------------------------------------

    def refresh_welcome(self) -> None:
        try:
            self.welcome.set_projects(self.store.list())
        except OSError as error:
            self.show_message("error", f"Could not read the projects folder: {error}")

    @QtCore.Slot()
    def show_welcome(self) -> None:
        if self.project is not None and not self.close_project():
            return
        self.refresh_welcome()
        self.stack.setCurrentIndex(0)

    def _unique_name(self, base: str) -> str:
        taken = {info.name.casefold() for info in self.store.list()}
        name, n = base, 2
        while name.casefold() in taken:
            name, n = f"{base} {n}", n + 1
        return name

    @QtCore.Slot(str)
    def create_from_demo(self, key: str) -> Project | None:
        from gptstudio.demos import get_demo, read_demo

        demo = get_demo(key)
        data = DataConfig(tokenizer=demo.tokenizer, mode=demo.mode)
        return self._create(self._unique_name(demo.title), read_demo(key), data)

    @QtCore.Slot()
    def create_from_file(self) -> Project | None:
        path = dialogs.choose_open_file(self, "Choose a text file to learn from", TEXT_FILTER)
        if not path:
            return None
        return self.create_from_path(Path(path))

    def create_from_path(self, path: Path) -> Project | None:
        from gptstudio.engine.data import decode_corpus_bytes, suggest_mode
        from gptstudio.engine.errors import EngineError

        try:
            text = decode_corpus_bytes(path.read_bytes())
        except (EngineError, OSError) as error:
            self.show_message("error", f"Could not use {path.name}: {error}")
            return None
        data = DataConfig(mode=suggest_mode(text))
        return self._create(self._unique_name(path.stem or "My text"), text, data)

    def _create(self, name: str, text: str, data: DataConfig) -> Project | None:
        if self.project is not None and not self.close_project():
            return None
        try:
            project = self.store.create(name, text, data=data)
        except (ProjectError, OSError) as error:
            self.show_message("error", str(error))
            return None
        self.open_project(project.name)
        self.show_message("info", f"Created “{project.name}”. Look at the text, then press Train "
                                  f"(F5) to teach the model.")
        return self.project

    @QtCore.Slot()
    def choose_project(self) -> None:
        names = [info.name for info in self.store.list() if info.ok]
        if not names:
            self.show_message("info", "There are no projects yet: start one from a demo or a text file.")
            self.show_welcome()
            return
        name = dialogs.choose_item(self, "Open project", "Project:", names)
        if name:
            self.open_project(name)

    @QtCore.Slot(str)
    def open_project(self, name: str) -> bool:
        if self.project is not None and self.project.name == name:
            self.stack.setCurrentIndex(1)
            return True
        if self.project is not None and not self.close_project():
            return False
        try:
            project = self.store.open(name)
            lock = ProjectLock(project.path).acquire()
        except (ProjectError, OSError) as error:
            self.show_message("error", str(error))
            self.refresh_welcome()
            return False
        self.project, self._lock = project, lock
        self._new_model_pending = False
        self._load_project_into_widgets()
        self._remember_recent(project.name)
        self.settings.setValue("last_project", project.name)
        self.stack.setCurrentIndex(1)
        self._update_actions()
        return True

    def _load_project_into_widgets(self) -> None:
        project = self.project
        self.project_label.setText(f"Project: {project.name}")
        self.setWindowTitle(f"{project.name} — GPT Studio")
        self.message_bar.hide_message()
        try:
            text = project.read_corpus()
        except (ProjectError, OSError) as error:
            self.show_message("error", str(error))
            text = ""
        self.corpus_tab.set_text(text)
        self._tokenizer = self._load_tokenizer()
        if self._tokenizer is not None:
            self.settings_panel.set_vocab_size(self._tokenizer.vocab_size)
        self.settings_panel.set_settings(project.data, project.model, project.train, project.preset)
        trained = project.has_trained_model()
        # Edits are compared with the text as opened: the notice says what follows from them.
        self._corpus_at_training = text if trained else None
        self.settings_panel.set_locked(trained)
        self._push_stats_settings()
        try:
            history = project.history()
        except Exception as error:  # noqa: BLE001 - a damaged history must not stop the project opening
            log.warning("history unreadable: %s", error)
            history = {}
        self.train_tab.show_history(history, project.train.max_iters)
        self.train_tab.set_state("idle")
        self.generate_tab.set_sample_config(project.sample)
        self.generate_tab.output.clear_tokens()
        self._update_generate_availability()
        self._update_trained_notice()
        self._schedule_probe()
        self._set_state("Ready")

    def _load_tokenizer(self):
        try:
            return self.project.load_tokenizer()
        except Exception as error:  # noqa: BLE001
            log.warning("tokenizer unreadable: %s", error)
            return None

    def close_project(self) -> bool:
        """Save and close the open project. False if the user chose to keep it open."""
        if self.project is None:
            return True
        if self.is_training():
            if not dialogs.confirm(self, "Training is running",
                                   "Stop training, save a checkpoint and close this project?",
                                   yes="Stop and close"):
                return False
            self._stop_all_workers()
        elif self.is_generating():
            self._stop_all_workers()
        self.save_project()
        if self._lock is not None:
            self._lock.release()
        self.project, self._lock, self._tokenizer = None, None, None
        self.project_label.setText("No project")
        self.setWindowTitle("GPT Studio")
        self._update_actions()
        return True

    def save_project(self) -> None:
        if self.project is None:
            return
        try:
            text = self.corpus_tab.text()
            if text != self._saved_corpus():
                self.project.write_corpus(text)
            self._apply_settings_to_project()
            self.project.sample = self.generate_tab.sample_config()
            self.project.save()
        except (ProjectError, OSError) as error:
            self.show_message("error", f"Could not save the project: {error}")

    def _saved_corpus(self) -> str | None:
        try:
            return self.project.read_corpus()
        except (ProjectError, OSError):
            return None

    def _apply_settings_to_project(self) -> None:
        data, model, train, preset = self.settings_panel.settings()
        project = self.project
        project.data, project.train, project.preset = data, train, preset
        vocab = self._tokenizer.vocab_size if self._tokenizer is not None else project.model.vocab_size
        project.model = replace(model, vocab_size=vocab)

    @QtCore.Slot()
    def rename_project(self) -> None:
        if self.project is None:
            return
        new = dialogs.ask_text(self, "Rename project", "New name:", self.project.name)
        if not new or new == self.project.name:
            return
        old = self.project.name
        self.save_project()
        self._lock.release()
        try:
            project = self.store.rename(old, new)
        except (ProjectError, OSError) as error:
            self._lock.acquire()
            self.show_message("error", str(error))
            return
        self.project, self._lock = project, ProjectLock(project.path).acquire()
        self._forget_recent(old)
        self._remember_recent(project.name)
        self.settings.setValue("last_project", project.name)
        self.project_label.setText(f"Project: {project.name}")
        self.setWindowTitle(f"{project.name} — GPT Studio")
        self.show_message("info", f"Renamed to “{project.name}”.")

    @QtCore.Slot()
    def duplicate_project(self) -> None:
        if self.project is None:
            return
        new = dialogs.ask_text(self, "Duplicate project", "Name of the copy:",
                               self._unique_name(f"{self.project.name} copy"))
        if not new:
            return
        self.save_project()
        try:
            copy = self.store.duplicate(self.project.name, new)
        except (ProjectError, OSError) as error:
            self.show_message("error", str(error))
            return
        self.open_project(copy.name)
        self.show_message("info", f"Opened the copy “{copy.name}”; the original is unchanged.")

    @QtCore.Slot()
    def delete_project(self) -> None:
        if self.project is None:
            return
        name = self.project.name
        if not dialogs.confirm(self, "Delete project",
                               f"Move the project “{name}” (text, settings and trained model) to "
                               f"the trash folder?", yes="Delete"):
            return
        self.close_project()
        try:
            where = self.store.delete(name)
        except (ProjectError, OSError) as error:
            self.show_message("error", str(error))
            return
        self._forget_recent(name)
        self.show_welcome()
        self.welcome_bar.show_message("info", f"“{name}” was moved to the trash folder ({where}).")

    @QtCore.Slot()
    def export_project(self) -> None:
        if self.project is None:
            return
        path = dialogs.choose_save_file(self, "Export project", f"{self.project.name}.zip", PROJECT_FILTER)
        if not path:
            return
        self.save_project()
        try:
            self.store.export(self.project.name, path)
        except (ProjectError, OSError) as error:
            self.show_message("error", str(error))
            return
        self.show_message("info", f"Exported to {path}.")

    @QtCore.Slot()
    def import_project(self) -> None:
        path = dialogs.choose_open_file(self, "Import project", f"{PROJECT_FILTER};;All files (*)")
        if not path:
            return
        try:
            project = self.store.import_archive(path)
        except (ProjectError, OSError) as error:
            self.show_message("error", str(error))
            return
        self.open_project(project.name)
        self.show_message("info", f"Imported “{project.name}”.")

    def _remember_recent(self, name: str) -> None:
        names = [n for n in self._recent() if n != name]
        self.settings.setValue("recent", [name, *names][:MAX_RECENT])
        self._rebuild_recent_menu()

    def _forget_recent(self, name: str) -> None:
        self.settings.setValue("recent", [n for n in self._recent() if n != name])
        self._rebuild_recent_menu()

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        names = self._recent()
        for name in names:
            action = self.recent_menu.addAction(name)
            action.setToolTip(f"Open the project “{name}”.")
            action.triggered.connect(lambda _=False, n=name: self.open_project(n))
        self.recent_menu.setEnabled(bool(names))

    # -- corpus and settings --------------------------------------------------------------------------

    @QtCore.Slot()
    def _on_corpus_edited(self) -> None:
        if self.project is None:
            return
        try:
            self.project.write_corpus(self.corpus_tab.text())
        except (ProjectError, OSError) as error:
            self.show_message("error", f"Could not save the text: {error}")
        self._update_trained_notice()

    def _update_trained_notice(self) -> None:
        project = self.project
        if project is None or not project.has_trained_model() or self._new_model_pending:
            self.corpus_tab.set_trained_notice(None)
            return
        text = self.corpus_tab.text()
        if text == self._trained_corpus_marker():
            self.corpus_tab.set_trained_notice(None)
            return
        unknown = self._tokenizer.unknown_in(text) if self._tokenizer is not None else []
        if unknown:
            shown = ", ".join(repr(u) for u in unknown[:8])
            self.corpus_tab.set_trained_notice(
                f"The model was trained on a different text. The new text has characters it has "
                f"never seen ({shown}), so it cannot keep training on it: start a new model in "
                f"Model & Training settings to learn from it.")
        else:
            self.corpus_tab.set_trained_notice(
                "The model was trained on a different text. Press Train to keep training it on the "
                "new text, or start a new model in Model & Training settings to begin from scratch.")

    def _trained_corpus_marker(self) -> str | None:
        return getattr(self, "_corpus_at_training", None)

    def _push_stats_settings(self) -> None:
        data, model, _train, _preset = self.settings_panel.settings()
        self.corpus_tab.set_stats_settings(data.tokenizer, data.bpe_vocab_size, data.mode,
                                           model.block_size, data.val_fraction)

    @QtCore.Slot()
    def _on_settings_changed(self) -> None:
        if self.project is None:
            return
        self._apply_settings_to_project()
        try:
            self.project.save()
        except (ProjectError, OSError) as error:
            self.show_message("error", f"Could not save the settings: {error}")
        self._push_stats_settings()
        self._update_actions()
        self._schedule_probe()

    @QtCore.Slot()
    def _on_new_model_requested(self) -> None:
        self._new_model_pending = True
        self.corpus_tab.set_trained_notice(None)
        self.show_message("info", "The next Train starts a new model from scratch with these "
                                  "settings. The current model stays until then.")

    # -- step-time probe -------------------------------------------------------------------------------

    def _schedule_probe(self) -> None:
        self._probe_timer.start()

    def _probe_key(self):
        data, model, train, _ = self.settings_panel.settings()
        vocab = self._tokenizer.vocab_size if self._tokenizer is not None else 256
        return replace(model, vocab_size=vocab, dropout=0.0), train.batch_size, train.device

    @QtCore.Slot()
    def _start_probe(self) -> None:
        if (self.project is None or not self.torch_ready or self._closing
                or not self.settings_panel.is_valid()):
            return
        key = self._probe_key()
        if key in self._step_times:
            self.settings_panel.set_step_time(self._step_times[key])
            return
        if self.is_training() or (self.probe_thread is not None and self.probe_thread.is_running()):
            return  # timings taken while training runs would be wrong; try again later
        self.settings_panel.set_step_time(None)
        worker = ProbeWorker(ProbeJob(*key))
        worker.done.connect(self._on_probe_done)
        self.probe_thread = WorkerThread(worker, self)
        self.probe_thread.finished.connect(self._drop_finished_threads)
        self._probe_key_running = key
        self.probe_thread.start()

    @QtCore.Slot(object)
    def _on_probe_done(self, result) -> None:
        key = self._probe_key_running
        if result:
            self._step_times[key] = result["seconds"]
        if key == self._probe_key():
            self.settings_panel.set_step_time(self._step_times.get(key))
        else:
            self._schedule_probe()

    @QtCore.Slot()
    def _check_torch(self) -> None:
        if self._torch_thread is None or self._torch_thread.is_alive():
            return
        self._torch_poll.stop()
        self.torch_ready = self._torch_loader.error is None
        if self._torch_loader.error:
            self.device_label.setText("Device: unavailable")
            self.show_message("error", f"PyTorch could not be loaded: {self._torch_loader.error}")
            return
        self.devices = self._torch_loader.devices
        self.settings_panel.set_devices(["auto", *self.devices])
        best = self.devices[0]
        names = {"cuda": "graphics card (CUDA)", "mps": "Apple GPU (MPS)", "cpu": "processor (CPU)"}
        self.device_label.setText(f"Device: {names.get(best, best)}")
        self._schedule_probe()

    # -- training --------------------------------------------------------------------------------------

    @QtCore.Slot()
    def start_training(self) -> None:
        if self.project is None or self.is_training():
            return
        if not self.settings_panel.is_valid():
            self.show_message("error", "Some settings are not valid: " + " ".join(self.settings_panel.problems()))
            return
        self.save_project()
        project = self.project
        corpus = self.corpus_tab.text()
        new_model = self._new_model_pending or not project.has_trained_model()
        if not new_model and self._tokenizer is not None:
            unknown = self._tokenizer.unknown_in(corpus)
            if unknown:
                shown = ", ".join(repr(u) for u in unknown[:8])
                self.show_message("error", f"The text now has characters the trained model has never "
                                           f"seen ({shown}). Start a new model in Model & Training "
                                           f"settings to train on this text.")
                return
        if self._new_model_pending and project.has_trained_model():
            if not self._set_aside_old_model():
                return
        data, model, train, _ = self.settings_panel.settings()
        from gptstudio.projects.paths import data_home

        job = TrainJob(corpus=corpus, data=data, model=model, train=train,
                       checkpoint_dir=project.checkpoint_dir, tokenizer_path=project.tokenizer_path,
                       precision_cache=data_home() / "precision-cache.json", new_model=new_model)
        worker = TrainWorker(job)
        worker.events.connect(self.train_tab.on_events)
        worker.events.connect(self._on_train_events)
        worker.failed.connect(self._on_train_failed)
        worker.done.connect(self._on_train_done)
        self.train_thread = WorkerThread(worker, self)
        self.train_thread.finished.connect(self._drop_finished_threads)
        self._corpus_at_training = corpus
        if new_model:
            self.train_tab.show_history({}, train.max_iters)
        self.train_tab.set_state("starting")
        self._set_state("Training…")
        self.message_bar.hide_message()
        self.train_thread.start()
        self.tabs.setCurrentIndex(TAB_TRAIN)
        self._update_actions()

    def _set_aside_old_model(self) -> bool:
        """The old model goes to the trash folder (not deleted) before a new one replaces it."""
        from gptstudio.projects.paths import trash_root

        target = trash_root() / f"{self.project.path.name}-old-model-{time.strftime('%Y%m%d-%H%M%S')}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(self.project.checkpoint_dir), str(target))
        except OSError as error:
            self.show_message("error", f"Could not set the old model aside: {error}")
            return False
        log.info("old model moved to %s", target)
        return True

    @QtCore.Slot(object)
    def _on_train_events(self, events: list) -> None:
        for event in events:
            name = type(event).__name__
            if name == "StartedEvent":
                self.train_tab.set_state("running" if self.train_tab.state == "starting" else self.train_tab.state)
                self._set_state(f"Training on {event.device}")
                self._new_model_pending = False
                self.settings_panel.set_locked(True)
            elif name == "CheckpointEvent":
                self._tokenizer = self._load_tokenizer()
                self._update_generate_availability()
                self._update_actions()

    @QtCore.Slot()
    def pause_training(self) -> None:
        if self.is_training():
            self.train_thread.control.pause()
            self.train_tab.set_state("paused")
            self._set_state("Paused")

    @QtCore.Slot()
    def resume_training(self) -> None:
        if self.is_training():
            self.train_thread.control.resume()
            self.train_tab.set_state("running")
            self._set_state("Training…")

    @QtCore.Slot()
    def toggle_pause(self) -> None:
        if self.train_tab.state == "paused":
            self.resume_training()
        else:
            self.pause_training()

    @QtCore.Slot()
    def stop_training(self) -> None:
        if self.is_training():
            self.train_thread.control.stop()
            self.train_tab.set_state("stopping")
            self._set_state("Stopping…")

    @QtCore.Slot()
    def stop_work(self) -> None:
        if self.is_training():
            self.stop_training()
        if self.is_generating():
            self.stop_generation()

    @QtCore.Slot(str)
    def _on_train_failed(self, message: str) -> None:
        self.show_message("error", message)

    @QtCore.Slot(object)
    def _on_train_done(self, result) -> None:
        self.train_tab.set_state("idle")
        self._set_state("Ready")
        if self.project is not None:
            self._tokenizer = self._load_tokenizer()
            if self._tokenizer is not None:
                self.settings_panel.set_vocab_size(self._tokenizer.vocab_size)
            self.settings_panel.set_locked(self.project.has_trained_model())
            self._update_generate_availability()
        if result:
            val = f", validation loss {result['val_loss']:.3f}" if result.get("val_loss") is not None else ""
            if result["reason"] == "stopped":
                text = f"Stopped at step {result['step']:,} and saved{val}. Press Train to continue."
            else:
                text = f"Training finished: {result['step']:,} steps{val}. Try the Generate tab!"
            self.show_message("info", text)
            self.train_tab.status.setText(text)
        else:
            self.train_tab.status.setText("Training did not complete: see the message above.")
        self._update_actions()

    @QtCore.Slot()
    def _drop_finished_threads(self) -> None:
        for name in ("train_thread", "generate_thread", "probe_thread"):
            holder = getattr(self, name)
            if holder is not None and holder.done and not holder.is_running():
                setattr(self, name, None)
        self._update_actions()

    # -- generation ------------------------------------------------------------------------------------

    def _update_generate_availability(self) -> None:
        if self.project is not None and self.project.has_trained_model():
            self.generate_tab.set_available(True, "Ready: type a prompt (or leave it empty) and "
                                                  "press Generate.")
        else:
            self.generate_tab.set_available(False, "There is no trained model yet: train it in the "
                                                   "Train tab first (even a minute helps).")

    @QtCore.Slot(str, object)
    def start_generation(self, prompt: str, config: SampleConfig) -> None:
        if self.project is None or self.is_generating():
            return
        if not self.project.has_trained_model():
            self.generate_tab.set_available(False, "There is no trained model yet: train it first.")
            return
        worker = GenerateWorker(self.project.checkpoint_dir, prompt, config,
                                self.settings_panel.settings()[2].device)
        worker.tokens.connect(self.generate_tab.on_tokens)
        worker.failed.connect(self._on_generate_failed)
        worker.done.connect(self._on_generate_done)
        self.generate_thread = WorkerThread(worker, self)
        self.generate_thread.finished.connect(self._drop_finished_threads)
        self._generation = (prompt, config)
        self.generate_tab.begin()
        self.generate_thread.start()
        self._update_actions()

    @QtCore.Slot()
    def stop_generation(self) -> None:
        if self.is_generating():
            self.generate_thread.control.stop()

    @QtCore.Slot(str)
    def _on_generate_failed(self, message: str) -> None:
        self._generate_error = message

    @QtCore.Slot(object)
    def _on_generate_done(self, result) -> None:
        error = getattr(self, "_generate_error", None)
        self._generate_error = None
        if error:
            self.generate_tab.finish(error)
        elif result:
            what = "Stopped" if result["stopped"] else "Done"
            self.generate_tab.finish(f"{what}: {result['tokens']:,} tokens written.")
            if self.project is not None:
                prompt, config = self._generation
                try:
                    self.project.add_sample(prompt, self.generate_tab.output.toPlainText(), to_dict(config))
                except (ProjectError, OSError) as err:
                    log.warning("sample not saved: %s", err)
        self._update_actions()

    @QtCore.Slot(str)
    def save_output(self, text: str) -> None:
        if not text:
            self.show_message("info", "There is no text to save yet: press Generate first.")
            return
        path = dialogs.choose_save_file(self, "Save generated text", "generated.txt",
                                        "Text files (*.txt);;All files (*)")
        if not path:
            return
        from gptstudio.fsio import atomic_write_text

        try:
            atomic_write_text(Path(path), text)
        except OSError as error:
            self.show_message("error", f"Could not save the text: {error}")
            return
        self.show_message("info", f"Saved to {path}.")

    # -- window --------------------------------------------------------------------------------------

    @QtCore.Slot()
    def show_about(self) -> None:
        from gptstudio import __version__

        QtWidgets.QMessageBox.about(
            self, "About GPT Studio",
            f"<b>GPT Studio {__version__}</b><p>Train a small GPT language model on your own text "
            f"and watch it learn. Projects are kept in the user data folder.</p>")

    def _restore_window(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 780)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)

    def restore_last_project(self) -> None:
        name = self.settings.value("last_project")
        if name and any(info.name == name and info.ok for info in self.store.list()):
            self.open_project(str(name))

    def _stop_all_workers(self) -> None:
        for holder in (self.train_thread, self.generate_thread, self.probe_thread):
            if holder is not None and not holder.stop_and_wait(120_000):
                log.error("a worker did not stop in time")
        QtCore.QThreadPool.globalInstance().waitForDone(30_000)  # corpus statistics
        # Their final queued signals (done, last events) are delivered now, not after we are gone.
        QtCore.QCoreApplication.processEvents()

    def shutdown(self) -> None:
        """Stop every worker and save; safe to call more than once."""
        self._closing = True
        self._probe_timer.stop()
        self._stop_all_workers()
        if self.project is not None:
            self.save_project()
            if self._lock is not None:
                self._lock.release()
                self._lock = None
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.is_training() and not dialogs.confirm(
                self, "Training is running",
                "Training is still running. Stop it, save a checkpoint and quit?",
                yes="Stop and quit", no="Keep training"):
            event.ignore()
            return
        self.train_tab.set_state("stopping") if self.is_training() else None
        self.shutdown()
        event.accept()
