"""How much memory training needs, how much this computer has, and the sentence when it does not fit.

No torch here: the settings panel checks its estimate against the device's memory on every edit.
The graphics cards' figures come from `device.free_memory` / `device.total_memory`, which need torch.

The estimate against measured peaks (`python -m bench.memory_estimate`: 4 real training steps per
shape, each in its own process; CPU = peak RSS minus RSS before the run, with glibc keeping freed
blocks (device.reuse_freed_memory); CUDA = torch.cuda.max_memory_reserved on an H100):

    shape (context/layers/heads/width, batch, dropout)   CPU fp32        H100 fp32       H100 bf16
                                                          est / measured  est / measured  est / measured (MB)
    8/1/1/8, 1                                            128 / 91        80 / 66         80 / 66
    64/4/4/128, 16 (tiny preset)                          198 / 155       142 / 130       125 / 120
    128/6/6/192, 32, 0.1 (old small preset)               862 / 904       559 / 488       407 / 340
    256/6/6/384, 64, 0.2 (medium preset)                  5818 / 5813     3730 / 3016     2516 / 1986
    256/6/6/384, 32                                       2065 / 1898     1825 / 1598     1275 / 1086
    512/4/8/256, 32                                       2020 / 1675     1716 / 1436     1167 / 982
    512/4/8/256, 32, 0.1                                  4820 / 4788     1860 / 1472     1261 / 1014
    128/4/4/256, 32, vocabulary 4,000                     899 / 891       787 / 672       649 / 598

On the CPU it is within -5% to +21% above 200 MB (RSS peaks move by up to 10% between runs); on
CUDA it errs high by 4-27%. With dropout the CPU runs attention through engine/attention.py in
fp32 too, whose peaks are 20-37% below those of torch's math attention. With the automatic
precision (bf16 on a CPU with native bf16) the measured peaks are 0.55-1.0x the estimate, which
counts fp32 activations. A flat formula (34 fp32 values per token x width per layer, attention
maps always) is off both ways: 0.76x the 128-context small shape's measured peak, 1.6x a
256-context model's.
Not counted: the corpus as token ids (at most 4 bytes a character), and torch.compile's buffers.
"""

from __future__ import annotations

import os
from dataclasses import replace

from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.errors import device_words
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message

# Measured: a 1,500-parameter model still raises the peak RSS by 86 MB (autograd engine, oneDNN
# scratch, allocator arenas), and reserves 66 MB on an H100 (cuBLAS workspaces, allocator blocks).
FIXED_BYTES = {"cpu": 128 * 2**20, "cuda": 80 * 2**20, "mps": 128 * 2**20}

# Bytes each layer keeps for the backward pass per token and per unit of embedding width, in fp32:
# layer norm inputs and outputs, q/k/v, the attention output and its contiguous copy, the
# feed-forward's two 4x-wide tensors. Measured with torch.autograd.graph.saved_tensors_hooks: 66,
# and 75 with dropout (its masks; on the CPU also the math attention's scaled q). Korthikanti et al.
# 2022 (table 2) count 34 bytes per token x width in 16-bit numbers, without the copy.
SAVED_PER_TOKEN_WIDTH = 66
SAVED_PER_TOKEN_WIDTH_DROPOUT = 75  # torch's bool masks (CUDA, MPS)
SAVED_PER_TOKEN_WIDTH_DROPOUT_CPU = 81  # dropout.py's masks are in the activations' dtype
# Attention maps (B, nh, T, T), where they are built: the softmax output (4 bytes); with dropout
# also its mask and the dropped copy (measured 12 bytes an element).
SAVED_PER_ATTENTION = 4
SAVED_PER_ATTENTION_DROPOUT = 12
# On top of what is saved, the backward pass holds one layer's gradients and temporaries: fitted to
# the measured peaks (about two layers' worth; more with the math attention's dropout, whose
# backward also holds one layer's attention maps several times over). The CPU's is fitted with glibc
# keeping freed blocks (device.reuse_freed_memory), which raises its peaks; CUDA's on an H100 (MPS:
# the CPU's, not measured).
TRANSIENT_PER_TOKEN_WIDTH = 192
TRANSIENT_PER_TOKEN_WIDTH_CUDA = 128
TRANSIENT_PER_TOKEN_WIDTH_MATH_DROPOUT = 320
TRANSIENT_PER_ATTENTION_MATH_DROPOUT = 32
# CUDA's bf16/fp16 autocast keeps most activations in 16 bits: measured 0.62 of the fp32 figure on an
# H100 (weights, their gradients and AdamW stay fp32). The CPU's and MPS's are not measured: fp32.
HALF_PRECISION_ACTIVATIONS = 0.65
# The loss history keeps three numbers per step in Python lists (measured 104 bytes with tracemalloc)
# and json.dumps of it at each checkpoint briefly holds 80 more: in the computer's memory.
HISTORY_BYTES_PER_STEP = 200


# CPU training in bf16, and in fp32 with dropout, runs attention through engine/attention.py up to
# this context; it keeps the attention probabilities (B x nh x T x T per layer), 2 bytes each in
# bf16, and with dropout its mask as well: counted in fp32, 4 + 4 bytes, and 2 more fitted to the
# measured peaks (the backward's temporaries).
CHUNKED_ATTENTION_MAX_CONTEXT = 512
SAVED_PER_ATTENTION_CHUNKED = 2
SAVED_PER_ATTENTION_CHUNKED_DROPOUT = 10


def attention_materialised(device_type: str, dropout: float) -> bool:
    """Whether attention keeps its (B, nh, T, T) maps: the fused kernels (CUDA always, the CPU
    without dropout) never build them; MPS, and the CPU with dropout, fall back to the math
    version. (CPU training in bf16, and with dropout in fp32, runs engine/attention.py's kernel
    instead, which keeps fewer: chunked_attention_kept.)"""
    return device_type == "mps" or (device_type != "cuda" and dropout > 0)


def chunked_attention_runs(device_type: str, precision: str, dropout: float, context: int) -> bool:
    """The one rule for where training runs engine/attention.py's kernel (attention.py applies it
    to the tensors, the estimate to the settings): on the CPU, up to its context, in bf16 (the fused
    kernel's backward is slow there), and in fp32 with attention dropout (the fused kernel has none:
    torch falls back to an unfused computation, slower and heavier). fp32 without dropout keeps the
    fused kernel, as fast and keeping no probabilities; fp16 too, whose scores could overflow."""
    return (device_type == "cpu" and context <= CHUNKED_ATTENTION_MAX_CONTEXT
            and (precision == "bf16" or (precision == "fp32" and dropout > 0)))


def chunked_attention_kept(device_type: str, model: ModelConfig, train: TrainConfig) -> bool:
    """Whether training may run engine/attention.py's kernel, which keeps the probabilities: on the
    CPU ("auto" counts as one) in the precision asked for, or either that "auto" may pick."""
    precisions = ("bf16", "fp32") if train.precision == "auto" else (train.precision,)
    return device_type in ("cpu", "auto") and any(
        chunked_attention_runs("cpu", precision, model.dropout, model.block_size)
        for precision in precisions)


def estimate_training_memory_bytes(model: ModelConfig, train: TrainConfig,
                                   device_type: str = "auto") -> int:
    """Memory a training run holds at its peak (the backward pass). device_type "auto" assumes the
    costlier attention of the CPU and MPS. bf16/fp16 count as fp32 except on CUDA, where measured."""
    B, T, C, L = train.batch_size, model.block_size, model.n_embd, model.n_layer
    tokens, dropout = B * T, model.dropout > 0
    chunked = chunked_attention_kept(device_type, model, train)
    # With dropout the CPU's chunked kernel replaces torch's math attention ("auto" devices
    # count MPS's math attention, the costlier).
    math_attention = attention_materialised(device_type, model.dropout) and not (
        chunked and device_type == "cpu")
    # 4 bytes x (weight + gradient + AdamW's two moments). Muon keeps one buffer for the blocks'
    # matrices, not two, and its Newton-Schulz copies are one layer's matrices: counted as AdamW.
    # With LoRA only the adapters have gradients and moments; the frozen weights are 4 bytes each.
    state = 4 * model.param_count() + 12 * trainable_parameters(model, train)
    saved_dropout = (SAVED_PER_TOKEN_WIDTH_DROPOUT_CPU if device_type in ("cpu", "auto")
                     else SAVED_PER_TOKEN_WIDTH_DROPOUT)
    per_layer = tokens * C * (saved_dropout if dropout else SAVED_PER_TOKEN_WIDTH)
    if math_attention:
        per_layer += B * model.n_head * T * T * (SAVED_PER_ATTENTION_DROPOUT if dropout
                                                 else SAVED_PER_ATTENTION)
    elif chunked:
        per_layer += B * model.n_head * T * T * (SAVED_PER_ATTENTION_CHUNKED_DROPOUT if dropout
                                                 else SAVED_PER_ATTENTION_CHUNKED)
    transient = tokens * C * (
        TRANSIENT_PER_TOKEN_WIDTH_MATH_DROPOUT if math_attention and dropout
        else TRANSIENT_PER_TOKEN_WIDTH_CUDA if device_type == "cuda" else TRANSIENT_PER_TOKEN_WIDTH)
    if math_attention and dropout:
        transient += B * model.n_head * T * T * TRANSIENT_PER_ATTENTION_MATH_DROPOUT
    activations = L * per_layer + transient
    if device_type == "cuda" and train.precision in ("auto", "bf16", "fp16"):  # auto: bf16 or fp16
        activations = int(activations * HALF_PRECISION_ACTIVATIONS)
    logits = 16 * tokens * model.vocab_size  # logits, log-softmax and both their gradients
    batches = 16 * tokens * (1 + 2 * train.eval_iters)  # x and y (int64): one step + fixed eval set
    # A graphics card with its own memory keeps the history in the computer's, which is not checked.
    history = 0 if device_type == "cuda" else HISTORY_BYTES_PER_STEP * train.max_iters
    fixed = FIXED_BYTES.get(device_type, FIXED_BYTES["cpu"])
    return int(fixed + state + activations + logits + batches + history)


def trainable_parameters(model: ModelConfig, train: TrainConfig) -> int:
    """The numbers training changes: all of them, or with LoRA (engine/lora.py) the adapters of
    rank r on every block's four linear layers, r x (in + out) each: c_attn C+3C, the attention's
    c_proj C+C, c_fc C+4C, the feed-forward's c_proj 4C+C."""
    if train.lora_rank > 0:
        return model.n_layer * train.lora_rank * 16 * model.n_embd
    return model.param_count()


# ---------------------------------------------------------------------------------------------------
# What this computer has (the CPU's share; graphics cards are asked through torch in device.py)


def system_memory() -> tuple[int | None, int | None]:
    """(total, available) RAM in bytes, None where the system does not say. Available is Linux's
    MemAvailable (free + what the page cache can give back), not the much smaller MemFree."""
    total = available = None
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            fields = {line.split(":")[0]: line.split()[1] for line in meminfo}
        total = int(fields["MemTotal"]) * 1024
        available = int(fields["MemAvailable"]) * 1024
    except (OSError, KeyError, ValueError, IndexError):
        pass
    total = total or _sysconf_bytes("SC_PHYS_PAGES")  # macOS and the BSDs
    available = available or _sysconf_bytes("SC_AVPHYS_PAGES")
    return total, available


def _sysconf_bytes(name: str) -> int | None:
    try:
        pages, page_size = os.sysconf(name), os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # Windows has no sysconf; some names are missing
        return None
    return pages * page_size if pages > 0 and page_size > 0 else None


# ---------------------------------------------------------------------------------------------------
# The sentence


def not_enough_memory(model: ModelConfig, train: TrainConfig, device_type: str,
                      available: int | None, *, free: bool) -> Message | None:
    """The problem in one sentence when the estimate exceeds `available` (None = unknown: no check).
    free=True: `available` is what is free right now (the trainer's check at the start); False: it
    is all the device has (the panel's check, which must not flicker while training runs)."""
    needed = estimate_training_memory_bytes(model, train, device_type)
    if available is None or needed <= available:
        return None
    # Each variant is one whole template: free now or in all, with or without a batch size that fits.
    batch = _largest_batch_that_fits(model, train, device_type, available)
    # Validation batches kept for every check can outweigh the model: a shorter context or a
    # smaller model would be the wrong advice then.
    eval_bound = (train.eval_iters > 1 and estimate_training_memory_bytes(
        model, replace(train, eval_iters=1), device_type) <= available)
    if eval_bound:
        template = QT_TRANSLATE_NOOP(
            "Engine", "Training with these settings needs about {needed} of memory, but only "
                      "{available} is free on {device}: most of it would hold the {count:,} batches "
                      "each validation check averages. Average fewer batches per check.") if free \
            else QT_TRANSLATE_NOOP(
            "Engine", "Training with these settings needs about {needed} of memory, but {device} has "
                      "{available} in all: most of it would hold the {count:,} batches each "
                      "validation check averages. Average fewer batches per check.")
        return Message(template, needed=_size(needed), available=_size(available),
                       device=device_words(device_type), count=train.eval_iters)
    if free and batch:
        template = QT_TRANSLATE_NOOP(
            "Engine", "Training with these settings needs about {needed} of memory, but only "
                      "{available} is free on {device}. Use a batch size of {batch} or less, a "
                      "shorter context length or a smaller model.")
    elif free:
        template = QT_TRANSLATE_NOOP(
            "Engine", "Training with these settings needs about {needed} of memory, but only "
                      "{available} is free on {device}. Use a shorter context length or a smaller "
                      "model (fewer layers, a smaller embedding).")
    elif batch:
        template = QT_TRANSLATE_NOOP(
            "Engine", "Training with these settings needs about {needed} of memory, but {device} has "
                      "{available} in all. Use a batch size of {batch} or less, a shorter context "
                      "length or a smaller model.")
    else:
        template = QT_TRANSLATE_NOOP(
            "Engine", "Training with these settings needs about {needed} of memory, but {device} has "
                      "{available} in all. Use a shorter context length or a smaller model (fewer "
                      "layers, a smaller embedding).")
    return Message(template, needed=_size(needed), available=_size(available),
                   device=device_words(device_type), batch=batch)


def _largest_batch_that_fits(model: ModelConfig, train: TrainConfig, device_type: str,
                             available: int) -> int | None:
    """A concrete way out: the largest smaller batch size that fits, when one does."""
    batch = train.batch_size // 2
    while batch >= 1:
        if estimate_training_memory_bytes(model, replace(train, batch_size=batch), device_type) <= available:
            return batch
        batch //= 2
    return None


def _size(n: int) -> str:
    return f"{n / 2**30:,.1f} GB" if n >= 2**30 else f"{n / 2**20:,.0f} MB"
