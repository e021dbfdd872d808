"""The File menu's work: create, open, close, save, rename, duplicate, delete (and restore from the
trash), export, import, and the recent-projects list. A mixin of MainWindow (it uses the window's
widgets and store)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6 import QtCore

from gptstudio.engine.config import DataConfig
from gptstudio.projects.lock import ProjectInUse, ProjectLock
from gptstudio.projects.project import Project, ProjectError
from gptstudio.ui.i18n import QT_TRANSLATE_NOOP, translate
from gptstudio.ui.threads import refused
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import describe_error, localized

log = logging.getLogger(__name__)

MAX_RECENT = 8
# A tokenizer file this small parses in a few milliseconds: read on the spot (a character
# tokenizer, or a BPE of a few thousand tokens); a bigger one is read in a worker thread.
TOKENIZER_READ_AT_ONCE_BYTES = 256 * 1024
PROJECT_FILTER = QT_TRANSLATE_NOOP("ProjectActions", "GPT Studio project (*.zip)")


class ProjectActions:
    trash_dialog = None  # the File ▸ Deleted projects… dialog, once shown

    # -- projects ------------------------------------------------------------------------------------

    def refresh_welcome(self) -> None:
        if self._no_data_folder():
            self.welcome.set_projects([])
            return
        try:
            self.welcome.set_projects(self.store.list())
        except (ProjectError, OSError) as error:
            self.show_message("error", self.tr("Could not read the projects folder: {error}").format(
                error=describe_error(error)))

    @QtCore.Slot()
    def show_welcome(self) -> None:
        if self.project is not None and not self.close_project():
            return
        self.refresh_welcome()
        self.stack.setCurrentIndex(0)

    def _unique_name(self, base: str) -> str:
        try:
            taken = {info.name.casefold() for info in self.store.list()}
        except (ProjectError, OSError):
            taken = set()  # creating will say what is wrong with the folder
        name, n = base, 2
        while name.casefold() in taken:
            name, n = f"{base} {n}", n + 1
        return name

    @QtCore.Slot(str)
    def create_from_demo(self, key: str) -> Project | None:
        from gptstudio.demos import get_demo, read_demo

        if self._no_data_folder():
            return None
        demo = get_demo(key)
        data = DataConfig(tokenizer=demo.tokenizer, mode=demo.mode)
        name = self._unique_name(translate("Demos", demo.title))
        return self._create(name, read_demo(key), data, demo=demo)

    @QtCore.Slot()
    def create_from_file(self) -> Project | None:
        path = dialogs.choose_open_file(self, self.tr("Choose a text file to learn from"),
                                         dialogs.text_file_filter())
        if not path:
            return None
        return self.create_from_path(Path(path))

    def create_from_path(self, path: Path) -> Project | None:
        from gptstudio.engine.errors import EngineError
        from gptstudio.engine.text_files import read_corpus_file
        from gptstudio.engine.text_shape import guess_mode

        if self._no_data_folder():
            return None
        try:
            decoded = read_corpus_file(path)  # a file too big is refused before it is read
        except (EngineError, OSError) as error:
            self.show_message("error", self.tr("Could not use {file}: {error}").format(
                file=path.name, error=describe_error(error)))
            return None
        # Stray control characters stay: the Corpus tab shows them and offers to clean them.
        data = DataConfig(mode=guess_mode(decoded.text).mode)
        project = self._create(self._unique_name(path.stem or self.tr("My text")), decoded.text, data)
        if project is not None:
            self.corpus_tab.show_source(str(path), decoded)
        return project

    def _create(self, name: str, text: str, data: DataConfig, demo=None) -> Project | None:
        if self.project is not None and not self.close_project():
            return None
        try:
            project = self.store.create(name, text, data=data, preset="auto" if demo is None else "tiny")
            if demo is not None:  # settings that show a result within a couple of minutes
                from gptstudio.demos import apply_demo

                apply_demo(project, demo)
                project.save()
        except (ProjectError, OSError) as error:
            self.show_message("error", describe_error(error))
            return None
        self.open_project(project.name)
        if demo is None:  # Automatic: chosen for this text once counted (the saved values stand in)
            self._assume_automatic = False
        if demo is not None:
            if demo.mode == "chat":  # the demo's question, ready to send
                self.chat_tab.input.setPlainText(demo.prompt)
            from gptstudio.ui.main.welcome import created_message

            self.show_message("info", created_message(demo))
        else:
            self.show_message("info", self.tr("Created “{name}”. Look at the text, then press Train "
                                              "(F5) to teach the model.").format(name=project.name))
        return self.project

    @QtCore.Slot()
    def choose_project(self) -> None:
        if self._no_data_folder():
            return
        try:
            names = [info.name for info in self.store.list() if info.ok]
        except (ProjectError, OSError) as error:
            self.show_message("error", describe_error(error))
            return
        if not names:
            self.show_message("info", self.tr("There are no projects yet: start one from a demo or a "
                                              "text file."))
            self.show_welcome()
            return
        name = dialogs.choose_item(self, self.tr("Open project"), self.tr("Project:"), names)
        if name:
            self.open_project(name)

    @QtCore.Slot(str)
    def open_project(self, name: str, take_over: bool = False) -> bool:
        """Open the project called `name` (or in the folder `name`). take_over: the user chose
        "Open anyway" for a project whose lock cannot be checked (ProjectInUse.can_take_over)."""
        if self._no_data_folder():
            return False
        if self.project is not None and self.project.name == name:
            self.stack.setCurrentIndex(1)
            return True
        if self.project is not None and not self.close_project():
            return False
        try:
            project = self.store.open(name)  # its settings checked as the panel checks them
            lock = ProjectLock(project.path).acquire(take_over=take_over)
        except ProjectInUse as error:
            self.stack.setCurrentIndex(0)  # where the message shows while no project is open
            self._refuse_in_use(name, error)
            return False
        except (ProjectError, OSError) as error:
            self.stack.setCurrentIndex(0)
            self.show_message("error", describe_error(error))
            self.refresh_welcome()
            return False
        self.project, self._lock = project, lock
        self._new_model_pending = False
        try:
            self._load_project_into_widgets()
        except Exception as error:  # noqa: BLE001 - a half-shown project must never be saved
            log.exception("Could not show the project %s", project.path)
            self._abandon_open(project.name, error)
            return False
        self._remember_recent(project.name)
        self.settings.setValue("last_project", project.name)
        self.stack.setCurrentIndex(1)
        self._update_actions()
        return True

    def _abandon_open(self, name: str, error: BaseException) -> None:
        """An open that failed half-way: the widgets may hold some of this project and some of the
        one before, so nothing is saved from them; the lock goes, and the start view comes back."""
        lock, self.project, self._lock, self._tokenizer = self._lock, None, None, None
        if lock is not None:
            lock.release()
        self.inspect_tab.set_project(None)
        self.corpus_index.forget()
        self.project_label.setText(self.tr("No project"))
        self.setWindowTitle("GPT Studio")
        self.stack.setCurrentIndex(0)
        self.refresh_welcome()
        self._update_actions()
        detail = describe_error(error)
        if detail:
            text = self.tr("The project “{name}” could not be opened ({problem}); nothing in it was "
                           "changed. The details are in the log (Help ▸ Show log folder).")
        else:
            text = self.tr("The project “{name}” could not be opened; nothing in it was changed. "
                           "The details are in the log (Help ▸ Show log folder).")
        self.show_message("error", text.format(name=name, problem=detail))

    def _refuse_in_use(self, name: str, error: ProjectInUse) -> None:
        """The project is open elsewhere: say so, and where its holder cannot be checked (another
        computer, a lock copied in), offer to open it anyway."""
        self.refresh_welcome()
        if not error.can_take_over:
            self.show_message("error", describe_error(error))
            return
        self._take_over_name = name
        self.welcome_bar.show_message(
            "error", describe_error(error), action=(self.tr("Open anyway…"), self._open_anyway),
            tip=self.tr("Open it here even so, after a warning: for a project that is no longer "
                        "open there (a computer that was switched off, a copied folder)."))

    @QtCore.Slot()
    def _open_anyway(self) -> None:
        name = getattr(self, "_take_over_name", None)
        if name is None or not dialogs.confirm(
                self, self.tr("Open anyway?"),
                self.tr("If GPT Studio still has “{name}” open there, the two will overwrite each "
                        "other's work: the settings, the text and the trained model. Open it here "
                        "only if it is closed there.").format(name=name),
                yes=self.tr("Open anyway")):
            return
        self.open_project(name, take_over=True)

    def _load_project_into_widgets(self) -> None:
        project = self.project
        self.project_label.setText(self.tr("Project: {name}").format(name=project.name))
        self.setWindowTitle(f"{project.name} — GPT Studio")
        self.message_bar.hide_message()
        try:
            text = project.read_corpus()
        except (ProjectError, OSError) as error:
            self.show_message("error", describe_error(error))
            text = ""
        self.corpus_tab.set_text(text)
        self._tokenizer = None
        self.reload_tokenizer()
        self.train_tab.export_name = project.name
        self.inspect_tab.set_project(project.checkpoint_dir, project.model_choice)
        self.inspect_tab.set_corpus(text, project.data.tokenizer, project.data.bpe_vocab_size)
        self.corpus_index.build(text)  # what the model learnt from, for the copied-text check
        self.automatic.forget()
        self.settings_panel.set_budget_minutes(project.budget_minutes)
        trained = project.has_trained_model()
        self.settings_panel.set_locked(trained)
        self.settings_panel.show_project(project.data, project.model, project.train, project.preset)
        self._assume_automatic = project.preset == "auto"  # once the text is counted (_on_corpus_stats)
        self.corpus_tab.set_shape_locked(trained)
        # Edits are compared with the text as opened: the notice says what follows from them.
        self._corpus_at_training = text if trained else None
        self._push_stats_settings()
        try:
            history = project.history()
        except Exception as error:  # noqa: BLE001 - a damaged history must not stop the project opening
            log.warning("history unreadable: %s", error)
            history = {}
        self.train_tab.show_history(history, project.train.max_iters)
        self.train_tab.set_model_choice(project.model_choice)
        self.train_tab.set_done(training_done(history, project.train))
        self.train_tab.set_snapshots(project.checkpoint_dir)
        self.train_tab.set_state("idle")
        self.generate_tab.set_sample_config(project.sample)
        self.generate_tab.prompt.setPlainText(project.prompt)  # each project has its own
        self.generate_tab.output.clear_tokens()
        self._update_generate_availability()
        self._update_trained_notice()
        self._schedule_probe()
        self._set_state(self.tr("Ready"))

    def reload_tokenizer(self) -> None:
        """Read the project's tokenizer again, then show it (_use_tokenizer). A small file is read
        at once; a big one (a BPE of 65,536 tokens parses for half a second or more) in the views'
        job pool, so that the window never freezes on it. Only the newest read is shown: one
        still running when the file changes, or another project opens, is no longer wanted."""
        path = self.project.tokenizer_path
        self._tokenizer_request += 1
        try:
            small = path.stat().st_size <= TOKENIZER_READ_AT_ONCE_BYTES
        except OSError:
            small = True  # missing: load_tokenizer says None at once
        if small:
            self._use_tokenizer(path, _read_tokenizer(path))
            return
        if not self._tokenizer_jobs.start(_read_tokenizer_job, self._tokenizer_request, path,
                                          on_result=self._on_tokenizer_read):
            self.show_message("error", refused())  # shown as a project without one meanwhile

    @QtCore.Slot(object)
    def _on_tokenizer_read(self, answer) -> None:
        request, path, tokenizer = answer
        if request == self._tokenizer_request and self.project is not None:
            self._use_tokenizer(path, tokenizer)

    def _use_tokenizer(self, path, tokenizer) -> None:
        if self.project is None or self.project.tokenizer_path != path:
            return
        self._tokenizer = tokenizer
        if tokenizer is not None:
            self.settings_panel.set_vocab_size(tokenizer.vocab_size)
            self.train_tab.set_vocabulary(tokenizer.vocab_size, self.project.data.tokenizer)
        self.inspect_tab.tokens.set_tokenizer(tokenizer)
        self._update_trained_notice()

    def close_project(self) -> bool:
        """Save and close the open project. False if the user chose to keep it open."""
        if self.project is None:
            return True
        if self.is_training():
            if not dialogs.confirm(self, self.tr("Training is running"),
                                   self.tr("Stop training, save a checkpoint and close this project?"),
                                   yes=self.tr("Stop and close")):
                return False
            self._stop_all_workers()
        elif self.is_generating():
            self._stop_all_workers()
        self.save_project()
        if self._lock is not None:
            self._lock.release()
        self.project, self._lock, self._tokenizer = None, None, None
        self.inspect_tab.set_project(None)
        self.corpus_index.forget()
        self.generate_tab.set_corpus_index(None)
        self.project_label.setText(self.tr("No project"))
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
            self.project.prompt = self.generate_tab.prompt.toPlainText()
            self.project.save()
        except (ProjectError, OSError) as error:
            self.show_message("error", self.tr("Could not save the project: {error}").format(
                error=describe_error(error)))

    def _saved_corpus(self) -> str | None:
        try:
            return self.project.read_corpus()
        except (ProjectError, OSError):
            return None

    def _apply_settings_to_project(self) -> None:
        data, model, train, preset = self.settings_panel.settings()
        project = self.project
        project.data, project.train, project.preset = data, train, preset
        project.budget_minutes = self.settings_panel.budget_minutes()
        vocab = self._tokenizer.vocab_size if self._tokenizer is not None else project.model.vocab_size
        project.model = replace(model, vocab_size=vocab)

    @QtCore.Slot()
    def rename_project(self) -> None:
        if self.project is None:
            return
        new = dialogs.ask_text(self, self.tr("Rename project"), self.tr("New name:"), self.project.name)
        if not new or new == self.project.name:
            return
        old = self.project.name
        self.save_project()
        self._lock.release()
        try:
            project = self.store.rename(old, new)
        except (ProjectError, OSError) as error:
            self._lock.acquire()
            self.show_message("error", describe_error(error))
            return
        self.project, self._lock = project, ProjectLock(project.path).acquire()
        self._forget_recent(old)
        self._remember_recent(project.name)
        self.settings.setValue("last_project", project.name)
        self.project_label.setText(self.tr("Project: {name}").format(name=project.name))
        self.setWindowTitle(f"{project.name} — GPT Studio")
        self.show_message("info", self.tr("Renamed to “{name}”.").format(name=project.name))

    @QtCore.Slot()
    def duplicate_project(self) -> None:
        if self.project is None:
            return
        new = dialogs.ask_text(self, self.tr("Duplicate project"), self.tr("Name of the copy:"),
                               self._unique_name(self.tr("{name} copy").format(name=self.project.name)))
        if not new:
            return
        self.save_project()
        try:
            copy = self.store.duplicate(self.project.name, new)
        except (ProjectError, OSError) as error:
            self.show_message("error", describe_error(error))
            return
        self.open_project(copy.name)
        self.show_message("info", self.tr("Opened the copy “{name}”; the original is unchanged.").format(
            name=copy.name))

    @QtCore.Slot()
    def delete_project(self) -> None:
        if self.project is None:
            return
        name = self.project.name
        if not dialogs.confirm(self, self.tr("Delete project"),
                               self.tr("Move the project “{name}” (text, settings and trained model) "
                                       "to the trash folder?").format(name=name),
                               yes=self.tr("Delete", "button: move the project to the trash")):
            return
        self.close_project()
        try:
            where = self.store.delete(name)
        except (ProjectError, OSError) as error:
            self.show_message("error", describe_error(error))
            return
        self._forget_recent(name)
        self.show_welcome()
        self.welcome_bar.show_message("info", self.tr("“{name}” was moved to the trash folder "
                                                      "({folder}); File ▸ Deleted projects… can "
                                                      "restore it.").format(name=name, folder=where))

    @QtCore.Slot()
    def show_trash(self) -> None:
        """File ▸ Deleted projects…: a window-modal dialog (open(), not exec(): tests can drive it)."""
        from gptstudio.ui.windows.trash_dialog import TrashDialog

        if self._no_data_folder():
            return
        if self.trash_dialog is not None:
            self.trash_dialog.deleteLater()
        self.trash_dialog = TrashDialog(self.store, self)
        self.trash_dialog.restored.connect(self._on_project_restored)
        self.trash_dialog.open()

    @QtCore.Slot(object)
    def _on_project_restored(self, info) -> None:
        self.refresh_welcome()
        if not info.ok:
            self.show_message("warning", self.tr("Restored “{name}”, but it cannot be opened: "
                                                 "{error}").format(name=info.name, error=localized(info.error)))
        elif self.open_project(info.name):
            self.show_message("info", self.tr("Restored “{name}” from the trash.").format(
                name=info.name))
        else:  # the user kept the open project open (it is training)
            self.show_message("info", self.tr("Restored “{name}”: it is back in your project "
                                              "list.").format(name=info.name))

    @QtCore.Slot()
    def show_log_folder(self) -> None:
        from gptstudio.ui.app import show_log_folder

        show_log_folder(self)

    @QtCore.Slot()
    def export_project(self) -> None:
        if self.project is None:
            return
        path = dialogs.choose_save_file(self, self.tr("Export project"), f"{self.project.name}.zip",
                                        translate("ProjectActions", PROJECT_FILTER))
        if not path:
            return
        self.save_project()
        try:
            self.store.export(self.project.name, path)
        except (ProjectError, OSError) as error:
            self.show_message("error", describe_error(error))
            return
        self.show_message("info", self.tr("Exported to {path}.").format(path=path))

    @QtCore.Slot()
    def import_project(self) -> None:
        if self._no_data_folder():
            return
        filters = f"{translate('ProjectActions', PROJECT_FILTER)};;{self.tr('All files (*)')}"
        path = dialogs.choose_open_file(self, self.tr("Import project"), filters)
        if not path:
            return
        try:
            project = self.store.import_archive(path)
        except (ProjectError, OSError) as error:
            self.show_message("error", describe_error(error))
            return
        self.open_project(project.name)
        self.show_message("info", self.tr("Imported “{name}”.").format(name=project.name))

    # -- a pretrained model by name (ui/windows/pretrained_dialog.py) -----------------------------------------

    # What the dialog lists, and whether it times the models not timed yet (tests list small ones).
    pretrained_catalogue = None  # None: engine/catalogue.py's
    time_pretrained_models = True

    @QtCore.Slot()
    def show_pretrained_models(self) -> None:
        from gptstudio.engine.catalogue import CATALOGUE
        from gptstudio.ui.windows.pretrained_dialog import PretrainedDialog

        if self._pretrained_dialog is None:
            self._pretrained_dialog = PretrainedDialog(
                self.store, self._unique_name, self,
                catalogue=self.pretrained_catalogue or CATALOGUE,
                measure=self.time_pretrained_models)
            self._pretrained_dialog.created.connect(self._on_pretrained_created)
        else:
            self._pretrained_dialog.reopen()
        self._pretrained_dialog.open()

    @QtCore.Slot(str)
    def _on_pretrained_created(self, name: str) -> None:
        if not self.open_project(name):  # the new project is listed on the welcome view then
            self.refresh_welcome()
            return
        if self.project.train.lora_rank:
            how = self.tr("Small LoRA adapters learn beside its weights, which stay as they are: "
                          "fine-tuning all of them would need more memory than this computer has.")
        else:
            how = self.tr("All its weights learn.")
        self.show_message("info", self.tr(
            "Created “{name}” from a pretrained model. It can write right away (Generate); Train "
            "fine-tunes it on your text, {steps:,} steps. {how}").format(
            name=name, steps=self.project.train.max_iters, how=how))

    # -- GPT-2 import / Hugging Face export (slow: a worker thread does them) ------------------------

    @QtCore.Slot()
    def create_from_gpt2_folder(self) -> None:
        if self._no_data_folder():
            return
        folder = dialogs.choose_folder(self, self.tr("Choose a GPT-2 model folder (Hugging Face format)"))
        if not folder:
            return
        text_path = dialogs.choose_open_file(self, self.tr("Choose the text to fine-tune GPT-2 on"),
                                             dialogs.text_file_filter())
        if not text_path:
            return
        from gptstudio.engine.errors import EngineError
        from gptstudio.engine.text_files import read_corpus_file
        from gptstudio.projects.pretrained import create_from_gpt2

        try:
            text = read_corpus_file(text_path).text
        except (EngineError, OSError) as error:
            self.show_message("error", self.tr("Could not use {file}: {error}").format(
                file=Path(text_path).name, error=describe_error(error)))
            return
        if self.project is not None and not self.close_project():
            return
        name = self._unique_name(self.tr("{folder} fine-tuned").format(folder=Path(folder).name))
        self._run_slow(self.tr("Importing GPT-2 from {folder}…").format(folder=folder),
                       create_from_gpt2, self._on_gpt2_created, self.store, name, text, folder)

    @QtCore.Slot(object)
    def _on_gpt2_created(self, project) -> None:
        self._set_state(self.tr("Ready"))
        if project is None:
            return
        self.open_project(project.name)
        self.show_message("info", self.tr("Created “{name}” from GPT-2. It can write right away "
                                          "(Generate); Train fine-tunes it on your "
                                          "text.").format(name=project.name))

    @QtCore.Slot()
    def export_hf(self) -> None:
        if self.project is None or not self.project.has_trained_model():
            self.show_message("info", self.tr("Train the model first: there is nothing to export yet."))
            return
        folder = dialogs.choose_folder(self, self.tr("Choose an empty folder for the Hugging Face model"))
        if not folder:
            return
        from gptstudio.projects.pretrained import export_to_hf

        self.save_project()
        self._run_slow(self.tr("Exporting to {folder}…").format(folder=folder), export_to_hf,
                       self._on_hf_exported, self.project, folder)

    @QtCore.Slot(object)
    def _on_hf_exported(self, folder) -> None:
        self._set_state(self.tr("Ready"))
        if folder is not None:
            self.show_message("info", self.tr("Wrote a Hugging Face GPT-2 folder to {folder}: "
                                              "transformers' GPT2LMHeadModel.from_pretrained can "
                                              "load it.").format(folder=folder))

    def _run_slow(self, status: str, function, on_done, *args) -> None:
        from gptstudio.ui.workers import CallWorker, WorkerThread

        if self.slow_thread is not None:
            self.show_message("info", self.tr("Please wait: the previous import or export is still "
                                              "running."))
            return
        worker = CallWorker(function, *args)
        worker.failed.connect(self._on_slow_failed)
        worker.done.connect(on_done)
        self.slow_thread = WorkerThread(worker, self)
        self.slow_thread.finished.connect(self._drop_finished_threads)
        self._set_state(status)
        self.slow_thread.start()

    @QtCore.Slot(str)
    def _on_slow_failed(self, message: str) -> None:
        self.show_message("error", message)

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
            action.setToolTip(self.tr("Open the project “{name}”.").format(name=name))
            action.triggered.connect(lambda _=False, n=name: self.open_project(n))
        self.recent_menu.setEnabled(bool(names))


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


def training_done(history: dict, train) -> bool:
    """The saved run reached its steps, or stopped early (its last `early_stop_evals` checks all
    worse than its best): Train then offers more steps rather than going on."""
    steps, vals = history.get("steps", []), history.get("eval_val", [])
    if not steps:
        return False
    if int(steps[-1]) >= train.max_iters:
        return True
    k = train.early_stop_evals
    return bool(k and len(vals) > k and min(vals[-k:]) > min(vals))

