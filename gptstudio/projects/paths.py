"""Where projects live on disk, and how a user's project name becomes a safe folder name.

The data home is $GPTSTUDIO_HOME when set (tests, portable installs), else the platform's user
data folder; the log folder follows the same rule (log_home). A project's display name is kept in its project.json; the folder name is only a
readable, safe echo of it, so any name a user types maps to a folder that stays inside the root.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import platformdirs

from gptstudio.engine.errors import describe_os_error
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.projects.project import ProjectError

# Characters Windows forbids in file names, plus both path separators. Control characters are
# handled separately (unicodedata), so C1 controls and DEL are caught too.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
# Leading dots would make "..", "." or a hidden folder; trailing dots and spaces are dropped by
# Windows, so "a." and "a" would be the same folder there.
_EDGES = re.compile(r"^[\s.]+|[\s.]+$")

# Windows refuses these as a file name even with an extension ("CON.txt"), on every drive:
# https://learn.microsoft.com/windows/win32/fileio/naming-a-file#naming-conventions
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(10)}

# Most file systems allow 255 bytes per name; stay well below so that the " (2)" suffixes, the
# trash's timestamp and temporary names still fit.
MAX_FOLDER_BYTES = 120

FALLBACK_FOLDER = "Project"


def data_home() -> Path:
    """$GPTSTUDIO_HOME, else the platform's user data folder. ProjectError (a sentence) when
    $GPTSTUDIO_HOME names the home of a user this computer does not have ("~nosuchuser/x")."""
    home = _home_from_environment()
    if home is not None:
        return home
    return Path(platformdirs.user_data_dir("gptstudio", appauthor=False))


def _home_from_environment() -> Path | None:
    home = os.environ.get("GPTSTUDIO_HOME")
    if not home:
        return None
    try:
        path = Path(home).expanduser()
    except RuntimeError:  # "Could not determine home directory." (Python 3.12 and later)
        path = Path(home)
    if path.parts and path.parts[0].startswith("~"):  # left as it was: no such user
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "GPT Studio cannot use the data folder {folder} (set by GPTSTUDIO_HOME): "
                      "this computer has no user called \"{user}\"."),
            folder=home, user=path.parts[0][1:]))
    return path


def data_folder_problem() -> str | None:
    """Why GPT Studio cannot keep its projects in the data folder (a Message), or None: the
    projects folder is there, or can be made, and can be written in."""
    try:
        folder = data_home()
    except ProjectError as error:
        return error.args[0]
    root = folder / "projects"
    try:
        root.mkdir(parents=True, exist_ok=True)
        if not os.access(root, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied", str(root))
    except OSError as error:
        return Message(QT_TRANSLATE_NOOP(
            "Engine", "GPT Studio cannot keep its projects in {folder} ({problem})."),
            folder=str(folder), problem=describe_os_error(error))
    return None


def precision_cache_file() -> Path:
    """The automatic precision's verdicts per model shape (engine/precision.py)."""
    return data_home() / "cache" / "precision.json"


def step_time_cache_file() -> Path:
    """Seconds per training step measured per model shape (engine/step_time.py)."""
    return data_home() / "cache" / "step-time.json"


def log_home() -> Path:
    """Where the app writes its log: $GPTSTUDIO_HOME/logs when set (so tests stay isolated), else
    the platform's user log folder (~/.local/state/gptstudio/log, ~/Library/Logs/gptstudio,
    %LOCALAPPDATA%/gptstudio/Logs). The same app name as data_home(), so that on Windows the log
    sits inside the data folder rather than in a second one."""
    home = _home_from_environment()
    if home is not None:
        return home / "logs"
    return Path(platformdirs.user_log_dir("gptstudio", appauthor=False))


def projects_root() -> Path:
    root = data_home() / "projects"
    root.mkdir(parents=True, exist_ok=True)
    return root


def trash_root() -> Path:
    return data_home() / "trash"


def safe_folder_name(name: str) -> str:
    """A folder name for `name` that cannot leave the folder it is put in.

    No separators, no control characters, no leading dots (so never "." or ".." and never hidden),
    no trailing dots or spaces (Windows drops them), no reserved Windows device names, at most
    MAX_FOLDER_BYTES of UTF-8. Idempotent: a safe name maps to itself.
    """
    name = unicodedata.normalize("NFC", str(name))
    name = _FORBIDDEN.sub("_", name)
    # Cs: a lone surrogate cannot even be encoded as a file name.
    name = "".join("_" if unicodedata.category(c) in ("Cc", "Cs") else c for c in name)
    name = _EDGES.sub("", name) or FALLBACK_FOLDER
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    name = _EDGES.sub("", _truncate_utf8(name, MAX_FOLDER_BYTES))
    return name or FALLBACK_FOLDER


def _truncate_utf8(text: str, max_bytes: int) -> str:
    # errors="ignore" drops a multi-byte character cut in half at the end.
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def with_number(base: str, n: int) -> str:
    """ "Name" -> "Name (2)": the suffix GPT Studio uses for names and folders that are taken."""
    return base if n < 2 else f"{base} ({n})"


def unique_folder(parent: Path, base: str, *, exclude: Path | None = None) -> Path:
    """parent / base, or parent / "base (2)", ... : the first that no entry of `parent` uses.

    Compared case-insensitively, because macOS and Windows treat "Poems" and "poems" as the same
    folder. `exclude` is a folder that may keep its own name (a rename that only changes case).
    """
    base = safe_folder_name(base)
    taken = set()
    if parent.is_dir():
        taken = {p.name.casefold() for p in parent.iterdir() if exclude is None or p != exclude}
    n = 1
    while with_number(base, n).casefold() in taken:
        n += 1
    return parent / with_number(base, n)
