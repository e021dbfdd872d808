"""Export to one .zip and import it back; a hostile .zip is refused before anything is written."""

from __future__ import annotations

import json
import os
import stat
import zipfile

import pytest

from gptstudio.projects import archive
from gptstudio.projects.project import SCHEMA_VERSION, ProjectError
from gptstudio.projects.store import NAMES_LOCK

PROJECT_JSON = json.dumps({"schema_version": SCHEMA_VERSION, "name": "Stranger"})


def everything(folder) -> list[str]:
    """Every path under a folder, hidden ones included."""
    return (
        sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
        if folder.exists()
        else []
    )


def make_zip(
    path, entries: list[tuple[str | zipfile.ZipInfo, bytes]], method: int = zipfile.ZIP_DEFLATED
) -> None:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in entries:
            zf.writestr(name, data)


def good_entries(top: str = "Stranger/") -> list[tuple[str, bytes]]:
    return [(f"{top}project.json", PROJECT_JSON.encode()), (f"{top}corpus.txt", b"hello world\n")]


def link_entry(name: str, target: str, kind: int = stat.S_IFLNK) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix: the upper 16 bits of external_attr are st_mode
    info.external_attr = (kind | 0o777) << 16
    return info, target.encode()


# --------------------------------------------------------------------------------------------------
# Round trip


def test_export_import_round_trip(store, project, tmp_path):
    project.add_sample("To be", "To be or not", {"temperature": 0.8})
    step = project.checkpoint_dir / "step-00000010"
    step.mkdir(parents=True)
    (step / "model.safetensors").write_bytes(os.urandom(4096))
    (step / "meta.json").write_text('{"step": 10}')
    (project.checkpoint_dir / "latest.json").write_text('{"folder": "step-00000010", "step": 10}')
    (project.path / ".lock").write_text("{}")  # never exported

    zip_path = tmp_path / "out" / "Hamlet.zip"
    store.export("Hamlet", zip_path)
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
    assert all(n.startswith("Hamlet/") for n in names)
    assert "Hamlet/project.json" in names and "Hamlet/.lock" not in names
    assert [p.name for p in zip_path.parent.iterdir()] == ["Hamlet.zip"]  # no temp file left

    imported = store.import_archive(zip_path)
    assert imported.name == "Hamlet (2)"  # the original is still there
    assert imported.path == store.root / "Hamlet (2)"
    original_files = [f for f in everything(project.path) if f != ".lock"]
    assert everything(imported.path) == original_files
    for rel in original_files:
        if (project.path / rel).is_file() and rel != "project.json":
            assert (imported.path / rel).read_bytes() == (project.path / rel).read_bytes()
    assert (imported.model, imported.train, imported.data, imported.sample) == (
        project.model,
        project.train,
        project.data,
        project.sample,
    )
    assert imported.has_trained_model()
    assert imported.saved_samples() == project.saved_samples()
    # No temporary folder left; the name lock's file stays (deleting it would break the lock).
    assert [n for n in everything(store.root) if n.startswith(".")] == [NAMES_LOCK]


def test_import_keeps_the_name_when_free_or_uses_the_one_given(store, project, tmp_path):
    zip_path = tmp_path / "Hamlet.zip"
    store.export("Hamlet", zip_path)
    store.delete("Hamlet")
    assert store.import_archive(zip_path).name == "Hamlet"
    assert store.import_archive(zip_path, name="Ophelia").name == "Ophelia"
    assert store.import_archive(zip_path).name == "Hamlet (2)"
    assert store.import_archive(zip_path).name == "Hamlet (3)"


def test_hand_made_zip_with_project_json_at_its_root(store, tmp_path):
    zip_path = tmp_path / "hand made.zip"
    make_zip(zip_path, good_entries(top="") + [("__MACOSX/._corpus.txt", b"finder junk")])
    project = store.import_archive(zip_path)
    assert project.name == "Stranger"
    assert project.read_corpus() == "hello world\n"
    assert everything(project.path) == ["corpus.txt", "project.json"]


def test_export_of_a_damaged_project_is_refused(store, project, tmp_path):
    (project.path / "project.json").write_bytes(b"{")
    with pytest.raises(ProjectError, match="damaged"):
        store.export("Hamlet", tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def test_failed_export_keeps_the_previous_file(store, project, tmp_path, monkeypatch):
    zip_path = tmp_path / "exports" / "Hamlet.zip"
    zip_path.parent.mkdir()
    zip_path.write_bytes(b"previous")

    def broken_write(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(zipfile.ZipFile, "write", broken_write)
    with pytest.raises(ProjectError, match="could not be exported"):
        store.export("Hamlet", zip_path)
    assert zip_path.read_bytes() == b"previous"
    assert [p.name for p in zip_path.parent.iterdir()] == ["Hamlet.zip"]


# --------------------------------------------------------------------------------------------------
# Hostile or broken archives: refused, and nothing written


BAD_ARCHIVES = {
    "absolute path": (good_entries() + [("/etc/evil.txt", b"x")], "absolute path"),
    "drive letter": (good_entries() + [("C:/evil.txt", b"x")], "absolute path"),
    "dot dot": (good_entries() + [("Stranger/../../evil.txt", b"x")], "leads outside its folder"),
    "backslash dot dot": (
        good_entries() + [("Stranger\\..\\..\\evil.txt", b"x")],
        "leads outside its folder",
    ),
    "symlink": (
        good_entries() + [link_entry("Stranger/corpus2.txt", "/etc/passwd")],
        "link or a special file",
    ),
    "fifo": (
        good_entries() + [link_entry("Stranger/pipe", "", stat.S_IFIFO)],
        "link or a special file",
    ),
    "device": (
        good_entries() + [link_entry("Stranger/disk", "", stat.S_IFBLK)],
        "link or a special file",
    ),
    "no project.json": ([("Stranger/corpus.txt", b"hello")], "there is no project.json"),
    "two top folders": (good_entries() + [("Other/x.txt", b"x")], "there is no project.json"),
    "empty": ([], "there is no project.json"),
    "duplicate": (good_entries() + [("Stranger/Corpus.txt", b"again")], "twice"),
    "control character": (good_entries() + [("Stranger/a\x07b", b"x")], "invalid name"),
}


@pytest.mark.parametrize("case", BAD_ARCHIVES)
def test_hostile_archive_is_refused_and_writes_nothing(store, project, tmp_path, case):
    entries, message = BAD_ARCHIVES[case]
    zip_path = tmp_path / "bad.zip"
    make_zip(zip_path, entries)
    before = everything(store.root)
    with pytest.raises(ProjectError, match=message):
        store.import_archive(zip_path)
    assert everything(store.root) == before
    assert not (tmp_path / "etc").exists() and not (store.root.parent / "evil.txt").exists()


def test_zip_bomb_is_refused(store, tmp_path):
    zip_path = tmp_path / "bomb.zip"
    make_zip(zip_path, good_entries() + [("Stranger/zeros.txt", bytes(50 * 1024**2))])
    assert zip_path.stat().st_size < 1024**2  # 50 MB of zeros pack into about 50 kB
    with pytest.raises(ProjectError, match="zip bomb"):
        store.import_archive(zip_path)
    assert everything(store.root) == []


def test_too_many_entries_are_refused(store, tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 5)
    zip_path = tmp_path / "many.zip"
    make_zip(zip_path, good_entries() + [(f"Stranger/{i}.txt", b"x") for i in range(4)])
    with pytest.raises(ProjectError, match="more than 5 files"):
        store.import_archive(zip_path)
    assert everything(store.root) == []


def test_too_large_in_total_is_refused(store, tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 10_000)
    zip_path = tmp_path / "large.zip"
    # Random bytes do not compress, so only the total limit is crossed, not the ratio.
    make_zip(
        zip_path, good_entries() + [(f"Stranger/part{i}.bin", os.urandom(4000)) for i in range(3)]
    )
    with pytest.raises(ProjectError, match="unpacks to more than"):
        store.import_archive(zip_path)
    assert everything(store.root) == []


def test_not_a_zip_file(store, tmp_path):
    path = tmp_path / "photo.zip"
    path.write_bytes(os.urandom(2000))
    with pytest.raises(ProjectError, match="not a readable .zip file"):
        store.import_archive(path)
    with pytest.raises(ProjectError, match="does not exist"):
        store.import_archive(tmp_path / "missing.zip")
    assert everything(store.root) == []


def test_archive_from_a_newer_version_leaves_nothing(store, tmp_path):
    zip_path = tmp_path / "future.zip"
    future = json.dumps({"schema_version": SCHEMA_VERSION + 1, "name": "Future"}).encode()
    make_zip(zip_path, [("Future/project.json", future), ("Future/corpus.txt", b"hi")])
    with pytest.raises(ProjectError, match="newer version of GPT Studio"):
        store.import_archive(zip_path)
    assert everything(store.root) == []


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_corrupt_data_is_refused_and_cleaned_up(store, tmp_path, method):
    zip_path = tmp_path / "corrupt.zip"
    make_zip(zip_path, good_entries() + [("Stranger/big.txt", b"abc def ghi\n" * 5000)], method)
    with zipfile.ZipFile(zip_path) as zf:
        info = zf.getinfo("Stranger/big.txt")
    # The member's data starts after its 30-byte local header, name and extra field.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytearray(zip_path.read_bytes())
    for i in range(start + 10, start + info.compress_size - 10, 7):
        raw[i] ^= 0x5A
    zip_path.write_bytes(bytes(raw))
    with pytest.raises(ProjectError, match="This archive is damaged"):
        store.import_archive(zip_path)
    assert everything(store.root) == []
