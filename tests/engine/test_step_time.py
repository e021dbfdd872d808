"""Seconds per step measured on this computer (engine/step_time.py): real measurements; a costly
step timed on part of the batch and kept in the cache, a quick one measured afresh."""

import json

import pytest

from gptstudio.engine import step_time
from gptstudio.engine.config import ModelConfig, TrainConfig

MODEL = ModelConfig(vocab_size=64, block_size=16, n_layer=1, n_head=2, n_embd=16)


@pytest.fixture
def costly(monkeypatch):
    """Every step counts as costly (a GPT-2's on a CPU): this small model stands in for one."""
    monkeypatch.setattr(step_time, "COSTLY_STEP_FLOPS", 0)


def test_a_costly_step_is_timed_once_on_part_of_the_batch_then_read_from_the_cache(
        tmp_path, monkeypatch, costly):
    cache = tmp_path / "step-time.json"
    train = TrainConfig(batch_size=8, precision="fp32", device="cpu")
    rows = []
    real_probe_step = step_time.probe_step

    def record(model, x, *args):
        rows.append(x.shape[0])
        return real_probe_step(model, x, *args)

    monkeypatch.setattr(step_time, "probe_step", record)
    timing = step_time.measure_step_seconds(MODEL, train, cache=cache)
    assert rows == [step_time.PROBE_ROWS]  # not the whole batch of 8
    assert timing.seconds > 0 and (timing.precision, timing.device) == ("fp32", "cpu")
    key = step_time.step_time_key(MODEL, train, "cpu", MODEL.block_size, True)
    assert json.loads(cache.read_text()) == {key: {"seconds": timing.seconds, "precision": "fp32"}}

    def not_again(*args):
        raise AssertionError("measured twice")

    monkeypatch.setattr(step_time, "_measure", not_again)
    assert step_time.measure_step_seconds(MODEL, train, cache=cache) == timing


def test_a_quick_step_is_timed_whole_and_measured_afresh(tmp_path, monkeypatch):
    cache = tmp_path / "step-time.json"
    train = TrainConfig(batch_size=8, precision="fp32", device="cpu")
    rows = []
    real_probe_step = step_time.probe_step

    def record(model, x, *args):
        rows.append(x.shape[0])
        return real_probe_step(model, x, *args)

    monkeypatch.setattr(step_time, "probe_step", record)
    step_time.measure_step_seconds(MODEL, train, cache=cache)
    step_time.measure_step_seconds(MODEL, train, cache=cache)
    assert rows == [8, 8]  # the whole batch, and measured again: a quick step is not kept
    assert not cache.exists()


def test_lora_and_full_are_timed_apart(tmp_path, costly):
    cache = tmp_path / "step-time.json"
    full = TrainConfig(batch_size=2, precision="fp32", device="cpu")
    lora = TrainConfig(batch_size=2, precision="fp32", device="cpu", lora_rank=4)
    step_time.measure_step_seconds(MODEL, full, cache=cache)
    step_time.measure_step_seconds(MODEL, lora, cache=cache)
    assert len(json.loads(cache.read_text())) == 2


def test_lora_times_the_adapters_training_adds(monkeypatch):
    """A LoRA step is timed with the adapters in the model (only they learn)."""
    seen = []
    real_probe_step = step_time.probe_step

    def record(model, x, *args):
        seen.append(sum(p.requires_grad for p in model.parameters()))
        return real_probe_step(model, x, *args)

    monkeypatch.setattr(step_time, "probe_step", record)
    step_time.measure_step_seconds(MODEL, TrainConfig(batch_size=2, precision="fp32",
                                                      device="cpu", lora_rank=4))
    step_time.measure_step_seconds(MODEL, TrainConfig(batch_size=2, precision="fp32",
                                                      device="cpu"))
    lora, full = seen
    assert 0 < lora < full


def test_a_measurement_leaves_the_random_state_as_it_was():
    import torch

    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    step_time.measure_step_seconds(MODEL, TrainConfig(batch_size=2, precision="fp32", device="cpu"))
    assert torch.equal(torch.rand(3), expected)
