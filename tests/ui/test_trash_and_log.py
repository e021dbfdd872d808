"""File ▸ Deleted projects… (restore, empty the trash) and Help ▸ Show log folder; errors that
happen outside the GUI thread reach the log with their traceback."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6 import QtCore, QtGui

from gptstudio.projects.paths import log_home, trash_root
from gptstudio.ui import app
from gptstudio.ui.widgets.text import format_bytes
from tests.test_logging import log_to_file  # noqa: F401 - a fixture


def set_aside_model(project_folder: str, size: int = 5000):
    """What "Start a new model" leaves in the trash: the old checkpoints, no project around them."""
    step = trash_root() / f"{project_folder}-old-model-20250314-153000" / "step-000100"
    step.mkdir(parents=True)
    (step / "model.safetensors").write_bytes(b"\0" * size)
    return step.parent


def open_trash(window):
    window.trash_action.trigger()
    dialog = window.trash.trash_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Deleted projects"
    return dialog


def rows(dialog) -> list[str]:
    return [dialog.table.topLevelItem(i).text(0) for i in range(dialog.table.topLevelItemCount())]


# --------------------------------------------------------------------------------------------------
# Deleted projects


def test_deleted_projects_are_listed_and_restore_opens_one(qtbot, window, tiny_corpus):
    window.store.create("Poems", tiny_corpus)
    window.store.delete("Poems")
    dialog = open_trash(window)
    assert rows(dialog) == ["Poems"]
    assert dialog.table.topLevelItem(0).text(2) == format_bytes(dialog.entries[0].size)
    assert "1 deleted project" in dialog.summary.text()

    qtbot.mouseClick(dialog.restore_button, QtCore.Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.project is not None and window.project.name == "Poems"
    assert "Restored “Poems”" in window.message_bar.text()
    assert window.store.list_trash() == []


def test_restore_under_a_new_name_when_the_old_one_is_taken(window, tiny_corpus):
    window.store.create("Poems", tiny_corpus)
    window.store.delete("Poems")
    window.store.create("Poems", tiny_corpus)
    dialog = open_trash(window)
    dialog.restore_button.click()
    assert window.project.name == "Poems (2)"
    assert sorted(i.name for i in window.store.list()) == ["Poems", "Poems (2)"]


def test_a_damaged_project_is_restored_into_the_welcome_list(window, tiny_corpus):
    project = window.store.create("Poems", tiny_corpus)
    (project.path / "project.json").write_bytes(b"\0")
    window.store.delete("Poems")
    open_trash(window).restore_button.click()
    assert window.project is None
    assert "cannot be opened" in window.welcome_bar.text()
    assert window.welcome.projects.count() == 1


def test_an_earlier_model_is_explained_and_cannot_be_restored(window, tiny_corpus):
    project = window.store.create("Poems", tiny_corpus)
    set_aside_model(project.path.name)
    dialog = open_trash(window)
    assert rows(dialog) == ["Earlier model of “Poems”"]
    item = dialog.table.topLevelItem(0)
    assert "cannot be restored" in item.toolTip(0) and item.font(0).italic()
    dialog.table.setCurrentItem(item)
    assert not dialog.restore_button.isEnabled() and dialog.empty_button.isEnabled()
    assert "cannot be restored" in dialog.details.text()
    assert "1 earlier model" in dialog.summary.text()


def test_empty_trash_asks_first_and_says_what_it_frees(window, answers, tiny_corpus):
    window.store.create("Poems", tiny_corpus)
    window.store.delete("Poems")
    set_aside_model("Poems", size=20_000)
    dialog = open_trash(window)
    freed = format_bytes(sum(e.size for e in dialog.entries))

    answers.confirm = False
    dialog.empty_button.click()
    assert f"frees {freed}" in answers.asked[-1] and "2 items" in answers.asked[-1]
    assert len(window.store.list_trash()) == 2 and len(rows(dialog)) == 2

    answers.confirm = True
    dialog.empty_button.click()
    assert window.store.list_trash() == [] and rows(dialog) == []
    assert dialog.empty_label.isVisibleTo(dialog) and not dialog.table.isVisibleTo(dialog)
    assert f"{freed} freed" in dialog.summary.text()
    assert not dialog.empty_button.isEnabled() and not dialog.restore_button.isEnabled()


def test_the_dialog_says_when_the_trash_is_empty(window):
    dialog = open_trash(window)
    assert dialog.empty_label.isVisibleTo(dialog) and dialog.summary.text() == ""
    assert not dialog.empty_button.isEnabled() and not dialog.restore_button.isEnabled()


# --------------------------------------------------------------------------------------------------
# The log


@pytest.fixture
def opened_urls(monkeypatch) -> list[QtCore.QUrl]:
    urls = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def test_show_log_folder_opens_the_log_folder(window, opened_urls, log_to_file):  # noqa: F811
    assert app.setup_logging() is not None
    window.log_folder_action.trigger()
    assert opened_urls == [QtCore.QUrl.fromLocalFile(str(log_home()))]
    assert window.welcome_bar.text() == ""


def test_show_log_folder_says_why_there_is_no_log(window, opened_urls, log_to_file):  # noqa: F811
    log_home().parent.mkdir(parents=True, exist_ok=True)
    log_home().write_text("a file where the folder should be")
    assert app.setup_logging() is None
    assert "Show &log folder" in [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    window.log_folder_action.trigger()
    assert opened_urls == []
    assert "could not write its log" in window.welcome_bar.text()
    assert str(log_home()) in window.welcome_bar.text()


def test_an_error_in_a_plain_thread_is_logged_and_shown(qtbot, window, monkeypatch, caplog):
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app.install_excepthook(window)

    def broken():
        raise ZeroDivisionError("boom in a thread")

    thread = threading.Thread(target=broken, name="broken-thread")
    thread.start()
    thread.join()
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.exc_info[0] is ZeroDivisionError and record.threadName == "broken-thread"
    qtbot.waitUntil(lambda: "boom in a thread" in window.welcome_bar.text())
    assert window.welcome_bar.level == "error"


def test_an_error_in_a_worker_is_logged_with_its_traceback(qtbot, caplog):
    from gptstudio.ui.workers import CallWorker, WorkerThread

    def broken():
        raise ZeroDivisionError("boom in a worker")

    holder = WorkerThread(CallWorker(broken))
    with qtbot.waitSignal(holder.worker.failed, timeout=10_000) as failed, \
            qtbot.waitSignal(holder.finished, timeout=10_000):
        holder.start()
    assert "Something went wrong" in failed.args[0]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert "Traceback" in logged and "ZeroDivisionError: boom in a worker" in logged
