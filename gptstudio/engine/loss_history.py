"""A run's loss history as typed data: what the Train tab's curves, Compare, the model card and
"is this run done?" read.

The trainer records the history in a checkpoint's meta.json as a dict of lists (its `to_dict()`
form: the keys below, in this order). `LossHistory.from_dict` reads that dict as any version wrote
it, and a damaged one without raising: a reader shows what is readable, never a traceback.
No torch here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class LossHistory:
    """Parallel series, one entry per training step and one per evaluation (a "check")."""

    steps: tuple[int, ...] = ()  # every training step recorded, increasing
    train_loss: tuple[float, ...] = ()  # the loss of each of those steps
    lr: tuple[float, ...] = ()  # the learning rate of each of those steps
    eval_steps: tuple[int, ...] = ()  # the step of each evaluation
    eval_train: tuple[float, ...] = ()  # the loss on training text at each evaluation
    eval_val: tuple[float, ...] = ()  # the loss on held-out (validation) text at each evaluation
    samples: tuple[tuple[int, str], ...] = ()  # (step, the text written at that evaluation)
    # (step, right, asked): a chat's held-out answers at each evaluation (chat_eval.py)
    eval_answers: tuple[tuple[int, int, int], ...] = ()

    @classmethod
    def from_dict(cls, raw: Any) -> LossHistory:
        """The history in a meta.json's "history" value. Missing keys are empty series; an entry
        of the wrong type ends its row (a step without its loss, an evaluation without its
        three numbers) and is left out, so the series that belong together stay the same length."""
        if not isinstance(raw, dict):
            return cls()
        steps, train_loss = _rows(raw, ("steps", "train_loss"), (_is_int, _is_number))
        eval_steps, eval_train, eval_val = _rows(raw, ("eval_steps", "eval_train", "eval_val"),
                                                 (_is_int, _is_number, _is_number))
        return cls(
            steps=steps, train_loss=train_loss,
            lr=tuple(v for v in _series(raw, "lr") if _is_number(v)),
            eval_steps=eval_steps, eval_train=eval_train, eval_val=eval_val,
            samples=tuple((entry[0], entry[1]) for entry in _series(raw, "samples")
                          if _shaped(entry, (_is_int, _is_text))),
            eval_answers=tuple((entry[0], entry[1], entry[2]) for entry in _series(raw, "eval_answers")
                               if _shaped(entry, (_is_int, _is_int, _is_int))),
        )

    def to_dict(self) -> dict[str, list]:
        """The meta.json form: JSON lists, the keys in the order the trainer writes them, so a
        well-formed history read and written again gives the same bytes."""
        return {f.name: [list(v) if isinstance(v, tuple) else v for v in getattr(self, f.name)]
                for f in fields(self)}

    @property
    def last_step(self) -> int:
        """The last step trained (0 before the first)."""
        return self.steps[-1] if self.steps else 0

    @property
    def last_val(self) -> float | None:
        """The latest validation loss, or None before the first evaluation."""
        return self.eval_val[-1] if self.eval_val else None


def _series(raw: dict, key: str) -> list:
    value = raw.get(key)
    return value if isinstance(value, list) else []


def _rows(raw: dict, keys: tuple[str, ...], checks: tuple) -> tuple[tuple, ...]:
    """The parallel series `keys`, cut to the shortest and to the rows whose every entry passes."""
    rows = [row for row in zip(*(_series(raw, key) for key in keys), strict=False)
            if all(check(value) for check, value in zip(checks, row, strict=True))]
    return tuple(tuple(column) for column in zip(*rows, strict=True)) if rows else ((),) * len(keys)


def _shaped(entry: Any, checks: tuple) -> bool:
    return (isinstance(entry, list | tuple) and len(entry) == len(checks)
            and all(check(value) for check, value in zip(checks, entry, strict=True)))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)
