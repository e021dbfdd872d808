"""Device trouble in the middle of a run: telling an out-of-memory, a graphics card that stopped
working and an operation an Apple GPU lacks apart from an ordinary bug."""

from __future__ import annotations

import re

import torch


def is_out_of_memory(error: BaseException) -> bool:
    if isinstance(error, torch.OutOfMemoryError | MemoryError):
        return True
    text = str(error)
    return isinstance(error, RuntimeError) and (
        "out of memory" in text or "can't allocate memory" in text or "MPS backend out of memory" in text
    )


# How CUDA and Metal word a graphics card that stopped working: a driver reset or crash ("CUDA
# error: unspecified launch failure", Xid errors), a card that fell off the bus or an unplugged
# external GPU ("no CUDA GPUs are available", "busy or unavailable"), a broken context after a
# device-side assert, cuBLAS/cuDNN failing to run, Metal's "command buffer" errors.
_DEVICE_LOST_WORDS = (
    "CUDA error", "device-side", "no CUDA GPUs are available", "CUDA driver", "busy or unavailable",
    "CUBLAS_STATUS_", "CUDNN_STATUS_", "cudaError", "Metal", "command buffer",
)


def is_device_lost(error: BaseException, device: torch.device) -> bool:
    """Whether a graphics card failed (not an out-of-memory, not a bug the CPU would show too)."""
    if device.type == "cpu" or not isinstance(error, RuntimeError) or is_out_of_memory(error):
        return False
    text = str(error).lower()
    return any(words.lower() in text for words in _DEVICE_LOST_WORDS)


def missing_operation(error: BaseException, device: torch.device) -> str | None:
    """The operator an Apple GPU lacks ("aten::..."), or None when the error is something else.
    PYTORCH_ENABLE_MPS_FALLBACK=1 (set in gptstudio.engine) runs such operators on the CPU; this
    catches what is left: the user turned the fallback off, or torch raised regardless."""
    if device.type != "mps" or not isinstance(error, NotImplementedError):
        return None
    found = re.search(r"'(aten::[^']+)'", str(error))
    return found.group(1) if found else (str(error).strip().splitlines() or ["?"])[0][:80]
