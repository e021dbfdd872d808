"""The settings panel's time estimate is measured the way training will run: in the precision the
automatic choice will pick, with training's threads, dropout and optimizer (engine/step_time.py,
through ui/workers.ProbeWorker)."""

import pytest
import torch

from gptstudio.engine import precision, step_time
from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.ui.workers import ProbeJob, ProbeWorker

MODEL = ModelConfig(vocab_size=11, block_size=8, n_layer=1, n_head=1, n_embd=8)


def job(model, batch, device, precision, *, num_threads=0, optimizer="adamw", precision_cache=None):
    return ProbeJob(model, TrainConfig(batch_size=batch, device=device, precision=precision,
                                       num_threads=num_threads, optimizer=optimizer),
                    precision_cache=precision_cache)


@pytest.fixture
def timed_precisions(monkeypatch):
    """Each precision the probe times, and a step time per precision (bf16 twice as fast)."""
    seen = []
    real_autocast = precision.autocast

    def autocast(device, chosen):
        seen.append(chosen)
        return real_autocast(device, "fp32")

    def time_steps(step, n=3, warmup=1):
        step()
        return {"fp32": 0.2, "bf16": 0.1}[seen[-1]]

    monkeypatch.setattr(precision, "autocast", autocast)
    monkeypatch.setattr(step_time, "time_steps", time_steps)
    return seen


def test_automatic_precision_times_what_training_will_pick(monkeypatch, timed_precisions):
    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    result = ProbeWorker(job(MODEL, 2, "cpu", "auto")).work()
    assert {"fp32", "bf16"} <= set(timed_precisions)
    assert result["seconds"] == 0.1  # bf16 was clearly faster: training will use it


def test_without_native_bf16_it_times_fp32_only(monkeypatch, timed_precisions):
    monkeypatch.setattr(precision, "bf16_supported", lambda device: False)
    result = ProbeWorker(job(MODEL, 2, "cpu", "auto")).work()
    assert set(timed_precisions) == {"fp32"} and result["seconds"] == 0.2


def test_a_chosen_precision_is_timed_as_chosen(timed_precisions):
    threads = torch.get_num_threads()
    assert ProbeWorker(job(MODEL, 2, "cpu", "bf16", num_threads=1)).work()["seconds"] == 0.1
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
    ProbeWorker(job(MODEL, 2, "cpu", "fp32", optimizer="adamw")).work()
    assert stepped == []
    result = ProbeWorker(job(MODEL, 2, "cpu", "fp32", optimizer="muon")).work()
    assert stepped and result["seconds"] > 0


def test_a_remembered_verdict_is_the_one_timed(monkeypatch, timed_precisions, tmp_path):
    """Training's automatic choice for this shape is in the cache: the estimate times that one
    precision only, even where the other would have been measured faster now."""
    from gptstudio.engine.precision import precision_key, remember_precision

    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    cache = tmp_path / "precision.json"
    remember_precision(cache, precision_key(MODEL, "cpu", 2), "fp32")
    result = ProbeWorker(job(MODEL, 2, "cpu", "auto", precision_cache=cache)).work()
    assert set(timed_precisions) == {"fp32"} and result["seconds"] == 0.2


def test_the_estimates_verdict_is_kept_for_training(monkeypatch, timed_precisions, tmp_path,
                                                     tiny_corpus):
    """Both precisions timed for the estimate: training of the same shape starts without timing
    them again, in the precision the estimate was timed in."""
    from gptstudio.engine import trainer as trainer_module
    from gptstudio.engine.config import DataConfig, TrainConfig
    from gptstudio.engine.events import StartedEvent
    from gptstudio.engine.precision import precision_key, remembered_precision
    from gptstudio.engine.tokenizers import train_tokenizer

    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    monkeypatch.setattr(precision, "_in_process", {})
    tokenizer = train_tokenizer("char", tiny_corpus)
    model = ModelConfig(vocab_size=tokenizer.vocab_size, block_size=8, n_layer=1, n_head=1,
                        n_embd=8, dropout=0.0)
    cache = tmp_path / "precision.json"
    ProbeWorker(job(model, 2, "cpu", "auto", precision_cache=cache)).work()
    assert remembered_precision(cache, precision_key(model, "cpu", 2)) == "bf16"

    probed = []
    monkeypatch.setattr(step_time, "model_step_seconds",
                        lambda *args: probed.append(args) or 1.0)
    started = []
    train = TrainConfig(batch_size=2, max_iters=1, eval_interval=1, eval_iters=1, device="cpu",
                        precision="auto", sample_tokens=0)
    trainer_module.Trainer(corpus=tiny_corpus, tokenizer=tokenizer, data=DataConfig(), model=model,
                           train=train, checkpoint_dir=None, precision_cache=cache).run(
        lambda e: started.append(e) if isinstance(e, StartedEvent) else None)
    assert probed == [] and started[0].precision == "bf16"


def test_an_explicit_precision_leaves_the_cache_alone(timed_precisions, tmp_path):
    cache = tmp_path / "precision.json"
    ProbeWorker(job(MODEL, 2, "cpu", "bf16", precision_cache=cache)).work()
    assert not cache.exists()


def test_a_muon_timed_verdict_is_not_kept(monkeypatch, timed_precisions, tmp_path):
    """Muon's orthogonalising adds the same time to both precisions and blurs their difference:
    training times with AdamW, and only a verdict timed so is kept for it."""
    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    cache = tmp_path / "precision.json"
    ProbeWorker(job(MODEL, 2, "cpu", "auto", optimizer="muon", precision_cache=cache)).work()
    assert not cache.exists()


def test_a_verdict_training_wrote_meanwhile_is_kept(monkeypatch, timed_precisions, tmp_path):
    from gptstudio.engine.precision import (
        precision_key,
        remember_precision,
        remembered_precision,
    )

    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    cache = tmp_path / "precision.json"
    key = precision_key(MODEL, "cpu", 2)
    choose = precision.choose_precision

    def training_decides_meanwhile(requested, device, probe=None):
        choice = choose(requested, device, probe)  # bf16: timed twice as fast
        remember_precision(cache, key, "fp32")
        return choice

    monkeypatch.setattr(precision, "choose_precision", training_decides_meanwhile)
    ProbeWorker(job(MODEL, 2, "cpu", "auto", precision_cache=cache)).work()
    assert remembered_precision(cache, key) == "fp32"


def test_the_window_shares_the_verdict_only_where_the_shapes_are_trainings(
        qtbot, make_window, corpus_file, monkeypatch):
    """Before a tokenizer exists the probe guesses the vocabulary: then its verdict is not
    training's, and is neither read nor kept. Dropout is timed as training runs it."""
    from gptstudio.cli import main
    from gptstudio.projects.paths import precision_cache_file
    from gptstudio.ui import workers

    jobs = []
    real = workers.ProbeWorker.__init__

    def record(self, probe_job):
        jobs.append(probe_job)
        real(self, probe_job)

    monkeypatch.setattr(workers.ProbeWorker, "__init__", record)
    assert main(["new", "Hamlet", "--corpus", str(corpus_file), "--preset", "tiny"]) == 0
    window = make_window()
    assert window.project_actions.open_project("Hamlet")
    qtbot.waitUntil(lambda: window.torch_ready, timeout=60_000)
    panel = window.settings_panel

    def probe_job():
        qtbot.waitUntil(lambda: window.runs.probe_thread is None or not window.runs.probe_thread.is_running(),
                        timeout=60_000)
        jobs.clear()
        window.runs.step_times.clear()
        window.runs._start_probe()
        qtbot.waitUntil(lambda: bool(jobs), timeout=60_000)
        return jobs[-1]

    panel.dropout.setValue(0.2)
    assert window.session.tokenizer is not None  # `gptstudio new` made it
    shared = probe_job()
    assert shared.precision_cache == precision_cache_file() and shared.model.dropout == 0.2
    window.session.tokenizer = None  # as before a project's first tokenizer
    assert probe_job().precision_cache is None
