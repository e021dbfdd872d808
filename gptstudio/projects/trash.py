"""The projects' trash: what a folder in it is (a whole project, a model a new one replaced, or
something else), described for the user; ProjectStore moves folders in and out of it."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.fsio import read_limited
from gptstudio.projects.project import mtime_iso

TRASH_INFO = ".trash.json"  # in a trashed folder: its name, original folder and deletion time
# What a folder in the trash can be. A "project" is a whole project, put there by delete(); an
# "old-model" holds the checkpoints of a model that a new model replaced (the app sets them aside
# as "<project folder>-old-model-<time>"); "other" is anything else found there.
TRASH_KINDS = ("project", "old-model", "other")
OLD_MODEL = re.compile(r"^(?P<folder>.+)-old-model-(?P<stamp>.*)$")


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


def _small_json(path: Path):
    """A small JSON file of ours (trash notes, settings): never through a link, never huge."""
    return json.loads(read_limited(path, 2**20, follow_links=False).decode("utf-8"))


def trash_entry(path: Path, names: dict[str, str] | None = None) -> TrashEntry:
    """Describe one folder of the trash. `names` maps project folders to display names."""
    try:
        meta = _small_json(path / TRASH_INFO)
    except (OSError, ValueError, RecursionError):
        meta = {}
    meta = meta if isinstance(meta, dict) else {}
    old_model = OLD_MODEL.match(path.name)
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
        name = _small_json(path / "project.json")["name"]
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


def sort_time(iso: str) -> float:
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


def not_restorable(entry: TrashEntry) -> Message:
    if entry.kind == "old-model":
        return Message(QT_TRANSLATE_NOOP(
            "Engine", 'This is an earlier model of the project "{name}", set aside when a new '
                      "model was started; it is not a whole project, so it cannot be restored as "
                      "one."),
            name=entry.name)
    return Message(QT_TRANSLATE_NOOP(
        "Engine", '"{folder}" in the trash is not a project, so it cannot be restored.'),
        folder=entry.path.name)
