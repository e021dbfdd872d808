"""The Corpus tab while a run learns from its text: nothing changes the text, each control that
would says why, and all of it comes back when the run stops, ends or fails."""

from __future__ import annotations

import threading

import pytest
from PySide6 import QtCore, QtGui
from PySide6.QtTest import QTest

from tests.ui.test_main_window import fast_settings, wait_until_idle

TRAINING = "Training is running"


@pytest.fixture
def release():
    """Holds a run back until the test has looked (the lock must not hang on the run's speed);
    set at the end whatever happens, so no run waits past its test."""
    event = threading.Event()
    yield event
    event.set()


def changing_controls(tab):
    bar = tab.toolbar
    return (bar.open_button, bar.append_button, bar.demo_button, bar.undo_button, bar.redo_button,
            tab.find_bar.replace_button, tab.find_bar.replace_all_button)


def assert_locked(tab):
    assert tab.editor.isReadOnly() and tab.training_note.isVisibleTo(tab)
    for control in changing_controls(tab):
        assert not control.isEnabled(), control.text()
        assert TRAINING in control.toolTip(), control.text()
    assert tab.toolbar.find_button.isEnabled()  # finding changes nothing
    assert not tab.shape_note.use_button.isVisibleTo(tab)  # nor another data mode


def assert_free(tab):
    assert not tab.editor.isReadOnly() and not tab.training_note.isVisibleTo(tab)
    bar = tab.toolbar
    for control in (bar.open_button, bar.append_button, bar.demo_button,
                    tab.find_bar.replace_button, tab.find_bar.replace_all_button):
        assert control.isEnabled(), control.text()
    for control in changing_controls(tab):
        assert TRAINING not in control.toolTip(), control.text()
    assert bar.undo_button.isEnabled() == tab.editor.document().isUndoAvailable()


def test_the_text_is_locked_while_training_runs_and_free_once_it_stops(qtbot, window, tmp_path,
                                                                       monkeypatch, release):
    from gptstudio.engine import trainer

    window.project_actions.create_from_demo("names")
    tab = window.corpus_tab
    window.settings_panel.set_mode("continuous")  # the shape note offers lines: not while training
    qtbot.waitUntil(lambda: tab.shape_note.use_button.isVisibleTo(tab))
    tab.editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
    QTest.keyClicks(tab.editor, "QQQ")  # something to undo
    qtbot.waitUntil(lambda: window.project.read_corpus() == tab.text())  # saved
    text = tab.text()
    fast_settings(window, max_iters=100_000, eval_interval=1000)
    original = trainer.Trainer.run

    def held(self, on_event, control=None):
        release.wait(60)
        return original(self, on_event, control)

    monkeypatch.setattr(trainer.Trainer, "run", held)
    tab.find_bar.open_replace()
    window.train_tab.start()
    assert window.train_tab.is_training()
    assert_locked(tab)
    QTest.keyClicks(tab.editor, "typed during the run")
    other = tmp_path / "other.txt"
    other.write_text("another text\n" * 50, encoding="utf-8")
    with qtbot.waitSignal(tab.message) as said:
        assert not tab.load_file(str(other))  # a file dropped on the editor
    assert TRAINING in said.args[1]
    assert not tab.load_demo("addition")
    QTest.keyClick(tab.editor, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert tab.text() == text and window.project.read_corpus() == text
    release.set()
    window.train_tab.stop()
    wait_until_idle(qtbot, window)
    assert_free(tab)
    tab.toolbar.undo_button.click()
    assert not tab.text().endswith("QQQ")


def test_a_failed_run_frees_the_text(qtbot, window, monkeypatch, release):
    from gptstudio.engine import trainer
    from gptstudio.engine.errors import Diverged

    window.project_actions.create_from_demo("names")
    fast_settings(window)

    def fail(self, on_event, control=None):
        release.wait(60)
        raise Diverged(3)

    monkeypatch.setattr(trainer.Trainer, "run", fail)
    window.train_tab.start()
    assert_locked(window.corpus_tab)
    release.set()
    wait_until_idle(qtbot, window)
    assert "diverged" in window.message_bar.text()
    assert_free(window.corpus_tab)
    QTest.keyClick(window.corpus_tab.editor, QtCore.Qt.Key.Key_A)
    assert window.corpus_tab.editor.document().isUndoAvailable()  # the key typed


def test_a_big_file_still_being_read_when_training_starts_is_not_used(qtbot, window, tmp_path,
                                                                     monkeypatch, release):
    """A file over SYNC_READ_BYTES is read on the pool; Train pressed meanwhile started a run on
    the old text, and the file then replaced or joined it (and was saved) under the run."""
    from gptstudio.engine import trainer
    from gptstudio.ui.tabs import corpus_tab

    window.project_actions.create_from_demo("names")
    tab = window.corpus_tab
    qtbot.waitUntil(lambda: not tab.is_busy())
    fast_settings(window, max_iters=100_000, eval_interval=1000)
    text = tab.text()
    read = corpus_tab.read_file
    reading = threading.Event()

    def held_read(*args, **kwargs):
        reading.wait(60)
        return read(*args, **kwargs)

    original = trainer.Trainer.run

    def held_run(self, on_event, control=None):
        release.wait(60)
        return original(self, on_event, control)

    monkeypatch.setattr(corpus_tab, "read_file", held_read)
    monkeypatch.setattr(corpus_tab, "SYNC_READ_BYTES", 0)  # every file is read on the pool
    monkeypatch.setattr(trainer.Trainer, "run", held_run)
    other = tmp_path / "more.txt"
    other.write_text("appended text\n" * 50, encoding="utf-8")
    try:
        assert tab.load_file(str(other), append=True) and tab.is_busy()
        window.train_tab.start()
        assert window.train_tab.is_training()
        with qtbot.waitSignal(tab.message) as said:
            reading.set()
    finally:
        reading.set()
    assert "more.txt was not used" in said.args[1] and TRAINING in said.args[1]
    assert not tab.is_busy() and tab.text() == text and window.project.read_corpus() == text
    release.set()
    window.train_tab.stop()
    wait_until_idle(qtbot, window)
    assert_free(tab)


def test_a_file_still_being_read_when_the_project_closes_goes_nowhere(qtbot, window, tmp_path,
                                                                     monkeypatch):
    """Closed meanwhile (File ▸ Close project), the file still arrived: it joined the hidden
    editor and 'Appended more.txt' showed on the start page."""
    from gptstudio.ui.tabs import corpus_tab

    window.project_actions.create_from_demo("names")
    tab = window.corpus_tab
    qtbot.waitUntil(lambda: not tab.is_busy())
    read, reading, arrived, said = corpus_tab.read_file, threading.Event(), [], []

    def held_read(*args, **kwargs):
        reading.wait(60)
        return read(*args, **kwargs)

    on_read = tab._on_file_read
    monkeypatch.setattr(corpus_tab, "read_file", held_read)
    monkeypatch.setattr(corpus_tab, "SYNC_READ_BYTES", 0)  # every file is read on the pool
    monkeypatch.setattr(tab, "_on_file_read", lambda answer: (arrived.append(answer), on_read(answer)))
    tab.message.connect(lambda level, message: said.append(message))
    other = tmp_path / "more.txt"
    other.write_text("appended text\n" * 50, encoding="utf-8")
    try:
        assert tab.load_file(str(other), append=True) and tab.is_busy()
        window.close_action.trigger()
        assert window.project is None and not tab.is_busy()
    finally:
        reading.set()
    qtbot.waitUntil(lambda: bool(arrived))
    assert "appended text" not in tab.text() and not [m for m in said if "more.txt" in m]
