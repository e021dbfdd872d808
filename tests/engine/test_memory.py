"""The memory estimate and the sentence that refuses settings too big for the device.

How close the estimate is to real peaks is measured by `python -m bench.memory_estimate` (it trains
each shape in its own process); these tests pin the arithmetic and the refusal.
"""

from dataclasses import replace

import pytest

from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.memory import (
    FIXED_BYTES,
    HISTORY_BYTES_PER_STEP,
    SAVED_PER_TOKEN_WIDTH,
    SAVED_PER_TOKEN_WIDTH_DROPOUT_CPU,
    estimate_training_memory_bytes,
    not_enough_memory,
    system_memory,
)

MODEL = ModelConfig(vocab_size=65, block_size=128, n_layer=4, n_head=4, n_embd=128)
TRAIN = TrainConfig(batch_size=32, max_iters=1000)
MB = 2**20


def estimate(model=MODEL, train=TRAIN, device="cpu"):
    return estimate_training_memory_bytes(model, train, device)


def test_the_estimate_grows_with_batch_context_width_depth_and_vocabulary():
    base = estimate()
    assert estimate(train=replace(TRAIN, batch_size=64)) > base
    assert estimate(model=replace(MODEL, block_size=256)) > base
    assert estimate(model=replace(MODEL, n_embd=256)) > base
    assert estimate(model=replace(MODEL, n_layer=8)) > base
    assert estimate(model=replace(MODEL, vocab_size=50_000)) > base


def test_weights_gradients_and_adam_moments_take_16_bytes_a_parameter():
    bigger_vocab = replace(MODEL, vocab_size=MODEL.vocab_size + 1000)
    extra_params = bigger_vocab.param_count() - MODEL.param_count()
    tokens = TRAIN.batch_size * MODEL.block_size
    assert estimate(model=bigger_vocab) - estimate() == 16 * extra_params + 16 * tokens * 1000


def test_attention_maps_count_only_where_the_kernel_builds_them():
    dropped = replace(MODEL, dropout=0.1)
    maps = TRAIN.batch_size * MODEL.n_head * MODEL.block_size**2 * MODEL.n_layer
    masks = (SAVED_PER_TOKEN_WIDTH_DROPOUT_CPU - SAVED_PER_TOKEN_WIDTH) * (
        MODEL.n_layer * TRAIN.batch_size * MODEL.block_size * MODEL.n_embd)
    # CUDA's fused kernels keep no maps, with or without dropout.
    assert estimate(dropped, device="cuda") - estimate(device="cuda") < 4 * maps
    # The CPU's chunked kernel keeps the probabilities (2 bytes in bf16; "auto" may pick bf16);
    # with dropout also its mask, counted in fp32 with the backward's temporaries: 10 bytes an
    # element, in bf16 and in fp32.
    for precision, kept_without_dropout in (("auto", 2), ("bf16", 2), ("fp32", 0)):
        train = replace(TRAIN, precision=precision)
        assert estimate(dropped, train) - estimate(train=train) == (
            masks + (10 - kept_without_dropout) * maps)
    # In fp16, and beyond the kernel's context, torch's math attention keeps 12 bytes an element
    # and more while its backward runs.
    half = replace(TRAIN, precision="fp16")
    assert estimate(dropped, half) - estimate(train=half) > masks + 12 * maps
    long, long_maps = replace(dropped, block_size=1024), maps * 8**2
    assert estimate(long) - estimate(replace(long, dropout=0.0)) > 12 * long_maps
    assert estimate(device="mps") > estimate(device="cpu")  # MPS: math attention always


def test_the_loss_history_counts_in_the_computers_memory_only():
    longer = replace(TRAIN, max_iters=TRAIN.max_iters + 1_000_000)
    assert estimate(train=longer) - estimate() == HISTORY_BYTES_PER_STEP * 1_000_000
    assert estimate(train=longer, device="cuda") == estimate(device="cuda")


def test_a_tiny_model_still_needs_the_fixed_overhead():
    tiny = ModelConfig(vocab_size=10, block_size=8, n_layer=1, n_head=1, n_embd=8)
    one = TrainConfig(batch_size=1, max_iters=1, eval_iters=1)
    assert FIXED_BYTES["cpu"] <= estimate(tiny, one) < FIXED_BYTES["cpu"] + MB


def test_settings_that_fit_give_no_problem_and_unknown_memory_is_not_checked():
    assert not_enough_memory(MODEL, TRAIN, "cpu", estimate(), free=True) is None
    assert not_enough_memory(MODEL, TRAIN, "cpu", None, free=True) is None


def test_too_big_names_need_limit_device_and_the_largest_batch_that_fits():
    fits_8 = estimate(train=replace(TRAIN, batch_size=8), device="cuda")
    problem = not_enough_memory(MODEL, TRAIN, "cuda", fits_8, free=True)
    assert problem.startswith(f"Training with these settings needs about {estimate(device='cuda') / MB:,.0f} MB")
    assert f"only {fits_8 / MB:,.0f} MB is free on the graphics card" in problem
    assert "Use a batch size of 8 or less, a shorter context length or a smaller model." in problem


def test_when_no_batch_size_fits_it_says_to_shrink_the_model():
    problem = not_enough_memory(MODEL, TRAIN, "cpu", 10 * MB, free=False)
    assert "this computer has 10 MB in all" in problem
    assert "Use a shorter context length or a smaller model" in problem
    assert "batch size of" not in problem


def test_big_figures_are_in_gigabytes():
    huge = replace(MODEL, n_layer=48, n_embd=2048, n_head=16, block_size=2048)
    problem = not_enough_memory(huge, TRAIN, "cuda", 80 * 2**30, free=False)
    assert "the graphics card has 80.0 GB in all" in problem and "GB of memory" in problem


@pytest.mark.skipif(not __import__("os").path.exists("/proc/meminfo"), reason="Linux only")
def test_system_memory_reads_total_and_available():
    total, available = system_memory()
    assert 0 < available <= total


def test_cuda_autocast_counts_16_bit_activations_and_fp32_state():
    fp32 = estimate(train=replace(TRAIN, precision="fp32"), device="cuda")
    for precision in ("auto", "bf16", "fp16"):
        half = estimate(train=replace(TRAIN, precision=precision), device="cuda")
        assert 16 * MODEL.param_count() < half < 0.8 * fp32
    assert estimate(train=replace(TRAIN, precision="bf16"), device="cpu") == estimate()  # not measured
