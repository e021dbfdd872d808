"""The settings panel's time estimate is measured the way training will run: in the precision the
automatic choice will pick, and with training's threads (ui/workers.ProbeWorker)."""

import pytest
import torch

from gptstudio.engine import device as dev
from gptstudio.engine.config import ModelConfig
from gptstudio.ui.workers import ProbeJob, ProbeWorker

MODEL = ModelConfig(vocab_size=11, block_size=8, n_layer=1, n_head=1, n_embd=8)


@pytest.fixture
def timed_precisions(monkeypatch):
    """Each precision the probe times, and a step time per precision (bf16 twice as fast)."""
    seen = []
    real_autocast = dev.autocast

    def autocast(device, precision):
        seen.append(precision)
        return real_autocast(device, "fp32")

    def time_steps(step, n=3, warmup=1):
        step()
        return {"fp32": 0.2, "bf16": 0.1}[seen[-1]]

    monkeypatch.setattr(dev, "autocast", autocast)
    monkeypatch.setattr(dev, "time_steps", time_steps)
    return seen


def test_automatic_precision_times_what_training_will_pick(monkeypatch, timed_precisions):
    monkeypatch.setattr(dev, "bf16_supported", lambda device: True)
    result = ProbeWorker(ProbeJob(MODEL, 2, "cpu", "auto")).work()
    assert {"fp32", "bf16"} <= set(timed_precisions)
    assert result["seconds"] == 0.1  # bf16 was clearly faster: training will use it


def test_without_native_bf16_it_times_fp32_only(monkeypatch, timed_precisions):
    monkeypatch.setattr(dev, "bf16_supported", lambda device: False)
    result = ProbeWorker(ProbeJob(MODEL, 2, "cpu", "auto")).work()
    assert set(timed_precisions) == {"fp32"} and result["seconds"] == 0.2


def test_a_chosen_precision_is_timed_as_chosen(timed_precisions):
    threads = torch.get_num_threads()
    assert ProbeWorker(ProbeJob(MODEL, 2, "cpu", "bf16", num_threads=1)).work()["seconds"] == 0.1
    assert set(timed_precisions) == {"bf16"}
    assert torch.get_num_threads() == threads  # put back: later threads inherit it


def test_muon_is_timed_with_its_own_step(monkeypatch):
    """Muon's orthogonalising costs time each step: the estimate must include it."""
    from gptstudio.engine.muon import MuonAdamW

    stepped = []
    real_step = MuonAdamW.step

    def step(self, closure=None):
        stepped.append(self.ns_dtype)
        return real_step(self, closure)

    monkeypatch.setattr(MuonAdamW, "step", step)
    ProbeWorker(ProbeJob(MODEL, 2, "cpu", "fp32", optimizer="adamw")).work()
    assert stepped == []
    result = ProbeWorker(ProbeJob(MODEL, 2, "cpu", "fp32", optimizer="muon")).work()
    assert stepped and result["seconds"] > 0
