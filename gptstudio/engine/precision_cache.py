"""The automatic precision's verdicts, kept in a file of the user's data folder: a model shape is
timed in fp32 and bf16 once per device and torch version, and training and the settings panel's
time estimate read the same verdict, so the estimate is timed in the precision training will use.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import torch

from gptstudio.engine.attention import KERNEL_VERSION
from gptstudio.engine.config import ModelConfig


def precision_key(config: ModelConfig, device_type: str, batch_size: int) -> str:
    """The verdict's key. The torch version is in it: a new torch has new kernels, so it is timed
    again. So is the attention kernel (attention.KERNEL_VERSION) and whether dropout decides it,
    and the bf16 residual stream (model.residual_dtype, 2026-11-30), which made bf16 faster."""
    c = config
    return (f"{torch.__version__}|{device_type}|{c.n_layer}|{c.n_head}|{c.n_embd}|{c.block_size}"
            f"|{c.vocab_size}|{c.activation}|{batch_size}|attention {KERNEL_VERSION}"
            f"|dropout {c.dropout > 0}|residual bf16")


def _read(path: Path | None) -> dict:
    try:
        verdicts = json.loads(path.read_text()) if path else {}
    except (OSError, ValueError):  # missing or damaged: timed again, then written anew
        return {}
    return verdicts if isinstance(verdicts, dict) else {}


def remembered_precision(path: Path | None, key: str) -> str | None:
    choice = _read(path).get(key)
    return choice if choice in ("fp32", "bf16") else None


def remember_precision(path: Path | None, key: str, choice: str) -> None:
    if not path:
        return
    from gptstudio.fsio import atomic_write_json

    # Verdicts of other torch versions are never read again (the version leads the key): dropped.
    kept = {k: v for k, v in _read(path).items() if k.startswith(f"{torch.__version__}|")}
    with contextlib.suppress(OSError):  # a cache: a full disk only means timing it again
        atomic_write_json(path, {**kept, key: choice})
