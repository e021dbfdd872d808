"""UI fixtures. Windows are owned here and shut down (workers stopped, threads joined) after each
test: a QThread destroyed while running aborts the whole test run."""

from __future__ import annotations

import pytest

from gptstudio.ui.widgets import dialogs


class Answers:
    """Stands in for the modal dialogs: records each question and gives a set answer."""

    def __init__(self):
        self.confirm = True
        self.text: str | None = None
        self.open_file: str | None = None
        self.save_file: str | None = None
        self.item: str | None = None
        self.folder: str | None = None
        self.asked: list[str] = []


@pytest.fixture(autouse=True, scope="session")
def garbage_collected_on_the_gui_thread(qapp):
    """As the app does (ui/app.py): a job thread must never free a window's Qt objects."""
    from gptstudio.ui.threads import collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread(qapp)


@pytest.fixture(autouse=True)
def answers(monkeypatch) -> Answers:
    a = Answers()

    def confirm(parent, title, text, yes="Yes", no="Cancel"):
        a.asked.append(text)
        return a.confirm

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "ask_text", lambda *args, **kw: a.text)
    monkeypatch.setattr(dialogs, "choose_open_file", lambda *args, **kw: a.open_file)
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *args, **kw: a.save_file)
    monkeypatch.setattr(dialogs, "choose_item", lambda *args, **kw: a.item)
    monkeypatch.setattr(dialogs, "choose_folder", lambda *args, **kw: a.folder)
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: a.asked.append(text))
    return a


@pytest.fixture
def make_window(qtbot):
    from gptstudio.ui.main.main_window import MainWindow

    windows = []

    def make(**kwargs):
        window = MainWindow(**kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        return window

    yield make
    for window in windows:
        window.shutdown()
        window.close()


@pytest.fixture
def window(make_window):
    return make_window()
