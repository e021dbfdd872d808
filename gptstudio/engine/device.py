"""Which devices this computer has, the one a run uses, and the memory it can use there.

Threads are engine/threads.py, number precision engine/precision.py, the optimizer
engine/optimizers.py and errors of a device in the middle of a run engine/device_trouble.py.
"""

from __future__ import annotations

import os
import sys

import torch

from gptstudio.engine.errors import EngineError
from gptstudio.engine.memory import system_memory
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message


def available_devices() -> list[str]:
    """The device names a user may pick here, best first ("auto" not included)."""
    names = []
    if torch.cuda.is_available():
        names.append("cuda")
    if _mps_available():
        names.append("mps")
    names.append("cpu")
    return names


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def resolve_device(name: str = "auto") -> torch.device:
    """'auto' picks CUDA, then Apple MPS, then the CPU."""
    if name == "auto":
        return torch.device(available_devices()[0])
    if name == "cuda" and not torch.cuda.is_available():
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "No CUDA graphics card is available here; choose 'auto' or 'cpu'.")))
    if name == "mps" and not _mps_available():
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "Apple's MPS graphics is not available here; choose 'auto' or 'cpu'.")))
    if name not in ("cpu", "cuda", "mps"):
        raise EngineError(Message(QT_TRANSLATE_NOOP(
            "Engine", "Unknown device {device}: choose auto, cpu, cuda or mps."), device=repr(name)))
    return torch.device(name)


def free_memory(device: torch.device) -> int | None:
    """Bytes a training run can still use on this device now; None where it cannot be known."""
    if device.type == "cuda":
        free, _total = torch.cuda.mem_get_info(device)
        # What our own allocator holds but no tensor uses (a finished run's cache) is ours to reuse.
        return free + torch.cuda.memory_reserved(device) - torch.cuda.memory_allocated(device)
    if device.type == "mps":
        limit = _mps_limit()
        if limit is not None:
            return max(0, limit - torch.mps.driver_allocated_memory())
    return system_memory()[1]  # the CPU, and Apple GPUs share the computer's memory


def total_memory(name: str) -> int | None:
    """All the memory of the device named "cpu", "cuda" or "mps"; None where it cannot be known."""
    if name == "cuda" and torch.cuda.is_available():
        return torch.cuda.get_device_properties(torch.cuda.current_device()).total_memory
    if name == "mps" and _mps_available():
        limit = _mps_limit()
        if limit is not None:
            return limit
    return system_memory()[0]


def _mps_limit() -> int | None:
    # Metal's advice for one process (torch >= 2.5); older versions only have the shared RAM figure.
    recommended = getattr(getattr(torch, "mps", None), "recommended_max_memory", None)
    return int(recommended()) if recommended else None


def describe_device(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return device.type


_allocator_tuned: bool | None = None


def reuse_freed_memory() -> bool:
    """Let glibc keep large freed blocks for reuse instead of returning them to the OS.

    By default glibc gives every freed block over 32 MB back to the OS and maps a fresh one on the
    next allocation, whose pages then fault one by one on first touch. A CPU training step frees and
    allocates activations of tens of MB every step, so it pays that every step: with this, a large
    bf16 matmul of a training step runs about twice as fast, and GELU, adds and casts 2-4x faster.
    Peak memory is unchanged. Linux with glibc only; set GPTSTUDIO_MALLOC_DEFAULTS=1 to keep
    glibc's defaults (to measure the difference).
    """
    global _allocator_tuned
    if _allocator_tuned is not None:
        return _allocator_tuned
    _allocator_tuned = False
    if not sys.platform.startswith("linux") or os.environ.get("GPTSTUDIO_MALLOC_DEFAULTS") == "1":
        return False
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        _allocator_tuned = bool(libc.mallopt(m_mmap_threshold, 1 << 30)
                                and libc.mallopt(m_trim_threshold, 1 << 30))
    except (OSError, AttributeError):  # not glibc (musl, for example)
        pass
    return _allocator_tuned
