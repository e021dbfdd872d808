"""Seconds per training step of given settings on this computer, measured with real steps.

One measurement for every job that needs one: the settings panel's time estimate, Automatic
settings (a few candidate models) and the pretrained-model catalogue (a GPT-2 before it is
downloaded: the weights do not change the time, so random ones of the same shape are timed). It
times what training will run: the model with its dropout and, where only they learn, its LoRA
adapters (engine/lora.py); the optimizer (Muon orthogonalises every step); the batch at the width
training's batches have (one example per line or block: the longest example in a batch); the
threads training will take; and the automatic precision's choice. Where that choice is not yet
known for the shape it is made here as training makes it (both timed, the faster kept in the
automatic precision's cache, engine/precision.py), so training then starts without timing them again.

A step of a GPT-2-sized model takes many seconds on a CPU: there a costly step is timed once, on
PROBE_ROWS sequences, and scaled to the batch (the time grows in proportion; the optimizer's share
does not, so this errs a little high). A small one is timed whole, the fastest of three. A cache
file, where the caller gives one, keeps the costly measurements (minutes of CPU), so the
catalogue's GPT-2 is not timed again when its project opens; a quick one is taken afresh each
time, so a busy moment is not remembered for ever.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from gptstudio.engine import precision as prec
from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.device import resolve_device
from gptstudio.engine.errors import EngineError
from gptstudio.engine.optimizers import make_optimizer
from gptstudio.engine.threads import threads_kept, training_threads

PROBE_ROWS = 2
# Floating-point operations of a training step (6 x parameters x tokens: Kaplan et al. 2020) from
# which a CPU times part of the batch once: about a second's work on a laptop core. Automatic
# settings' largest candidate (10.7M parameters, 1,024 tokens: 6.6e10) stays below it.
COSTLY_STEP_FLOPS = 1e11


@dataclass(frozen=True)
class StepTiming:
    seconds: float  # one training step
    precision: str  # the precision it was timed in (training's own choice)
    device: str  # "cpu", "cuda", "mps"


def measure_step_seconds(model: ModelConfig, train: TrainConfig, *, width: int | None = None,
                         precision_cache: Path | None = None, cache: Path | None = None,
                         window_open: bool = True) -> StepTiming:
    """width: the batch's sequence length (default: the context). The verdict of the automatic
    precision is shared through precision_cache only where the shape is training's own. cache: a
    file of earlier measurements, read first and added to where the step was costly."""
    device = resolve_device(train.device)
    width = width or model.block_size
    key = step_time_key(model, train, device.type, width, window_open)
    known = remembered_step_time(cache, key)
    if known is not None:
        return known
    rng = torch.get_rng_state()
    try:
        timing, costly = _measure(model, train, device, width, precision_cache, window_open)
    finally:
        torch.set_rng_state(rng)  # a measurement must not shift a seeded run's randomness
    if costly:
        remember_step_time(cache, key, timing)
    return timing


def _measure(model: ModelConfig, train: TrainConfig, device: torch.device, width: int,
             precision_cache: Path | None, window_open: bool) -> tuple[StepTiming, bool]:
    """The timing, and whether the step was costly (timed on part of the batch, once)."""
    from gptstudio.engine.lora import add_adapters, lora_settings
    from gptstudio.engine.model import GPT

    torch.manual_seed(0)
    net = GPT(model).to(device).train()
    if (adapters := lora_settings(train)) is not None:
        add_adapters(net, adapters)
    costly = device.type == "cpu" and 6 * net.num_params() * train.batch_size * width > COSTLY_STEP_FLOPS
    rows = min(PROBE_ROWS, train.batch_size) if costly else train.batch_size
    x = torch.randint(0, model.vocab_size, (rows, width), device=device)
    optimizer = make_optimizer(net, train.optimizer, train.weight_decay, 1e-4,
                               (train.beta1, train.beta2), device)
    best: dict[str, float] = {}

    def seconds_per_step(precision: str) -> float:
        step = probe_step(net, x, optimizer, device, precision)
        time_steps(step, n=1, warmup=1)
        # The fastest of three for a quick step: the probe often runs while the app is still busy
        # starting up, and a slow outlier would make every estimate too long.
        seconds = min(time_steps(step, n=1, warmup=0) for _ in range(1 if costly else 3))
        best[precision] = min(seconds, best.get(precision, seconds))
        return seconds

    with threads_kept() as threads:
        torch.set_num_threads(training_threads(
            train.num_threads, net.num_params(), train.batch_size * model.block_size,
            window_open=window_open, current=threads))
        precision = _precision(model, train, device, width, precision_cache, seconds_per_step)
        seconds = best.get(precision) or seconds_per_step(precision)
    return StepTiming(seconds * train.batch_size / rows, precision, device.type), costly


def _precision(model: ModelConfig, train: TrainConfig, device: torch.device, width: int,
               precision_cache: Path | None, seconds_per_step) -> str:
    """The precision training's own choice would take, timing both where it would."""
    # The verdicts are training's own: batches of training's full width only, with training's
    # probe's optimizer. Muon's orthogonalising would add the same time to both precisions and
    # blur their difference, so a verdict timed with it is used but not kept.
    if train.precision == "auto" and precision_cache is not None and width == model.block_size:
        key = prec.precision_key(model, device.type, train.batch_size)
        return prec.automatic_precision(device, key, seconds_per_step, precision_cache,
                                        keep=train.optimizer == "adamw")
    try:
        return prec.choose_precision(train.precision, device, seconds_per_step)
    except EngineError:  # an impossible choice: training will say so; estimate in fp32
        return "fp32"


# ---------------------------------------------------------------------------------------------------
# timing a step


def probe_step(model, x: torch.Tensor, optimizer, device: torch.device, precision: str):
    """A throw-away training step on x (as its own targets), for timing a shape in a precision."""

    def step() -> None:
        with prec.autocast(device, precision):
            _, loss = model(x, x)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    return step


def time_steps(step, n: int = 3, warmup: int = 1) -> float:
    """Median seconds of `step()` over n calls after warm-up calls."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def model_step_seconds(model, config: ModelConfig, device: torch.device, precision: str,
                       batch_size: int) -> float:
    """Seconds per training step of a model being trained, measured on a throw-away copy of it
    with a batch of at most ~2,048 tokens (enough for the matrix kernels to show their speed):
    training's own probe for the automatic precision."""
    import copy

    probe_model = copy.deepcopy(model).train()
    batch = max(1, min(batch_size, 2048 // config.block_size))
    x = torch.randint(0, config.vocab_size, (batch, config.block_size), device=device)
    # AdamW as training builds it (fused where it can be), as measure_step_seconds times it too:
    # the two share their verdicts.
    opt = make_optimizer(probe_model, "adamw", 0.1, 1e-4, (0.9, 0.99), device)
    return time_steps(probe_step(probe_model, x, opt, device, precision), n=3, warmup=1)


# ---------------------------------------------------------------------------------------------------
# the cache of measurements


def step_time_key(model: ModelConfig, train: TrainConfig, device_type: str, width: int,
                  window_open: bool) -> str:
    """Everything the time depends on (the weights' values do not)."""
    c = model
    return (f"{torch.__version__}|{device_type}|{c.n_layer}|{c.n_head}|{c.n_embd}|{c.block_size}"
            f"|{c.vocab_size}|{c.activation}|{c.bias}|dropout {c.dropout}|batch {train.batch_size}"
            f"x{width}|lora {train.lora_rank}|{train.precision}|{train.optimizer}"
            f"|threads {train.num_threads}{'' if window_open else '|headless'}")


def _read(path: Path | None) -> dict:
    try:
        data = json.loads(path.read_text()) if path else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_step_time(path: Path | None, key: str) -> StepTiming | None:
    value = _read(path).get(key)
    try:
        timing = StepTiming(float(value["seconds"]), str(value["precision"]), key.split("|")[1])
    except (TypeError, KeyError, ValueError, IndexError):
        return None  # absent, or written by something else
    return timing if timing.seconds > 0 else None


def remember_step_time(path: Path | None, key: str, timing: StepTiming) -> None:
    if not path:
        return
    from gptstudio.fsio import atomic_write_json

    # Another PyTorch times differently: its measurements are dropped, not kept for ever.
    kept = {k: v for k, v in _read(path).items() if k.startswith(f"{torch.__version__}|")}
    with contextlib.suppress(OSError):  # a cache: a full disk only means measuring again
        atomic_write_json(path, {**kept, key: {"seconds": timing.seconds,
                                               "precision": timing.precision}})
