"""The open project and the state that goes with it, in plain Python.

The window used to keep these as loose attributes shared between three files; here each has one
name and one meaning, and the rules that read them (which characters the model has never seen,
whether the next Train starts a new model, whether the text changed since training) are methods
tested without Qt."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gptstudio.engine.config import SampleConfig
from gptstudio.engine.loss_history import LossHistory

if TYPE_CHECKING:
    from gptstudio.engine.tokenizers import Tokenizer
    from gptstudio.projects.lock import ProjectLock
    from gptstudio.projects.project import Project


@dataclass
class TrainingRun:
    """A training run that was started: the text it learns from and whether it is a new model."""

    corpus: str
    new_model: bool


@dataclass
class Generation:
    """A generation that was started: its prompt and settings (saved with the sample), and the
    worker's error, once it reported one (said when the run ends)."""

    prompt: str
    config: SampleConfig
    error: str | None = None


@dataclass
class Session:
    project: Project | None = None
    lock: ProjectLock | None = None  # held while the project is open: no other window writes it
    tokenizer: Tokenizer | None = None  # the project's: which characters the trained model knows
    # Reads of a big tokenizer file are numbered: only the newest one is used.
    tokenizer_request: int = 0
    # "New model" was asked for: the next Train starts one; the trained model stays until then.
    new_model_pending: bool = False
    # The opened project's settings are Automatic's choice, kept until its text is counted.
    assume_automatic: bool = False
    # The text the model learnt from (or the text as opened, for a trained project): edits are
    # compared with it to say what follows from them.
    corpus_at_training: str | None = None
    # The project whose lock could not be checked, that "Open anyway…" would open.
    take_over_name: str | None = None
    training: TrainingRun | None = None
    generation: Generation | None = None

    # -- opening and closing ---------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.project is not None

    def open(self, project, lock) -> None:
        self.project, self.lock = project, lock
        self.new_model_pending = False

    def close(self) -> None:
        """Forget the project and release its lock (safe when none is held)."""
        lock, self.project, self.lock, self.tokenizer = self.lock, None, None, None
        self.training = self.generation = None
        if lock is not None:
            lock.release()

    def show_project(self, corpus: str, trained: bool) -> None:
        """The project's widgets were filled: its text is what a trained model learnt from, as
        far as anyone can tell, and its tokenizer is read again (reload_tokenizer)."""
        self.tokenizer = None
        self.assume_automatic = self.project.preset == "auto"
        self.corpus_at_training = corpus if trained else None

    def next_tokenizer_request(self) -> int:
        self.tokenizer_request += 1
        return self.tokenizer_request

    def wants_tokenizer(self, request: int) -> bool:
        """A tokenizer read in the background is still wanted: the newest read, project open."""
        return request == self.tokenizer_request and self.project is not None

    # -- the model and its text ------------------------------------------------------------------

    def starts_new_model(self) -> bool:
        return self.new_model_pending or not self.project.has_trained_model()

    def model_saved(self) -> None:
        """A checkpoint was written: a new model asked for has replaced the old one."""
        self.new_model_pending = False

    def start_training(self, corpus: str, new_model: bool) -> TrainingRun:
        self.training = TrainingRun(corpus, new_model)
        self.corpus_at_training = corpus
        return self.training

    def text_differs_from_trained(self, text: str) -> bool:
        """The corpus no longer is the text the trained model learnt from (the notice says so)."""
        project = self.project
        if project is None or not project.has_trained_model() or self.new_model_pending:
            return False
        return text != self.corpus_at_training

    def unknown_in(self, text: str) -> list[str]:
        """What of the text the trained model's tokenizer has never seen (in a conversation: of
        what its turns say; a text that cannot be read as one is for training to report)."""
        from gptstudio.engine.data import model_text
        from gptstudio.engine.errors import CorpusError

        if self.tokenizer is None:
            return []
        try:
            read = model_text(text, self.project.data.mode if self.project else "continuous")
        except CorpusError:
            return []
        return self.tokenizer.unknown_in(read)

    def old_model_place(self, trash: Path) -> Path:
        """Where a replaced model goes (the trash folder, not deleted) once the new one has saved."""
        return trash / f"{self.project.path.name}-old-model-{time.strftime('%Y%m%d-%H%M%S')}"

    # -- generation ------------------------------------------------------------------------------

    def start_generation(self, prompt: str, config: SampleConfig) -> Generation:
        self.generation = Generation(prompt, config)
        return self.generation

    def generation_failed(self, message: str) -> None:
        if self.generation is not None:
            self.generation.error = message

    def end_generation(self) -> Generation | None:
        generation, self.generation = self.generation, None
        return generation


def training_done(history: LossHistory, train) -> bool:
    """The saved run reached its steps, or stopped early (its last `early_stop_evals` checks all
    worse than its best): Train then offers more steps rather than going on."""
    vals = history.eval_val
    if not history.steps:
        return False
    if history.last_step >= train.max_iters:
        return True
    k = train.early_stop_evals
    return bool(k and len(vals) > k and min(vals[-k:]) > min(vals))
