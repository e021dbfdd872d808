"""All the user's projects: create, list, open, rename, duplicate, trash, export, import.

Projects are looked up by their display name (case-insensitively: "Poems" and "poems" are one
name, as they are one folder on macOS and Windows); a damaged project, which has no readable name,
by its folder name. Anything that builds a new folder (create, duplicate, import) builds it under a
hidden temporary name inside the root and renames it into place when complete, so a crash never
leaves half a project in the list. Hidden entries of the root are never listed.

Names stay unique when several windows or commands create, import, rename or restore at the same
moment: each holds the root's name lock (`.names.lock`, an OS file lock that dies with its
process) from its last check of the name until its folder is in place. A name is also taken when
it is another project's folder name, so that the folder-name fallback of a lookup is never
shadowed by a display name.

What a name may be is projects/names.py; what a folder in the trash is, projects/trash.py.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from gptstudio.engine.auto_settings import DEFAULT_BUDGET_MINUTES, AutoChoice
from gptstudio.engine.config import DataConfig, SampleConfig
from gptstudio.engine.errors import describe_os_error
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message, joined
from gptstudio.engine.presets import DEFAULT_PRESET, PRESETS, Preset, get_preset
from gptstudio.fsio import atomic_write_json
from gptstudio.projects.archive import export_project, extract_project
from gptstudio.projects.lock import ensure_not_in_use
from gptstudio.projects.names import MAX_NAME_CHARS, check_name, fit_name
from gptstudio.projects.paths import projects_root, trash_root, unique_folder, with_number
from gptstudio.projects.project import (
    Project,
    ProjectError,
    cannot_read,
    find_link,
    has_checkpoint,
    linked_file,
    message_of,
    mtime_iso,
    now_iso,
)
from gptstudio.projects.trash import (
    OLD_MODEL,
    TRASH_INFO,
    TrashEntry,
    describe_trash_entry,
    not_restorable,
    sort_time,
    trash_entry,
)

log = logging.getLogger(__name__)

_TEMP_PREFIXES = (".creating-", ".duplicating-", ".importing-")
_TEMP_MAX_AGE_S = 24 * 3600  # a temporary folder this old was left by a crash
NAMES_LOCK = ".names.lock"
NAMES_LOCK_TIMEOUT_S = 60.0  # claims take milliseconds; this long means a window hangs


@dataclass(frozen=True)
class ProjectInfo:
    name: str  # display name; the folder name for a damaged project
    path: Path
    modified: str  # ISO time
    ok: bool
    error: str | None  # why the project cannot be opened (a Message), when ok is False
    trained: bool


class ProjectStore:
    def __init__(self, root: Path | None = None, *, trash: Path | None = None) -> None:
        self.root = Path(root) if root is not None else projects_root()
        self.root.mkdir(parents=True, exist_ok=True)
        self.trash = Path(trash) if trash is not None else trash_root()
        self._sweep_temporary_folders()

    # ----------------------------------------------------------------------------------------------
    # Listing and opening

    def list(self) -> list[ProjectInfo]:
        """Every project, sorted by name; a damaged one has ok=False and says why."""
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        except OSError as e:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The projects folder {folder} cannot be read ({problem})."),
                folder=self.root, problem=describe_os_error(e))) from None
        return sorted((_info(p) for p in folders), key=lambda i: (i.name.casefold(), i.path.name))

    def open(self, name: str) -> Project:
        """The project, checked all through: its settings (Project.load) and every entry of its
        folder, none of which may be a link."""
        return _without_links(Project.load(self._find(name)))

    def _find(self, name: str) -> Path:
        key = unicodedata.normalize("NFC", str(name)).strip().casefold()
        infos = self.list()
        named = [info for info in infos if info.name.casefold() == key]
        if named:
            # Projects that share a name (copied in by hand, or made by a version without the
            # name lock): the one whose folder is the name, else the first; the others are found
            # by their folders' names.
            exact = [info for info in named if info.path.name.casefold() == key]
            return (exact or named)[0].path
        for info in infos:  # a damaged project's folder, or a folder named differently
            if info.path.name.casefold() == key:
                return info.path
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", 'There is no project called "{name}".'), name=name))

    # ----------------------------------------------------------------------------------------------
    # Creating and changing

    def create(
        self,
        name: str,
        corpus: str,
        *,
        preset: str = DEFAULT_PRESET,
        data: DataConfig | None = None,
        automatic: AutoChoice | None = None,
        budget_minutes: int = DEFAULT_BUDGET_MINUTES,
        mode_guessed: bool = False,
    ) -> Project:
        """automatic: settings Automatic chose for this text (projects/automatic.py); the preset
        is then "auto" and budget_minutes the time they were chosen for. mode_guessed: data's
        mode is the guess from the text's structure (engine/text_shape.py), not the user's."""
        name = self._new_name(name)
        if automatic is not None:
            chosen = Preset("auto", "", "", automatic.model, automatic.train)
            data = data or automatic.data
        elif preset == "auto":
            # Automatic, to be chosen when the app has measured this computer: until then the
            # default preset's values stand in.
            chosen = replace(get_preset(DEFAULT_PRESET), name="auto")
        else:
            try:
                chosen = get_preset(preset)
            except KeyError:
                raise ProjectError(Message(QT_TRANSLATE_NOOP(
                    "Engine", 'There is no preset called "{preset}"; choose one of {presets}.'),
                    preset=preset, presets=joined(list(PRESETS), ", "))) from None
        data = data or DataConfig()
        problems = data.validate()
        if problems:
            raise ProjectError(problems[0] if len(problems) == 1 else joined(problems))
        if not corpus.strip():
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The text is empty: give the project some text to learn from.")))
        from gptstudio.engine.errors import CorpusError
        from gptstudio.engine.tokenizers import train_tokenizer

        try:
            tok = train_tokenizer(data.tokenizer, corpus, data.bpe_vocab_size, data.mode)
        except CorpusError:
            # A conversation that cannot be read yet: the project is made all the same, so the
            # text can be fixed in it (the Corpus tab names the line); training trains it again.
            tok = train_tokenizer(data.tokenizer, corpus, data.bpe_vocab_size)
        tmp = self._temporary_path("creating")
        with _Building(tmp):
            tmp.mkdir()
            now = now_iso()
            model = replace(chosen.model, vocab_size=tok.vocab_size)
            project = Project(tmp, name, now, now, chosen.name, data, model, chosen.train,
                              SampleConfig(), budget_minutes=budget_minutes,
                              mode_guessed=mode_guessed)
            project.write_corpus(corpus)
            project.save_tokenizer(tok)
            project.save()
            with self._names_claimed():
                self._new_name(name)  # again: another process may have taken it meanwhile
                return self._move_into_place(project, tmp)

    def rename(self, name: str, new_name: str) -> Project:
        with self._names_claimed():
            return self._rename(name, new_name)

    def _rename(self, name: str, new_name: str) -> Project:
        old = self._find(name)
        ensure_not_in_use(old)
        project = Project.load(old)
        new_name = self._new_name(new_name, exclude=old)
        target = unique_folder(self.root, new_name, exclude=old)
        old_name, project.name = project.name, new_name
        project.save()
        if target != old:
            try:
                os.rename(old, target)
            except OSError as e:
                project.name = old_name
                project.save()
                raise ProjectError(Message(QT_TRANSLATE_NOOP(
                    "Engine", 'The project "{name}" could not be renamed ({problem}).'),
                    name=old_name, problem=describe_os_error(e))) from None
            project.path = target
        return project

    def duplicate(self, name: str, new_name: str) -> Project:
        source = self.open(name)  # refuses links: the copy would leave them out unsaid
        new_name = self._new_name(new_name)
        tmp = self._temporary_path("duplicating")
        with _Building(tmp):
            shutil.copytree(source.path, tmp, ignore=_internal_files, copy_function=_copy_durably)
            project = Project.load(tmp)
            project.name, project.created = new_name, now_iso()
            with self._names_claimed():
                self._new_name(new_name)
                project.save()
                return self._move_into_place(project, tmp)

    # ----------------------------------------------------------------------------------------------
    # Trash

    def delete(self, name: str) -> Path:
        """Move the project to the trash; returns where it went."""
        source = self._find(name)
        ensure_not_in_use(source)
        label = next((i.name for i in self.list() if i.path == source), source.name)
        self.trash.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y-%m-%d %H-%M-%S")  # no ":" (not allowed on Windows)
        target = unique_folder(self.trash, f"{source.name} {stamp}")
        try:
            shutil.move(source, target)
        except OSError as e:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'The project "{name}" could not be moved to the trash ({problem}).'),
                name=label, problem=describe_os_error(e))) from None
        atomic_write_json(
            target / TRASH_INFO, {"name": label, "folder": source.name, "deleted": now_iso()}
        )
        return target

    def list_trash(self) -> list[TrashEntry]:
        """What is in the trash (projects and set-aside models), most recently deleted first."""
        try:
            folders = [p for p in self.trash.iterdir() if p.is_dir() and not p.name.startswith(".")]
        except FileNotFoundError:
            return []
        except OSError as e:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The trash folder {folder} cannot be read ({problem})."),
                folder=self.trash, problem=describe_os_error(e))) from None
        names = self._names_by_folder() if any(OLD_MODEL.match(p.name) for p in folders) else {}
        entries = [trash_entry(p, names) for p in folders]
        return sorted(entries, key=lambda e: sort_time(e.deleted), reverse=True)

    def restore(self, entry: TrashEntry | Path | str) -> ProjectInfo:
        """Put a trashed project back among the projects (as "Name (2)" if its name is taken)."""
        with self._names_claimed():
            return self._restore(entry)

    def _restore(self, entry: TrashEntry | Path | str) -> ProjectInfo:
        path = entry.path if isinstance(entry, TrashEntry) else self.trash / Path(entry).name
        if path.parent.resolve() != self.trash.resolve() or not path.is_dir():
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "This project is no longer in the trash.")))
        entry = trash_entry(path)
        if not entry.restorable:
            raise ProjectError(not_restorable(trash_entry(path, self._names_by_folder())))
        try:
            project = Project.load(path)
        except ProjectError:
            project = None  # a damaged project is restored as it is
        if project is not None and self._taken(project.name):
            project.name = self._unused_name(project.name)
            project.save()
        target = unique_folder(self.root, project.name if project else entry.folder)
        try:
            shutil.move(path, target)
        except OSError as e:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'The project "{name}" could not be restored ({problem}).'),
                name=entry.name, problem=describe_os_error(e))) from None
        (target / TRASH_INFO).unlink(missing_ok=True)
        return _info(target)

    def empty_trash(self) -> int:
        """Delete everything in the trash for good (projects and set-aside models alike); returns
        how many entries were removed. Only ever called when the user asks for it."""
        entries = self.list_trash()
        failed = []
        for entry in entries:
            try:
                shutil.rmtree(entry.path)
            except OSError:
                failed.append(describe_trash_entry(entry))
        if failed:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "Some things could not be removed from the trash: {things}."),
                things=joined(failed, "; ")))
        return len(entries)

    def _names_by_folder(self) -> dict[str, str]:
        """Project folder name -> display name, to say whose model an old model was."""
        try:
            return {i.path.name: i.name for i in self.list()}
        except ProjectError:
            return {}

    # ----------------------------------------------------------------------------------------------
    # Archives

    def export(self, name: str, zip_path: str | os.PathLike) -> None:
        # Refuses a damaged project, with the reason, and one with a link in it: an archive that
        # left the linked file out could not be imported again.
        project = self.open(name)
        try:
            export_project(project.path, zip_path, project.path.name)
        except OSError as e:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'The project "{name}" could not be exported ({problem}).'),
                name=project.name, problem=describe_os_error(e))) from None

    def import_archive(self, zip_path: str | os.PathLike, name: str | None = None) -> Project:
        """Add the project in zip_path; named `name`, or as in the archive ("Name (2)" if taken)."""
        if name is not None:
            name = check_name(name)
        tmp = self._temporary_path("importing")
        extract_project(zip_path, tmp)  # checks every entry first; writes nothing if one is bad
        with _Building(tmp):
            project = Project.load(tmp)
            wanted = (
                name
                or fit_name(project.name)
                or fit_name(Path(zip_path).stem)
                or "Imported project"
            )
            with self._names_claimed():
                project.name = self._unused_name(wanted)
                project.save()
                return self._move_into_place(project, tmp)

    # ----------------------------------------------------------------------------------------------
    # Names and folders

    def _new_name(self, name: str, *, exclude: Path | None = None) -> str:
        name = check_name(name)
        if self._taken(name, exclude=exclude):
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'There is already a project called "{name}".'), name=name))
        return name

    def _taken(self, name: str, *, exclude: Path | None = None) -> bool:
        """Another project has this name, or has it as the folder name a lookup must fall back to
        (a project sharing its name with another, made before names were claimed, or copied in)."""
        key = name.casefold()
        infos = [i for i in self.list() if i.path != exclude]
        names = Counter(i.name.casefold() for i in infos)
        return names[key] > 0 or any(
            names[i.name.casefold()] > 1 and i.path.name.casefold() == key for i in infos)

    @contextlib.contextmanager
    def _names_claimed(self):
        """The root's name lock: one process at a time between its last check of a name and its
        folder's arrival under that name."""
        from filelock import FileLock, Timeout

        lock = FileLock(self.root / NAMES_LOCK, timeout=NAMES_LOCK_TIMEOUT_S)
        try:
            lock.acquire()
        except Timeout:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "Another GPT Studio window is busy adding a project; try again in a "
                          "moment."))) from None
        try:
            yield
        finally:
            lock.release()

    def _unused_name(self, base: str) -> str:
        n = 1
        while True:
            suffix = with_number("", n)
            candidate = with_number(base[: MAX_NAME_CHARS - len(suffix)].rstrip(), n)
            if not self._taken(candidate):
                return candidate
            n += 1

    def _temporary_path(self, kind: str) -> Path:
        return self.root / f".{kind}-{secrets.token_hex(6)}"

    def _move_into_place(self, project: Project, tmp: Path) -> Project:
        target = unique_folder(self.root, project.name)
        try:
            os.rename(tmp, target)
        except OSError as e:
            shutil.rmtree(tmp, ignore_errors=True)
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'The project "{name}" could not be saved ({problem}).'),
                name=project.name, problem=describe_os_error(e))) from None
        project.path = target
        return project

    def _sweep_temporary_folders(self) -> None:
        # Left by a crash mid-create/import; young ones may belong to another window at work.
        for p in self.root.glob(".*-*"):
            try:
                if (
                    p.name.startswith(_TEMP_PREFIXES)
                    and time.time() - p.stat().st_mtime > _TEMP_MAX_AGE_S
                ):
                    shutil.rmtree(p, ignore_errors=True)
            except OSError:
                pass


class _Building:
    """`with` block around a temporary project folder: removed if anything inside fails."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> _Building:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            shutil.rmtree(self.path, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# Helpers


def _info(folder: Path) -> ProjectInfo:
    try:
        project = Project.load(folder)
        return ProjectInfo(
            project.name, folder, project.modified, True, None, project.has_trained_model()
        )
    except ProjectError as e:
        error = message_of(e)
    except OSError as e:
        error = cannot_read(folder.name, e)
    except Exception:  # a bug must not hide the user's other projects; the log keeps it
        log.exception("Unexpected error while reading the project in %s", folder)
        error = cannot_read(folder.name)
    try:
        trained = has_checkpoint(folder / "checkpoints")
    except OSError:
        trained = False
    return ProjectInfo(folder.name, folder, mtime_iso(folder), False, error, trained)


def _without_links(project: Project) -> Project:
    link = find_link(project.path)
    if link is not None:
        raise ProjectError(linked_file(project.name, link, project.path))
    return project


def _internal_files(folder: str, names: list[str]) -> set[str]:
    """Not copied by duplicate: our hidden files (.lock, temps), unfinished checkpoints, links."""
    return {
        n
        for n in names
        if n.startswith(".") or n.endswith(".tmp") or os.path.islink(os.path.join(folder, n))
    }


def _copy_durably(src: str, dst: str) -> str:
    # The copy is renamed into place next; its files must be on disk before that rename is.
    shutil.copy2(src, dst)
    with open(dst, "rb+") as f:
        os.fsync(f.fileno())
    return dst
