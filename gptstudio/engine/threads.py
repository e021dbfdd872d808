"""torch's threads for a training run: how many, and keeping a job's own setting to itself."""

from __future__ import annotations

import contextlib

import torch


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
