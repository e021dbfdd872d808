"""The first start offers, once, to add GPT Studio to the applications menu."""

from __future__ import annotations

import sys

import pytest
from PySide6 import QtCore

from gptstudio import shortcut
from gptstudio.ui.main.shortcut_offer import offer_once

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the Linux entry is the one written for real here")


@pytest.fixture
def menu_home(tmp_path, monkeypatch):
    """The user's menu folder, in a temporary home."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    return tmp_path / "share" / "applications"


def test_the_offer_is_made_once_and_its_button_adds_the_entry(qtbot, make_window, menu_home):
    window = make_window()
    assert offer_once(window, "xcb")
    bar = window.welcome_bar
    assert bar.isVisible() and "Add GPT Studio to your applications menu" in bar.label.text()
    assert bar.action_button.text() == "Add to the menu"
    qtbot.mouseClick(bar.action_button, QtCore.Qt.MouseButton.LeftButton)
    assert (menu_home / "gptstudio.desktop").is_file()
    assert "GPT Studio is now in your applications menu" in bar.label.text()
    # Ignored or accepted, it is not offered again: the next start (a new window) stays quiet.
    assert not offer_once(make_window(), "xcb")


def test_no_offer_when_the_entry_is_there_already(make_window, menu_home):
    shortcut.create("Linux")
    window = make_window()
    assert not offer_once(window, "xcb")
    assert not window.welcome_bar.isVisible()


def test_no_offer_without_a_desktop(make_window, menu_home):
    window = make_window()
    assert not offer_once(window, "offscreen")
    assert offer_once(window, "xcb")  # not marked as offered: a real desktop still gets it


def test_a_failure_to_add_is_said_in_the_bar(qtbot, make_window, menu_home):
    menu_home.parent.mkdir(parents=True)
    menu_home.write_text("a file where the folder should be")
    window = make_window()
    assert offer_once(window, "xcb")
    window.welcome_bar.action_button.click()
    assert "GPT Studio could not be added to the applications menu: Could not write" in \
        window.welcome_bar.label.text()
