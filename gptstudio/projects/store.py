"""All the user's projects: create, list, open, rename, duplicate, trash, export, import.

Projects are looked up by their display name (case-insensitively: "Poems" and "poems" are one
name, as they are one folder on macOS and Windows); a damaged project, which has no readable name,
by its folder name. Anything that builds a new folder (create, duplicate, import) builds it under a
hidden temporary name inside the root and renames it into place when complete, so a crash never
leaves half a project in the list. Hidden entries of the root are never listed.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import time
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from gptstudio.engine.auto_settings import DEFAULT_BUDGET_MINUTES, AutoChoice
from gptstudio.engine.config import DataConfig, SampleConfig
from gptstudio.engine.errors import describe_os_error
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message, joined
from gptstudio.engine.presets import DEFAULT_PRESET, PRESETS, Preset, get_preset
from gptstudio.fsio import atomic_write_json, read_json
from gptstudio.projects.archive import export_project, extract_project
from gptstudio.projects.lock import ensure_not_in_use
from gptstudio.projects.paths import projects_root, trash_root, unique_folder, with_number
from gptstudio.projects.project import (
    Project,
    ProjectError,
    cannot_read,
    has_checkpoint,
    message_of,
    mtime_iso,
    now_iso,
)

log = logging.getLogger(__name__)

MAX_NAME_CHARS = 100
TRASH_INFO = ".trash.json"  # in a trashed folder: its name, original folder and deletion time
_TEMP_PREFIXES = (".creating-", ".duplicating-", ".importing-")
_TEMP_MAX_AGE_S = 24 * 3600  # a temporary folder this old was left by a crash


@dataclass(frozen=True)
class ProjectInfo:
    name: str  # display name; the folder name for a damaged project
    path: Path
    modified: str  # ISO time
    ok: bool
    error: str | None  # why the project cannot be opened (a Message), when ok is False
    trained: bool


# What a folder in the trash can be. A "project" is a whole project, put there by delete(); an
# "old-model" holds the checkpoints of a model that a new model replaced (the app sets them aside
# as "<project folder>-old-model-<time>"); "other" is anything else found there.
TRASH_KINDS = ("project", "old-model", "other")
_OLD_MODEL = re.compile(r"^(?P<folder>.+)-old-model-(?P<stamp>.*)$")


@dataclass(frozen=True)
class TrashEntry:
    name: str  # the project's display name; for an old model, the name of the project it was of
    path: Path  # the folder inside the trash
    deleted: str  # ISO time
    folder: str  # the folder name the project had (has) among the projects
    kind: str = "project"  # one of TRASH_KINDS
    size: int = 0  # bytes on disk

    @property
    def restorable(self) -> bool:
        """Only a whole project can go back into the list; an old model has no project around it."""
        return self.kind == "project"


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
        return Project.load(self._find(name))

    def _find(self, name: str) -> Path:
        key = unicodedata.normalize("NFC", str(name)).strip().casefold()
        infos = self.list()
        for info in infos:
            if info.name.casefold() == key:
                return info.path
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
    ) -> Project:
        """automatic: settings Automatic chose for this text (projects/automatic.py); the preset
        is then "auto" and budget_minutes the time they were chosen for."""
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
        from gptstudio.engine.tokenizers import train_tokenizer

        tok = train_tokenizer(data.tokenizer, corpus, data.bpe_vocab_size)
        tmp = self._temporary_path("creating")
        with _Building(tmp):
            tmp.mkdir()
            now = now_iso()
            model = replace(chosen.model, vocab_size=tok.vocab_size)
            project = Project(tmp, name, now, now, chosen.name, data, model, chosen.train,
                              SampleConfig(), budget_minutes=budget_minutes)
            project.write_corpus(corpus)
            project.save_tokenizer(tok)
            project.save()
        return self._move_into_place(project, tmp)

    def rename(self, name: str, new_name: str) -> Project:
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
        source = Project.load(self._find(name))
        new_name = self._new_name(new_name)
        tmp = self._temporary_path("duplicating")
        with _Building(tmp):
            shutil.copytree(source.path, tmp, ignore=_internal_files, copy_function=_copy_durably)
            project = Project.load(tmp)
            project.name, project.created = new_name, now_iso()
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
        names = self._names_by_folder() if any(_OLD_MODEL.match(p.name) for p in folders) else {}
        entries = [_trash_entry(p, names) for p in folders]
        return sorted(entries, key=lambda e: _sort_time(e.deleted), reverse=True)

    def restore(self, entry: TrashEntry | Path | str) -> ProjectInfo:
        """Put a trashed project back among the projects (as "Name (2)" if its name is taken)."""
        path = entry.path if isinstance(entry, TrashEntry) else self.trash / Path(entry).name
        if path.parent.resolve() != self.trash.resolve() or not path.is_dir():
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "This project is no longer in the trash.")))
        entry = _trash_entry(path)
        if not entry.restorable:
            raise ProjectError(_not_restorable(_trash_entry(path, self._names_by_folder())))
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
        project = Project.load(self._find(name))  # refuses a damaged project, with the reason
        try:
            export_project(project.path, zip_path, project.path.name)
        except OSError as e:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'The project "{name}" could not be exported ({problem}).'),
                name=project.name, problem=describe_os_error(e))) from None

    def import_archive(self, zip_path: str | os.PathLike, name: str | None = None) -> Project:
        """Add the project in zip_path; named `name`, or as in the archive ("Name (2)" if taken)."""
        if name is not None:
            name = self._check_name(name)
        tmp = self._temporary_path("importing")
        extract_project(zip_path, tmp)  # checks every entry first; writes nothing if one is bad
        with _Building(tmp):
            project = Project.load(tmp)
            wanted = (
                name
                or _fit_name(project.name)
                or _fit_name(Path(zip_path).stem)
                or "Imported project"
            )
            project.name = self._unused_name(wanted)
            project.save()
        return self._move_into_place(project, tmp)

    # ----------------------------------------------------------------------------------------------
    # Names and folders

    def _check_name(self, name: str) -> str:
        if not isinstance(name, str):
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "A project name must be text.")))
        name = unicodedata.normalize("NFC", name).strip()
        if not name:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "Please give the project a name.")))
        if len(name) > MAX_NAME_CHARS:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "A project name can be at most {limit} characters long."),
                limit=MAX_NAME_CHARS))
        if any(unicodedata.category(c) in ("Cc", "Cs") for c in name):
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", "A project name cannot contain line breaks, tabs or other control "
                          "characters.")))
        return name

    def _new_name(self, name: str, *, exclude: Path | None = None) -> str:
        name = self._check_name(name)
        if self._taken(name, exclude=exclude):
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'There is already a project called "{name}".'), name=name))
        return name

    def _taken(self, name: str, *, exclude: Path | None = None) -> bool:
        key = name.casefold()
        return any(i.name.casefold() == key for i in self.list() if i.path != exclude)

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


def _trash_entry(path: Path, names: dict[str, str] | None = None) -> TrashEntry:
    """Describe one folder of the trash. `names` maps project folders to display names."""
    try:
        meta = read_json(path / TRASH_INFO)
    except (OSError, ValueError, RecursionError):
        meta = {}
    meta = meta if isinstance(meta, dict) else {}
    old_model = _OLD_MODEL.match(path.name)
    kind = meta.get("kind")
    if kind not in TRASH_KINDS:
        if (path / "project.json").exists():
            kind = "project"
        elif old_model:
            kind = "old-model"
        else:  # delete() writes TRASH_INFO, also into a damaged project without project.json
            kind = "project" if (path / TRASH_INFO).exists() else "other"
    folder = meta.get("folder")
    if not isinstance(folder, str):
        folder = old_model["folder"] if old_model and kind == "old-model" else path.name
    name = meta.get("name")
    if not isinstance(name, str):
        name = _project_name(path) if kind == "project" else None
        name = name or (names or {}).get(folder) or folder
    deleted = meta.get("deleted")
    if not isinstance(deleted, str):
        deleted = (_stamp_iso(old_model["stamp"]) if old_model else None) or mtime_iso(path)
    return TrashEntry(name, path, deleted, folder, kind, _disk_size(path))


def _project_name(path: Path) -> str | None:
    try:
        name = read_json(path / "project.json")["name"]
    except (OSError, ValueError, RecursionError, KeyError, TypeError):
        return None
    return name if isinstance(name, str) else None


def _stamp_iso(stamp: str) -> str | None:
    """The time in an old model's folder name ("20250314-153000", local time), as now_iso()."""
    try:
        when = datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return when.astimezone().isoformat(timespec="seconds")


def _sort_time(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0


def _disk_size(folder: Path) -> int:
    """Bytes of the files under folder; links are not followed, unreadable parts count as 0."""
    total = 0
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(parent, name)).st_size
            except OSError:
                pass
    return total


def describe_trash_entry(entry: TrashEntry) -> str:
    """A few words a user understands: what this entry of the trash is (a Message)."""
    if entry.kind == "project":
        return Message(QT_TRANSLATE_NOOP("Engine", 'the project "{name}"'), name=entry.name)
    if entry.kind == "old-model":
        return Message(QT_TRANSLATE_NOOP("Engine", 'an earlier model of the project "{name}"'),
                       name=entry.name)
    return Message(QT_TRANSLATE_NOOP("Engine", 'the folder "{folder}"'), folder=entry.path.name)


def _not_restorable(entry: TrashEntry) -> Message:
    if entry.kind == "old-model":
        return Message(QT_TRANSLATE_NOOP(
            "Engine", 'This is an earlier model of the project "{name}", set aside when a new '
                      "model was started; it is not a whole project, so it cannot be restored as "
                      "one."),
            name=entry.name)
    return Message(QT_TRANSLATE_NOOP(
        "Engine", '"{folder}" in the trash is not a project, so it cannot be restored.'),
        folder=entry.path.name)


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


def _fit_name(name: str) -> str:
    """A name from an archive or file name, trimmed to what a project name may be."""
    name = "".join(
        c
        for c in unicodedata.normalize("NFC", str(name))
        if unicodedata.category(c) not in ("Cc", "Cs")
    )
    return name.strip()[:MAX_NAME_CHARS].strip()
