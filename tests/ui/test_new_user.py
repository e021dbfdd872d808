"""What a new user hit in an afternoon with the app (issue 21), each point as she met it: the
toolbar's Generate on another tab, presentation mode and the plot's key, a prompt that followed her
to another project, counts that did not add up, Chinese dialogs with English in them, dialogs
opening in the install folder, Look inside saying "Train the model first" of a trained model, old
messages coming back, and a Help menu without help. (The embedding map: test_embedding_view.py;
threads the computer refuses: test_thread_refusal.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtTest import QTest

from gptstudio.ui.widgets import dialogs
from tests.ui.test_inspect_tab import trained  # noqa: F401 - a fixture
from tests.ui.test_main_window import fast_settings, wait_until_idle
from tests.ui.test_translations import _english_words, chinese  # noqa: F401 - chinese: a fixture

TIMEOUT_MS = 60_000
# The real dialogs: tests/ui/conftest.py answers them for every test, after this module is imported.
REAL_ASK_TEXT, REAL_OPEN, REAL_SAVE = dialogs.ask_text, dialogs.choose_open_file, dialogs.choose_save_file


def trained_demo(qtbot, window, key="names"):
    window.project_actions.create_from_demo(key)
    fast_settings(window, max_iters=4, eval_interval=4)
    window.train_tab.start()
    wait_until_idle(qtbot, window)
    assert window.project.has_trained_model()


def answer_modal(qtbot, handle):
    """Run `handle(dialog)` on the next modal dialog, once it is up."""
    def look():
        dialog = QtWidgets.QApplication.activeModalWidget()
        if dialog is None:
            QtCore.QTimer.singleShot(20, look)
        else:
            handle(dialog)
    QtCore.QTimer.singleShot(0, look)


# -- 1. Train and Generate show their tab ------------------------------------------------------------

def test_toolbar_generate_and_train_from_another_tab_show_their_tab(qtbot, window):
    trained_demo(qtbot, window)
    window.tabs.setCurrentWidget(window.corpus_tab)
    window.generate_action.trigger()  # the toolbar button, Ctrl+Return
    assert window.tabs.currentWidget() is window.generate_tab
    qtbot.waitUntil(lambda: window.generate_runs.thread is None and not window.generate_tab.running,
                    timeout=TIMEOUT_MS)
    assert window.generate_tab.output.toPlainText()

    window.tabs.setCurrentWidget(window.inspect_tab)
    window.train_action.trigger()  # F5: training done, so "Train more"
    assert window.tabs.currentWidget() is window.train_tab
    wait_until_idle(qtbot, window)


# -- 2. Presentation mode fills the screen; the plot's key covers no curve ----------------------------

def test_presentation_mode_is_full_screen_and_escape_leaves_it(qtbot, window):
    window.project_actions.create_from_demo("names")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    esc = QtGui.QKeySequence("Esc")
    QTest.keyClick(window, QtCore.Qt.Key.Key_F11)
    assert window.presentation.active and window.isFullScreen()
    assert esc not in window.stop_action.shortcuts()  # Esc is presentation mode's now
    QTest.keyClick(window, QtCore.Qt.Key.Key_Escape)
    assert not window.presentation.active and not window.isFullScreen()
    assert esc in window.stop_action.shortcuts()  # and Stop's again


@pytest.mark.parametrize(("width", "columns"), [(1100, 3), (800, 2), (420, 1)])
def test_the_loss_plot_key_sits_outside_the_curves(qtbot, width, columns):
    from gptstudio.ui.tabs.loss_plot import LossPlot

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(420, 420)  # first narrow, so the key is laid out in one column, then wider
    plot.show()
    qtbot.wait(10)
    plot.resize(width, 420)
    steps = np.arange(1, 401)
    plot.add_steps(steps, 3 * np.exp(-steps / 100) + 0.5)
    plot.set_step_range(400)
    for step in range(50, 401, 50):
        plot.add_eval(step, 3 * np.exp(-step / 100) + 0.6)
    plot._redraw()
    qtbot.wait(10)
    item = plot.getPlotItem()
    key, curves = item.legend.sceneBoundingRect(), item.vb.sceneBoundingRect()
    assert len(item.legend.items) == 5  # the best-model star included
    assert not key.intersects(curves)
    assert key.right() <= plot.width() + 1 and key.bottom() <= plot.height() + 1  # not cut off
    assert item.legend.columnCount >= columns  # as many a row as fit: the curves keep the height


# -- 3. Each project keeps its own prompt -------------------------------------------------------------

def test_each_project_keeps_its_own_prompt(window, tmp_path):
    window.project_actions.create_from_demo("names")
    window.generate_tab.prompt.setPlainText("我的朋友")
    names = window.project.name
    poems = tmp_path / "poems.txt"
    poems.write_text("Roses are red,\nviolets are blue.\n" * 40, encoding="utf-8")
    window.project_actions.show_welcome()
    assert window.project_actions.create_from_path(poems) is not None
    assert window.generate_tab.prompt.toPlainText() == ""  # not the other project's
    window.generate_tab.prompt.setPlainText("Roses")
    window.project_actions.open_project(names)
    assert window.generate_tab.prompt.toPlainText() == "我的朋友"
    window.project_actions.open_project("poems")
    assert window.generate_tab.prompt.toPlainText() == "Roses"
    assert window.store.open(names).prompt == "我的朋友"  # in project.json


# -- 4. The corpus counts add up ------------------------------------------------------------------------

@pytest.mark.parametrize("block_size", [32, 5])
def test_the_corpus_counts_add_up(qtbot, window, block_size):
    window.project_actions.create_from_demo("names")  # one example per line
    current = window.settings_panel.settings()
    data, model, train, preset = current.data, current.model, current.train, current.preset
    from dataclasses import replace

    window.settings_panel.set_settings(data, replace(model, block_size=block_size), train, preset)
    window.edits.settings_changed()
    tab = window.corpus_tab
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.block_size == block_size
                    and tab.report.train_tokens > 0, timeout=TIMEOUT_MS)
    r = tab.report
    shown = re.sub(r"<[^>]+>", "", tab.stats_label.text())
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", shown)]
    markers = 2 * r.examples
    # The examples' own tokens + a start and an end marker each - what the context cuts off
    # = what training uses plus what is kept aside, and every term is on the screen.
    assert r.text_tokens + markers - r.cut_tokens == r.train_tokens + r.val_tokens
    for term in (r.text_tokens, markers, r.train_tokens, r.val_tokens, r.examples):
        assert term in numbers, (term, shown)
    assert "start and end markers" in shown and "line breaks" in shown
    assert (r.cut_tokens > 0) == (block_size == 5)
    if r.cut_tokens:
        assert r.cut_tokens in numbers and "cut off" in shown


# -- 5. Chinese dialogs, titles and captions that fit, a Compare window that fits ----------------------

def test_a_chinese_file_dialog_has_no_english_left(qtbot, chinese, tmp_path, monkeypatch):  # noqa: F811
    (tmp_path / "folder").mkdir()
    (tmp_path / "poem.txt").write_text("床前明月光\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path))  # no Documents there: the dialog opens in it
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    seen = {}

    def read(dialog):
        qtbot.waitUntil(lambda: _listed(dialog) >= 2, timeout=10_000)
        seen["texts"] = _dialog_texts(dialog)
        dialog.reject()

    answer_modal(qtbot, read)
    assert REAL_OPEN(None, "打开", "文本文件 (*.txt)") is None
    english = {text for text in seen["texts"] if _english_words(text)}
    assert english == set(), english


def _listed(dialog) -> int:
    view = dialog.findChild(QtWidgets.QTreeView)
    return view.model().rowCount(view.rootIndex()) if view is not None else 0


def _dialog_texts(dialog) -> set[str]:
    """The labels, buttons and the file list's columns of a file dialog, minus file names."""
    texts = {w.text() for w in dialog.findChildren(QtWidgets.QLabel) if w.isVisible()}
    texts |= {w.text() for w in dialog.findChildren(QtWidgets.QPushButton) if w.isVisible()}
    view = dialog.findChild(QtWidgets.QTreeView)
    model, root = view.model(), view.rootIndex()
    for column in range(model.columnCount(root)):
        texts.add(str(model.headerData(column, QtCore.Qt.Orientation.Horizontal)))
    for row in range(model.rowCount(root)):
        texts.add(str(model.index(row, 2, root).data()))  # the kind: folder, text document
    return {t for t in texts if t}


def test_a_text_dialog_is_wide_enough_for_its_title(qtbot):
    title = "Duplicate project"
    seen = {}

    def read(dialog):
        seen["width"] = dialog.width()
        dialog.reject()

    answer_modal(qtbot, read)
    assert REAL_ASK_TEXT(None, title, "Name of the copy:", "Made-up names copy") is None
    font = QtGui.QFont(QtWidgets.QApplication.font())
    font.setBold(True)  # as a window manager draws a title
    metrics = QtGui.QFontMetrics(font)
    # The title, and room for the window's icon and its three buttons: under openbox, 200 pixels
    # (QInputDialog's own width) showed "Duplic… roject", 228 the whole title.
    assert seen["width"] >= metrics.horizontalAdvance(title) + 8 * metrics.height()


def test_the_attention_caption_wraps_instead_of_being_cut(qtbot):
    from gptstudio.ui.inspect.attention_view import AttentionView
    from tests.ui.tiny_models import tiny_generator

    view = AttentionView()
    qtbot.addWidget(view)
    view.show()
    view.set_generator(tiny_generator("emma\nolivia\nava\n"))
    view.prompt.setText("emma")
    view.refresh()
    caption = view.grid_caption
    qtbot.waitUntil(caption.isVisible)
    assert "Each row" in caption.text() and "Each column" in caption.text()
    for width in (view.minimumSizeHint().width(), 1200):
        view.resize(width, 700)
        qtbot.waitUntil(lambda: caption.height() >= caption.heightForWidth(caption.width()))
        assert caption.wordWrap() and caption.isVisible()  # every line of it shown
    # The grid draws no caption of its own: its top margin is the column labels only.
    grid = view.grid
    assert grid._margins()[1] <= grid.fontMetrics().height() + 10 or grid._rotated()


def test_the_compare_window_fits_the_screen_and_scrolls_inside(qtbot, window):
    window.open_compare()
    compare = window._compare_window
    qtbot.waitUntil(compare.isVisible)
    screen = compare.screen().availableGeometry()
    assert screen.contains(compare.geometry())
    assert compare.height() < 850  # the offscreen screen is 800 high
    scroll = compare.findChild(QtWidgets.QScrollArea)
    assert scroll is not None and scroll.widget().minimumSizeHint().height() > 0


# -- 6. File dialogs open in Documents, then where the user was last -----------------------------------

def test_file_dialogs_open_in_documents_then_in_the_last_folder(qtbot, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    elsewhere = tmp_path / "texts"
    elsewhere.mkdir()
    poem = elsewhere / "poem.txt"
    poem.write_text("床前明月光\n", encoding="utf-8")
    opened = []

    def choose(dialog):
        opened.append(Path(dialog.directory().absolutePath()))
        dialog.selectFile(str(poem))
        dialog.accept()

    answer_modal(qtbot, choose)
    assert REAL_OPEN(None, "Open", "Text files (*.txt)") == str(poem)
    assert opened == [home / "Documents"]  # not the folder the app was started from

    def cancel(dialog):
        opened.append(Path(dialog.directory().absolutePath()))
        dialog.reject()

    answer_modal(qtbot, cancel)
    assert REAL_SAVE(None, "Save", "generated.txt", "Text files (*.txt)") is None
    assert opened[-1] == elsewhere  # where the last file was chosen, remembered in the settings
    from gptstudio.ui.main.main_window import app_settings
    from gptstudio.ui.widgets import file_dialogs

    assert app_settings().value(file_dialogs.SETTING) == str(elsewhere)


# -- 7. Look inside loads a trained model without saying "Train the model first" -----------------------

def test_look_inside_shows_only_loading_then_the_view(qtbot, make_window, trained):  # noqa: F811
    window = make_window()
    assert window.project_actions.open_project(trained)
    qtbot.waitUntil(lambda: window.torch_ready, timeout=TIMEOUT_MS)
    tab = window.inspect_tab
    window.tabs.setCurrentWidget(tab)
    # Loading: no view yet, and nothing that says there is no model.
    assert not tab.attention.untrained.isVisible() and not tab.explorer.isVisible()
    assert not tab.status.isVisible() or "Train the model first" not in tab.status.text()
    assert any("Loading" in label.text() for label in tab.findChildren(QtWidgets.QLabel)
               if label.isVisible())
    qtbot.waitUntil(lambda: tab.loaded_checkpoint() is not None, timeout=TIMEOUT_MS)
    assert tab.explorer.isVisible() and "step 10" in tab.status.text()


# -- 9. A message belongs to the moment it was raised ---------------------------------------------------

def test_a_refusal_on_the_welcome_view_does_not_come_back_later(window, answers, tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    answers.open_file = str(bad)
    assert window.project_actions.create_from_file() is None
    assert "photo.txt" in window.welcome_bar.text()
    window.project_actions.create_from_demo("names")
    window.project_actions.show_welcome()  # File ▸ New project… later on
    assert window.welcome_bar.text() == ""


def test_moved_to_trash_does_not_come_back_after_restoring(qtbot, window):
    window.project_actions.create_from_demo("names")
    window.trash.delete_project()
    assert "moved to the trash" in window.welcome_bar.text()
    window.trash.show_trash()
    qtbot.waitUntil(lambda: bool(window.trash.trash_dialog.entries), timeout=10_000)
    window.trash.trash_dialog.restore_button.click()
    assert window.project is not None and "Restored" in window.message_bar.text()
    window.project_actions.show_welcome()
    assert window.welcome_bar.text() == ""


# -- 10. Help ▸ Guide ------------------------------------------------------------------------------------

def test_the_guide_explains_the_tabs_shortcuts_and_folders(qtbot, window):
    assert QtGui.QKeySequence("F1") in window.guide.action.shortcuts()
    assert window.guide.action in window.menuBar().actions()[-1].menu().actions()
    window.guide.action.trigger()
    dialog = window.guide.dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.browser.toPlainText()
    for index in range(window.tabs.count()):
        assert window.tabs.tabText(index).replace("&&", "&") in text
    for keys in ("F5", "F6", "Esc", "Ctrl+Return", "F11", "Ctrl+N", "Ctrl+O", "F1"):
        assert keys in text, keys
    assert str(window.store.root) in text and "What to look for" in text


def test_the_guide_in_chinese_has_no_english_left(qtbot, chinese, make_window):  # noqa: F811
    window = make_window(language="zh_CN")
    window.guide.action.trigger()
    dialog = window.guide.dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.browser.toPlainText()
    from gptstudio.projects.paths import trash_root

    for folder in (str(window.store.root), str(trash_root())):
        text = text.replace(folder, " ")
    assert window.tabs.tabText(0).replace("&&", "&") in text
    assert not _english_words(text + " " + dialog.windowTitle()), _english_words(text)


# -- The welcome page: its sections, and New project pressed on it ---------------------------------------

def test_the_welcome_pages_sections_are_choices_not_numbered_steps(window):
    """Numbered, they read 1, 4, 2, 3 on screen: two columns, the fourth at the top of the right."""
    titles = [box.title() for box in window.welcome.findChildren(QtWidgets.QGroupBox)]
    assert len(titles) == 4 and not [t for t in titles if re.match(r"\d", t)]
    assert sum(t.startswith("Or ") for t in titles) == 3


def test_new_project_on_the_welcome_page_brings_the_ways_to_start_into_view(window):
    """A new user pressed New project on the welcome page (scrolled down) and nothing changed."""
    welcome = window.welcome
    scroll = welcome.parent().parent()
    assert isinstance(scroll, QtWidgets.QScrollArea) and window.stack.currentIndex() == 0
    window.resize(900, 500)
    QtWidgets.QApplication.processEvents()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    assert scroll.verticalScrollBar().value() > 0
    window.new_action.trigger()
    assert scroll.verticalScrollBar().value() == 0
    assert window.focusWidget() is next(iter(welcome.demo_buttons.values()))
    assert welcome.new_hint.isVisible() and "To start a new project" in welcome.new_hint.text()
    window.project_actions.create_from_demo("names")
    window.new_action.trigger()  # from a project: the welcome page, with the same hint
    assert window.project is None and window.stack.currentIndex() == 0 and welcome.new_hint.isVisible()
    window.project_actions.show_welcome()  # the page shown for another reason: no hint
    assert not welcome.new_hint.isVisible()


def test_file_close_project_saves_it_and_goes_back_to_the_start_page(window):
    """A new user looked for Close in the File menu and found none."""
    file_menu = window.menuBar().actions()[0].menu()
    assert window.close_action in file_menu.actions()
    assert not window.close_action.isEnabled()  # no project yet
    window.project_actions.create_from_demo("names")
    name = window.project.name
    assert window.close_action.isEnabled()
    window.close_action.trigger()
    assert window.project is None and window.stack.currentIndex() == 0
    assert not window.close_action.isEnabled()
    assert name in [info.name for info in window.store.list()]  # closed, not gone


def test_the_welcome_page_comes_back_from_its_top_after_close_project(window):
    """Left scrolled down to a demo's Start, the page came back there after Close project, and
    "Or continue a project" looked empty."""
    welcome = window.welcome
    scroll = welcome.parent().parent()
    window.resize(900, 500)
    QtWidgets.QApplication.processEvents()
    bar = scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    window.project_actions.create_from_demo("names")
    window.project_actions.show_welcome()  # File ▸ Close project
    assert window.project is None and bar.value() == 0


def test_the_file_menu_makes_a_project_from_a_text_file(window, answers, tmp_path):
    """"Choose a text file…" sat below the fold of the welcome page, and the File menu had no way
    to start from one's own file."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert window.new_from_file_action in menu.actions()
    assert window.new_from_file_action.shortcut().toString() == "Ctrl+Shift+N"
    path = tmp_path / "diary.txt"
    path.write_text("Monday. It rained and I read all day.\n" * 40, encoding="utf-8")
    answers.open_file = str(path)
    window.new_from_file_action.trigger()
    assert window.project is not None and window.project.name == "diary"


def test_generate_sends_a_model_of_conversations_to_the_chat_tab(window, monkeypatch):
    """A model of questions and answers wrote letter soup on Generate ("Q: Can I change" → "We
    frime y parint mour data"), while it answered well in Chat: nothing said why."""
    from gptstudio.projects.project import Project

    window.project_actions.create_from_demo("chat_shop")
    monkeypatch.setattr(Project, "has_trained_model", lambda self: True)
    window.generate_runs.update_generate_availability()
    status = window.generate_tab.status.text()
    assert status.startswith("This model learnt conversations: it answers on the Chat tab.")
    window.project_actions.create_from_demo("names")
    window.generate_runs.update_generate_availability()
    assert window.generate_tab.status.text().startswith("Ready: type a prompt")
