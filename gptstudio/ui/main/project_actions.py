"""The File menu's work: create, open, close, save, rename, duplicate, delete (and restore from the
trash), export, import, and the recent-projects list. A controller MainWindow owns
(`window.project_actions`): it changes the session (gptstudio.app.session) and fills the window's
views with the project."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6 import QtCore

from gptstudio.app.recent import RecentProjects
from gptstudio.app.session import Session, training_done
from gptstudio.engine.config import DataConfig
from gptstudio.engine.loss_history import LossHistory
from gptstudio.engine.model_service import forget_generators
from gptstudio.projects.lock import ProjectInUse, ProjectLock
from gptstudio.projects.paths import with_number
from gptstudio.projects.project import Project, ProjectError
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.threads import JobGroup, refused
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.file_dialogs import file_stem
from gptstudio.ui.widgets.text import describe_error

log = logging.getLogger(__name__)

# A tokenizer file this small parses in a few milliseconds: read on the spot (a character
# tokenizer, or a BPE of a few thousand tokens); a bigger one is read in a worker thread.
TOKENIZER_READ_AT_ONCE_BYTES = 256 * 1024
PROJECT_FILTER = QT_TRANSLATE_NOOP("ProjectActions", "GPT Studio project (*.zip)")


class ProjectActions(QtCore.QObject):
    def __init__(self, window, session: Session):
        super().__init__(window)
        self.window, self.session = window, session
        self.recent = RecentProjects(lambda: window.settings.value("recent", []),
                                     lambda names: window.settings.setValue("recent", names))
        # A big tokenizer file is read in the job pool; each read has a number, the newest is shown.
        self._tokenizer_jobs = JobGroup(self)

    # -- projects ------------------------------------------------------------------------------------

    def refresh_welcome(self) -> None:
        if self.window.data_folder.unusable():
            self.window.welcome.set_projects([])
            return
        try:
            self.window.welcome.set_projects(self.window.store.list())
        except (ProjectError, OSError) as error:
            self.window.show_message("error", self.tr("Could not read the projects folder: {error}").format(
                error=describe_error(error)))

    @QtCore.Slot()
    def show_welcome(self) -> None:
        if self.session.project is not None and not self.close_project():
            return
        self.refresh_welcome()
        self.window.welcome.hide_start_choices()
        self.window.welcome.scroll_to_top()
        self.window.stack.setCurrentIndex(0)

    @QtCore.Slot()
    def new_project(self) -> None:
        """File ▸ New project…: the welcome page, where projects start. Pressed there already it
        changed nothing a new user could see: the ways to start come into view, with a hint."""
        self.show_welcome()
        if self.session.project is None:  # not "keep it open" when asked to close the project
            self.window.welcome.show_start_choices()

    def unique_name(self, base: str) -> str:
        try:
            taken = {info.name.casefold() for info in self.window.store.list()}
        except (ProjectError, OSError):
            taken = set()  # creating will say what is wrong with the folder
        n = 1  # "Name (2)", as an imported or restored project whose name is taken is called
        while with_number(base, n).casefold() in taken:
            n += 1
        return with_number(base, n)

    @QtCore.Slot(str)
    def create_from_demo(self, key: str) -> Project | None:
        from gptstudio.demos import get_demo, read_demo

        if self.window.data_folder.unusable():
            return None
        demo = get_demo(key)
        data = DataConfig(tokenizer=demo.tokenizer, mode=demo.mode)
        name = self.unique_name(translate("Demos", demo.title))
        return self._create(name, read_demo(key), data, demo=demo)

    @QtCore.Slot()
    def create_from_file(self) -> Project | None:
        path = dialogs.choose_open_file(self.window, self.tr("Choose a text file to learn from"),
                                         dialogs.text_file_filter())
        if not path:
            return None
        return self.create_from_path(Path(path))

    def create_from_path(self, path: Path) -> Project | None:
        from gptstudio.engine.errors import EngineError
        from gptstudio.engine.text_files import read_corpus_file
        from gptstudio.engine.text_shape import guess_mode

        if self.window.data_folder.unusable():
            return None
        try:
            decoded = read_corpus_file(path)  # a file too big is refused before it is read
        except (EngineError, OSError) as error:
            self.window.show_message("error", self.tr("Could not use {file}: {error}").format(
                file=path.name, error=describe_error(error)))
            return None
        # Stray control characters stay: the Corpus tab shows them and offers to clean them.
        data = DataConfig(mode=guess_mode(decoded.text).mode)
        project = self._create(self.unique_name(path.stem or self.tr("My text")), decoded.text, data,
                               mode_guessed=True)
        if project is not None:
            self.window.corpus_tab.show_source(str(path), decoded)
        return project

    def _create(self, name: str, text: str, data: DataConfig, demo=None,
                mode_guessed: bool = False) -> Project | None:
        if self.session.project is not None and not self.close_project():
            return None
        try:
            project = self.window.store.create(name, text, data=data, preset="auto" if demo is None else "tiny",
                                               mode_guessed=mode_guessed)
            if demo is not None:  # settings that show a result within a couple of minutes
                from gptstudio.demos import apply_demo

                apply_demo(project, demo)
                project.save()
        except (ProjectError, OSError) as error:
            self.window.show_message("error", describe_error(error))
            return None
        self.open_project(project.name)
        if demo is None:  # Automatic: chosen for this text once counted (the saved values stand in)
            self.session.assume_automatic = False
        # A new project opens where its first message points: its text ("Look at the text"), or,
        # for a demo, the training whose curve and samples "what to look for" is about; not on
        # whichever tab the last project was left.
        window = self.window
        window.tabs.setCurrentWidget(window.corpus_tab if demo is None else window.train_tab)
        if demo is not None:
            if demo.mode == "chat":  # the demo's question, ready to send
                self.window.chat_tab.input.setPlainText(demo.prompt)
            from gptstudio.ui.main.welcome import created_message

            self.window.show_message("info", created_message(demo))
        else:
            self.window.show_message("info", self.tr("Created “{name}”. Look at the text, then press Train "
                                              "(F5) to teach the model.").format(name=project.name))
        return self.session.project

    @QtCore.Slot()
    def choose_project(self) -> None:
        if self.window.data_folder.unusable():
            return
        try:
            names = [info.name for info in self.window.store.list() if info.ok]
        except (ProjectError, OSError) as error:
            self.window.show_message("error", describe_error(error))
            return
        if not names:
            self.window.show_message("info", self.tr("There are no projects yet: start one from a demo or a "
                                              "text file."))
            self.show_welcome()
            return
        name = dialogs.choose_item(self.window, self.tr("Open project"), self.tr("Project:"), names)
        if name:
            self.open_project(name)

    @QtCore.Slot(str)
    def open_project(self, name: str, take_over: bool = False) -> bool:
        """Open the project called `name` (or in the folder `name`). take_over: the user chose
        "Open anyway" for a project whose lock cannot be checked (ProjectInUse.can_take_over)."""
        if self.window.data_folder.unusable():
            return False
        if self.session.project is not None and self.session.project.name == name:
            self.window.stack.setCurrentIndex(1)
            return True
        if self.session.project is not None and not self.close_project():
            return False
        try:
            project = self.window.store.open(name)  # its settings checked as the panel checks them
            lock = ProjectLock(project.path).acquire(take_over=take_over)
        except ProjectInUse as error:
            self.window.stack.setCurrentIndex(0)  # where the message shows while no project is open
            self._refuse_in_use(name, error)
            return False
        except (ProjectError, OSError) as error:
            self.window.stack.setCurrentIndex(0)
            self.window.show_message("error", describe_error(error))
            self.refresh_welcome()
            return False
        self.session.open(project, lock)
        try:
            self._load_project_into_widgets()
        except Exception as error:  # noqa: BLE001 - a half-shown project must never be saved
            log.exception("Could not show the project %s", project.path)
            self._abandon_open(project.name, error)
            return False
        self._remember_recent(project.name)
        self.window.settings.setValue("last_project", project.name)
        self.window.stack.setCurrentIndex(1)
        self.window.update_actions()
        return True

    def _abandon_open(self, name: str, error: BaseException) -> None:
        """An open that failed half-way: the widgets may hold some of this project and some of the
        one before, so nothing is saved from them; the lock goes, and the start view comes back."""
        self.session.close()
        self.window.inspect_tab.set_project(None)
        self.window.corpus_index.forget()
        self.window.project_label.setText(self.tr("No project"))
        self.window.setWindowTitle("GPT Studio")
        self.window.stack.setCurrentIndex(0)
        self.refresh_welcome()
        self.window.update_actions()
        detail = describe_error(error)
        if detail:
            text = self.tr("The project “{name}” could not be opened ({problem}); nothing in it was "
                           "changed. The details are in the log (Help ▸ Show log folder).")
        else:
            text = self.tr("The project “{name}” could not be opened; nothing in it was changed. "
                           "The details are in the log (Help ▸ Show log folder).")
        self.window.show_message("error", text.format(name=name, problem=detail))

    def _refuse_in_use(self, name: str, error: ProjectInUse) -> None:
        """The project is open elsewhere: say so, and where its holder cannot be checked (another
        computer, a lock copied in), offer to open it anyway."""
        self.refresh_welcome()
        if not error.can_take_over:
            self.window.show_message("error", describe_error(error))
            return
        self.session.take_over_name = name
        self.window.welcome_bar.show_message(
            "error", describe_error(error), action=(self.tr("Open anyway…"), self._open_anyway),
            tip=self.tr("Open it here even so, after a warning: for a project that is no longer "
                        "open there (a computer that was switched off, a copied folder)."))

    @QtCore.Slot()
    def _open_anyway(self) -> None:
        name = self.session.take_over_name
        if name is None or not dialogs.confirm(
                self, self.tr("Open anyway?"),
                self.tr("If GPT Studio still has “{name}” open there, the two will overwrite each "
                        "other's work: the settings, the text and the trained model. Open it here "
                        "only if it is closed there.").format(name=name),
                yes=self.tr("Open anyway")):
            return
        self.open_project(name, take_over=True)

    def _load_project_into_widgets(self) -> None:
        project = self.session.project
        self._show_name(project.name)
        self.window.message_bar.hide_message()
        try:
            text = project.read_corpus()
        except (ProjectError, OSError) as error:
            self.window.show_message("error", describe_error(error))
            text = ""
        self.window.corpus_tab.set_text(text)
        self.session.show_project(text, trained=project.has_trained_model())
        self.reload_tokenizer()
        self.window.inspect_tab.set_project(project.checkpoint_dir, project.model_choice)
        self.window.inspect_tab.set_corpus(text, project.data.tokenizer, project.data.bpe_vocab_size,
                                           project.preset == "auto")
        self.window.corpus_index.build(text)  # what the model learnt from, for the copied-text check
        self.window.automatic.forget()
        self.window.settings_panel.set_budget_minutes(project.budget_minutes)
        trained = project.has_trained_model()
        self.window.settings_panel.set_locked(trained)
        self.window.settings_panel.show_project(project.data, project.model, project.train, project.preset)
        self.window.corpus_tab.set_shape_locked(trained)
        self.window.edits.push_stats_settings()
        try:
            history = project.history()
        except Exception as error:  # noqa: BLE001 - a damaged history must not stop the project opening
            log.warning("history unreadable: %s", error)
            history = LossHistory()
        self.window.train_tab.show_history(history, project.train.max_iters)
        self.window.train_tab.set_model_choice(project.model_choice)
        self.window.train_tab.set_done(training_done(history, project.train))
        self.window.train_tab.set_snapshots(project.checkpoint_dir)
        self.window.train_tab.set_state("idle")
        self.window.generate_tab.set_sample_config(project.sample)
        self.window.generate_tab.prompt.setPlainText(project.prompt)  # each project has its own
        self.window.generate_tab.output.clear_tokens()
        self.window.generate_runs.update_generate_availability()
        self.window.edits.update_trained_notice()
        self.window.runs.schedule_probe()
        self.window.set_state(self.tr("Ready"))

    def reload_tokenizer(self) -> None:
        """Read the project's tokenizer again, then show it (_use_tokenizer). A small file is read
        at once; a big one (a BPE of 65,536 tokens parses for half a second or more) in the views'
        job pool, so that the window never freezes on it. Only the newest read is shown: one
        still running when the file changes, or another project opens, is no longer wanted."""
        path = self.session.project.tokenizer_path
        request = self.session.next_tokenizer_request()
        try:
            small = path.stat().st_size <= TOKENIZER_READ_AT_ONCE_BYTES
        except OSError:
            small = True  # missing: load_tokenizer says None at once
        if small:
            self._use_tokenizer(path, _read_tokenizer(path))
            return
        if not self._tokenizer_jobs.start(_read_tokenizer_job, request, path,
                                          on_result=self._on_tokenizer_read):
            self.window.show_message("error", refused())  # shown as a project without one meanwhile

    @QtCore.Slot(object)
    def _on_tokenizer_read(self, answer) -> None:
        request, path, tokenizer = answer
        if self.session.wants_tokenizer(request):
            self._use_tokenizer(path, tokenizer)

    def _use_tokenizer(self, path, tokenizer) -> None:
        if self.session.project is None or self.session.project.tokenizer_path != path:
            return
        self.session.tokenizer = tokenizer
        if tokenizer is not None:
            self.window.settings_panel.set_vocab_size(tokenizer.vocab_size)
            self.window.train_tab.set_vocabulary(tokenizer.vocab_size, self.session.project.data.tokenizer)
        self.window.inspect_tab.tokens.set_tokenizer(tokenizer)
        self.window.edits.update_trained_notice()

    def close_project(self) -> bool:
        """Save and close the open project. False if the user chose to keep it open."""
        if self.session.project is None:
            return True
        if self.window.train_tab.is_training():
            if not dialogs.confirm(self.window, self.tr("Training is running"),
                                   self.tr("Stop training, save a checkpoint and close this project?"),
                                   yes=self.tr("Stop and close")):
                return False
            self.window.stop_all_workers()
        elif self.window.generate_runs.is_generating():
            self.window.stop_all_workers()
        self.window.corpus_tab.cancel_loading()  # a file still being read goes nowhere now
        self.save_project()
        self.session.close()
        forget_generators()  # its models leave memory (the GPU's too) with the project
        self.window.inspect_tab.set_project(None)
        self.window.corpus_index.forget()
        self.window.generate_tab.set_corpus_index(None)
        self.window.project_label.setText(self.tr("No project"))
        self.window.setWindowTitle("GPT Studio")
        self.window.update_actions()
        return True

    def save_project(self) -> None:
        if self.session.project is None:
            return
        try:
            text = self.window.corpus_tab.text()
            if text != self._saved_corpus():
                self.session.project.write_corpus(text)
            self.apply_settings_to_project()
            self.session.project.sample = self.window.generate_tab.sample_config()
            self.session.project.prompt = self.window.generate_tab.prompt.toPlainText()
            self.session.project.save()
        except (ProjectError, OSError) as error:
            self.window.show_message("error", self.tr("Could not save the project: {error}").format(
                error=describe_error(error)))

    def _saved_corpus(self) -> str | None:
        try:
            return self.session.project.read_corpus()
        except (ProjectError, OSError):
            return None

    def apply_settings_to_project(self) -> None:
        current = self.window.settings_panel.settings()
        data, model, train, preset = current.data, current.model, current.train, current.preset
        project = self.session.project
        if data.mode != project.data.mode:
            project.mode_guessed = False  # chosen in the settings (or with the Corpus tab's "Use …")
        project.data, project.train, project.preset = data, train, preset
        project.budget_minutes = self.window.settings_panel.budget_minutes()
        tokenizer = self.session.tokenizer
        vocab = tokenizer.vocab_size if tokenizer is not None else project.model.vocab_size
        project.model = replace(model, vocab_size=vocab)

    @QtCore.Slot()
    def rename_project(self) -> None:
        if self.session.project is None:
            return
        new = dialogs.ask_text(self.window, self.tr("Rename project"), self.tr("New name:"),
                               self.session.project.name)
        if not new or new == self.session.project.name:
            return
        old = self.session.project.name
        self.save_project()
        self.session.lock.release()
        try:
            project = self.window.store.rename(old, new)
        except (ProjectError, OSError) as error:
            self.session.lock.acquire()
            self.window.show_message("error", describe_error(error))
            return
        self.session.open(project, ProjectLock(project.path).acquire())
        self.forget_recent(old)
        self._remember_recent(project.name)
        self.window.settings.setValue("last_project", project.name)
        self._show_name(project.name)
        self.window.show_message("info", self.tr("Renamed to “{name}”.").format(name=project.name))

    def _show_name(self, name: str) -> None:
        """The open project's name where the window shows it, and in the file names it suggests."""
        self.window.project_label.setText(self.tr("Project: {name}").format(name=name))
        self.window.setWindowTitle(f"{name} — GPT Studio")
        self.window.train_tab.export_name = file_stem(name)

    @QtCore.Slot()
    def duplicate_project(self) -> None:
        if self.session.project is None:
            return
        new = dialogs.ask_text(self.window, self.tr("Duplicate project"), self.tr("Name of the copy:"),
                               self.unique_name(self.tr("{name} copy").format(name=self.session.project.name)))
        if not new:
            return
        self.save_project()
        try:
            copy = self.window.store.duplicate(self.session.project.name, new)
        except (ProjectError, OSError) as error:
            self.window.show_message("error", describe_error(error))
            return
        self.open_project(copy.name)
        self.window.show_message("info", self.tr("Opened the copy “{name}”; the original is unchanged.").format(
            name=copy.name))

    @QtCore.Slot()
    def show_log_folder(self) -> None:
        from gptstudio.ui.app import show_log_folder

        show_log_folder(self.window)

    @QtCore.Slot()
    def export_project(self) -> None:
        if self.session.project is None:
            return
        path = dialogs.choose_save_file(self.window, self.tr("Export project"),
                                        f"{file_stem(self.session.project.name)}.zip",
                                        translate("ProjectActions", PROJECT_FILTER))
        if not path:
            return
        self.save_project()
        try:
            self.window.store.export(self.session.project.name, path)
        except (ProjectError, OSError) as error:
            self.window.show_message("error", describe_error(error))
            return
        self.window.show_message("info", self.tr("Exported to {path}.").format(path=path))

    @QtCore.Slot()
    def import_project(self) -> None:
        if self.window.data_folder.unusable():
            return
        filters = f"{translate('ProjectActions', PROJECT_FILTER)};;{self.tr('All files (*)')}"
        path = dialogs.choose_open_file(self.window, self.tr("Import project"), filters)
        if not path:
            return
        try:
            project = self.window.store.import_archive(path)
        except (ProjectError, OSError) as error:
            self.window.show_message("error", describe_error(error))
            return
        self.open_project(project.name)
        self.window.show_message("info", self.tr("Imported “{name}”.").format(name=project.name))

    def _remember_recent(self, name: str) -> None:
        self.recent.remember(name)
        self.rebuild_recent_menu()

    def forget_recent(self, name: str) -> None:
        self.recent.forget(name)
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        self.window.recent_menu.clear()
        names = self.recent.names()
        for name in names:
            action = self.window.recent_menu.addAction(name)
            action.setToolTip(self.tr("Open the project “{name}”.").format(name=name))
            action.triggered.connect(lambda _=False, n=name: self.open_project(n))
        self.window.recent_menu.setEnabled(bool(names))


def _read_tokenizer(path: Path):
    """The tokenizer in path, or None when there is none or it cannot be used (the log says
    why): the window then behaves as for a project without one."""
    from gptstudio.engine.tokenizers import load_tokenizer

    if not path.is_file():
        return None
    try:
        return load_tokenizer(path)
    except Exception as error:  # noqa: BLE001 - shown as "no tokenizer"; the log has the reason
        log.warning("tokenizer unreadable: %s", error)
        return None


def _read_tokenizer_job(control, request: int, path: Path):
    """A threads.Job: reads a big tokenizer file, as (the request's number, path, tokenizer or None)."""
    return request, path, _read_tokenizer(path)
