"""Where and how fast the model runs: device choice, number precision, optimizer and threads."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time

import torch

from gptstudio.engine.errors import EngineError
from gptstudio.engine.memory import system_memory
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

# ---------------------------------------------------------------------------------------------------
# Devices


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
    allocates activations of tens of MB every step, so it pays that every step: measured here, a
    bf16 (16384 x 384) @ (384 x 1536) matmul ran at 594 GFLOP/s with the default and at 1,219 with
    this, and GELU, adds and casts ran 2-4x faster. Peak memory is unchanged. Linux with glibc only;
    set GPTSTUDIO_MALLOC_DEFAULTS=1 to keep glibc's defaults (to measure the difference).
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


@contextlib.contextmanager
def threads_kept():
    """Put torch's intra-op thread setting back as it was on leaving. The setting is the calling
    thread's, and threads started afterwards inherit it: a job that changes it for itself (training,
    the step-time probe) must not leave it to whatever runs next."""
    threads = torch.get_num_threads()
    try:
        yield threads
    finally:
        torch.set_num_threads(threads)


# Work per training step (6 x parameters x tokens) below which a run with a window to keep
# responsive leaves one core to it. Measured in the app on 2 cores (bench/gui_latency.py): the small
# preset (11 GFLOP a step) trained at 9,602 tokens/s on 1 thread and 8,666 on 2, with the GUI's p99
# lateness 17 ms against 36 ms: the window's thread takes a core from one of torch's threads many
# times a second, and the other waits for it at every operation. The 10.7M medium shape (1 TFLOP a
# step) trained at 812 tokens/s on 1 thread and 1,238 on 2 with p99 lateness of 1-4 ms either way.
SHORT_STEP_FLOPS = 1e11


def training_threads(requested: int, params: int, tokens_per_step: int, window_open: bool,
                     current: int) -> int:
    """torch threads for a training run: `requested` (the setting) when above 0. Automatic: torch's
    `current` setting (its default honours OMP_NUM_THREADS and counts physical cores), one fewer
    when a window is open and steps are short (SHORT_STEP_FLOPS of 6 x params x tokens)."""
    if requested > 0:
        return requested
    if window_open and current > 1 and 6 * params * tokens_per_step < SHORT_STEP_FLOPS:
        return current - 1
    return current


# ---------------------------------------------------------------------------------------------------
# Precision


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


_precision_cache: dict[tuple, str] = {}
PROBE_ROUNDS = 2


def choose_precision(requested: str, device: torch.device, probe=None) -> str:
    """Resolve 'auto' to a concrete precision.

    CUDA: bf16 where supported, else fp16. MPS: fp32 (autocast there still misses ops).
    CPU: bf16 only where it is native *and* measurably faster for this model shape: small
    matrices lose more to conversions than they win (measured: 20% slower at 0.8M parameters,
    2.5x faster at 10.7M). `probe(precision) -> seconds per step` measures it; its verdict is
    cached per device and shape key by the caller through `probe_key`.
    """
    if requested != "auto":
        if requested == "bf16" and not bf16_supported(device) and device.type != "cpu":
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "bf16 is not supported on {device}; choose auto or fp32."),
                device=device.type))
        return requested
    if device.type == "cuda":
        return "bf16" if bf16_supported(device) else "fp16"
    if device.type == "cpu" and bf16_supported(device) and probe is not None:
        key = getattr(probe, "key", None)
        if key in _precision_cache:
            return _precision_cache[key]
        # Interleaved rounds, best of each: a busy moment on a shared machine must not decide it
        # (one round each picked bf16 for the tiny preset, which then ran 25% slower).
        fp32, bf16 = float("inf"), float("inf")
        for _ in range(PROBE_ROUNDS):
            fp32, bf16 = min(fp32, probe("fp32")), min(bf16, probe("bf16"))
        choice = "bf16" if bf16 < 0.85 * fp32 else "fp32"  # within 15%, noise could have decided
        if key is not None:
            _precision_cache[key] = choice
        return choice
    return "fp32"


def probe_step(model, x: torch.Tensor, optimizer, device: torch.device, precision: str):
    """A throw-away training step on x (as its own targets), for timing a shape in a precision."""

    def step() -> None:
        with autocast(device, precision):
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


# ---------------------------------------------------------------------------------------------------
# Optimizer


def make_optimizer(model, kind: str, weight_decay: float, lr: float, betas: tuple[float, float],
                   device: torch.device):
    """The optimizer `kind` ("adamw", or "muon": Muon for the blocks' matrices with AdamW for the
    rest, engine/muon.py) for the model's parameters, weight decay on matrices only; fused into
    one kernel where the device supports it, else the multi-tensor version."""
    from gptstudio.engine.muon import MuonAdamW, optimizer_groups

    groups = optimizer_groups(model, weight_decay, muon=kind == "muon")
    cls = MuonAdamW if kind == "muon" else torch.optim.AdamW
    if device.type in ("cuda", "cpu", "mps"):
        try:
            return cls(groups, lr=lr, betas=betas, fused=True)
        except (RuntimeError, TypeError, ValueError):
            pass
    return cls(groups, lr=lr, betas=betas, foreach=True)


# ---------------------------------------------------------------------------------------------------
# Device trouble in the middle of a run


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
