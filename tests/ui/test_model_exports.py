"""File ▸ Export model: the GGUF dialog shows llama.cpp's check, the Hub dialog shares through a
stand-in Hub, and "As a Python program" writes the program; jobs run off the GUI thread."""

from __future__ import annotations

import pytest

from ..export_helpers import copy_home, corpus, trained_project
from ..stand_in_hub import StandInHub


@pytest.fixture(scope="module")
def _home(tmp_path_factory):
    home = tmp_path_factory.mktemp("ui-export-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GPTSTUDIO_HOME", str(home))
        trained_project("Blog", corpus("english"), "char")
    return home / "projects"


@pytest.fixture
def opened(_home, window):
    copy_home(_home)
    window.project_actions.refresh_welcome()
    assert window.project_actions.open_project("Blog")
    return window


def test_the_export_menu_holds_the_four_exports_enabled_for_a_trained_model(opened):
    exports = opened.model_exports
    actions = exports.menu.actions()
    assert actions == [opened.export_hf_action, exports.gguf_action, exports.code_action,
                       exports.hub_action]
    assert all(a.isEnabled() for a in actions)
    assert exports.menu.menuAction() in opened.menuBar().actions()[0].menu().actions()


@pytest.mark.slow
def test_gguf_dialog_exports_and_shows_the_llama_cpp_check(qtbot, opened, tmp_path):
    pytest.importorskip("llama_cpp")
    dialog = opened.model_exports.export_gguf()
    dialog.path.setText(str(tmp_path / "blog"))
    dialog.number_type.setCurrentIndex(dialog.number_type.findData("f32"))
    with qtbot.waitSignal(dialog.finished_job, timeout=180_000):
        dialog.start_button.click()
    assert "Checked with llama.cpp: the same" in dialog.result.text()
    assert "blog.Modelfile" in dialog.result.text()
    assert (tmp_path / "blog.gguf").is_file() and dialog.open_folder.isVisible()
    # The whole result in view: the dialog grew with it (the files written and the Ollama
    # command were below its edge until the user resized it by hand).
    label = dialog.result
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=5_000)
    qtbot.waitUntil(lambda: not dialog.is_running())
    dialog.close()


def test_gguf_dialog_shows_a_refusal(qtbot, opened, tmp_path, monkeypatch):
    from gptstudio.engine import gguf_vocab

    monkeypatch.setattr(gguf_vocab, "KNOWN_MODES", ())  # as for a data mode it does not know
    dialog = opened.model_exports.export_gguf()
    # Said as the dialog opens, not after Export was pressed (a new user's chat model).
    assert "Not done:" in dialog.result.text() and "data mode" in dialog.result.text()
    assert not dialog.start_button.isEnabled()
    dialog.path.setText(str(tmp_path / "x.gguf"))
    dialog.start_button.click()
    assert not dialog.is_running() and not (tmp_path / "x.gguf").exists()
    dialog.close()


def test_a_model_of_conversations_is_refused_in_the_words_the_app_uses():
    """"This model was trained in the data mode 'chat'", where the app says Conversations."""
    from gptstudio.engine.gguf_vocab import mode_refused
    from gptstudio.ui.widgets.text import localized

    said = localized(mode_refused("chat"))
    assert said.startswith("This model learnt conversations") and "'chat'" not in said
    assert "Chat tab" in said and mode_refused("lines") is None


def test_hub_dialog_shares_through_the_stand_in_hub(qtbot, opened, monkeypatch):
    with StandInHub() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.setenv("HF_TOKEN", "hf_ui")
        monkeypatch.setenv("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        dialog = opened.model_exports.share_on_hub()
        assert dialog.logged_in
        dialog.repo.setText("ada/blog")
        dialog.licence.setCurrentText("mit")
        with qtbot.waitSignal(dialog.finished_job, timeout=120_000):
            dialog.start_button.click()
        assert f"{hub.url}/ada/blog" in dialog.result.text()
        assert "license: mit" in hub.received.files["ada/blog"]["README.md"].decode()
        qtbot.waitUntil(lambda: not dialog.is_running())
        dialog.close()


def test_hub_dialog_without_a_login_asks_for_a_token(opened, monkeypatch, tmp_path):
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "no-login"))
    dialog = opened.model_exports.share_on_hub()
    assert not dialog.logged_in and dialog.token.isVisibleTo(dialog)
    dialog.close()


def test_python_program_export_writes_the_program(qtbot, opened, answers, tmp_path):
    answers.folder = str(tmp_path / "program")
    opened.model_exports.export_code()
    qtbot.waitUntil(lambda: opened.model_exports._code_thread is None, timeout=60_000)
    assert (tmp_path / "program" / "train.py").is_file()
    assert "python train.py" in opened.message_bar.text()
