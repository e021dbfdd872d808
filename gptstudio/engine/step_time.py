"""Seconds per training step of a model shape on this computer, measured, and kept in a file.

The catalogue shows it for each pretrained model and fine-tuning plans its steps with it, before
anything is downloaded: the weights do not change the time, so a model of the same shape with
random weights is timed (with LoRA adapters when the fine-tune uses them). A step of GPT-2-124M
at batch 8 takes many seconds on a laptop CPU, so two sequences are timed and the time scaled to
the batch (it grows in proportion; the optimizer's share does not, so this errs a little high).
Both fp32 and bf16 are timed where the automatic precision would, and its verdict is kept for
training (precision_cache.py), which then starts without timing them again.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import replace
from pathlib import Path

import torch

from gptstudio.engine import device as dev
from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.precision_cache import precision_key, remember_precision

PROBE_BATCH = 2


def step_time_key(model: ModelConfig, train: TrainConfig, device_type: str) -> str:
    c = model
    return (f"{torch.__version__}|{device_type}|{c.n_layer}|{c.n_head}|{c.n_embd}|{c.block_size}"
            f"|{c.vocab_size}|{c.activation}|{train.batch_size}|lora {train.lora_rank}"
            f"|{train.precision}")


def _read(path: Path | None) -> dict:
    try:
        data = json.loads(path.read_text()) if path else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_step_seconds(path: Path | None, key: str) -> float | None:
    value = _read(path).get(key)
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


def remember_step_seconds(path: Path | None, key: str, seconds: float) -> None:
    if not path:
        return
    from gptstudio.fsio import atomic_write_json

    kept = {k: v for k, v in _read(path).items() if k.startswith(f"{torch.__version__}|")}
    with contextlib.suppress(OSError):  # a cache: a full disk only means measuring again
        atomic_write_json(path, {**kept, key: seconds})


def measure_step_seconds(model: ModelConfig, train: TrainConfig, device: str = "auto", *,
                         cache: Path | None = None, precision_cache: Path | None = None) -> float:
    """Seconds one training step takes at this shape, batch size and method (full or LoRA), from
    the cache when measured before."""
    target = dev.resolve_device(device if device != "auto" else train.device)
    key = step_time_key(model, train, target.type)
    known = remembered_step_seconds(cache, key)
    if known is not None:
        return known
    rng = torch.get_rng_state()
    try:
        seconds, precision = _time(model, train, target)
    finally:
        torch.set_rng_state(rng)  # a measurement must not shift a seeded run's randomness
    remember_step_seconds(cache, key, seconds)
    if train.precision == "auto" and target.type == "cpu" and model.dropout == 0:
        remember_precision(precision_cache, precision_key(model, target.type, train.batch_size),
                           precision)
    return seconds


def _time(model_config: ModelConfig, train: TrainConfig, device: torch.device) -> tuple[float, str]:
    from gptstudio.engine.lora import add_adapters, lora_settings
    from gptstudio.engine.model import GPT

    torch.manual_seed(0)
    model = GPT(replace(model_config, dropout=0.0)).to(device).train()
    adapters = lora_settings(train)
    if adapters is not None:
        add_adapters(model, adapters)
    batch = min(PROBE_BATCH, train.batch_size)
    x = torch.randint(0, model_config.vocab_size, (batch, model_config.block_size), device=device)
    optimizer = dev.make_optimizer(model, "adamw", 0.0, 1e-4, (0.9, 0.99), device)
    timed: dict[str, float] = {}

    def probe(precision: str) -> float:
        seconds = dev.time_steps(dev.probe_step(model, x, optimizer, device, precision), n=1,
                                 warmup=1)
        timed[precision] = min(seconds, timed.get(precision, seconds))  # the best of the rounds
        return seconds

    with dev.threads_kept() as threads:
        torch.set_num_threads(dev.training_threads(train.num_threads, model.num_params(),
                                                   batch * model_config.block_size, False, threads))
        precision = dev.choose_precision(train.precision, device, probe)
        seconds = timed.get(precision) or probe(precision)
    return seconds * train.batch_size / batch, precision
