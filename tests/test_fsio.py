"""Atomic writes: the target holds either the old or the new content, never a mix, and a failed
write leaves no temporary file behind."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gptstudio import fsio


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_creates_parent_folders_and_replaces_content(tmp_path):
    target = tmp_path / "a" / "b" / "file.txt"
    fsio.atomic_write_text(target, "first")
    fsio.atomic_write_text(target, "second, longer than the first")
    assert target.read_text(encoding="utf-8") == "second, longer than the first"
    assert _leftovers(target.parent) == []


def test_text_is_written_as_utf8_without_newline_translation(tmp_path):
    target = tmp_path / "corpus.txt"
    fsio.atomic_write_text(target, "Grüße\r\nzwei\n")
    assert target.read_bytes() == "Grüße\r\nzwei\n".encode()


def test_json_round_trip(tmp_path):
    obj = {"name": "Gedichte ✓", "values": [1, 2.5, None, True], "nested": {"a": []}}
    fsio.atomic_write_json(tmp_path / "x.json", obj)
    assert fsio.read_json(tmp_path / "x.json") == obj


def test_failed_replace_keeps_old_content_and_removes_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "project.json"
    fsio.atomic_write_text(target, "old")

    def broken_replace(src, dst):
        raise OSError("disk unplugged")

    monkeypatch.setattr(fsio.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk unplugged"):
        fsio.atomic_write_text(target, "new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_failure_midway_through_the_write_keeps_old_content(tmp_path, monkeypatch):
    target = tmp_path / "corpus.txt"
    fsio.atomic_write_text(target, "old")

    def broken_fsync(fd):
        raise OSError("I/O error")

    monkeypatch.setattr(fsio.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="I/O error"):
        fsio.atomic_write_bytes(target, b"new" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_object_that_cannot_be_serialised_leaves_old_file(tmp_path):
    target = tmp_path / "samples.json"
    fsio.atomic_write_json(target, [1, 2, 3])
    with pytest.raises(TypeError):
        fsio.atomic_write_json(target, {"fine": 1, "not json": object()})
    assert fsio.read_json(target) == [1, 2, 3]
    assert _leftovers(tmp_path) == []


def test_keyboard_interrupt_during_write_also_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "f.bin"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(fsio.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsio.atomic_write_bytes(target, b"data")
    monkeypatch.undo()
    assert not target.exists()
    assert os.listdir(tmp_path) == []


@given(st.binary(max_size=4096))
def test_any_bytes_round_trip(tmp_path_factory, data):
    target = tmp_path_factory.mktemp("bytes") / "f.bin"
    fsio.atomic_write_bytes(target, data)
    assert target.read_bytes() == data
