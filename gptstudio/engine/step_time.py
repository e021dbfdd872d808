"""Seconds per training step of given settings on this computer, measured with a few real steps.

The settings panel's time estimate and Automatic settings both ask it; it times what training will
run: the model with its dropout, the optimizer (Muon orthogonalises every step), the batch at the
width training's batches have (one example per line or block: the longest example in a batch), the
threads training will take with the window open, and the automatic precision's choice. Where that
choice is not yet known for the shape it is made here as training makes it (both timed, the faster
kept in the shared verdict file, engine/precision_cache.py), so training then starts without
timing them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from gptstudio.engine import device as dev
from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.errors import EngineError
from gptstudio.engine.model import GPT
from gptstudio.engine.precision_cache import precision_key, remember_precision, remembered_precision


@dataclass(frozen=True)
class StepTiming:
    seconds: float  # one training step
    precision: str  # the precision it was timed in (training's own choice)
    device: str  # "cpu", "cuda", "mps"


def measure_step_seconds(model: ModelConfig, train: TrainConfig, *, width: int | None = None,
                         precision_cache: Path | None = None, window_open: bool = True) -> StepTiming:
    """width: the batch's sequence length (default: the context). The verdict of the automatic
    precision is shared through precision_cache only where the shape is training's own."""
    device = dev.resolve_device(train.device)
    torch.manual_seed(0)
    net = GPT(model).to(device).train()
    x = torch.randint(0, model.vocab_size, (train.batch_size, width or model.block_size), device=device)
    optimizer = dev.make_optimizer(net, train.optimizer, train.weight_decay, 1e-4,
                                   (train.beta1, train.beta2), device)
    best: dict[str, float] = {}

    def seconds_per_step(precision: str) -> float:
        step = dev.probe_step(net, x, optimizer, device, precision)
        dev.time_steps(step, n=1, warmup=1)
        # The fastest of three: the probe often runs while the app is still busy starting up,
        # and a slow outlier would make every estimate too long.
        seconds = min(dev.time_steps(step, n=1, warmup=0) for _ in range(3))
        best[precision] = min(seconds, best.get(precision, seconds))
        return seconds

    with dev.threads_kept() as threads:
        torch.set_num_threads(dev.training_threads(
            train.num_threads, net.num_params(), train.batch_size * model.block_size,
            window_open=window_open, current=threads))
        # The verdict file holds training's own verdicts: batches of training's full width only.
        shared = (train.precision == "auto" and device.type == "cpu"
                  and width in (None, model.block_size))
        key = precision_key(model, device.type, train.batch_size)
        precision = remembered_precision(precision_cache, key) if shared else None
        if precision is None:
            try:  # the precision training's own choice would take, timing both where it would
                precision = dev.choose_precision(train.precision, device, seconds_per_step)
            except EngineError:  # an impossible choice: training will say so; estimate in fp32
                precision = "fp32"
            # Both timed, with training's own probe's optimizer: training need not time them
            # again. Muon's orthogonalising would add the same time to both and blur the
            # difference; and a verdict training wrote meanwhile is kept.
            if (shared and len(best) == 2 and train.optimizer == "adamw"
                    and remembered_precision(precision_cache, key) is None):
                remember_precision(precision_cache, key, precision)
        seconds = best.get(precision) or seconds_per_step(precision)
    return StepTiming(seconds, precision, device.type)
