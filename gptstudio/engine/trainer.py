"""The training loop: a plain loop that reports plain events and obeys a RunControl between steps.

    Trainer(corpus=..., tokenizer=..., data=..., model=..., train=..., checkpoint_dir=...).run(on_event, control)

It resumes from the latest checkpoint in checkpoint_dir, evaluates (mean loss on fixed batches),
writes a sample and saves a checkpoint every eval_interval steps and when stopped. Everything random
(batches, dropout) is seeded and saved with the checkpoint, so a stopped-and-resumed run gives exactly
the losses of one that never stopped. Used the same way by the CLI (printing) and the app (Qt worker).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import torch

from gptstudio.engine import device as dev
from gptstudio.engine import distributed, step_time
from gptstudio.engine import precision as prec
from gptstudio.engine.checkpoint import latest_checkpoint, model_config, read_meta
from gptstudio.engine.config import (
    DataConfig,
    ModelConfig,
    SampleConfig,
    TrainConfig,
    to_dict,
)
from gptstudio.engine.control import RunControl
from gptstudio.engine.device_trouble import is_device_lost, is_out_of_memory, missing_operation
from gptstudio.engine.errors import (
    DeviceLost,
    DeviceOperationMissing,
    DeviceOutOfMemory,
    Diverged,
    EngineError,
    InvalidConfig,
    NotEnoughMemory,
    UnknownCharacters,
    UnknownInText,
)
from gptstudio.engine.events import EvalEvent, Event
from gptstudio.engine.lora import has_adapters, merged_model
from gptstudio.engine.memory import not_enough_memory
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.schedule import learning_rate
from gptstudio.engine.threads import threads_kept
from gptstudio.engine.training_run import RunResult, TrainingRun

log = logging.getLogger(__name__)


class Trainer:
    def __init__(self, *, corpus: str, tokenizer, data: DataConfig, model: ModelConfig,
                 train: TrainConfig, checkpoint_dir: str | Path | None,
                 keep_checkpoints: int = 2, precision_cache: str | Path | None = None,
                 fresh: bool = False, set_aside_old: str | Path | None = None,
                 window_open: bool = False):
        """fresh: start a new model even though checkpoint_dir holds one. The old model stays the
        project's until the new one's first checkpoint is complete, then moves to set_aside_old
        (or is deleted without it), so stopping early or a crash loses nothing. window_open: the
        app trains (automatic threads may leave a core to its window; threads.training_threads)."""
        self.corpus = corpus
        self.tokenizer = tokenizer
        self.data_config = data
        self.model_config = replace(model, vocab_size=tokenizer.vocab_size)
        self.train_config = train
        self.checkpoint_dir = Path(checkpoint_dir) if checkpoint_dir is not None else None
        self.keep_checkpoints = keep_checkpoints
        self.precision_cache = Path(precision_cache) if precision_cache else None
        self.fresh = fresh
        self.set_aside_old = Path(set_aside_old) if set_aside_old is not None else None
        self.window_open = window_open
        self._dist = distributed.context_from_env()  # a torchrun job, or a single process

    # -- set-up --------------------------------------------------------------------------------------

    def _validate(self) -> None:
        problems = self.data_config.validate() + self.model_config.validate() + self.train_config.validate()
        if problems:
            raise InvalidConfig(problems)

    def _resume_point(self):
        """The latest checkpoint and its meta, after checking it fits the current settings."""
        folder = latest_checkpoint(self.checkpoint_dir) if self.checkpoint_dir else None
        if folder is None or self.fresh:
            return None, None
        meta = read_meta(folder)
        from gptstudio.engine.tokenizers import load_tokenizer

        # Keep training means keeping the trained model's tokenizer and shape.
        self.tokenizer = load_tokenizer(folder / "tokenizer.json")
        trained = model_config(folder, meta)
        wanted = replace(self.model_config, vocab_size=trained.vocab_size, dropout=trained.dropout,
                         activation=trained.activation)
        if wanted != trained:
            raise EngineError(Message(QT_TRANSLATE_NOOP(
                "Engine", "The model's shape settings (context, layers, heads or embedding size) "
                          "differ from the trained model's. Start a new model to use them, or "
                          "restore the old settings.")))
        self.model_config = replace(trained, dropout=self.model_config.dropout)
        from gptstudio.engine.data import model_text

        unknown = self.tokenizer.unknown_in(model_text(self.corpus, self.data_config.mode))
        if unknown:
            raise UnknownInText(unknown, "characters" if self.tokenizer.kind == "char" else "words")
        return folder, meta

    def _choose_precision(self, device, model, batch_size):
        train = self.train_config
        if train.precision != "auto" or device.type != "cpu":
            return prec.choose_precision(train.precision, device)
        if self._dist.enabled:
            return "fp32"  # timing probes could pick differently on different ranks
        c = self.model_config

        def probe(precision: str) -> float:
            return step_time.model_step_seconds(model, c, device, precision, batch_size)

        rng_state = torch.get_rng_state()  # the probe's dropout must not shift the real run
        try:
            return prec.automatic_precision(device, prec.precision_key(c, device.type, batch_size),
                                            probe, self.precision_cache)
        finally:
            torch.set_rng_state(rng_state)

    # -- the loop ------------------------------------------------------------------------------------

    def run(self, on_event: Callable[[Event], None], control: RunControl | None = None) -> RunResult:
        control = control or RunControl()
        self._validate()
        ctx = self._dist
        if ctx.enabled:
            ctx.batch_slice(self.train_config.batch_size)  # refuse an indivisible batch up front
        if not ctx.is_main:
            on_event = _ignore  # one progress report and one set of files per job: rank 0's
        device = distributed.start(ctx, dev.resolve_device(self.train_config.device))
        try:
            with threads_kept():  # _run sets training's own
                return self._run(on_event, control, device)
        except (RuntimeError, NotImplementedError, MemoryError) as e:  # OutOfMemoryError included
            trouble = self._device_trouble(e, device)
            if trouble is None:
                raise
            raise trouble from e
        finally:
            distributed.stop(ctx)

    def _device_trouble(self, error: BaseException, device) -> EngineError | None:
        """The user's sentence for a device that ran out of memory, stopped working or lacks an
        operation; None for anything else. Nothing is saved after such an error (the weights may be
        half-updated, or on a card that is gone): the last checkpoint stays the one to continue from."""
        if is_out_of_memory(error):
            return DeviceOutOfMemory(device.type)
        operation = missing_operation(error, device)
        if operation is not None:
            return DeviceOperationMissing(device.type, operation, self._last_saved_step())
        if is_device_lost(error, device):
            return DeviceLost(device.type, self._last_saved_step(), str(error))
        return None

    def _last_saved_step(self) -> int | None:
        folder = latest_checkpoint(self.checkpoint_dir) if self.checkpoint_dir else None
        try:
            return int(read_meta(folder)["step"]) if folder is not None else None
        except (EngineError, KeyError, TypeError, ValueError):
            return None

    def _check_memory(self, device) -> None:
        """Refuse, before the model is built, settings whose estimate exceeds the free memory."""
        problem = not_enough_memory(self.model_config, self.train_config, device.type,
                                    dev.free_memory(device), free=True)
        if problem:
            raise NotEnoughMemory(problem)

    def _run(self, on_event, control, device) -> RunResult:
        folder, meta = self._resume_point()
        self._check_memory(device)
        run = TrainingRun(self, on_event, device, folder, meta)
        return run.finish(run.loop(control))

    @staticmethod
    def _stop_message(reason: str, state) -> Message:
        if reason == "finished":
            return Message(QT_TRANSLATE_NOOP("Engine", "Training finished."))
        if reason == "early_stopped":
            best_step, best_val = state.best()
            return Message(QT_TRANSLATE_NOOP(
                "Engine", "Stopped early at step {step:,}: the validation loss has not improved for "
                          "{checks} checks since step {best_step:,} ({best_val:.3f}). Training longer "
                          "would only make the model learn its text by heart; the best model (step "
                          "{best_step:,}) is kept and used."),
                step=state.step, checks=state.stale_evals, best_step=best_step, best_val=best_val)
        return Message(QT_TRANSLATE_NOOP("Engine", "Training paused at step {step}; it can be resumed."),
                       step=state.step)

    def _snapshot(self, model, state) -> None:
        """Keep the model as it is now for time travel (snapshots.py), if the log spacing asks for
        it. A snapshot is a view of the past, never worth stopping training for: failures are logged."""
        from gptstudio.engine.snapshots import maybe_snapshot

        try:
            maybe_snapshot(self.checkpoint_dir, state.step, _readable(model), {
                "val_loss": state.last_val, "train_loss": state.last_train,
                "model": to_dict(self.model_config), "data_mode": self.data_config.mode,
                "sample_prompt": self.train_config.sample_prompt,
                "tokenizer": self.tokenizer.to_dict()})
        except Exception as error:  # noqa: BLE001 - disk full, read-only folder, ...
            log.warning("no snapshot at step %d: %s", state.step, error)

    def _retire_snapshots(self) -> None:
        from gptstudio.engine.snapshots import retire_snapshots

        try:
            retire_snapshots(self.checkpoint_dir, self.set_aside_old if self.fresh else None)
        except OSError as error:
            log.warning("old snapshots not removed: %s", error)

    @torch.no_grad()
    def _evaluate(self, model, eval_batches, device, precision, state, on_event) -> None:
        model.eval()
        losses = {}
        for split, batches in eval_batches.items():
            total = 0.0
            for x, y in batches:
                with prec.autocast(device, precision):
                    _, loss = model(x, y)
                total += float(loss)
            losses[split] = total / len(batches)
        if not all(math.isfinite(v) for v in losses.values()):
            raise Diverged(state.step)
        answers = self._check_answers(model, device) if self._dist.is_main else None
        sample = self._sample(model, device) if self._dist.is_main else ""
        model.train()
        state.record_eval(losses["train"], losses["val"], sample, answers)
        on_event(EvalEvent(state.step, losses["train"], losses["val"], sample, answers or ()))

    def _check_answers(self, model, device) -> tuple[int, int] | None:
        """A chat's held-out questions answered exactly right (chat_eval.py), or None."""
        if not getattr(self._dataset, "answers", ()):
            return None
        from gptstudio.engine.chat_eval import exact_answers
        from gptstudio.engine.sampling import never_sampled

        return exact_answers(model, self._dataset, never_sampled(self.tokenizer, "chat"), device,
                             self.train_config.batch_size)

    def _sample(self, model, device) -> str:
        from gptstudio.engine.sampling import TextGenerator

        train = self.train_config
        if train.sample_tokens == 0:
            return ""
        model = _readable(model)
        generator = TextGenerator(model, self.tokenizer, self.data_config.mode, device)
        config = SampleConfig(temperature=0.8, max_new_tokens=train.sample_tokens, seed=train.seed,
                              top_alternatives=0)
        if self.data_config.mode == "chat":  # a held-out question, answered
            from gptstudio.engine.chat import sample_reply

            return sample_reply(generator, train.sample_prompt or self._dataset.first_question,
                                config)
        try:
            text = generator.generate(train.sample_prompt, config)[0]
        except UnknownCharacters:
            text = generator.generate("", config)[0]
        return train.sample_prompt + text


def _ignore(event) -> None:
    pass


def _readable(model):
    """The model as generation reads it: with LoRA adapters, a plain copy with them merged in
    (sampling's one-token path reads the weights directly, not through the adapted layers)."""
    return merged_model(model) if has_adapters(model) else model


__all__ = ["RunResult", "Trainer", "learning_rate"]
