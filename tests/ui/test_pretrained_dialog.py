"""Start from a pretrained model in the app: the catalogue, a download with its progress (from a
stand-in Hub on 127.0.0.1), cancel, and the new project opened ready to write and fine-tune."""

import pytest

from gptstudio.engine.catalogue import CATALOGUE, CatalogueEntry
from gptstudio.engine.config import ModelConfig

from ..gpt2_helpers import TEXT, make_gpt2_folder
from ..hub_server import StandInHub

pytest.importorskip("transformers")
pytest.importorskip("peft")

# The stand-in's tiny GPT-2, listed under the real one's name (timing it takes a moment).
TINY = CatalogueEntry("gpt2", "English", "A tiny random GPT-2 for tests.", "MIT", 200_000,
                      ModelConfig(vocab_size=300, block_size=64, n_layer=2, n_head=2, n_embd=32,
                                  activation="gelu_tanh"), "gpt2")


@pytest.fixture(scope="module")
def gpt2_folder(tmp_path_factory):
    return make_gpt2_folder(tmp_path_factory.mktemp("repo") / "gpt2")


@pytest.fixture
def hub(gpt2_folder, monkeypatch):
    server = StandInHub()
    server.add_repo("gpt2", gpt2_folder)
    monkeypatch.setenv("HF_ENDPOINT", server.start())
    yield server
    server.stop()


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "fox.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _open_dialog(qtbot, window, catalogue=(TINY,), measure=True):
    window.pretrained.pretrained_catalogue, window.pretrained.time_pretrained_models = catalogue, measure
    window.welcome.pretrained_button.click()
    dialog = window.pretrained.pretrained_dialog
    pending = ("working out…", "measuring…")

    def planned():
        return all(dialog.table.item(r, c).text() not in pending
                   for r in range(dialog.table.rowCount()) for c in (5, 6))

    qtbot.waitUntil(planned, timeout=120_000)
    return dialog


def test_the_catalogue_lists_every_model_with_what_it_takes_here(qtbot, window):
    dialog = _open_dialog(qtbot, window, catalogue=CATALOGUE, measure=False)
    assert dialog.isVisible()
    assert dialog.table.rowCount() == len(CATALOGUE)
    rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    poem = rows["uer/gpt2-chinese-poem"]
    assert dialog.table.item(poem, 1).text() == "Chinese (classical poetry)"
    assert dialog.table.item(rows["gpt2"], 2).text() == "124 million"
    assert dialog.table.item(rows["distilgpt2"], 4).text() == "Apache-2.0"
    assert dialog.table.item(poem, 4).text() == "not stated on the model card"
    memory = dialog.table.item(rows["gpt2-medium"], 5).text()
    assert memory.startswith(("all weights, ", "LoRA adapters, ")) and "GB" in memory
    assert dialog.table.item(poem, 6).text() == "not measured yet"
    assert "1,024 tokens" in dialog.block_note.text() and "256" in dialog.block_note.text()
    dialog.block_size.setValue(128)
    assert "128" in dialog.block_note.text()


def test_download_with_progress_then_the_project_opens(qtbot, window, hub, corpus, answers,
                                                       monkeypatch):
    from gptstudio.engine import step_time

    # The stand-in's tiny GPT-2 stands in for a real one, whose step is costly enough to keep.
    monkeypatch.setattr(step_time, "COSTLY_STEP_FLOPS", 0)
    timed = []
    measure = step_time._measure

    def record(*args):
        timed.append(args[0])
        return measure(*args)

    monkeypatch.setattr(step_time, "_measure", record)
    hub.faults.bytes_per_second, hub.faults.chunk = 100_000, 8192
    dialog = _open_dialog(qtbot, window)
    assert " steps in 10 minutes)" in dialog.table.item(0, 6).text()  # measured on this computer
    answers.open_file = str(corpus)
    dialog.start_button.click()  # asks for the text, then downloads
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Downloading gpt2: ")
                    and " left" in dialog.status.text(), timeout=60_000)
    assert "/s · " in dialog.status.text() and dialog.progress.maximum() == 1000
    qtbot.waitUntil(lambda: window.project is not None, timeout=120_000)

    assert window.project.name == "gpt2 fine-tuned"
    assert window.project.data.tokenizer == "gpt2"
    assert "Created “gpt2 fine-tuned” from a pretrained model" in window.message_bar.text()
    assert "All its weights learn." in window.message_bar.text()
    assert window.generate_tab.generate_button.isEnabled()  # writes at once
    # The settings' time estimate is the step timed while the project was made, not a new probe.
    qtbot.waitUntil(lambda: "per step" in window.settings_panel.estimates.time_label.text(), timeout=30_000)
    assert len(timed) == 1  # by the catalogue; not again to plan the steps, nor by the panel
    assert not dialog.isVisible()


def test_cancel_stops_the_download_and_creates_nothing(qtbot, window, hub, corpus):
    hub.faults.bytes_per_second, hub.faults.chunk = 20_000, 4096
    dialog = _open_dialog(qtbot, window)
    dialog.start_with("gpt2", str(corpus))
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 1000 and dialog.progress.value() > 0,
                    timeout=60_000)
    assert dialog.cancel_button.isVisible() and not dialog.start_button.isEnabled()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.create_thread.is_running(), timeout=60_000)
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=10_000)
    assert dialog.status.text().startswith("The download was cancelled.")
    assert window.store.list() == [] and window.project is None
    assert dialog.isVisible()  # the user may start again


def test_a_typed_name_that_is_not_there_is_a_sentence(qtbot, window, hub, corpus):
    dialog = _open_dialog(qtbot, window)
    dialog.repo_edit.setText("nobody/nothing")
    assert dialog.chosen_source() == "nobody/nothing"
    dialog.start_with(dialog.chosen_source(), str(corpus))
    qtbot.waitUntil(lambda: not dialog.create_thread.is_running(), timeout=60_000)
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=10_000)
    assert dialog.status.text().startswith("There is no model nobody/nothing on the Hugging Face")
    assert window.store.list() == []


def test_a_step_time_says_what_ten_minutes_of_fine_tuning_hold():
    """"gpt2: 65.8 s" said nothing of whether fine-tuning it here gets anywhere."""
    from gptstudio.ui.windows.pretrained_dialog import steps_in_ten_minutes

    assert steps_in_ten_minutes(65.8) == "65.8 s (about 9 steps in 10 minutes)"
    assert steps_in_ten_minutes(0.8) == "0.8 s (about 750 steps in 10 minutes)"
    assert steps_in_ten_minutes(900) == "900.0 s (not one step in 10 minutes)"
