"""Seconds per step measured on this computer (engine/step_time.py): a real measurement, cached."""

import json

from gptstudio.engine import step_time
from gptstudio.engine.config import ModelConfig, TrainConfig

MODEL = ModelConfig(vocab_size=64, block_size=16, n_layer=1, n_head=2, n_embd=16)


def test_a_step_is_timed_once_then_read_from_the_cache(tmp_path, monkeypatch):
    cache = tmp_path / "step-time.json"
    train = TrainConfig(batch_size=8, precision="fp32", device="cpu")
    seconds = step_time.measure_step_seconds(MODEL, train, "cpu", cache=cache)
    assert seconds > 0
    key = step_time.step_time_key(MODEL, train, "cpu")
    assert json.loads(cache.read_text()) == {key: seconds}

    def not_again(*args):
        raise AssertionError("measured twice")

    monkeypatch.setattr(step_time, "_time", not_again)
    assert step_time.measure_step_seconds(MODEL, train, "cpu", cache=cache) == seconds


def test_lora_and_full_are_timed_apart(tmp_path):
    cache = tmp_path / "step-time.json"
    full = TrainConfig(batch_size=2, precision="fp32", device="cpu")
    lora = TrainConfig(batch_size=2, precision="fp32", device="cpu", lora_rank=4)
    step_time.measure_step_seconds(MODEL, full, "cpu", cache=cache)
    step_time.measure_step_seconds(MODEL, lora, "cpu", cache=cache)
    assert len(json.loads(cache.read_text())) == 2
