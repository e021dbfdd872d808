"""Opening a project in the window: one that cannot be shown is not half-opened, leaves no lock and
has nothing written into it; one locked where the lock cannot be checked can be opened anyway; the
settings' controls hold every value validate() allows (issue 22: defects 1, 3, 4, 10 and 12).
Each test here failed before those fixes."""

from __future__ import annotations

import json
import os
import sys
import threading
from dataclasses import replace

import pytest
from PySide6 import QtWidgets

from gptstudio.engine.config import DataConfig, ModelConfig, SampleConfig, TrainConfig
from gptstudio.projects.store import ProjectStore
from gptstudio.ui.tabs.settings_panel import PERCENT_FIELDS
from tests.projects.test_untrusted_folders import edit_settings, snapshot


@pytest.fixture
def two(tiny_corpus):
    """"Old", with a shape other than the default's, and "New"."""
    store = ProjectStore()
    old = store.create("Old", tiny_corpus)
    old.model = replace(old.model, n_embd=192, n_head=6)
    old.save()
    return old, store.create("New", tiny_corpus)


def test_a_project_with_a_value_the_panel_cannot_hold_is_refused_and_left_as_it_was(window, two):
    old, new = two
    assert window.project_actions.open_project("Old")
    edit_settings(new, "train", eval_interval=3_000_000_000)  # as `train --eval-interval` wrote it
    before = snapshot(new.path)
    assert not window.project_actions.open_project("New")
    assert window.project is None and window.stack.currentIndex() == 0
    assert "The evaluation interval must be between 1 and 1,000,000 steps." in window.welcome_bar.text()
    window.shutdown()  # closing used to save the previous project's panel into it
    assert snapshot(new.path) == before
    assert not (new.path / ".lock").exists() and not (old.path / ".lock").exists()


def test_an_open_that_fails_half_way_saves_nothing_and_releases_the_lock(window, two, monkeypatch):
    old, new = two
    assert window.project_actions.open_project("Old")

    def broken(config):
        raise OverflowError  # what a Qt spin box raises for a value it cannot hold: no message

    monkeypatch.setattr(window.generate_tab, "set_sample_config", broken)
    before = snapshot(new.path)
    assert not window.project_actions.open_project("New")
    assert window.project is None and window.stack.currentIndex() == 0
    text = window.welcome_bar.text()
    assert "The project “New” could not be opened; nothing in it was changed." in text
    assert "()" not in text
    window.project_actions.close_project()
    window.shutdown()
    assert snapshot(new.path) == before
    assert not (new.path / ".lock").exists()
    assert ProjectStore().open("New").model == new.model
    monkeypatch.undo()
    assert window.project_actions.open_project("New")  # nothing stuck


def test_an_error_without_words_is_not_reported_with_empty_brackets(qtbot, window, monkeypatch):
    from gptstudio.ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_excepthook(window)
    sys.excepthook(OverflowError, OverflowError(), None)
    qtbot.waitUntil(lambda: "Something went wrong" in window.welcome_bar.text())
    assert "Something went wrong. Your work is saved" in window.welcome_bar.text()


def test_a_worker_error_without_words_is_not_reported_with_an_empty_place():
    from gptstudio.ui.workers import plain_error

    assert plain_error(OverflowError()) == ("Something went wrong. Your project is safe; details "
                                            "are in the log file.")
    assert plain_error(OverflowError("too big")) == ("Something went wrong: too big. Your project "
                                                     "is safe; details are in the log file.")


def test_a_lock_from_another_computer_can_be_opened_anyway_after_a_warning(window, two, answers):
    _old, new = two
    (new.path / ".lock").write_text(json.dumps(
        {"pid": 9, "hostname": "the-other-laptop", "started": "1", "time": "2025-01-01T00:00:00"}))
    answers.confirm = False
    assert not window.project_actions.open_project("New")
    bar = window.welcome_bar
    assert 'open in GPT Studio on another computer ("the-other-laptop")' in bar.text()
    assert bar.action_button.isVisible() and bar.action_button.text() == "Open anyway…"
    bar.action_button.click()  # the warning, answered "Cancel"
    assert window.project is None and "overwrite each other's work" in answers.asked[-1]
    assert not window.project_actions.open_project("New")
    answers.confirm = True
    bar.action_button.click()
    assert window.project is not None and window.project.name == "New"
    assert json.loads((new.path / ".lock").read_text())["pid"] == os.getpid()


def test_a_project_a_live_process_holds_offers_no_way_around(window, two):
    from tests.projects.test_lock import held_elsewhere

    _old, new = two
    with held_elsewhere(new.path):
        assert not window.project_actions.open_project("New")
        assert not window.welcome_bar.action_button.isVisible()


def test_every_settings_control_holds_exactly_the_range_validate_allows(window):
    panel = window.settings_panel
    for config, table in zip((DataConfig, ModelConfig, TrainConfig), panel._controls, strict=True):
        for name, widget in table.items():
            if isinstance(widget, QtWidgets.QAbstractSpinBox):
                scale = 100 if name in PERCENT_FIELDS else 1
                low, high = config.RANGES[name]
                assert (widget.minimum(), widget.maximum()) == pytest.approx(
                    (low * scale, high * scale)), name
    tab = window.generate_tab
    for name, widget in (("temperature", tab.temperature), ("top_k", tab.top_k),
                         ("top_p", tab.top_p), ("min_p", tab.min_p),
                         ("repetition_penalty", tab.repetition), ("max_new_tokens", tab.max_tokens),
                         ("num_samples", tab.samples), ("seed", tab.seed)):
        assert (widget.minimum(), widget.maximum()) == pytest.approx(SampleConfig.RANGES[name]), name


def test_a_big_tokenizer_is_read_off_the_gui_thread(qtbot, window, tiny_corpus, monkeypatch):
    """A tokenizer file past the size read at once is read in the job pool; the window shows it
    when it is in (and stays responsive meanwhile)."""
    import gptstudio.ui.main.project_actions as actions
    from gptstudio.ui import threads

    project = ProjectStore().create("Big", tiny_corpus, data=DataConfig(tokenizer="word"))
    monkeypatch.setattr(actions, "TOKENIZER_READ_AT_ONCE_BYTES", 10)
    readers = []
    real = actions._read_tokenizer
    monkeypatch.setattr(actions, "_read_tokenizer",
                        lambda p: readers.append(threading.current_thread().name) or real(p))
    assert window.project_actions.open_project("Big")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    assert readers and threading.main_thread().name not in readers
    assert window.session.tokenizer.vocab_size == project.load_tokenizer().vocab_size
    assert window.settings_panel.settings().model.vocab_size == window.session.tokenizer.vocab_size
    qtbot.waitUntil(lambda: threads.job_pool().active_count() == 0, timeout=30_000)
