"""Fine-tuning's settings (engine/finetune.py): pure functions of the corpus, the time budget, the
measured step time and the model's size."""

import math
from dataclasses import replace

import pytest

from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.finetune import (
    EVAL_ITERS,
    EVALUATIONS,
    LORA_RANK,
    MAX_EPOCHS,
    MIN_STEPS,
    fine_tune_method,
    fine_tune_settings,
)
from gptstudio.engine.memory import estimate_training_memory_bytes

GPT2 = ModelConfig(vocab_size=50257, block_size=256, n_layer=12, n_head=12, n_embd=768,
                   activation="gelu_tanh")
GPT2_PARAMETERS = 124_000_000
OVERHEAD_STEPS = EVALUATIONS * (2 * EVAL_ITERS / 3 + 1)


def test_a_big_corpus_gets_the_steps_the_time_budget_allows():
    train = fine_tune_settings(10_000_000, minutes=10, seconds_per_step=4.0,
                               parameters=GPT2_PARAMETERS)
    assert train.max_iters == math.floor(600 / 4.0 - OVERHEAD_STEPS)
    assert train.validate() == []


def test_a_small_corpus_gets_a_few_passes_at_most():
    # 20,480 tokens: 90% for training = 9 steps of 2,048 tokens per pass.
    train = fine_tune_settings(20_480, minutes=60, seconds_per_step=1.0,
                               parameters=GPT2_PARAMETERS)
    assert train.max_iters == max(MIN_STEPS, MAX_EPOCHS * 9)
    tiny = fine_tune_settings(500, minutes=60, seconds_per_step=1.0, parameters=GPT2_PARAMETERS)
    assert tiny.max_iters == MIN_STEPS


def test_a_budget_too_short_for_any_check_still_trains_a_step():
    assert fine_tune_settings(10**6, minutes=0.1, seconds_per_step=30.0,
                              parameters=GPT2_PARAMETERS).max_iters == 1


def test_a_slow_computer_checks_at_every_step_of_a_short_run():
    # 10 minutes at 60 s a step: 10 steps' time, a check costing 2 x 4 / 3 + 1 of them each.
    train = fine_tune_settings(10**6, minutes=10, seconds_per_step=60.0,
                               parameters=GPT2_PARAMETERS)
    assert train.max_iters == math.floor(10 / (1 + 2 * EVAL_ITERS / 3 + 1)) == 2
    assert train.eval_interval == 1


@pytest.mark.parametrize(("parameters", "rank", "rate"), [
    (124_000_000, 0, 1e-4), (355_000_000, 0, 5e-5), (124_000_000, 8, 2e-4)])
def test_learning_rate_suits_the_model_and_the_method(parameters, rank, rate):
    train = fine_tune_settings(10**6, 10, 2.0, parameters, rank)
    assert train.learning_rate == rate and train.lora_rank == rank
    assert train.weight_decay == 0.0 and train.optimizer == "adamw"


def test_evaluations_are_spread_over_the_run():
    train = fine_tune_settings(10**7, minutes=10, seconds_per_step=1.0, parameters=GPT2_PARAMETERS)
    evals = math.ceil(train.max_iters / train.eval_interval)
    assert evals == EVALUATIONS and train.eval_iters == EVAL_ITERS
    assert 0 < train.warmup_iters <= 50


def test_batch_and_context_set_the_steps_per_pass():
    wide = fine_tune_settings(100_000, 600, 0.1, GPT2_PARAMETERS, batch_size=4, block_size=128)
    assert wide.batch_size == 4
    assert wide.max_iters == MAX_EPOCHS * math.ceil(90_000 / 512)


def test_full_fine_tuning_where_it_fits_else_lora():
    train = TrainConfig(batch_size=8)
    full = estimate_training_memory_bytes(GPT2, train, "cpu")
    lora = estimate_training_memory_bytes(GPT2, replace(train, lora_rank=LORA_RANK), "cpu")
    assert lora < full  # the logits and activations stay: LoRA saves the 12 bytes of each frozen weight

    roomy = fine_tune_method(GPT2, train, "cpu", total=32 * 2**30, available=24 * 2**30)
    assert roomy.method == "full" and roomy.needed_bytes == full and roomy.fits
    laptop = fine_tune_method(GPT2, train, "cpu", total=8 * 2**30, available=5 * 2**30)
    assert laptop.method == "lora" and laptop.lora_rank == LORA_RANK
    assert laptop.needed_bytes == lora and laptop.fits
    busy = fine_tune_method(GPT2, train, "cpu", total=64 * 2**30, available=full - 1)
    assert busy.method == "lora"  # free memory decides too, not only the total
    tiny = fine_tune_method(GPT2, train, "cpu", total=2 * 2**30, available=lora - 1)
    assert tiny.method == "lora" and not tiny.fits
    unknown = fine_tune_method(GPT2, train, "cpu", total=None, available=None)
    assert unknown.method == "full"


def test_fine_tuning_stops_early_once_past_its_best():
    """A pretrained model soon learns a small text by heart: the run stops after PATIENCE checks
    without a better validation loss (the trainer keeps the best checkpoint)."""
    from gptstudio.engine.finetune import PATIENCE

    train = fine_tune_settings(20_480, minutes=60, seconds_per_step=1.0,
                               parameters=GPT2_PARAMETERS)
    assert train.early_stop_evals == PATIENCE > 0
