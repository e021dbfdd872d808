"""Automatic settings for a project's text, with step times measured on this computer.

engine/auto_settings.py holds the rules (pure, no torch); this measures what they ask for
(engine/step_time.py, a few real training steps per candidate model) and keeps the automatic
precision's verdicts in the user's data folder, shared with training. Step times are remembered
for the process's life, per shape, batch, width and device: choosing again for a text edited a
little measures nothing, and timing noise does not change the choice.
"""

from __future__ import annotations

from dataclasses import replace

from gptstudio.engine.auto_settings import AutoChoice, choose_settings, profile_corpus
from gptstudio.engine.config import ROW_MODES, ModelConfig, TrainConfig
from gptstudio.projects.paths import precision_cache_file

_step_seconds: dict[tuple, float] = {}


def automatic_settings(text: str, mode: str, minutes: float, device: str = "auto",
                       seed: int = 1337, window_open: bool = False) -> AutoChoice:
    """window_open: the app chooses (small models then train with a core left to the window, as
    training there will: engine.threads.training_threads)."""
    from gptstudio.engine.device import resolve_device
    from gptstudio.engine.step_time import measure_step_seconds

    profile = profile_corpus(text, mode)
    cache = precision_cache_file()

    def step_seconds(model: ModelConfig, train: TrainConfig) -> float:
        # Batches of examples are as wide as their longest example: nineteen in twenty fit.
        width = min(model.block_size, profile.example_tokens) if mode in ROW_MODES else None
        train = replace(train, device=device)
        key = (model, train.batch_size, train.optimizer, train.precision, train.num_threads,
               device, width, window_open)
        if key not in _step_seconds:
            _step_seconds[key] = measure_step_seconds(model, train, width=width,
                                                      precision_cache=cache,
                                                      window_open=window_open).seconds
        return _step_seconds[key]

    return choose_settings(profile, minutes * 60, step_seconds, resolve_device(device).type, seed)
