"""Errors a user can cause. `str(error)` is one plain English sentence the CLI shows as is; its
first argument is a Message, which the app shows in the user's language (engine/messages.py)."""

from __future__ import annotations

import errno

from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message, joined


class EngineError(Exception):
    """Base class: something the user can act on, described in plain words."""


class InvalidConfig(EngineError):
    def __init__(self, problems: list[str]):
        self.problems = list(problems)  # Messages, each one sentence
        super().__init__(" ".join(self.problems))


class CorpusError(EngineError):
    """The corpus cannot be used (empty, not text, ...)."""


class NotText(CorpusError):
    """A file that was not read as text. known_format: it is a known binary format (a PDF, an
    image, ...) rather than text in an encoding that was not recognised (which the user may
    choose)."""

    def __init__(self, message: str, known_format: bool = False):
        self.known_format = known_format
        super().__init__(message)


class CorpusTooShort(CorpusError):
    def __init__(self, message: str, minimum: int):
        self.minimum = minimum
        super().__init__(message)


class CorpusTooBig(CorpusError):
    """A text over text_files.MAX_CORPUS_BYTES: refused before it is read, so nothing changes."""

    def __init__(self, size: int, limit: int, appended: bool = False):
        self.size, self.limit = size, limit
        shown, most = _megabytes(size), _megabytes(limit)
        if appended and shown == most:
            template = QT_TRANSLATE_NOOP(
                "Engine", "With this file appended the text would be just over {most}; GPT Studio "
                          "works with corpora up to {most}. Use a part of it.")
        elif appended:
            template = QT_TRANSLATE_NOOP(
                "Engine", "With this file appended the text would be {size}; GPT Studio works with "
                          "corpora up to {most}. Use a part of it.")
        elif shown == most:
            template = QT_TRANSLATE_NOOP(
                "Engine", "This file is just over {most}; GPT Studio works with corpora up to "
                          "{most}. Use a part of it.")
        else:
            template = QT_TRANSLATE_NOOP(
                "Engine", "This file is {size}; GPT Studio works with corpora up to {most}. Use a "
                          "part of it.")
        super().__init__(Message(template, size=shown, most=most))


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 10e6 else f"{size / 1e6:.1f} MB"


_INVISIBLE = {" ": QT_TRANSLATE_NOOP("Engine", "space"),
              "\n": QT_TRANSLATE_NOOP("Engine", "new line"),
              "\t": QT_TRANSLATE_NOOP("Engine", "tab"),
              "\r": QT_TRANSLATE_NOOP("Engine", "carriage return"),
              "\u00a0": QT_TRANSLATE_NOOP("Engine", "no-break space"),
              "\u3000": QT_TRANSLATE_NOOP("Engine", "ideographic space")}


def name_character(text: str) -> str:
    """A character or word as a user can read it in a message: 'a', or "space" for ' '."""
    return Message(_INVISIBLE[text]) if text in _INVISIBLE else repr(text)


class UnknownCharacters(EngineError):
    """A prompt holds characters (or words) the tokenizer has never seen."""

    def __init__(self, unknown: list[str], what: str = "characters"):
        self.unknown = list(dict.fromkeys(unknown))
        self.what = what
        shown = [name_character(u) for u in self.unknown[:20]]
        more = len(self.unknown) - 20
        if what == "words":
            template = (QT_TRANSLATE_NOOP(
                "Engine", "The prompt contains words the model has never seen: {shown} and {more} "
                          "more. Remove them or train on a corpus that contains them.") if more > 0
                else QT_TRANSLATE_NOOP(
                "Engine", "The prompt contains words the model has never seen: {shown}. Remove them "
                          "or train on a corpus that contains them."))
        else:
            template = (QT_TRANSLATE_NOOP(
                "Engine", "The prompt contains characters the model has never seen: {shown} and "
                          "{more} more. Remove them or train on a corpus that contains them.")
                if more > 0 else QT_TRANSLATE_NOOP(
                "Engine", "The prompt contains characters the model has never seen: {shown}. "
                          "Remove them or train on a corpus that contains them."))
        super().__init__(Message(template, shown=joined(shown, ", "), more=more))


class Diverged(EngineError):
    def __init__(self, step: int):
        self.step = step
        super().__init__(Message(QT_TRANSLATE_NOOP(
            "Engine", "Training diverged at step {step}: the loss became infinite or not a number. "
                      "Try a smaller learning rate (for example half of it) or more warm-up steps; "
                      "the last good checkpoint was kept."), step=step))


DEVICE_WORDS = {"cpu": QT_TRANSLATE_NOOP("Engine", "this computer"),
                "cuda": QT_TRANSLATE_NOOP("Engine", "the graphics card"),
                "mps": QT_TRANSLATE_NOOP("Engine", "the Apple GPU")}
# The same at the start of a sentence.
_DEVICE_SUBJECTS = {"cpu": QT_TRANSLATE_NOOP("Engine", "This computer"),
                    "cuda": QT_TRANSLATE_NOOP("Engine", "The graphics card"),
                    "mps": QT_TRANSLATE_NOOP("Engine", "The Apple GPU")}


def device_words(device: str, start: bool = False) -> str:
    """"the graphics card" for "cuda" (start: "The graphics card"), as a translatable Message."""
    known = _DEVICE_SUBJECTS if start else DEVICE_WORDS
    if device in known:
        return Message(known[device])
    return Message(QT_TRANSLATE_NOOP("Engine", "The {device}") if start
                   else QT_TRANSLATE_NOOP("Engine", "the {device}"), device=device)


def _checkpoint_safe(step: int | None) -> str:
    return (Message(QT_TRANSLATE_NOOP("Engine", "your last checkpoint, at step {step:,}, is safe"),
                    step=step) if step is not None
            else Message(QT_TRANSLATE_NOOP("Engine", "no checkpoint had been saved yet")))


class DeviceOutOfMemory(EngineError):
    def __init__(self, device: str):
        self.device = device
        super().__init__(Message(QT_TRANSLATE_NOOP(
            "Engine", "{device} ran out of memory. Try a smaller batch size, a shorter context length "
                      "or a smaller model; your project and its last checkpoint are safe."),
            device=device_words(device, start=True)))


class NotEnoughMemory(EngineError):
    """Refused at the start: the settings' memory estimate exceeds what the device has free
    (the sentence comes from memory.not_enough_memory)."""


class DeviceLost(EngineError):
    """The graphics card stopped working in the middle of a run (driver reset, unplugged, a fault)."""

    def __init__(self, device: str, step: int | None, detail: str = ""):
        self.device, self.step = device, step
        first_line = detail.strip().splitlines()[0][:120] if detail.strip() else ""
        values = dict(device=device_words(device, start=True), safe=_checkpoint_safe(step),
                      again=device_words(device))
        if first_line:
            message = Message(QT_TRANSLATE_NOOP(
                "Engine", "{device} stopped working during training ({detail}); {safe}. Choose the "
                          "processor (CPU) as the device to continue, or restart the app to use "
                          "{again} again."), detail=first_line, **values)
        else:
            message = Message(QT_TRANSLATE_NOOP(
                "Engine", "{device} stopped working during training; {safe}. Choose the processor "
                          "(CPU) as the device to continue, or restart the app to use {again} "
                          "again."), **values)
        super().__init__(message)


class DeviceOperationMissing(EngineError):
    """The device lacks an operation the model needs (MPS without PyTorch's CPU fallback)."""

    def __init__(self, device: str, operation: str, step: int | None):
        self.device, self.operation, self.step = device, operation, step
        super().__init__(Message(QT_TRANSLATE_NOOP(
            "Engine", "{device} cannot run an operation this model needs ({operation}); {safe}. "
                      "Choose the processor (CPU) as the device to continue."),
            device=device_words(device, start=True), operation=operation,
            safe=_checkpoint_safe(step)))


class CheckpointError(EngineError):
    """A checkpoint is missing, damaged or does not fit the model."""


class CheckpointNotSaved(CheckpointError):
    """Writing a checkpoint failed (disk full, read-only, no permission); the previous one is kept."""

    def __init__(self, step: int, error: OSError):
        self.step = step
        self.errno = error.errno
        fix = (QT_TRANSLATE_NOOP("Engine", "free some space") if error.errno in _DISK_FULL
               else QT_TRANSLATE_NOOP("Engine", "make the project folder writable")
               if error.errno in _NOT_WRITABLE
               else QT_TRANSLATE_NOOP("Engine", "check the disk"))
        super().__init__(Message(QT_TRANSLATE_NOOP(
            "Engine", "The checkpoint of step {step} could not be saved: {problem}. Training stopped "
                      "and the previous checkpoint is kept: {fix}, then train again to continue "
                      "from it."), step=step, problem=describe_os_error(error), fix=Message(fix)))


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


def describe_os_error(error: OSError) -> str:
    """A failed file operation in words, without "[Errno 28]": "the disk is full", ..."""
    if error.errno in _DISK_FULL:
        return Message(QT_TRANSLATE_NOOP("Engine", "the disk is full"))
    if error.errno == errno.EROFS:
        return Message(QT_TRANSLATE_NOOP("Engine", "the disk is read-only"))
    if error.errno in _NOT_WRITABLE:
        return (Message(QT_TRANSLATE_NOOP("Engine", "access to {path} was denied"),
                        path=error.filename) if error.filename
                else Message(QT_TRANSLATE_NOOP("Engine", "access was denied")))
    if error.errno in _COMMON:
        return Message(_COMMON[error.errno])
    return error.strerror.lower() if error.strerror else str(error)


# Other common failures, in the same words as the system's (Linux) message.
_COMMON = {errno.ENOENT: QT_TRANSLATE_NOOP("Engine", "no such file or directory"),
           errno.EEXIST: QT_TRANSLATE_NOOP("Engine", "file exists"),
           errno.ENOTEMPTY: QT_TRANSLATE_NOOP("Engine", "directory not empty"),
           errno.EBUSY: QT_TRANSLATE_NOOP("Engine", "device or resource busy"),
           errno.EISDIR: QT_TRANSLATE_NOOP("Engine", "is a directory"),
           errno.ENOTDIR: QT_TRANSLATE_NOOP("Engine", "not a directory"),
           errno.ENAMETOOLONG: QT_TRANSLATE_NOOP("Engine", "file name too long"),
           errno.EIO: QT_TRANSLATE_NOOP("Engine", "input/output error")}


class NoCheckpoint(CheckpointError):
    def __init__(self):
        super().__init__(Message(QT_TRANSLATE_NOOP(
            "Engine", "There is no trained model yet: train it first.")))
