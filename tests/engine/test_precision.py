"""Automatic precision: bf16 on a CPU only where it is native and measured faster for the shape,
fp32 everywhere else, and the verdict is cached so the probe runs once per device and shape."""

from __future__ import annotations

import json

import pytest
import torch

from gptstudio.engine import device as dev
from gptstudio.engine import precision, step_time
from gptstudio.engine.config import DataConfig, ModelConfig, TrainConfig
from gptstudio.engine.events import StartedEvent
from gptstudio.engine.tokenizers import train_tokenizer
from gptstudio.engine.trainer import Trainer

CPU = torch.device("cpu")


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    monkeypatch.setattr(precision, "_in_process", {})


def _probe(seconds: dict, calls: list):
    def probe(precision):
        calls.append(precision)
        return seconds[precision]
    return probe


def test_auto_is_fp32_without_native_bf16_and_never_probes(monkeypatch):
    monkeypatch.setattr(precision, "bf16_supported", lambda device: False)
    calls = []
    assert precision.choose_precision("auto", CPU, _probe({"fp32": 1.0, "bf16": 0.1}, calls)) == "fp32"
    assert calls == []


@pytest.mark.parametrize(("bf16_seconds", "expected"), [(0.5, "bf16"), (0.9, "fp32"), (2.0, "fp32")])
def test_auto_picks_bf16_only_when_measured_clearly_faster(monkeypatch, bf16_seconds, expected):
    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    calls = []
    assert precision.choose_precision("auto", CPU, _probe({"fp32": 1.0, "bf16": bf16_seconds}, calls)) == expected
    assert calls == ["fp32", "bf16"] * precision.PROBE_ROUNDS  # interleaved rounds


def test_one_slow_moment_does_not_decide_the_precision(monkeypatch):
    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    times = iter([3.0, 0.9, 1.0, 0.95])  # fp32's first round was disturbed; its best is 1.0
    assert precision.choose_precision("auto", CPU, lambda precision: next(times)) == "fp32"


def test_an_explicit_choice_is_kept():
    assert precision.choose_precision("fp32", CPU) == "fp32"
    assert precision.choose_precision("bf16", CPU) == "bf16"


def _run(tiny_corpus, cache_file, precision="auto"):
    model = ModelConfig(block_size=16, n_layer=1, n_head=2, n_embd=16, dropout=0.0)
    train = TrainConfig(batch_size=2, max_iters=1, eval_interval=1, eval_iters=1, device="cpu",
                        precision=precision, sample_tokens=0)
    started = []
    Trainer(corpus=tiny_corpus, tokenizer=train_tokenizer("char", tiny_corpus), data=DataConfig(),
            model=model, train=train, checkpoint_dir=None, precision_cache=cache_file).run(
        lambda e: started.append(e) if isinstance(e, StartedEvent) else None)
    return started[0].precision


def test_a_training_run_without_native_bf16_trains_in_fp32(monkeypatch, tiny_corpus, tmp_path):
    monkeypatch.setattr(precision, "bf16_supported", lambda device: False)
    assert _run(tiny_corpus, tmp_path / "precision.json") == "fp32"


def test_the_measured_choice_is_cached_per_shape_and_reused(monkeypatch, tiny_corpus, tmp_path):
    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    calls = []
    monkeypatch.setattr(step_time, "model_step_seconds",
                        lambda model, config, device, chosen, batch: calls.append(chosen)
                        or {"fp32": 1.0, "bf16": 0.4}[chosen])
    cache_file = tmp_path / "precision.json"
    assert _run(tiny_corpus, cache_file) == "bf16"
    assert sorted(set(calls)) == ["bf16", "fp32"]
    assert list(json.loads(cache_file.read_text()).values()) == ["bf16"]

    monkeypatch.setattr(precision, "_in_process", {})  # as in a new process: only the file remains
    calls.clear()
    assert _run(tiny_corpus, cache_file) == "bf16"
    assert calls == []


def test_cpu_training_asks_glibc_to_reuse_freed_memory(monkeypatch, tiny_corpus, tmp_path):
    calls = []
    monkeypatch.setattr(dev, "reuse_freed_memory", lambda: calls.append(1) or True)
    _run(tiny_corpus, None, precision="fp32")
    assert calls == [1]


def test_reuse_freed_memory_is_set_once_and_can_be_turned_off(monkeypatch):
    import platform
    import sys

    monkeypatch.setattr(dev, "_allocator_tuned", None)
    monkeypatch.setenv("GPTSTUDIO_MALLOC_DEFAULTS", "1")
    assert dev.reuse_freed_memory() is False
    monkeypatch.setattr(dev, "_allocator_tuned", None)
    monkeypatch.delenv("GPTSTUDIO_MALLOC_DEFAULTS")
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert dev.reuse_freed_memory() is glibc
    assert dev.reuse_freed_memory() is dev._allocator_tuned  # the first answer is kept


def test_a_damaged_verdict_file_is_timed_again_and_written_anew(tmp_path):
    from gptstudio.engine.precision import (
        precision_key,
        remember_precision,
        remembered_precision,
    )

    cache = tmp_path / "cache" / "precision.json"
    key = precision_key(ModelConfig(), "cpu", 16)
    assert remembered_precision(cache, key) is None  # no file yet
    cache.parent.mkdir()
    cache.write_text("{not json")
    assert remembered_precision(cache, key) is None
    remember_precision(cache, key, "bf16")
    assert remembered_precision(cache, key) == "bf16"
    assert remembered_precision(cache, precision_key(ModelConfig(), "cpu", 32)) is None  # per batch
    cache.write_text(json.dumps({key: "fp64"}))
    assert remembered_precision(cache, key) is None  # only the two it can choose count


def test_verdicts_of_other_torch_versions_are_dropped_and_odd_files_read_as_empty(tmp_path):
    from gptstudio.engine.precision import (
        precision_key,
        remember_precision,
        remembered_precision,
    )

    cache = tmp_path / "precision.json"
    cache.write_text(json.dumps([1, 2]))  # valid JSON, not a table
    key = precision_key(ModelConfig(), "cpu", 16)
    assert remembered_precision(cache, key) is None
    cache.write_text(json.dumps({"1.0.0|cpu|old": "bf16"}))
    remember_precision(cache, key, "fp32")
    assert json.loads(cache.read_text()) == {key: "fp32"}


def test_automatic_precision_remembers_in_the_process_without_a_file(monkeypatch):
    """One cache, one key: without a verdict file the verdict is kept for this process's life."""
    from gptstudio.engine.precision import automatic_precision

    monkeypatch.setattr(precision, "bf16_supported", lambda device: True)
    calls = []
    probe = _probe({"fp32": 1.0, "bf16": 0.4}, calls)
    assert automatic_precision(CPU, "shape", probe, None) == "bf16"
    assert automatic_precision(CPU, "shape", probe, None) == "bf16"
    assert calls == ["fp32", "bf16"] * precision.PROBE_ROUNDS  # timed once
    assert automatic_precision(CPU, "other shape", probe, None, keep=False) == "bf16"
    assert "other shape" not in precision._in_process


def test_automatic_precision_times_nothing_where_there_is_nothing_to_choose(monkeypatch, tmp_path):
    from gptstudio.engine.precision import automatic_precision

    monkeypatch.setattr(precision, "bf16_supported", lambda device: False)
    cache = tmp_path / "precision.json"
    calls = []
    assert automatic_precision(CPU, "shape", _probe({"fp32": 1.0, "bf16": 0.1}, calls), cache) == "fp32"
    assert calls == [] and not cache.exists()
