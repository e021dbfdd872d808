"""Plain-data events sent by the trainer and the sampler.

Frozen, slotted dataclasses of ints, floats, strings and tuples: safe to send across threads through
Qt signals, and picklable so the same contract can cross a process boundary.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StartedEvent:
    step: int  # the step the run starts from (0 for a new model, k when resuming)
    max_steps: int
    device: str  # e.g. "cpu", "cuda:0"
    precision: str  # "fp32", "bf16" or "fp16"
    params: int
    tokens_per_step: int
    note: str = ""  # a sentence (a Message) the user should read before the run goes on; "" none


@dataclass(frozen=True, slots=True)
class StepEvent:
    step: int  # steps done so far (1 after the first)
    max_steps: int
    loss: float
    lr: float
    tokens_per_s: float
    elapsed_s: float
    eta_s: float


@dataclass(frozen=True, slots=True)
class EvalEvent:
    step: int
    train_loss: float
    val_loss: float
    sample: str  # a short continuation of the sample prompt: watch the writing improve
    # A chat's held-out questions: (answered exactly right, asked); () for other texts.
    answers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckpointEvent:
    step: int
    path: str


@dataclass(frozen=True, slots=True)
class StoppedEvent:
    step: int
    reason: str  # "finished", "stopped" or "diverged"
    message: str


@dataclass(frozen=True, slots=True)
class TokenEvent:
    """One generated token, with how sure the model was and what else it considered."""

    sample_index: int
    index: int  # position among the new tokens of this sample
    token_id: int
    text: str
    prob: float  # probability of the chosen token under the filtered distribution
    alternatives: tuple[tuple[str, float], ...]  # most likely tokens (text, prob), best first
    finished: bool = False  # True on the last token of a sample (eos, stop string or length)


Event = StartedEvent | StepEvent | EvalEvent | CheckpointEvent | StoppedEvent


@dataclass(frozen=True, slots=True)
class DownloadEvent:
    """Progress of a pretrained model's download (engine/hub.py)."""

    file: str  # the file now being downloaded or checked ("" once all are done)
    done_bytes: int  # bytes downloaded so far, over all files of this download
    total_bytes: int  # bytes to download in all (files already in the cache not counted)
    bytes_per_second: float  # over the last few seconds
    eta_s: float | None  # time left; None while the speed is not known yet
    finished: bool = False
    checking: bool = False  # comparing the files' checksums with the Hub's
