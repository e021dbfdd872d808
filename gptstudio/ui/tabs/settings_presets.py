"""The settings panel's preset logic, without Qt: which preset the shown values are, and what
choosing a preset or taking Automatic's choice leaves as it was.

`Values` are the three configs the panel's controls show. Automatic's choice is remembered as the
values it showed (`automatic`): while the controls still show exactly those, the settings are
Automatic's ("auto"); any edit makes them the user's own. The vocabulary's size is the text's, not
a setting: the tokenizer made for training (or for an edited text) changes it, and that is no edit.
"""

from __future__ import annotations

from dataclasses import replace

from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.presets import Settings, matching_preset

Values = tuple[DataConfig, ModelConfig, TrainConfig]

# The per-computer choices a preset says nothing about: choosing a preset keeps them.
KEPT_BY_PRESET = ("device", "seed", "sample_prompt")
# Automatic chooses for the text and the time only: these stay as the user set them.
KEPT_BY_AUTOMATIC = ("device", "seed", "sample_prompt", "sample_tokens", "precision", "num_threads")


def keeping(chosen: TrainConfig, current: TrainConfig, names: tuple[str, ...]) -> TrainConfig:
    """`chosen`, with the settings `names` as they are in `current`."""
    return replace(chosen, **{name: getattr(current, name) for name in names})


def same_choice(values: Values, automatic: Values) -> bool:
    """The values are Automatic's choice, whatever the vocabulary's size (as matching_preset)."""
    data, model, train = values
    return (data, replace(model, vocab_size=automatic[1].vocab_size), train) == automatic


def shown_settings(values: Values, automatic: Values | None) -> Settings:
    """The values with the preset they match: "auto" while they are Automatic's choice."""
    data, model, train = values
    if automatic is not None and same_choice(values, automatic):
        return Settings(data, model, train, "auto")
    return Settings(data, model, train, matching_preset(model, train))


def automatic_but_mode(values: Values, automatic: Values | None) -> bool:
    """The values are Automatic's choice, but for the data mode."""
    if automatic is None:
        return False
    data, model, train = values
    return same_choice((replace(data, mode=automatic[0].mode), model, train), automatic)


def automatic_for_mode(automatic: Values, mode: str) -> Values:
    """Automatic's choice as the user changed its data mode: the mode is what the text is, not a
    setting of Automatic's, so the settings stay Automatic's (and it chooses again for the mode)."""
    data, model, train = automatic
    return replace(data, mode=mode), model, train
