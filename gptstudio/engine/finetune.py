"""Fine-tuning a pretrained model on a user's text: which weights learn, and the settings.

Two pure functions (no torch), for the project store, the catalogue and the Automatic settings:

    fine_tune_method(model, train, device_type, total, available)  -> MemoryPlan (full or LoRA)
    fine_tune_settings(corpus_tokens, minutes, seconds_per_step, parameters, lora_rank)
                                                                    -> TrainConfig

Why these numbers:
* Small steps. The pretrained weights are already good; a from-scratch learning rate (1e-3 and up)
  washes them out within a few hundred steps. Full fine-tuning of GPT-2 uses 1e-4 (5e-5 from 200M
  parameters up: bigger models want smaller steps, as in the GPT-3 paper's table 2.1); LoRA's
  adapters start at zero and take 2e-4 (the LoRA paper's GPT-2 runs, Hu et al. 2021, table 11).
* No weight decay: it pulls the weights towards zero, not towards the pretrained ones, so over a
  short fine-tune it only forgets (Hugging Face's Trainer defaults to 0 for the same reason).
* At most a few passes over the text: a pretrained model memorises a small text within a few
  epochs, and its validation loss rises from then on. Early stopping ends the run after PATIENCE
  checks in a row without a better validation loss, and the best checkpoint is the one kept for
  Generate and export (the trainer's best.json), so a run never ends on a model reciting its text.
* Within the time budget, after the evaluations' share: each evaluation runs 2 x eval_iters forward
  passes (a third of a step each), writes a short sample and saves a checkpoint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from gptstudio.engine.config import ModelConfig, TrainConfig
from gptstudio.engine.memory import estimate_training_memory_bytes

# GPT-2 has 1,024 positions; 256 makes each step about 4x cheaper (attention and activations grow
# with the context) while still holding a paragraph, a poem, or a couplet with room to spare.
DEFAULT_BLOCK_SIZE = 256
DEFAULT_BATCH_SIZE = 8  # 2,048 tokens a step: steady gradients at a laptop's pace
DEFAULT_MINUTES = 10
LORA_RANK = 8  # 1.2M trainable numbers on GPT-2-124M; r = 4-8 is the LoRA paper's range for GPT-2
FULL_LEARNING_RATE = 1e-4
FULL_LEARNING_RATE_LARGE = 5e-5  # from LARGE_MODEL parameters up
LARGE_MODEL = 200_000_000
LORA_LEARNING_RATE = 2e-4
MAX_EPOCHS = 3
MIN_STEPS = 20  # fewer steps than this barely move a pretrained model; only a tiny budget gets less
EVALUATIONS = 5  # checks of the validation loss (with a sample and a checkpoint) over a run
EVAL_ITERS = 4  # batches per split per check: 16% of a run's time at 5 checks, a steady mean
PATIENCE = 2  # of EVALUATIONS checks: two rises in a row are past the best, not noise
SAMPLE_TOKENS = 60
# Full fine-tuning is chosen when its estimate fits both in the memory free now and in this share
# of all of it: the rest is for the system, the app and the page cache.
MEMORY_SHARE = 0.6


@dataclass(frozen=True)
class MemoryPlan:
    """How a model is fine-tuned here, and what each way needs."""

    lora_rank: int  # 0: every weight learns; r > 0: LoRA adapters of rank r
    needed_bytes: int  # the memory the chosen way needs
    full_bytes: int
    lora_bytes: int
    fits: bool  # False when even LoRA needs more than this computer has free

    @property
    def method(self) -> str:
        return "lora" if self.lora_rank else "full"


def fine_tune_method(model: ModelConfig, train: TrainConfig, device_type: str,
                     total: int | None, available: int | None) -> MemoryPlan:
    """Full fine-tuning where its memory estimate fits this computer, else LoRA (engine/lora.py).
    total/available: the device's memory in all and free now (None where unknown: full)."""
    full = estimate_training_memory_bytes(model, replace(train, lora_rank=0), device_type)
    lora = estimate_training_memory_bytes(model, replace(train, lora_rank=LORA_RANK), device_type)
    limits = [x for x in (available, int(total * MEMORY_SHARE) if total else None) if x]
    budget = min(limits) if limits else None
    if budget is None or full <= budget:
        return MemoryPlan(0, full, full, lora, True)
    return MemoryPlan(LORA_RANK, lora, full, lora, lora <= (available or lora))


def fine_tune_settings(corpus_tokens: int, minutes: float, seconds_per_step: float,
                       parameters: int, lora_rank: int = 0, *,
                       batch_size: int = DEFAULT_BATCH_SIZE, block_size: int = DEFAULT_BLOCK_SIZE,
                       val_fraction: float = 0.1) -> TrainConfig:
    """The training settings for fine-tuning a model of `parameters` on a text of `corpus_tokens`
    tokens, in about `minutes` on a computer that takes `seconds_per_step` a step."""
    tokens_per_step = batch_size * block_size
    epoch = max(1, math.ceil(corpus_tokens * (1 - val_fraction) / tokens_per_step))
    # Each check: 2 x EVAL_ITERS forward passes (a third of a step each), plus about a step for
    # the sample and the checkpoint; a run of fewer steps than EVALUATIONS checks at every step.
    per_check = 2 * EVAL_ITERS / 3 + 1
    budget = minutes * 60 / max(seconds_per_step, 1e-6)  # in steps
    if budget - EVALUATIONS * per_check >= EVALUATIONS:
        in_budget = math.floor(budget - EVALUATIONS * per_check)
    else:
        in_budget = math.floor(budget / (1 + per_check))
    steps = max(1, min(in_budget, max(MIN_STEPS, MAX_EPOCHS * epoch)))
    if lora_rank:
        learning_rate = LORA_LEARNING_RATE
    else:
        learning_rate = FULL_LEARNING_RATE_LARGE if parameters >= LARGE_MODEL else FULL_LEARNING_RATE
    return TrainConfig(
        batch_size=batch_size, learning_rate=learning_rate, optimizer="adamw",
        min_lr_ratio=0.1, warmup_iters=min(50, steps // 10), max_iters=steps,
        eval_interval=max(1, math.ceil(steps / EVALUATIONS)), eval_iters=EVAL_ITERS,
        weight_decay=0.0, grad_clip=1.0, sample_tokens=SAMPLE_TOKENS, lora_rank=lora_rank,
        early_stop_evals=PATIENCE)
