"""Where projects live, and why no project name can point outside the projects folder."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import platformdirs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gptstudio.projects.paths import (
    FALLBACK_FOLDER,
    MAX_FOLDER_BYTES,
    data_home,
    projects_root,
    safe_folder_name,
    trash_root,
    unique_folder,
)

ROOT = Path("/srv/gptstudio/projects")


def assert_safe(folder: str) -> None:
    assert folder
    assert "/" not in folder and "\\" not in folder and ":" not in folder
    assert not folder.startswith(".")
    assert folder == folder.strip() and not folder.endswith(".")
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in folder)
    assert len(folder.encode("utf-8")) <= MAX_FOLDER_BYTES
    assert (ROOT / folder).parent == ROOT
    assert Path(folder).name == folder  # one path component, nothing to resolve


def test_data_home_follows_environment(_isolated_home):
    assert data_home() == _isolated_home
    assert projects_root() == _isolated_home / "projects"
    assert projects_root().is_dir()
    assert trash_root() == _isolated_home / "trash"


def test_data_home_defaults_to_platform_folder(monkeypatch):
    monkeypatch.delenv("GPTSTUDIO_HOME")
    assert data_home() == Path(platformdirs.user_data_dir("gptstudio", appauthor=False))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Poems", "Poems"),
        ("  Shakespeare sonnets  ", "Shakespeare sonnets"),
        ("../", "_"),
        ("..", FALLBACK_FOLDER),
        (".", FALLBACK_FOLDER),
        ("", FALLBACK_FOLDER),
        ("   ", FALLBACK_FOLDER),
        ("/", "_"),
        ("\\", "_"),
        ("a/b\\c", "a_b_c"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("C:\\Windows", "C__Windows"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("LPT1", "_LPT1"),
        ("CONSOLE", "CONSOLE"),
        ("name.", "name"),
        (".hidden", "hidden"),
        ("line\nbreak\ttab\x00nul", "line_break_tab_nul"),
        ('what? <yes> "no" | *', "what_ _yes_ _no_ _ _"),
    ],
)
def test_safe_folder_name_examples(name, expected):
    assert safe_folder_name(name) == expected
    assert_safe(safe_folder_name(name))


def test_long_names_are_cut_on_a_character_boundary():
    folder = safe_folder_name("ü" * 200)
    assert folder == "ü" * (MAX_FOLDER_BYTES // 2)


@given(st.text(max_size=300))
def test_any_name_maps_to_a_safe_idempotent_folder(name):
    folder = safe_folder_name(name)
    assert_safe(folder)
    assert safe_folder_name(folder) == folder


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60))
def test_any_name_can_be_created_as_a_folder(tmp_path_factory, name):
    root = tmp_path_factory.mktemp("root")
    folder = root / safe_folder_name(name)
    folder.mkdir()
    assert [p.name for p in root.iterdir()] == [folder.name]


def test_unique_folder_is_case_insensitive(tmp_path):
    (tmp_path / "poems").mkdir()
    assert unique_folder(tmp_path, "Poems") == tmp_path / "Poems (2)"
    (tmp_path / "Poems (2)").mkdir()
    assert unique_folder(tmp_path, "POEMS") == tmp_path / "POEMS (3)"
    # A folder may keep its own name (a rename that only changes case).
    assert unique_folder(tmp_path, "Poems", exclude=tmp_path / "poems") == tmp_path / "Poems"
    assert unique_folder(tmp_path, "../x") == tmp_path / "_x"
