"""A project as one .zip file, and the checks that make opening a stranger's .zip safe.

Export writes every project file under a single top folder ("Poems/project.json", ...), and fails
rather than leave one out: a link in the project is refused (the store checks before), and the
finished archive must pass the import's own checks before it replaces anything. Import reads the
whole table of contents and checks EVERY entry before a single byte is written: no
absolute paths or drive letters, no "..", no links or device files, no more than MAX_ENTRIES
entries, no more than MAX_TOTAL_BYTES unpacked, no large entry that unpacks to more than
MAX_RATIO times its packed size (a "zip bomb": a few kB that fill a disk), and a project.json.
Sizes in the table of contents can lie, so extraction also counts the bytes it actually writes.
Hidden entries (a `.lock` from the computer the project came from, temporary files) are left out,
as export leaves them out: a lock unpacked with the project would keep it "in use" for ever.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from gptstudio.engine.errors import describe_os_error
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.fsio import NotAPlainFile, sweep_stale_temporaries, temporary_file
from gptstudio.projects.project import CORPUS_FILE, PROJECT_FILE, ProjectError

MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 2 * 1024**3  # far above a "medium" project with its checkpoints (~150 MB)
MAX_RATIO = 100  # text deflates ~3-5x, weights ~1.1x; 100x only happens for crafted data
RATIO_MIN_BYTES = 1024**2  # below this a high ratio is harmless (a JSON file of zeros, say)

_CHUNK = 1024**2
_DRIVE = re.compile(r"^[A-Za-z]:")
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_NOT_A_ZIP = QT_TRANSLATE_NOOP(
    "Engine", "This file is not a GPT Studio project archive (it is not a readable .zip file).")
_DAMAGED = QT_TRANSLATE_NOOP(
    "Engine", "This archive is damaged: some of its files cannot be unpacked.")
# What reading a corrupt member raises: bad checksum, cut-off stream, undecodable deflate data.
_UNREADABLE_DATA = (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, zlib.error)


@dataclass(frozen=True)
class _Entry:
    info: zipfile.ZipInfo
    parts: tuple[str, ...]  # path inside the project folder, top folder removed


# --------------------------------------------------------------------------------------------------
# Export


def export_project(
    project_dir: str | os.PathLike, zip_path: str | os.PathLike, top_folder: str
) -> None:
    """Write project_dir's files into zip_path under top_folder/, atomically (temp + rename)."""
    project_dir, zip_path = Path(project_dir), Path(zip_path)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temporaries(zip_path.parent)  # what an export killed mid-write left there
    # fsio writes from memory; checkpoints can be hundreds of MB, so stream into a temp file and
    # rename it over the target ourselves, with the same guarantees.
    fd, tmp = temporary_file(zip_path.parent, zip_path.name)
    try:
        with os.fdopen(fd, "w+b") as f:
            with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False) as zf:
                for file, rel in _project_files(project_dir):
                    # Weights hardly compress; storing them saves minutes on big checkpoints.
                    method = (
                        zipfile.ZIP_STORED
                        if file.suffix == ".safetensors"
                        else zipfile.ZIP_DEFLATED
                    )
                    zf.write(file, f"{top_folder}/{rel}", compress_type=method)
            f.flush()
            os.fsync(f.fileno())
            f.seek(0)
            with zipfile.ZipFile(f) as written:
                _check_complete(written)
        os.replace(tmp, zip_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _project_files(project_dir: Path):
    """(file, posix path inside the project), skipping our hidden files (.lock, temps); a link
    stops the export (NotAPlainFile): leaving it out would make an archive that is not the project."""
    for folder, dirs, files in os.walk(project_dir):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if _exported(base / d))
        for name in sorted(files):
            if _exported(base / name):
                yield base / name, (base / name).relative_to(project_dir).as_posix()


def _exported(path: Path) -> bool:
    if path.is_symlink():
        raise NotAPlainFile(path, link=True)
    return not _ours_not_the_projects(path.name)


def _ours_not_the_projects(name: str) -> bool:
    """Hidden files (the lock, temporaries) and unfinished checkpoints: never part of an archive."""
    return name.startswith(".") or name.endswith(".tmp")


def _check_complete(zf: zipfile.ZipFile) -> None:
    """The archive as import will read it: every check passes and the project's text is in it."""
    entries = check_archive(zf)
    if not any(entry.parts == (CORPUS_FILE,) for entry in entries):
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The archive would not hold the project's text ({file}), so it was not "
                      "written."), file=CORPUS_FILE))


# --------------------------------------------------------------------------------------------------
# Import


def extract_project(zip_path: str | os.PathLike, dest: str | os.PathLike) -> None:
    """Check every entry of zip_path, then unpack the project into dest (a folder not yet there).

    Raises ProjectError, leaving nothing behind, if any check fails.
    """
    dest = Path(dest)
    try:
        zf = zipfile.ZipFile(zip_path)
    except FileNotFoundError:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "The file {path} does not exist."), path=zip_path)) from None
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ProjectError(Message(_NOT_A_ZIP)) from None
    with zf:
        entries = check_archive(zf)
        dest.mkdir()
        try:
            for entry in entries:
                _extract(zf, entry, dest)
        except BaseException as e:
            shutil.rmtree(dest, ignore_errors=True)
            # A bad checksum or a truncated stream only shows while reading the data.
            if isinstance(e, _UNREADABLE_DATA):
                raise ProjectError(Message(_DAMAGED)) from None
            if isinstance(e, OSError):
                raise ProjectError(Message(QT_TRANSLATE_NOOP(
                    "Engine", "The project could not be unpacked ({problem})."),
                    problem=describe_os_error(e))) from None
            raise


def check_archive(zf: zipfile.ZipFile) -> list[_Entry]:
    """Every entry, checked and mapped to its place in the project (ProjectError at a bad one).

    Only the table of contents is read here: nothing is unpacked or written.
    """
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This archive holds more than {count:,} files; GPT Studio does not import "
                      "it."), count=MAX_ENTRIES))
    total = 0
    paths = []
    for info in infos:
        parts = _check_entry(info)
        # Finder's resource forks, and what export leaves out (a lock, temporary files): not part
        # of the project.
        if parts and parts[0] != "__MACOSX" and not any(map(_ours_not_the_projects, parts)):
            paths.append((info, parts))
            total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This archive unpacks to more than {gigabytes} GB; GPT Studio does not "
                      "import it."), gigabytes=MAX_TOTAL_BYTES // 1024**3))
    entries = [_Entry(info, parts) for info, parts in _strip_top_folder(paths)]
    seen = set()
    for entry in entries:
        key = "/".join(entry.parts).casefold()  # case-insensitive: one file on macOS and Windows
        if key in seen:
            raise ProjectError(Message(QT_TRANSLATE_NOOP(
                "Engine", 'This archive contains "{file}" twice; it looks damaged.'),
                file=entry.info.filename))
        seen.add(key)
    return entries


def _check_entry(info: zipfile.ZipInfo) -> tuple[str, ...]:
    name = info.filename
    shown = "".join(c if c.isprintable() else "?" for c in name)[:200]
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise ProjectError(_refused("invalid name", shown))
    path = name.replace("\\", "/")  # zips made on Windows sometimes use backslashes
    if path.startswith("/") or _DRIVE.match(path):
        raise ProjectError(_refused("absolute path", shown))
    parts = tuple(p for p in path.split("/") if p not in ("", "."))
    if ".." in parts:
        raise ProjectError(_refused("outside", shown))
    if any(":" in p for p in parts):  # a drive or an NTFS alternate stream inside a path
        raise ProjectError(_refused("invalid name", shown))
    # The upper 16 bits of external_attr are the Unix mode when the zip was made on Unix; links,
    # devices, fifos and sockets have their own file types there.
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ProjectError(_refused("special file", shown))
    if info.flag_bits & 0x1:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This archive is password-protected; GPT Studio cannot import it.")))
    if info.compress_type not in _READABLE:
        raise ProjectError(Message(QT_TRANSLATE_NOOP(
            "Engine", "This archive uses a compression method GPT Studio cannot read.")))
    if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ProjectError(_refused("zip bomb", shown))
    return parts


# Why an entry is refused: each its own sentence, {file} the entry's name as the archive gives it.
_REFUSED = {
    "invalid name": QT_TRANSLATE_NOOP(
        "Engine", 'This archive contains a file with an invalid name ("{file}"); GPT Studio does '
                  "not import it."),
    "absolute path": QT_TRANSLATE_NOOP(
        "Engine", 'This archive contains a file with an absolute path ("{file}"); GPT Studio does '
                  "not import it."),
    "outside": QT_TRANSLATE_NOOP(
        "Engine", 'This archive contains a path that leads outside its folder ("{file}"); GPT '
                  "Studio does not import it."),
    "special file": QT_TRANSLATE_NOOP(
        "Engine", 'This archive contains a link or a special file ("{file}"); GPT Studio does not '
                  "import it."),
    "zip bomb": QT_TRANSLATE_NOOP(
        "Engine", 'This archive contains a file that unpacks to a suspicious size (a zip bomb) '
                  '("{file}"); GPT Studio does not import it.'),
}


def _refused(why: str, shown: str) -> Message:
    return Message(_REFUSED[why], file=shown)


def _strip_top_folder(paths: list[tuple[zipfile.ZipInfo, tuple[str, ...]]]):
    """Our exports keep everything under one top folder; a hand-made zip may have project.json at
    its root instead. Either way, return the entries with paths relative to the project."""
    if any(parts == (PROJECT_FILE,) for _, parts in paths):
        return paths
    tops = {parts[0] for _, parts in paths}
    if len(tops) == 1 and any(parts[1:] == (PROJECT_FILE,) for _, parts in paths):
        return [(info, parts[1:]) for info, parts in paths if parts[1:]]
    raise ProjectError(Message(QT_TRANSLATE_NOOP(
        "Engine", "This file does not contain a GPT Studio project (there is no {file} in it)."),
        file=PROJECT_FILE))


def _extract(zf: zipfile.ZipFile, entry: _Entry, dest: Path) -> None:
    target = dest.joinpath(*entry.parts)
    if entry.info.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zf.open(entry.info) as src, open(target, "xb") as out:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > entry.info.file_size:  # the table of contents lied about the size
                raise ProjectError(Message(_DAMAGED))
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())  # the folder is renamed into place next: its files must be on disk
