"""Errors a user can cause. `str(error)` is one plain sentence the UI and the CLI show as is."""

from __future__ import annotations

import errno


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


class CorpusTooBig(CorpusError):
    """A text over data.MAX_CORPUS_BYTES: refused before it is read, so nothing changes."""

    def __init__(self, size: int, limit: int, appended: bool = False):
        self.size, self.limit = size, limit
        what = "With this file appended the text would be" if appended else "This file is"
        shown, most = _megabytes(size), _megabytes(limit)
        shown = f"just over {most}" if shown == most else shown
        super().__init__(f"{what} {shown}; GPT Studio works with corpora up to {most}. "
                         "Use a part of it.")


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 10e6 else f"{size / 1e6:.1f} MB"


_INVISIBLE = {" ": "space", "\n": "new line", "\t": "tab", "\r": "carriage return",
              "\u00a0": "no-break space", "\u3000": "ideographic space"}


def name_character(text: str) -> str:
    """A character or word as a user can read it in a message: 'a', or "space" for ' '."""
    return _INVISIBLE.get(text, repr(text))


class UnknownCharacters(EngineError):
    """A prompt holds characters (or words) the tokenizer has never seen."""

    def __init__(self, unknown: list[str], what: str = "characters"):
        self.unknown = list(dict.fromkeys(unknown))
        shown = ", ".join(name_character(u) for u in self.unknown[:20])
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


DEVICE_WORDS = {"cpu": "this computer", "cuda": "the graphics card", "mps": "the Apple GPU"}


def _device_words(device: str, start: bool = False) -> str:
    words = DEVICE_WORDS.get(device, f"the {device}")
    return words[0].upper() + words[1:] if start else words


def _checkpoint_safe(step: int | None) -> str:
    return (f"your last checkpoint, at step {step:,}, is safe" if step is not None
            else "no checkpoint had been saved yet")


class DeviceOutOfMemory(EngineError):
    def __init__(self, device: str):
        self.device = device
        super().__init__(
            f"{_device_words(device, start=True)} ran out of memory. Try a smaller batch size, a "
            "shorter context length or a smaller model; your project and its last checkpoint are safe."
        )


class NotEnoughMemory(EngineError):
    """Refused at the start: the settings' memory estimate exceeds what the device has free
    (the sentence comes from memory.not_enough_memory)."""


class DeviceLost(EngineError):
    """The graphics card stopped working in the middle of a run (driver reset, unplugged, a fault)."""

    def __init__(self, device: str, step: int | None, detail: str = ""):
        self.device, self.step = device, step
        words = _device_words(device)
        first_line = detail.strip().splitlines()[0][:120] if detail.strip() else ""
        super().__init__(
            f"{_device_words(device, start=True)} stopped working during training"
            f"{f' ({first_line})' if first_line else ''}; {_checkpoint_safe(step)}. Choose the "
            f"processor (CPU) as the device to continue, or restart the app to use {words} again."
        )


class DeviceOperationMissing(EngineError):
    """The device lacks an operation the model needs (MPS without PyTorch's CPU fallback)."""

    def __init__(self, device: str, operation: str, step: int | None):
        self.device, self.operation, self.step = device, operation, step
        super().__init__(
            f"{_device_words(device, start=True)} cannot run an operation this model needs "
            f"({operation}); {_checkpoint_safe(step)}. Choose the processor (CPU) as the device "
            "to continue."
        )


class CheckpointError(EngineError):
    """A checkpoint is missing, damaged or does not fit the model."""


class CheckpointNotSaved(CheckpointError):
    """Writing a checkpoint failed (disk full, read-only, no permission); the previous one is kept."""

    def __init__(self, step: int, error: OSError):
        self.step = step
        self.errno = error.errno
        fix = ("free some space" if error.errno in _DISK_FULL
               else "make the project folder writable" if error.errno in _NOT_WRITABLE
               else "check the disk")
        super().__init__(
            f"The checkpoint of step {step} could not be saved: {describe_os_error(error)}. "
            f"Training stopped and the previous checkpoint is kept: {fix}, then train again to "
            "continue from it."
        )


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


def describe_os_error(error: OSError) -> str:
    """A failed file operation in words, without "[Errno 28]": "the disk is full", ..."""
    if error.errno in _DISK_FULL:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the disk is read-only"
    if error.errno in _NOT_WRITABLE:
        return f"access to {error.filename} was denied" if error.filename else "access was denied"
    return error.strerror.lower() if error.strerror else str(error)


class NoCheckpoint(CheckpointError):
    def __init__(self):
        super().__init__("There is no trained model yet: train it first.")
