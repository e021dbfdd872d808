"""A run's time left (RunProgress.eta): its steps at the measured pace and its checks."""

from __future__ import annotations

import pytest

from gptstudio.engine.config import TrainConfig
from gptstudio.engine.run_progress import RunProgress, check_steps


def progress_after(seconds_per_step: float, steps: int) -> RunProgress:
    progress = RunProgress(step=0, history={"steps": [], "train_loss": [], "lr": []})
    for step in range(1, steps + 1):
        progress.record(step, 2.0, 1e-3, seconds_per_step)
    return progress


def test_before_the_first_check_is_timed_the_checks_still_count_in_the_time_left():
    """A run of 300 steps with a check every 50: at step 10 the time left said nothing of its 6
    checks, and leapt by all of them once the first was timed (a run on a 2-core machine showed
    235 s before the check at step 50 and 300 s after it)."""
    train = TrainConfig(max_iters=300, eval_interval=50, eval_iters=20)
    progress = progress_after(0.5, 10)
    per_check = check_steps(20) * 0.5
    assert progress.eta(10, train) == pytest.approx(290 * 0.5 + 6 * per_check)
    # Once a check is timed, its own time counts.
    progress.record_eval_time(4.0)
    assert progress.eta(51, train) == pytest.approx(249 * 0.5 + 5 * 4.0)


def test_a_steps_own_check_is_still_to_come_when_the_step_is_reported():
    """The time left is sent with each step, before that step's check runs: the check at step 50
    is left at step 50 (it was counted as done), and the last step always checks."""
    train = TrainConfig(max_iters=120, eval_interval=50, eval_iters=20)
    progress = progress_after(1.0, 1)
    progress.record_eval_time(3.0)
    assert progress.eta(50, train) == pytest.approx(70 * 1.0 + 3 * 3.0)  # at 50, 100 and 120
    assert progress.eta(100, train) == pytest.approx(20 * 1.0 + 2 * 3.0)  # at 100 and 120
    assert progress.eta(120, train) == pytest.approx(3.0)  # the last step's own check
