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
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

from gptstudio.engine import device as dev
from gptstudio.engine import distributed, step_time
from gptstudio.engine import precision as prec
from gptstudio.engine.checkpoint import (
    latest_checkpoint,
    load_checkpoint,
    load_weights,
    model_config,
    model_folders,
    new_history,
    read_meta,
    save_checkpoint,
)
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
from gptstudio.engine.events import (
    CheckpointEvent,
    EvalEvent,
    Event,
    StartedEvent,
    StepEvent,
    StoppedEvent,
)
from gptstudio.engine.lora import add_adapters, has_adapters, lora_settings, merged_model
from gptstudio.engine.memory import not_enough_memory
from gptstudio.engine.messages import QT_TRANSLATE_NOOP, Message
from gptstudio.engine.model import GPT
from gptstudio.engine.optimizers import make_optimizer
from gptstudio.engine.schedule import learning_rate
from gptstudio.engine.threads import threads_kept, training_threads

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    step: int
    reason: str  # "finished", "stopped" or "early_stopped"
    train_loss: float | None
    val_loss: float | None
    checkpoint: str | None
    device: str
    precision: str
    best_step: int | None = None  # the evaluation with the lowest validation loss so far
    best_val: float | None = None


class Trainer:
    def __init__(self, *, corpus: str, tokenizer, data: DataConfig, model: ModelConfig,
                 train: TrainConfig, checkpoint_dir: str | Path | None,
                 keep_checkpoints: int = 2, precision_cache: str | Path | None = None,
                 fresh: bool = False, set_aside_old: str | Path | None = None,
                 window_open: bool = False):
        """fresh: start a new model even though checkpoint_dir holds one. The old model stays the
        project's until the new one's first checkpoint is complete, then moves to set_aside_old
        (or is deleted without it), so stopping early or a crash loses nothing. window_open: the
        app trains (automatic threads may leave a core to its window; device.training_threads)."""
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
        from gptstudio.engine.data import build_dataset

        train = self.train_config
        folder, meta = self._resume_point()
        self._check_memory(device)
        dataset = build_dataset(self.corpus, self.tokenizer, self.data_config.mode,
                                self.model_config.block_size, self.data_config.val_fraction)
        self._dataset = dataset  # a chat's held-out answers are checked at each evaluation
        torch.manual_seed(train.seed)
        if device.type == "cpu":
            dev.reuse_freed_memory()
        if device.type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True  # TF32 matmuls: ~free speed on Ampere+
            torch.backends.cudnn.allow_tf32 = True
        model = GPT(self.model_config).to(device)
        tokens_per_step = train.batch_size * self.model_config.block_size
        # In this thread, before the precision probe times anything. torchrun sets each process's
        # threads itself (OMP_NUM_THREADS=1): automatic leaves its choice alone.
        if device.type == "cpu" and (train.num_threads or not self._dist.enabled):
            torch.set_num_threads(training_threads(
                train.num_threads, model.num_params(), tokens_per_step, self.window_open,
                torch.get_num_threads()))
        adapters = lora_settings(train)
        # The adapter saved with the checkpoint goes on learning only with the same settings; a
        # checkpoint without one, or with another, is loaded plain (any adapter merged in) first.
        same_adapters = folder is not None and meta.get("lora") == (
            adapters.to_dict() if adapters else None)
        if folder is not None and not same_adapters:
            load_weights(folder, model)
        if adapters is not None:
            add_adapters(model, adapters)
        optimizer = make_optimizer(model, train.optimizer, train.weight_decay,
                                       train.learning_rate, (train.beta1, train.beta2), device)
        rng = np.random.default_rng(train.seed)
        history, step = new_history(), 0
        if folder is not None:
            # A run switched between AdamW and Muon, or between full training and LoRA, goes on
            # from its weights with a fresh optimizer: the other's state does not fit this one.
            same_optimizer = same_adapters and (
                (meta.get("train") or {}).get("optimizer", "adamw") == train.optimizer)
            meta = load_checkpoint(folder, model=model if same_adapters else None,
                                   optimizer=optimizer if same_optimizer else None, restore_rng=True)
            step = int(meta["step"])
            rng.bit_generator.state = meta["np_rng"]
            history = {k: list(v) for k, v in meta["history"].items()}
        precision = self._choose_precision(device, model, train.batch_size)
        ctx = self._dist
        forward = model
        if ctx.enabled:
            from torch.nn.parallel import DistributedDataParallel

            forward = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
        if train.compile and device.type == "cuda":
            forward = torch.compile(forward)
        eval_batches = _fixed_batches(dataset, train, device)
        scaler = torch.amp.GradScaler(device.type, enabled=precision == "fp16")
        on_event(StartedEvent(step, train.max_iters, dev.describe_device(device), precision,
                              model.num_params(), tokens_per_step))

        state = _LoopState(step=step, history=history)
        pending: list[tuple[int, torch.Tensor, float, float]] = []
        flush_every = 10 if device.type == "cuda" else 1  # reading a GPU loss waits for the GPU
        t_start = time.perf_counter()

        old_model = model_folders(self.checkpoint_dir) if self.fresh and self.checkpoint_dir else []
        # A model trained from step 0 owns no snapshots yet: any there are an older model's, and
        # go with it (to set_aside_old) once this one has its first checkpoint.
        retire_snapshots = [folder is None]

        def save(reason_step: int, at_eval: bool = False) -> str | None:
            if self.checkpoint_dir is None or not ctx.is_main:
                return None
            best = at_eval and state.stale_evals == 0  # this evaluation beat every one before
            saved = save_checkpoint(
                self.checkpoint_dir, model=model, optimizer=optimizer, keep=self.keep_checkpoints,
                tokenizer_dict=self.tokenizer.to_dict(),
                replaces=list(old_model), set_aside=self.set_aside_old,
                best_val=state.history["eval_val"][-1] if best else None,
                meta={"step": reason_step, "model": to_dict(self.model_config),
                      "data": to_dict(self.data_config), "train": to_dict(train),
                      "np_rng": rng.bit_generator.state, "history": state.history,
                      "precision": precision,
                      **({"lora": adapters.to_dict()} if adapters else {})},
            )
            old_model.clear()  # set aside by this first save
            if retire_snapshots[0]:
                retire_snapshots[0] = False
                self._retire_snapshots()
            if at_eval:  # before the event: whoever hears of the checkpoint finds its snapshot too
                self._snapshot(model, state)
            on_event(CheckpointEvent(reason_step, str(saved)))
            return str(saved)

        def flush() -> None:
            for s, loss_t, lr, dt in pending:
                loss = float(loss_t)
                if not math.isfinite(loss):
                    raise Diverged(s)
                state.record(s, loss, lr, dt)
                on_event(StepEvent(s, train.max_iters, loss, lr, tokens_per_step / state.step_time,
                                   time.perf_counter() - t_start, state.eta(s, train)))
            pending.clear()

        checkpoint, reason = None, "finished"
        model.train()
        # Listed once: walking the modules for them at every step cost 1.5% of a small model's step.
        params = [p for p in model.parameters() if p.requires_grad]
        while state.step < train.max_iters:
            control.wait_if_paused()
            if distributed.any_rank(ctx, control.stop_requested, device):
                reason = "stopped"
                break
            t0 = time.perf_counter()
            lr = learning_rate(state.step, train)
            for group in optimizer.param_groups:
                group["lr"] = lr
            x, y = dataset.get_batch("train", train.batch_size, rng)
            if ctx.enabled:  # every rank drew the same global batch; each trains on its slice
                rows = ctx.batch_slice(train.batch_size)
                x, y = x[rows], y[rows]
            x = torch.from_numpy(x).to(device, non_blocking=True)
            y = torch.from_numpy(y).to(device, non_blocking=True)
            with prec.autocast(device, precision):
                _, loss = forward(x, y)
            scaler.scale(loss).backward()
            if train.grad_clip > 0:
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(params, train.grad_clip)
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)
            state.step += 1
            logged = distributed.mean_over_ranks(ctx, loss.detach())  # the global batch's loss
            pending.append((state.step, logged, lr, time.perf_counter() - t0))
            is_eval = state.step % train.eval_interval == 0 or state.step == train.max_iters
            if len(pending) >= flush_every or is_eval:
                flush()
            if is_eval:
                t_eval = time.perf_counter()
                self._evaluate(model, eval_batches, device, precision, state, on_event)
                checkpoint = save(state.step, at_eval=True)
                state.record_eval_time(time.perf_counter() - t_eval)
                if state.stale_evals >= train.early_stop_evals > 0:
                    reason = "early_stopped"
                    break
        flush()
        if reason == "stopped" and (checkpoint is None or not checkpoint.endswith(f"{state.step:08d}")):
            # Stopped before its first step, a resumed run has nothing new: rewriting the folder it
            # resumed from would only open a moment in which a crash loses it.
            resumed_only = folder is not None and state.step == step
            checkpoint = str(folder) if resumed_only else save(state.step)
        on_event(StoppedEvent(state.step, reason, self._stop_message(reason, state)))
        best_step, best_val = state.best()
        return RunResult(state.step, reason, state.last_train, state.last_val, checkpoint,
                         dev.describe_device(device), precision, best_step, best_val)

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


@dataclass
class _LoopState:
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
        evals_left = train.max_iters // train.eval_interval - step // train.eval_interval
        evals_left += train.max_iters % train.eval_interval != 0  # the last step always checks
        return (train.max_iters - step) * self.step_time + max(0, evals_left) * self.eval_time


def _fixed_batches(dataset, train: TrainConfig, device) -> dict[str, list]:
    """The same eval batches every time (own seed): eval losses are comparable across steps."""
    rng = np.random.default_rng(train.seed + 1)
    batches = {}
    for split in ("train", "val"):
        batches[split] = []
        for _ in range(train.eval_iters):
            x, y = dataset.get_batch(split, train.batch_size, rng)
            batches[split].append((torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)))
    return batches


__all__ = ["RunResult", "Trainer", "learning_rate"]
