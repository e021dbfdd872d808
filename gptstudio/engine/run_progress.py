"""How far a training run has come: the loss history it saves, its pace, the time left and its
best evaluation so far (what early stopping counts from)."""

from __future__ import annotations

from dataclasses import dataclass

from gptstudio.engine.config import TrainConfig


def check_steps(eval_iters: int) -> float:
    """What one check costs, in training steps: a forward pass of eval_iters batches on each split
    (a forward pass is about a third of a step) and a sample (about ten steps)."""
    return 2 * eval_iters / 3 + 10


@dataclass
class RunProgress:
    """A run's progress: its step and loss history, its pace and ETA, and its best evaluation."""

    step: int
    history: dict
    step_time: float = 0.0  # moving average of seconds per step
    eval_time: float = 0.0  # mean seconds per evaluation (losses, sample, checkpoint)
    evals_timed: int = 0
    stale_evals: int = 0  # evaluations in a row, in this run, that did not beat the best
    last_train: float | None = None
    last_val: float | None = None

    def record(self, step: int, loss: float, lr: float, seconds: float) -> None:
        self.step_time = seconds if self.step_time == 0 else 0.9 * self.step_time + 0.1 * seconds
        h = self.history
        h["steps"].append(step)
        h["train_loss"].append(round(loss, 6))
        h["lr"].append(lr)

    def record_eval(self, train_loss: float, val_loss: float, sample: str,
                    answers: tuple[int, int] | None = None) -> None:
        self.last_train, self.last_val = train_loss, val_loss
        h = self.history
        if answers is not None:
            h["eval_answers"].append([self.step, *answers])
        self.stale_evals = 0 if self.is_best(round(val_loss, 6)) else self.stale_evals + 1
        h["eval_steps"].append(self.step)
        h["eval_train"].append(round(train_loss, 6))
        h["eval_val"].append(round(val_loss, 6))
        h["samples"].append([self.step, sample])

    def is_best(self, val: float) -> bool:
        """Whether `val` is lower than every evaluation recorded so far."""
        vals = self.history["eval_val"]
        return not vals or val < min(vals)

    def best(self) -> tuple[int | None, float | None]:
        h = self.history
        if not h["eval_val"]:
            return None, None
        i = min(range(len(h["eval_val"])), key=h["eval_val"].__getitem__)
        return int(h["eval_steps"][i]), float(h["eval_val"][i])

    def record_eval_time(self, seconds: float) -> None:
        self.evals_timed += 1
        self.eval_time += (seconds - self.eval_time) / self.evals_timed

    def eta(self, step: int, train: TrainConfig) -> float:
        """Seconds left: the steps at the measured pace, and the evaluations still to come at
        theirs (a check writes a sample and a checkpoint: seconds, for many steps' worth)."""
        # A step's check comes after the step is reported: the checks at `step` and after are left.
        interval = train.eval_interval
        evals_left = train.max_iters // interval - max(0, step - 1) // interval
        evals_left += train.max_iters % interval != 0  # the last step always checks
        # Until a check has been timed, its cost in steps stands in: without it the time left
        # leapt by every check's time at the first one.
        eval_time = self.eval_time if self.evals_timed else check_steps(train.eval_iters) * self.step_time
        return (train.max_iters - step) * self.step_time + max(0, evals_left) * eval_time
