"""Errors a user can cause. `str(error)` is one plain sentence the UI and the CLI show as is."""

from __future__ import annotations


class EngineError(Exception):
    """Base class: something the user can act on, described in plain words."""


class InvalidConfig(EngineError):
    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(" ".join(self.problems))


class CorpusError(EngineError):
    """The corpus cannot be used (empty, not text, ...)."""


class CorpusTooShort(CorpusError):
    def __init__(self, message: str, minimum: int):
        self.minimum = minimum
        super().__init__(message)


class UnknownCharacters(EngineError):
    """A prompt holds characters (or words) the tokenizer has never seen."""

    def __init__(self, unknown: list[str], what: str = "characters"):
        self.unknown = list(dict.fromkeys(unknown))
        shown = ", ".join(repr(u) for u in self.unknown[:20])
        more = f" and {len(self.unknown) - 20} more" if len(self.unknown) > 20 else ""
        super().__init__(
            f"The prompt contains {what} the model has never seen: {shown}{more}. "
            f"Remove them or train on a corpus that contains them."
        )


class Diverged(EngineError):
    def __init__(self, step: int):
        self.step = step
        super().__init__(
            f"Training diverged at step {step}: the loss became infinite or not a number. "
            "Try a smaller learning rate (for example half of it) or more warm-up steps; "
            "the last good checkpoint was kept."
        )


class DeviceOutOfMemory(EngineError):
    def __init__(self, device: str):
        self.device = device
        super().__init__(
            f"The {device} ran out of memory. Try a smaller batch size, a shorter context length "
            "or a smaller model; your project and its last checkpoint are safe."
        )


class CheckpointError(EngineError):
    """A checkpoint is missing, damaged or does not fit the model."""


class NoCheckpoint(CheckpointError):
    def __init__(self):
        super().__init__("There is no trained model yet: train it first.")
