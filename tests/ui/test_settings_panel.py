"""The settings panel on its own: configs in, configs out, presets, inline checks, read-outs, locking."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6 import QtWidgets

from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.memory import estimate_training_memory_bytes
from gptstudio.engine.presets import PRESETS, Settings
from gptstudio.ui.tabs.settings_panel import SettingsPanel
from gptstudio.ui.widgets import dialogs
from gptstudio.ui.widgets.text import format_bytes


@pytest.fixture
def panel(qtbot) -> SettingsPanel:
    widget = SettingsPanel()
    qtbot.addWidget(widget)
    return widget


def choose_preset(panel: SettingsPanel, name: str) -> None:
    panel.preset.setCurrentIndex(panel.preset.findData(name))


def test_starts_with_the_default_preset_and_is_valid(panel):
    shown = panel.settings()
    data, model, train, preset = shown.data, shown.model, shown.train, shown.preset
    assert preset == "tiny"
    assert (model, train) == (replace(PRESETS["tiny"].model, vocab_size=model.vocab_size),
                              PRESETS["tiny"].train)
    assert data == DataConfig()
    assert panel.is_valid() and panel.problems() == []


def test_set_settings_and_settings_round_trip_every_field(panel, qtbot):
    data = DataConfig(tokenizer="bpe", bpe_vocab_size=1024, mode="lines", val_fraction=0.15)
    model = ModelConfig(vocab_size=300, block_size=96, n_layer=3, n_head=6, n_embd=96,
                        dropout=0.15, bias=False)
    train = TrainConfig(batch_size=24, learning_rate=3e-4, min_lr_ratio=0.05, warmup_iters=50,
                        max_iters=1234, eval_interval=100, eval_iters=7, weight_decay=0.05,
                        beta1=0.85, beta2=0.995, grad_clip=0.5, device="cpu", precision="fp32",
                        compile=True, seed=7, sample_prompt="Once upon", sample_tokens=64,
                        num_threads=2, optimizer="muon")
    panel.set_vocab_size(300)
    with qtbot.assertNotEmitted(panel.changed):
        panel.set_settings(data, model, train, "custom")
    assert panel.settings() == Settings(data, model, train, "custom")


def test_set_settings_shows_the_preset_the_values_match(panel):
    preset = PRESETS["small"]
    panel.set_settings(DataConfig(), preset.model, replace(preset.train, seed=1), "small")
    assert panel.preset.currentData() == "small"
    assert panel.settings().preset == "small"


@pytest.mark.parametrize("name", list(PRESETS))
def test_choosing_a_preset_fills_model_and_training_but_keeps_the_data(panel, qtbot, name):
    data = DataConfig(tokenizer="word", mode="lines", val_fraction=0.2)
    start = "medium" if name != "medium" else "tiny"
    panel.set_settings(data, PRESETS[start].model, PRESETS[start].train, start)
    with qtbot.waitSignal(panel.changed, timeout=1000):
        choose_preset(panel, name)
    shown = panel.settings()
    got_data, model, train, preset = shown.data, shown.model, shown.train, shown.preset
    assert preset == name
    assert got_data == data
    assert model == replace(PRESETS[name].model, vocab_size=model.vocab_size)
    assert train == PRESETS[name].train
    assert panel.n_layer.value() == PRESETS[name].model.n_layer
    assert panel.preset_info.text() == PRESETS[name].description
    assert panel.preset.toolTip() == PRESETS[name].description


def test_editing_a_field_turns_the_preset_to_custom_and_back(panel, qtbot):
    with qtbot.waitSignal(panel.changed, timeout=1000):
        panel.n_layer.setValue(5)
    assert panel.settings().preset == "custom"
    assert panel.preset.currentData() == "custom"
    panel.n_layer.setValue(PRESETS["tiny"].model.n_layer)
    assert panel.preset.currentData() == "tiny"


def test_custom_cannot_be_picked_by_hand(panel):
    custom = panel.preset.model().item(panel.preset.findData("custom"))
    assert not custom.isEnabled()


def test_embedding_not_a_multiple_of_heads_is_reported_and_marked(panel, qtbot):
    with qtbot.waitSignal(panel.validity_changed, timeout=1000) as blocker:
        panel.n_embd.setValue(130)
    assert blocker.args == [False]
    assert not panel.is_valid()
    sentence = "The embedding size (130) must be a multiple of the number of heads (4)"
    assert any(p.startswith(sentence) for p in panel.problems())
    assert sentence in panel.problems_label.text()
    assert not panel.problems_label.isHidden()
    assert panel.n_embd.property("problem") and panel.n_head.property("problem")
    assert not panel.learning_rate.property("problem")

    with qtbot.waitSignal(panel.validity_changed, timeout=1000) as blocker:
        panel.n_embd.setValue(128)
    assert blocker.args == [True]
    assert panel.is_valid() and panel.problems_label.isHidden()
    assert not panel.n_embd.property("problem")


def test_validity_changed_is_emitted_only_when_validity_flips(panel, qtbot):
    with qtbot.assertNotEmitted(panel.validity_changed):
        panel.learning_rate.setValue(0.001)
        panel.max_iters.setValue(3000)


def test_problems_include_the_configs_sentences_and_the_panels_own(panel):
    shown = panel.settings()
    data, model, train = shown.data, shown.model, shown.train
    panel.set_settings(data, model, replace(train, warmup_iters=500, max_iters=100), "custom")
    assert any("warm-up" in p for p in panel.problems())
    assert panel.warmup.property("problem")
    bad_model = replace(model, n_head=3, n_embd=64)
    panel.set_settings(data, bad_model, train, "custom")
    assert set(bad_model.validate()) <= set(panel.problems())


def test_bpe_vocabulary_is_editable_only_for_bpe(panel):
    for kind in ("char", "word", "bpe", "char"):
        panel.tokenizer.setCurrentIndex(panel.tokenizer.findData(kind))
        assert panel.bpe_vocab.isEnabled() == (kind == "bpe")


def test_every_input_has_a_plain_tooltip(panel):
    inputs = (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox, QtWidgets.QCheckBox,
              QtWidgets.QLineEdit)
    widgets = [w for kind in inputs for w in panel.findChildren(kind)
               if not isinstance(w.parent(), QtWidgets.QAbstractSpinBox | QtWidgets.QComboBox)]
    assert len(widgets) >= 25
    missing = [w for w in widgets if not w.toolTip().strip()]
    assert missing == []


def test_inputs_have_ranges_that_keep_values_sensible(panel):
    assert panel.n_layer.minimum() >= 1 and panel.n_head.minimum() >= 1
    assert panel.block_size.maximum() == 8192
    assert panel.learning_rate.decimals() >= 5 and panel.learning_rate.maximum() <= 0.1
    assert 0 < panel.val_share.minimum() and panel.val_share.maximum() < 50


@pytest.mark.parametrize("name", list(PRESETS))
def test_parameter_count_matches_the_model(panel, name):
    panel.set_vocab_size(65)
    choose_preset(panel, name)
    expected = replace(PRESETS[name].model, vocab_size=65).param_count()
    assert panel.estimates.params_label.text() == f"{expected / 1e6:.2f} million parameters"
    train = PRESETS[name].train
    memory = estimate_training_memory_bytes(replace(PRESETS[name].model, vocab_size=65), train, "cpu")
    assert format_bytes(memory) in panel.estimates.memory_label.text()


def test_vocabulary_size_changes_the_parameter_count(panel):
    panel.set_vocab_size(10_000)
    model = panel.settings().model
    assert model.vocab_size == 10_000
    assert panel.estimates.params_label.text() == f"{model.param_count() / 1e6:.2f} million parameters"


def test_time_estimate_from_the_measured_step_time(panel):
    panel.set_step_time(None)
    assert "measuring" in panel.estimates.time_label.text()
    panel.set_step_time(0.12)  # tiny preset: 2,000 steps
    assert "about 4 min for 2,000 steps" in panel.estimates.time_label.text()
    assert "120 ms per step" in panel.estimates.time_label.text()
    panel.max_iters.setValue(100)
    # 12 s of steps, one check of 20 batches each way and a sample (about 23 steps' worth), and
    # the start: the estimate counts what the run really spends its time on.
    assert "about 20 seconds for 100 steps and their checks" in panel.estimates.time_label.text()


def test_changing_the_shape_forgets_the_measured_step_time(panel):
    panel.set_step_time(0.12)
    panel.n_layer.setValue(6)
    assert "measuring" in panel.estimates.time_label.text()


def test_devices_list_only_what_was_found_and_keep_the_projects_choice(panel):
    assert [panel.device.itemData(i) for i in range(panel.device.count())] == ["auto", "cpu"]
    shown = panel.settings()
    data, model, train = shown.data, shown.model, shown.train
    panel.set_settings(data, model, replace(train, device="cuda"), "tiny")
    assert panel.settings().train.device == "auto"  # not found yet
    panel.set_devices(["auto", "cpu", "cuda"])
    assert [panel.device.itemData(i) for i in range(panel.device.count())] == ["auto", "cpu", "cuda"]
    assert panel.settings().train.device == "cuda"


def test_locking_disables_the_shape_but_not_training(panel):
    panel.tokenizer.setCurrentIndex(panel.tokenizer.findData("bpe"))
    panel.set_locked(True)
    for widget in (panel.tokenizer, panel.bpe_vocab, panel.mode, panel.block_size, panel.n_layer,
                   panel.n_head, panel.n_embd, panel.bias, panel.preset):
        assert not widget.isEnabled()
    for widget in (panel.learning_rate, panel.max_iters, panel.batch_size, panel.dropout,
                   panel.device, panel.val_share):
        assert widget.isEnabled()
    assert not panel.lock_row.isHidden()
    assert "fixed once it has trained" in panel.lock_label.text()


def test_a_trained_model_says_what_is_open_instead_of_pointing_at_the_disabled_preset(panel):
    """Trained, the preset box is disabled: 'Pick a preset to start again from one' could not be
    done. The words say what can: change a training setting, or start a new model."""
    shown = panel.settings()
    panel.set_settings(shown.data, shown.model, replace(shown.train, learning_rate=0.0123), "custom")
    assert panel.preset_info.text() == "Your own settings. Pick a preset to start again from one."
    panel.set_locked(True)
    said = panel.preset_info.text()
    assert "Pick a preset" not in said and "“Start a new model…” below" in said
    assert panel.new_model_button.text() == "Start a new model…"
    assert said == panel.preset.toolTip()
    panel.set_locked(False)
    assert "Pick a preset" in panel.preset_info.text()


def test_a_trained_automatic_model_offers_no_time_to_choose_a_shape_for(panel, qtbot):
    """Automatic chooses a model's shape for the time given; a trained model keeps its shape, so
    the time buttons rest (they changed nothing) and the words say what the user can do."""
    from tests.ui.test_own_text import choice

    panel.apply_automatic(choice())
    assert "change any of them" in panel.preset_info.text()
    panel.set_locked(True)
    buttons = panel.automatic_box.budget_buttons.buttons()
    assert buttons and not any(button.isEnabled() for button in buttons)
    said = panel.preset_info.text()
    assert "change any of them" not in said and "Change a training setting" in said
    assert "“Start a new model…” below" in said
    panel.set_budget_minutes(10)  # a time given on the command line gets its own button, resting too
    assert not panel.automatic_box.budget_buttons.button(10).isEnabled()
    panel.set_locked(False)
    assert all(button.isEnabled() for button in panel.automatic_box.budget_buttons.buttons())


def test_new_model_confirmed_unlocks_and_emits(panel, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, **kw: asked.append(text) or True)
    panel.set_locked(True)
    with qtbot.waitSignal(panel.new_model_requested, timeout=1000):
        panel.new_model_button.click()
    assert asked and "replaced" in asked[0]
    assert panel.n_layer.isEnabled() and panel.tokenizer.isEnabled()
    assert panel.lock_row.isHidden()


def test_new_model_declined_changes_nothing(panel, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kw: False)
    panel.set_locked(True)
    with qtbot.assertNotEmitted(panel.new_model_requested):
        panel.new_model_button.click()
    assert not panel.n_layer.isEnabled()
    assert not panel.lock_row.isHidden()


def test_the_panel_stacks_into_one_column_when_narrow(panel):
    panel.resize(520, 900)
    panel.show()
    assert panel._columns.direction() == QtWidgets.QBoxLayout.Direction.TopToBottom
    panel.resize(1200, 800)
    assert panel._columns.direction() == QtWidgets.QBoxLayout.Direction.LeftToRight


# ---- memory: the estimate against all the memory of the device training would use --------------

GB = 2**30


@pytest.fixture
def capacities(monkeypatch):
    """The devices' memory, as the panel sees it (no torch needed)."""
    from gptstudio.ui.tabs import settings_panel

    sizes = {"cpu": 64 * GB, "cuda": 8 * GB, "mps": 16 * GB}
    monkeypatch.setattr(settings_panel, "device_capacity", lambda device: sizes.get(device))
    return sizes


def test_settings_bigger_than_the_device_are_refused_with_the_reason(panel, qtbot, capacities):
    shown = panel.settings()
    panel.set_settings(shown.data, shown.model, shown.train, "tiny")
    assert panel.is_valid()
    capacities["cpu"] = 1 * GB  # a small laptop; the tiny preset at batch 4096 needs more
    with qtbot.waitSignal(panel.validity_changed, check_params_cb=lambda ok: not ok):
        panel.batch_size.setValue(4096)
    (problem,) = panel.problems()
    assert "needs about" in problem and "this computer has 1.0 GB in all" in problem
    assert "Use a batch size of" in problem and "or less" in problem
    assert panel.batch_size.property("problem") and panel.block_size.property("problem")
    with qtbot.waitSignal(panel.validity_changed, check_params_cb=lambda ok: ok):
        panel.batch_size.setValue(16)
    assert not panel.batch_size.property("problem")


def test_the_limit_is_the_chosen_devices_and_auto_means_the_first_found(panel, capacities):
    shown = panel.settings()
    data, model, train = shown.data, shown.model, shown.train
    big = replace(train, batch_size=4096)  # the tiny model: 13 GB on the CPU, 8.5 GB on CUDA
    panel.set_devices(["auto", "cuda", "cpu"])
    panel.set_settings(data, model, replace(big, device="cpu"), "custom")
    assert panel.is_valid()
    assert "this computer has 64.0 GB" in panel.estimates.memory_label.text()
    panel.device.setCurrentIndex(panel.device.findData("cuda"))
    assert not panel.is_valid()
    assert "the graphics card has 8.0 GB in all" in panel.problems()[0]
    panel.device.setCurrentIndex(panel.device.findData("auto"))  # auto = CUDA here
    assert "the graphics card has 8.0 GB" in panel.estimates.memory_label.text() and not panel.is_valid()
    panel.batch_size.setValue(2048)
    assert panel.is_valid()
    panel.batch_size.setValue(4096)
    panel.set_devices(["auto", "cpu"])  # only the CPU is left
    assert panel.is_valid()


def test_unknown_device_memory_is_not_checked(panel, monkeypatch):
    from gptstudio.ui.tabs import settings_panel

    monkeypatch.setattr(settings_panel, "device_capacity", lambda device: None)
    panel.batch_size.setValue(4096)
    assert panel.is_valid()
    assert panel.estimates.memory_label.text().endswith("while training")


def test_the_panel_shows_the_engines_estimate_for_the_device(panel, capacities):
    from gptstudio.engine.memory import estimate_training_memory_bytes

    panel.set_devices(["auto", "cuda", "cpu"])
    shown = panel.settings()
    model, train = shown.model, shown.train
    expected = estimate_training_memory_bytes(model, train, "cuda")
    assert panel.estimates.memory_label.text() == (f"about {format_bytes(expected)} while training "
                                         "(the graphics card has 8.0 GB)")
