"""The learning-rate schedule: linear warm-up, cosine decay, and a low constant rate for steps added
after the schedule's end ("Train more"). No torch here: the One training step view reads the rate
training had reached without loading it.
"""

from __future__ import annotations

import math

from gptstudio.engine.config import TrainConfig

# Steps added after the schedule's end ("Train more") run at this share of the peak, or the end's
# own rate where that is higher: a schedule that decays to 0 would otherwise learn nothing more.
EXTRA_STEPS_LR_SHARE = 0.1


def schedule_end(train: TrainConfig) -> int:
    return train.schedule_iters or train.max_iters


def learning_rate(step: int, train: TrainConfig) -> float:
    """Linear warm-up to the peak, then cosine decay to min_lr_ratio x peak (nanoGPT's schedule);
    steps past schedule_end keep a small constant rate."""
    peak, floor = train.learning_rate, train.learning_rate * train.min_lr_ratio
    end = schedule_end(train)
    if step >= end:
        return max(floor, EXTRA_STEPS_LR_SHARE * peak)
    if step < train.warmup_iters:
        return peak * (step + 1) / (train.warmup_iters + 1)
    span = max(1, end - train.warmup_iters)
    progress = min(1.0, (step - train.warmup_iters) / span)
    return floor + 0.5 * (1.0 + math.cos(math.pi * progress)) * (peak - floor)
