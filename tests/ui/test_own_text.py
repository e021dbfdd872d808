"""The teacher's file in the app: the control characters offered for cleaning, the encoding shown
and changeable, the data mode's guess with its reason and preview, Automatic settings with a time
budget, the best checkpoint, Train more, and the One step view's honest explanation."""

from __future__ import annotations

import pytest

from gptstudio.engine.auto_settings import AutoChoice
from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.messages import Message
from gptstudio.ui.tabs.corpus_tab import CorpusTab
from gptstudio.ui.tabs.settings_panel import SettingsPanel
from gptstudio.ui.threads import wait_for_pool

POEMS = "\n%\n".join(f"\x1b[32m题目:《诗{i}》\x1b[m\n\x1b[33m作者:李白\x1b[m\n床前明月光，疑是地上霜。\n"
                     f"举头望明月，低头思故乡。" for i in range(30)) + "\n"
TIMEOUT = 20_000


@pytest.fixture
def tab(qtbot):
    widget = CorpusTab()
    qtbot.addWidget(widget)
    yield widget
    wait_for_pool(30_000)


def open_file(qtbot, tab, path):
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        assert tab.load_file(str(path))


# -- the Corpus tab -----------------------------------------------------------------------------------

def test_control_characters_are_offered_for_cleaning_and_cleaning_is_undoable(qtbot, tab, tmp_path):
    path = tmp_path / "song100.txt"
    path.write_bytes(POEMS.encode("gb18030"))
    open_file(qtbot, tab, path)
    assert tab.text() == POEMS  # nothing refused, nothing lost
    offer = tab.stray_offer
    assert offer.isVisibleTo(tab)
    assert "120 terminal colour codes" in offer.label.text() and "first on lines 1, 2, 6" in offer.label.text()
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        offer.clean_button.click()
    assert "\x1b" not in tab.text() and tab.text().startswith("题目:《诗0》\n作者:李白\n")
    assert not offer.isVisibleTo(tab)
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        tab.editor.undo()  # one step brings every code back
    assert tab.text() == POEMS and offer.isVisibleTo(tab)
    offer.keep_button.click()
    assert not offer.isVisibleTo(tab)


def test_the_encoding_is_shown_and_another_reads_the_file_again(qtbot, tab, tmp_path):
    path = tmp_path / "poems.txt"
    text = POEMS.replace("\x1b[32m", "").replace("\x1b[33m", "").replace("\x1b[m", "")
    path.write_bytes(text.encode("gb18030"))
    open_file(qtbot, tab, path)
    bar = tab.source_bar
    assert bar.isVisibleTo(tab) and bar.encoding.currentData() == "gb18030"
    assert "poems.txt was read as (recognised)" in bar.label.text()
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        bar.encoding.setCurrentIndex(bar.encoding.findData("big5"))
        bar.encoding.activated.emit(bar.encoding.currentIndex())
    assert tab.text() != text and bar.encoding.currentData() == "big5"
    tab.editor.undo()
    assert tab.text() == text
    tab.set_text("another project's text")
    assert not bar.isVisibleTo(tab)


def test_the_data_mode_is_guessed_with_its_reason_and_previewed(qtbot, tab):
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        tab.set_text(POEMS)
    note = tab.shape_note
    assert note.isVisibleTo(tab)
    assert "Data: one continuous text" in note.label.text()  # the project's mode ...
    assert "looks like one example per block" in note.label.text()  # ... and the text's
    assert "120 lines in 30 pieces separated by lines such as “%”" in note.label.text()
    with qtbot.waitSignal(tab.mode_suggested) as blocker:
        note.use_button.click()
    assert blocker.args == ["blocks"]
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        tab.set_stats_settings("char", 512, "blocks", 64, 0.1)
    assert not note.use_button.isVisibleTo(tab)
    note.preview_toggle.click()
    preview = note.preview.toPlainText()
    assert "Example 1:" in preview and "⟨start⟩" in preview and "⟨end⟩" in preview
    assert "题目:《诗0》" in preview and "Example 3:" in preview and "Example 4:" not in preview
    assert "stops at the end of one" in preview and "Most examples are cut" not in note.label.text()
    # A context shorter than most examples: the model will rarely see one end, and is told so.
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        tab.set_stats_settings("char", 512, "blocks", 8, 0.1)
    assert "Most examples are cut" in note.label.text()
    preview = note.preview.toPlainText()
    assert "⟨cut⟩" in preview and "stops at the end of one" not in preview
    assert "never show the model where one ends" in preview
    tab.set_shape_locked(True)  # a trained model keeps its mode: no offer
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        tab.set_stats_settings("char", 512, "continuous", 64, 0.1)
    assert not note.use_button.isVisibleTo(tab)


def test_a_small_text_is_called_small(qtbot, tab):
    with qtbot.waitSignal(tab.stats_ready, timeout=TIMEOUT):
        tab.set_text(POEMS)
    assert "This text is small for a model that starts from nothing" in tab.shape_note.label.text()


# -- Automatic settings ----------------------------------------------------------------------------

def choice(steps=900) -> AutoChoice:
    return AutoChoice(DataConfig(mode="blocks"),
                      ModelConfig(vocab_size=65, block_size=48, n_layer=2, n_head=2, n_embd=64,
                                  dropout=0.2, bias=False),
                      TrainConfig(batch_size=24, learning_rate=0.005, optimizer="muon", max_iters=steps,
                                  eval_interval=45, eval_iters=10, early_stop_evals=3,
                                  min_lr_ratio=0.0, warmup_iters=90),
                      0.05, (Message("{n:,} parameters: the reason.", n=1),), Message("Small text."))


def test_the_panel_shows_automatics_choice_its_reasons_and_the_time_budget(qtbot):
    panel = SettingsPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 900)
    panel.show()
    with qtbot.waitSignal(panel.automatic_requested) as blocker:
        panel.preset.setCurrentIndex(panel.preset.findData("auto"))
    assert blocker.args == [5]  # the default budget
    assert panel.automatic_box.isVisible()
    with qtbot.waitSignal(panel.changed):
        panel.apply_automatic(choice())
    shown = panel.settings()
    data, model, train, preset = shown.data, shown.model, shown.train, shown.preset
    assert preset == "auto" and data.mode == "blocks" and model.n_embd == 64 and model.dropout == 0.2
    assert train.max_iters == 900 and train.early_stop_evals == 3 and train.optimizer == "muon"
    assert "1 parameters: the reason." in panel.automatic_box.reasons.text()
    assert panel.automatic_box.small_text.text() == "Small text."
    assert "50 ms per step" in panel.estimates.time_label.text()
    with qtbot.waitSignal(panel.automatic_requested) as blocker:
        panel.automatic_box.budget_buttons.button(15).click()
    assert blocker.args == [15] and panel.budget_minutes() == 15
    panel.n_layer.setValue(3)  # the user's own change: no longer Automatic's
    assert panel.settings().preset == "custom"


def test_another_automatic_project_opens_as_automatic(qtbot):
    """Opening a project saved with Automatic's choice shows Automatic, whatever the panel showed
    for the project before (its own choice compared with this one made it 'Custom')."""
    from dataclasses import replace

    panel = SettingsPanel()
    qtbot.addWidget(panel)
    panel.apply_automatic(choice())
    other = choice()
    panel.show_project(other.data, replace(other.model, n_embd=96, n_head=2),
                       replace(other.train, max_iters=1234), "auto")
    shown = panel.settings()
    model, train, preset = shown.model, shown.train, shown.preset
    assert preset == "auto" and model.n_embd == 96 and train.max_iters == 1234
    assert "Chosen by Automatic settings for this project" in panel.automatic_box.reasons.text()


def test_what_training_and_the_computer_change_leaves_automatics_choice_automatic(qtbot):
    """Not the user's edits: the trained model's vocabulary, Train more's steps (and a new model's
    schedule), the project's device listed once PyTorch has found it. Each made Automatic's choice
    'Custom' as the project saved."""
    from dataclasses import replace

    panel = SettingsPanel()
    qtbot.addWidget(panel)
    chosen = choice()
    panel.show_project(chosen.data, chosen.model, replace(chosen.train, device="cuda"), "auto")
    assert panel.settings().preset == "auto" and panel.settings().train.device == "auto"
    panel.set_devices(["auto", "cpu", "cuda"])  # found: the project's own device again
    assert panel.settings().train.device == "cuda" and panel.settings().preset == "auto"
    panel.set_vocab_size(46)  # the tokenizer training made
    assert panel.settings().preset == "auto" and panel.settings().model.vocab_size == 46
    with qtbot.assertNotEmitted(panel.changed):
        panel.set_run_length(replace(panel.settings().train, max_iters=1400, schedule_iters=900))
    shown = panel.settings()
    assert shown.preset == "auto" and (shown.train.max_iters, shown.train.schedule_iters) == (1400, 900)
    assert panel.preset.currentData() == "auto"
    panel.set_run_length(replace(shown.train, schedule_iters=0))
    assert panel.settings().preset == "auto"
    panel.max_iters.setValue(1500)  # the user's own number of steps
    assert panel.settings().preset == "custom"
    panel.set_run_length(replace(panel.settings().train, max_iters=1600))
    assert panel.settings().preset == "custom"  # the user's own settings stay their own


def test_another_data_mode_stays_automatic_and_asks_for_a_new_choice(qtbot):
    panel = SettingsPanel()
    qtbot.addWidget(panel)
    panel.apply_automatic(choice())
    with qtbot.waitSignal(panel.automatic_requested):
        panel.set_mode("continuous")  # as the Corpus tab's suggestion does
    assert panel.settings().preset == "auto" and panel.settings().data.mode == "continuous"
    assert panel.automatic_box.isVisibleTo(panel)


def test_the_mode_suggestion_reaches_the_panel_unless_the_model_is_trained(qtbot):
    panel = SettingsPanel()
    qtbot.addWidget(panel)
    panel.set_mode("blocks")
    assert panel.settings().data.mode == "blocks"
    panel.set_locked(True)
    panel.set_mode("lines")
    assert panel.settings().data.mode == "blocks"


def test_a_file_not_recognised_as_text_can_be_read_in_a_chosen_encoding(qtbot, tab, tmp_path):
    path = tmp_path / "strange.txt"
    path.write_bytes(bytes(range(256)) * 4)  # no encoding makes text of it ...
    with qtbot.waitSignal(tab.message) as blocker:
        assert not tab.load_file(str(path))
    assert blocker.args[0] == "error" and tab.source_bar.isVisibleTo(tab)
    assert "choose its encoding" in tab.source_bar.label.text()
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.7\n...")  # ... but a PDF is no text in any encoding
    tab.source_bar.forget()
    tab.load_file(str(pdf))
    assert not tab.source_bar.isVisibleTo(tab)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Ça va très bien, merci.\n" * 20).encode("utf-16-le")[:-1])  # odd length
    assert not tab.load_file(str(latin)) and tab.source_bar.isVisibleTo(tab)


def test_another_data_mode_leaves_the_users_own_settings_alone(qtbot):
    """Automatic's choice, then a setting of the user's own (Custom): another data mode asks
    Automatic for nothing, and the user's learning rate stays."""
    panel = SettingsPanel()
    qtbot.addWidget(panel)
    panel.apply_automatic(choice())
    panel.learning_rate.setValue(0.0123)
    assert panel.settings().preset == "custom"
    with qtbot.assertNotEmitted(panel.automatic_requested):
        panel.set_mode("continuous")
    assert panel.settings().preset == "custom" and panel.settings().train.learning_rate == 0.0123
