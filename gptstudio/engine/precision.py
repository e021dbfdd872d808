"""The number precision a run computes in, and the automatic precision's policy.

One policy for every job that needs the verdict: training (engine/trainer.py) and the step-time
measurement behind the settings panel's estimate and Automatic settings (engine/step_time.py).
'auto' is bf16 on CUDA where supported (else fp16), fp32 on Apple's MPS (autocast there still misses
operations) and, on a CPU, bf16 only where it is native *and* timed clearly faster for the model's
shape: small matrices lose more to conversions than they win, large ones gain.

A CPU verdict costs a few timed steps, so it is remembered in one cache under one key
(precision_key): the user's verdict file where the caller gives one, shared by training and the
estimate so the estimate is timed in the precision training will use; this process's memory where
there is no file.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

import torch

from gptstudio.engine.attention import KERNEL_VERSION
from gptstudio.engine.config import ModelConfig
from gptstudio.engine.errors import EngineError
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

# Interleaved rounds of both precisions, best of each: a busy moment on a shared computer must not
# decide it (a single round can pick bf16 for a shape it then runs slower).
PROBE_ROUNDS = 2
# bf16 must be at least this much faster: within it, noise could have decided.
CLEARLY_FASTER = 0.85


def bf16_supported(device: torch.device) -> bool:
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    if device.type == "cpu":
        # oneDNN runs bf16 fast only where the CPU has native bf16 (AVX-512-BF16 or AMX);
        # elsewhere it emulates it and is slower than fp32.
        checker = getattr(torch.backends.mkldnn, "is_available", None)
        native = getattr(torch.ops.mkldnn, "_is_mkldnn_bf16_supported", None)
        try:
            return bool(checker and checker() and native and native())
        except RuntimeError:
            return False
    return False


def autocast(device: torch.device, precision: str):
    """The context to run forward passes in: fp32 master weights, matmuls in bf16/fp16."""
    if precision == "fp32":
        return contextlib.nullcontext()
    dtype = torch.bfloat16 if precision == "bf16" else torch.float16
    return torch.autocast(device_type=device.type, dtype=dtype)


def choose_precision(requested: str, device: torch.device,
                     probe: Callable[[str], float] | None = None) -> str:
    """Resolve 'auto' to a concrete precision; refuse a choice the device cannot run.
    `probe(precision) -> seconds per step` times the shape on a CPU with native bf16; without
    one, such a CPU gets fp32. Remembers nothing: automatic_precision() does."""
    if requested != "auto":
        if requested == "bf16" and not bf16_supported(device) and device.type != "cpu":
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "bf16 is not supported on {device}; choose auto or fp32."),
                device=device.type))
        return requested
    if device.type == "cuda":
        return "bf16" if bf16_supported(device) else "fp16"
    if device.type == "cpu" and bf16_supported(device) and probe is not None:
        fp32, bf16 = float("inf"), float("inf")
        for _ in range(PROBE_ROUNDS):
            fp32, bf16 = min(fp32, probe("fp32")), min(bf16, probe("bf16"))
        return "bf16" if bf16 < CLEARLY_FASTER * fp32 else "fp32"
    return "fp32"


def automatic_precision(device: torch.device, key: str, probe: Callable[[str], float],
                        cache: Path | None, *, keep: bool = True) -> str:
    """'auto' for the shape `key` (precision_key) on this device: the remembered verdict, else
    timed now with `probe` and remembered, unless keep is False (a probe that does not time what
    training runs) or a verdict was remembered meanwhile (another job's, which is kept)."""
    if device.type != "cpu" or not bf16_supported(device):
        return choose_precision("auto", device)  # nothing to time: nothing to remember
    known = remembered_precision(cache, key)
    if known is not None:
        return known
    choice = choose_precision("auto", device, probe)
    if keep and remembered_precision(cache, key) is None:
        remember_precision(cache, key, choice)
    return choice


# ---------------------------------------------------------------------------------------------------
# The verdicts' cache


def precision_key(config: ModelConfig, device_type: str, batch_size: int) -> str:
    """The verdict's key. The torch version is in it: a new torch has new kernels, so it is timed
    again. So are the attention kernel (attention.KERNEL_VERSION), whether dropout runs, and the
    bf16 residual stream (model.residual_dtype), each of which changed which precision wins."""
    c = config
    return (f"{torch.__version__}|{device_type}|{c.n_layer}|{c.n_head}|{c.n_embd}|{c.block_size}"
            f"|{c.vocab_size}|{c.activation}|{batch_size}|attention {KERNEL_VERSION}"
            f"|dropout {c.dropout > 0}|residual bf16")


# The verdicts of jobs given no file, for this process's life.
_in_process: dict[str, str] = {}


def _read(path: Path) -> dict:
    try:
        verdicts = json.loads(path.read_text())
    except (OSError, ValueError):  # missing or damaged: timed again, then written anew
        return {}
    return verdicts if isinstance(verdicts, dict) else {}


def remembered_precision(path: Path | None, key: str) -> str | None:
    """The verdict for `key` in the file at `path` (this process's memory without one)."""
    choice = _read(path).get(key) if path else _in_process.get(key)
    return choice if choice in ("fp32", "bf16") else None


def remember_precision(path: Path | None, key: str, choice: str) -> None:
    if not path:
        _in_process[key] = choice
        return
    from gptstudio.fsio import atomic_write_json

    # Verdicts of other torch versions are never read again (the version leads the key): dropped.
    kept = {k: v for k, v in _read(path).items() if k.startswith(f"{torch.__version__}|")}
    with contextlib.suppress(OSError):  # a cache: a full disk only means timing it again
        atomic_write_json(path, {**kept, key: choice})
