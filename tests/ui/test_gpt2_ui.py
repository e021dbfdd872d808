"""File menu: a new project from a GPT-2 folder (it writes at once), then export to Hugging Face."""

import pytest

from ..gpt2_helpers import TEXT, make_gpt2_folder

pytest.importorskip("transformers")


def wait_slow(qtbot, window):
    qtbot.waitUntil(lambda: window.pretrained.slow_thread is None, timeout=60_000)


def test_new_project_from_gpt2_then_export(qtbot, window, answers, tmp_path):
    gpt2 = make_gpt2_folder(tmp_path / "gpt2")
    corpus = tmp_path / "fox.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    answers.folder, answers.open_file = str(gpt2), str(corpus)
    window.pretrained.create_from_gpt2_folder()
    wait_slow(qtbot, window)

    assert window.project is not None and window.project.name == "gpt2 fine-tuned"
    assert "from GPT-2" in window.message_bar.text()
    shown = window.settings_panel.settings()
    data, model = shown.data, shown.model
    assert data.tokenizer == "gpt2" and model.block_size == 64
    assert not window.settings_panel.tokenizer.isEnabled()  # shape locked: it is a trained model
    assert window.generate_tab.generate_button.isEnabled()
    with qtbot.waitSignal(window.corpus_tab.stats_ready, timeout=20_000) as report:
        window.corpus_tab.set_text(TEXT)
    assert report.args[0].problem is None and report.args[0].tokens > 0

    window.generate_tab.prompt.setPlainText("The quick")
    window.generate_tab.max_tokens.setValue(10)
    window.generate_tab.request_generate()
    qtbot.waitUntil(lambda: window.generate_runs.thread is None and not window.generate_tab.running,
                    timeout=60_000)
    assert window.generate_tab.output.toPlainText().startswith("The quick")

    answers.folder = str(tmp_path / "exported")
    window.pretrained.export_hf()
    wait_slow(qtbot, window)
    assert (tmp_path / "exported" / "config.json").is_file()
    assert "Hugging Face" in window.message_bar.text()


def test_a_bad_gpt2_folder_is_a_message(qtbot, window, answers, tmp_path):
    (tmp_path / "nothing").mkdir()
    corpus = tmp_path / "fox.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    answers.folder, answers.open_file = str(tmp_path / "nothing"), str(corpus)
    window.pretrained.create_from_gpt2_folder()
    wait_slow(qtbot, window)
    assert window.project is None
    assert window.welcome_bar.level == "error"
