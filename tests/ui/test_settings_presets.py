"""The settings panel's preset logic on its own, without Qt: which preset values are, and what a
preset or Automatic's choice keeps."""

from __future__ import annotations

from dataclasses import replace

from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.presets import PRESETS, Settings
from gptstudio.ui.tabs import settings_presets as presets

SMALL = PRESETS["small"]
CHOSEN = (DataConfig(mode="lines"), ModelConfig(n_layer=3, n_embd=96, n_head=3),
          TrainConfig(max_iters=777))


def test_values_are_the_preset_they_match_vocabulary_and_device_aside():
    values = (DataConfig(), replace(SMALL.model, vocab_size=300), replace(SMALL.train, device="cpu"))
    assert presets.shown_settings(values, None) == Settings(*values, "small")
    edited = (values[0], values[1], replace(values[2], max_iters=3))
    assert presets.shown_settings(edited, None).preset == "custom"


def test_automatics_choice_is_auto_until_it_is_edited():
    assert presets.shown_settings(CHOSEN, CHOSEN) == Settings(*CHOSEN, "auto")
    edited = (CHOSEN[0], CHOSEN[1], replace(CHOSEN[2], max_iters=778))
    assert presets.shown_settings(edited, CHOSEN).preset == "custom"


def test_a_new_data_mode_keeps_automatics_choice_for_that_mode():
    other_mode = (replace(CHOSEN[0], mode="blocks"), CHOSEN[1], CHOSEN[2])
    assert presets.automatic_but_mode(other_mode, CHOSEN)
    assert not presets.automatic_but_mode(other_mode, None)
    assert not presets.automatic_but_mode((other_mode[0], CHOSEN[1], TrainConfig()), CHOSEN)
    again = presets.automatic_for_mode(CHOSEN, "blocks")
    assert again == other_mode and presets.shown_settings(other_mode, again).preset == "auto"


def test_a_preset_keeps_the_per_computer_choices_and_automatic_a_few_more():
    mine = TrainConfig(device="cpu", seed=9, sample_prompt="Hi", sample_tokens=7, precision="fp32",
                       num_threads=2, max_iters=5)
    by_preset = presets.keeping(SMALL.train, mine, presets.KEPT_BY_PRESET)
    assert by_preset == replace(SMALL.train, device="cpu", seed=9, sample_prompt="Hi")
    by_automatic = presets.keeping(CHOSEN[2], mine, presets.KEPT_BY_AUTOMATIC)
    assert by_automatic == replace(mine, max_iters=777)


def test_automatics_choice_stays_auto_whatever_the_vocabulary():
    """The tokenizer made for training has its own vocabulary size: no edit of the user's."""
    retokenized = (CHOSEN[0], replace(CHOSEN[1], vocab_size=46), CHOSEN[2])
    assert presets.shown_settings(retokenized, CHOSEN) == Settings(*retokenized, "auto")
    other_mode = (replace(CHOSEN[0], mode="blocks"), retokenized[1], CHOSEN[2])
    assert presets.automatic_but_mode(other_mode, CHOSEN)
