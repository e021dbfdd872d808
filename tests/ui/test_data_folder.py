"""The app starts even when its data folder cannot be used (GPTSTUDIO_HOME is a file, its parent
is read-only, or it names an unknown user's home): the window says why in a sentence and lets the
user choose another folder, which it then keeps (issue 22, defect 9). These failed before: the app
stopped with a traceback and no window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6 import QtCore

import gptstudio
from gptstudio.demos import DEMOS

REPO = Path(gptstudio.__file__).resolve().parents[1]


@pytest.fixture
def remembered(tmp_path, monkeypatch):
    """Where the chosen folder is remembered: a file of this test, not the user's own settings."""
    import gptstudio.ui.app as app

    path = tmp_path / "chosen.ini"
    monkeypatch.setattr(app, "_chosen_folders", lambda: QtCore.QSettings(
        str(path), QtCore.QSettings.Format.IniFormat))
    return path


def read_only_parent(tmp_path):
    """A data folder that cannot be made because its parent is read-only. Permissions do not bind
    root, so there it is a folder in /sys, where the kernel refuses every new folder."""
    if sys.platform == "win32":
        pytest.skip("Windows folders have no read-only mode that stops new folders inside")
    if os.geteuid() != 0:
        parent = tmp_path / "read-only"
        parent.mkdir()
        parent.chmod(0o555)
        return parent / "gptstudio"
    if not Path("/sys/kernel").is_dir():
        pytest.skip("running as root without /sys: no folder refuses root a new folder")
    return Path("/sys/gptstudio-test-home")


@pytest.fixture(params=["a file", "a read-only parent", "an unknown user's home"])
def unusable_home(request, tmp_path, monkeypatch):
    if request.param == "a file":
        home = tmp_path / "not-a-folder"
        home.write_text("x")
        says = f"GPT Studio cannot keep its projects in {home} (not a directory)."
    elif request.param == "a read-only parent":
        home = read_only_parent(tmp_path)
        says = f"GPT Studio cannot keep its projects in {home} (access to {home} was denied)."
    else:
        home = "~no_such_user_here_4711/gptstudio"
        says = 'this computer has no user called "no_such_user_here_4711".'
    monkeypatch.setenv("GPTSTUDIO_HOME", str(home))
    return says


def test_the_window_opens_says_why_and_lets_the_user_choose_another_folder(
        make_window, answers, tmp_path, unusable_home, remembered):
    window = make_window()
    bar = window.welcome_bar
    assert window.stack.currentIndex() == 0 and unusable_home in bar.text()
    assert "Choose another folder to keep your projects in." in bar.text()
    assert bar.action_button.isVisible() and bar.action_button.text() == "Choose a folder…"
    assert window.project_actions.create_from_demo(DEMOS[0].key) is None  # says the same again, creates nothing
    assert unusable_home in bar.text()
    chosen = tmp_path / "elsewhere"
    chosen.mkdir()
    answers.folder = str(chosen)
    bar.action_button.click()
    assert f"GPT Studio keeps your projects in {chosen} from now on." in bar.text()
    assert window.project_actions.create_from_demo(DEMOS[0].key) is not None
    assert [p.parent for p in (chosen / "projects").glob("*/project.json")]
    assert QtCore.QSettings(str(remembered), QtCore.QSettings.Format.IniFormat).value(
        "folder") == str(chosen)


def test_a_folder_chosen_once_is_used_at_the_next_start(tmp_path, unusable_home, remembered):
    from gptstudio.projects.paths import data_folder_problem, data_home
    from gptstudio.ui.app import remember_data_folder, use_remembered_data_folder

    assert data_folder_problem() is not None
    remember_data_folder(str(tmp_path / "chosen"))
    use_remembered_data_folder()
    assert data_folder_problem() is None and data_home() == tmp_path / "chosen"


def test_the_app_starts_without_a_traceback_when_gptstudio_home_is_a_file(tmp_path):
    home = tmp_path / "not-a-folder"
    home.write_text("x")
    env = {**os.environ, "GPTSTUDIO_HOME": str(home), "GPTSTUDIO_QUIT_AFTER_SHOW": "1",
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # Qt's own settings of this "user"
    result = subprocess.run([sys.executable, "-m", "gptstudio"], capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
